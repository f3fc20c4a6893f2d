"""``stemeco check``: validate every file of the project, listing every problem at once.

Each problem is one ``file:line: where: message`` line. The core checks here
cover the files themselves (a folder where a file belongs, a file that cannot
be read), YAML syntax (a key written twice included), the manifest, session
definitions, sessions and templates; every feature adds its own
(:mod:`stemeco.registry`). A broken file never hides the problems of another:
a broken studio definition leaves out only the sessions of that studio.

``stemeco render`` runs the same checks first (:func:`project_problems`) and
writes nothing while there is a problem.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from stemeco.errors import (
    Problem,
    ProjectFileError,
    StemecoError,
    UnreadableFiles,
    ValidationFailed,
)
from stemeco.i18n import _
from stemeco.project.folder import MANIFEST, Project, read_manifest
from stemeco.resources import studios_dir
from stemeco.storage.cache import ParseCache
from stemeco.storage.files import link_outside
from stemeco.storage.read import line_of, read_yaml_with_lines
from stemeco.studios.definition import SESSION_ID_PATTERN, Studio
from stemeco.studios.loader import load_definition
from stemeco.studios.providers import answer_context
from stemeco.studios.sessions import read_session
from stemeco.studios.values import check_in_context

#: Folders a project may have; a file of one of these names is a problem.
FOLDERS: tuple[str, ...] = (
    "sessions",
    "studios",
    "templates",
    "docs",
    "assets",
    "interviews",
    "indicators",
    "measurements",
    "assessments",
)


def _walk(root: Path) -> tuple[list[Path], list[Path]]:
    """Every ``*.yaml`` file of the project, and every ``*.yaml`` that is not a file.

    ``.git`` is left out; nothing inside a folder named ``*.yaml`` is read.
    """
    files: list[Path] = []
    odd: list[Path] = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        keep = []
        for name in sorted(dirs):
            if name == ".git" and here == root:
                continue
            if name.endswith(".yaml"):
                odd.append(here / name)
            else:
                keep.append(name)
        dirs[:] = keep
        for name in sorted(names):
            if name.endswith(".yaml"):
                path = here / name
                (files if path.is_file() else odd).append(path)
    return sorted(files), sorted(odd)


def _yaml_files(root: Path) -> list[Path]:
    return _walk(root)[0]


def _not_a_file(path: Path, *, document: bool = False) -> Problem:
    if path.is_dir():
        message = (
            _(
                "is a folder, not a file, so 'stemeco render' cannot write it: "
                "move it away or rename it"
            )
            if document
            else _("is a folder, not a file: move it away or rename it")
        )
    else:
        message = (
            _(
                "is not a file that can be read, so 'stemeco render' cannot write it "
                "(a broken link?)"
            )
            if document
            else _("is not a file that can be read (a broken link?)")
        )
    return Problem(message, path=path)


def files(root: Path, walked: tuple[list[Path], list[Path]] | None = None) -> list[Problem]:
    """Folders and other things where a file belongs, files where a folder belongs."""
    from stemeco.registry import documents

    problems = [_not_a_file(path) for path in (walked or _walk(root))[1]]
    for name in FOLDERS:
        path = root / name
        if path.exists() and not path.is_dir():
            problems.append(
                Problem(_("is a file, but stemeco keeps a folder of that name here"), path=path)
            )
    for document in documents():
        path = root / document.output
        if (path.exists() or path.is_symlink()) and not path.is_file():
            problems.append(_not_a_file(path, document=True))
    return problems


def syntax(root: Path, paths: list[Path] | None = None) -> tuple[list[Problem], set[Path]]:
    """The YAML files that do not parse. A file the parse cache holds as it is now
    parsed before, so it is not parsed again (the checks below read its entry)."""
    problems, broken = [], set()
    cache = ParseCache.active
    for path in _yaml_files(root) if paths is None else paths:
        if cache is not None and cache.known(path):
            continue
        try:
            read_yaml_with_lines(path)
        except ProjectFileError as exc:
            problems.append(exc.problem)
            broken.add(path)
    return problems, broken


def languages_setting(project: Project) -> list[str]:
    """The documents' other languages asked by ``languages:`` in stemeco.yaml (``[en, es]``,
    or one code); ProjectFileError with its line when one is not a language stemeco speaks."""
    from stemeco.i18n import language_problem

    setting = project.manifest.extra.get("languages")
    items = [] if setting is None else setting if isinstance(setting, list) else [setting]
    for item in items:
        problem = language_problem(item)
        if problem is not None:
            _, lines = read_yaml_with_lines(project.manifest_path)
            line = lines.get(("languages",), 1)
            raise ProjectFileError(project.manifest_path, f"'languages': {problem}", line=line)
    return [str(item) for item in items]


def _document_languages(project: Project) -> list[Problem]:
    try:
        languages_setting(project)
    except ProjectFileError as exc:
        return [exc.problem]
    return []


def studio_definitions(
    root: Path, broken: set[Path], language: str = "en"
) -> tuple[dict[str, Studio], list[Problem]]:
    """The session definitions that load (packaged, overridden or added by the project),
    and the problems of those that do not; in ``language``, the problems of its
    overlays too (a definition whose overlay does not fit is kept in English)."""
    found: dict[str, Path] = {p.stem: p for p in sorted(studios_dir().glob("*.yaml"))}
    problems: list[Problem] = []
    folder = root / "studios"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if not path.is_file():
            continue  # reported by files()
        if not SESSION_ID_PATTERN.fullmatch(path.stem):
            problems.append(
                Problem(
                    _("use lower-case letters, digits and dashes in a session file name"),
                    path=path,
                )
            )
            continue
        found[path.stem] = path
    studios: dict[str, Studio] = {}
    for stem, path in found.items():
        if path in broken:
            continue
        try:
            studios[stem] = load_definition(path)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
        except ProjectFileError as exc:
            problems.append(exc.problem)
        if stem in studios and language != "en":
            try:
                studios[stem] = load_definition(path, language, root)
            except ValidationFailed as exc:
                problems.extend(exc.problems)
            except ProjectFileError as exc:
                problems.append(exc.problem)
    ordered = sorted(studios.items(), key=lambda kv: (kv[1].number or 99, kv[0]))
    return dict(ordered), problems


def sessions(
    project: Project, broken: set[Path], unusable: set[str] | None = None
) -> list[Problem]:
    """Every problem of the session files; ``unusable`` names studios whose
    definition is broken (reported already), whose sessions are passed over."""
    problems: list[Problem] = []
    answers: dict[str, dict[str, object]] = {}
    states = {}
    folder = project.root / "sessions"
    paths = sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []
    for path in paths:
        if path in broken or path.stem in (unusable or set()):
            continue
        if path.stem not in project.studios:
            problems.append(
                Problem(
                    _("no session definition '{id}' (see 'stemeco studio list')").format(
                        id=path.stem
                    ),
                    line=1,
                    path=path,
                )
            )
            continue
        try:
            state = read_session(path, path.stem)
        except ProjectFileError as exc:
            problems.append(exc.problem)
            continue
        states[path.stem] = state
        answers[path.stem] = state.answers
    for studio_id, state in states.items():
        studio = project.studios[studio_id]
        assert state.path is not None
        data, lines = read_yaml_with_lines(state.path)
        declared = data.get("studio") if isinstance(data, dict) else None
        if declared is not None and declared != studio_id:
            problems.append(
                Problem(
                    _("says '{declared}' but the file is {file}").format(
                        declared=declared, file=f"{studio_id}.yaml"
                    ),
                    "studio",
                    lines.get(("studio",)),
                    state.path,
                )
            )
        # Project data is computed only when a step's choices need it; data behind a
        # default (Studio III's gap analysis) is never asked for here.
        ctx = answer_context(project, studio, answers, lazy=True)
        for key, value in state.answers.items():
            line = line_of(lines, ("answers", key))
            step = studio.step(str(key))
            if step is None:
                problems.append(
                    Problem(
                        _("{studio} has no such step").format(studio=studio.display_name),
                        f"answers.{key}",
                        line,
                        state.path,
                    )
                )
                continue
            for message in check_in_context(step, value, ctx):
                if message == _("an answer is required") and step.id in state.answers:
                    message = _("an answer is required (or delete the line to be asked again)")
                problems.append(Problem(message, f"answers.{key}", line, state.path))
        if state.status == "complete":
            for step in studio.steps:
                if ctx.applies(step) and step.required and step.id not in state.answers:
                    problems.append(
                        Problem(
                            _("complete, but step '{step}' is unanswered").format(step=step.id),
                            "status",
                            lines.get(("status",)),
                            state.path,
                        )
                    )
    return problems


def templates(project: Project) -> list[Problem]:
    folder = project.root / "templates"
    if not folder.is_dir():
        return []
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment()
    problems = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        link = link_outside(project.root, path)
        if link is not None:  # rendering refuses it: never read what lies outside
            problem = Problem(
                _("is a link to {target}, outside the project").format(target=link.resolve()),
                path=link,
            )
            if problem not in problems:  # a linked folder: once, not once per file
                problems.append(problem)
            continue
        try:
            env.parse(path.read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                Problem(
                    _("template syntax error: {problem}").format(problem=exc.message),
                    line=exc.lineno,
                    path=path,
                )
            )
        except UnicodeDecodeError:
            problems.append(Problem(_("not UTF-8 text"), path=path))
        except OSError as exc:
            problems.append(
                Problem(_("cannot be read: {reason}").format(reason=exc.strerror or exc), path=path)
            )
    return problems


def _feature_checks(project: Project) -> list[Problem]:
    """Every feature's checks; one that stops on a broken file still lets the others run."""
    from stemeco.registry import checks

    problems: list[Problem] = []
    for fn in checks():
        try:
            problems.extend(fn(project))
        except ValidationFailed as exc:
            problems.extend(exc.problems)
        except ProjectFileError as exc:
            problems.append(exc.problem)
        except StemecoError as exc:
            problems.append(Problem(str(exc)))
    return problems


@dataclass(frozen=True)
class Findings:
    """What ``stemeco check`` found: every problem in file order, how many YAML files
    were read, and whether a file could not be read at all (YAML, a folder in its place)."""

    problems: list[Problem]
    files: int
    unreadable: bool

    def refusal(self, summary: str, hint: str) -> ValidationFailed:
        """The error that refuses to go on: exit 3 when a file cannot be read, else 4."""
        cls = UnreadableFiles if self.unreadable else ValidationFailed
        return cls(self.problems, summary=summary, hint=hint)


def project_problems(
    root: Path, *, with_templates: bool = True, with_upgrade: bool = True
) -> Findings:
    """Every problem of the project at ``root``, in file order.

    ``with_templates=False`` leaves out the project's own templates (rendering
    reports their errors itself, with the template's exit code);
    ``with_upgrade=False`` what ``stemeco upgrade`` would change, which does not
    make a document wrong (see :mod:`stemeco.project.upgrade`).
    """
    ParseCache.use_for(root.resolve())  # also before the manifest is known to be good
    walked = _walk(root)
    problems = files(root, walked)
    found, broken = syntax(root, walked[0])
    problems += found
    unreadable = bool(problems)
    manifest = root / MANIFEST
    if manifest not in broken and manifest.is_file():
        try:
            read_manifest(manifest)
        except ProjectFileError as exc:
            problems.append(exc.problem)
            broken.add(manifest)
            unreadable = True
    if manifest not in broken and manifest.is_file():
        project = Project(root)
        problems += _document_languages(project)
        studios, studio_problems = studio_definitions(root, broken, project.manifest.language)
        problems += studio_problems
        unusable = {p.stem for p in (root / "studios").glob("*.yaml")} - set(studios)
        project.studios = studios  # the checks below see the definitions that load
        problems += sessions(project, broken, unusable)
        problems += _feature_checks(project)
        if with_templates:
            problems += templates(project)
    if with_upgrade:
        from stemeco.project.upgrade import needed

        problems += needed(root)
    unique: dict[str, Problem] = {}
    for problem in problems:
        unique.setdefault(problem.render(root), problem)
    ordered = sorted(
        unique.values(), key=lambda p: (p.path is not None, str(p.path or ""), p.line or 0)
    )
    return Findings(ordered, len(walked[0]), unreadable)


def validate(root: Path) -> tuple[list[str], int]:
    """Every problem of the project at ``root`` as lines, and how many files were read."""
    found = project_problems(root)
    return [p.render(root) for p in found.problems], found.files
