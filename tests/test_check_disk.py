"""A read-only folder or a full disk: one clear line, exit 7, and nothing half-written.

The tests run as root in CI, and root ignores file permissions, so most
failures are simulated by making the system calls of a write raise the
``OSError`` a full or read-only disk raises. Real failures are used where
they can be made as root: a file where a folder should be. A real read-only
folder is tried when the tests do not run as root.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app

ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
EROFS = OSError(errno.EROFS, os.strerror(errno.EROFS))


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def writing_commands(project: Path, tmp_path: Path) -> dict[str, tuple[list[str | Path], str]]:
    """Commands that write, and the file each one writes."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "mission_draft: Every young person here connects to hands-on STEM.\n", encoding="utf-8"
    )
    p = ["--project", str(project)]
    return {
        "team add": (
            [
                "team",
                "add",
                "design",
                "--name",
                "Ada",
                "--organisation",
                "Mill",
                "--sector",
                "prek12",
                *p,
            ],
            "team.yaml",
        ),
        "calendar add": (
            [
                "calendar",
                "add",
                "--title",
                "Kick-off",
                "--date",
                "2026-01-08",
                "--kind",
                "meeting",
                *p,
            ],
            "calendar.yaml",
        ),
        "launch set": (
            ["launch", "set", "ecosystem-soft", "--audience", "Families", *p],
            "launches.yaml",
        ),
        "indicators record": (
            ["indicators", "record", "active-ecosystem-partners", "30", "--date", "2026-01-01", *p],
            "measurements/active-ecosystem-partners.yaml",
        ),
        "interviews add": (
            [
                "interviews",
                "add",
                "--who",
                "Ada",
                "--organisation",
                "Mill",
                "--date",
                "2026-01-08",
                "--notes",
                "Talked.",
                *p,
            ],
            "interviews",
        ),
        "assets add": (
            [
                "assets",
                "add",
                "--name",
                "Harbour Lab",
                "--sector",
                "stem_rich",
                "--stage",
                "middle",
                *p,
            ],
            "assets/harbour-lab.yaml",
        ),
        # the approved answers (approvals/) are written first, then approvals.yaml
        "approve": (["approve", "blueprint", "--by", "Leadership Team", *p], "approvals"),
        "studio run --answers": (
            ["studio", "run", "1", "--answers", answers, *p],
            "sessions/studio-1.yaml",
        ),
        "calendar --ics": (["calendar", "--ics", tmp_path / "out.ics", *p], "out.ics"),
    }


COMMANDS = [
    "team add",
    "calendar add",
    "launch set",
    "indicators record",
    "interviews add",
    "assets add",
    "approve",
    "studio run --answers",
    "calendar --ics",
]


def _fail_fsync(error: OSError) -> Callable[[int], None]:
    def fsync(fd: int) -> None:  # noqa: ARG001 - the signature of os.fsync
        raise error

    return fsync


def _fail_mkstemp(error: OSError) -> Callable[..., Any]:
    def mkstemp(*args: Any, **kwargs: Any) -> Any:  # noqa: ARG001
        raise error

    return mkstemp


FAILURES = {
    "full": (_fail_fsync(ENOSPC), "the disk is full: free some space, then retry"),
    "read-only": (_fail_mkstemp(EROFS), "the folder is on a read-only disk"),
}


# Each command meets one of the two failures, in turn, so both are met by every kind of file.
@pytest.mark.parametrize(
    ("command", "failure"),
    [(name, "full" if n % 2 else "read-only") for n, name in enumerate(COMMANDS)],
)
def test_a_refused_write_is_one_line_with_exit_7_and_changes_nothing(
    command: str,
    failure: str,
    example_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args, target = writing_commands(example_dir, tmp_path)[command]
    before = snapshot(example_dir)
    fake, hint = FAILURES[failure]
    if failure == "full":
        monkeypatch.setattr(os, "fsync", fake)
    else:
        monkeypatch.setattr(tempfile, "mkstemp", fake)
    code, _, err = run(*args)
    assert code == 7, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: cannot write "), err
    assert target in lines[0]
    assert hint in lines[0]
    assert "internal error" not in err
    assert snapshot(example_dir) == before  # no half file, no temporary file left


def test_render_on_a_full_disk_writes_no_document(
    example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example_dir / "docs" / "blueprint.md").unlink()
    before = snapshot(example_dir)
    monkeypatch.setattr(os, "fsync", _fail_fsync(ENOSPC))
    code, _, err = run("render", "--project", example_dir)
    assert code == 7, err
    assert "error: cannot write " in err
    assert "docs/blueprint.md: No space left on device" in err
    assert snapshot(example_dir) == before


def test_init_in_a_read_only_place_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Path, *args: Any, **kwargs: Any) -> None:  # noqa: ARG001
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    code, _, err = run("init", tmp_path / "riverton", "--municipality", "Riverton", "--no-git")
    assert code == 7, err
    assert "riverton" in err
    assert "read-only" in err
    assert "internal error" not in err
    assert not (tmp_path / "riverton").exists()


def test_a_file_where_the_measurements_folder_belongs(example_dir: Path) -> None:
    """A real refusal, even for root: the folder to write into is a file."""
    folder = example_dir / "measurements"
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.write_text("not a folder\n", encoding="utf-8")
    code, _, err = run(
        "indicators",
        "record",
        "active-ecosystem-partners",
        "30",
        "--date",
        "2026-01-01",
        "--project",
        example_dir,
    )
    assert code == 7, err
    assert "cannot write" in err
    assert "measurements/active-ecosystem-partners.yaml" in err
    assert "measurements is a file, not a folder (move the file away" in err
    assert folder.read_text(encoding="utf-8") == "not a folder\n"


def test_a_file_where_the_assets_folder_belongs(project_dir: Path) -> None:
    folder = project_dir / "assets"
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.write_text("", encoding="utf-8")
    code, _, err = run(
        "assets",
        "add",
        "--name",
        "Harbour Lab",
        "--sector",
        "stem_rich",
        "--stage",
        "middle",
        "--project",
        project_dir,
    )
    assert code == 7, err
    assert "cannot write assets/harbour-lab.yaml" in err.replace(str(project_dir) + "/", "")
    assert "internal error" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_really_read_only_project_folder(project_dir: Path) -> None:
    project_dir.chmod(0o555)
    try:
        code, _, err = run(
            "calendar",
            "add",
            "--title",
            "Kick-off",
            "--date",
            "2026-01-08",
            "--kind",
            "meeting",
            "--project",
            project_dir,
        )
    finally:
        project_dir.chmod(0o755)
    assert code == 7, err
    assert "cannot write" in err
    assert "calendar.yaml" in err
    assert not (project_dir / "calendar.yaml").exists()
