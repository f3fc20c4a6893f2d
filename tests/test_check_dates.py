"""Dates make sense: nothing ends before it starts, no hard launch before its soft launch,
nothing done in the future, and only ``YYYY-MM-DD`` is a date, wherever a date is typed.

"The future" is one rule (``stemeco.text.future_problem``): after ``text.today()``.
Dates in these tests are relative to today, so they hold on any day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stemeco import text
from stemeco.cli.app import app
from stemeco.errors import ValidationFailed
from stemeco.studios.loader import load_definition

TODAY = text.today()
PAST = (TODAY - dt.timedelta(days=60)).isoformat()
EARLIER = (TODAY - dt.timedelta(days=90)).isoformat()
FUTURE = (TODAY + dt.timedelta(days=60)).isoformat()
LATER = (TODAY + dt.timedelta(days=90)).isoformat()


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--project", str(project)])
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------------------------ Studio IV actions


def test_an_action_that_ends_before_it_starts_is_refused_by_answers(
    example_dir: Path, tmp_path: Path
) -> None:
    session = example_dir / "sessions" / "studio-4.yaml"
    before = session.read_bytes()
    actions = yaml.safe_load(before)["answers"]["actions"]
    actions[0]["start"], actions[0]["end"] = "2026-09-08", "2026-06-16"
    answers = tmp_path / "actions.yaml"
    answers.write_text(yaml.safe_dump({"actions": actions}), encoding="utf-8")
    code, _, err = run(example_dir, "studio", "run", "4", "--answers", str(answers))
    assert code == 4
    assert "record 1: end: 2026-06-16 comes before start (2026-09-08)" in err
    assert session.read_bytes() == before


def test_an_action_edited_to_end_before_it_starts_is_found_by_check_and_render(
    example_dir: Path,
) -> None:
    session = example_dir / "sessions" / "studio-4.yaml"
    text_before = session.read_text(encoding="utf-8")
    first = yaml.safe_load(text_before)["answers"]["actions"][0]
    start, end = first["start"], first["end"]  # the example's dates move with the day of init
    early = (dt.date.fromisoformat(start) - dt.timedelta(days=235)).isoformat()
    edited = text_before.replace(f"      end: '{end}'", f"      end: '{early}'", 1)
    assert edited != text_before
    session.write_text(edited, encoding="utf-8")
    blueprint = (example_dir / "docs" / "blueprint.md").read_bytes()
    code, _, err = run(example_dir, "check")
    assert code == 1
    assert (
        f"sessions/studio-4.yaml:5: answers.actions: record 1: end: {early} comes before "
        f"start ({start})"
    ) in err
    code, _, err = run(example_dir, "render")
    assert code == 4
    assert f"record 1: end: {early} comes before start" in err
    assert (example_dir / "docs" / "blueprint.md").read_bytes() == blueprint


STUDIO = """\
id: plan
title: Plan
steps:
  - id: steps
    prompt: Steps?
    type: records
    order: {order}
    fields:
      - {{id: name, prompt: Name?, type: text}}
      - {{id: start, prompt: Start?, type: date}}
      - {{id: end, prompt: End?, type: date}}
      - {{id: size, prompt: Size?, type: number, required: false}}
"""


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ("[start, finish]", "'finish' is not one of the fields"),
        ("[name, end]", "'name' is a text field; order compares dates or numbers"),
        ("[start, size]", "the fields of an order are all dates or all numbers"),
        ("[start]", "a list of two or more different fields"),
        ("start", "a list of two or more different fields"),
    ],
)
def test_the_order_rule_is_checked_when_a_definition_loads(
    tmp_path: Path, order: str, message: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(STUDIO.format(order=order), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        load_definition(path)
    assert any(message in p.message for p in failure.value.problems), failure.value.problems


def test_the_order_rule_is_only_for_records(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "id: plan\ntitle: Plan\nsteps:\n  - {id: when, prompt: When?, type: date, order: [a, b]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failure:
        load_definition(path)
    assert "only a records step has an order" in str(failure.value.problems)


def test_the_order_rule_passes_over_empty_fields_and_compares_numbers(tmp_path: Path) -> None:
    from stemeco.studios.values import check_value

    path = tmp_path / "plan.yaml"
    path.write_text(STUDIO.format(order="[start, end]"), encoding="utf-8")
    step = load_definition(path).steps[0]
    good = {"name": "A", "start": "2026-01-01", "end": "2026-01-01"}
    assert check_value(step, [good]) == []
    bad = {"name": "B", "start": "2026-02-01", "end": "2026-01-31"}
    assert check_value(step, [good, bad]) == [
        "record 2: end: 2026-01-31 comes before start (2026-02-01)"
    ]


# ------------------------------------------------------------------ launches


def launches(project: Path) -> dict[str, dict[str, object]]:
    path = project / "launches.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def test_a_hard_launch_planned_before_its_soft_launch_is_refused(project_dir: Path) -> None:
    assert run(project_dir, "launch", "set", "ecosystem-soft", "--date", LATER)[0] == 0
    before = (project_dir / "launches.yaml").read_bytes()
    code, _, err = run(project_dir, "launch", "set", "ecosystem-hard", "--date", FUTURE)
    assert code == 2
    assert (
        f"the hard launch of the ecosystem ({FUTURE}) is planned before its soft launch ({LATER})"
    ) in err
    assert "nothing was changed" in err
    assert (project_dir / "launches.yaml").read_bytes() == before
    # Moving the soft launch the other way is refused too, for the same reason.
    assert run(project_dir, "launch", "set", "ecosystem-hard", "--date", LATER)[0] == 0
    code, _, err = run(project_dir, "launch", "set", "ecosystem-soft", "--date", LATER)
    assert code == 0, err
    code, _, err = run(
        project_dir,
        "launch",
        "set",
        "ecosystem-soft",
        "--date",
        (TODAY + dt.timedelta(100)).isoformat(),
    )
    assert code == 2
    assert "is planned before its soft launch" in err


def test_odd_history_is_recorded_with_a_note(project_dir: Path) -> None:
    """Both launches held, the hard one first: history may be odd; it is noted, not refused."""
    assert run(project_dir, "launch", "done", "work-soft", "--date", PAST)[0] == 0
    code, out, err = run(project_dir, "launch", "done", "work-hard", "--date", EARLIER)
    assert code == 0, err
    assert f"Note: the hard launch of the first work ({EARLIER}) came before its soft launch" in out
    assert launches(project_dir)["work-hard"] == {"date": EARLIER, "done": True}
    assert run(project_dir, "check")[0] == 0


def test_launch_done_for_a_launch_dated_in_the_future_is_refused(project_dir: Path) -> None:
    assert run(project_dir, "launch", "set", "ecosystem-soft", "--date", FUTURE)[0] == 0
    before = (project_dir / "launches.yaml").read_bytes()
    code, _, err = run(project_dir, "launch", "done", "ecosystem-soft")
    assert code == 2
    assert "the soft launch of the ecosystem has not taken place yet" in err
    assert f"{FUTURE} is in the future (today is {TODAY.isoformat()})" in err
    code, _, err = run(project_dir, "launch", "done", "ecosystem-soft", "--date", FUTURE)
    assert code == 2
    assert f"--date {FUTURE} is in the future" in err
    code, _, err = run(project_dir, "launch", "set", "ecosystem-soft", "--done")
    assert code == 2
    assert "cannot be marked done" in err
    assert (project_dir / "launches.yaml").read_bytes() == before
    # It took place early: the day it did is given.
    code, out, _ = run(project_dir, "launch", "done", "ecosystem-soft", "--date", PAST)
    assert code == 0
    assert f"marked done on {PAST}" in out


def test_a_launch_done_needs_a_date(project_dir: Path) -> None:
    code, _, err = run(project_dir, "launch", "set", "work-soft", "--done")
    assert code == 2
    assert "a launch that took place needs one" in err
    assert not (project_dir / "launches.yaml").exists()


def test_check_finds_launch_dates_that_make_no_sense(project_dir: Path) -> None:
    (project_dir / "launches.yaml").write_text(
        f"ecosystem-soft:\n  date: '{LATER}'\n  done: false\n"
        f"ecosystem-hard:\n  date: '{FUTURE}'\n  done: false\n"
        f"work-soft:\n  date: '{FUTURE}'\n  done: true\n",
        encoding="utf-8",
    )
    code, _, err = run(project_dir, "check")
    assert code == 1
    assert f"launches.yaml:5: ecosystem-hard: the hard launch of the ecosystem ({FUTURE})" in err
    assert f"launches.yaml:8: work-soft: marked done, but {FUTURE} is in the future" in err


# ------------------------------------------------------------------ calendar


def test_an_event_cannot_be_done_before_it_begins(project_dir: Path) -> None:
    code, _, err = run(
        project_dir,
        "calendar",
        "add",
        "--title",
        "Studio I",
        "--date",
        FUTURE,
        "--kind",
        "studio",
        "--done",
    )
    assert code == 4
    assert f"--done: marked done, but {FUTURE} is in the future" in err
    assert not (project_dir / "calendar.yaml").exists()
    assert (
        run(
            project_dir,
            "calendar",
            "add",
            "--title",
            "Studio I",
            "--date",
            FUTURE,
            "--kind",
            "studio",
        )[0]
        == 0
    )
    before = (project_dir / "calendar.yaml").read_bytes()
    code, _, err = run(project_dir, "calendar", "done", "studio-i")
    assert code == 2
    assert "'Studio I' has not taken place yet" in err
    assert "stemeco calendar edit studio-i --date YYYY-MM-DD" in err
    assert (project_dir / "calendar.yaml").read_bytes() == before
    assert run(project_dir, "calendar", "edit", "studio-i", "--date", PAST)[0] == 0
    assert run(project_dir, "calendar", "done", "studio-i")[0] == 0


def test_check_finds_an_event_done_in_the_future_and_one_ending_before_it_starts(
    project_dir: Path,
) -> None:
    (project_dir / "calendar.yaml").write_text(
        "events:\n"
        f"  - {{id: a, title: A, date: '{FUTURE}', kind: meeting, done: true}}\n"
        f"  - {{id: b, title: B, date: '{PAST}', end: '{EARLIER}', kind: meeting}}\n",
        encoding="utf-8",
    )
    code, _, err = run(project_dir, "check")
    assert code == 1
    assert f"calendar.yaml:2: events[1].done: marked done, but {FUTURE} is in the future" in err
    assert f"calendar.yaml:3: events[2].end: ends before it starts ({EARLIER} < {PAST})" in err


def test_every_problem_of_an_event_is_listed(project_dir: Path) -> None:
    (project_dir / "calendar.yaml").write_text(
        "events:\n  - id: a\n    title: A\n    date: 20260103\n    kind: party\n    done: maybe\n",
        encoding="utf-8",
    )
    code, _, err = run(project_dir, "check")
    assert code == 1
    assert "calendar.yaml:4: events[1].date: 20260103 is not a date" in err
    assert "calendar.yaml:5: events[1].kind: 'party' is not one of" in err
    assert "calendar.yaml:6: events[1].done: must be true or false" in err


# ------------------------------------------------------------------ one date form everywhere


@pytest.mark.parametrize("typed", ["20260103", "2026-W02-1"])
def test_only_yyyy_mm_dd_is_a_date_in_every_date_option(typed: str, example_dir: Path) -> None:
    commands = [
        ["launch", "set", "work-hard", "--date", typed],
        ["launch", "done", "work-hard", "--date", typed],
        ["calendar", "edit", "summer-internships", "--date", typed],
        [
            "calendar",
            "add",
            "--title",
            "T",
            "--kind",
            "meeting",
            "--date",
            "2026-01-05",
            "--end",
            typed,
        ],
        ["approve", "blueprint", "--by", "Leadership Team", "--date", typed],
        ["indicators", "record", "active-ecosystem-partners", "3", "--date", typed],
        ["indicators", "add", "--name", "N", "--pillar", "systems", "--target-date", typed],
    ]
    before = {p: p.read_bytes() for p in example_dir.rglob("*.yaml")}
    for args in commands:
        code, _, err = run(example_dir, *args)
        assert code in (2, 4), (args, err)
        assert "YYYY-MM-DD" in err, (args, err)
    assert {p: p.read_bytes() for p in example_dir.rglob("*.yaml")} == before


def test_an_approval_cannot_be_dated_in_the_future(example_dir: Path) -> None:
    before = (example_dir / "approvals.yaml").read_bytes()
    code, _, err = run(example_dir, "approve", "blueprint", "--by", "Chair", "--date", FUTURE)
    assert code == 2
    assert f"--date {FUTURE} is in the future (today is {TODAY.isoformat()})" in err
    assert (example_dir / "approvals.yaml").read_bytes() == before


def test_an_added_indicator_cannot_reach_its_target_before_its_baseline(
    project_dir: Path,
) -> None:
    code, _, err = run(
        project_dir,
        "indicators",
        "add",
        "--name",
        "Mentors",
        "--pillar",
        "workforce",
        "--baseline-date",
        PAST,
        "--target-date",
        EARLIER,
    )
    assert code == 4
    assert f"--target-date: {EARLIER} is before the baseline date ({PAST})" in err
    assert not (project_dir / "indicators").exists()


def test_an_interview_cannot_be_recorded_before_it_is_held(project_dir: Path) -> None:
    args = ["interviews", "add", "--who", "Mayor Jo Park", "--organisation", "City"]
    code, _, err = run(project_dir, *args, "--date", FUTURE)
    assert code == 2
    assert f"--date {FUTURE} is in the future (today is {TODAY.isoformat()})" in err
    assert not list((project_dir / "interviews").glob("*.yaml"))
    assert run(project_dir, *args, "--date", PAST)[0] == 0
