"""What stemeco remembers between commands never hides a change: the parse cache (a file
per project file), the remembered status report, and the needs-review count."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app

ORG = """\
name: Riverworks Science Center
sector: stem_rich
stages:
  - middle
needs_review: false
"""


def run(project: Path, *args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--project", str(project)])


def status_detail(project: Path, key: str) -> str:
    result = run(project, "status", "--json")
    assert result.exit_code == 0, result.output
    items = [i for m in json.loads(result.output)["milestones"] for i in m["items"]]
    return str(next(i["detail"] for i in items if i["key"] == key))


def cache_folder() -> Path:
    return Path(os.environ["STEMECO_CACHE_DIR"])


def test_a_file_rewritten_with_the_same_size_and_time_is_read_anew(project_dir: Path) -> None:
    path = project_dir / "assets" / "riverworks.yaml"
    path.write_text(ORG, encoding="utf-8")
    first = run(project_dir, "assets", "list", "--json")
    assert "Riverworks Science Center" in first.output
    before = path.stat()
    path.write_text(ORG.replace("Riverworks", "Riverworkz"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a careless tool might
    again = run(project_dir, "assets", "list", "--json")
    assert "Riverworkz Science Center" in again.output
    assert "Riverworks" not in again.output


def test_a_session_definition_rewritten_with_the_same_size_and_time_is_read_anew(
    free_project: Any,
) -> None:
    path = free_project.root / "studios" / "notes.yaml"
    assert run(free_project.root, "studio", "list").output.count("Session notes") == 1
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Session notes", "Session memos"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a careless tool might
    listed = run(free_project.root, "studio", "list").output
    assert "Session memos" in listed
    assert "Session notes" not in listed


def test_a_damaged_cache_is_parsed_again(project_dir: Path) -> None:
    path = project_dir / "assets" / "riverworks.yaml"
    path.write_text(ORG, encoding="utf-8")
    assert run(project_dir, "assets", "list", "--json").exit_code == 0
    entries = list(cache_folder().rglob("*.json"))
    assert entries
    for entry in entries:  # torn, emptied, or another file's entry
        entry.write_bytes(entry.read_bytes()[:-7] + b"garbage")
    result = run(project_dir, "assets", "list", "--json")
    assert result.exit_code == 0, result.output
    assert "Riverworks Science Center" in result.output


def test_check_finds_a_file_broken_after_it_was_cached(project_dir: Path) -> None:
    path = project_dir / "assets" / "riverworks.yaml"
    path.write_text(ORG, encoding="utf-8")
    assert run(project_dir, "check").exit_code == 0
    path.write_text(ORG + "sector: business\n", encoding="utf-8")
    result = run(project_dir, "check")
    assert result.exit_code == 1
    assert "riverworks.yaml:6: duplicate key 'sector' (also on line 2)" in result.output


def test_the_old_whole_project_cache_file_is_removed(project_dir: Path) -> None:
    from stemeco.storage.cache import cache_file

    old = cache_file(project_dir.resolve(), "parse-v2.json")
    assert old is not None
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text("{}", encoding="utf-8")
    assert run(project_dir, "status").exit_code == 0
    assert not old.exists()


def test_without_the_cache_nothing_is_remembered(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STEMECO_NO_CACHE", "1")
    (project_dir / "assets" / "riverworks.yaml").write_text(ORG, encoding="utf-8")
    assert run(project_dir, "status").exit_code == 0
    assert run(project_dir, "check").exit_code == 0
    assert not any(cache_folder().iterdir())


def test_status_shows_a_hand_edit_made_after_the_last_status(example_dir: Path) -> None:
    assert "Naomi Fischer" in status_detail(example_dir, "leader")
    team = example_dir / "team.yaml"
    team.write_text(
        team.read_text(encoding="utf-8").replace("Naomi Fischer", "Naomi Fisher"), "utf-8"
    )
    assert "Naomi Fisher" in status_detail(example_dir, "leader")


def test_status_on_a_new_day_is_worked_out_again(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(project_dir, "calendar", "add", "--title", "Studio I", "--date", "2026-03-10",
               "--kind", "studio").exit_code == 0  # fmt: skip
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772582400")  # 2026-03-04
    assert "overdue" not in status_detail(project_dir, "calendar")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773532800")  # 2026-03-15
    assert "1 overdue: Studio I (2026-03-10)" in status_detail(project_dir, "calendar")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (ORG, False),
        (ORG.replace("needs_review: false", "needs_review: true"), True),
        (ORG.replace("needs_review: false", "needs_review: True  # check the sector"), True),
        (ORG.replace("needs_review: false\n", ""), False),
        (ORG + "programs:\n  - name: Robotics\n    needs_review: true\n", True),
        (ORG + "# set needs_review: true when in doubt\n", False),
        (ORG + "review_reason: 'needs_review: true was set by hand'\n", False),
    ],
)
def test_status_counts_the_records_that_need_review(
    project_dir: Path, text: str, flagged: bool
) -> None:
    (project_dir / "assets" / "riverworks.yaml").write_text(text, encoding="utf-8")
    (project_dir / "assets" / "oak.yaml").write_text(
        ORG.replace("Riverworks Science Center", "Oak Library"), encoding="utf-8"
    )
    detail = status_detail(project_dir, "asset_map")
    assert detail.startswith("2 organisations")
    assert ("1 needs review" in detail) is flagged
    listed = run(project_dir, "assets", "list", "--needs-review", "--json")
    assert ("Riverworks Science Center" in listed.output) is flagged
