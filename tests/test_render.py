"""Rendering the documents: markers, determinism, tables, overrides, the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.documents.output import write_documents
from stemeco.documents.render import TBD, render_documents
from stemeco.errors import TemplateError
from stemeco.project.folder import Project
from stemeco.studios.sessions import SessionWriter


def blueprint(project: Project) -> str:
    return render_documents(Project(project.root))["docs/blueprint.md"]


def test_an_empty_project_shows_to_be_decided_everywhere(project: Project) -> None:
    text = blueprint(project)
    assert f"**Mission.** {TBD}" in text
    assert f"| Early childhood / PreK | {TBD} |" in text
    assert "## 9. Action plan\n\n" + TBD in text
    assert "None" not in text
    assert "Undefined" not in text


def test_rendering_is_deterministic(example_dir: Path) -> None:
    project = Project(example_dir)
    first = render_documents(project)
    second = render_documents(Project(example_dir))
    assert first == second
    assert write_documents(Project(example_dir)).written == []  # same bytes: nothing to write
    assert all("\r" not in text for text in first.values())


def test_every_example_answer_appears_verbatim(example_dir: Path) -> None:
    project = Project(example_dir)
    text = blueprint(project)
    s1 = project.session("studio-1").answers
    s4 = project.session("studio-4").answers
    assert s1["mission_draft"] in text
    for employer in s1["employers"]:
        assert employer in text
    for action in s4["actions"]:
        assert f"| {action['action']} |" in text
    for indicator in s4["indicators"]:
        assert f"| {indicator['name']} |" in text


def test_pipes_and_line_breaks_do_not_break_the_action_table(project: Project) -> None:
    studio = project.numbered_studio(4)
    SessionWriter(project.session_path("studio-4"), studio).set_answer(
        "actions",
        [
            {
                "action": "Robotics | coding clubs",
                "problem": "p",
                "pillar": "systems",
                "lead": "Library",
                "partners": ["A|B", "C"],
                "start": "2026-01-01",
                "end": "2026-12-31",
                "resources": "Two staff\nand a van",
            }
        ],
    )
    text = blueprint(project)
    rows = [line for line in text.splitlines() if line.startswith("| 1 |")]
    assert "### Problem: p" in text  # the action plan is grouped by problem
    assert rows == [
        "| 1 | Robotics \\| coding clubs | Library | Systems | 2026-01-01 | 2026-12-31 |",
        "| 1 | A\\|B; C | Two staff<br>and a van |",
    ]


def test_a_project_template_overrides_the_packaged_one(project: Project) -> None:
    (project.root / "templates").mkdir()
    (project.root / "templates" / "blueprint.md.j2").write_text(
        "# {{ municipality }} plan\n\nMission: {{ s1.mission_draft }}\n", encoding="utf-8"
    )
    assert blueprint(project) == f"# Riverton plan\n\nMission: {TBD}\n"


def test_project_templates_render_in_the_sandbox(project: Project) -> None:
    (project.root / "templates").mkdir()
    (project.root / "templates" / "blueprint.md.j2").write_text(
        "line one\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateError) as failure:
        blueprint(project)
    message = str(failure.value)
    assert "templates/blueprint.md.j2:2" in message
    assert "unsafe" in message


def test_a_template_syntax_error_names_file_and_line(runner: CliRunner, project_dir: Path) -> None:
    (project_dir / "templates").mkdir()
    (project_dir / "templates" / "blueprint.md.j2").write_text(
        "# Plan\n\n{% for x in %}\n", encoding="utf-8"
    )
    before = (project_dir / "docs" / "blueprint.md").read_bytes()
    result = runner.invoke(app, ["render", "--project", str(project_dir)])
    assert result.exit_code == 5
    assert "templates/blueprint.md.j2:3: template syntax error" in result.stderr
    assert "Traceback" not in result.output
    assert (project_dir / "docs" / "blueprint.md").read_bytes() == before
    check = runner.invoke(app, ["check", "--project", str(project_dir)])
    assert check.exit_code == 1
    assert "templates/blueprint.md.j2:3: template syntax error" in check.stderr


def test_a_template_runtime_error_names_file_and_line(project: Project) -> None:
    (project.root / "templates").mkdir()
    (project.root / "templates" / "blueprint.md.j2").write_text(
        "ok\nok\n{{ 1 // 0 }}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateError, match=r"blueprint\.md\.j2:3: template error"):
        blueprint(project)
