"""Labels are accepted wherever ids are; each stage has one label; init does not nest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.community.assets import ASSET_STAGES
from stemeco.resources import studios_dir, templates_dir
from stemeco.vocab import STAGES, resolve

runner = CliRunner()


def run(project: Path, *args: str) -> Any:
    return runner.invoke(app, [*args, "--project", str(project)])


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Government and funders", "government"),
        ("government AND funders", "government"),
        ("government", "government"),
        ("Youth and families", "youth_families"),
        ("youth-families", "youth_families"),
    ],
)
def test_team_add_takes_a_sector_label(project_dir: Path, typed: str, stored: str) -> None:
    result = run(project_dir, "team", "add", "design", "--name", "Ana Ruiz", "--sector", typed)
    assert result.exit_code == 0, result.output
    assert load(project_dir / "team.yaml")["design_team"] == [
        {"name": "Ana Ruiz", "sector": stored}
    ]


def test_team_edit_takes_a_label_and_a_wrong_one_lists_the_ids(project_dir: Path) -> None:
    run(project_dir, "team", "add", "leadership", "--name", "Bo", "--sector", "business")
    assert run(project_dir, "team", "edit", "leadership", "Bo", "--sector", "Youth and families")
    assert load(project_dir / "team.yaml")["leadership_team"][0]["sector"] == "youth_families"
    wrong = run(project_dir, "team", "edit", "leadership", "Bo", "--sector", "Funders")
    assert wrong.exit_code == 4
    assert "'Funders' is not one of prek12 (PreK-12 schools and districts)" in wrong.stderr
    assert load(project_dir / "team.yaml")["leadership_team"][0]["sector"] == "youth_families"


def test_assets_add_and_list_take_labels(project_dir: Path) -> None:
    result = run(
        project_dir,
        "assets",
        "add",
        "--name",
        "Riverworks Science Center",
        "--sector",
        "stem-rich institutions (museums, science centres, libraries)",
        "--stage",
        "Middle / junior high",
        "--stage",
        "EMPLOYMENT",
        "--stage",
        "high school",
        "--pillar",
        "Teaching & Learning",
    )
    assert result.exit_code == 0, result.output
    record = load(project_dir / "assets" / "riverworks-science-center.yaml")
    assert record["sector"] == "stem_rich"
    assert record["stages"] == ["middle", "high_school", "employment"]
    assert record["pillars"] == ["teaching_learning"]
    for args in (
        ("--stage", "Employment"),
        ("--sector", "STEM-rich institutions (museums, science centres, libraries)"),
        ("--stage", "employment"),
    ):
        listed = run(project_dir, "assets", "list", *args)
        assert listed.exit_code == 0, listed.output
        assert "Riverworks Science Center" in listed.stdout
    assert "Riverworks" not in run(project_dir, "assets", "list", "--stage", "Elementary").stdout
    bad = run(project_dir, "assets", "list", "--stage", "Workforce / adult")
    assert bad.exit_code == 2
    assert "employment (Employment)" in bad.stderr


def test_each_stage_has_one_label_everywhere(example_dir: Path) -> None:
    assert resolve("Employment", STAGES) == "employment"
    assert {k: ASSET_STAGES[k] for k in STAGES} == STAGES
    labels = set(STAGES.values())
    assert len(labels) == len(STAGES)
    # No other name of the employment stage is left in what stemeco ships or prints.
    others = ("Workforce / adult", "Employment / workforce", "Workforce/adult")
    shipped = [templates_dir(), studios_dir(), Path(__file__).parents[1] / "stemeco"]
    for folder in shipped:
        for path in folder.rglob("*"):
            if path.suffix in (".py", ".j2", ".yaml", ".md") and path.is_file():
                text = path.read_text(encoding="utf-8")
                assert not any(o in text for o in others), path
    printed = run(example_dir, "gaps").stdout + run(example_dir, "assets", "list").stdout
    assert "Employment" in printed
    assert not any(o in printed for o in others)
    doc = (example_dir / "docs" / "asset-map.md").read_text(encoding="utf-8")
    assert "| Employment |" in doc


# --------------------------------------------------------------------------- init


def test_init_inside_a_project_is_refused(project_dir: Path) -> None:
    inner = project_dir / "sessions" / "another"
    result = runner.invoke(app, ["init", str(inner), "--municipality", "Oakton", "--no-git"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "is inside the stemeco project in" in lines[0]
    assert "--nested" in lines[0]
    assert not inner.exists()
    nested = runner.invoke(
        app, ["init", str(inner), "--municipality", "Oakton", "--no-git", "--nested"]
    )
    assert nested.exit_code == 0, nested.output
    assert (inner / "stemeco.yaml").is_file()


def test_init_beside_a_project_is_fine(project_dir: Path) -> None:
    beside = project_dir.parent / "oakton"
    result = runner.invoke(app, ["init", str(beside), "--municipality", "Oakton", "--no-git"])
    assert result.exit_code == 0, result.output
    assert (beside / "stemeco.yaml").is_file()
