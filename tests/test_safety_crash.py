"""Crashes leave nothing half-done: a writer killed mid-write (kill -9).

The writer is stopped for good just after its temporary file is complete (a
test-only switch in storage/files.py, which prints the temporary file's path
first); reading that line is the synchronisation, then the test kills it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.community.team import read_team
from stemeco.errors import DiskError
from stemeco.storage.files import TEMPORARY, atomic_write_text

from conftest import stemeco_executable


def kill_mid_write(project: Path, *args: str) -> Path:
    """Run a stemeco command, kill it -9 between its temporary file and the rename."""
    with stopped_writer(project, *args) as temporary:
        return temporary


@contextmanager
def stopped_writer(project: Path, *args: str) -> Iterator[Path]:
    """A stemeco command stopped with its temporary file complete (killed -9 after the block)."""
    with subprocess.Popen(
        [stemeco_executable(), *args, "--project", str(project)],
        env={**os.environ, "STEMECO_TEST_STOP_AFTER_TEMPORARY": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stderr is not None
            line = proc.stderr.readline()  # blocks until the temporary file is there
            assert line.startswith("/"), line + proc.stderr.read()
            yield Path(line.strip())
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)


def test_kill_9_mid_write_leaves_the_file_whole_and_check_names_the_leftover(
    project_dir: Path,
) -> None:
    runner = CliRunner()
    added = ["team", "add", "design", "--project", str(project_dir), "--sector", "business"]
    assert runner.invoke(app, [*added, "--name", "Ann"]).exit_code == 0
    team = project_dir / "team.yaml"
    before = team.read_bytes()

    temporary = kill_mid_write(
        project_dir, "team", "add", "design", "--name", "Bo", "--sector", "business"
    )
    assert temporary.parent == project_dir
    assert TEMPORARY.match(temporary.name)
    assert temporary.exists()
    assert "Bo" in temporary.read_text(encoding="utf-8")  # the new text, complete
    assert team.read_bytes() == before  # ...but the file is the old one, whole

    # The killed writer's lock went with it: the next writer does not wait at all.
    os.environ["STEMECO_LOCK_TIMEOUT"] = "0"
    try:
        result = runner.invoke(app, [*added, "--name", "Cy"])
    finally:
        del os.environ["STEMECO_LOCK_TIMEOUT"]
    assert result.exit_code == 0, result.output
    assert [m.name for m in read_team(project_dir).members["design"]] == ["Ann", "Cy"]

    check = runner.invoke(app, ["check", "--project", str(project_dir)])
    assert check.exit_code == 1
    line = f"{temporary.name}: a temporary file left by a write that was interrupted"
    assert line in check.output
    assert "(team.yaml itself is whole); delete the leftovers with 'stemeco check --clean'" in (
        check.output
    )

    clean = runner.invoke(app, ["check", "--clean", "--project", str(project_dir)])
    assert clean.exit_code == 0, clean.output
    assert f"deleted {temporary.name}" in clean.output
    assert not temporary.exists()
    assert runner.invoke(app, ["check", "--project", str(project_dir)]).exit_code == 0


def test_a_leftover_in_a_folder_is_named_with_its_path_and_ignored_by_git(
    project_dir: Path,
) -> None:
    temporary = kill_mid_write(
        project_dir,
        "interviews", "add", "--who", "Ann Lee", "--organisation", "Library",
        "--date", "2026-01-05", "--notes", "Talked about robots",
    )  # fmt: skip
    assert temporary.parent == project_dir / "interviews"
    assert not (project_dir / "interviews" / "2026-01-05-ann-lee.yaml").exists()
    check = CliRunner().invoke(app, ["check", "--project", str(project_dir), "--json"])
    assert check.exit_code == 1
    assert f'"file": "interviews/{temporary.name}"' in check.output
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    subprocess.run([git, "init", "-q"], cwd=project_dir, check=True)
    ignored = subprocess.run(
        [git, "check-ignore", str(temporary), ".stemeco.lock"],
        cwd=project_dir,
        capture_output=True,
        text=True,
    )
    assert ignored.returncode == 0
    assert len(ignored.stdout.splitlines()) == 2  # both are ignored


def test_check_takes_no_write_under_way_for_a_leftover(project_dir: Path) -> None:
    """While a writer holds the lock, its temporary file is not a leftover."""
    with stopped_writer(project_dir, "team", "add", "leader", "--name", "Ada") as temporary:
        assert temporary.exists()
        check = CliRunner().invoke(app, ["check", "--project", str(project_dir)])
        assert check.exit_code == 0, check.output


def test_a_new_record_never_replaces_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "record.yaml"
    target.write_text("name: first\n", encoding="utf-8")
    with pytest.raises(DiskError, match="it exists already"):
        atomic_write_text(target, "name: second\n", exclusive=True)
    assert target.read_text(encoding="utf-8") == "name: first\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.yaml"]  # no temporary left
    atomic_write_text(tmp_path / "new.yaml", "name: new\n", exclusive=True)
    assert (tmp_path / "new.yaml").read_text(encoding="utf-8") == "name: new\n"
