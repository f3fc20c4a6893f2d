"""Tier 3: ``stemeco assets review`` in a real pseudo-terminal, as a person types.

Enter accepts the suggestion; the arrow keys and space change the sector, the
stages and the pillars; Ctrl-C stops and keeps every decision already made,
saying how many and where.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from test_interactive_pty import CTRL_C, DOWN, ENTER, SPACE, Terminal
from typer.testing import CliRunner

from stemeco.cli.app import app

pytestmark = pytest.mark.e2e

ROSTER = """\
Organization Name,Mission/Summary,Website
Bayside Unified School District,"Public schools serving 12,000 students.",https://bayside.example
Crescent Partners,Information not available on website,
Harbor Science Museum,"Hands-on exhibits for families and school groups, grades K-5.",
"""
SELECT = "(arrows to move, Enter to choose)"  # drawn once the list is on screen, reading keys
TICK = "space to tick"


@pytest.fixture
def roster(project_dir: Path, tmp_path: Path) -> Path:
    csv = tmp_path / "roster.csv"
    csv.write_text(ROSTER, encoding="utf-8")
    result = CliRunner().invoke(app, ["assets", "import", str(csv), "--project", str(project_dir)])
    assert result.exit_code == 0, result.output
    return project_dir


@pytest.fixture
def review(roster: Path) -> Iterator[Terminal]:
    term = Terminal("assets", "review", "--project", str(roster))
    yield term
    if term.child.isalive():
        term.child.terminate(force=True)


def keys(term: Terminal, shown: str, ready: str, typed: str) -> None:
    term.child.expect_exact(shown)
    term.child.expect_exact(ready)
    term.child.send(typed)


def record(project_dir: Path, slug: str) -> dict[str, Any]:
    text = (project_dir / "assets" / f"{slug}.yaml").read_text(encoding="utf-8")
    return cast(dict[str, Any], yaml.safe_load(text))


def test_enter_accepts_arrows_change_and_ctrl_c_keeps_the_decisions(
    review: Terminal, roster: Path
) -> None:
    # 1 of 3: the district, with the suggestion and why; Enter accepts it.
    review.child.expect_exact("1 of 3")
    keys(review, "'Unified School District' in name", SELECT, ENTER)
    review.child.expect_exact("Saved assets/bayside-unified-school-district.yaml")
    # 2 of 3: nothing to suggest a sector from: the pointer is on "Change".
    review.child.expect_exact("2 of 3")
    keys(review, "What now?", SELECT, ENTER)
    keys(review, "Sector (stakeholder group):", SELECT, DOWN * 4 + ENTER)  # Business
    keys(review, "Stages it serves:", TICK, DOWN * 5 + SPACE + ENTER)  # Employment
    # Partnerships is ticked ("Partners" in its name); tick Workforce as well.
    keys(review, "Pillars it works on:", TICK, DOWN * 4 + SPACE + ENTER)
    review.child.expect_exact("Saved assets/crescent-partners.yaml")
    # 3 of 3: Ctrl-C at the museum.
    review.child.expect_exact("3 of 3")
    keys(review, "What now?", SELECT, CTRL_C)
    said, status = review.finish()
    assert status == 130
    assert (
        "Stopped. 2 decisions were saved (assets/bayside-unified-school-district.yaml, "
        "assets/crescent-partners.yaml); 1 still to review: run stemeco assets review again."
    ) in said
    district = record(roster, "bayside-unified-school-district")
    assert (district["sector"], district["stages"], district["needs_review"]) == (
        "prek12",
        ["elementary", "middle", "high_school"],
        False,
    )
    crescent = record(roster, "crescent-partners")
    assert (crescent["sector"], crescent["stages"], crescent["pillars"]) == (
        "business",
        ["employment"],
        ["partnerships", "workforce"],
    )
    assert record(roster, "harbor-science-museum")["needs_review"] is True

    again = Terminal("assets", "review", "--project", str(roster))
    again.child.expect_exact("1 organisation to review (1 flagged needs_review).")
    keys(again, "'Museum' in name", SELECT, ENTER)
    said, status = again.finish()
    assert status == 0, said
    assert "Saved 1 decision: 1 accepted, 0 changed, 0 merged. 0 still to review." in said
    assert record(roster, "harbor-science-museum")["sector"] == "stem_rich"
