"""The self-assessment: the threshold rule for levels, and unfinished responses
(saved as given, not counted until complete, named by the report, refused when bent)."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.plan.assessment import (
    THRIVING,
    Rating,
    as_context,
    level_of,
    read_response,
    round_report,
    rounds,
    save_response,
)
from stemeco.project.folder import Project


@pytest.mark.parametrize(
    ("average", "level"),
    [
        (1.0, "Not yet"),
        (1.44, "Not yet"),
        (1.5, "Emerging"),  # half way to a level counts as that level
        (2.0, "Emerging"),
        (2.49, "Developing"),  # shown as 2.5: the level agrees with the number shown
        (2.5, "Developing"),
        (3.45, "Thriving"),  # shown as 3.5 (3.45 is stored a hair above it)
        (3.5, "Thriving"),
        (4.0, "Thriving"),
    ],
)
def test_levels_follow_the_stated_threshold_rule(average: float, level: str) -> None:
    assert level_of(average) == level


def every(level: int) -> dict[str, Rating]:
    return {ident: Rating(level) for ident in THRIVING}


def test_half_way_averages_are_no_longer_rounded_to_even(project: Project) -> None:
    # Two respondents, 1 and 2 on every indicator: 1.5, Emerging; 2 and 3: 2.5, Developing.
    save_response(project, "2026-03-01", "Ana", every(1))
    save_response(project, "2026-03-01", "Ben", every(2))
    save_response(project, "2026-09-01", "Ana", every(2))
    save_response(project, "2026-09-01", "Ben", every(3))
    first = as_context(round_report(project, "2026-03-01"))
    second = as_context(round_report(project, "2026-09-01"))
    assert first is not None
    assert second is not None
    assert {i["level"] for i in first["indicators"]} == {"Emerging"}
    assert {i["level"] for i in second["indicators"]} == {"Developing"}
    result = CliRunner().invoke(app, ["assess", "report", "--project", str(project.root)])
    assert "Overall: 2.5 of 4 (developing), +1.0 since the last round." in result.output


def test_an_unfinished_response_does_not_count_and_is_named(project: Project) -> None:
    save_response(project, "2026-03-01", "Ana", every(4))
    partial = {"champion": Rating(1, "Nobody yet"), "prek12": Rating(1)}
    path = save_response(project, "2026-03-01", "Ben Okafor", partial, complete=False)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["complete"] is False
    assert "stemeco assess --round 2026-03-01 --respondent 'Ben Okafor'" in path.read_text(
        encoding="utf-8"
    )
    response, problems = read_response(path)
    assert problems == []
    assert response is not None
    assert not response.complete
    assert response.unrated == list(THRIVING)[2:]

    report = round_report(project)
    assert report is not None
    assert report.respondents == ["Ana"]
    assert report.average == 4.0  # Ben's two ratings of 1 are not averaged in
    assert report.unfinished == [("Ben Okafor", 2)]
    shown = CliRunner().invoke(app, ["assess", "report", "--project", str(project.root)])
    assert "Round 2026-03-01: 1 respondent (Ana)" in shown.output
    assert (
        "Ben Okafor, round 2026-03-01: 2 of 11 rated; finish with: "
        "stemeco assess --round 2026-03-01 --respondent 'Ben Okafor'" in shown.output
    )
    checked = CliRunner().invoke(app, ["check", "--project", str(project.root)])
    assert checked.exit_code == 0, checked.output


def test_a_round_of_unfinished_responses_only_is_not_a_round_yet(project: Project) -> None:
    save_response(project, "2026-03-01", "Ben", {"champion": Rating(2)}, complete=False)
    assert rounds(project) == []
    assert round_report(project) is None
    result = CliRunner().invoke(app, ["assess", "report", "--project", str(project.root)])
    assert result.exit_code == 0
    assert "No self-assessment round yet" in result.output
    assert "Ben, round 2026-03-01: 1 of 11 rated" in result.output
    asked = CliRunner().invoke(
        app, ["assess", "report", "--round", "2026-03-01", "--project", str(project.root)]
    )
    assert asked.exit_code == 2
    assert "round 2026-03-01 has no complete response yet" in asked.output


def test_an_unfinished_response_is_continued_and_finished_without_replace(
    project: Project,
) -> None:
    save_response(project, "2026-03-01", "Ben", {"champion": Rating(2)}, complete=False)
    path = save_response(project, "2026-03-01", "Ben", every(3))  # no --replace needed
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "complete" not in data
    assert len(data["ratings"]) == len(THRIVING)
    assert rounds(project) == ["2026-03-01"]


def test_complete_must_be_false_or_left_out(project: Project) -> None:
    path = save_response(project, "2026-03-01", "Ben", {"champion": Rating(2)}, complete=False)
    path.write_text(
        path.read_text(encoding="utf-8").replace("complete: false", "complete: perhaps"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["check", "--project", str(project.root)])
    assert result.exit_code == 1
    assert "ben.yaml:5: complete: must be false while unfinished (or left out)" in result.output
    # And a complete response still needs every indicator.
    path.write_text(
        path.read_text(encoding="utf-8").replace("complete: perhaps", "complete: true"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["check", "--project", str(project.root)])
    assert "ratings.prek12: missing; rate every indicator" in result.output
