"""`stemeco changes`: what changed since the Leadership Team approved, as a user meets it.

The approved answers are the project's own record (approvals/), written by
`stemeco approve`; no git is involved (the projects here have none).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.documents.render import render_documents
from stemeco.plan import approval
from stemeco.plan.changes import NOT_SHOWN, step_sections
from stemeco.project.folder import STUDIO_IDS, Project


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--project", str(root)])
    return result.exit_code, result.stdout, result.stderr


def changes_json(root: Path) -> dict[str, Any]:
    code, out, err = run(root, "changes", "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def answer(root: Path, studio: int, answers: dict[str, Any], tmp_path: Path) -> None:
    """Change answers the way a facilitator does without a terminal: --answers FILE."""
    path = tmp_path / f"answers-{studio}.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    code, _, err = run(root, "studio", "run", str(studio), "--answers", str(path))
    assert code == 0, err


NEW_MISSION = "Every young person in Millbrook *explores* <b>STEM</b>\n# with us\n- together"


def test_the_example_is_approved_and_unchanged(example_dir: Path) -> None:
    code, out, _ = run(example_dir, "changes")
    assert code == 0
    assert out.startswith("No changes since Millbrook STEM Leadership Team approved the blueprint")
    data = changes_json(example_dir)
    assert data["state"] == "approved"
    assert data["recorded"] is True
    assert data["record"].startswith("approvals/blueprint-")
    assert data["sections"] == []


def test_one_changed_answer_names_its_section_and_only_that_one(
    example_dir: Path, tmp_path: Path
) -> None:
    approved = approval.blueprint_answers(Project(example_dir))["studio-1"]["mission_draft"]
    answer(example_dir, 1, {"mission_draft": NEW_MISSION}, tmp_path)
    code, out, _ = run(example_dir, "changes")
    assert code == 0
    assert "Since then the answers behind 1 section have changed" in out
    blocks = out.split("\n\n")
    assert blocks[1].splitlines()[0] == "1. Mission and vision"
    assert len(blocks) == 2  # the summary and one section
    assert "(mission_draft)" in out
    assert f"approved: {approved}" in out
    # typed text shown as typed, its lines under one another
    assert "now:      Every young person in Millbrook *explores* <b>STEM</b>" in out
    assert "\n              # with us\n              - together" in out
    data = changes_json(example_dir)
    assert data["state"] == "stale"
    assert [s["section"] for s in data["sections"]] == ["1. Mission and vision"]
    (change,) = data["sections"][0]["answers"]
    assert change["studio"] == "studio-1"
    assert change["step"] == "mission_draft"
    assert change["before"] == approved
    assert change["after"] == NEW_MISSION


def test_a_changed_record_shows_only_the_fields_that_changed(example_dir: Path) -> None:
    path = example_dir / "sessions" / "studio-4.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("end: '2028-06-30'", "end: '2028-09-30'", 1), encoding="utf-8")
    data = changes_json(example_dir)
    assert [s["section"] for s in data["sections"]] == ["9. Action plan"]
    (change,) = data["sections"][0]["answers"]
    (item,) = change["items"]
    assert item["label"].startswith("action “Open STEM Pathway Clubs")
    assert item["label"].endswith("changed")
    assert (item["before"], item["after"]) == ("end: 2028-06-30", "end: 2028-09-30")


def test_several_changes_are_grouped_by_section_in_the_blueprints_order(
    example_dir: Path, tmp_path: Path
) -> None:
    answer(example_dir, 4, {"quick_wins": ["A family STEM night"]}, tmp_path)
    answer(example_dir, 2, {"time_horizon": "ten_years"}, tmp_path)
    data = changes_json(example_dir)
    # the time horizon is printed with the vision, in section 1
    assert [s["section"] for s in data["sections"]] == [
        "1. Mission and vision",
        "12. Quick wins for the soft launch",
    ]
    wins = data["sections"][1]["answers"][0]["items"]
    assert {"label": "added", "before": None, "after": "A family STEM night"} in wins
    assert all(i["label"] in ("added", "removed") for i in wins)
    assert data["sections"][0]["answers"][0]["after"] == "10 years"  # its label, not its value


def test_reapproval_records_who_when_and_what(example_dir: Path, tmp_path: Path) -> None:
    answer(example_dir, 1, {"mission_draft": NEW_MISSION}, tmp_path)
    code, out, _ = run(
        example_dir, "approve", "blueprint", "--by", "Ana Ruiz, chair", "--date", "2026-11-20"
    )
    assert code == 0, out
    entries = yaml.safe_load((example_dir / "approvals.yaml").read_text(encoding="utf-8"))
    assert [e["by"] for e in entries["blueprint"]] == [
        "Millbrook STEM Leadership Team",
        "Ana Ruiz, chair",
    ]
    assert entries["blueprint"][-1]["date"] == "2026-11-20"
    records = sorted((example_dir / "approvals").glob("blueprint-*.yaml"))
    assert len(records) == 2  # the first approval's answers and the new ones
    kept = yaml.safe_load(records[0].read_text(encoding="utf-8"))
    newest = [r for r in records if entries["blueprint"][-1]["fingerprint"][7:19] in r.name]
    assert (
        yaml.safe_load(newest[0].read_text(encoding="utf-8"))["answers"]["studio-1"][
            "mission_draft"
        ]
        == NEW_MISSION
    )
    assert kept["fingerprint"].startswith("sha256:")
    code, out, _ = run(example_dir, "changes")
    assert out.startswith("No changes since Ana Ruiz, chair approved the blueprint on 2026-11-20")


def test_an_approval_that_kept_only_a_fingerprint_says_so_and_what_to_do(
    example_dir: Path, tmp_path: Path
) -> None:
    shutil.rmtree(example_dir / "approvals")  # as a project approved before this version
    answer(example_dir, 1, {"mission_draft": NEW_MISSION}, tmp_path)
    code, out, _ = run(example_dir, "changes")
    assert code == 0
    assert "What they approved was not recorded" in out
    assert "only a fingerprint" in out
    assert "stemeco approve blueprint --by NAME" in out
    data = changes_json(example_dir)
    assert (data["state"], data["recorded"], data["sections"]) == ("stale", False, [])


def test_an_edited_record_is_not_taken_for_what_was_approved(
    example_dir: Path, tmp_path: Path
) -> None:
    (record,) = (example_dir / "approvals").glob("blueprint-*.yaml")
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("Millbrook", "Elsewhere", 1), encoding="utf-8")
    answer(example_dir, 1, {"mission_draft": NEW_MISSION}, tmp_path)
    data = changes_json(example_dir)
    assert (data["recorded"], data["sections"]) == (False, [])


def test_a_project_not_yet_approved_has_nothing_to_compare(project_dir: Path) -> None:
    code, out, _ = run(project_dir, "changes")
    assert code == 0
    assert out.startswith("The blueprint has not been approved yet")
    assert changes_json(project_dir)["state"] == "not_approved"


def test_a_failed_approval_leaves_no_record_behind(
    example_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stemeco.errors import DiskError

    answer(example_dir, 1, {"mission_draft": NEW_MISSION}, tmp_path)
    before = sorted(p.name for p in (example_dir / "approvals").iterdir())

    def refuse(path: Path, _approval: Any) -> None:
        raise DiskError.from_os_error(OSError(28, "No space left on device"), path)

    monkeypatch.setattr(approval, "_append", refuse)
    code, _, err = run(example_dir, "approve", "blueprint", "--by", "Ana Ruiz")
    assert code == 7, err
    assert sorted(p.name for p in (example_dir / "approvals").iterdir()) == before


TRAPS = ["no", "yes", "null", "1e3", "0777", "2024-01-01", "key: value", "# text", "~"]


def test_the_record_keeps_answers_exactly_as_typed(example_dir: Path, tmp_path: Path) -> None:
    mission = "\n".join([*TRAPS, "שלום 👋", "  indented", "trailing  ", "tab\there"])
    answer(example_dir, 1, {"mission_draft": mission, "employers": TRAPS}, tmp_path)
    code, _, err = run(example_dir, "approve", "blueprint", "--by", "Leadership Team")
    assert code == 0, err
    project = Project(example_dir)
    state = approval.state(project)
    from stemeco.plan.approved_answers import kept

    assert kept(project, state.current) == approval.blueprint_answers(project)
    assert changes_json(example_dir)["state"] == "approved"


# ------------------------------------------------------------------ sections from the template


def test_every_studio_step_is_shown_in_a_section_of_the_blueprint(example_dir: Path) -> None:
    project = Project(example_dir)
    places = step_sections(project)
    blueprint = render_documents(project, only=["docs/blueprint.md"])["docs/blueprint.md"]
    headings = {line[3:] for line in blueprint.splitlines() if line.startswith("## ")}
    for sid in STUDIO_IDS:
        for step in project.studios[sid].steps:
            sections = places.get((sid, step.id))
            assert sections, f"{sid}.{step.id} is in no section"
            assert NOT_SHOWN not in sections
            assert set(sections) <= headings, (sid, step.id, sections)


def test_the_sections_follow_a_projects_own_blueprint_template(
    example_dir: Path, tmp_path: Path
) -> None:
    (example_dir / "templates").mkdir()
    (example_dir / "templates" / "blueprint.md.j2").write_text(
        "# {{ municipality }} plan\n\n## Our purpose\n\n{{ s1.mission_draft }}\n\n"
        "## Horizon and vision\n\n{{ s2.vision }}\n",
        encoding="utf-8",
    )
    answer(example_dir, 1, {"mission_draft": NEW_MISSION}, tmp_path)
    answer(example_dir, 3, {"equity_focus": "Everyone, first the east side."}, tmp_path)
    data = changes_json(example_dir)
    assert [s["section"] for s in data["sections"]] == ["Our purpose", NOT_SHOWN]
