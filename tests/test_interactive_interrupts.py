"""What Ctrl-C says is true: an interrupted import names the files it wrote and a rerun
completes it; any other command names what it had written, or says nothing changed.

Ctrl-C is simulated where it would land (during the writes) by making a write raise
KeyboardInterrupt, as the signal would; the command then runs in-process (CliRunner).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.storage.files import atomic_write_text

ORGS = (
    "Name,Sector,Website\n"
    "Riverworks Science Center,stem_rich,https://riverworks.example\n"
    "Northstar Youth Clubs,out_of_school,\n"
    "Kessler Precision,business,\n"
)


def run(project_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--project", str(project_dir)])


def stop_after(writes: int) -> Callable[..., None]:
    """A write that does its job ``writes`` times, then is interrupted before the next."""
    done: list[Path] = []

    def write(path: Path, text: str, **options: Any) -> None:
        if len(done) == writes:
            raise KeyboardInterrupt
        atomic_write_text(path, text, **options)
        done.append(path)

    return write


def stop_moves_after(moves: int) -> Callable[[Path, Path], None]:
    """An import puts its files in place one by one (each written and on disk already):
    interrupted after ``moves`` of them."""
    done: list[Path] = []

    def move(temporary: Path, path: Path) -> None:
        if len(done) == moves:
            raise KeyboardInterrupt
        temporary.replace(path)
        done.append(path)

    return move


def test_an_import_interrupted_before_its_files_are_in_place_changes_nothing(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "orgs.csv"
    csv.write_text(ORGS, encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr("stemeco.storage.files._move", stop_moves_after(0))
        result = run(project_dir, "assets", "import", str(csv))
    assert result.exit_code == 130
    assert "Interrupted while writing: 0 of 3 files written" in result.output
    assert assets(project_dir) == {}
    assert [p.name for p in (project_dir / "assets").iterdir()] == [".gitkeep"]  # no leftovers


def assets(project_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project_dir / "assets").glob("*.yaml"))}


def test_an_interrupted_import_names_what_it_wrote_and_a_rerun_completes_it(
    project_dir: Path, new_project: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "orgs.csv"
    csv.write_text(ORGS, encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr("stemeco.storage.files._move", stop_moves_after(2))
        result = run(project_dir, "assets", "import", str(csv))
    assert result.exit_code == 130
    assert (
        "Interrupted while writing: 2 of 3 files written, each one whole "
        "(assets/riverworks-science-center.yaml, assets/northstar-youth-clubs.yaml). "
        "Import the same file again to write the rest." in result.output
    )
    assert "nothing was changed" not in result.output
    assert sorted(assets(project_dir)) == [
        "northstar-youth-clubs.yaml",
        "riverworks-science-center.yaml",
    ]

    again = run(project_dir, "assets", "import", str(csv))
    assert again.exit_code == 0, again.output
    assert "Created 1 file, updated 0, 2 unchanged." in again.output
    clean = new_project("clean", "Riverton", country="Testland")
    assert run(clean, "assets", "import", str(csv)).exit_code == 0
    assert assets(project_dir) == assets(clean)  # as if it had never been interrupted


def test_ctrl_c_after_a_command_wrote_files_names_them(
    example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example_dir / "docs" / "blueprint.md").unlink()
    (example_dir / "docs" / "business-plan.md").unlink()
    monkeypatch.setattr("stemeco.documents.output.atomic_write_text", stop_after(1))
    result = run(example_dir, "render")
    assert result.exit_code == 130
    assert "Interrupted; this command had already written 1 file, each one whole: " in (
        result.output
    )
    assert "blueprint.md" in result.output
    assert "nothing was changed" not in result.output


def test_ctrl_c_before_any_write_says_nothing_changed(
    example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example_dir / "docs" / "blueprint.md").unlink()
    monkeypatch.setattr("stemeco.documents.output.atomic_write_text", stop_after(0))
    result = run(example_dir, "render")
    assert result.exit_code == 130
    assert "Interrupted; nothing was changed by this command." in result.output
