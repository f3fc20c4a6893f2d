"""Tier 1: the step engine, with the prompts replaced by a script."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from stemeco.errors import UsageError, ValidationFailed
from stemeco.project.folder import Project
from stemeco.studios.engine import Question, apply_answers, load_answers_file, run

STUDIO_1 = {
    "stem_disciplines": ["science", "technology", "other"],
    "stem_disciplines_other": "Maritime trades",
    "stem_definition": "STEM is how Riverton asks questions and builds things.",
    "local_economy": "Ports, logistics and a growing clean-energy sector.",
    "employers": ["Port Authority", "Riverton Wind"],
    "learner_needs": "Few learners meet an engineer or see a lab before sixteen.",
    "at_the_table": ["prek12", "business"],
    "missing_voices": ["Parents from the north side"],
    "invite_plan": "Library listening sessions in two languages.",
    "mission_draft": "Every Riverton learner can explore STEM from PreK to a first job.",
}


def saved(project: Project, studio_id: str = "studio-1") -> dict[str, Any]:
    path = project.session_path(studio_id)
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def fresh(project: Project) -> Project:
    return Project(project.root)


def test_a_whole_studio_is_saved_and_marked_complete(project: Project, scripted: Any) -> None:
    prompter = scripted(list(STUDIO_1.values()), reviews=[None])
    outcome = run(project, project.numbered_studio(1), prompter)

    data = saved(project)
    assert outcome.complete
    assert data["status"] == "complete"
    assert data["answers"] == STUDIO_1
    assert list(data["answers"]) == list(STUDIO_1)  # stable order: the definition's
    progress = [q.progress for q in prompter.asked]
    assert progress[0] == "Studio I · step 1 of 8"
    # Choosing "other" makes the follow-up step apply: the count grows to 9.
    assert progress[1] == "Studio I · step 2 of 9"
    assert progress[-1] == "Studio I · step 10 of 10"


def test_each_answer_is_on_disk_before_the_next_question(project: Project, scripted: Any) -> None:
    seen_on_disk: list[int] = []

    class Watching(scripted):  # type: ignore[misc]
        def ask(self, question: Question) -> Any:
            seen_on_disk.append(len(saved(project).get("answers", {}) or {}))
            return super().ask(question)

    run(project, project.numbered_studio(1), Watching(list(STUDIO_1.values())))
    assert seen_on_disk == list(range(len(STUDIO_1)))


def test_ctrl_c_keeps_every_answer_and_a_rerun_resumes(project: Project, scripted: Any) -> None:
    first = scripted(list(STUDIO_1.values())[:3])
    with pytest.raises(KeyboardInterrupt):
        run(project, project.numbered_studio(1), first)
    assert saved(project)["answers"] == dict(list(STUDIO_1.items())[:3])
    assert saved(project)["status"] == "in_progress"

    second = scripted(list(STUDIO_1.values())[3:], reviews=[None])
    project = fresh(project)
    outcome = run(project, project.numbered_studio(1), second)
    assert second.asked[0].step.id == "local_economy"
    assert second.intros == [(True, 3, 9)]
    assert outcome.complete
    assert saved(project)["answers"] == STUDIO_1


def test_review_revises_a_step_before_completion(project: Project, scripted: Any) -> None:
    answers = [*STUDIO_1.values(), "A better mission, agreed by the whole room."]
    prompter = scripted(answers, reviews=["mission_draft", None])
    run(project, project.numbered_studio(1), prompter)
    assert saved(project)["answers"]["mission_draft"] == answers[-1]
    assert prompter.asked[-1].default == STUDIO_1["mission_draft"]  # offered for editing
    assert saved(project)["status"] == "complete"


def test_step_option_revisits_one_step_only(project: Project, scripted: Any) -> None:
    run(project, project.numbered_studio(1), scripted(list(STUDIO_1.values())))
    prompter = scripted([["Port Authority", "Riverton Wind", "Harbor Hospital"]])
    run(fresh(project), project.numbered_studio(1), prompter, step_id="employers")
    assert [q.step.id for q in prompter.asked] == ["employers"]
    data = saved(project)
    assert data["answers"]["employers"][-1] == "Harbor Hospital"
    assert data["status"] == "complete"


def test_unknown_step_is_a_usage_error(project: Project, scripted: Any) -> None:
    with pytest.raises(UsageError, match="no step 'nope'"):
        run(project, project.numbered_studio(1), scripted([]), step_id="nope")


def test_restart_asks_before_discarding(project: Project, scripted: Any) -> None:
    with pytest.raises(KeyboardInterrupt):
        run(project, project.numbered_studio(1), scripted(list(STUDIO_1.values())[:4]))
    before = project.session_path("studio-1").read_bytes()

    declined = run(
        fresh(project), project.numbered_studio(1), scripted([], confirms=[False]), restart=True
    )
    assert declined.cancelled
    assert project.session_path("studio-1").read_bytes() == before

    again = scripted([["science"]], confirms=[True])
    with pytest.raises(KeyboardInterrupt):
        run(fresh(project), project.numbered_studio(1), again, restart=True)
    assert "Discard the 4 saved answers" in again.notes[0]
    assert saved(project)["answers"] == {"stem_disciplines": ["science"]}


def test_condition_skips_a_step_that_does_not_apply(project: Project, scripted: Any) -> None:
    answers = dict(STUDIO_1, stem_disciplines=["science"])
    del answers["stem_disciplines_other"]
    prompter = scripted(list(answers.values()))
    run(project, project.numbered_studio(1), prompter)
    assert "stem_disciplines_other" not in [q.step.id for q in prompter.asked]
    assert "stem_disciplines_other" not in saved(project)["answers"]


def test_a_skipped_optional_step_is_not_asked_again(project: Project, scripted: Any) -> None:
    answers: list[Sequence[str] | None] = list(STUDIO_1.values())
    answers[7] = None  # missing_voices skipped: invite_plan no longer applies
    del answers[8]
    prompter = scripted(answers[:8])
    with pytest.raises(KeyboardInterrupt):
        run(project, project.numbered_studio(1), prompter)
    assert saved(project)["answers"]["missing_voices"] is None
    resumed = scripted([answers[8]])
    run(fresh(project), project.numbered_studio(1), resumed)
    assert [q.step.id for q in resumed.asked] == ["mission_draft"]


def test_an_invalid_value_is_refused_and_asked_again(project: Project, scripted: Any) -> None:
    prompter = scripted([["astrology"], ["science"]])
    with pytest.raises(KeyboardInterrupt):
        run(project, project.numbered_studio(1), prompter)
    assert any("astrology" in note for note in prompter.notes)
    assert saved(project)["answers"]["stem_disciplines"] == ["science"]


def test_choices_come_from_earlier_records(project: Project, scripted: Any) -> None:
    problems = [
        {
            "title": "Few girls in robotics",
            "statement": "Girls leave robotics clubs by grade 7.",
            "evidence": "Club rosters 2025",
            "stages": ["middle"],
        },
        {
            "title": "No bus to the museum",
            "statement": "East-side schools cannot reach it.",
            "evidence": "Field-trip logs",
            "stages": ["elementary"],
        },
    ]
    prompter = scripted([["Our data"], ["A finding"], None, problems])
    with pytest.raises(KeyboardInterrupt):
        run(project, project.numbered_studio(3), prompter)
    question = prompter.asked[-1]
    assert question.step.id == "priority_problems"
    assert [c.value for c in question.choices] == ["Few girls in robotics", "No bus to the museum"]
    assert question.problems(["Something else"])  # not a problem title: refused


def test_defaults_come_from_earlier_answers(project: Project, scripted: Any) -> None:
    local = project.root / "studios"
    local.mkdir()
    (local / "retreat.yaml").write_text(
        "id: retreat\ntitle: Planning retreat\nsteps:\n"
        "  - {id: host, prompt: Who hosts?, type: text}\n"
        "  - {id: contact, prompt: Who is the contact?, type: text, default_from: host}\n"
        "  - {id: vision_again, prompt: Vision?, type: longtext,"
        " default_from: studio-2.vision}\n",
        encoding="utf-8",
    )
    (project.root / "sessions" / "studio-2.yaml").write_text(
        "studio: studio-2\nstatus: in_progress\nanswers:\n  vision: A river city of makers.\n",
        encoding="utf-8",
    )
    project = fresh(project)
    prompter = scripted(["The library"])
    with pytest.raises(KeyboardInterrupt):
        run(project, project.studio("retreat"), prompter)
    assert prompter.asked[1].default == "The library"


def test_hand_written_comments_survive_every_answer(project: Project, scripted: Any) -> None:
    with pytest.raises(KeyboardInterrupt):
        run(project, project.numbered_studio(1), scripted(list(STUDIO_1.values())[:2]))
    path = project.session_path("studio-1")
    text = path.read_text(encoding="utf-8")
    text = text.replace("answers:\n", "answers:  # agreed at the March session\n")
    path.write_text("# Reviewed by the leadership team\n" + text, encoding="utf-8")

    with pytest.raises(KeyboardInterrupt):
        run(fresh(project), project.numbered_studio(1), scripted(list(STUDIO_1.values())[2:5]))
    after = path.read_text(encoding="utf-8")
    assert "# Reviewed by the leadership team" in after
    assert "# agreed at the March session" in after
    assert yaml.safe_load(after)["answers"]["local_economy"] == STUDIO_1["local_economy"]


# ------------------------------------------------------------------ --answers FILE


def write_answers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_answers_file_reports_every_invalid_value_and_writes_nothing(
    project: Project, tmp_path: Path
) -> None:
    source = write_answers(
        tmp_path,
        (
            "stem_disciplines: [science, astrology]\n"
            "employers: []\n"
            "mission_draft: too short\n"
            "no_such_step: 1\n"
        ),
    )
    with pytest.raises(ValidationFailed) as failure:
        apply_answers(project, project.numbered_studio(1), load_answers_file(source), source=source)
    text = "\n".join(str(p) for p in failure.value.problems)
    assert "stem_disciplines: 'astrology' is not one of the choices" in text
    assert "employers: an answer is required" in text
    assert "mission_draft: give at least 20 characters" in text
    assert "no_such_step: Studio I has no such step" in text
    assert not project.session_path("studio-1").exists()


def test_answers_file_keeps_yaml_traps_as_typed_text(free_project: Project, tmp_path: Path) -> None:
    source = write_answers(
        tmp_path,
        (
            "title: no\n"
            "notes: 0777\n"
            "items: [yes, null, 2024-01-01, 1e3, '~']\n"
            "more: '# not a comment, and key: value'\n"
        ),
    )
    studio = free_project.studio("notes")
    apply_answers(free_project, studio, load_answers_file(source), source=source)
    answers = fresh(free_project).session("notes").answers
    assert answers["title"] == "no"
    assert answers["notes"] == "0777"
    assert answers["items"] == ["yes", "null", "2024-01-01", "1e3", "~"]
    assert answers["more"] == "# not a comment, and key: value"


def test_answers_file_completes_the_studio_when_everything_is_there(
    project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "a.yaml"
    source.write_text(yaml.safe_dump(STUDIO_1, allow_unicode=True), encoding="utf-8")
    outcome = apply_answers(
        project, project.numbered_studio(1), load_answers_file(source), source=source
    )
    assert outcome.complete
    assert outcome.saved == len(STUDIO_1)
    assert saved(project)["answers"] == STUDIO_1
