"""The step engine: runs one guided session through a Prompter.

The engine decides which step comes next, offers defaults, validates, saves
each answer the moment it is given and ends with a review. It never prints or
prompts itself: everything a person sees goes through the :class:`Prompter`,
which the terminal UI implements and tests replace with scripted answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from stemeco.errors import Problem, ProjectFileError, UsageError, ValidationFailed
from stemeco.project.folder import Project
from stemeco.studios.definition import Choice, Step, Studio, is_answered
from stemeco.studios.providers import answer_context
from stemeco.studios.sessions import SessionWriter, write_session
from stemeco.studios.values import AnswerContext, check_in_context, format_value, parse_input


@dataclass(frozen=True)
class Question:
    """Everything a prompter needs to ask one step."""

    step: Step
    progress: str
    default: Any
    choices: tuple[Choice, ...]
    context: AnswerContext

    def problems(self, value: Any) -> list[str]:
        return check_in_context(self.step, value, self.context)


@dataclass(frozen=True)
class ReviewRow:
    step: Step
    summary: str
    applies: bool
    answered: bool


class Prompter(Protocol):
    def intro(self, studio: Studio, *, resuming: bool, answered: int, total: int) -> None: ...

    def ask(self, question: Question) -> Any:
        """Return a value that passes ``question.problems``; raise KeyboardInterrupt to stop."""
        ...

    def review(self, studio: Studio, rows: list[ReviewRow]) -> str | None:
        """Return the id of a step to revise, or None to mark the studio complete."""
        ...

    def confirm(self, message: str, *, default: bool = False) -> bool: ...

    def notify(self, message: str) -> None: ...


@dataclass
class Outcome:
    studio: Studio
    path: Path
    saved: int
    complete: bool
    cancelled: bool = False


class Session:
    """One run of one studio for one project."""

    def __init__(self, project: Project, studio: Studio) -> None:
        self.project = project
        self.studio = studio
        self.path = project.session_path(studio.id)
        self.state = project.session(studio.id)
        self.all_answers = project.all_answers()
        self.all_answers[studio.id] = self.state.answers
        self.context = answer_context(project, studio, self.all_answers)
        self._writer: SessionWriter | None = None
        self.saved = 0

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.answers

    @property
    def writer(self) -> SessionWriter:
        if self._writer is None:
            self._writer = SessionWriter(self.path, self.studio)
        return self._writer

    def applicable(self) -> list[Step]:
        return [s for s in self.studio.steps if self.context.applies(s)]

    def pending(self) -> list[Step]:
        """Applicable steps not yet visited (a skipped optional step is stored as empty)."""
        return [s for s in self.applicable() if s.id not in self.answers]

    def question(self, step: Step) -> Question:
        steps = self.applicable()
        position = next((i for i, s in enumerate(steps, 1) if s.id == step.id), len(steps) + 1)
        total = max(len(steps), position)
        saved = self.answers.get(step.id)
        default = saved if step.id in self.answers else self.context.default(step)
        return Question(
            step=step,
            progress=f"{self.studio.display_name} · step {position} of {total}",
            default=default,
            choices=self.context.choices(step),
            context=self.context,
        )

    def record(self, step: Step, value: Any) -> None:
        self.answers[step.id] = value
        complete = self.state.status == "complete" and not self.pending()
        self.writer.set_answer(step.id, value, status="complete" if complete else "in_progress")
        self.state.status = "complete" if complete else "in_progress"
        self.saved += 1

    def ask(self, prompter: Prompter, step: Step) -> None:
        question = self.question(step)
        while True:
            value = prompter.ask(question)
            problems = question.problems(value)
            if not problems:
                break
            prompter.notify("; ".join(problems))
        self.record(step, value)

    def review_rows(self) -> list[ReviewRow]:
        rows = []
        for step in self.studio.steps:
            applies = self.context.applies(step)
            value = self.answers.get(step.id)
            rows.append(
                ReviewRow(
                    step,
                    format_value(step, value, self.context.choices(step)),
                    applies,
                    is_answered(value),
                )
            )
        return rows

    def outcome(self, *, cancelled: bool = False) -> Outcome:
        return Outcome(
            self.studio, self.path, self.saved, self.state.status == "complete", cancelled
        )


def run(
    project: Project,
    studio: Studio,
    prompter: Prompter,
    *,
    step_id: str | None = None,
    restart: bool = False,
) -> Outcome:
    """Run a studio interactively. KeyboardInterrupt propagates after every saved answer."""
    session = Session(project, studio)
    if restart:
        if session.answers:
            count = sum(1 for v in session.answers.values() if is_answered(v))
            if not prompter.confirm(
                f"Discard the {count} saved answer(s) of {studio.display_name} and start over?"
            ):
                return session.outcome(cancelled=True)
            session.writer.clear()
            session.answers.clear()
            session.state.status = "not_started"
    if step_id is not None:
        step = studio.step(step_id)
        if step is None:
            known = ", ".join(s.id for s in studio.steps)
            raise UsageError(
                f"{studio.display_name} has no step '{step_id}'", hint=f"its steps are: {known}"
            )
        session.ask(prompter, step)
        return session.outcome()

    prompter.intro(
        studio,
        resuming=bool(session.answers),
        answered=len([s for s in session.applicable() if s.id in session.answers]),
        total=len(session.applicable()),
    )
    while True:
        # Re-evaluated after every answer: an answer can make later steps apply.
        while pending := session.pending():
            session.ask(prompter, pending[0])
        choice = prompter.review(studio, session.review_rows())
        if choice is None:
            missing = [
                s.id
                for s in session.applicable()
                if s.required and not is_answered(session.answers.get(s.id))
            ]
            if missing:
                prompter.notify("Still required: " + ", ".join(missing))
                continue
            session.writer.set_status("complete")
            session.state.status = "complete"
            return session.outcome()
        step = studio.step(choice)
        if step is not None:
            session.ask(prompter, step)


# ------------------------------------------------------------------ --answers FILE


def load_answers_file(path: Path) -> dict[str, Any]:
    """Read a mapping of step id to value, every scalar kept as the text written."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such answers file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the answers file ({exc})") from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ProjectFileError(
            path,
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            line=mark.line + 1 if mark else None,
        ) from None
    if data is None or data == "":
        return {}
    if not isinstance(data, dict):
        raise ProjectFileError(path, "expected a mapping of step id to answer", line=1)
    return data


def apply_answers(
    project: Project, studio: Studio, given: Mapping[str, Any], *, source: Path
) -> Outcome:
    """Validate every given value like the prompts do; write all of them or none."""
    session = Session(project, studio)
    problems: list[Problem] = []
    parsed: dict[str, Any] = {}
    known = {s.id for s in studio.steps}
    for key in given:
        if key not in known:
            problems.append(Problem(f"{studio.display_name} has no such step", key, path=source))
    for step in studio.steps:
        if step.id not in given:
            continue
        try:
            value = parse_input(step, given[step.id], session.context.choices(step))
        except ValueError as exc:
            problems.append(Problem(str(exc), step.id, path=source))
            continue
        session.answers[step.id] = value  # later steps see it (choices_from, when)
        for message in check_in_context(step, value, session.context):
            problems.append(Problem(message, step.id, path=source))
        parsed[step.id] = value
    if problems:
        raise ValidationFailed(
            problems,
            summary=f"{source}: {len(problems)} invalid answer(s); nothing was saved",
            hint="fix them and run again",
        )
    missing = [
        s for s in session.applicable() if s.required and not is_answered(session.answers.get(s.id))
    ]
    status = "in_progress" if missing or not parsed and not session.answers else "complete"
    if parsed:
        write_session(session.path, studio, parsed, status)  # type: ignore[arg-type]
    session.saved = len(parsed)
    session.state.status = status  # type: ignore[assignment]
    return session.outcome()
