"""The translators' tool: extract, update, compile and check the message catalogs.

``python -m stemeco.i18n.catalogs extract|update|compile|check`` (see
``stemeco/i18n/README.md``). It runs Babel in-process with the mapping of
``babel.cfg`` (next to this file) and the keywords below, so that the
completeness test (tests/test_i18n_catalogs.py) sees exactly what a
translator's run sees.
Never imported by a stemeco command: Babel's catalog tools stay out of start-up.
"""

from __future__ import annotations

import io
import re
import string
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from stemeco.i18n import DOMAIN, LOCALE_DIR, SUPPORTED

PACKAGE = LOCALE_DIR.parents[1]  # stemeco/
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING = LOCALE_DIR.parent / "babel.cfg"
#: The functions whose first arguments are messages (pgettext: context, message).
KEYWORDS: dict[str, tuple[int, ...] | tuple[tuple[int, str], int]] = {
    "_": (1,),
    "N_": (1,),
    "NC_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
#: Comments above a message that reach the translator (``# Translators: ...``).
COMMENT_TAGS = ("Translators:",)
HEADER = "stemeco's messages. Translate each msgstr; keep every {name} as it is."
#: Languages translated from English, the source.
TRANSLATED = tuple(code for code in SUPPORTED if code != "en")
#: Babel's line width for .po files: long messages wrap the way gettext's tools wrap them.
WIDTH = 100


def po_path(code: str, domain: str = DOMAIN) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{domain}.po"


def mo_path(code: str, domain: str = DOMAIN) -> Path:
    return po_path(code, domain).with_suffix(".mo")


def extract() -> Catalog:
    """Every message of the program's code, with the files it appears in."""
    catalog = Catalog(project="stemeco", domain=DOMAIN, header_comment=f"# {HEADER}")
    with MAPPING.open(encoding="utf-8") as handle:
        # Babel's own reader of babel.cfg (it has no type annotations)
        method_map, options_map = parse_mapping_cfg(handle, str(MAPPING))  # type: ignore[no-untyped-call]
    found = extract_from_dir(
        PACKAGE,
        method_map=method_map,
        options_map=options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        location = (f"stemeco/{Path(filename).as_posix()}", lineno)  # written without lineno
        catalog.add(message, locations=[location], auto_comments=comments, context=context)
    return catalog


def _po_text(catalog: Catalog, *, template: bool = False) -> bytes:
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=WIDTH,
        sort_output=True,
        include_lineno=False,
        omit_header=False,
        ignore_obsolete=True,
    )
    text = out.getvalue()
    if template:  # no creation date: the template changes only when a message does
        text = re.sub(rb'"POT-Creation-Date: [^"]*\\n"\n', b"", text)
    return text


def read(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=code, abort_invalid=True)


def write_template() -> Path:
    """Write ``stemeco.pot`` from the code."""
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(_po_text(extract(), template=True))
    return TEMPLATE


def update(domain: str = DOMAIN, template_path: Path = TEMPLATE) -> list[Path]:
    """Bring every language's ``<domain>.po`` up to its template: new messages, old ones
    gone (``stemeco`` here; :mod:`stemeco.documents.catalog` for ``documents``)."""
    template = read(template_path)
    written = []
    for code in TRANSLATED:
        path = po_path(code, domain)
        if path.exists():
            catalog = read(path, code)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=code, domain=domain, project="stemeco")
        catalog.update(template, update_header_comment=True)
        path.write_bytes(_po_text(catalog))
        written.append(path)
    return written


def compiled(path: Path, code: str) -> bytes:
    """The ``.mo`` bytes of the catalog at ``path`` (fuzzy translations left out)."""
    out = io.BytesIO()
    write_mo(out, read(path, code), use_fuzzy=False)
    return out.getvalue()


def po_files() -> list[tuple[str, Path]]:
    """Every catalog of every domain: (language, path of its .po)."""
    return [(path.parents[1].name, path) for path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))]


def compile_all(domain: str | None = None) -> list[Path]:
    """Write the ``.mo`` of every ``.po`` (of every domain, or of ``domain``), as stemeco
    reads them."""
    written = []
    for code, path in po_files():
        if domain is not None and path.stem != domain:
            continue
        target = path.with_suffix(".mo")
        target.write_bytes(compiled(path, code))
        written.append(target)
    return written


# ---------------------------------------------------------------------------- checks


def placeholders(text: str) -> set[str]:
    """The ``{name}`` and ``%(name)s`` fields of a message."""
    names = {f"%({m})" for m in re.findall(r"%\((\w+)\)", text)}
    try:
        fields = string.Formatter().parse(text)
        names |= {"{" + field + "}" for _, field, _, _ in fields if field is not None}
    except ValueError:
        names.add("(unbalanced braces)")
    return names


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, tuple | list):
        return tuple(message.string)
    return (message.string or "",)


def message_problems(catalog: Catalog, where: str) -> list[str]:
    """Missing, fuzzy and placeholder-breaking translations of one catalog, one line each."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        shown = f"{where}: {_ids(message)[0]!r}"
        strings = _strings(message)
        if message.fuzzy:
            problems.append(f"{shown}: the translation is marked fuzzy; check it")
        elif not all(strings):
            problems.append(f"{shown}: not translated")
            continue
        wanted = set().union(*(placeholders(i) for i in _ids(message)))
        for index, text in enumerate(strings):
            got = placeholders(text)
            lost, added = sorted(wanted - got), sorted(got - wanted)
            # The form of one number may say it in words ("מדד אחד", "שני מדדים") and
            # leave out its count, as gettext allows; the general form names everything.
            spelled = len(strings) > 1 and index < len(strings) - 1 and len(lost) == 1
            if added or (lost and not spelled):
                problems.append(f"{shown}: placeholders lost {lost}, added {added}: {text!r}")
    return problems


def problems() -> list[str]:
    """Everything that keeps the catalogs from being complete, one line each."""
    found: list[str] = []
    in_code = {m.id for m in extract() if m.id}
    template = read(TEMPLATE) if TEMPLATE.exists() else Catalog()
    in_template = {m.id for m in template if m.id}
    for missing in sorted(map(str, in_code - in_template)):
        found.append(f"{TEMPLATE.name}: {missing!r} is in the code but not in the template")
    for stale in sorted(map(str, in_template - in_code)):
        found.append(f"{TEMPLATE.name}: {stale!r} is no longer in the code")
    for code in TRANSLATED:
        path = po_path(code)
        if not path.exists():
            found.append(f"{code}: no {DOMAIN}.po")
            continue
        catalog = read(path, code)
        have = {m.id for m in catalog if m.id}
        where = f"{code}/{path.name}"
        for missing in sorted(map(str, in_template - have)):
            found.append(f"{where}: {missing!r} is missing (run update)")
        found.extend(message_problems(catalog, where))
    for code, path in po_files():
        if path.name != f"{DOMAIN}.po":
            found.extend(message_problems(read(path, code), f"{code}/{path.name}"))
        target = path.with_suffix(".mo")
        if not target.exists() or target.read_bytes() != compiled(path, code):
            found.append(f"{code}/{target.name}: not compiled from {path.name} (run compile)")
    return found


def command_line(
    argv: Iterable[str],
    *,
    module: str,
    commands: Mapping[str, Callable[[], list[Path]]],
    problems: Callable[[], list[str]],
    complete: str,
) -> int:
    """``python -m MODULE extract|update|compile|check`` for one domain's tools."""
    args = list(argv)
    if len(args) != 1 or args[0] not in (*commands, "check"):
        print(f"usage: python -m {module} extract|update|compile|check")
        return 2
    if args[0] == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)" if found else complete)
        return 1 if found else 0
    for path in commands[args[0]]():
        print(f"wrote {path.relative_to(PACKAGE.parent)}")
    return 0


def main(argv: Iterable[str]) -> int:
    return command_line(
        argv,
        module="stemeco.i18n.catalogs",
        commands={
            "extract": lambda: [write_template()],
            "update": update,
            "compile": compile_all,
        },
        problems=problems,
        complete="The catalogs are complete.",
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
