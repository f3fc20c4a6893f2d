"""The command line: composes the command groups and handles every error once."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from stemeco import __version__
from stemeco.cli.options import GROUP_SETTINGS, ROOT_SETTINGS, echo_error, shown_path
from stemeco.errors import DiskError, StemecoError, ValidationFailed
from stemeco.storage.files import write_count, written

# Command groups are built only when they are called (or listed by --help), so that
# a quick command such as `stemeco status` does not pay for every other group.
# name -> the module holding its typer app, named `app` (see command_group).
LAZY_GROUPS: dict[str, str] = {
    "studio": "stemeco.cli.studio",
    "indicators": "stemeco.cli.indicators",
    "launch": "stemeco.cli.launch",
    "assess": "stemeco.cli.assess",
    "team": "stemeco.cli.team",
    "calendar": "stemeco.cli.calendar",
    "assets": "stemeco.cli.assets",
    "interviews": "stemeco.cli.interviews",
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
        mark = write_count()
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            if debug:
                raise
            for problem in exc.problems:
                typer.echo(shown_path(problem.render()), err=True)
            echo_error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except StemecoError as exc:
            if debug:
                raise
            echo_error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("\n" + interrupted_message(mark), err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`stemeco status | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(141) from None
        except (typer.Exit, typer.Abort):
            raise
        except OSError as exc:
            # The system refused a file operation outside the atomic writes: still one
            # line naming the file and what to do, with the disk's exit code.
            if debug:
                raise
            error = DiskError.from_os_error(exc, action="use")
            echo_error(str(error))
            raise typer.Exit(error.exit_code) from None
        except Exception as exc:
            if debug or type(exc).__module__.startswith(("click", "typer")):
                raise
            echo_error(
                f"internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug for the traceback, and report it)"
            )
            raise typer.Exit(70) from None


def interrupted_message(mark: int = 0) -> str:
    """What Ctrl-C leaves behind, exactly: the files this command wrote that are still there.

    Every write is atomic, so each file named is whole; a command that undoes its
    own work when stopped (``init``) leaves nothing to name.
    """
    kept = [p for p in written(mark) if p.exists()]
    if not kept:
        return "Interrupted; nothing was changed by this command."
    shown = [shown_path(str(p)) for p in kept[:5]]
    more = f" and {len(kept) - 5} more" if len(kept) > 5 else ""
    count = f"{len(kept)} file" + ("" if len(kept) == 1 else "s")
    return (
        f"Interrupted; this command had already written {count}, each one whole: "
        + ", ".join(shown)
        + more
        + "."
    )


app = typer.Typer(
    cls=Group,
    name="stemeco",
    help="Guide a municipality's design team through building a STEM Learning Ecosystem.",
    **{**GROUP_SETTINGS, **ROOT_SETTINGS},
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
    from stemeco.cli import approve, changes, check, export, gaps, init, render, status, upgrade

    app.command("init", cls=init.InitCommand)(init.init)
    app.command("status")(status.status)
    app.command("render")(render.render)
    app.command("check")(check.check)
    app.command("gaps")(gaps.gaps)
    app.command("approve")(approve.approve)
    app.command("upgrade")(upgrade.upgrade)
    app.command("changes")(changes.changes)
    app.command("export")(export.export)


_register()


def main() -> None:
    try:
        app(prog_name="stemeco")
    except KeyboardInterrupt:  # pragma: no cover - raised outside any command
        sys.exit(130)
