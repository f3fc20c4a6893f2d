"""Tier 1 (the engine, scripted prompts): unfinished records survive Ctrl-C, dependent
answers are re-checked before a studio is complete, and lists name records by label."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
import yaml

from stemeco.errors import ProjectFileError, ValidationFailed
from stemeco.project.folder import Project
from stemeco.studios.engine import Question, Session, run
from stemeco.studios.loader import load_definition
from stemeco.studios.sessions import Draft, read_session
from stemeco.studios.values import check_value


def saved(project: Project, studio_id: str) -> dict[str, Any]:
    return cast(
        dict[str, Any], yaml.safe_load(project.session_path(studio_id).read_text(encoding="utf-8"))
    )


def fresh(project: Project) -> Project:
    return Project(project.root)


PILOT = """\
id: pilot
title: Pilot partners
steps:
  - id: partners
    prompt: Which partners host the summer pilot?
    type: records
    label: partner
    noun: partner
    min: 2
    fields:
      - {id: partner, prompt: Partner name?, type: text}
      - {id: seats, prompt: Seats offered?, type: number}
  - {id: notes, prompt: Anything else?, type: longtext, required: false}
"""
RIVERWORKS = {"partner": "Riverworks", "seats": 20}
KESSLER = {"partner": "Kessler Precision", "seats": 8}


@pytest.fixture
def pilot(project: Project) -> Project:
    (project.root / "studios").mkdir()
    (project.root / "studios" / "pilot.yaml").write_text(PILOT, encoding="utf-8")
    return fresh(project)


def keeps_then_stops(scripted: Any, *drafts: Draft) -> Any:
    """A prompter that, at the records step, keeps each draft (as the terminal does after
    each record) and then is stopped by Ctrl-C."""

    class Stopping(scripted):  # type: ignore[misc]
        def ask(self, question: Question) -> Any:
            if question.step.type == "records":
                assert question.keep is not None
                for draft in drafts:
                    question.keep(draft)
                self.asked.append(question)
                raise KeyboardInterrupt
            return super().ask(question)

    return Stopping()


# ------------------------------------------------------------------ records drafts


def test_a_finished_record_survives_ctrl_c_and_the_step_resumes_from_it(
    pilot: Project, scripted: Any
) -> None:
    with pytest.raises(KeyboardInterrupt):
        run(pilot, pilot.studio("pilot"), keeps_then_stops(scripted, Draft([RIVERWORKS])))
    data = saved(pilot, "pilot")
    assert data["answers"] == {}  # not an answer yet: the room has not said Done
    assert data["drafts"] == {"partners": {"records": [RIVERWORKS]}}
    assert data["status"] == "in_progress"

    resumed = scripted([[RIVERWORKS, KESSLER], None])
    outcome = run(fresh(pilot), pilot.studio("pilot"), resumed)
    question = resumed.asked[0]
    assert question.step.id == "partners"
    assert question.default == [RIVERWORKS]  # the records list starts with the kept one
    assert question.draft == Draft([RIVERWORKS])
    assert resumed.intros == [(True, 0, 2)]
    assert "'Which partners host the summer pilot?' was stopped before Done: 1 partner kept." in (
        resumed.notes
    )
    assert outcome.complete
    data = saved(pilot, "pilot")
    assert "drafts" not in data  # the answer replaced the draft in the same write
    assert data["answers"]["partners"] == [RIVERWORKS, KESSLER]


def test_a_half_typed_record_is_kept_and_continued(pilot: Project, scripted: Any) -> None:
    half = Draft([RIVERWORKS], open_number=2, open_fields={"partner": "Kessler"})
    with pytest.raises(KeyboardInterrupt):
        run(pilot, pilot.studio("pilot"), keeps_then_stops(scripted, Draft([RIVERWORKS]), half))
    assert saved(pilot, "pilot")["drafts"]["partners"] == {
        "records": [RIVERWORKS],
        "open_record": {"number": 2, "fields": {"partner": "Kessler"}},
    }
    state = read_session(pilot.session_path("pilot"), "pilot")
    assert state.drafts["partners"] == half

    resumed = scripted([])
    with pytest.raises(KeyboardInterrupt):
        run(fresh(pilot), pilot.studio("pilot"), resumed)
    assert resumed.asked[0].draft == half
    assert any("record 2 is half typed (it continues)" in note for note in resumed.notes)


def test_an_interrupted_revision_keeps_the_answer_and_the_draft(
    pilot: Project, scripted: Any
) -> None:
    run(pilot, pilot.studio("pilot"), scripted([[RIVERWORKS, KESSLER], None]))
    removed = Draft([KESSLER])  # Riverworks removed at the records menu, then Ctrl-C
    with pytest.raises(KeyboardInterrupt):
        run(
            fresh(pilot),
            pilot.studio("pilot"),
            keeps_then_stops(scripted, removed),
            step_id=("partners"),
        )
    data = saved(pilot, "pilot")
    assert data["answers"]["partners"] == [RIVERWORKS, KESSLER]  # unchanged until Done
    assert data["drafts"]["partners"]["records"] == [KESSLER]
    # The next run picks the revision up where it stopped.
    resumed = scripted([[KESSLER, RIVERWORKS]], reviews=[None])
    run(fresh(pilot), pilot.studio("pilot"), resumed)
    assert resumed.asked[0].step.id == "partners"
    assert resumed.asked[0].default == [KESSLER]
    assert saved(pilot, "pilot")["answers"]["partners"] == [KESSLER, RIVERWORKS]


def test_restart_discards_drafts_too(pilot: Project, scripted: Any) -> None:
    with pytest.raises(KeyboardInterrupt):
        run(pilot, pilot.studio("pilot"), keeps_then_stops(scripted, Draft([RIVERWORKS])))
    again = scripted([], confirms=[True])
    with pytest.raises(KeyboardInterrupt):
        run(fresh(pilot), pilot.studio("pilot"), again, restart=True)
    assert "drafts" not in saved(pilot, "pilot")
    assert again.asked[0].draft is None


def test_a_broken_draft_is_refused_with_its_line(pilot: Project) -> None:
    path = pilot.session_path("pilot")
    path.write_text(
        "studio: pilot\nstatus: in_progress\nanswers: {}\ndrafts:\n  partners:\n"
        "    records: [{partner: A}]\n    open_record: {number: 7, fields: {}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProjectFileError) as caught:
        read_session(path, "pilot")
    assert caught.value.line == 7
    assert "open_record: needs 'number' (1 to 2)" in str(caught.value)


# ------------------------------------------------------------------ dependent answers

PROBLEMS = [
    {
        "title": "Few girls in robotics",
        "statement": "Girls leave robotics clubs by grade 7.",
        "evidence": "Club rosters 2025",
        "stages": ["middle"],
    },
    {
        "title": "No bus to the museum",
        "statement": "East-side schools cannot reach the museum.",
        "evidence": "Field-trip logs 2025",
        "stages": ["elementary"],
    },
]
STUDIO_3 = [
    ["District enrolment 2025"],
    ["Only 3 of 28 clubs run on the east side."],
    None,
    PROBLEMS,
    ["Few girls in robotics"],
    ["Go first where opportunity is scarce", "Build on what works", "Families decide with us"],
    None,
]
RENAMED = [dict(PROBLEMS[0], title="Girls leave robotics by grade 7"), PROBLEMS[1]]


def test_renaming_a_problem_at_review_re_asks_the_priorities(
    project: Project, scripted: Any
) -> None:
    prompter = scripted(
        [*STUDIO_3, RENAMED, ["Girls leave robotics by grade 7"]],
        reviews=["problems", None],
        confirms=[True],
    )
    outcome = run(project, project.numbered_studio(3), prompter)
    assert [q.step.id for q in prompter.asked[-2:]] == ["problems", "priority_problems"]
    assert any(
        "'Which problems do we tackle first?' no longer fits the other answers: "
        "not among the choices: Few girls in robotics" in note
        for note in prompter.notes
    )
    assert outcome.complete
    assert saved(project, "studio-3")["answers"]["priority_problems"] == [
        "Girls leave robotics by grade 7"
    ]


def test_a_studio_is_not_complete_while_an_answer_no_longer_fits(
    project: Project, scripted: Any
) -> None:
    # The room declines to fix the priorities at once, then asks to complete.
    prompter = scripted(
        [*STUDIO_3, RENAMED, ["No bus to the museum"]],
        reviews=["problems", None, None],
        confirms=[False, False, True],
    )
    outcome = run(project, project.numbered_studio(3), prompter)
    assert "Studio III cannot be marked complete while an answer does not fit the others." in (
        prompter.notes
    )
    assert outcome.complete  # only once the priorities were answered again
    answers = saved(project, "studio-3")["answers"]
    assert answers["priority_problems"] == ["No bus to the museum"]


def test_a_revision_names_what_it_breaks_in_another_studio(project: Project, scripted: Any) -> None:
    run(project, project.numbered_studio(3), scripted(STUDIO_3))
    (project.root / "sessions" / "studio-4.yaml").write_text(
        "studio: studio-4\nstatus: in_progress\nanswers:\n  actions:\n"
        "    - {action: Girls robotics league, problem: Few girls in robotics, pillar: "
        "teaching_learning, lead: Northstar, start: '2026-09-01', end: '2027-06-01', "
        "resources: Two coaches and a van}\n",
        encoding="utf-8",
    )
    prompter = scripted([RENAMED, ["Girls leave robotics by grade 7"]], confirms=[True])
    run(fresh(project), project.numbered_studio(3), prompter, step_id="problems")
    note = next(n for n in prompter.notes if n.startswith("Studio IV"))
    assert "record 1: problem: 'Few girls in robotics' is not one of" in note
    assert note.endswith("Fix it with: stemeco studio run 4 --step actions")


def test_step_option_leaves_a_complete_studio_in_progress_when_an_answer_no_longer_fits(
    project: Project, scripted: Any
) -> None:
    run(project, project.numbered_studio(3), scripted(STUDIO_3))
    assert saved(project, "studio-3")["status"] == "complete"
    prompter = scripted([RENAMED], confirms=[False])
    run(fresh(project), project.numbered_studio(3), prompter, step_id="problems")
    assert saved(project, "studio-3")["status"] == "in_progress"
    assert any("in progress again until every answer fits" in n for n in prompter.notes)


STUDIO_1 = [
    ["science"],
    "STEM is how Riverton asks questions and builds things.",
    "Ports, logistics and a growing clean-energy sector.",
    ["Port Authority"],
    "Few learners meet an engineer before sixteen.",
    ["prek12"],
    None,
    "Every Riverton learner can explore STEM from PreK to a first job.",
]


def test_a_revision_that_makes_a_condition_true_asks_the_new_step(
    project: Project, scripted: Any
) -> None:
    run(project, project.numbered_studio(1), scripted(STUDIO_1))
    prompter = scripted([["science", "other"], "Maritime trades"])
    run(fresh(project), project.numbered_studio(1), prompter, step_id="stem_disciplines")
    assert [q.step.id for q in prompter.asked] == ["stem_disciplines", "stem_disciplines_other"]
    data = saved(project, "studio-1")
    assert data["answers"]["stem_disciplines_other"] == "Maritime trades"
    assert data["status"] == "complete"


# ------------------------------------------------------------------ words people read


def test_review_rows_name_records_by_label_with_their_noun(project: Project) -> None:
    (project.root / "sessions" / "studio-2.yaml").write_text(
        "studio: studio-2\nstatus: in_progress\nanswers:\n  sector_commitments:\n"
        "    - {sector: prek12, partner: Riverton Schools, commitment: Two science rooms}\n"
        "    - {sector: business, partner: Kessler, commitment: Shop tours twice a year}\n",
        encoding="utf-8",
    )
    project = fresh(project)
    rows = Session(project, project.numbered_studio(2)).review_rows()
    row = next(r for r in rows if r.step.id == "sector_commitments")
    assert row.summary == "2 commitments: PreK-12 schools and districts; Business and industry"


# ------------------------------------------------------------------ conditions on fields


def test_the_budget_asks_committed_or_prospective_for_revenue_only(project: Project) -> None:
    budget = project.studio("business-plan").step("budget")
    assert budget is not None
    status = budget.field("status")
    assert status is not None
    cost = {"line": "Leader", "category": "staff", "year": 2026, "amount": 95000, "kind": "cost"}
    revenue = dict(cost, kind="revenue", category="philanthropy")
    assert not budget.field_applies(status, cost)
    assert budget.field_applies(status, revenue)
    # A cost with no status is fine; a status on a cost is not checked (it does not apply).
    assert check_value(budget, [cost]) == []
    assert check_value(budget, [dict(cost, status="nonsense")]) == []
    assert check_value(budget, [dict(revenue, status="nonsense")]) == [
        "record 1: status: 'nonsense' is not one of the choices: committed, prospective"
    ]


def test_a_field_condition_must_look_at_an_earlier_field(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(
        "id: notes\ntitle: Notes\nsteps:\n"
        "  - id: lines\n    prompt: Lines\n    type: records\n    noun: line\n    fields:\n"
        "      - {id: why, prompt: Why?, when: {step: kind, equals: revenue}}\n"
        "      - {id: kind, prompt: Kind?, type: choice, choices: [cost, revenue]}\n"
        "      - {id: who, prompt: Who?, when: {step: kind, equals: gift}}\n"
        "  - {id: other, prompt: Other, noun: thing}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as caught:
        load_definition(path)
    assert sorted(p.render(tmp_path) for p in caught.value.problems) == [
        "notes.yaml:11: steps.0.fields.2.when.equals: 'gift' is not one of the choices of "
        "'kind': cost, revenue",
        "notes.yaml:12: steps.1.noun: only a records step has a noun",
        "notes.yaml:9: steps.0.fields.0.when: refers to 'kind', which is not asked before",
    ]
