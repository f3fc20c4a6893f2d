"""stemeco assets review: the walk with a scripted person, --answers, and gaps afterwards.

The roster is one the importer has no mapping for, as a new user would bring it:
an "Organization Name" column, a free-text "Mission/Summary", two Yes/No category
columns, and one organisation listed twice under two spellings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest
from test_assets_edit import record, run, snapshot

from stemeco.community.triage import Action, Card, Outcome, to_review, walk

ROSTER = """\
Organization Name,Mission/Summary,Category 1: Museum or Science Center,\
Category 2: After School Program,Website
Harbor Science Museum,"Hands-on exhibits for families and school groups, grades K-5.",Yes,No,\
https://harbor.example
Bayside Unified School District,"Public schools serving 12,000 students.",No,No,\
https://bayside.example
Tidewater Robotics League,After-school robotics teams for ages 10-14.,No,Yes,
Harbour Science Museum,Exhibits and summer camps.,Yes,No,https://www.harbor.example/visit
Crescent Partners,Information not available on website,No,No,
"""


@pytest.fixture
def imported(project_dir: Path, tmp_path: Path) -> Path:
    """The project with the roster imported as a new user would: no mapping."""
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    result = run(project_dir, "assets", "import", str(roster))
    assert result.exit_code == 0, result.output
    return project_dir


class Person:
    """Plays a script: each item answers the next question; the script's end is Ctrl-C."""

    def __init__(self, *script: Any) -> None:
        self.script = list(script)
        self.cards: list[Card] = []
        self.notes: list[str] = []
        self.said: list[Outcome] = []

    def _next(self) -> Any:
        if not self.script:
            raise KeyboardInterrupt
        return self.script.pop(0)

    def show(self, card: Card) -> None:
        self.cards.append(card)

    def action(self, card: Card) -> Action:
        assert card is self.cards[-1]  # asked about the card just shown
        return cast(Action, self._next())

    def sector(self, card: Card) -> str:
        assert card is self.cards[-1]
        return cast(str, self._next())

    def stages(self, card: Card) -> list[str]:
        assert card is self.cards[-1]
        return cast(list[str], self._next())

    def pillars(self, card: Card) -> list[str]:
        assert card is self.cards[-1]
        return cast(list[str], self._next())

    def same_as(self, card: Card) -> str:
        assert card is self.cards[-1]
        return cast(str, self._next())

    def notify(self, message: str) -> None:
        self.notes.append(message)

    def saved(self, outcome: Outcome) -> None:
        self.said.append(outcome)


def test_each_decision_is_saved_as_it_is_made_and_ctrl_c_keeps_them(imported: Path) -> None:
    person = Person(
        "change",  # Bayside Unified School District: not all its suggestion
        "prek12",
        ["middle", "high_school"],
        ["systems", "partnerships"],
        "accept",  # Crescent Partners: nothing to accept, so ...
        "skip",  # ... skipped
        "accept",  # Harbor Science Museum: the suggestion as it is
        "same",  # Harbour Science Museum: the same as ...
        "Harber Museum",  # ... a name that is none: said, and asked again
        "same",
        "Harbor Science Museum",
        # Ctrl-C at Tidewater Robotics League
    )
    outcomes: list[Outcome] = []
    with pytest.raises(KeyboardInterrupt):
        walk(imported, person, outcomes)

    assert [c.org.name for c in person.cards] == [
        "Bayside Unified School District",
        "Crescent Partners",
        "Harbor Science Museum",
        "Harbour Science Museum",
        "Tidewater Robotics League",
    ]
    assert [c.number for c in person.cards] == [1, 2, 3, 4, 5]
    assert [(o.name, o.kind) for o in outcomes] == [
        ("Bayside Unified School District", "changed"),
        ("Crescent Partners", "skipped"),
        ("Harbor Science Museum", "accepted"),
        ("Harbour Science Museum", "merged"),
    ]
    assert person.said == outcomes
    assert person.notes == [
        "There is no sector to accept: choose one (Change).",
        "no organisation named 'Harber Museum' on the asset map "
        "(did you mean 'Harbor Science Museum'?)",
    ]
    district = record(imported, "bayside-unified-school-district")
    assert district["sector"] == "prek12"
    assert district["stages"] == ["middle", "high_school"]
    assert district["pillars"] == ["partnerships", "systems"]
    assert district["needs_review"] is False
    assert "review_reason" not in district
    assert district["reviewed"]
    museum = record(imported, "harbor-science-museum")
    assert (museum["sector"], museum["stages"], museum["pillars"]) == (
        "stem_rich",
        ["elementary", "family"],
        ["teaching_learning"],
    )
    assert museum["aliases"] == ["Harbour Science Museum"]
    assert not (imported / "assets" / "harbour-science-museum.yaml").exists()
    assert record(imported, "crescent-partners")["needs_review"] is True  # skipped: untouched
    assert record(imported, "tidewater-robotics-league")["needs_review"] is True
    assert [o.name for o in to_review(imported)] == [
        "Crescent Partners",
        "Tidewater Robotics League",
    ]


def test_the_card_says_why_and_offers_the_likely_same_organisation(imported: Path) -> None:
    person = Person("stop")
    walk(imported, person, [])
    assert len(person.cards) == 1  # stopped at the first
    harbour = Person("skip", "skip", "skip", "stop")
    walk(imported, harbour, [])
    card = harbour.cards[-1]
    assert card.org.name == "Harbour Science Museum"
    assert card.reasons == [
        "likely the same organisation as 'Harbor Science Museum' (row 2 of roster.csv): "
        "a similar name; no sector given",
        "no stage or pillar yet",
    ]
    assert card.candidates == [("Harbor Science Museum", "named in its review note")]
    assert card.proposal.sector == "stem_rich"
    assert [str(e) for e in card.suggestion.reasons("sector", "stem_rich")] == [
        "'Museum' in name",
        "'science center' in category_1_museum_or_science_center",
    ]
    assert card.suggestion.other_sectors == ["out_of_school"]
    first = harbour.cards[2]
    assert first.org.name == "Harbor Science Museum"
    assert first.candidates == [("Harbour Science Museum", "same website (harbor.example)")]


ANSWERS = """\
Harbor Science Museum: {accept: true}
Bayside Unified School District: accept
tidewater robotics league:          # any case: the loose name finds it
  accept: true
  pillars: [teaching_learning, workforce]
Harbour Science Museum: {same_as: Harbor Science Museum}
Crescent Partners:
  sector: Business and industry
  stages: employment
  pillars: [workforce]
"""


def test_answers_accepting_suggestions_give_gaps_the_real_continuum(
    imported: Path, tmp_path: Path
) -> None:
    before = json.loads(run(imported, "gaps", "--json").output)
    assert before["sectors"][-1] == "unassigned"
    assert all(
        cell["organisations"] == 0
        for row in before["stage_sector"].values()
        for cell in row.values()
    )

    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = run(imported, "assets", "review", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    said = [" ".join(line.split()) for line in result.output.split("\n") if line.strip()]
    lines = " ".join(said)
    assert (
        "Harbor Science Museum: sector STEM-rich institutions (museums, science centres, "
        "libraries) (was none); stages + Elementary, Family; pillars + Teaching & Learning; "
        "reviewed (needs_review: false) (assets/harbor-science-museum.yaml)."
    ) in lines
    assert (
        "Harbour Science Museum: merged into Harbor Science Museum "
        "(assets/harbor-science-museum.yaml; assets/harbour-science-museum.yaml removed)."
    ) in lines
    assert "Saved 5 decisions: 2 accepted, 2 changed, 1 merged. 0 still to review." in lines
    assert said[-1] == "Next: stemeco gaps shows the continuum."
    league = record(imported, "tidewater-robotics-league")
    assert league["sector"] == "out_of_school"
    assert league["stages"] == ["elementary", "middle", "high_school"]  # ages 10-14
    assert league["pillars"] == ["teaching_learning", "workforce"]
    crescent = record(imported, "crescent-partners")
    assert (crescent["sector"], crescent["stages"], crescent["pillars"]) == (
        "business",
        ["employment"],
        ["workforce"],
    )

    after = json.loads(run(imported, "gaps", "--json").output)
    assert after["totals"] == {"organisations": 4, "programs": 0, "needs_review": 0}
    assert "unassigned" not in after["sectors"]
    counts = {
        (stage, sector): cell["organisations"]
        for stage, row in after["stage_sector"].items()
        for sector, cell in row.items()
        if cell["organisations"]
    }
    assert counts == {
        ("elementary", "prek12"): 1,
        ("middle", "prek12"): 1,
        ("high_school", "prek12"): 1,
        ("elementary", "stem_rich"): 1,
        ("family", "stem_rich"): 1,
        ("elementary", "out_of_school"): 1,
        ("middle", "out_of_school"): 1,
        ("high_school", "out_of_school"): 1,
        ("employment", "business"): 1,
    }
    table = run(imported, "gaps").output
    assert "Elementary             1/0       1/0       1/0" in table

    nothing = run(imported, "assets", "review")
    assert nothing.exit_code == 0
    assert nothing.output.startswith("Nothing to review: every organisation has a sector")


BAD_ANSWERS = """\
Harbor Science Museum: {accept: true}
Harbor Science Musem: {accept: true}
Bayside Unified School District: {sector: schools, stages: [middle, college]}
Crescent Partners: {accept: true}
Tidewater Robotics League: {accept: true, colour: blue}
Harbour Science Museum: {same_as: Harbor Museum}
harbor science museum: {skip: true}
"""


def test_bad_answers_are_all_named_with_their_line_and_nothing_is_written(
    imported: Path, tmp_path: Path
) -> None:
    before = snapshot(imported)
    answers = tmp_path / "answers.yaml"
    answers.write_text(BAD_ANSWERS, encoding="utf-8")
    result = run(imported, "assets", "review", "--answers", str(answers))
    assert result.exit_code == 4
    where = str(answers)
    lines = result.output.splitlines()
    assert lines[:-1] == [
        f"{where}:2: Harbor Science Musem: no organisation named 'Harbor Science Musem' on the "
        "asset map (did you mean 'Harbor Science Museum'?)",
        f"{where}:3: Bayside Unified School District: sector: 'schools' is not one of "
        + lines[1].split("is not one of ", 1)[1],
        f"{where}:3: Bayside Unified School District: stages: 'college' is not one of "
        + lines[2].split("is not one of ", 1)[1],
        f"{where}:4: Crescent Partners: accept: no sector could be suggested from its name or "
        "text; give one: sector: prek12 | out_of_school | stem_rich | post_secondary | "
        "business | community | youth_families | government",
        f"{where}:5: Tidewater Robotics League: unknown key colour (keys: accept, sector, "
        "stages, pillars, same_as, skip)",
        f"{where}:6: Harbour Science Museum: same_as: no organisation named 'Harbor Museum' on "
        "the asset map (did you mean 'Harbor Science Museum'?)",
        f"{where}:7: harbor science museum: 'Harbor Science Museum' has a decision on line 1 "
        "already",
    ]
    assert lines[1].endswith(
        "'schools' is not one of prek12 (PreK-12 schools and districts), "
        "out_of_school (Out-of-school and after-school programs), stem_rich (STEM-rich "
        "institutions (museums, science centres, libraries)), post_secondary (Colleges, "
        "universities and technical training), business (Business and industry), community "
        "(Community organisations), youth_families (Youth and families), government "
        "(Government and funders)"
    )
    assert lines[2].endswith(
        "'college' is not one of early_childhood (Early childhood / PreK), "
        "elementary (Elementary), middle (Middle / junior high), high_school (High school), "
        "post_secondary (Post-secondary, service or technical training), employment (Employment), "
        "family (Family)"
    )
    assert lines[-1].startswith(f"error: {where}: 7 problems; nothing was saved (each entry")
    assert snapshot(imported) == before


def test_without_a_terminal_it_says_to_pass_answers(imported: Path, tmp_path: Path) -> None:
    result = run(imported, "assets", "review")
    assert result.exit_code == 6
    assert result.output.startswith(
        "error: stemeco assets review needs a terminal to ask (there is none) (run it in a "
        "terminal, or pass --answers FILE"
    )
    missing = run(imported, "assets", "review", "--answers", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2
    assert "nope.yaml: no such answers file" in missing.output


def test_ctrl_c_in_the_terminal_says_what_was_saved_and_where(
    imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stemeco.cli import ask
    from stemeco.ui import review

    monkeypatch.setattr(ask, "interactive", lambda: True)
    person = Person("accept", "skip", "accept", "same", "Harbor Science Museum")
    monkeypatch.setattr(review, "TerminalReviewer", lambda: person)
    result = run(imported, "assets", "review")
    assert result.exit_code == 130
    said = " ".join(result.output.split())
    assert said == (
        "5 organisations to review (5 flagged needs_review). Each decision is saved as you make "
        "it; Ctrl-C stops and "
        "keeps them. Stopped. 3 decisions were saved (assets/bayside-unified-school-district.yaml, "
        "assets/harbor-science-museum.yaml, assets/harbour-science-museum.yaml merged into "
        "assets/harbor-science-museum.yaml); 2 still to review: run stemeco assets review again."
    )
    person = Person()  # Ctrl-C at the first question
    monkeypatch.setattr(review, "TerminalReviewer", lambda: person)
    again = run(imported, "assets", "review")
    assert again.exit_code == 130
    assert (
        "Stopped. No decision was saved; 2 still to review: run stemeco assets review again."
        in (" ".join(again.output.split()))
    )


def test_a_reimport_after_review_keeps_the_decisions(project_dir: Path, tmp_path: Path) -> None:
    # The roster's own categories are not stemeco's: imported anyway, each one flagged.
    roster = tmp_path / "partners.csv"
    roster.write_text(
        "Name,Category\n"
        'Harbor Science Museum,"Museums, Science Centers & Zoos"\n'
        "Bayside Unified School District,District/School\n",
        encoding="utf-8",
    )
    first = run(project_dir, "assets", "import", str(roster), "--allow-unknown")
    assert first.exit_code == 0, first.output
    museum = record(project_dir, "harbor-science-museum")
    assert museum["review_reason"].startswith("unknown sector 'Museums, Science Centers & Zoos'")
    answers = tmp_path / "answers.yaml"
    answers.write_text("Harbor Science Museum: accept\nBayside Unified School District: accept\n")
    decided = run(project_dir, "assets", "review", "--answers", str(answers))
    assert decided.exit_code == 0, decided.output
    assert record(project_dir, "harbor-science-museum")["sector"] == "stem_rich"  # its category
    assert record(project_dir, "bayside-unified-school-district")["sector"] == "prek12"
    reviewed = snapshot(project_dir)

    again = run(project_dir, "assets", "import", str(roster), "--allow-unknown")
    assert again.exit_code == 0, again.output
    assert "Created 0 files, updated 0, 2 unchanged." in again.output
    assert snapshot(project_dir) == reviewed
    assert to_review(project_dir) == []
