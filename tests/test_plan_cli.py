"""CliRunner tests of indicators, launch, assess, approve and status for milestones 1-5."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from example_shift import example_shift
from typer.testing import CliRunner

from stemeco import text as planutil
from stemeco.cli.app import app
from stemeco.plan.assessment import THRIVING
from stemeco.project.create import create
from stemeco.project.example import ANCHOR

runner = CliRunner()
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planutil, "today", lambda: TODAY)


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--project", str(project)])
    return result.exit_code, result.stdout, result.stderr


def status_json(project: Path) -> dict[str, Any]:
    code, out, _ = run(project, "status", "--json")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    return data


def items(project: Path) -> dict[str, dict[str, str]]:
    data = status_json(project)
    found: dict[str, dict[str, str]] = {}
    for milestone in data["milestones"]:
        for item in milestone["items"]:
            found[item["key"]] = item
    return found


# --------------------------------------------------------------------------- status


def test_status_of_the_example_covers_every_milestone(
    example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read on a day of the example's story (its dates move with the day it was made).
    story_day = ANCHOR + dt.timedelta(days=example_shift(example_dir).days + 3)
    monkeypatch.setattr(planutil, "today", lambda: story_day)
    data = status_json(example_dir)
    states = {m["number"]: m["state"] for m in data["milestones"]}
    # Milestone 1 stays in progress: the Design Team still misses a stakeholder group.
    assert states == {1: "in_progress", 2: "in_progress", 3: "done", 4: "in_progress", 5: "done"}
    found = items(example_dir)
    assert found["approval"]["state"] == "done"
    assert found["business-plan"]["state"] == "done"
    assert found["measurements"]["detail"].startswith("5 of 8 measured")
    assert found["launch-work-hard"]["state"] == "in_progress"
    assert "disagree on 1" in found["self-assessment"]["detail"]
    # The earliest open item comes first: completing the Design Team.
    assert data["next_action"]["command"] == (
        'stemeco team add design --name "..." --organisation "..." --sector community'
    )
    code, out, _ = run(example_dir, "status")
    assert code == 0
    assert "[x] 5. A thriving ecosystem" in out


def test_status_of_a_new_project_lists_what_is_missing(project_dir: Path) -> None:
    found = items(project_dir)
    for key in (
        "business-plan",
        "approval",
        "indicators",
        "self-assessment",
        "launch-ecosystem-soft",
    ):
        assert found[key]["state"] == "missing", key


def test_status_imports_no_heavy_module(example_dir: Path) -> None:
    # As right after `stemeco init` or `stemeco render`: the cache knows the documents are
    # current. (This copy of the example is new to the cache, like a fresh clone would be.)
    assert run(example_dir, "render")[0] == 0
    code = (
        "import sys\n"
        "from stemeco.cli.app import app\n"
        "try:\n"
        "    app(['status', '--json', '--project', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('ruamel', 'jinja2', 'questionary', 'rich') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    # Run where a user would, in the project: from the repository's folder, `-c` would
    # import the source tree instead of the installed package the render above used.
    # The same day as this module's pinned today: the staleness stamp covers the day.
    epoch = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC).timestamp()
    done = subprocess.run(
        [sys.executable, "-c", code, str(example_dir)],
        capture_output=True,
        text=True,
        check=True,
        cwd=example_dir,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(int(epoch))},
    )
    assert "HEAVY []" in done.stdout


def test_self_assessment_more_than_a_year_old_is_due(
    example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    latest = dt.date.fromisoformat(example_shift(example_dir).date("2026-09-24"))
    monkeypatch.setattr(planutil, "today", lambda: latest + dt.timedelta(days=366))
    item = items(example_dir)["self-assessment"]
    assert item["state"] == "in_progress"
    assert "more than a year old" in item["detail"]


# --------------------------------------------------------------------------- indicators


def test_indicators_list_shows_ids_and_progress(example_dir: Path) -> None:
    code, out, _ = run(example_dir, "indicators", "list")
    assert code == 0
    assert "active-ecosystem-partners" in out
    assert f"latest 29 on {example_shift(example_dir).date('2026-09-30')}; on track" in out
    assert "off track" in out


def test_record_appends_and_keeps_comments(example_dir: Path) -> None:
    path = example_dir / "measurements" / "active-ecosystem-partners.yaml"
    code, out, _ = run(
        example_dir,
        "indicators",
        "record",
        "active-ecosystem-partners",
        "33",
        "--date",
        "2026-11-15",
        "--note",
        "no",
    )
    assert code == 0, out
    assert "Recorded 33" in out
    text = path.read_text()
    assert "# Counted by the ecosystem leader" in text
    data = yaml.safe_load(text)
    assert data["measurements"][-1] == {"date": "2026-11-15", "value": 33, "note": "no"}


def test_record_a_new_indicator_creates_its_file_with_today(example_dir: Path) -> None:
    ident = "graduates-entering-technical-and-stem-training"
    code, out, _ = run(example_dir, "indicators", "record", ident, "12.5%")
    assert code == 0, out
    data = yaml.safe_load((example_dir / "measurements" / f"{ident}.yaml").read_text())
    assert data == {"indicator": ident, "measurements": [{"date": "2026-11-22", "value": 12.5}]}


@pytest.mark.parametrize(
    ("args", "message", "exit_code"),
    [
        (["no-such-id", "3"], "no indicator with id 'no-such-id'", 2),
        (["active-ecosystem-partners", "many"], "'many' is not a number", 2),
        (["active-ecosystem-partners", "3", "--date", "2026-02-30"], "is not a date", 2),
        (["active-ecosystem-partners", "3", "--date", "2027-01-01"], "in the future", 2),
    ],
)
def test_record_refuses_bad_input_and_writes_nothing(
    example_dir: Path, args: list[str], message: str, exit_code: int
) -> None:
    path = example_dir / "measurements" / "active-ecosystem-partners.yaml"
    before = path.read_bytes()
    code, _, err = run(example_dir, "indicators", "record", *args)
    assert code == exit_code
    assert message in err
    assert err.count("\n") == 1
    assert path.read_bytes() == before


def test_record_refuses_a_broken_measurement_file(example_dir: Path) -> None:
    path = example_dir / "measurements" / "active-ecosystem-partners.yaml"
    path.write_text("indicator: x\nmeasurements: [\n")
    code, _, err = run(example_dir, "indicators", "record", "active-ecosystem-partners", "3")
    assert code == 3
    assert "active-ecosystem-partners.yaml:" in err
    assert path.read_text() == "indicator: x\nmeasurements: [\n"


def test_add_indicator_then_record_and_render(example_dir: Path) -> None:
    code, out, _ = run(
        example_dir,
        "indicators",
        "add",
        "--name",
        "Teachers in externships",
        "--pillar",
        "Teaching & Learning",
        "--baseline",
        "0",
        "--target",
        "30",
        "--target-date",
        "2027-08-31",
        "--data-source",
        "Riverworks records",
        "--owner",
        "Riverworks",
        "--frequency",
        "yearly",
    )
    assert code == 0, out
    data = yaml.safe_load((example_dir / "indicators" / "teachers-in-externships.yaml").read_text())
    assert data["pillar"] == "teaching_learning"
    assert data["baseline"] == "0"
    code, out, _ = run(example_dir, "indicators", "record", "teachers-in-externships", "12")
    assert code == 0
    code, _, _ = run(example_dir, "render")
    assert code == 0
    sheet = (example_dir / "docs" / "indicators.csv").read_text()
    assert "teachers-in-externships,Teachers in externships,Teaching & Learning" in sheet
    assert items(example_dir)["indicators"]["detail"] == "9 indicators, 8 from Studio IV, 1 added"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "X y z", "--pillar", "weather"], "--pillar: 'weather' is not one of"),
        (["--name", "Xyz", "--pillar", "systems", "--target-date", "soon"], "--target-date"),
        (
            ["--name", "Xyz", "--pillar", "systems", "--baseline-date", "2026-1-1"],
            "--baseline-date",
        ),
        (["--name", "Active ecosystem partners", "--pillar", "systems"], "exists already"),
        (["--name", "Xyz", "--pillar", "systems", "--id", "../escape"], "not a usable id"),
    ],
)
def test_add_indicator_refuses_bad_values(example_dir: Path, args: list[str], message: str) -> None:
    code, _, err = run(example_dir, "indicators", "add", *args)
    assert code != 0
    assert message in err
    assert not (example_dir / "indicators").exists() or not any(
        (example_dir / "indicators").iterdir()
    )


def test_indicators_without_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["indicators", "list"])
    assert result.exit_code == 2
    assert "no stemeco.yaml" in result.stderr


def test_indicators_list_of_a_new_project(project_dir: Path) -> None:
    code, out, _ = run(project_dir, "indicators", "list")
    assert code == 0
    assert "No indicators yet" in out


# --------------------------------------------------------------------------- launches


def test_launch_set_done_and_list(project_dir: Path) -> None:
    code, out, _ = run(
        project_dir,
        "launch",
        "set",
        "ecosystem-soft",
        "--date",
        "2026-05-01",
        "--audience",
        "Families",
        "--announce",
        "no",
        "--speaker",
        "Ana",
        "--speaker",
        "Ben: mayor",
    )
    assert code == 0, out
    assert items(project_dir)["launch-ecosystem-soft"]["state"] == "in_progress"
    code, out, _ = run(project_dir, "launch", "done", "ecosystem-soft")
    assert code == 0
    assert "marked done on 2026-05-01" in out
    data = yaml.safe_load((project_dir / "launches.yaml").read_text())
    assert data["ecosystem-soft"] == {
        "date": "2026-05-01",
        "audience": "Families",
        "announcement": "no",
        "speakers": ["Ana", "Ben: mayor"],
        "done": True,
    }
    assert items(project_dir)["launch-ecosystem-soft"]["state"] == "done"
    code, out, _ = run(project_dir, "launch", "list")
    assert "ecosystem-soft  2026-05-01  done" in out
    assert "speakers: Ana, Ben: mayor" in out


def test_launch_done_without_a_date_uses_today_and_order_is_kept(project_dir: Path) -> None:
    assert run(project_dir, "launch", "done", "work-hard")[0] == 0
    assert run(project_dir, "launch", "set", "ecosystem-soft", "--audience", "All")[0] == 0
    data = yaml.safe_load((project_dir / "launches.yaml").read_text())
    assert list(data) == ["ecosystem-soft", "work-hard"]
    assert data["work-hard"]["date"] == "2026-11-22"
    code, _, err = run(project_dir, "launch", "done", "work-hard")
    assert code == 2
    assert "already marked done" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", "party", "--date", "2026-01-01"], "no launch 'party'"),
        (["set", "work-soft", "--date", "tomorrow"], "is not a date"),
        (["set", "work-soft"], "nothing to set"),
        (["set", "work-soft", "--audience", " "], "--audience is empty"),
        (["done", "party"], "no launch 'party'"),
    ],
)
def test_launch_refuses_bad_input(project_dir: Path, args: list[str], message: str) -> None:
    code, _, err = run(project_dir, "launch", *args)
    assert code == 2
    assert message in err
    assert not (project_dir / "launches.yaml").exists()


def test_launch_refuses_a_broken_file(project_dir: Path) -> None:
    (project_dir / "launches.yaml").write_text("ecosystem-soft:\n  date: 2026-99-01\n")
    code, _, err = run(project_dir, "launch", "done", "ecosystem-soft")
    assert code == 3
    assert "launches.yaml:2: ecosystem-soft.date" in err


# --------------------------------------------------------------------------- assess


def answers_file(tmp_path: Path, level: int = 3, **override: object) -> Path:
    data: dict[str, object] = {i: {"rating": level, "evidence": f"seen: {i}"} for i in THRIVING}
    data.update(override)
    path = tmp_path / f"answers-{level}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_assess_two_rounds_and_report(project_dir: Path, tmp_path: Path) -> None:
    for name, level in (("Ana Ruiz", 1), ("Ben Oduya", 2)):
        code, out, _ = run(
            project_dir,
            "assess",
            "--respondent",
            name,
            "--round",
            "2026-01-10",
            "--answers",
            str(answers_file(tmp_path, level)),
        )
        assert code == 0, out
    assert (project_dir / "assessments" / "2026-01-10" / "ana-ruiz.yaml").is_file()
    for name, level in (("Ana Ruiz", 2), ("Ben Oduya", 4)):
        code, out, _ = run(
            project_dir,
            "assess",
            "--respondent",
            name,
            "--round",
            "2026-07-10",
            "--answers",
            str(answers_file(tmp_path, level)),
        )
        assert code == 0
    code, out, _ = run(project_dir, "assess", "report")
    assert code == 0
    assert "Round 2026-07-10: 2 respondents (Ana Ruiz, Ben Oduya)" in out
    assert "Compared with round 2026-01-10." in out
    assert (
        "A visible champion                               3.0    +1.5  2  <- respondents disagree"
        in out
    )
    assert "Overall: 3.0 of 4 (developing), +1.5 since the last round." in out
    code, out, _ = run(project_dir, "assess", "report", "--round", "2026-01-10")
    assert "Round 2026-01-10" in out
    assert "Compared" not in out
    assert items(project_dir)["self-assessment"]["state"] == "done"
    code, _, _ = run(project_dir, "render")
    blueprint = (project_dir / "docs" / "blueprint.md").read_text()
    assert (
        "Latest round 2026-07-10, 2 respondent(s); average 3.0 of 4 (+1.5 since 2026-01-10)"
        in blueprint
    )


def test_assess_refuses_a_second_answer_unless_replace(project_dir: Path, tmp_path: Path) -> None:
    args = ["assess", "--respondent", "Ana", "--round", "2026-01-10", "--answers"]
    assert run(project_dir, *args, str(answers_file(tmp_path, 1)))[0] == 0
    code, _, err = run(project_dir, *args, str(answers_file(tmp_path, 2)))
    assert code == 2
    assert "pass --replace" in err
    assert run(project_dir, *args, str(answers_file(tmp_path, 2)), "--replace")[0] == 0
    data = yaml.safe_load((project_dir / "assessments/2026-01-10/ana.yaml").read_text())
    assert data["ratings"]["champion"]["rating"] == 2


def test_assess_answers_file_problems_are_all_listed(project_dir: Path, tmp_path: Path) -> None:
    bad = answers_file(tmp_path, 3, champion={"rating": 7}, extra={"rating": 1})
    code, _, err = run(project_dir, "assess", "--respondent", "Ana", "--answers", str(bad))
    assert code == 4
    assert "champion.rating: 7 is not a level 1-4" in err
    assert "extra: not an indicator" in err
    assert "nothing was saved" in err
    assert not (project_dir / "assessments").exists()


@pytest.mark.parametrize(
    ("args", "message", "exit_code"),
    [
        (["--round", "last week"], "--round: 'last week' is not a date", 2),
        ([], "--answers needs --respondent", 2),
    ],
)
def test_assess_refuses_bad_options(
    project_dir: Path, tmp_path: Path, args: list[str], message: str, exit_code: int
) -> None:
    code, _, err = run(project_dir, "assess", *args, "--answers", str(answers_file(tmp_path)))
    assert code == exit_code
    assert message in err


def test_assess_without_a_terminal_says_what_to_do(project_dir: Path) -> None:
    code, _, err = run(project_dir, "assess", "--respondent", "Ana")
    assert code == 6
    assert "needs a terminal" in err
    assert "--answers FILE" in err


def test_assess_report_without_rounds(project_dir: Path) -> None:
    code, out, _ = run(project_dir, "assess", "report")
    assert code == 0
    assert "No self-assessment round yet" in out
    code, _, err = run(project_dir, "assess", "report", "--round", "2020-01-01")
    assert code == 0  # no rounds at all: nothing to compare
    assert err == ""


def test_assess_report_of_an_unknown_round(example_dir: Path) -> None:
    code, _, err = run(example_dir, "assess", "report", "--round", "2020-01-01")
    assert code == 2
    assert "no self-assessment round 2020-01-01" in err


# --------------------------------------------------------------------------- approve


def test_approve_goes_stale_when_an_answer_changes(project_dir: Path, example_dir: Path) -> None:
    code, _, err = run(project_dir, "approve", "blueprint", "--by", "Leadership Team")
    assert code == 2
    assert "nothing to approve" in err
    assert not (project_dir / "approvals.yaml").exists()

    code, out, _ = run(
        example_dir,
        "approve",
        "blueprint",
        "--by",
        "Ana Ruiz",
        "--date",
        "2026-11-20",
        "--note",
        "yes",
    )
    assert code == 0, out
    assert items(example_dir)["approval"]["detail"] == "approved 2026-11-20 by Ana Ruiz"
    session = example_dir / "sessions" / "studio-1.yaml"
    session.write_text(session.read_text().replace("along our river", "along our canal"))
    item = items(example_dir)["approval"]
    assert item["state"] == "in_progress"
    assert item["detail"].startswith("stale: approved 2026-11-20 by Ana Ruiz")
    assert run(example_dir, "render")[0] == 0
    blueprint = (example_dir / "docs" / "blueprint.md").read_text()
    assert "**Approval stale.** Ana Ruiz approved an earlier version on 2026-11-20" in blueprint
    assert "the answers have changed since" in blueprint.splitlines()[2]
    history = yaml.safe_load((example_dir / "approvals.yaml").read_text())["blueprint"]
    assert [h["by"] for h in history] == ["Millbrook STEM Leadership Team", "Ana Ruiz"]
    assert history[-1]["note"] == "yes"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["budget", "--by", "X"], "cannot approve 'budget'"),
        (["blueprint", "--by", "X", "--date", "2026-02-31"], "is not a date"),
        (["blueprint", "--by", " "], "--by needs a one-line name"),
    ],
)
def test_approve_refuses_bad_input(example_dir: Path, args: list[str], message: str) -> None:
    before = (example_dir / "approvals.yaml").read_bytes()
    code, _, err = run(example_dir, "approve", *args)
    assert code == 2
    assert message in err
    assert (example_dir / "approvals.yaml").read_bytes() == before


def test_example_approval_is_valid_under_another_name(tmp_path: Path) -> None:
    create(tmp_path / "other", "Tel Aviv-Yafo", example=True, git=False)
    found = items(tmp_path / "other")
    assert found["approval"]["state"] == "done"
    assert "Tel Aviv-Yafo STEM Leadership Team" in found["approval"]["detail"]
    blueprint = (tmp_path / "other" / "docs" / "blueprint.md").read_text()
    approved = example_shift(tmp_path / "other").date("2026-06-18")
    assert f"**Approved** on {approved}" in blueprint


# --------------------------------------------------------------------------- business plan, check


def test_business_plan_runs_from_an_answers_file(project_dir: Path, tmp_path: Path) -> None:
    answers = tmp_path / "bp.yaml"
    answers.write_text(
        "backbone_organisation: Riverton Foundation\n"
        "budget:\n"
        "  - {line: Leader, category: staff, year: 2027, amount: 80000, kind: cost}\n"
        "  - {line: Grant, category: philanthropy, year: 2027, amount: 50000, kind: revenue,"
        " status: committed}\n"
    )
    code, out, _ = run(project_dir, "studio", "run", "business-plan", "--answers", str(answers))
    assert code == 0, out
    assert items(project_dir)["business-plan"]["state"] == "in_progress"
    assert run(project_dir, "render")[0] == 0
    plan = (project_dir / "docs" / "business-plan.md").read_text()
    assert "**Backbone:** Riverton Foundation" in plan
    assert "| 2027 | 80,000 | 50,000 | 0 | 30,000 | 30,000 |" in plan
    assert "*To be decided*" in plan


def test_check_reports_broken_plan_files(example_dir: Path) -> None:
    (example_dir / "measurements" / "ghost.yaml").write_text(
        "measurements:\n  - {date: x, value: 1}\n"
    )
    round_folder = example_shift(example_dir).date("2026-09-24")
    bad = example_dir / "assessments" / round_folder / "marcus-bell.yaml"
    bad.write_text(bad.read_text().replace("rating: 4", "rating: 9", 1))
    code, _, err = run(example_dir, "check")
    assert code == 1
    assert "measurements/ghost.yaml:1: no indicator with id 'ghost'" in err
    assert "measurements/ghost.yaml:2: measurements[1].date: 'x' is not a date" in err
    assert "marcus-bell.yaml" in err
    assert "is not a level 1-4" in err
