"""Domain tests of the plan features: numbers, ids, progress, budget, CSV, fingerprint."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from example_shift import example_shift

from stemeco import text as planutil
from stemeco.documents.render import render_documents
from stemeco.plan.approval import blueprint_answers, fingerprint
from stemeco.plan.assessment import THRIVING, check_answers
from stemeco.plan.business_plan import budget
from stemeco.plan.indicator_sheet import CSV_COLUMNS, csv_text, rows
from stemeco.plan.indicators import Indicator, Measurement, progress, studio_indicators
from stemeco.project.folder import Project
from stemeco.studios.engine import apply_answers


@pytest.fixture
def example(example_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setattr(planutil, "today", lambda: dt.date(2026, 11, 22))
    return Project(example_dir)


def ind(**kw: str) -> Indicator:
    values = {
        "id": "x",
        "name": "X",
        "source": "studio-4",
        "baseline": "10% (2025)",
        "target": "30%",
        "target_date": "2027-01-01",
    }
    values.update(kw)
    return Indicator(**values)


# --------------------------------------------------------------------------- numbers and ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [("38", 38), ("38.5", 38.5), ("38%", 38), ("1,200", 1200), (" -4 ", -4), ("1_000", 1000)],
)
def test_parse_number_accepts_what_people_type(text: str, expected: float) -> None:
    assert planutil.parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "nan", "inf", "12 people", "1,2,3"])
def test_parse_number_refuses_non_numbers(text: str) -> None:
    with pytest.raises(ValueError, match="number"):
        planutil.parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("38% (2025)", 38.0),
        ("About 150 families (library estimate, 2025)", 150.0),
        ("1,200 families", 1200.0),
        ("2 of 14 partners", 2.0),
        ("not yet measured", None),
        ("", None),
    ],
)
def test_leading_number_takes_the_first_number(text: str, expected: float | None) -> None:
    assert planutil.leading_number(text) == expected


def test_slugify_is_stable_and_keeps_other_scripts() -> None:
    assert planutil.slugify("East-side families at family STEM events") == (
        "east-side-families-at-family-stem-events"
    )
    assert planutil.slugify("Élèves  inscrits!") == "eleves-inscrits"
    assert planutil.slugify("תלמידים במדעים") == "תלמידים-במדעים"
    assert planutil.slugify("word " * 30, limit=48) == "-".join(["word"] * 9)
    assert len(planutil.slugify("word " * 30)) <= planutil.SLUG_LIMIT
    assert planutil.slugify("!!!", fallback="record") == "record"


def test_studio_indicator_ids_are_unique_in_answer_order(example: Project) -> None:
    answers = example.session("studio-4").answers
    answers["indicators"].append(dict(answers["indicators"][0]))
    answers["indicators"].append({"name": "!!!"})
    ids = [i.id for i in studio_indicators(example)]
    assert ids[0] == "active-ecosystem-partners"
    assert ids[-2] == "active-ecosystem-partners-2"
    assert ids[-1] == f"indicator-{len(ids)}"


# --------------------------------------------------------------------------- progress


def test_progress_on_track_when_ahead_of_the_straight_line() -> None:
    m = [Measurement("2025-01-01", 10), Measurement("2026-01-01", 25)]
    result = progress(ind(), m)
    assert result.state == "on_track"
    assert result.percent == pytest.approx(75.0)
    # halfway in time (365 of 730 days): 20 expected
    assert result.expected == pytest.approx(20.0)


def test_progress_off_track_when_behind() -> None:
    m = [Measurement("2025-01-01", 10), Measurement("2026-01-01", 15)]
    result = progress(ind(), m)
    assert result.state == "off_track"
    assert result.percent == pytest.approx(25.0)


def test_progress_uses_the_baseline_date_when_given() -> None:
    m = [Measurement("2026-01-01", 15)]
    assert progress(ind(baseline_date="2025-01-01"), m).state == "off_track"
    assert progress(ind(), m).state == "on_track"  # one measurement: the line starts there


def test_progress_for_a_falling_target() -> None:
    indicator = ind(baseline="40", target="20")
    m = [Measurement("2025-01-01", 40), Measurement("2026-01-01", 28)]
    result = progress(indicator, m)
    assert result.state == "on_track"
    assert result.percent == pytest.approx(60.0)


def test_progress_reached_and_missed() -> None:
    reached = [Measurement("2025-01-01", 10), Measurement("2025-06-01", 31)]
    assert progress(ind(), reached).state == "reached"
    late = [Measurement("2025-01-01", 10), Measurement("2027-02-01", 20)]
    assert progress(ind(), late).state == "missed"


def test_progress_says_when_it_cannot_compute() -> None:
    assert progress(ind(), []).state == "no_data"
    vague = progress(ind(baseline="not yet measured"), [Measurement("2025-01-01", 3)])
    assert vague.state == "not_numeric"
    assert "not yet measured" in vague.explanation
    assert progress(ind(target="10"), [Measurement("2025-01-01", 3)]).state == "not_numeric"


# --------------------------------------------------------------------------- budget


def test_budget_totals_and_gap_per_year() -> None:
    lines = [
        {"year": 2026, "amount": 100, "kind": "cost"},
        {"year": 2026, "amount": 60, "kind": "revenue", "status": "committed"},
        {"year": 2026, "amount": 30, "kind": "revenue", "status": "prospective"},
        {"year": 2027, "amount": 50, "kind": "cost"},
        {"year": 2027, "amount": 70, "kind": "revenue"},  # no status: prospective
        {"year": "2028", "amount": 1, "kind": "cost"},  # ignored: not a year
    ]
    result = budget(lines)
    assert [y.year for y in result.years] == [2026, 2027]
    assert result.years[0].gap == 40
    assert result.years[0].gap_if_all_come_in == 10
    assert result.years[1].prospective == 70
    assert result.total.costs == 150
    assert result.total.gap == 90


def test_business_plan_answers_apply_like_the_prompts(example: Project, tmp_path: Path) -> None:
    studio = example.studio("business-plan")
    given = {
        "backbone_organisation": "no",
        "budget": [
            {
                "line": "Leader",
                "category": "Staff",
                "year": "2026",
                "amount": "90000",
                "kind": "cost",
            }
        ],
    }
    outcome = apply_answers(example, studio, given, source=tmp_path / "a.yaml")
    assert outcome.saved == 2
    fresh = Project(example.root).session("business-plan").answers
    assert fresh["backbone_organisation"] == "no"
    assert fresh["budget"][0] == {
        "line": "Leader",
        "category": "staff",
        "year": 2026,
        "amount": 90000,
        "kind": "cost",
    }
    assert fresh["risks"]  # the other answers are kept


# --------------------------------------------------------------------------- documents


def test_csv_has_the_documented_columns_in_order(example: Project) -> None:
    text = csv_text(rows(example))
    assert "\r" not in text
    table = list(csv.reader(io.StringIO(text)))
    assert tuple(table[0]) == CSV_COLUMNS
    assert CSV_COLUMNS[:3] == ("id", "name", "pillar")
    assert len(table) == 1 + 8
    first = dict(zip(table[0], table[1], strict=True))
    assert first["id"] == "active-ecosystem-partners"
    assert first["latest_value"] == "29"
    assert first["status"] == "on track"


def test_rendering_is_deterministic_and_complete(example: Project) -> None:
    first = render_documents(example)
    second = render_documents(Project(example.root))
    assert first == second
    assert set(first) >= {
        "docs/blueprint.md",
        "docs/business-plan.md",
        "docs/indicators.md",
        "docs/indicators.csv",
    }
    for name, text in first.items():
        assert "To be decided" not in text, name
    first_year = 2026 + example_shift(example.root).years  # the example moves with its day
    assert (
        f"| {first_year} | 265,000 | 150,000 | 76,000 | 115,000 | 39,000 |"
        in first["docs/business-plan.md"]
    )
    assert first["docs/indicators.csv"] == (example.root / "docs/indicators.csv").read_text()


def test_fingerprint_is_canonical_and_ignores_empty_answers(example: Project) -> None:
    answers = blueprint_answers(example)
    before = fingerprint(answers)
    assert before.startswith("sha256:")
    assert len(before) == 7 + 64
    reordered = {k: dict(reversed(list(v.items()))) for k, v in reversed(list(answers.items()))}
    assert fingerprint(reordered) == before
    example.session("studio-1").answers["unused"] = ""
    assert fingerprint(blueprint_answers(example)) == before
    example.session("studio-1").answers["mission_draft"] = "Changed."
    assert fingerprint(blueprint_answers(example)) != before


def test_assessment_answers_are_checked() -> None:
    good = {ident: {"rating": 3, "evidence": "e"} for ident in THRIVING}
    ratings, problems = check_answers(good)
    assert not problems
    assert ratings["champion"].rating == 3
    bad = dict(good, champion={"rating": "5"}, extra=1)
    del bad["mission"]
    shown = [str(p) for p in check_answers(bad)[1]]
    assert any("champion.rating" in p for p in shown)
    assert any("extra: not an indicator" in p for p in shown)
    assert any("mission: missing" in p for p in shown)
    ratings, problems = check_answers(dict(good, champion="Thriving"))
    assert not problems
    assert ratings["champion"].rating == 4
