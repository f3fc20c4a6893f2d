"""The command line: composes the command groups and handles every error once."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from stemeco import __version__
from stemeco.errors import StemecoError, ValidationFailed

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
    typer.echo(f"error: {shown_path(message)}", err=True)


# Command groups are built only when they are called (or listed by --help), so that
# a quick command such as `stemeco status` does not pay for every other group.
# name -> the module holding its typer app, named `app` (see command_group).
LAZY_GROUPS: dict[str, str] = {
    "studio": "stemeco.commands.studio",
    "indicators": "stemeco.commands.indicators",
    "launch": "stemeco.commands.launch",
    "assess": "stemeco.commands.assess",
    "team": "stemeco.commands.team",
    "calendar": "stemeco.commands.calendar",
    "assets": "stemeco.commands.assets",
    "interviews": "stemeco.commands.interviews",
}


class Group(TyperGroup):
    """The root group: turns stemeco's exceptions into one line on stderr and an exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_GROUPS})

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in LAZY_GROUPS:
            module = importlib.import_module(LAZY_GROUPS[cmd_name])
            group = typer.main.get_command(module.app)
            group.name = cmd_name
            return group
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: Any) -> Any:
        debug = bool(ctx.params.get("debug")) or bool(os.environ.get("STEMECO_DEBUG"))
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            if debug:
                raise
            for problem in exc.problems:
                typer.echo(shown_path(problem), err=True)
            echo_error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except StemecoError as exc:
            if debug:
                raise
            echo_error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("\nInterrupted; nothing was changed by this command.", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`stemeco status | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(141) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if debug or type(exc).__module__.startswith(("click", "typer")):
                raise
            echo_error(
                f"internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug for the traceback, and report it)"
            )
            raise typer.Exit(70) from None


def command_group(name: str, help: str | None = None, **options: Any) -> typer.Typer:
    """A sub-command group with the same settings as the root (plain help, -h, no completion).

    Register it in LAZY_GROUPS; ``options`` go to typer.Typer (e.g. invoke_without_command).
    """
    settings: dict[str, Any] = {
        "no_args_is_help": True,
        "add_completion": False,
        "pretty_exceptions_enable": False,
        "rich_markup_mode": None,
        "context_settings": {"help_option_names": ["-h", "--help"]},
    }
    settings.update(options)
    return typer.Typer(name=name, help=help, **settings)


app = typer.Typer(
    cls=Group,
    name="stemeco",
    help="Guide a municipality's design team through building a STEM Learning Ecosystem.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stemeco {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Guide a municipality's design team through building a STEM Learning Ecosystem.

    From the teams and the asset map, through Design Studios I-IV, to the design
    blueprint, the business plan and the indicators of success.
    """


def _register() -> None:
    from stemeco.commands import approve, check, gaps, init, render, status

    app.command("init")(init.init)
    app.command("status")(status.status)
    app.command("render")(render.render)
    app.command("check")(check.check)
    app.command("gaps")(gaps.gaps)
    app.command("approve")(approve.approve)


_register()


def main() -> None:
    try:
        app(prog_name="stemeco")
    except KeyboardInterrupt:  # pragma: no cover - raised outside any command
        sys.exit(130)
