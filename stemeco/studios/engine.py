"""The step engine: runs one guided session through a Prompter.

The engine decides which step comes next, offers defaults, validates, saves
each answer the moment it is given and ends with a review. It never prints or
prompts itself: everything a person sees goes through the :class:`Prompter`,
which the terminal UI implements and tests replace with scripted answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from stemeco.errors import Problem, ProjectFileError, UsageError, ValidationFailed
from stemeco.i18n import _, ngettext
from stemeco.project.folder import Project
from stemeco.storage.limits import check_yaml
from stemeco.storage.lock import writes
from stemeco.storage.read import text_loader_class
from stemeco.studios.definition import Choice, Step, Studio, is_answered
from stemeco.studios.providers import answer_context
from stemeco.studios.sessions import Draft, SessionWriter, write_session
from stemeco.studios.values import AnswerContext, check_in_context, format_value, parse_input


@dataclass(frozen=True)
class Question:
    """Everything a prompter needs to ask one step.

    For a records step, ``keep`` saves what is typed so far (a :class:`Draft`)
    each time a record is finished, edited or removed, and after each field of
    the record being typed; ``draft`` is what was kept when a session stopped,
    to resume from.
    """

    step: Step
    progress: str
    default: Any
    choices: tuple[Choice, ...]
    context: AnswerContext
    draft: Draft | None = None
    keep: Callable[[Draft], None] | None = None

    def problems(self, value: Any) -> list[str]:
        return check_in_context(self.step, value, self.context)


def short(text: str, limit: int = 48) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters (with "…")."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut and flat[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def count_records(step: Step, count: int) -> str:
    """``3 problems``, ``1 budget line``: a records step's count with its noun.

    The noun is the definition's, in the project's language, with the plural its
    translation gives (``noun_plural``: ``problemas``, ``בעיות``); otherwise languages
    whose plurals are not made with an ``s`` translate this as ``{noun}: {count}``.
    """
    if step.noun and step.noun_plural:
        return f"{count} {step.noun if count == 1 else step.noun_plural}"
    noun = step.noun or _("record")
    return ngettext("{count} {noun}", "{count} {noun}s", count).format(count=count, noun=noun)


def record_name(step: Step, record: Mapping[str, Any], ctx: AnswerContext) -> str:
    """What names a record: its label field, shown with its choice label."""
    key = step.label or (step.fields[0].id if step.fields else "")
    fld = step.field(key)
    value = record.get(key)
    if fld is None or not is_answered(value):
        return _("(no name yet)")
    return format_value(fld, value, ctx.choices(fld))


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
        #: A studio complete when the session began stays complete through a revision
        #: that leaves nothing pending (``--step``).
        self.was_complete = self.state.status == "complete"

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.answers

    @property
    def writer(self) -> SessionWriter:
        if self._writer is None:
            self._writer = SessionWriter(self.path, self.studio, self.project.root)
        return self._writer

    def applicable(self) -> list[Step]:
        return [s for s in self.studio.steps if self.context.applies(s)]

    def pending(self) -> list[Step]:
        """Applicable steps not yet visited (a skipped optional step is stored as empty),
        and records steps stopped before they were finished (they have a draft)."""
        drafts = self.state.drafts
        return [s for s in self.applicable() if s.id not in self.answers or s.id in drafts]

    def question(self, step: Step) -> Question:
        steps = self.applicable()
        position = next((i for i, s in enumerate(steps, 1) if s.id == step.id), len(steps) + 1)
        total = max(len(steps), position)
        saved = self.answers.get(step.id)
        default = saved if step.id in self.answers else self.context.default(step)
        draft = self.state.drafts.get(step.id)
        if draft is not None:
            default = draft.records
        return Question(
            step=step,
            progress=_("{studio} · step {position} of {total}").format(
                studio=self.studio.display_name, position=position, total=total
            ),
            default=default,
            choices=self.context.choices(step),
            context=self.context,
            draft=draft,
            keep=(lambda d: self.keep_draft(step, d)) if step.type == "records" else None,
        )

    def record(self, step: Step, value: Any) -> None:
        self.answers[step.id] = value
        self.state.drafts.pop(step.id, None)
        complete = self.was_complete and not self.pending()
        self.writer.set_answer(step.id, value, status="complete" if complete else "in_progress")
        self.state.status = "complete" if complete else "in_progress"
        self.saved += 1

    def keep_draft(self, step: Step, draft: Draft) -> None:
        """Save the unfinished records of ``step`` now (they survive Ctrl-C)."""
        self.state.drafts[step.id] = draft
        started = self.state.status == "not_started"
        self.writer.set_draft(step.id, draft, status="in_progress" if started else None)
        if started:
            self.state.status = "in_progress"

    def draft_notes(self) -> list[str]:
        """What a resumed session says about records steps stopped before 'Done'."""
        notes = []
        for step in self.applicable():
            draft = self.state.drafts.get(step.id)
            if draft is None:
                continue
            kept = count_records(step, len(draft.records))
            if draft.open_number is not None and draft.open_fields:
                line = _(
                    "'{prompt}' was stopped before Done: {kept} kept, and record {number} "
                    "is half typed (it continues)."
                )
            else:
                line = _("'{prompt}' was stopped before Done: {kept} kept.")
            notes.append(
                line.format(prompt=short(step.prompt), kept=kept, number=draft.open_number)
            )
        return notes

    def misfits(self) -> list[tuple[Step, list[str]]]:
        """Answers of this studio that no longer fit the answers they depend on."""
        out = []
        for step in self.applicable():
            if step.id in self.answers and step.id not in self.state.drafts:
                problems = check_in_context(step, self.answers[step.id], self.context)
                if problems:
                    out.append((step, problems))
        return out

    def fix_misfits(self, prompter: Prompter) -> bool:
        """Show each answer that no longer fits and offer to ask it again; True when all fit."""
        declined: set[str] = set()
        while True:
            found = [(s, p) for s, p in self.misfits() if s.id not in declined]
            if not found:
                return not self.misfits()
            step, problems = found[0]
            prompter.notify(
                _("'{prompt}' no longer fits the other answers: {problems}").format(
                    prompt=short(step.prompt), problems="; ".join(problems)
                )
            )
            if prompter.confirm(_("Answer it again now?"), default=True):
                self.ask(prompter, step)
            else:
                declined.add(step.id)

    def elsewhere(self) -> dict[tuple[str, str, str], str]:
        """Problems of other sessions' answers that refer to this one (studio, step, message)."""
        out: dict[tuple[str, str, str], str] = {}
        prefix = f"{self.studio.id}."
        for other in self.project.studios.values():
            if other.id == self.studio.id:
                continue
            dependent = [
                step
                for step in other.steps
                if any(
                    ref and ref.startswith(prefix)
                    for part in (step, *step.fields)
                    for ref in (part.choices_from, part.when.step if part.when else None)
                )
            ]
            mine = self.all_answers.get(other.id) or {}
            if not dependent or not mine:
                continue
            ctx = AnswerContext(other.id, self.all_answers)
            for step in dependent:
                if step.id in mine and ctx.applies(step):
                    for message in check_in_context(step, mine[step.id], ctx):
                        out[(other.id, step.id, message)] = _fix_command(other, step)
        return out

    def ask(self, prompter: Prompter, step: Step) -> None:
        while True:
            question = self.question(step)  # anew each time: it carries the latest draft
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
            if step.type == "records" and isinstance(value, list) and value:
                names = [record_name(step, r, self.context) for r in value if isinstance(r, dict)]
                summary = _("{count}: {names}").format(
                    count=count_records(step, len(value)), names="; ".join(names)
                )
            else:
                summary = format_value(step, value, self.context.choices(step))
            rows.append(ReviewRow(step, summary, applies, is_answered(value)))
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
        if session.answers or session.state.drafts:
            count = sum(1 for v in session.answers.values() if is_answered(v))
            if not prompter.confirm(
                ngettext(
                    "Discard the {count} saved answer of {studio} and start over?",
                    "Discard the {count} saved answers of {studio} and start over?",
                    count,
                ).format(count=count, studio=studio.display_name)
            ):
                return session.outcome(cancelled=True)
            session.writer.clear()
            session.answers.clear()
            session.state.drafts.clear()
            session.state.status = "not_started"
    if step_id is not None:
        step = studio.step(step_id)
        if step is None:
            known = ", ".join(s.id for s in studio.steps)
            raise UsageError(
                _("{studio} has no step '{step}'").format(studio=studio.display_name, step=step_id),
                hint=_("its steps are: {steps}").format(steps=known),
            )
        for note in session.draft_notes() if step.id in session.state.drafts else []:
            prompter.notify(note)
        revise(session, prompter, step)
        if session.state.status == "complete" and (session.pending() or session.misfits()):
            session.writer.set_status("in_progress")
            session.state.status = "in_progress"
            prompter.notify(
                _("{studio} is in progress again until every answer fits: run {command}").format(
                    studio=studio.display_name,
                    command=f"stemeco studio run {studio.number or studio.id}",
                )
            )
        return session.outcome()

    prompter.intro(
        studio,
        resuming=bool(session.answers) or bool(session.state.drafts),
        answered=len(
            [
                s
                for s in session.applicable()
                if s.id in session.answers and s.id not in session.state.drafts
            ]
        ),
        total=len(session.applicable()),
    )
    for note in session.draft_notes():
        prompter.notify(note)
    while True:
        # Re-evaluated after every answer: an answer can make later steps apply.
        while pending := session.pending():
            session.ask(prompter, pending[0])
        choice = prompter.review(studio, session.review_rows())
        if choice is None:
            missing = [
                short(s.prompt)
                for s in session.applicable()
                if s.required and not is_answered(session.answers.get(s.id))
            ]
            if missing:
                prompter.notify(_("Still required: {steps}").format(steps="; ".join(missing)))
                continue
            if not session.fix_misfits(prompter):
                prompter.notify(
                    _(
                        "{studio} cannot be marked complete while an answer "
                        "does not fit the others."
                    ).format(studio=studio.display_name)
                )
                continue
            session.writer.set_status("complete")
            session.state.status = "complete"
            return session.outcome()
        step = studio.step(choice)
        if step is not None:
            revise(session, prompter, step)


def revise(session: Session, prompter: Prompter, step: Step) -> None:
    """Ask one step again, then what the new answer touches.

    Steps that a ``when:`` now makes apply are asked; answers of this studio that
    no longer fit are shown with an offer to ask them again; answers of other
    sessions that no longer fit are named with the command that fixes them.
    """
    before_pending = {s.id for s in session.pending()}
    before_elsewhere = session.elsewhere()
    session.ask(prompter, step)
    while new := [s for s in session.pending() if s.id not in before_pending | {step.id}]:
        session.ask(prompter, new[0])
        before_pending.add(new[0].id)
    session.fix_misfits(prompter)
    for key, command in session.elsewhere().items():
        if key not in before_elsewhere:
            other, step_id, message = key
            studio = session.project.studios[other]
            target = studio.step(step_id)
            what = short(target.prompt) if target else step_id
            prompter.notify(
                _("{studio}, '{step}' no longer fits: {problem}. Fix it with: {command}").format(
                    studio=studio.display_name, step=what, problem=message, command=command
                )
            )


def _fix_command(studio: Studio, step: Step) -> str:
    return f"stemeco studio run {studio.number or studio.id} --step {step.id}"


# ------------------------------------------------------------------ --answers FILE


def load_answers_file(path: Path) -> dict[str, Any]:
    """Read a mapping of step id to value, every scalar kept as the text written."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(_("{path}: no such answers file").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            _("{path}: cannot read the answers file ({reason})").format(path=path, reason=exc)
        ) from None
    check_yaml(text, path)  # aliases and nesting bounded before any parsing
    try:
        data = yaml.load(text, Loader=text_loader_class())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ProjectFileError(
            path,
            _("not valid YAML: {problem}").format(problem=getattr(exc, "problem", exc)),
            line=mark.line + 1 if mark else None,
        ) from None
    if data is None or data == "":
        return {}
    if not isinstance(data, dict):
        raise ProjectFileError(path, _("expected a mapping of step id to answer"), line=1)
    return data


@writes
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
            problems.append(
                Problem(
                    _("{studio} has no such step").format(studio=studio.display_name),
                    key,
                    path=source,
                )
            )
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
            summary=ngettext(
                "{file}: {count} invalid answer; nothing was saved",
                "{file}: {count} invalid answers; nothing was saved",
                len(problems),
            ).format(file=source, count=len(problems)),
            hint=_("fix them and run again"),
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
