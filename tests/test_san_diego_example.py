"""stemeco init --example san-diego: the public San Diego roster, shipped without contact
details, made into a project offline, exactly as the README's "Try it (San Diego)" says."""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_assets_export import assert_connections_name_elements, check_geojson, read_csv, said
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.cli.init import with_example_value
from stemeco.community.assets import load_assets
from stemeco.resources import roster_dir

README = Path(__file__).resolve().parents[1] / "README.md"
ROSTER = roster_dir("san-diego")


def try_it() -> list[str]:
    """The commands of the README's "Try it (San Diego)" block, one per line."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Try it (San Diego)", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the section has a ```sh block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def _offline(*_: Any, **__: Any) -> None:
    raise AssertionError("stemeco tried to reach the network")


@pytest.fixture(scope="module")
def san_diego(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Result]]:
    """The README's commands run as written, in a new folder, with every connection refused.

    Built once for the module; the tests only read it.
    """
    base = tmp_path_factory.mktemp("try-it")
    results: dict[str, Result] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STEMECO_CACHE_DIR", str(base / "cache"))
        patch.setenv("COLUMNS", "200")
        patch.setattr(socket.socket, "connect", _offline)
        patch.setattr(socket, "create_connection", _offline)
        patch.chdir(base)
        for line in try_it():
            words = shlex.split(line)
            if words[0] == "cd":
                patch.chdir(Path.cwd() / words[1])
                continue
            assert words[0] == "stemeco", line
            results[line] = CliRunner().invoke(app, words[1:])
    return base / "sd", results


def test_the_readme_commands_work_as_written(san_diego: tuple[Path, dict[str, Result]]) -> None:
    _, results = san_diego
    assert len(results) >= 5
    for line, result in results.items():
        assert result.exit_code == 0, (line, result.output)
    init = said(results[next(iter(results))])
    assert init.startswith(
        "Created the San Diego County project in sd with its asset map: 155 organisations "
        "and 330 programs imported,"
    )
    assert "to review (stemeco assets review). " in init
    assert init.endswith("Next: cd sd && stemeco status")
    status = said(results["stemeco status"])
    assert "San Diego County STEM Learning Ecosystem" in status
    assert "STEM asset map (155 organisations;" in status
    assert "Studio I: Innovation by Design (0 of 8 steps answered)" in status
    # the rest is the San Diego team's to fill
    assert "Ecosystem leader named (team.yaml has no leader)" in status
    assert "Design calendar (calendar.yaml has no events)" in status


def test_the_project_holds_the_roster_and_nothing_else(
    san_diego: tuple[Path, dict[str, Result]],
) -> None:
    project, _ = san_diego
    manifest = yaml.safe_load((project / "stemeco.yaml").read_text(encoding="utf-8"))
    assert (manifest["municipality"], manifest["country"]) == ("San Diego County", "United States")
    orgs = load_assets(project)
    with (ROSTER / "partners.csv").open(encoding="utf-8", newline="") as handle:
        partners = {row["name"] for row in csv.DictReader(handle)}
    with (ROSTER / "programs.csv").open(encoding="utf-8", newline="") as handle:
        programs = list(csv.DictReader(handle))
    names = {o.name for o in orgs}
    assert partners <= names  # every partner of the roster
    assert names - partners == {p["partner_name"] for p in programs} - partners
    assert sum(len(o.programs) for o in orgs) == len(programs) == 330
    fleet = next(o for o in orgs if o.name == "Fleet Science Center")
    assert fleet.sector == "stem_rich"
    assert fleet.provenance["source"] == "partners.csv"
    assert "latitude" in fleet.data  # kept for the GeoJSON export
    readme = " ".join((project / "README.md").read_text(encoding="utf-8").split())
    assert "imported from the public listings of the San Diego County STEM Ecosystem" in readme
    assert not list((project / "interviews").glob("*.yaml"))
    assert not list((project / "sessions").glob("*.yaml"))
    runner = CliRunner()
    assert runner.invoke(app, ["check", "--project", str(project)]).exit_code == 0
    rendered = runner.invoke(app, ["render", "--check", "--project", str(project)])
    assert rendered.exit_code == 0, rendered.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_first_commit_holds_the_asset_map(san_diego: tuple[Path, dict[str, Result]]) -> None:
    project, _ = san_diego

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=project, capture_output=True, text=True, check=True
        ).stdout

    assert git("log", "--format=%s").splitlines() == [
        "Start the San Diego County STEM ecosystem project"
    ]
    committed = git("ls-files", "assets").splitlines()
    assert len([f for f in committed if f.endswith(".yaml")]) == 155
    assert git("status", "--porcelain") == ""  # the exports are ignored


def test_kumu_export_of_the_roster(san_diego: tuple[Path, dict[str, Result]]) -> None:
    project, _ = san_diego
    elements = read_csv(project / "exports" / "asset-map-elements.csv")
    connections = read_csv(project / "exports" / "asset-map-connections.csv")
    assert_connections_name_elements(elements, connections)
    assert len(elements) == 155 + 330
    assert sum(1 for row in connections if row["Type"] == "Offered by") == 330


def test_geojson_export_of_the_roster(san_diego: tuple[Path, dict[str, Result]]) -> None:
    project, results = san_diego
    text = (project / "exports" / "asset-map.geojson").read_text(encoding="utf-8")
    features = check_geojson(json.loads(text))
    assert len(features) == 155 + 330
    by_name = {f["properties"]["name"]: f for f in features if f["properties"]["type"] != "program"}
    with (ROSTER / "partners.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    seen: set[str] = set()
    for row in rows:
        if row["name"] in seen:
            continue  # listed twice: the import keeps the first row
        seen.add(row["name"])
        geometry = by_name[row["name"]]["geometry"]
        if not (row["latitude"] and row["longitude"]):
            assert geometry is None, row["name"]
            continue
        assert geometry is not None, row["name"]
        longitude, latitude = geometry["coordinates"]  # longitude first
        assert longitude == pytest.approx(float(row["longitude"]))
        assert latitude == pytest.approx(float(row["latitude"]))
    unlocated = sum(1 for f in features if f["geometry"] is None)
    assert f"on the map, {unlocated} without coordinates" in said(
        results["stemeco assets export --format geojson"]
    )


# ---------------------------------------------------------------- the shipped roster

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b")
HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z0-9_][A-Za-z0-9_.]*")
#: "contact Jane Doe with ...", "call Sandra at ...", "reach out to Laurel for ..."
PERSON_TO_CONTACT = re.compile(
    r"\b(?:[Cc]ontact|[Rr]each out to|[Cc]all)\s+(?:Dr\.\s+)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s+"
    r"(?:with|for|at)\b"
)


def roster_cells() -> Iterator[tuple[str, int, str, str]]:
    for name in ("partners.csv", "programs.csv"):
        with (ROSTER / name).open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                for column, cell in row.items():
                    yield name, number, column, cell


def test_the_shipped_roster_has_no_contact_details() -> None:
    found = [
        f"{name}:{number}: {column}: {pattern.pattern[:12]}... matches {match.group()!r}"
        for name, number, column, cell in roster_cells()
        for pattern in (EMAIL, PHONE, HANDLE, PERSON_TO_CONTACT)
        if (match := pattern.search(cell))
    ]
    assert found == []
    headers = {column for _, _, column, _ in roster_cells()}
    assert not {h for h in headers if re.search(r"mail|phone|contact|twitter|facebook", h)}


def test_the_contact_patterns_find_contact_details() -> None:
    """The patterns above are not blind: each finds what it is there to find."""
    assert EMAIL.search("write to Education@thelivingcoast.org .")
    assert PHONE.search("call (619) 263-2302 or 858.455.0300 x4152")
    assert HANDLE.search("Thank you @ehs.swenext for")
    assert not HANDLE.search("mail info@eisca.org")
    assert PERSON_TO_CONTACT.search("Contact Jewyl Clarke with any questions!")
    assert PERSON_TO_CONTACT.search("Questions call Sandra at the desk")
    assert not PERSON_TO_CONTACT.search("Contact Brain Balance of San Diego today")


# ---------------------------------------------------------------- --example [NAME]


def test_example_alone_before_the_path_is_still_millbrook(tmp_path: Path) -> None:
    target = tmp_path / "tel-aviv"
    result = CliRunner().invoke(
        app, ["init", "--example", str(target), "-m", "Tel Aviv-Yafo", "--no-git"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"Created the Tel Aviv-Yafo project in {target} with the example filled in."
    )
    assert (target / "assets" / "brightline-software.yaml").exists()  # Millbrook's asset map
    assert "leader:" in (target / "team.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["sandiego", "millbrook2", ""])
def test_an_unknown_example_is_refused_and_nothing_made(tmp_path: Path, name: str) -> None:
    target = tmp_path / "new"
    result = CliRunner().invoke(
        app, ["init", str(target), "-m", "X", f"--example={name}", "--no-git"]
    )
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert f"error: there is no example '{name}'; nothing was changed (use one of: millbrook, " in (
        message
    )
    assert "; san-diego, the real San Diego County asset map" in message
    assert not target.exists()


VALUED = {"-m", "--municipality", "-c", "--country", "--project"}


@pytest.mark.parametrize(
    ("args", "parsed"),
    [
        ("p -m X --example", "p -m X --example=millbrook"),
        ("p -m X --example --no-git", "p -m X --example=millbrook --no-git"),
        ("--example p -m X", "--example=millbrook p -m X"),
        ("p --example san-diego -m X", "p --example=san-diego -m X"),
        ("--example San-Diego p -m X", "--example=San-Diego p -m X"),
        ("--example san-diego -m X", "--example=san-diego -m X"),
        ("p -m X --example sandiego", "p -m X --example=sandiego"),
        ("--example=san-diego p -m X", "--example=san-diego p -m X"),
        ("p -m --example", "p -m --example"),
        ("p -m X -- --example", "p -m X -- --example"),
    ],
)
def test_the_word_after_example(args: str, parsed: str) -> None:
    assert with_example_value(args.split(), VALUED) == parsed.split()
