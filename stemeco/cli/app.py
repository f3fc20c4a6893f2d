"""The command line: composes the command groups and handles every error once."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from stemeco import __version__
from stemeco.cli.options import GROUP_SETTINGS, ROOT_SETTINGS, echo_error, shown_path
from stemeco.errors import DiskError, StemecoError, ValidationFailed
from stemeco.storage.files import write_count, written

# Every command is built only when it is called, so that a quick command such as
# `stemeco status` or `stemeco --version` does not pay for every other one.
#: Command groups: name -> the module holding its typer app, named `app` (see command_group).
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
#: Single commands: name -> the module holding the command's function, of the same name.
LAZY_COMMANDS: dict[str, str] = {
    "init": "stemeco.cli.init",
    "status": "stemeco.cli.status",
    "render": "stemeco.cli.render",
    "check": "stemeco.cli.check",
    "gaps": "stemeco.cli.gaps",
    "approve": "stemeco.cli.approve",
    "upgrade": "stemeco.cli.upgrade",
    "changes": "stemeco.cli.changes",
    "export": "stemeco.cli.export",
    "language": "stemeco.cli.language",
}
#: The first paragraph of each command's own help, as `stemeco --help` lists it without
#: importing the command (tests/test_cli_startup.py holds it equal to the command's help).
SHORT_HELP: dict[str, str] = {
    "approve": "Record the Leadership Team's approval of the blueprint's current answers.",
    "assess": "Rate each indicator of a thriving ecosystem from 1 (not yet) to 4 (thriving), "
    "with evidence.",
    "assets": "The STEM asset map (assets/, one file per organisation): add, list, review, edit, "
    "remove, merge, import.",
    "calendar": "The design calendar (calendar.yaml): show it, export it, add, edit and remove "
    "events.",
    "changes": "What changed in the blueprint since the Leadership Team approved it.",
    "check": "Validate every file of the project, listing every problem; exit 1 on any.",
    "export": "Write a review copy to read, print or mark up: one HTML page or one Word file.",
    "gaps": "The continuum gap analysis of the asset map: stage x sector, gaps, duplicates.",
    "indicators": "Indicators of success: list them, record measurements, add, edit and remove "
    "added ones.",
    "init": "Create a project folder for a municipality's STEM ecosystem.",
    "interviews": "Interviews with the ecosystem's stakeholders (interviews/, one file each).",
    "language": "Show the project's language, or change it (stemeco.yaml's language:, comments "
    "kept).",
    "launch": "The soft and hard launches of the ecosystem and of its first work.",
    "render": "Write the documents in docs/ from the project's answers.",
    "status": "Where the project stands on the whole process, and the next action.",
    "studio": "The Design Studios: list them and run a session.",
    "team": "The ecosystem leader, the Leadership Team and the Design Team (team.yaml).",
    "upgrade": "Bring a project made by an older stemeco up to this one (what 'stemeco check' "
    "asks for).",
}
#: Commands built in this process (a test runs many commands in one process).
_BUILT: dict[str, Any] = {}


def build_command(name: str) -> Any:
    """The click command of one lazy command or group, built once per process."""
    built = _BUILT.get(name)
    if built is not None:
        return built
    if name in LAZY_GROUPS:
        built = typer.main.get_command(importlib.import_module(LAZY_GROUPS[name]).app)
    else:
        single = typer.Typer(**GROUP_SETTINGS)
        module = importlib.import_module(LAZY_COMMANDS[name])
        # a module may give its command a class of its own (init: --example [NAME])
        single.command(name, cls=getattr(module, "COMMAND_CLASS", None))(getattr(module, name))
        built = typer.main.get_command(single)
    built.name = name
    _BUILT[name] = built
    return built


class Group(TyperGroup):
    """The root group: turns stemeco's exceptions into one line on stderr and an exit code."""

    #: While set, commands are listed (help, completion) from SHORT_HELP, not built.
    listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_GROUPS, *LAZY_COMMANDS})

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self.listing and cmd_name in SHORT_HELP:
            return TyperCommand(name=cmd_name, help=SHORT_HELP[cmd_name])
        if cmd_name in LAZY_GROUPS or cmd_name in LAZY_COMMANDS:
            return build_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.listing = False

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        self.listing = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            self.listing = False

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
            from stemeco.i18n import _

            echo_error(
                _(
                    "internal error: {error} (run again with --debug for the traceback, "
                    "and report it)"
                ).format(error=f"{type(exc).__name__}: {exc}")
            )
            raise typer.Exit(70) from None


def interrupted_message(mark: int = 0) -> str:
    """What Ctrl-C leaves behind, exactly: the files this command wrote that are still there.

    Every write is atomic, so each file named is whole; a command that undoes its
    own work when stopped (``init``) leaves nothing to name.
    """
    from stemeco.i18n import _, ngettext

    kept = [p for p in written(mark) if p.exists()]
    if not kept:
        return _("Interrupted; nothing was changed by this command.")
    files = ", ".join(shown_path(str(p)) for p in kept[:5])
    if len(kept) > 5:
        files = _("{files} and {count} more").format(files=files, count=len(kept) - 5)
    return ngettext(
        "Interrupted; this command had already written {count} file, each one whole: {files}.",
        "Interrupted; this command had already written {count} files, each one whole: {files}.",
        len(kept),
    ).format(count=len(kept), files=files)


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


def main() -> None:
    try:
        app(prog_name="stemeco")
    except KeyboardInterrupt:  # pragma: no cover - raised outside any command
        sys.exit(130)
