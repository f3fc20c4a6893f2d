"""Choosing from a list, with ``?`` as a key for the facilitator's help.

questionary's select and checkbox take arrows, Enter and (checkbox) space.
:func:`choose` and :func:`tick` add one key binding to the prompt_toolkit
application behind them: ``?`` ends the prompt with a :class:`HelpAsked`
that remembers the ticks made so far and the choice the pointer was on, so
that the caller can show the help and ask again exactly where the person was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from questionary.prompts.common import InquirerControl


@dataclass(frozen=True)
class HelpAsked:
    """``?`` was pressed: the values ticked so far and the value the pointer was on."""

    ticked: list[Any] = field(default_factory=list)
    pointed: Any = None


def _with_help_key(question: questionary.Question) -> questionary.Question:
    app = question.application
    control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
    keys = KeyBindings()

    @keys.add("?", eager=True)
    def _help(event: Any) -> None:
        pointed = control.get_pointed_at()
        event.app.exit(
            result=HelpAsked(list(control.selected_options), getattr(pointed, "value", None))
        )

    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keys])
    return question


def choose(options: list[Any], *, default: Any = None, instruction: str, **kwargs: Any) -> Any:
    """One choice (its value), or a :class:`HelpAsked`; Ctrl-C raises KeyboardInterrupt."""
    chosen = next(
        (o for o in options if isinstance(o, questionary.Choice) and o.value == default), None
    )
    question = questionary.select(
        "", choices=options, default=chosen, instruction=instruction, **kwargs
    )
    return _with_help_key(question).unsafe_ask()


def tick(
    options: list[Any], *, pointed: Any = None, instruction: str, validate: Any, **kwargs: Any
) -> Any:
    """The values ticked, or a :class:`HelpAsked`; Ctrl-C raises KeyboardInterrupt."""
    values = {o.value for o in options if isinstance(o, questionary.Choice)}
    question = questionary.checkbox(
        "",
        choices=options,
        initial_choice=pointed if pointed in values else None,
        instruction=instruction,
        validate=validate,
        **kwargs,
    )
    return _with_help_key(question).unsafe_ask()
