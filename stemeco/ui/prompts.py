"""The terminal: the one module that imports rich and questionary.

:class:`TerminalPrompter` implements the engine's Prompter with questionary
prompts. Every prompt takes prompt_toolkit ``input``/``output`` objects so
that tests can drive it through a pipe.
"""

from __future__ import annotations

from typing import Any

import questionary
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from questionary import Choice as QChoice
from questionary import Separator
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from stemeco.i18n import N_, _, ngettext
from stemeco.studios.definition import Step, Studio, is_answered
from stemeco.studios.engine import Question, ReviewRow, count_records, record_name, short
from stemeco.studios.sessions import Draft
from stemeco.studios.values import check_value, parse_input
from stemeco.ui.lists import HelpAsked, choose, tick

HELP = "\x00help"
SKIP = "\x00skip"
DONE = "\x00done"
ADD = "\x00add"
STYLE = questionary.Style(
    [
        ("qmark", "fg:#2f9e44 bold"),
        ("question", "bold"),
        ("answer", "fg:#1971c2 bold"),
        ("instruction", "fg:#868e96 italic"),
        ("highlighted", "fg:#1971c2 bold"),
        ("pointer", "fg:#1971c2 bold"),
    ]
)
SELECT_HINT = N_("(arrows to move, Enter to choose, ? for help)")
TICK_HINT = N_("(space to tick, Enter to confirm, ? for help)")
ARROWS_HINT = N_("(arrows to move, Enter to choose)")


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


class TerminalPrompter:
    """Asks a person. Everything it prints goes through rich, which wraps on words to
    the width of the terminal; prompt_toolkit draws only the input line and lists."""

    def __init__(
        self, input: Input | None = None, output: Output | None = None, out: Console | None = None
    ) -> None:
        self.kwargs: dict[str, Any] = {"style": STYLE, "qmark": "›"}
        if input is not None:
            self.kwargs["input"] = input
        if output is not None:
            self.kwargs["output"] = output
        self.out = out or console()

    @property
    def room(self) -> int:
        """Characters a list entry may take: the width less the pointer and a margin."""
        return max(self.out.width - 6, 24)

    # ------------------------------------------------------------------ framing

    def intro(self, studio: Studio, *, resuming: bool, answered: int, total: int) -> None:
        lines = []
        if studio.subtitle:
            lines.append(f"[italic]{escape(studio.subtitle)}[/italic]")
        if studio.guiding_question:
            lines.append(
                "\n"
                + _("{label} {question}").format(
                    label="[bold]" + escape(_("Guiding question:")) + "[/bold]",
                    question=escape(studio.guiding_question),
                )
            )
        if studio.purpose and not resuming:
            lines.append(f"\n{escape(studio.purpose.strip())}")
        if studio.outputs and not resuming:
            lines.append("\n[bold]" + escape(_("By the end we will have:")) + "[/bold]")
            lines.extend(f"  • {escape(o)}" for o in studio.outputs)
        if resuming:
            resumed = ngettext(
                "Resuming: {answered} of {total} step already answered.",
                "Resuming: {answered} of {total} steps already answered.",
                total,
            )
            lines.append("\n" + escape(resumed.format(answered=answered, total=total)))
        tip = _(
            "Type ? at any question for facilitator help. Ctrl-C stops; "
            "every answer and every finished record is already saved."
        )
        lines.append(f"\n[dim]{escape(tip)}[/dim]")
        self.out.print(
            Panel(
                "\n".join(lines),
                title=f"{studio.display_name}: {escape(studio.title)}",
                expand=False,
            )
        )

    def _say(self, message: str, hint: str = "") -> None:
        """The question (and its hint), wrapped on words; prompt_toolkit draws only the input."""
        self.out.print(f"[bold]{escape(message.strip())}[/bold]")
        if hint:
            self.out.print(f"[dim]{escape(hint)}[/dim]")

    def notify(self, message: str) -> None:
        self.out.print(f"[yellow]! {escape(message)}[/yellow]")

    def show_help(self, step: Step) -> None:
        text = step.help or _("No facilitator notes for this step.")
        self.out.print(
            Panel(
                escape(text), title=escape(_("Facilitator help")), border_style="cyan", expand=False
            )
        )

    def confirm(self, message: str, *, default: bool = False) -> bool:
        self._say(message)
        return bool(questionary.confirm("", default=default, **self.kwargs).unsafe_ask())

    # ------------------------------------------------------------------ steps

    def ask(self, question: Question) -> Any:
        step = question.step
        self.out.print(f"\n[bold cyan]{escape(question.progress)}[/bold cyan]")
        while True:
            value = self._ask_once(step, question)
            if value is HELP:
                self.show_help(step)
                continue
            return value

    def _ask_once(self, step: Step, question: Question) -> Any:
        kind = step.type
        if kind in ("choice", "yesno"):
            return self._select(step, step.prompt, question.default, question)
        if kind == "multichoice":
            return self._checkbox(step, step.prompt, question.default, question)
        if kind == "records":
            return self._records(step, question)
        return self._text(step, step.prompt, question.default, question)

    def _validator(self, step: Step, question: Question, *, nested: bool) -> Any:
        def validate(text: str) -> bool | str:
            if text.strip() == "?":
                return True
            try:
                value = self._from_text(step, text, question)
            except ValueError as exc:
                return str(exc)
            problems = (
                check_value(step, value, question.choices) if nested else question.problems(value)
            )
            return True if not problems else "; ".join(problems)

        return validate

    def _from_text(self, step: Step, text: str, question: Question) -> Any:
        if step.type in ("text", "number", "date") and not text.strip():
            return None
        if step.type == "longtext" and not text.strip():
            return None
        if step.type == "list":
            items = parse_input(step, text)
            return items or None
        return parse_input(step, text, question.choices)

    def _text(
        self, step: Step, message: str, current: Any, question: Question, *, nested: bool = False
    ) -> Any:
        multiline = step.type in ("longtext", "list")
        hints: list[str] = []
        if step.type == "list":
            hints = [_("one item per line"), _("Esc then Enter to finish")]
            default = "\n".join(current) if isinstance(current, list) else ""
        else:
            hints = [_("Esc then Enter to finish")] if multiline else []
            default = "" if current is None else str(current)
        if step.type == "date":
            hints = ["YYYY-MM-DD"]
        if not step.required:
            hints.append(_("leave empty to skip"))
        hints.append(_("? for help"))
        self._say(message, "(" + "; ".join(hints) + ")")
        text = questionary.text(
            "",
            default=default,
            multiline=multiline,
            instruction="",
            validate=self._validator(step, question, nested=nested),
            **self.kwargs,
        ).unsafe_ask()
        if text.strip() == "?":
            return HELP
        return self._from_text(step, text, question)

    def _select(self, step: Step, message: str, current: Any, question: Question) -> Any:
        """One choice; ``?`` (the key or the entry) shows the help and asks again."""
        if step.type == "yesno":
            options = [QChoice(_("Yes"), value=True), QChoice(_("No"), value=False)]
        else:
            options = [QChoice(short(c.label, self.room), value=c.value) for c in question.choices]
        if not step.required:
            options.append(QChoice(_("(skip this question)"), value=SKIP))
        options += [Separator(), QChoice(_("? Facilitator help"), value=HELP)]
        if not question.choices and step.type == "choice":
            self.notify(_("There is nothing to choose from yet: answer the earlier steps first."))
        pointed = current
        while True:
            self._say(message)
            answer = choose(options, default=pointed, instruction=_(SELECT_HINT), **self.kwargs)
            if isinstance(answer, HelpAsked) or answer == HELP:
                self.show_help(step)
                pointed = answer.pointed if isinstance(answer, HelpAsked) else pointed
                continue
            return None if answer == SKIP else answer

    def _checkbox(self, step: Step, message: str, current: Any, question: Question) -> Any:
        """Several choices; ``?`` shows the help and asks again with the same ticks."""
        picked = list(current) if isinstance(current, list) else []
        pointed: Any = None

        def validate(values: list[Any]) -> bool | str:
            problems = check_value(step, values or None, question.choices)
            return True if not problems else "; ".join(problems)

        while True:
            options: list[Any] = [
                QChoice(short(c.label, self.room), value=c.value, checked=c.value in picked)
                for c in question.choices
            ]
            self._say(message)
            answer = tick(
                options, pointed=pointed, instruction=_(TICK_HINT), validate=validate, **self.kwargs
            )
            if isinstance(answer, HelpAsked):
                self.show_help(step)
                picked, pointed = answer.ticked, answer.pointed
                continue
            return answer or None

    # ------------------------------------------------------------------ records

    def _records(self, step: Step, question: Question) -> Any:
        """The list of records: add, edit, remove, done. Each change is kept at once."""
        records: list[dict[str, Any]] = [
            dict(r) for r in question.default or [] if isinstance(r, dict)
        ]
        noun = step.noun or _("record")

        def keep(number: int | None = None, typed: dict[str, Any] | None = None) -> None:
            if question.keep is not None:
                question.keep(Draft(list(records), number, typed))

        def enter(number: int, start: dict[str, Any]) -> None:
            record = self._record(step, question, start, number, keep)
            if number <= len(records):
                records[number - 1] = record
            else:
                records.append(record)
            keep()

        draft = question.draft
        if draft is not None and draft.open_number is not None:
            base = records[draft.open_number - 1] if draft.open_number <= len(records) else {}
            enter(draft.open_number, {**base, **(draft.open_fields or {})})
        elif not records:
            enter(1, {})
        pointed: Any = DONE
        while True:
            options: list[Any] = [
                QChoice(
                    _("Done: {count}").format(count=count_records(step, len(records))), value=DONE
                ),
                QChoice(_("Add a {noun}").format(noun=noun), value=ADD),
            ]
            for index, record in enumerate(records):
                name = short(record_name(step, record, question.context), self.room - 12)
                edit = _("Edit {number}: {name}").format(number=index + 1, name=name)
                remove = _("Remove {number}: {name}").format(number=index + 1, name=name)
                options.append(QChoice(edit, value=("edit", index)))
                options.append(QChoice(remove, value=("remove", index)))
            options += [Separator(), QChoice(_("? Facilitator help"), value=HELP)]
            if records:
                so_far = _("{count} so far").format(count=count_records(step, len(records)))
            else:
                so_far = _("no {noun} yet").format(noun=noun)
            self._say(f"{step.prompt} ({so_far})")
            action = choose(options, default=pointed, instruction=_(SELECT_HINT), **self.kwargs)
            pointed = action.pointed if isinstance(action, HelpAsked) else action
            if isinstance(action, HelpAsked) or action == HELP:
                self.show_help(step)
            elif action == DONE:
                problems = question.problems(records or None)
                if not problems:
                    return records or None
                self.notify("; ".join(problems))
            elif action == ADD:
                enter(len(records) + 1, {})
                pointed = DONE
            elif isinstance(action, tuple) and action[0] == "edit":
                enter(action[1] + 1, records[action[1]])
                pointed = DONE  # the record is put right: most often the list is done
            elif isinstance(action, tuple) and action[0] == "remove":
                name = record_name(step, records[action[1]], question.context)
                removing = _("Remove {noun} {number}, {name}?").format(
                    noun=noun, number=action[1] + 1, name=name
                )
                if self.confirm(removing, default=False):
                    records.pop(action[1])
                    keep()
                pointed = DONE

    def _record(
        self,
        step: Step,
        question: Question,
        record: dict[str, Any],
        number: int,
        keep: Any,
    ) -> dict[str, Any]:
        """One record, field by field; what is typed is kept after each field."""
        noun = step.noun or _("record")
        self.out.print(f"[bold]{escape(step.prompt)} · {escape(noun)} {number}[/bold]")
        out: dict[str, Any] = {}
        for fld in step.fields:
            if not step.field_applies(fld, out):
                continue  # e.g. "committed or prospective?" for a cost
            sub = Question(
                fld,
                question.progress,
                record.get(fld.id),
                question.context.choices(fld),
                question.context,
            )
            while True:
                if fld.type in ("choice", "yesno"):
                    value = self._select(fld, fld.prompt, sub.default, sub)
                elif fld.type == "multichoice":
                    value = self._checkbox(fld, fld.prompt, sub.default, sub)
                else:
                    value = self._text(fld, fld.prompt, sub.default, sub, nested=True)
                if value is HELP:
                    self.show_help(fld)
                    continue
                break
            if is_answered(value) or fld.id in record:
                out[fld.id] = value
            keep(number, dict(out))
        return out

    # ------------------------------------------------------------------ review

    def review(self, studio: Studio, rows: list[ReviewRow]) -> str | None:
        title = _("Review: {studio}: {title}").format(
            studio=studio.display_name, title=studio.title
        )
        table = Table(title=escape(title), show_lines=False)
        table.add_column("#", justify="right")
        table.add_column(escape(_("Step")), ratio=2)
        table.add_column(escape(_("Answer")), ratio=3, overflow="fold")
        shown = [r for r in rows if r.applies]
        for index, row in enumerate(shown, 1):
            table.add_row(str(index), escape(short(row.step.prompt, 60)), escape(row.summary))
        self.out.print(table)
        options: list[Any] = [
            QChoice(_("Mark {studio} complete").format(studio=studio.display_name), value=DONE)
        ]
        for index, row in enumerate(shown, 1):
            prompt = short(row.step.prompt, self.room - 12)
            revise = _("Revise {number}. {step}").format(number=index, step=prompt)
            options.append(QChoice(revise, value=row.step.id))
        self._say(_("Everything right? Mark the studio complete, or pick a step to revise."))
        answer = questionary.select(
            "", choices=options, instruction=_(ARROWS_HINT), **self.kwargs
        ).unsafe_ask()
        return None if answer == DONE else str(answer)


def print_problem_list(problems: list[str]) -> None:
    err = console(stderr=True)
    for problem in problems:
        err.print(escape(problem))


# ---------------------------------------------------------------------------
# Thriving self-assessment (stemeco assess). Kept at the end of the module.


def ask_line(message: str, *, instruction: str = "", **kwargs: Any) -> str:
    """One line of text; an empty answer is allowed."""
    options: dict[str, Any] = {"style": STYLE, "qmark": "›", **kwargs}
    return str(questionary.text(message, instruction=instruction, **options).unsafe_ask())


def show_indicator(number: int, total: int, name: str, statement: str) -> None:
    out = console()
    heading = _("Indicator {number} of {total}: {name}").format(
        number=number, total=total, name=name
    )
    out.print(f"\n[bold cyan]{escape(heading)}[/bold cyan]")
    out.print(escape(statement))


def ask_level(
    scale: dict[int, str], scale_help: dict[int, str], *, current: int | None = None, **kwargs: Any
) -> int:
    """A level of the scale, chosen with the arrow keys (the pointer starts on ``current``)."""
    options: dict[str, Any] = {"style": STYLE, "qmark": "›", **kwargs}
    levels = [
        QChoice(f"{level} {label}: {scale_help[level]}", value=level)
        for level, label in scale.items()
    ]
    chosen = next((c for c in levels if c.value == current), None)
    level = questionary.select(
        _("How far along are we?"),
        choices=levels,
        default=chosen,
        instruction=_(ARROWS_HINT),
        **options,
    ).unsafe_ask()
    return int(level)


def ask_evidence(*, current: str = "", **kwargs: Any) -> str:
    options: dict[str, Any] = {"style": STYLE, "qmark": "›", **kwargs}
    console().print("[dim]" + escape(_("(one line; leave empty to skip)")) + "[/dim]")
    evidence = questionary.text(
        _("What evidence supports this rating?"), default=current, instruction="", **options
    ).unsafe_ask()
    return str(evidence).strip()


def confirm(message: str, *, default: bool = False, **kwargs: Any) -> bool:
    options: dict[str, Any] = {"style": STYLE, "qmark": "›", **kwargs}
    return bool(questionary.confirm(message, default=default, **options).unsafe_ask())


# ---------------------------------------------------------------- community prompts (issue 3)
# Plain prompts for the team, calendar, asset and interview commands.


def ask_text(
    message: str, *, default: str = "", required: bool = True, multiline: bool = False
) -> str:
    def validate(text: str) -> bool | str:
        if required and not text.strip():
            return _("an answer is required")
        if not multiline and "\n" in text:
            return _("one line only")
        return True

    hints = [_("Esc then Enter to finish")] if multiline else []
    if not required:
        hints.append(_("leave empty to skip"))
    answer = questionary.text(
        message,
        default=default,
        multiline=multiline,
        instruction="(" + "; ".join(hints) + ")" if hints else None,
        validate=validate,
        style=STYLE,
        qmark="›",
    ).unsafe_ask()
    return str(answer).strip() if not multiline else str(answer)


def ask_choice(message: str, choices: dict[str, str], *, default: str | None = None) -> str:
    options = [QChoice(label, value=value) for value, label in choices.items()]
    chosen = next((o for o in options if o.value == default), None)
    return str(
        questionary.select(
            message,
            choices=options,
            default=chosen,
            instruction=_(ARROWS_HINT),
            style=STYLE,
            qmark="›",
        ).unsafe_ask()
    )


def ask_choices(
    message: str, choices: dict[str, str], *, checked: tuple[str, ...] = ()
) -> list[str]:
    options = [
        QChoice(label, value=value, checked=value in checked) for value, label in choices.items()
    ]
    answer = questionary.checkbox(
        message,
        choices=options,
        instruction=_("(arrows to move, space to tick, Enter to confirm)"),
        style=STYLE,
        qmark="›",
    ).unsafe_ask()
    return [str(a) for a in answer]
