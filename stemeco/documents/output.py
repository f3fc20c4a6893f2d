"""The documents in docs/: writing them, and whether they are what rendering would write now.

One rule, by content: ``stemeco render --check`` and ``stemeco status`` both ask
:func:`stale_documents`.
A document is stale when its file is missing or its bytes differ from what
rendering the project now would write. A comment added to a YAML file changes
no document, so it makes nothing stale; a hand edit of ``docs/`` does.

Rendering costs Jinja, which ``status`` should not pay on every call. So the
answer is remembered in the user's cache folder together with a stamp of every
file of the project (and of the packaged templates and stemeco's version):
while no file changed, the remembered answer is the answer.

Each document is written in the project's language at its own path
(``docs/blueprint.md``) and, for every other language the project asks for
(``languages: [en, es]`` in ``stemeco.yaml``, or ``render --language en,es``),
beside it in a folder named by the language (``docs/es/blueprint.md``), from
the same answers. Staleness covers every language written: the asked ones and
any ``docs/<language>/`` folder already there.

Nothing is rendered from a project that ``stemeco check`` rejects: both
functions run the same checks first (:func:`stemeco.project.check.project_problems`)
and raise :class:`~stemeco.errors.ValidationFailed` listing every problem, so
a hand edit that check refuses never reaches a document.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from stemeco import __version__, text
from stemeco.errors import Problem, UnreadableFiles, ValidationFailed
from stemeco.project.folder import Project
from stemeco.resources import studios_dir, templates_dir
from stemeco.storage.cache import cache_file, read_json, write_json
from stemeco.storage.files import atomic_write_text
from stemeco.storage.lock import LOCK_FILE, project_lock
from stemeco.text import plural


def _stamp(project: Project) -> str:
    """A checksum of the name, size, times and inode of every input file, and of today
    (some checks, such as "done, but dated after today", depend on the day)."""
    entries: list[str] = [__version__, text.today().isoformat()]
    for top in (project.root, templates_dir(), studios_dir()):
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != ".git")
            for name in sorted(files):
                if name == LOCK_FILE:
                    continue  # taken by every writer, changes nothing
                try:
                    st = Path(folder, name).stat()
                except OSError:
                    continue
                entries.append(f"{folder}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}")
    data = "\n".join(entries).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(entries)}"


def _remember(project: Project, stale: list[str], refused: ValidationFailed | None = None) -> None:
    known: dict[str, object] = {"stamp": _stamp(project), "stale": stale}
    if refused is not None:
        known["problems"] = [
            [p.message, p.where, p.line, _relative(project, p.path)] for p in refused.problems
        ]
        known["unreadable"] = isinstance(refused, UnreadableFiles)
    write_json(cache_file(project.root, "render.json"), known)


def _relative(project: Project, path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def _remembered_problems(project: Project, known: dict[str, object]) -> list[Problem] | None:
    rows = known.get("problems")
    if not isinstance(rows, list):
        return None
    problems = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 4):
            return None
        message, where, line, path = row
        problems.append(
            Problem(
                str(message),
                str(where or ""),
                line if isinstance(line, int) else None,
                None if path is None else project.root / str(path),
            )
        )
    return problems


def _refuse(problems: list[Problem], what: str, *, unreadable: bool) -> ValidationFailed:
    cls = UnreadableFiles if unreadable else ValidationFailed
    return cls(
        problems,
        summary=f"{what}: {plural(len(problems), 'problem')} in the project",
        hint="'stemeco check' lists them",
    )


def check_project(project: Project, what: str) -> None:
    """Refuse a project that ``stemeco check`` rejects (templates aside: rendering reports
    their errors itself; and what ``stemeco upgrade`` would change), listing every problem,
    ``what`` as the summary: exit 3 when a file cannot be read, else 4."""
    from stemeco.project.check import project_problems

    found = project_problems(project.root, with_templates=False, with_upgrade=False)
    if found.problems:
        refused = _refuse(found.problems, what, unreadable=found.unreadable)
        _remember(project, [], refused)
        raise refused


UNRENDERABLE = "the documents cannot be rendered"


def document_languages(project: Project, asked: Sequence[str] = ()) -> list[str]:
    """The languages the documents are written in: the project's first (at the paths of
    ``docs/``), then those ``asked``, those of ``languages:`` in ``stemeco.yaml`` and
    those with a ``docs/<language>/`` folder already, each once."""
    from stemeco.i18n import SUPPORTED
    from stemeco.project.check import languages_setting

    out = [project.manifest.language, *languages_setting(project), *asked]
    out.extend(code for code in SUPPORTED if (project.root / "docs" / code).is_dir())
    return list(dict.fromkeys(out))


def language_path(output: str, language: str, project: Project) -> str:
    """Where a document is written in ``language``: its own path in the project's
    language, ``docs/es/blueprint.md`` for ``docs/blueprint.md`` in another."""
    if language == project.manifest.language:
        return output
    folder, _, name = output.partition("/")
    return f"{folder}/{language}/{name}" if name else f"{language}/{folder}"


def render_every_language(project: Project, languages: Sequence[str]) -> dict[str, str]:
    """Every document in every language, by the path it is written to."""
    from stemeco.documents.render import render_documents

    out: dict[str, str] = {}
    for language in languages:
        for output, rendered in render_documents(project, language=language).items():
            out[language_path(output, language, project)] = rendered
    return out


def stale_documents(project: Project, languages: Sequence[str] = ()) -> list[str]:
    """The documents (paths relative to the project) that are missing or out of date,
    in every language they are written in (:func:`document_languages`) and ``languages``.

    Raises ValidationFailed when the project has problems (nothing can be rendered).
    """
    known = read_json(cache_file(project.root, "render.json"))
    if not languages and isinstance(known, dict) and known.get("stamp") == _stamp(project):
        remembered = _remembered_problems(project, known)
        if remembered:
            raise _refuse(remembered, UNRENDERABLE, unreadable=known.get("unreadable") is True)
        stale = known.get("stale")
        if isinstance(stale, list) and all(isinstance(s, str) for s in stale):
            return stale
    check_project(project, UNRENDERABLE)
    stale = []
    every = document_languages(project, languages)
    for output, rendered in render_every_language(project, every).items():
        target = project.root / output
        if not target.is_file() or target.read_bytes() != rendered.encode("utf-8"):
            stale.append(output)
    if not languages:
        _remember(project, stale)
    return stale


@dataclass(frozen=True)
class RenderResult:
    written: list[str]
    unchanged: list[str]


def write_documents(project: Project, languages: Sequence[str] = ()) -> RenderResult:
    """Render every document (in the project's language, ``languages`` and those
    :func:`document_languages` finds) and write those whose bytes changed (atomically).

    Writes nothing, and raises ValidationFailed listing every problem, when
    ``stemeco check`` rejects the project. The rendering itself holds no lock
    (other commands may write meanwhile: it can take a while on a large
    project); the documents are written under the project lock, and only if
    no input changed since the rendering began; otherwise the project is
    checked and rendered again, under the lock.
    """
    before = _stamp(project)
    texts = _checked_documents(project, languages)
    with project_lock(project.root):
        if _stamp(project) != before:
            project.forget()
            texts = _checked_documents(project, languages)
        written, unchanged = [], []
        for output, rendered in texts.items():
            target = project.path(*output.split("/"))
            if target.is_file() and target.read_bytes() == rendered.encode("utf-8"):
                unchanged.append(output)
                continue
            atomic_write_text(target, rendered)
            written.append(output)
        _remember(project, [])
    return RenderResult(written, unchanged)


def _checked_documents(project: Project, languages: Sequence[str]) -> dict[str, str]:
    check_project(project, "nothing was written")
    return render_every_language(project, document_languages(project, languages))
