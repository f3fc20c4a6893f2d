"""stemeco gaps, docs/asset-map.md, the asset findings, interviews and status on the example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.project.folder import Project
from stemeco.studios.providers import resolve

from conftest import BuildProject


@pytest.fixture
def example(new_project: BuildProject) -> Path:
    """The example under another name: every "Millbrook" in it reads "Lakeside"."""
    return new_project("lakeside", "Lakeside", example=True)


def run(project_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(project_dir)])


def test_gaps_json_on_the_example(example: Path) -> None:
    result = run(example, "gaps", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["totals"] == {"organisations": 15, "programs": 24, "needs_review": 1}
    cell = data["stage_sector"]["early_childhood"]["stem_rich"]
    assert cell == {"organisations": 2, "programs": 2}
    assert {"stage": "post_secondary", "sector": "prek12"} in data["empty_cells"]
    assert data["stage_pillar"]["high_school"]["workforce"]["programs"] >= 4
    assert data["stage_area"]["high_school"]["Coding"]["programs"] == 3
    assert data["findings"][0].startswith("The asset map holds 15 organisations and 24 programs")


def test_gaps_table_and_empty_map(example: Path, project_dir: Path) -> None:
    result = run(example, "gaps")
    assert result.exit_code == 0
    assert "Stage" in result.output
    assert "Findings:" in result.output
    assert "Early/PreK" in result.output
    empty = run(project_dir, "gaps")
    assert empty.exit_code == 0
    assert "The asset map is empty" in empty.output


def test_asset_map_document(example: Path) -> None:
    text = (example / "docs" / "asset-map.md").read_text(encoding="utf-8")
    assert text.startswith("# Lakeside STEM Learning Ecosystem: Asset Map and Continuum Gaps")
    assert "## Stage × sector" in text
    assert "```mermaid\nflowchart LR" in text
    assert 'eco(("Lakeside STEM ecosystem"))' in text
    assert run(example, "render", "--check").exit_code == 0


def test_network_is_capped(project_dir: Path) -> None:
    for number in range(9):
        run(project_dir, "assets", "add", "--name", f"Club {number}", "--sector", "out_of_school")
    run(project_dir, "render")
    text = (project_dir / "docs" / "asset-map.md").read_text(encoding="utf-8")
    assert '["+3 more"]' in text
    assert text.count("s_out_of_school --- o") == 6


def test_findings_feed_studio_three(example: Path) -> None:
    found = resolve(Project(example), {"asset_findings"})["asset_findings"]
    assert isinstance(found, list)
    assert all(isinstance(line, str) and "\n" not in line for line in found)
    assert any("thinnest stage" in line for line in found)


def test_status_shows_milestone_one_items(example: Path) -> None:
    result = run(example, "status", "--json")
    data = json.loads(result.output)
    items = {i["key"]: i for i in data["milestones"][0]["items"]}
    assert items["leader"]["state"] == "done"
    assert items["design_team"]["state"] == "in_progress"
    assert "Community organisations" in items["design_team"]["detail"]
    assert items["interviews"]["detail"] == "4 interviews recorded"
    assert items["asset_map"]["detail"] == "15 organisations; 1 needs review"


def test_interviews_add_and_list(project_dir: Path) -> None:
    result = run(
        project_dir,
        "interviews",
        "add",
        "--who",
        "Mayor Jo Park",
        "--organisation",
        "City",
        "--date",
        "2026-02-03",
        "--notes",
        "yes",
        "--theme",
        "transport",
        "--theme",
        "Data",
    )
    assert result.exit_code == 0, result.output
    assert "interviews/2026-02-03-mayor-jo-park.yaml" in result.output
    run(
        project_dir,
        "interviews",
        "add",
        "--who",
        "Dr. Lee",
        "--organisation",
        "College",
        "--date",
        "2026-01-10",
        "--theme",
        "data",
    )
    listing = run(project_dir, "interviews", "list")
    assert listing.output.index("2026-01-10") < listing.output.index("2026-02-03")
    assert "Themes: data (2), transport (1)" in listing.output
    only = run(project_dir, "interviews", "list", "--theme", "TRANSPORT", "--json")
    assert [i["who"] for i in json.loads(only.output)] == ["Mayor Jo Park"]
    text = (project_dir / "interviews" / "2026-02-03-mayor-jo-park.yaml").read_text(
        encoding="utf-8"
    )
    assert 'notes: "yes"' in text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--who", "A", "--organisation", "B", "--date", "someday"], 4, "is not a date"),
        (["--who", "A"], 6, "needs --who, --organisation, --date"),
    ],
)
def test_interview_errors(project_dir: Path, args: list[str], code: int, message: str) -> None:
    result = run(project_dir, "interviews", "add", *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert not list((project_dir / "interviews").glob("*.yaml"))


def test_same_interview_twice_is_refused(project_dir: Path) -> None:
    args = ["--who", "A", "--organisation", "B", "--date", "2026-01-01"]
    assert run(project_dir, "interviews", "add", *args).exit_code == 0
    again = run(project_dir, "interviews", "add", *args)
    assert again.exit_code == 2
    assert "already exists" in again.output


def _asset(root: Path, name: str, sector: str, stages: list[str], programs: list[str]) -> None:
    lines = [f"name: {name}", f"sector: {sector}", "stages: [" + ", ".join(stages) + "]"]
    if programs:
        lines.append("programs:")
        for stage in programs:
            lines += [f"  - name: {name} {stage} club", f"    stages: [{stage}]"]
    (root / "assets" / f"{name.lower()}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def test_a_stage_without_programs_is_thinner_than_one_with_one(project_dir: Path) -> None:
    """Zero-program stages are never skipped: they come before "the thinnest" with one."""
    _asset(project_dir, "Harbour", "stem_rich", ["high_school"], ["high_school"] * 3)
    _asset(project_dir, "Dockyard", "business", ["employment"], ["employment"])
    _asset(project_dir, "Nursery", "community", ["early_childhood"], [])
    result = run(project_dir, "gaps", "--json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["findings"]
    assert findings[0] == "The asset map holds 3 organisations and 4 programs."
    assert findings[1] == (
        "No organisation on the asset map serves: Elementary, Middle / junior high, "
        "Post-secondary, service or technical training, Family."
    )
    assert findings[2] == (
        "No program on the asset map serves: Early childhood / PreK (1 organisation), "
        "with no program listed."
    )
    assert findings[3] == (
        "Among the stages with programs, Employment is the thinnest: 1 program from "
        "1 organisation, against 3 for High school."
    )
    assert not any("1 programs" in f or "1 organisations" in f for f in findings)


def test_findings_speak_of_one_thing_in_the_singular(project_dir: Path) -> None:
    _asset(project_dir, "Harbour", "stem_rich", ["high_school"], ["high_school"])
    path = project_dir / "assets" / "harbour.yaml"
    path.write_text(path.read_text("utf-8") + "needs_review: true\n", "utf-8")
    result = run(project_dir, "gaps")
    assert result.exit_code == 0, result.output
    assert "Riverton: 1 organisation, 1 program." in result.output
    assert "The asset map holds 1 organisation and 1 program; 1 record still needs review." in (
        result.output
    )
    for wrong in ("1 programs", "1 organisations", "1 records", "still need review"):
        assert wrong not in result.output


def test_equally_thin_stages_are_named_together(project_dir: Path) -> None:
    _asset(project_dir, "Harbour", "stem_rich", ["high_school"], ["high_school"] * 3)
    _asset(project_dir, "Dockyard", "business", ["employment", "middle"], ["employment", "middle"])
    result = run(project_dir, "gaps", "--json")
    findings = json.loads(result.output)["findings"]
    assert (
        "Among the stages with programs, Middle / junior high and Employment are the "
        "thinnest: 1 program each, against 3 for High school."
    ) in findings
