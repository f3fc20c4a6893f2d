"""stemeco team: add, edit, remove, list, the representation check and the providers."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.project.folder import Project
from stemeco.studios.providers import resolve


def run(project_dir: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(project_dir)], input=input)


def team_data(project_dir: Path) -> dict[str, Any]:
    return cast(
        dict[str, Any], yaml.safe_load((project_dir / "team.yaml").read_text(encoding="utf-8"))
    )


def test_add_design_members_and_list_missing_groups(project_dir: Path) -> None:
    result = run(
        project_dir,
        "team",
        "add",
        "design",
        "--name",
        "Ana Ruiz",
        "--organisation",
        "Riverton Schools",
        "--sector",
        "prek12",
        "--role",
        "Principal",
    )
    assert result.exit_code == 0, result.output
    assert "Added Ana Ruiz to the Design Team" in result.output
    assert "Still missing:" in result.output
    assert "Business and industry" in result.output
    result = run(project_dir, "team", "add", "design", "--name", "Bo Lee", "--sector", "business")
    assert result.exit_code == 0
    data = team_data(project_dir)
    assert data["design_team"] == [
        {
            "name": "Ana Ruiz",
            "organisation": "Riverton Schools",
            "sector": "prek12",
            "role": "Principal",
        },
        {"name": "Bo Lee", "sector": "business"},
    ]
    listing = run(project_dir, "team", "list")
    assert listing.exit_code == 0
    assert "Design Team (2)" in listing.output
    assert "Missing: Out-of-school" in listing.output
    as_json = run(project_dir, "team", "list", "--json")
    assert '"missing_groups"' in as_json.output
    assert '"prek12"' not in as_json.output.split('"missing_groups"')[2]


def test_representation_in_status_and_providers(project_dir: Path) -> None:
    run(project_dir, "team", "add", "design", "--name", "Ana", "--sector", "prek12")
    run(project_dir, "team", "add", "design", "--name", "Bo", "--sector", "stem_rich")
    status = run(project_dir, "status")
    assert "Design Team  (2 members; missing: Out-of-school" in status.output
    assert "[ ] Leadership Team  (0 members; missing: PreK-12 schools" in status.output
    values = resolve(Project(project_dir), {"represented_groups", "missing_groups"})
    assert values["represented_groups"] == ["prek12", "stem_rich"]
    assert "Business and industry" in values["missing_groups"]
    assert "PreK-12 schools and districts" not in values["missing_groups"]


def test_providers_offer_nothing_without_a_team(project_dir: Path) -> None:
    values = resolve(
        Project(project_dir), {"represented_groups", "missing_groups", "asset_findings"}
    )
    assert values == {"represented_groups": None, "missing_groups": None, "asset_findings": None}


def test_leader_with_job_description_file(project_dir: Path, tmp_path: Path) -> None:
    job = tmp_path / "job.txt"
    job.write_text("Convenes the partners.\nno: stays text\n", encoding="utf-8")
    result = run(
        project_dir,
        "team",
        "add",
        "leader",
        "--name",
        "Dee Park",
        "--sector",
        "government",
        "--organisation",
        "Riverton Foundation",
        "--job-description-file",
        str(job),
    )
    assert result.exit_code == 0, result.output
    assert (
        team_data(project_dir)["leader"]["job_description"]
        == "Convenes the partners.\nno: stays text\n"
    )
    again = run(project_dir, "team", "add", "leader", "--name", "X", "--sector", "business")
    assert again.exit_code == 2
    assert "already named" in again.output
    edited = run(project_dir, "team", "edit", "leader", "--role", "Ecosystem leader")
    assert edited.exit_code == 0
    assert team_data(project_dir)["leader"]["role"] == "Ecosystem leader"
    assert "[x] Ecosystem leader named  (Dee Park)" in run(project_dir, "status").output


def test_edit_and_remove_keep_comments(project_dir: Path) -> None:
    run(project_dir, "team", "add", "leadership", "--name", "Ana", "--sector", "prek12")
    path = project_dir / "team.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "leadership_team:", "# kept by hand\nleadership_team:"
    )
    path.write_text(text, encoding="utf-8")
    assert run(project_dir, "team", "edit", "leadership", "ana", "--role", "no").exit_code == 0
    assert team_data(project_dir)["leadership_team"][0]["role"] == "no"
    assert "# kept by hand" in path.read_text(encoding="utf-8")
    result = run(project_dir, "team", "remove", "leadership", "Ana")
    assert result.exit_code == 0
    assert "Removed Ana" in result.output
    assert team_data(project_dir)["leadership_team"] == []
    assert "# kept by hand" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["team", "add", "design", "--name", "A", "--sector", "nope"], 4, "'nope' is not one of"),
        (["team", "add", "coaches", "--name", "A", "--sector", "prek12"], 2, "not a team"),
        (["team", "add", "design", "--name", "A"], 6, "design needs --sector (there is"),
        (["team", "add", "design", "--sector", "prek12"], 6, "design needs --name (there is"),
        (["team", "edit", "design", "Nobody", "--role", "x"], 2, "no 'Nobody' on the Design Team"),
        (["team", "remove", "design", "Nobody"], 2, "no 'Nobody'"),
        (["team", "remove", "leader", "X"], 2, "cannot be removed"),
        (["team", "edit", "leader", "--role", "x"], 2, "no ecosystem leader yet"),
    ],
)
def test_errors(project_dir: Path, args: list[str], code: int, message: str) -> None:
    result = run(project_dir, *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert not (project_dir / "team.yaml").exists()


def test_duplicate_member_is_refused(project_dir: Path) -> None:
    run(project_dir, "team", "add", "design", "--name", "Ana", "--sector", "prek12")
    before = (project_dir / "team.yaml").read_bytes()
    result = run(project_dir, "team", "add", "design", "--name", "ANA", "--sector", "business")
    assert result.exit_code == 2
    assert "already on the Design Team" in result.output
    assert (project_dir / "team.yaml").read_bytes() == before


def test_broken_team_file_names_the_line(project_dir: Path) -> None:
    (project_dir / "team.yaml").write_text(
        "design_team:\n  - name: Ana\n    sector: wizards\n", encoding="utf-8"
    )
    result = run(project_dir, "team", "list")
    assert result.exit_code == 3
    assert "team.yaml:3: design_team[1].sector: 'wizards' is not one of" in result.output
    check = run(project_dir, "check")
    assert check.exit_code == 1
    assert "team.yaml:3" in check.output
