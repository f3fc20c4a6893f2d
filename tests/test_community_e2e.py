"""The San Diego import end to end, as typed in a shell, and a real terminal."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pexpect
import pytest
import yaml
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.community.sources import MAPPINGS_DIR
from stemeco.resources import PACKAGE_DIR

DATA = PACKAGE_DIR / "community" / "rosters" / "san-diego"  # shipped in the package
MAPPING = MAPPINGS_DIR / "san-diego.yaml"


def stemeco() -> str:
    found = shutil.which("stemeco") or str(Path(sys.executable).with_name("stemeco"))
    assert Path(found).exists(), "install the package: pip install -e '.[dev]'"
    return found


def env() -> dict[str, str]:
    return {
        **os.environ,
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }


def sh(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``stemeco ARGS`` typed in ``cwd``, run in this process (the terminal's tests below
    and tests/test_e2e.py run the installed command)."""
    with contextlib.chdir(cwd or Path.cwd()):
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "100"})
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def expected_matrix() -> dict[str, dict[str, dict[str, int]]]:
    """Stage x sector counts from the raw CSV files and the mapping, without stemeco's code.

    The rules the importer documents: an organisation is known by its name (a name
    listed twice keeps its first row's sector); a program whose partner name is not on
    the roster gets an organisation of its own with no sector ('unassigned'); an
    organisation serves the stages of its programs.
    """
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    sectors = {norm(k): v for k, v in mapping["values"]["sector"].items()}
    stages = {norm(k): v for k, v in mapping["values"]["stages"].items()}
    with (DATA / "partners.csv").open(encoding="utf-8-sig", newline="") as handle:
        sector_of: dict[str, str] = {}
        for row in csv.DictReader(handle):
            sector_of.setdefault(row["name"], sectors[norm(row["organization_type"])])
    served: dict[str, set[str]] = defaultdict(set)
    cells: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"organisations": 0, "programs": 0})
    )
    with (DATA / "programs.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            org = row["partner_name"]
            sector = sector_of.get(org, "unassigned")
            program_stages = {
                stages[norm(s)] for s in row["age_grade_level"].split(";") if s.strip()
            }
            for stage in program_stages:
                cells[stage][sector]["programs"] += 1
            served[org] |= program_stages
    for org, org_stages in served.items():
        for stage in org_stages:
            cells[stage][sector_of.get(org, "unassigned")]["organisations"] += 1
    return {s: dict(row) for s, row in cells.items()}


@pytest.mark.e2e
def test_san_diego_import_and_gap_matrix(tmp_path: Path) -> None:
    project = tmp_path / "sd"
    assert sh("init", str(project), "-m", "San Diego", "--no-git").returncode == 0
    orgs = sh("assets", "import", str(DATA / "partners.csv"), "--map", "san-diego", cwd=project)
    assert orgs.returncode == 0, orgs.stderr
    assert "Created 144 files" in orgs.stdout
    assert "'The Salk Institute - Education Outreach' looks like" in orgs.stdout
    programs = sh("assets", "import", str(DATA / "programs.csv"), "--map", "san-diego", cwd=project)
    assert programs.returncode == 0, programs.stderr
    assert "(20 programs, 11 names;" in programs.stdout
    assert "'Science-Bits' (rows 102, 106, 107, 108, 274)" in programs.stdout
    snapshot = {p.name: p.read_bytes() for p in (project / "assets").glob("*.yaml")}
    again = sh("assets", "import", str(DATA / "programs.csv"), "--map", "san-diego", cwd=project)
    assert "Created 0 files, updated 0" in again.stdout
    assert {p.name: p.read_bytes() for p in (project / "assets").glob("*.yaml")} == snapshot

    gaps = sh("gaps", "--json", cwd=project)
    assert gaps.returncode == 0, gaps.stderr
    data = json.loads(gaps.stdout)
    assert data["totals"]["organisations"] == 155
    assert data["totals"]["programs"] == 330
    expected = expected_matrix()
    for stage, row in data["stage_sector"].items():
        for sector, cell in row.items():
            want = expected.get(stage, {}).get(sector, {"organisations": 0, "programs": 0})
            assert cell == want, (stage, sector)
    assert sh("render", cwd=project).returncode == 0
    assert "## Stage × sector" in (project / "docs" / "asset-map.md").read_text(encoding="utf-8")
    assert sh("check", cwd=project).returncode == 0


@pytest.mark.e2e
def test_unknown_values_refused_without_the_mapping(project_dir: Path) -> None:
    project = project_dir
    result = sh("assets", "import", str(DATA / "partners.csv"), cwd=project)
    assert result.returncode == 1
    assert "sector: 'Afterschool/Out-of-School Time' is not mapped (32 rows:" in result.stderr
    assert not list((project / "assets").glob("*.yaml"))


@pytest.mark.e2e
def test_team_add_in_a_terminal(project_dir: Path) -> None:
    project = project_dir
    child = pexpect.spawn(
        stemeco(),
        ["team", "add", "design", "--project", str(project)],
        env=env(),
        encoding="utf-8",
        timeout=10,
        dimensions=(40, 100),
    )
    try:
        child.expect_exact("Name:")
        child.send("Rosa Delgado\r")
        child.expect_exact("Organisation:")
        child.send("Riverton Public Library\r")
        child.expect_exact("Stakeholder group")
        child.send("\x1b[B\x1b[B\r")  # two down: STEM-rich institutions
        child.expect_exact("Role:")
        child.send("Head of youth services\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    assert "Added Rosa Delgado to the Design Team" in child.before
    data = yaml.safe_load((project / "team.yaml").read_text(encoding="utf-8"))
    assert data["design_team"] == [
        {
            "name": "Rosa Delgado",
            "organisation": "Riverton Public Library",
            "sector": "stem_rich",
            "role": "Head of youth services",
        }
    ]
