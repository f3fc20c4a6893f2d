"""status, team list and assets list fit the terminal: wrapped between words, never cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app

runner = CliRunner()
COMMANDS = (("status",), ("team", "list"), ("assets", "list"))


def output(project: Path, columns: int, *args: str) -> str:
    result = runner.invoke(app, [*args, "--project", str(project)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def words(text: str) -> list[str]:
    """The words of an output, a command's line continuations left out."""
    return [w for w in text.split() if w != "\\"]


@pytest.mark.parametrize("args", COMMANDS)
def test_sixty_columns_wrap_between_words(example_dir: Path, args: tuple[str, ...]) -> None:
    narrow = output(example_dir, 60, *args)
    too_long = [line for line in narrow.splitlines() if len(line) > 60]
    assert too_long == []
    # The same words in the same order as on a wide terminal: none split, none cut short.
    assert words(narrow) == words(output(example_dir, 400, *args))
    # Continuation lines are indented under the line they continue.
    lines = narrow.splitlines()
    assert any(line.startswith("    ") for line in lines[1:])


def test_a_new_project_fits_sixty_columns(project_dir: Path) -> None:
    narrow = output(project_dir, 60, "status")
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert words(narrow) == words(output(project_dir, 400, "status"))
    assert "Out-of-school and after-school programs" in " ".join(words(narrow))


def test_the_width_there_is_gets_used(example_dir: Path) -> None:
    wide = output(example_dir, 160, "status")
    assert max(len(line) for line in wide.splitlines()) > 100
    assert len(wide.splitlines()) < len(output(example_dir, 60, "status").splitlines())


def test_a_wrapped_command_still_runs_when_pasted(project_dir: Path) -> None:
    narrow = output(project_dir, 40, "status")
    lines = narrow.split("\nNext: ", 1)[1].splitlines()[1:]
    assert len(lines) > 1
    assert all(line.endswith(" \\") for line in lines[:-1])
    assert all(len(line) <= 40 for line in lines)
    # An option stays with its value; the pieces join back into the command.
    joined = " ".join(line.strip().removesuffix("\\").strip() for line in lines)
    assert joined == 'stemeco team add leader --name "..." --organisation "..."'
    assert any(line.strip().startswith('--organisation "..."') for line in lines)
