"""Rendering the documents in ``docs/`` from Jinja templates.

Templates come from the project's own ``templates/`` first, then from the
packaged ones (a project overrides a document by file name). All of them are
rendered in Jinja's sandbox: project templates are untrusted input. An answer
that is missing renders as the visible marker ``To be decided``; an optional
answer left empty renders as nothing. Output is deterministic: the same answers
give the same bytes.

Text typed by users is shown as typed. In a Markdown document every value a
template prints is escaped by default (Jinja's ``finalize``), so a template
cannot forget: ``*x*``, ``<b>``, ``[a](#b)``, a line starting with ``#`` or
``-`` come out as those characters, not as markup. Filters that build Markdown
(``cell``, ``bullets``, ``text``, ``line``) escape what they are given and
return :class:`Markdown`, which is printed as it is; so does ``|safe``, the
one way a project template can print an answer as Markdown on purpose.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import markupsafe
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from stemeco import registry
from stemeco.documents.compiled import CompiledTemplates, _code_checksum
from stemeco.documents.sandbox import (
    BoundedSandbox,
    LimitExceeded,
    ProjectLoader,
    bounded,
    read_only,
)
from stemeco.documents.words import D_, say
from stemeco.errors import TemplateError
from stemeco.project.folder import Project
from stemeco.resources import templates_dir
from stemeco.studios.definition import Step, is_answered, roman
from stemeco.vocab import VOCABULARIES

TBD = "*To be decided*"


#: Words the documents print that no template spells: the missing-answer marker,
#: yes/no, a session's status.
WORDS: dict[str, str] = {
    "To be decided": D_("To be decided"),
    "yes": D_("yes"),
    "no": D_("no"),
    "not_started": D_("not started"),
    "in_progress": D_("in progress"),
    "complete": D_("complete"),
}


def word(key: str) -> str:
    """One of :data:`WORDS` in the language the documents are being written in."""
    return say(WORDS.get(key, key))


def tbd() -> str:
    """The marker of a missing answer, in the documents' language: ``*To be decided*``."""
    return f"*{word('To be decided')}*"


#: Written first in every CSV document, so that spreadsheets read it as UTF-8.
BOM = "\ufeff"


class Markdown(str):
    """Text that is already Markdown (made by a filter that escaped its input)."""

    __slots__ = ()


class ToBeDecided(jinja2.Undefined):
    """A missing answer: renders as the marker, iterates as empty, tests false."""

    __slots__ = ()

    def __str__(self) -> str:
        return tbd()

    def __iter__(self) -> Any:
        return iter(())

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key: Any) -> Any:
        return self


class Blank(ToBeDecided):
    """An optional answer left empty: renders as nothing (``default`` still applies)."""

    __slots__ = ()

    def __str__(self) -> str:
        return ""


# ------------------------------------------------------------------ escaping Markdown

# Inline syntax, anywhere in a line: backslash, code, emphasis, links and images,
# strikethrough, table pipes, math; HTML and entity references; an underscore
# that is not inside a word; a '#' that could open or close a heading.
_INLINE = re.compile(
    r"[\\`*\[\]~|$]"
    r"|(?<![^\W_])_|_(?![^\W_])"
    r"|(?:^|(?<=\s))#"
    r"|<|&(?=#?[0-9A-Za-z]+;)"
)
# Block syntax at the start of a line: lists, quotes, setext underlines, rules.
_LINE_START = re.compile(r"^(?:[-+](?=[-\s]|$)|=|>|(\d{1,9})([.)])(?=\s|$))")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if char == "<":
        return "&lt;"
    if char == "&":
        return "&amp;"
    return "\\" + char


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return f"{match.group(1)}\\{match.group(2)}"
    return "\\" + match.group(0)


def escape_inline(text: str) -> str:
    """One line of typed text as Markdown inline content that shows it literally."""
    return _INLINE.sub(_escape_char, text)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def escape_block(text: str) -> str:
    """Typed text (any number of lines) as Markdown paragraphs that show it as typed.

    Each line is escaped, inline and at its start; a line break typed inside a
    paragraph stays a line break (a hard break), an empty line separates
    paragraphs. Indentation is dropped (Markdown would read it as code).
    """
    if "\n" not in text and "\r" not in text:  # on one line: a space around it kept
        inner = text.strip()
        if not inner:
            return " " if text else ""
        escaped = _LINE_START.sub(_escape_start, escape_inline(inner))
        before = " " if text[0].isspace() else ""  # never four: that would be code
        after = " " if text[-1].isspace() else ""
        return before + escaped + after
    out: list[str] = []
    for raw in _lines(text):
        line = raw.strip()
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        line = _LINE_START.sub(_escape_start, escape_inline(line))
        if out and out[-1] != "":
            out[-1] += "\\"
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def escape_cell(text: str) -> str:
    """Typed text as the content of one Markdown table cell: line breaks as <br>."""
    return "<br>".join(escape_inline(line.strip()) for line in _lines(text.strip()))


def escape_line(text: str) -> str:
    """Typed text on one line (a heading, a name in bold): whitespace collapsed."""
    return _LINE_START.sub(_escape_start, escape_inline(" ".join(text.split())))


# ------------------------------------------------------------------ filters


def _missing(value: Any) -> Markdown | None:
    """The marker for an absent value (nothing for a blank optional one), else None."""
    if isinstance(value, Blank):
        return Markdown("")
    if isinstance(value, ToBeDecided) or not is_answered(value):
        return Markdown(tbd())
    if isinstance(value, jinja2.Undefined):  # the else of ``{{ x if y }}``
        return Markdown("")
    return None


def _plain(value: Any) -> str:
    """A present value as plain text: yes/no, numbers grouped, lists joined with '; '."""
    if isinstance(value, bool):
        return word("yes" if value else "no")
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value if is_answered(v))
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def _text(value: Any) -> Markdown:
    """``text``: an answer on one line, list items joined with '; ', escaped."""
    if isinstance(value, Markdown):
        return value
    missing = _missing(value)
    if missing is not None:
        return missing
    if isinstance(value, list):
        return Markdown("; ".join(_text(v) for v in value if is_answered(v)))
    return Markdown(escape_line(_plain(value)))


def line(value: Any) -> Markdown:
    """``line``: like ``text``, for headings and names in bold."""
    return _text(value)


def cell(value: Any) -> Markdown:
    """Text safe inside a Markdown table cell: escaped, pipes escaped, line breaks as <br>."""
    if isinstance(value, Markdown):
        return value
    missing = _missing(value)
    if missing is not None:
        return missing
    return Markdown(escape_cell(_plain(value)))


def format_number(value: Any) -> str:
    """A number grouped the way the documents' language writes it (``1,234.50``)."""
    missing = _missing(value) if isinstance(value, jinja2.Undefined) or value is None else None
    if missing is not None:
        return missing
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    from stemeco.i18n import current_language

    language = current_language()
    if language != "en":
        from stemeco.i18n.formatting import number

        return number(value, code=language)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def decimal(value: Any, spec: str = "%.1f") -> str:
    """``decimal("%+.1f")``: a number with a fixed count of decimals (and a sign). Every
    language stemeco writes keeps the decimal point (``stemeco.i18n.formatting``)."""
    return str(spec % value)


def format_date(value: Any) -> Any:
    """``date``: a date (or ``YYYY-MM-DD``) as the documents' language writes it; English
    keeps ``YYYY-MM-DD``."""
    missing = _missing(value)
    if missing is not None:
        return missing
    from stemeco.i18n import current_language

    language = current_language()
    if language == "en":
        return value if isinstance(value, str) else str(value)
    from stemeco.i18n.formatting import date

    return date(value, language)


def translated(value: Any) -> Any:
    """``tr``: a text that stemeco itself wrote (a level's or a milestone's name), in the
    documents' language; a list, item by item. An answer is never passed through it."""
    from stemeco.i18n import current_language, translations

    if isinstance(value, jinja2.Undefined) or value is None:
        return value
    catalog = translations(current_language())
    if isinstance(value, list):
        return [catalog.gettext(v) if isinstance(v, str) else v for v in value]
    return catalog.gettext(value) if isinstance(value, str) and value else value


def status(value: Any) -> str:
    """A session's status (``in_progress``) as words: ``in progress``."""
    return word(str(value)) if str(value) in WORDS else str(value).replace("_", " ")


@jinja2.pass_context
def label(ctx: Any, value: Any, vocabulary: str) -> Any:
    """Labels of stored choice values: a vocabulary name or a step ``studio-1.step[.field]``."""
    missing = _missing(value)
    if missing is not None:
        return missing
    if vocabulary in VOCABULARIES:
        names = {k: str(translated(v)) for k, v in VOCABULARIES[vocabulary].items()}
    else:
        names = ctx.get("choice_labels", {}).get(vocabulary, {})
    if isinstance(value, list):
        return [names.get(v, v) for v in value]
    return names.get(value, value)


def bullets(value: Any) -> Markdown:
    """A Markdown list of the items (or of one value), each shown as typed."""
    missing = _missing(value)
    if missing is not None:
        return missing if isinstance(value, Blank) else Markdown(f"- {tbd()}")
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if not is_answered(item):
            continue
        text = item if isinstance(item, Markdown) else escape_block(_plain(item))
        out.append("- " + text.replace("\n", "\n  ").replace("\n  \n", "\n\n"))
    return Markdown("\n".join(out))


def or_tbd(value: Any) -> Any:
    missing = _missing(value)
    return value if missing is None else missing


def finalize_markdown(value: Any) -> Any:
    """What a Markdown template prints for ``{{ value }}``: escaped unless already Markdown."""
    if isinstance(value, Markdown | markupsafe.Markup):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, jinja2.Undefined) or value is None:
        return _missing(value)
    if isinstance(value, list):
        return _text(value) if value else Markdown("")
    return Markdown(escape_block(_plain(value)))


def finalize_plain(value: Any) -> Any:
    """What a template of another format (the CSV) prints: the value, missing as empty."""
    if isinstance(value, Blank) or value is None:
        return ""
    return value


def _present(value: Any) -> Any:
    """Drop empty answers recursively so that templates see them as undefined."""
    if isinstance(value, Mapping):
        return {k: _present(v) for k, v in value.items() if is_answered(v)}
    if isinstance(value, list):
        return [_present(v) for v in value if is_answered(v)]
    return value


FILTERS: dict[str, Callable[..., Any]] = {
    "cell": cell,
    "label": label,
    "bullets": bullets,
    "tbd": or_tbd,
    "number": format_number,
    "text": _text,
    "line": line,
    "date": format_date,
    "decimal": decimal,
    "tr": translated,
    "status": status,
}
#: How each kind of document escapes what its templates print, by output suffix.
FINALIZE: dict[str, Callable[[Any], Any]] = {".md": finalize_markdown}


#: Environments by project template folder (and its files), packaged folder and format:
#: a template is compiled once per process, not once per rendering. A project without
#: templates of its own shares the environment of the packaged ones.
_ENVIRONMENTS: dict[tuple[Any, ...], SandboxedEnvironment] = {}


def _listing(folder: Path) -> tuple[tuple[str, int, int], ...] | None:
    """The files of a project's template folder with their times and sizes (None: no folder)."""
    if not folder.is_dir():
        return None
    out = []
    for path in sorted(folder.rglob("*")):
        try:
            if path.is_file():
                st = path.stat()
                out.append((str(path.relative_to(folder)), st.st_mtime_ns, st.st_size))
        except OSError:
            continue
    return tuple(out)


def environment(
    project: Project, output: str = ".md", language: str | None = None
) -> SandboxedEnvironment:
    """The sandboxed Jinja environment for documents like ``output`` (by its suffix),
    with the template strings in ``language`` (default: the project's)."""
    local = project.root / "templates"
    listing = _listing(local)
    suffix = Path(output).suffix
    language = language or project.manifest.language
    key = (
        str(local) if listing is not None else None,
        listing,
        str(templates_dir()),
        suffix,
        language,
    )
    env = _ENVIRONMENTS.get(key)
    if env is None:
        if len(_ENVIRONMENTS) >= 32:
            _ENVIRONMENTS.clear()
        env = _new_environment(local if listing is not None else None, suffix)
        install_language(env, language)
        _ENVIRONMENTS[key] = env
    return env


def install_language(env: SandboxedEnvironment, language: str) -> None:
    """Jinja's i18n extension with the ``documents`` catalog of ``language``:
    ``{{ _("Action plan") }}`` and ``{% trans %}`` in a template print its translation.

    A translation is the template's own Markdown (``**%(count)s organisations**``);
    the values put into it are escaped like every printed value (:class:`Translated`).
    """
    from stemeco.i18n import translations

    catalog = translations(language, "documents")

    def gettext(message: str) -> Translated:
        return Translated(catalog.gettext(message))

    def ngettext(singular: str, plural: str, count: int) -> Translated:
        return Translated(catalog.ngettext(singular, plural, count))

    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True
    )


class Translated(Markdown):
    """A template string in the documents' language, before its ``%(name)s`` are filled:
    the values are escaped (unless already Markdown), the text around them is not."""

    __slots__ = ()

    def __mod__(self, values: Any) -> Markdown:
        if isinstance(values, Mapping):
            values = {k: _text(v) for k, v in values.items()}  # as ``| text`` prints it
        return Markdown(str.__mod__(self, values))


def _new_environment(local: Path | None, suffix: str) -> SandboxedEnvironment:
    loaders: list[jinja2.BaseLoader] = []
    if local is not None:
        loaders.append(ProjectLoader(local, local.parent))
    loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
    env = BoundedSandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=ToBeDecided,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=FINALIZE.get(suffix, finalize_plain),
        bytecode_cache=CompiledTemplates(suffix) if _code_checksum() else None,
    )
    env.filters.update(FILTERS)
    return env


def _blank_optional(steps: Iterable[Step], answers: dict[str, Any]) -> None:
    """Put :class:`Blank` where an optional answer (or record field) was left empty."""
    for step in steps:
        value = answers.get(step.id)
        if not step.required and not is_answered(value):
            answers[step.id] = Blank(name=step.id)
        if step.type == "records" and isinstance(value, list):
            for record in value:
                if isinstance(record, dict):
                    _blank_optional(step.fields, record)


def _studio_name(number: int | None, name: str) -> str:
    """``Studio II`` in the documents' language (a session without a number: its title)."""
    if number is None:
        return name
    return say(D_("Studio %(number)s"), number=roman(number))


def context(project: Project) -> dict[str, Any]:
    """What every template sees: the answers, labels, and each feature's context, in
    the current language (:func:`speaking`)."""
    from stemeco.i18n import current_language

    studios = {}
    labels: dict[str, dict[str, str]] = {}
    answers = {}
    for studio_id, studio in project.studios_in(current_language()).items():
        state = project.session(studio_id)
        answers[studio_id] = _present(state.answers)
        _blank_optional(studio.steps, answers[studio_id])
        for step in studio.steps:
            labels[f"{studio_id}.{step.id}"] = {c.value: c.label for c in step.choices}
            for fld in step.fields:
                labels[f"{studio_id}.{step.id}.{fld.id}"] = {c.value: c.label for c in fld.choices}
        studios[studio_id] = {
            "id": studio_id,
            "title": studio.title,
            "name": _studio_name(studio.number, studio.display_name),
            "subtitle": studio.subtitle,
            "status": state.status,
        }
    ctx: dict[str, Any] = {
        "municipality": project.manifest.municipality,
        "country": project.manifest.country,
        "studios": studios,
        "answers": answers,
        "vocab": read_only(VOCABULARIES),  # shared: a template may read it, never change it
        "choice_labels": labels,
        "TBD": Markdown(tbd()),
        "language": current_language(),
    }
    for number in range(1, 5):
        ctx[f"s{number}"] = answers.get(f"studio-{number}", {})
    for hook in registry.context_hooks():
        hook(project, ctx)
    return ctx


def _template_error(name: str, exc: BaseException, env: jinja2.Environment) -> TemplateError:
    filename = _template_filename(name, env)
    line = getattr(exc, "lineno", None)
    if line is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename and frame.filename.endswith(".j2"):
                filename, line = frame.filename, frame.lineno
                break
    where = f"{filename}:{line}" if line else filename
    if isinstance(exc, LimitExceeded):
        return TemplateError(
            f"{where}: the template went past a limit of the sandbox: {exc}",
            hint="a document template may not make text, lists or loops that large",
        )
    if isinstance(exc, SecurityError):
        return TemplateError(
            f"{where}: the template tried an unsafe operation: {exc}",
            hint="project templates render in a sandbox",
        )
    kind = "syntax error" if isinstance(exc, jinja2.TemplateSyntaxError) else "error"
    message = getattr(exc, "message", None) or str(exc)
    return TemplateError(
        f"{where}: template {kind}: {message}",
        hint="fix the template or remove it to use the packaged one",
    )


def _template_filename(name: str, env: jinja2.Environment) -> str:
    loader = env.loader
    assert isinstance(loader, jinja2.ChoiceLoader)
    for sub in loader.loaders:
        assert isinstance(sub, jinja2.FileSystemLoader)
        for folder in sub.searchpath:
            candidate = Path(folder) / name
            if candidate.is_file():
                return str(candidate)
    return name


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Write in ``language`` for a while: the documents' words, labels, dates and
    numbers, and what the features' context hooks say (then the language before)."""
    from stemeco.i18n import current_language, set_language

    before = current_language()
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def render_documents(
    project: Project, only: Iterable[str] | None = None, language: str | None = None
) -> dict[str, str]:
    """Render every registered document in ``language`` (default: the project's);
    returns output path (relative, as in the project's language) to text.

    A CSV document starts with a byte order mark, so that spreadsheets read it
    as UTF-8 (accents included) without being asked.
    """
    language = language or project.manifest.language
    with speaking(language):
        return _render_documents(project, only, language)


def _render_documents(
    project: Project, only: Iterable[str] | None, language: str
) -> dict[str, str]:
    envs: dict[str, SandboxedEnvironment] = {}
    ctx = context(project)
    wanted = set(only) if only is not None else None
    out: dict[str, str] = {}
    for document in registry.documents():
        if wanted is not None and document.output not in wanted:
            continue
        suffix = Path(document.output).suffix
        env = envs.get(suffix) or envs.setdefault(
            suffix, environment(project, document.output, language)
        )
        try:
            template = env.get_template(document.template)
            with bounded():
                text = template.render(ctx)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(
                f"template '{exc.name}' not found", hint="reinstall stemeco or restore the template"
            ) from None
        except TemplateError:
            raise
        except Exception as exc:  # any failure inside a template: name the file and line
            raise _template_error(document.template, exc, env) from None
        text = text if text.endswith("\n") else text + "\n"
        if suffix == ".csv":
            text = BOM + text.removeprefix(BOM)
        out[document.output] = text
    return out
