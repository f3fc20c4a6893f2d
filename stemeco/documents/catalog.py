"""The documents' words in every language: the ``documents`` gettext domain.

``python -m stemeco.documents.catalog extract|update|compile|check``. The
strings are the templates' ``_("...")``, ``ngettext(...)`` and ``{% trans %}``
(read by Jinja's own Babel extractor, with the same whitespace settings as
rendering) and the words the documents' Python writes itself
(``D_("To be decided")``, ``say(...)``: :mod:`stemeco.documents.words`), wherever
in the package they are written (the documents' own code, and the features' words
that only a document shows: the design calendar's title, the partnership
network's labels). The
catalogs sit beside the program's messages: ``stemeco/i18n/locale/documents.pot``
and ``<lang>/LC_MESSAGES/documents.po`` (with its compiled ``.mo``), and share
its tools and checks (:mod:`stemeco.i18n.catalogs`). Never imported by a stemeco command.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file

from stemeco.i18n import LOCALE_DIR, catalogs
from stemeco.i18n.catalogs import TRANSLATED, _po_text, po_path, read
from stemeco.resources import PACKAGE_DIR, templates_dir

DOMAIN = "documents"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
HEADER = (
    "stemeco's documents: the headings and fixed sentences of templates/*.j2. "
    "Translate each msgstr; keep every %(name)s as it is."
)
#: What the templates' extractor is told: the environment's settings (render.py).
JINJA_OPTIONS = {
    "trimmed": "true",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "extensions": "jinja2.ext.i18n",
}


def extract() -> Catalog:
    """Every string of the packaged templates and of ``render.py``'s ``D_()``."""
    import jinja2.ext

    catalog = Catalog(project="stemeco", domain=DOMAIN, header_comment=f"# {HEADER}")
    found: list[tuple[str, int, Any, list[str], str | None]] = []
    for name, lineno, message, comments, context in extract_from_dir(
        templates_dir(),
        method_map=[("**.j2", jinja2.ext.babel_extract)],  # type: ignore[list-item]
        options_map={"**.j2": JINJA_OPTIONS},
        comment_tags=("Translators:",),
    ):
        found.append((f"templates/{Path(name).as_posix()}", lineno, message, comments, context))
    for module in sorted(PACKAGE_DIR.rglob("*.py")):
        for lineno, message, comments, context in extract_from_file(
            "python",
            str(module),
            keywords={"D_": None, "say": None, "say_count": (1, 2)},
            comment_tags=("Translators:",),
        ):
            where = module.relative_to(PACKAGE_DIR.parent).as_posix()
            found.append((where, lineno, message, comments, context))
    for where, lineno, message, comments, context in found:
        catalog.add(message, locations=[(where, lineno)], auto_comments=comments, context=context)
    return catalog


def write_template() -> Path:
    TEMPLATE.write_bytes(_po_text(extract(), template=True))
    return TEMPLATE


def update() -> list[Path]:
    """Bring every language's ``documents.po`` up to the template."""
    return catalogs.update(DOMAIN, TEMPLATE)


def compile_all() -> list[Path]:
    return catalogs.compile_all(DOMAIN)


def problems() -> list[str]:
    """What keeps the documents' catalogs from being complete, one line each: a string of
    the templates missing from ``documents.pot`` (or one no template has any more), or
    missing from a language's ``documents.po``. An empty, fuzzy or placeholder-breaking
    translation and a ``.mo`` not compiled from its ``.po`` are found, for every domain,
    by :func:`stemeco.i18n.catalogs.problems`."""
    found: list[str] = []
    in_templates = {m.id for m in extract() if m.id}
    in_pot = {m.id for m in read(TEMPLATE) if m.id} if TEMPLATE.exists() else set()
    found += [f"{TEMPLATE.name}: {m!r} is not in the .pot" for m in in_templates - in_pot]
    found += [f"{TEMPLATE.name}: {m!r} is in no template now" for m in in_pot - in_templates]
    for code in TRANSLATED:
        path = po_path(code, DOMAIN)
        have = {m.id for m in read(path, code) if m.id} if path.exists() else set()
        found += [f"{code}/{DOMAIN}.po: {m!r} is missing (run update)" for m in in_templates - have]
    return sorted(found)


def main(argv: Iterable[str]) -> int:
    return catalogs.command_line(
        argv,
        module="stemeco.documents.catalog",
        commands={"extract": lambda: [write_template()], "update": update, "compile": compile_all},
        problems=problems,
        complete="The documents' catalogs are complete.",
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
