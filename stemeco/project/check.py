"""``stemeco check``: validate every file of the project, listing every problem.

Each problem is one ``file:line: where: message`` line. The core checks here
cover YAML syntax, the manifest, session definitions, sessions and templates;
every feature adds its own (:mod:`stemeco.registry`).
"""

from __future__ import annotations

from pathlib import Path

from stemeco.errors import Problem, ProjectFileError, ValidationFailed
from stemeco.project.folder import MANIFEST, Project, read_manifest
from stemeco.storage.read import line_of, read_yaml_with_lines
from stemeco.studios.definition import SESSION_ID_PATTERN
from stemeco.studios.loader import load_definition
from stemeco.studios.providers import answer_context
from stemeco.studios.sessions import read_session
from stemeco.studios.values import check_in_context


def _yaml_files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*.yaml") if ".git" not in p.relative_to(root).parts and p.is_file()
    )


def syntax(root: Path) -> tuple[list[Problem], set[Path]]:
    problems, broken = [], set()
    for path in _yaml_files(root):
        try:
            read_yaml_with_lines(path)
        except ProjectFileError as exc:
            problems.append(exc.problem)
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
                    f"no session definition '{path.stem}' (see 'stemeco studio list')",
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
                    f"says '{declared}' but the file is {studio_id}.yaml",
                    "studio",
                    lines.get(("studio",)),
                    state.path,
                )
            )
        ctx = answer_context(project, studio, answers)
        for key, value in state.answers.items():
            line = line_of(lines, ("answers", key))
            step = studio.step(str(key))
            if step is None:
                problems.append(
                    Problem(
                        f"{studio.display_name} has no such step",
                        f"answers.{key}",
                        line,
                        state.path,
                    )
                )
                continue
            for message in check_in_context(step, value, ctx):
                if message == "an answer is required" and step.id in state.answers:
                    message = "an answer is required (or delete the line to be asked again)"
                problems.append(Problem(message, f"answers.{key}", line, state.path))
        if state.status == "complete":
            for step in studio.steps:
                if ctx.applies(step) and step.required and step.id not in state.answers:
                    problems.append(
                        Problem(
                            f"complete, but step '{step.id}' is unanswered",
                            "status",
                            lines.get(("status",)),
                            state.path,
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
                    "use lower-case letters, digits and dashes in a session file name", path=path
                )
            )
            continue
        try:
            load_definition(path)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
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
            problems.append(
                Problem(f"template syntax error: {exc.message}", line=exc.lineno, path=path)
            )
        except UnicodeDecodeError:
            problems.append(Problem("not UTF-8 text", path=path))
    return problems


def validate(root: Path) -> tuple[list[str], int]:
    """Every problem of the project at ``root`` as lines, and how many files were read."""
    from stemeco.registry import checks

    problems, broken = syntax(root)
    files = _yaml_files(root)
    manifest = root / MANIFEST
    if manifest not in broken:
        try:
            read_manifest(manifest)
        except ProjectFileError as exc:
            problems.append(exc.problem)
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
            for fn in checks():
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
