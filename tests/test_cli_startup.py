"""A command builds only itself: `stemeco --help` lists every command from its one-line
help without importing it, and that line is the command's own help, word for word."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.core import TyperCommand
from typer.testing import CliRunner

from stemeco.cli import app as cli


def listed(runner: CliRunner, *args: str) -> list[tuple[str, str]]:
    """The (name, help) rows under "Commands:" of a --help."""
    result = runner.invoke(cli.app, [*args, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    rows = result.output.split("Commands:\n", 1)[1].splitlines()
    return [(row.split()[0], " ".join(row.split()[1:])) for row in rows if row.strip()]


def every_command() -> list[str]:
    return sorted({*cli.LAZY_GROUPS, *cli.LAZY_COMMANDS})


@pytest.mark.parametrize("name", every_command())
def test_the_listed_help_is_the_commands_own(name: str) -> None:
    own = cli.build_command(name)
    shown = TyperCommand(name=name, help=cli.SHORT_HELP.get(name, ""))
    for width in (30, 45, 70, 200):
        assert shown.get_short_help_str(width) == own.get_short_help_str(width), width


def test_help_lists_every_command_and_what_it_does(runner: CliRunner) -> None:
    rows = dict(listed(runner))
    assert sorted(rows) == every_command()
    assert rows["status"] == "Where the project stands on the whole process, and the next action."
    assert rows["init"] == "Create a project folder for a municipality's STEM ecosystem."
    assert rows["assets"].startswith("The STEM asset map (assets/, one file per organisation)")


@pytest.mark.parametrize("args", [["--help"], ["--version"]], ids=["help", "version"])
def test_help_and_version_import_no_command(args: list[str], tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from stemeco.cli.app import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith('stemeco.cli.')))\n"
    )
    # From an empty folder: `-c` would import the source tree from the repository's.
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert "LOADED ['stemeco.cli.app', 'stemeco.cli.options']" in done.stdout


def test_a_group_lists_its_own_commands(runner: CliRunner) -> None:
    rows = dict(listed(runner, "team"))
    assert "add" in rows
    assert "list" in rows
