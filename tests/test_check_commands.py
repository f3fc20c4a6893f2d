"""Every command is documented (help text, the README's table) and completes in a shell."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from stemeco.cli.app import app

from conftest import stemeco_executable

README = Path(__file__).resolve().parents[1] / "README.md"

#: Commands the README's table does not name yet; their rows are proposed in the report
#: of the change that added them. Remove a name once its row is in the README.
NOT_YET_IN_README: set[str] = set()


def commands() -> Iterator[tuple[str, Any]]:
    """Every command of stemeco as (its words after 'stemeco', the command), groups included."""
    root: Any = typer.main.get_command(app)
    ctx = typer.Context(root)
    for name in root.list_commands(ctx):
        command = root.get_command(ctx, name)
        assert command is not None, name
        yield name, command
        if hasattr(command, "list_commands"):
            sub = typer.Context(command, parent=ctx)
            for child in command.list_commands(sub):
                found = command.get_command(sub, child)
                assert found is not None, (name, child)
                yield f"{name} {child}", found


def test_every_command_option_and_argument_has_help_text() -> None:
    missing = []
    for name, command in commands():
        if not (command.help or command.short_help or "").strip():
            missing.append(f"stemeco {name}: no help")
        for param in command.params:
            text: Any = getattr(param, "help", None)
            if not (text or "").strip():
                missing.append(f"stemeco {name}: {param.name} has no help")
    assert not missing, missing


def test_every_command_is_named_in_the_readme_table() -> None:
    rows = [
        re.split(r"(?<!\\)\|", line)[1]
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `stemeco")
    ]
    table = " ".join(rows).replace("\\|", "|")

    def named(words: str) -> bool:
        group, _, sub = words.partition(" ")
        for cell in re.findall(r"`stemeco ([^`]*)`", table):
            head, *rest = cell.split()
            if head != group:
                continue
            if not sub or sub in re.split(r"[\s|\[\]]+", " ".join(rest)):
                return True
        return False

    listed = {name for name, _ in commands()}
    undocumented = sorted(n for n in listed if not named(n) and n not in NOT_YET_IN_README)
    assert not undocumented, f"add a row to the README's command table for: {undocumented}"
    documented_now = sorted(n for n in NOT_YET_IN_README if n in listed and named(n))
    assert not documented_now, f"the README names these now; drop them: {documented_now}"


def test_the_root_offers_shell_completion_and_groups_do_not() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout
    for group in ("calendar", "indicators", "team"):
        sub = CliRunner().invoke(app, [group, "--help"])
        assert "--install-completion" not in sub.stdout


def completions(words: str) -> list[str]:
    """What bash completion offers for ``words``, asked the way the installed script asks."""
    import subprocess

    env = {
        **os.environ,
        "_STEMECO_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    done = subprocess.run(
        [stemeco_executable()], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_completion_offers_commands_subcommands_and_options() -> None:
    assert completions("stemeco cal") == ["calendar"]
    assert {"add", "edit", "done", "remove"} <= set(completions("stemeco calendar "))
    assert "--with-measurements" in completions("stemeco indicators remove x --w")
    assert {"--date", "--done"} <= set(completions("stemeco launch set --d"))


def test_install_completion_writes_the_bash_script(tmp_path: Path) -> None:
    import subprocess

    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    done = subprocess.run(
        [stemeco_executable(), "--install-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "stemeco.sh"
    assert "_STEMECO_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_tab_completes_in_a_real_bash(tmp_path: Path) -> None:
    """Tab in a real bash, after --install-completion, completes a command group."""
    import subprocess

    import pexpect

    executable = stemeco_executable()
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "SHELL": "/bin/bash",
        "PATH": f"{Path(executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "TERM": "dumb",
    }
    subprocess.run(
        [executable, "--install-completion", "bash"], env=env, capture_output=True, check=True
    )
    shell = pexpect.spawn(
        "bash", ["--rcfile", str(tmp_path / ".bashrc"), "-i"], env=env, encoding="utf-8"
    )
    try:
        shell.sendline("PS1='READY> '")
        shell.expect_exact("READY> ", timeout=20)
        shell.send("stemeco indica\t")
        shell.expect_exact("stemeco indicators ", timeout=20)
        shell.send("rem\t")
        shell.expect_exact("remove ", timeout=20)
    finally:
        shell.sendcontrol("c")
        shell.close(force=True)
