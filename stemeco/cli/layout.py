"""Text for the terminal: wrapped between words to the width there is.

The width is ``COLUMNS`` when it is set, else the terminal's, else 80 (output
to a file or a pipe). Words are never split, not even at a hyphen; a
word longer than the width gets a line of its own. Commands are wrapped with a
shell continuation (`` \\``), so a wrapped command still works when copied.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap

import typer

MIN_WIDTH = 30


def width() -> int:
    """``COLUMNS`` when set, else the terminal's columns, else (output not to a terminal) 80."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    if not sys.stdout.isatty():
        return 80
    return max(shutil.get_terminal_size((80, 24)).columns, MIN_WIDTH)


def wrap(text: str, *, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` as lines no wider than the terminal: the first starts with ``indent``,
    the others with ``hanging`` (default: ``indent``)."""
    lines = textwrap.wrap(
        text,
        width=width(),
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [indent.rstrip()]


def echo(text: str, *, indent: str = "", hanging: str | None = None) -> None:
    """Print ``text`` wrapped (see :func:`wrap`); an empty text prints an empty line."""
    if not text:
        typer.echo("")
        return
    for line in wrap(text, indent=indent, hanging=hanging):
        typer.echo(line)


_TOKEN = re.compile(r'(?:"[^"]*"|\'[^\']*\'|\S)+')


def command_lines(command: str, *, indent: str = "  ", hanging: str = "    ") -> list[str]:
    """A shell command as lines that fit, broken between arguments with `` \\``.

    A quoted argument stays whole, and an option stays with its value; the
    command runs the same when the lines are pasted into a shell.
    """
    limit = width()
    tokens: list[str] = []
    for token in _TOKEN.findall(command):
        if tokens and tokens[-1].startswith("--") and " " not in tokens[-1]:
            if not token.startswith("-"):  # an option stays with its value
                tokens[-1] += " " + token
                continue
        tokens.append(token)
    lines: list[str] = []
    current = indent
    for token in tokens:
        if current.strip() and len(current) + 1 + len(token) + 2 > limit:
            lines.append(current + " \\")
            current = hanging + token
        else:
            current = current + (" " if current.strip() else "") + token
    lines.append(current)
    return lines
