"""stemeco calendar: show with overdue items, add, done, the iCalendar export, the gantt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner, Result

from stemeco.cli.app import app


def run(project_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(project_dir)])


def add_three(project_dir: Path) -> None:
    for args in (
        [
            "--title",
            "Studio I: Innovation",
            "--date",
            "2026-02-05",
            "--kind",
            "studio",
            "--part-of",
            "studio-1",
            "--done",
        ],
        ["--title", "Blueprint approved", "--date", "2026-06-18", "--kind", "milestone"],
        [
            "--title",
            "Summer internships",
            "--date",
            "2027-06-21",
            "--end",
            "2027-07-30",
            "--kind",
            "launch",
        ],
    ):
        result = CliRunner().invoke(app, ["calendar", "add", "--project", str(project_dir), *args])
        assert result.exit_code == 0, result.output


def test_show_marks_overdue_on_the_given_day(project_dir: Path) -> None:
    add_three(project_dir)
    result = CliRunner().invoke(
        app, ["calendar", "--project", str(project_dir), "--today", "2026-11-22"]
    )
    assert result.exit_code == 0, result.output
    assert "[x] 2026-02-05" in result.output
    assert "[!] 2026-06-18" in result.output
    assert "[ ] 2027-06-21 to 2027-07-30" in result.output
    assert "1 overdue on 2026-11-22: Blueprint approved" in result.output
    early = CliRunner().invoke(
        app, ["calendar", "--project", str(project_dir), "--today", "2026-01-01"]
    )
    assert "Nothing is overdue on 2026-01-01." in early.output


def test_done_clears_overdue(project_dir: Path) -> None:
    add_three(project_dir)
    assert run(project_dir, "calendar", "done", "blueprint-approved").exit_code == 0
    result = CliRunner().invoke(
        app, ["calendar", "--project", str(project_dir), "--today", "2026-11-22"]
    )
    assert "Nothing is overdue" in result.output
    missing = run(project_dir, "calendar", "done", "nope")
    assert missing.exit_code == 2
    assert "no event 'nope'" in missing.output


def test_ics_export_parses_back(project_dir: Path, tmp_path: Path) -> None:
    add_three(project_dir)
    out = tmp_path / "design.ics"
    result = CliRunner().invoke(
        app, ["calendar", "--project", str(project_dir), "--today", "2026-11-22", "--ics", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 3 events" in result.output
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == [
        "Studio I: Innovation",
        "Blueprint approved",
        "Summer internships",
    ]
    last = events[2]
    assert last.decoded("DTSTART") == dt.date(2027, 6, 21)
    assert last.decoded("DTEND") == dt.date(2027, 7, 31)  # the end day is included
    assert len({str(e["UID"]) for e in events}) == 3
    assert str(cal["VERSION"]) == "2.0"


def test_gantt_in_the_blueprint(project_dir: Path) -> None:
    add_three(project_dir)
    assert run(project_dir, "render").exit_code == 0
    text = (project_dir / "docs" / "blueprint.md").read_text(encoding="utf-8")
    assert "```mermaid\ngantt" in text
    assert "Studio I\uff1a Innovation :done, e_studio_i_innovation, 2026-02-05, 1d" in text
    assert "Blueprint approved :milestone, e_blueprint_approved, 2026-06-18, 0d" in text
    assert "Summer internships :e_summer_internships, 2027-06-21, 40d" in text
    first = text
    assert run(project_dir, "render").exit_code == 0
    assert (project_dir / "docs" / "blueprint.md").read_text(encoding="utf-8") == first


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--title", "X", "--date", "2026-13-01", "--kind", "studio"], 4, "is not a date"),
        (["--title", "X", "--date", "2026-01-01", "--kind", "party"], 4, "'party' is not one"),
        (
            ["--title", "X", "--date", "2026-02-01", "--end", "2026-01-01", "--kind", "meeting"],
            4,
            "ends before it starts",
        ),
        (["--title", "X"], 6, "needs --title, --date, --kind"),
    ],
)
def test_add_errors(project_dir: Path, args: list[str], code: int, message: str) -> None:
    result = CliRunner().invoke(app, ["calendar", "add", "--project", str(project_dir), *args])
    assert result.exit_code == code, result.output
    assert message in result.output
    assert not (project_dir / "calendar.yaml").exists()


def test_duplicate_id_and_bad_today(project_dir: Path) -> None:
    add_three(project_dir)
    again = CliRunner().invoke(
        app,
        [
            "calendar",
            "add",
            "--project",
            str(project_dir),
            "--title",
            "Blueprint approved",
            "--date",
            "2026-07-01",
            "--kind",
            "meeting",
        ],
    )
    assert again.exit_code == 2
    assert "already has an event 'blueprint-approved'" in again.output
    bad = CliRunner().invoke(app, ["calendar", "--project", str(project_dir), "--today", "soon"])
    assert bad.exit_code == 2
    assert "--today: 'soon' is not a date" in bad.output


def test_broken_calendar_names_line(project_dir: Path) -> None:
    (project_dir / "calendar.yaml").write_text(
        "events:\n  - title: A\n    date: 2026-01-01\n    kind: studio\n"
        "  - title: B\n    date: tomorrow\n",
        encoding="utf-8",
    )
    result = run(project_dir, "calendar")
    assert result.exit_code == 3
    assert "calendar.yaml:6: events[2].date: 'tomorrow' is not a date" in result.output
