"""The documents read as documents: no CLI instructions, raw hashes, ids or file paths in
their body, the blueprint's parts in a reader's order, blank optional answers left
blank, and tables narrow enough to read on a page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.documents.render import TBD, render_documents
from stemeco.project.folder import Project
from stemeco.studios.sessions import SessionWriter


def documents(root: Path) -> dict[str, str]:
    return {k: v for k, v in render_documents(Project(root)).items() if k.endswith(".md")}


def body(text: str) -> str:
    """A document without its closing 'Document data' note."""
    return text.split("*Document data.*")[0]


@pytest.fixture
def example_with_added_indicator(runner: CliRunner, example_dir: Path) -> Path:
    add = ["indicators", "add", "--project", str(example_dir), "--name", "Mentors trained"]
    add += ["--pillar", "workforce", "--definition", "Mentors who finished the training."]
    assert runner.invoke(app, add).exit_code == 0
    return example_dir


def test_no_cli_instructions_hashes_ids_or_paths_in_any_document(
    example_with_added_indicator: Path, project_dir: Path
) -> None:
    root = example_with_added_indicator
    project = Project(root)
    step_ids = {s.id for studio in project.studios.values() for s in studio.steps if "_" in s.id}
    for folder in (root, project_dir):
        for name, text in documents(folder).items():
            shown = body(text)
            assert "stemeco " not in shown, name  # no command to type
            assert "sha256" not in shown, name
            assert not re.search(r"\b[0-9a-f]{32,}\b", shown), name
            assert not re.search(r"\b(?:milestone|studio)-\d\b", shown), name
            assert not re.search(r"[\w-]+/[\w.-]+\.(?:ya?ml|csv)\b", shown), name  # file paths
            assert "`" not in shown.replace("```mermaid", "").replace("```\n", "\n"), name
            words = set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", shown))
            assert not words & step_ids, (name, words & step_ids)
    blueprint = documents(root)["docs/blueprint.md"]
    note = blueprint.split("*Document data.*")[1]
    assert re.search(r"sha256:[0-9a-f]{64}", note)  # the fingerprint, kept in the note
    indicators = documents(root)["docs/indicators.md"]
    assert "| Defined in | added after the studios |" in indicators


def test_the_blueprint_puts_launches_assessment_and_approval_before_the_appendix(
    example_dir: Path,
) -> None:
    text = documents(example_dir)["docs/blueprint.md"]
    order = [
        "## 12. Quick wins for the soft launch",
        "## 13. Launch plan",
        "## 14. Thriving self-assessment",
        "## 15. Approval by the Leadership Team",
        "## Appendix: the teams and the design calendar",
        "*Document data.*",
    ]
    places = [text.index(heading) for heading in order]
    assert places == sorted(places)
    headings = re.findall(r"^## (\d+)\.", text, re.M)
    assert headings == [str(n) for n in range(1, 16)]


def table_widths(text: str) -> list[int]:
    rows = [line for line in text.splitlines() if re.fullmatch(r"\|(?:\s*:?-+:?\s*\|)+", line)]
    return [len(re.split(r"(?<!\\)\|", row.strip("|"))) for row in rows]


def test_every_table_reads_on_a_page(example_dir: Path) -> None:
    for name, text in documents(example_dir).items():
        widths = table_widths(text)
        assert widths, name
        assert max(widths) <= 6, (name, widths)


def test_the_action_plan_is_grouped_by_problem(example_dir: Path) -> None:
    project = Project(example_dir)
    text = documents(example_dir)["docs/blueprint.md"]
    plan = text.split("## 9. Action plan")[1].split("## 10.")[0]
    actions = project.session("studio-4").answers["actions"]
    problems = {a["problem"] for a in actions}
    assert len(re.findall(r"^### Problem: ", plan, re.M)) == len(problems)
    numbers = re.findall(r"^\| (\d+) \| ", plan, re.M)
    assert sorted(set(numbers), key=int) == [str(n) for n in range(1, len(actions) + 1)]
    assert len(numbers) == 2 * len(actions)  # each action in both tables of its problem
    for action in actions:
        section = plan.split(f"### Problem: {action['problem']}")[1].split("### Problem:")[0]
        assert f"| {action['action']} |" in section


def test_an_empty_optional_answer_is_blank_and_a_missing_required_one_is_marked(
    project: Project,
) -> None:
    studio3 = project.numbered_studio(3)
    writer = SessionWriter(project.session_path("studio-3"), studio3)
    writer.set_answer("design_principles", ["Start where learners are", "Share data", "Go east"])
    studio4 = project.numbered_studio(4)
    action = {
        "action": "Open clubs",
        "problem": "Few clubs",
        "pillar": "systems",
        "lead": "Library",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "resources": "Two staff",
    }
    SessionWriter(project.session_path("studio-4"), studio4).set_answer("actions", [action])
    text = documents(project.root)["docs/blueprint.md"]
    assert "Strengths we build on" not in text  # optional, left empty: not shown
    assert "Equity focus" not in text
    assert "Voices still missing" not in text
    assert "| 1 |  | Two staff |" in text  # no supporting partners: a blank cell
    assert f"**Mission.** {TBD}" in text  # required and missing: marked
    assert "## 8. Design principles\n\n- Start where learners are" in text
    assert "## 12. Quick wins for the soft launch\n\n- " + TBD in text
