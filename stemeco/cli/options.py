"""What every command shares: the --project option, the group settings, error lines.

Command modules import from here, never from :mod:`stemeco.cli.app`, so that the
app can import the commands without a cycle.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from stemeco.i18n import _

ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-p",
        metavar="PATH",
        file_okay=False,
        help="The project folder (default: this folder or the nearest parent with stemeco.yaml).",
    ),
]


def shown_path(text: str) -> str:
    """Paths in messages relative to the current folder when they are below it."""
    cwd = str(Path.cwd()) + os.sep
    return text.replace(cwd, "")


def echo_error(message: str) -> None:
    typer.echo(_("error: {message}").format(message=shown_path(message)), err=True)


#: The settings of the root app and of every command group: plain help, -h, no rich.
#: Sub-groups have no completion options of their own: the root's cover every command.
GROUP_SETTINGS: dict[str, Any] = {
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
#: What only the root app has: ``--install-completion`` and ``--show-completion``
#: (bash, zsh, fish, PowerShell), completing every command, option and group.
ROOT_SETTINGS: dict[str, Any] = {"add_completion": True}


def command_group(name: str, help: str | None = None, **options: Any) -> typer.Typer:
    """A sub-command group with the root's settings.

    Register it in :data:`stemeco.cli.app.LAZY_GROUPS`, its one-line help in
    :data:`stemeco.cli.app.SHORT_HELP`; ``options`` go to typer.Typer (e.g.
    ``invoke_without_command``).
    """
    return typer.Typer(name=name, help=help, **{**GROUP_SETTINGS, **options})
