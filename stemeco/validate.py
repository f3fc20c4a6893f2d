"""``stemeco check``: validate every file of the project, listing every problem.

Each problem is one ``file:line: where: message`` line. Further areas of the
project register their own checks in :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stemeco.errors import ProjectFileError, ValidationFailed
from stemeco.project import MANIFEST, Project, read_manifest
from stemeco.store import read_session
from stemeco.studio import SESSION_ID_PATTERN, check_in_context, load_definition
from stemeco.yamlio import line_of, read_yaml_with_lines


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    where: str
    message: str

    def render(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root).as_posix()
        except ValueError:
            shown = str(self.path)
        location = f"{shown}:{self.line}" if self.line else shown
        return (
            f"{location}: {self.where}: {self.message}"
            if self.where
            else f"{location}: {self.message}"
        )


Check = Callable[[Project], list[Problem]]
CHECKS: list[Check] = []


def _yaml_files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*.yaml") if ".git" not in p.relative_to(root).parts and p.is_file()
    )


def _from_error(exc: ProjectFileError) -> Problem:
    return Problem(exc.path, exc.line, "", exc.reason)


def syntax(root: Path) -> tuple[list[Problem], set[Path]]:
    problems, broken = [], set()
    for path in _yaml_files(root):
        try:
            read_yaml_with_lines(path)
        except ProjectFileError as exc:
            problems.append(_from_error(exc))
            broken.add(path)
    return problems, broken


def sessions(project: Project, broken: set[Path]) -> list[Problem]:
    problems: list[Problem] = []
    answers: dict[str, dict[str, object]] = {}
    states = {}
    folder = project.root / "sessions"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    for path in files:
        if path in broken:
            continue
        if path.stem not in project.studios:
            problems.append(
                Problem(
                    path, 1, "", f"no session definition '{path.stem}' (see 'stemeco studio list')"
                )
            )
            continue
        try:
            state = read_session(path, path.stem)
        except ProjectFileError as exc:
            problems.append(_from_error(exc))
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
                    state.path,
                    lines.get(("studio",)),
                    "studio",
                    f"says '{declared}' but the file is {studio_id}.yaml",
                )
            )
        ctx = project.context(studio, answers)
        for key, value in state.answers.items():
            line = line_of(lines, ("answers", key))
            step = studio.step(str(key))
            if step is None:
                problems.append(
                    Problem(
                        state.path,
                        line,
                        f"answers.{key}",
                        f"{studio.display_name} has no such step",
                    )
                )
                continue
            for message in check_in_context(step, value, ctx):
                if message == "an answer is required" and step.id in state.answers:
                    message = "an answer is required (or delete the line to be asked again)"
                problems.append(Problem(state.path, line, f"answers.{key}", message))
        if state.status == "complete":
            for step in studio.steps:
                if ctx.applies(step) and step.required and step.id not in state.answers:
                    problems.append(
                        Problem(
                            state.path,
                            lines.get(("status",)),
                            "status",
                            f"complete, but step '{step.id}' is unanswered",
                        )
                    )
    return problems


def definitions(project: Project, broken: set[Path]) -> list[Problem]:
    problems = []
    folder = project.root / "studios"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path in broken:
            continue
        if not SESSION_ID_PATTERN.fullmatch(path.stem):
            problems.append(
                Problem(
                    path,
                    None,
                    "",
                    "use lower-case letters, digits and dashes in a session file name",
                )
            )
            continue
        try:
            load_definition(path)
        except ValidationFailed as exc:
            problems.extend(
                Problem(path, None, "", p.split(": ", 1)[1] if ": " in p else p)
                for p in exc.problems
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
        try:
            env.parse(path.read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(path, exc.lineno, "", f"template syntax error: {exc.message}"))
        except UnicodeDecodeError:
            problems.append(Problem(path, None, "", "not UTF-8 text"))
    return problems


def validate(root: Path) -> tuple[list[str], int]:
    """Every problem of the project at ``root`` as lines, and how many files were read."""
    from stemeco.features import load

    load()
    problems, broken = syntax(root)
    files = _yaml_files(root)
    manifest = root / MANIFEST
    if manifest not in broken:
        try:
            read_manifest(manifest)
        except ProjectFileError as exc:
            problems.append(_from_error(exc))
            broken.add(manifest)
    if manifest not in broken:
        project = Project(root)
        try:
            project.studios  # noqa: B018 - loads and checks the definitions
        except (ValidationFailed, ProjectFileError):
            problems.extend(definitions(project, broken))
        else:
            problems.extend(definitions(project, broken))
            problems.extend(sessions(project, broken))
            for fn in CHECKS:
                problems.extend(fn(project))
        problems.extend(templates(project))
    lines = []
    seen = set()
    for problem in problems:
        text = problem.render(root)
        if text not in seen:
            seen.add(text)
            lines.append(text)
    return lines, len(files)
