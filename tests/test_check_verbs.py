"""The missing verbs (`calendar edit|remove`, `indicators edit|remove`) and `--json` on
every read command, used as a person would: CliRunner, exit codes, the files after."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from stemeco.cli.app import app


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--project", str(project)])
    return result.exit_code, result.stdout, result.stderr


CALENDAR = """\
# Our design calendar. Dates agreed with the principals.
events:
  - id: kickoff
    title: Kick-off
    date: "2026-01-08"  # the first Thursday after the holidays
    kind: meeting
    done: true
  # Studio I moved once because of the snow.
  - title: Studio I
    date: "2026-02-05"
    end: "2026-02-06"
    kind: studio
    part_of: studio-1
    done: false
  # the approval needs a quorum
  - id: approval
    title: Blueprint approved
    date: "2026-06-18"
    kind: milestone
    done: false
"""


def events(project: Path) -> list[dict[str, object]]:
    data = yaml.safe_load((project / "calendar.yaml").read_text(encoding="utf-8"))
    return list(data["events"])


def test_calendar_edit_changes_only_what_is_given_and_keeps_comments_and_the_id(
    project_dir: Path,
) -> None:
    (project_dir / "calendar.yaml").write_text(CALENDAR, encoding="utf-8")
    code, out, err = run(
        project_dir,
        "calendar",
        "edit",
        "studio-i",
        "--title",
        "Studio I: Innovation",
        "--end",
        "",
        "--part-of",
        "",
    )
    assert code == 0, err
    assert "Updated 'Studio I: Innovation' on 2026-02-05 [studio-i] in calendar.yaml." in out
    text = (project_dir / "calendar.yaml").read_text(encoding="utf-8")
    for comment in (
        "# Our design calendar. Dates agreed with the principals.",
        "# the first Thursday after the holidays",
        "# Studio I moved once because of the snow.",
        "# the approval needs a quorum",
    ):
        assert comment in text
    second = events(project_dir)[1]
    # The id it had (from the old title) is written down, so nothing that names it breaks.
    assert second == {
        "id": "studio-i",
        "title": "Studio I: Innovation",
        "date": "2026-02-05",
        "kind": "studio",
        "done": False,
    }
    assert run(project_dir, "check")[0] == 0


def test_calendar_edit_refuses_what_add_refuses_and_changes_nothing(project_dir: Path) -> None:
    (project_dir / "calendar.yaml").write_text(CALENDAR, encoding="utf-8")
    before = (project_dir / "calendar.yaml").read_bytes()
    cases = [
        (["studio-i", "--end", "2026-02-01"], 4, "--end: ends before it starts"),
        (["studio-i", "--kind", "party"], 4, "--kind: 'party' is not one of"),
        (["studio-i", "--id", "kickoff"], 2, "already has an event 'kickoff'"),
        (["studio-i", "--title", ""], 2, "--title is empty"),
        (["studio-i"], 2, "nothing to change"),
        (["nope", "--title", "X"], 2, "no event 'nope' in calendar.yaml"),
    ]
    for args, code, message in cases:
        got, _, err = run(project_dir, "calendar", "edit", *args)
        assert got == code, (args, err)
        assert message in err, (args, err)
    assert (project_dir / "calendar.yaml").read_bytes() == before


def test_calendar_remove_keeps_the_other_events_and_their_comments(project_dir: Path) -> None:
    (project_dir / "calendar.yaml").write_text(CALENDAR, encoding="utf-8")
    code, out, _ = run(project_dir, "calendar", "remove", "kickoff")
    assert code == 0
    assert "Removed 'Kick-off' (2026-01-08) from calendar.yaml." in out
    text = (project_dir / "calendar.yaml").read_text(encoding="utf-8")
    assert "# Our design calendar." in text
    assert "# Studio I moved once because of the snow." in text
    assert "# the approval needs a quorum" in text
    assert "first Thursday" not in text  # the removed event's own comment goes with it
    assert [e["title"] for e in events(project_dir)] == ["Studio I", "Blueprint approved"]
    code, _, err = run(project_dir, "calendar", "remove", "kickoff")
    assert code == 2
    assert "no event 'kickoff'" in err


def test_calendar_json_and_list_agree_after_an_edit(project_dir: Path) -> None:
    (project_dir / "calendar.yaml").write_text(CALENDAR, encoding="utf-8")
    assert run(project_dir, "calendar", "edit", "approval", "--date", "2026-06-25")[0] == 0
    code, out, _ = run(project_dir, "calendar", "--json")
    assert code == 0
    shown = {e["id"]: e["date"] for e in json.loads(out)["events"]}
    assert shown["approval"] == "2026-06-25"


# ------------------------------------------------------------------ indicators


ADD = [
    "indicators", "add", "--name", "Teachers in externships", "--pillar", "workforce",
    "--baseline", "4", "--target", "20", "--target-date", "2027-06-30",
]  # fmt: skip


def test_indicators_edit_changes_an_added_indicator_and_keeps_its_id(example_dir: Path) -> None:
    assert run(example_dir, *ADD)[0] == 0
    path = example_dir / "indicators" / "teachers-in-externships.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "# counted by the district HR office\n",
        encoding="utf-8",
    )
    code, out, err = run(
        example_dir, "indicators", "edit", "teachers-in-externships",
        "--name", "Teachers in summer externships", "--owner", "Dr. Lena Ortiz",
        "--target-date", "",
    )  # fmt: skip
    assert code == 0, err
    assert "Updated the indicator 'teachers-in-externships'" in out
    text = path.read_text(encoding="utf-8")
    assert "# counted by the district HR office" in text
    data = yaml.safe_load(text)
    assert data["name"] == "Teachers in summer externships"
    assert data["owner"] == "Dr. Lena Ortiz"
    assert "target_date" not in data
    code, out, _ = run(example_dir, "indicators", "list", "--json")
    added = next(i for i in json.loads(out)["indicators"] if i["id"] == "teachers-in-externships")
    assert added["owner"] == "Dr. Lena Ortiz"
    assert run(example_dir, "check")[0] == 0


def test_indicators_edit_checks_values_like_add(example_dir: Path) -> None:
    assert run(example_dir, *ADD)[0] == 0
    path = example_dir / "indicators" / "teachers-in-externships.yaml"
    before = path.read_bytes()
    for args, message in [
        (["--pillar", "fun"], "--pillar: 'fun' is not one of the choices"),
        (["--frequency", "hourly"], "--frequency: 'hourly' is not one of the choices"),
        (["--target-date", "2027-02-30"], "--target-date: '2027-02-30' is not a date"),
        (["--baseline-date", "2028-01-01"], "--target-date: 2027-06-30 is before the baseline"),
        (["--name", ""], "--name: cannot be emptied"),
    ]:
        code, _, err = run(example_dir, "indicators", "edit", "teachers-in-externships", *args)
        assert code == 4, (args, err)
        assert message in err, (args, err)
    assert path.read_bytes() == before


def test_studio_iv_indicators_are_changed_in_the_studio(example_dir: Path) -> None:
    session = (example_dir / "sessions" / "studio-4.yaml").read_bytes()
    ident = "active-ecosystem-partners"
    for verb in (["edit", ident, "--owner", "X"], ["remove", ident]):
        code, _, err = run(example_dir, "indicators", *verb)
        assert code == 2
        assert "is one of Studio IV's indicators" in err
        assert "stemeco studio run 4 --step indicators" in err
    assert (example_dir / "sessions" / "studio-4.yaml").read_bytes() == session


def test_indicators_remove_keeps_measurements_unless_asked(example_dir: Path) -> None:
    assert run(example_dir, *ADD)[0] == 0
    ident = "teachers-in-externships"
    code, _, _ = run(example_dir, "indicators", "record", ident, "7", "--date", "2026-06-01")
    assert code == 0
    measured = example_dir / "measurements" / f"{ident}.yaml"
    code, _, err = run(example_dir, "indicators", "remove", ident)
    assert code == 2
    assert "has 1 measurement in" in err
    assert "--with-measurements" in err
    assert (example_dir / "indicators" / f"{ident}.yaml").exists()
    assert measured.exists()
    code, out, _ = run(example_dir, "indicators", "remove", ident, "--with-measurements")
    assert code == 0
    assert f"deleted indicators/{ident}.yaml and measurements/{ident}.yaml" in out
    assert not measured.exists()
    code, _, err = run(example_dir, "indicators", "remove", ident)
    assert code == 2
    assert f"no indicator with id '{ident}'" in err
    assert run(example_dir, "check")[0] == 0


def test_an_unmeasured_added_indicator_is_removed_at_once(project_dir: Path) -> None:
    assert run(project_dir, *ADD)[0] == 0
    code, out, _ = run(project_dir, "indicators", "remove", "teachers-in-externships")
    assert code == 0
    assert "deleted indicators/teachers-in-externships.yaml)" in out
    assert not any((project_dir / "indicators").iterdir())


# ------------------------------------------------------------------ --json


def test_every_read_command_speaks_json(example_dir: Path) -> None:
    code, out, _ = run(example_dir, "indicators", "list", "--json")
    assert code == 0
    indicators = json.loads(out)["indicators"]
    first = indicators[0]
    assert {"id", "name", "pillar", "baseline", "target", "latest_value", "status"} <= set(first)

    code, out, _ = run(example_dir, "launch", "list", "--json")
    assert code == 0
    launches = {row["kind"]: row for row in json.loads(out)["launches"]}
    assert list(launches) == ["ecosystem-soft", "ecosystem-hard", "work-soft", "work-hard"]
    assert launches["ecosystem-soft"]["done"] is True
    assert launches["ecosystem-soft"]["speakers"]

    code, out, _ = run(example_dir, "studio", "list", "--json")
    assert code == 0
    sessions = {row["id"]: row for row in json.loads(out)["sessions"]}
    assert sessions["studio-1"]["number"] == 1
    assert sessions["studio-1"]["status"] == "complete"
    assert sessions["studio-1"]["answered"] == sessions["studio-1"]["total"]

    code, out, _ = run(example_dir, "check", "--json")
    assert code == 0
    assert json.loads(out)["valid"] is True


def test_json_of_a_new_project(project_dir: Path) -> None:
    for args, key in (
        (["indicators", "list"], "indicators"),
        (["launch", "list"], "launches"),
        (["studio", "list"], "sessions"),
    ):
        code, out, _ = run(project_dir, *args, "--json")
        assert code == 0
        assert key in json.loads(out)
    launches = json.loads(run(project_dir, "launch", "list", "--json")[1])["launches"]
    assert all(row["date"] is None and row["done"] is False for row in launches)
