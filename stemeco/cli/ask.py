"""Flags first, then prompts: the interactive fallback of the community commands.

A value given as a flag is used as is; a missing one is asked in a terminal,
and without a terminal the command stops and names the flag to pass.
"""

from __future__ import annotations

import sys

from stemeco.errors import NotATerminal
from stemeco.i18n import _


def interactive() -> bool:
    return sys.stdin.isatty()


def refuse(command: str, flags: list[str]) -> NotATerminal:
    return NotATerminal(
        _("{command} needs {flags} (there is no terminal to ask)").format(
            command=command, flags=", ".join(flags)
        ),
        hint=_("pass {flags}, or run it in a terminal").format(
            flags=" ".join(f + " ..." for f in flags)
        ),
    )


def text(
    value: str | None,
    message: str,
    *,
    default: str = "",
    required: bool = True,
    multiline: bool = False,
) -> str:
    if value is not None:
        return value
    from stemeco.ui.prompts import ask_text

    return ask_text(message, default=default, required=required, multiline=multiline)


def choice(value: str | None, message: str, choices: dict[str, str]) -> str:
    if value is not None:
        return value
    from stemeco.ui.prompts import ask_choice

    return ask_choice(message, choices)


def choices(value: list[str] | None, message: str, options: dict[str, str]) -> list[str]:
    if value is not None:
        return value
    from stemeco.ui.prompts import ask_choices

    return ask_choices(message, options)
