"""Rendering the documents in ``docs/`` from Jinja templates.

Templates come from the project's own ``templates/`` first, then from the
packaged ones (a project overrides a document by file name). All of them are
rendered in Jinja's sandbox: project templates are untrusted input. An answer
that is missing renders as the visible marker ``To be decided``. Output is
deterministic: the same answers give the same bytes.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from stemeco import registry
from stemeco.errors import TemplateError
from stemeco.project.folder import Project
from stemeco.resources import templates_dir
from stemeco.studios.definition import is_answered
from stemeco.vocab import VOCABULARIES

TBD = "*To be decided*"


class ToBeDecided(jinja2.Undefined):
    """A missing answer: renders as the marker, iterates as empty, tests false."""

    __slots__ = ()

    def __str__(self) -> str:
        return TBD

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


def _present(value: Any) -> Any:
    """Drop empty answers recursively so that templates see them as undefined."""
    if isinstance(value, Mapping):
        return {k: _present(v) for k, v in value.items() if is_answered(v)}
    if isinstance(value, list):
        return [_present(v) for v in value if is_answered(v)]
    return value


def _text(value: Any) -> str:
    if isinstance(value, jinja2.Undefined) or not is_answered(value):
        return TBD
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks as <br>."""
    text = _text(value).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def format_number(value: Any) -> str:
    if isinstance(value, jinja2.Undefined) or value is None:
        return TBD
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


@jinja2.pass_context
def label(ctx: Any, value: Any, vocabulary: str) -> Any:
    """Labels of stored choice values: a vocabulary name or a step ``studio-1.step[.field]``."""
    if isinstance(value, jinja2.Undefined) or not is_answered(value):
        return TBD
    names = VOCABULARIES.get(vocabulary) or ctx.get("choice_labels", {}).get(vocabulary, {})
    if isinstance(value, list):
        return [names.get(v, v) for v in value]
    return names.get(value, value)


def bullets(value: Any) -> str:
    if isinstance(value, jinja2.Undefined) or not is_answered(value):
        return f"- {TBD}"
    items = value if isinstance(value, list) else [value]
    return "\n".join("- " + _text(item).replace("\n", "\n  ") for item in items)


def or_tbd(value: Any) -> Any:
    return value if not isinstance(value, jinja2.Undefined) and is_answered(value) else TBD


def environment(project: Project) -> SandboxedEnvironment:
    loaders: list[jinja2.BaseLoader] = []
    local = project.root / "templates"
    if local.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(local)))
    loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=ToBeDecided,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        cell=cell, label=label, bullets=bullets, tbd=or_tbd, number=format_number, text=_text
    )
    return env


def context(project: Project) -> dict[str, Any]:
    """What every template sees: the answers, labels, and each feature's context."""
    studios = {}
    labels: dict[str, dict[str, str]] = {}
    answers = {}
    for studio_id, studio in project.studios.items():
        state = project.session(studio_id)
        answers[studio_id] = _present(state.answers)
        for step in studio.steps:
            labels[f"{studio_id}.{step.id}"] = {c.value: c.label for c in step.choices}
            for fld in step.fields:
                labels[f"{studio_id}.{step.id}.{fld.id}"] = {c.value: c.label for c in fld.choices}
        studios[studio_id] = {
            "id": studio_id,
            "title": studio.title,
            "name": studio.display_name,
            "subtitle": studio.subtitle,
            "status": state.status,
        }
    ctx: dict[str, Any] = {
        "municipality": project.manifest.municipality,
        "country": project.manifest.country,
        "studios": studios,
        "answers": answers,
        "vocab": VOCABULARIES,
        "choice_labels": labels,
        "TBD": TBD,
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


def render_documents(project: Project, only: Iterable[str] | None = None) -> dict[str, str]:
    """Render every registered document; returns output path (relative) to text."""
    env = environment(project)
    ctx = context(project)
    wanted = set(only) if only is not None else None
    out: dict[str, str] = {}
    for document in registry.documents():
        if wanted is not None and document.output not in wanted:
            continue
        try:
            template = env.get_template(document.template)
            text = template.render(ctx)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(
                f"template '{exc.name}' not found", hint="reinstall stemeco or restore the template"
            ) from None
        except Exception as exc:  # any failure inside a template: name the file and line
            raise _template_error(document.template, exc, env) from None
        out[document.output] = text if text.endswith("\n") else text + "\n"
    return out
