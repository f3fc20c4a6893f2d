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

from stemeco.studios.definition import Step, Studio, is_answered
from stemeco.studios.engine import Question, ReviewRow
from stemeco.studios.values import check_value, parse_input

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


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


class TerminalPrompter:
    def __init__(
        self, input: Input | None = None, output: Output | None = None, out: Console | None = None
    ) -> None:
        self.kwargs: dict[str, Any] = {"style": STYLE, "qmark": "›"}
        if input is not None:
            self.kwargs["input"] = input
        if output is not None:
            self.kwargs["output"] = output
        self.out = out or console()

    # ------------------------------------------------------------------ framing

    def intro(self, studio: Studio, *, resuming: bool, answered: int, total: int) -> None:
        lines = []
        if studio.subtitle:
            lines.append(f"[italic]{escape(studio.subtitle)}[/italic]")
        if studio.guiding_question:
            lines.append(f"\n[bold]Guiding question:[/bold] {escape(studio.guiding_question)}")
        if studio.purpose and not resuming:
            lines.append(f"\n{escape(studio.purpose.strip())}")
        if studio.outputs and not resuming:
            lines.append("\n[bold]By the end we will have:[/bold]")
            lines.extend(f"  • {escape(o)}" for o in studio.outputs)
        if resuming:
            lines.append(f"\nResuming: {answered} of {total} steps already answered.")
        lines.append(
            "\n[dim]Type ? at any question for facilitator help. Ctrl-C stops; "
            "every answer is already saved.[/dim]"
        )
        self.out.print(
            Panel(
                "\n".join(lines),
                title=f"{studio.display_name}: {escape(studio.title)}",
                expand=False,
            )
        )

    def _say(self, message: str) -> None:
        """The question itself, wrapped to the terminal; prompt_toolkit draws only the input."""
        self.out.print(f"[bold]{escape(message.strip())}[/bold]")

    def notify(self, message: str) -> None:
        self.out.print(f"[yellow]! {escape(message)}[/yellow]")

    def show_help(self, step: Step) -> None:
        text = step.help or "No facilitator notes for this step."
        self.out.print(
            Panel(escape(text), title="Facilitator help", border_style="cyan", expand=False)
        )

    def confirm(self, message: str, *, default: bool = False) -> bool:
        return bool(questionary.confirm(message, default=default, **self.kwargs).unsafe_ask())

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

    def _ask_once(
        self,
        step: Step,
        question: Question,
        *,
        label: str | None = None,
        default: Any = None,
        use_default: bool = False,
    ) -> Any:
        message = label or step.prompt
        current = default if use_default else question.default
        kind = step.type
        if kind in ("choice", "yesno"):
            return self._select(step, message, current, question)
        if kind == "multichoice":
            return self._checkbox(step, message, current, question)
        if kind == "records":
            return self._records(step, question)
        return self._text(step, message, current, question)

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
        if step.type == "list":
            hint = "one item per line; Esc then Enter to finish"
            default = "\n".join(current) if isinstance(current, list) else ""
        else:
            hint = "Esc then Enter to finish" if multiline else ""
            default = "" if current is None else str(current)
        if step.type == "date":
            hint = "YYYY-MM-DD"
        if not step.required:
            hint = f"{hint}; leave empty to skip" if hint else "leave empty to skip"
        hint = f"({hint}; ? for help)" if hint else "(? for help)"
        self._say(message)
        text = questionary.text(
            "",
            default=default,
            multiline=multiline,
            instruction=hint,
            validate=self._validator(step, question, nested=nested),
            **self.kwargs,
        ).unsafe_ask()
        if text.strip() == "?":
            return HELP
        return self._from_text(step, text, question)

    def _select(self, step: Step, message: str, current: Any, question: Question) -> Any:
        if step.type == "yesno":
            options = [QChoice("Yes", value=True), QChoice("No", value=False)]
        else:
            options = [QChoice(c.label, value=c.value) for c in question.choices]
        if not step.required:
            options.append(QChoice("(skip this question)", value=SKIP))
        options += [Separator(), QChoice("? Facilitator help", value=HELP)]
        default = next((o for o in options if isinstance(o, QChoice) and o.value == current), None)
        if not question.choices and step.type == "choice":
            self.notify("There is nothing to choose from yet: answer the earlier steps first.")
        self._say(message)
        answer = questionary.select(
            "",
            choices=options,
            default=default,
            instruction="(arrows to move, Enter to choose)",
            **self.kwargs,
        ).unsafe_ask()
        return None if answer == SKIP else answer

    def _checkbox(self, step: Step, message: str, current: Any, question: Question) -> Any:
        picked = set(current) if isinstance(current, list) else set()
        options: list[Any] = [
            QChoice(c.label, value=c.value, checked=c.value in picked) for c in question.choices
        ]
        options += [Separator(), QChoice("? Facilitator help", value=HELP)]

        def validate(values: list[Any]) -> bool | str:
            if HELP in values:
                return True
            problems = check_value(step, values or None, question.choices)
            return True if not problems else "; ".join(problems)

        self._say(message)
        answer = questionary.checkbox(
            "",
            choices=options,
            validate=validate,
            instruction="(arrows to move, space to tick, Enter to confirm)",
            **self.kwargs,
        ).unsafe_ask()
        if HELP in answer:
            return HELP
        return answer or None

    def _records(self, step: Step, question: Question) -> Any:
        records: list[dict[str, Any]] = [
            dict(r) for r in question.default or [] if isinstance(r, dict)
        ]
        noun = step.label or "record"
        if not records:
            records.append(self._record(step, question, {}, 1))
        while True:
            options: list[Any] = [
                QChoice(f"Done ({len(records)} record(s))", value=DONE),
                QChoice("Add another", value=ADD),
            ]
            for index, record in enumerate(records):
                name = record.get(step.label or step.fields[0].id, "?")
                options.append(QChoice(f"Edit {index + 1}: {name}", value=("edit", index)))
                options.append(QChoice(f"Remove {index + 1}: {name}", value=("remove", index)))
            options += [Separator(), QChoice("? Facilitator help", value=HELP)]
            self._say(f"{step.prompt} ({len(records)} {noun} record(s) so far)")
            action = questionary.select("", choices=options, **self.kwargs).unsafe_ask()
            if action == HELP:
                self.show_help(step)
            elif action == DONE:
                problems = check_value(step, records or None, question.choices)
                if not problems:
                    return records or None
                self.notify("; ".join(problems))
            elif action == ADD:
                records.append(self._record(step, question, {}, len(records) + 1))
            elif isinstance(action, tuple) and action[0] == "edit":
                records[action[1]] = self._record(step, question, records[action[1]], action[1] + 1)
            elif isinstance(action, tuple) and action[0] == "remove":
                records.pop(action[1])

    def _record(
        self, step: Step, question: Question, record: dict[str, Any], number: int
    ) -> dict[str, Any]:
        self.out.print(f"[bold]{escape(step.prompt)} · record {number}[/bold]")
        out: dict[str, Any] = {}
        for fld in step.fields:
            sub = Question(
                fld,
                question.progress,
                record.get(fld.id),
                question.context.choices(fld),
                question.context,
            )
            while True:
                label = fld.prompt
                if fld.type in ("choice", "yesno"):
                    value = self._select(fld, label, sub.default, sub)
                elif fld.type == "multichoice":
                    value = self._checkbox(fld, label, sub.default, sub)
                else:
                    value = self._text(fld, label, sub.default, sub, nested=True)
                if value is HELP:
                    self.show_help(fld)
                    continue
                break
            if is_answered(value) or fld.id in record:
                out[fld.id] = value
        return out

    # ------------------------------------------------------------------ review

    def review(self, studio: Studio, rows: list[ReviewRow]) -> str | None:
        table = Table(title=f"Review: {studio.display_name}: {studio.title}", show_lines=False)
        table.add_column("#", justify="right")
        table.add_column("Step")
        table.add_column("Answer", overflow="fold")
        shown = [r for r in rows if r.applies]
        for index, row in enumerate(shown, 1):
            table.add_row(str(index), escape(row.step.prompt), escape(row.summary))
        self.out.print(table)
        options: list[Any] = [QChoice(f"Mark {studio.display_name} complete", value=DONE)]
        for index, row in enumerate(shown, 1):
            summary = row.summary if len(row.summary) <= 50 else row.summary[:47] + "..."
            options.append(QChoice(f"Revise {index}. {row.step.id}: {summary}", value=row.step.id))
        self._say("Everything right? Mark the studio complete, or pick a step to revise.")
        answer = questionary.select("", choices=options, **self.kwargs).unsafe_ask()
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


def ask_thriving(
    indicators: dict[str, tuple[str, str]],
    scale: dict[int, str],
    scale_help: dict[int, str],
    **kwargs: Any,
) -> dict[str, tuple[int, str]]:
    """Rate every indicator with the arrow keys, then give evidence; returns id -> (level, text)."""
    out = console()
    options: dict[str, Any] = {"style": STYLE, "qmark": "›", **kwargs}
    answers: dict[str, tuple[int, str]] = {}
    total = len(indicators)
    for number, (ident, (name, statement)) in enumerate(indicators.items(), start=1):
        out.print(f"\n[bold cyan]Indicator {number} of {total}: {escape(name)}[/bold cyan]")
        out.print(escape(statement))
        levels = [
            QChoice(f"{level} {label}: {scale_help[level]}", value=level)
            for level, label in scale.items()
        ]
        level = questionary.select(
            "How far along are we?",
            choices=levels,
            instruction="(arrows to move, Enter to choose)",
            **options,
        ).unsafe_ask()
        evidence = questionary.text(
            "What evidence supports this rating?",
            instruction="(one line; leave empty to skip)",
            **options,
        ).unsafe_ask()
        answers[ident] = (int(level), str(evidence).strip())
    return answers


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
            return "an answer is required"
        if not multiline and "\n" in text:
            return "one line only"
        return True

    hint = "Esc then Enter to finish" if multiline else ""
    if not required:
        hint = f"{hint}; leave empty to skip" if hint else "leave empty to skip"
    answer = questionary.text(
        message,
        default=default,
        multiline=multiline,
        instruction=f"({hint})" if hint else None,
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
            message, choices=options, default=chosen, style=STYLE, qmark="›"
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
        instruction="(arrows to move, space to tick, Enter to confirm)",
        style=STYLE,
        qmark="›",
    ).unsafe_ask()
    return [str(a) for a in answer]
