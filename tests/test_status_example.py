"""The shipped example does not decay, and its people and dates agree across documents.

``stemeco init --example`` tells the Millbrook story as seen on the day it is
made (stemeco.project.example): made a year later, or any day, it shows nothing
overdue, nothing planned in the past and nothing done in the future.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.project.create import create
from stemeco.project.example import ANCHOR, Shift
from stemeco.resources import example_dir

runner = CliRunner()
A_YEAR_LATER = dt.date.today() + dt.timedelta(days=365)


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC).timestamp()))


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example made a year from now (SOURCE_DATE_EPOCH), read on that day."""
    folder = tmp_path_factory.mktemp("later")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch(A_YEAR_LATER))
        patch.setenv("STEMECO_CACHE_DIR", str(folder / "cache"))
        create(folder / "project", "Millbrook", example=True, git=False)
        yield folder / "project"


def run(project: Path, *args: str) -> Any:
    return runner.invoke(
        app, [*args, "--project", str(project)], env={"SOURCE_DATE_EPOCH": epoch(A_YEAR_LATER)}
    )


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_made_a_year_later_nothing_is_overdue(later: Path) -> None:
    result = run(later, "status", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    items = {i["key"]: i for m in data["milestones"] for i in m["items"]}
    assert items["calendar"]["state"] == "done", items["calendar"]
    assert "overdue" not in result.stdout
    assert items["self-assessment"]["state"] == "done"
    assert items["approval"]["state"] == "done"
    assert items["launch-work-hard"]["due"] > A_YEAR_LATER.isoformat()
    calendar = json.loads(run(later, "calendar", "--json").stdout)
    assert calendar["today"] == A_YEAR_LATER.isoformat()
    assert [e["title"] for e in calendar["events"] if e["overdue"]] == []
    assert run(later, "render", "--check").exit_code == 0
    checked = run(later, "check")
    assert checked.exit_code == 0, checked.output


def test_made_a_year_later_past_is_done_and_planned_is_ahead(later: Path) -> None:
    today = A_YEAR_LATER.isoformat()
    for event in load(later / "calendar.yaml")["events"]:
        last = event.get("end", event["date"])
        assert (last < today) if event["done"] else (event["date"] > today), event
    for kind, launch in load(later / "launches.yaml").items():
        assert (launch["date"] <= today) == launch["done"], kind
    for approval in load(later / "approvals.yaml")["blueprint"]:
        assert approval["date"] <= today
    for path in (later / "measurements").glob("*.yaml"):
        assert all(m["date"] <= today for m in load(path)["measurements"]), path.name
    for folder in (later / "assessments").iterdir():
        assert folder.name <= today
        assert all(load(p)["round"] == folder.name for p in folder.glob("*.yaml"))
    for path in (later / "interviews").glob("*.yaml"):
        assert path.name.startswith(load(path)["date"])
        assert load(path)["date"] <= today
    for path in (later / "assets").glob("*.yaml"):
        assert load(path)["provenance"]["imported"] <= today


def dated(data: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every (where, YYYY-MM-DD) in a file's data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from dated(value, f"{where}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from dated(value, f"{where}[{index}]")
    elif isinstance(data, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data):
        yield where, data


def test_the_story_keeps_its_shape_on_any_day() -> None:
    """Each date of the packaged example is past or planned as seen on its anchor day,
    by at least a week for planned ones; a shift in whole weeks, rounded down, keeps
    every one on its side of any day it is made."""
    source = example_dir()
    past: list[tuple[str, str]] = []
    ahead: list[tuple[str, str]] = []
    for path in sorted(source.rglob("*.yaml")):
        for where, day in dated(load(path), path.relative_to(source).as_posix()):
            (past if day < ANCHOR.isoformat() else ahead).append((where, day))
    assert past
    assert ahead
    for where, day in ahead:
        assert dt.date.fromisoformat(day) >= ANCHOR + dt.timedelta(days=7), where
        # What lies ahead is what is planned: open events and launches, actions, targets.
        assert re.search(r"(events|work-hard|actions|indicators)", where), where
    for offset in range(-800, 2000, 3):
        made = ANCHOR + dt.timedelta(days=offset)
        shift = Shift.for_day(made)
        assert all(shift.date(day) < made.isoformat() for _, day in past), made
        assert all(shift.date(day) > made.isoformat() for _, day in ahead), made


def test_every_date_and_year_in_the_text_moves() -> None:
    shift = Shift(371)  # 53 weeks: a year and a week
    assert shift.years == 1
    moved = shift.text(
        'date: "2026-09-24" in 2024-25, data 2022-2025, class of 2028; 1,140 students; '
        "sha256:0b4a2026; $2,025"
    )
    assert moved == (
        'date: "2027-09-30" in 2025-26, data 2023-2026, class of 2029; 1,140 students; '
        "sha256:0b4a2026; $2,025"
    )
    assert shift.path("interviews/2025-11-04-dr-helen-marsh.yaml") == (
        "interviews/2026-11-10-dr-helen-marsh.yaml"
    )
    assert Shift.for_day(ANCHOR + dt.timedelta(days=13)).days == 7  # whole weeks, rounded down


# --------------------------------------------------------------------------- consistency

PERSON = re.compile(r"^(?P<name>[^,]+), (?P<organisation>.+)$")


def people() -> dict[str, dict[str, str]]:
    """Everyone on team.yaml: name -> organisation and role (the same on both teams)."""
    team = load(example_dir() / "team.yaml")
    found: dict[str, dict[str, str]] = {team["leader"]["name"]: team["leader"]}
    for member in team["leadership_team"] + team["design_team"]:
        known = found.setdefault(member["name"], member)
        assert (known["organisation"], known["role"]) == (
            member["organisation"],
            member["role"],
        ), member["name"]
    return found


def mentions() -> Iterator[tuple[str, str]]:
    """Every 'Name, Organisation' the example's documents give for a person."""
    source = example_dir()
    plan = load(source / "sessions" / "business-plan.yaml")["answers"]
    for text in [
        *(s for launch in load(source / "launches.yaml").values() for s in launch["speakers"]),
        *(g["chair"] for g in plan["working_groups"]),
        *(r["owner"] for r in plan["risks"]),
    ]:
        match = PERSON.match(text)
        if match:
            yield match["name"], match["organisation"]


def test_people_agree_across_documents() -> None:
    source = example_dir()
    team = load(source / "team.yaml")
    everyone = people()
    leader = team["leader"]["name"]
    plan = load(source / "sessions" / "business-plan.yaml")["answers"]
    staff = {s["role"]: s.get("name") for s in plan["backbone_staff"]}
    assert staff["Ecosystem leader"] == leader
    # A person named in a document works where team.yaml says; nobody has two jobs.
    for name, organisation in mentions():
        if name in everyone:
            assert everyone[name]["organisation"] == organisation, (name, organisation)
    named_staff = {name for name in staff.values() if name}
    for name in named_staff - {leader}:
        assert name not in everyone, f"{name} is backbone staff and also on a team"
    # "nine members, one from each sector" is what team.yaml holds.
    leadership = team["leadership_team"]
    assert "The Leadership Team has nine members" in plan["leadership_team_role"]
    assert len(leadership) == 9
    assert {m["sector"] for m in leadership} >= {m["sector"] for m in team["design_team"]}
    chair = next(m["name"] for m in leadership if m["role"].startswith("Chair"))
    assert f"{chair} chairs it" in plan["leadership_team_role"]
    assert chair in load(source / "approvals.yaml")["blueprint"][-1]["note"]
    # Whoever rates the ecosystem or leads an interview is on a team.
    for path in source.glob("assessments/*/*.yaml"):
        assert load(path)["respondent"] in everyone, path.name
    for path in source.glob("interviews/*.yaml"):
        assert load(path)["interviewer"] in everyone, path.name
    assert "Dana Whitaker" not in "".join(
        p.read_text(encoding="utf-8") for p in source.rglob("*.yaml")
    )


def test_dates_agree_across_documents() -> None:
    source = example_dir()
    events = {e["id"]: e for e in load(source / "calendar.yaml")["events"]}
    approval = load(source / "approvals.yaml")["blueprint"][-1]
    assert events["blueprint-approval"]["date"] == approval["date"]
    assert events["studio-4"]["date"] < approval["date"]
    launches = load(source / "launches.yaml")
    for kind, launch in launches.items():
        event = events[f"{kind}-launch"]
        assert (event["date"], event["done"], event["kind"]) == (
            launch["date"],
            launch["done"],
            "launch",
        ), kind
        assert event["part_of"] == (
            "milestone-3" if kind.startswith("ecosystem") else "milestone-4"
        )
    order = ["ecosystem-soft", "ecosystem-hard", "work-soft", "work-hard"]
    assert [launches[k]["date"] for k in order] == sorted(launches[k]["date"] for k in order)
    assert approval["date"] < launches["ecosystem-soft"]["date"]
    rounds = sorted(p.name for p in (source / "assessments").iterdir())
    assessed = sorted(e["date"] for e in events.values() if e["part_of"] == "milestone-5")
    assert set(rounds) <= set(assessed)
    mapping = events["asset-mapping"]
    for path in source.glob("interviews/*.yaml"):
        assert mapping["date"] <= load(path)["date"] <= mapping["end"], path.name
