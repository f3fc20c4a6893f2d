"""stemeco assets export: Kumu's elements and connections sheets, and a GeoJSON layer."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.community.exports import (
    CONNECTION_COLUMNS,
    ELEMENT_COLUMNS,
    Point,
    coordinates,
)
from stemeco.vocab import PILLARS, STAGES, STAKEHOLDER_GROUPS

RECORDS: dict[str, dict[str, Any]] = {
    "riverworks-science-center": {
        "name": 'Riverworks "Science" Center, Inc.',
        "sector": "stem_rich",
        "stages": ["elementary"],
        "pillars": ["teaching_learning"],
        "location": "Riverfront, downtown",
        "website": "https://riverworks.example",
        "description": 'Hands-on exhibits,\nand a second line; "quoted" too.',
        "latitude": "45.5231",
        "longitude": -122.6765,
        "partners": [
            "Northstar Youth Clubs",
            "The Old Mill Trust",
            'Riverworks "Science" Center, Inc.',
        ],
        "programs": [
            {"name": "River Lab", "id": "river-lab", "stages": ["middle"], "areas": ["A|B"]},
            {"name": "Summer camp", "stages": ["elementary"]},
            {"name": "Summer camp", "stages": ["middle"], "partners": ["Kessler Precision"]},
            {"name": "Boat trips", "latitude": 45.6, "longitude": -122.7},
            {"name": "Night walks", "latitude": 145.6, "longitude": -122.7},
        ],
        "needs_review": False,
    },
    "northstar-youth-clubs": {
        "name": "Northstar Youth Clubs",
        "sector": "out_of_school",
        "aliases": ["Northstar Clubs"],
        "partners": ["riverworks science center, inc"],
        "programs": [{"name": "Robotics", "stages": ["high_school"], "pillars": ["workforce"]}],
        "needs_review": True,
        "review_reason": "check the sector",
    },
    "kessler-precision": {
        "name": "=Kessler Precision",
        "partners": ["Northstar Clubs"],
        "programs": [{"name": "Shop tours"}],
    },
    "bet-sefer": {"name": "בית ספר אורט", "sector": "prek12", "latitude": 0, "longitude": 0},
}


def write_records(project_dir: Path, records: dict[str, dict[str, Any]] = RECORDS) -> None:
    for slug, data in records.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (project_dir / "assets" / f"{slug}.yaml").write_text(text, encoding="utf-8")


def run(project_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["assets", "export", *args, "--project", str(project_dir)])


def said(result: Result) -> str:
    """What a command printed, as one line (it wraps to the terminal's width)."""
    return " ".join(result.output.split())


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        assert reader.fieldnames is not None
        assert tuple(reader.fieldnames) == (
            ELEMENT_COLUMNS if "elements" in path.name else CONNECTION_COLUMNS
        )
    return rows


def kumu(project_dir: Path, *args: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    result = run(project_dir, "--format", "kumu", *args)
    assert result.exit_code == 0, result.output
    folder = project_dir / "exports"
    return read_csv(folder / "asset-map-elements.csv"), read_csv(
        folder / "asset-map-connections.csv"
    )


def assert_connections_name_elements(
    elements: list[dict[str, str]], connections: list[dict[str, str]]
) -> None:
    """The Bar: every connection names only elements of the elements sheet."""
    ids = [row["ID"] for row in elements]
    assert len(ids) == len(set(ids))  # one element per ID
    assert all(ids)
    assert not any("_" in i for i in ids)  # Kumu cannot select an ID with "_" found by search
    for row in connections:
        assert row["From"] in ids, row
        assert row["To"] in ids, row
    connection_ids = [row["ID"] for row in connections]
    assert len(connection_ids) == len(set(connection_ids))


def test_kumu_sheets_read_back(project_dir: Path) -> None:
    write_records(project_dir)
    result = run(project_dir, "--format", "kumu")
    assert result.exit_code == 0, result.output
    elements, connections = kumu(project_dir)
    assert_connections_name_elements(elements, connections)
    by_label = {row["Label"]: row for row in elements}
    # text as typed: quotes, commas, a line break, Hebrew; a formula made inert
    river = by_label['Riverworks "Science" Center, Inc.']
    assert river["Description"] == 'Hands-on exhibits,\nand a second line; "quoted" too.'
    assert "בית ספר אורט" in by_label
    assert "'=Kessler Precision" in by_label
    assert river["Type"] == "Organisation"
    assert river["ID"] == "riverworks-science-center"
    tags = river["Tags"].split("|")
    assert tags[0] == STAKEHOLDER_GROUPS["stem_rich"]
    assert {STAGES["elementary"], STAGES["middle"], PILLARS["teaching_learning"]} <= set(tags)
    assert river["Website"] == "https://riverworks.example"
    lab = by_label["River Lab"]
    assert (lab["Type"], lab["Organisation"]) == ("Program", river["Label"])
    assert lab["ID"] == "riverworks-science-center--river-lab"
    assert lab["Areas"] == "A/B"  # a | inside one value would split it in two
    assert lab["Sector"] == STAKEHOLDER_GROUPS["stem_rich"]  # its organisation's
    camps = [row["ID"] for row in elements if row["Label"] == "Summer camp"]
    assert camps == [
        "riverworks-science-center--summer-camp",
        "riverworks-science-center--summer-camp-2",
    ]
    assert by_label["Northstar Youth Clubs"]["Needs review"] == "yes"
    assert len(elements) == 4 + 7  # organisations + programs
    # every program is offered by its organisation
    offered = {(r["From"], r["To"]) for r in connections if r["Type"] == "Offered by"}
    assert len(offered) == 7
    assert (lab["ID"], river["ID"]) in offered
    # partners by name, loosely by name, by alias; one pair once; self and strangers skipped
    partners = {(r["From"], r["To"]) for r in connections if r["Type"] == "Partner"}
    assert partners == {
        ("northstar-youth-clubs", "riverworks-science-center"),
        ("riverworks-science-center--summer-camp-2", "kessler-precision"),
        ("kessler-precision", "northstar-youth-clubs"),
    }
    assert all(r["Direction"] == "mutual" for r in connections if r["Type"] == "Partner")
    assert (
        "Partners not on the asset map (no connection drawn): assets/riverworks-science-center"
        """.yaml: Riverworks "Science" Center, Inc. names 'The Old Mill Trust'"""
    ) in said(result)
    assert "(4 organisations, 7 programs)" in said(result)
    assert "10 connections: 7 offered by, 3 between partners" in said(result)


def test_kumu_ids_are_stable(project_dir: Path) -> None:
    """A newer export keeps every ID it had: Kumu updates rather than duplicates."""
    write_records(project_dir)
    before, links_before = kumu(project_dir)
    first = (project_dir / "exports" / "asset-map-elements.csv").read_bytes()
    kumu(project_dir)
    assert (project_dir / "exports" / "asset-map-elements.csv").read_bytes() == first
    write_records(project_dir, {"aardvark-trust": {"name": "Aardvark Trust"}})
    after, links_after = kumu(project_dir)
    ids_after = {row["ID"]: row["Label"] for row in after}
    assert {row["ID"]: row["Label"] for row in before}.items() <= ids_after.items()
    assert ids_after["aardvark-trust"] == "Aardvark Trust"
    assert {r["ID"] for r in links_before} == {r["ID"] for r in links_after}


def test_exports_go_to_an_ignored_folder_or_to_output(project_dir: Path, tmp_path: Path) -> None:
    write_records(project_dir)
    kumu(project_dir)
    assert (project_dir / "exports" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    target = tmp_path / "for-kumu"
    assert run(project_dir, "--format", "kumu", "--output", str(target)).exit_code == 0
    assert sorted(p.name for p in target.iterdir()) == [
        "asset-map-connections.csv",
        "asset-map-elements.csv",
    ]
    assert not (target / ".gitignore").exists()
    layer = tmp_path / "layer.geojson"
    assert run(project_dir, "-f", "geojson", "-o", str(layer)).exit_code == 0
    assert json.loads(layer.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "no format 'pdf'"),
        (["--format", "kumu", "--output", "stemeco.yaml"], "is a file; the Kumu export"),
    ],
)
def test_wrong_usage_writes_nothing(project_dir: Path, args: list[str], message: str) -> None:
    write_records(project_dir)
    args = [str(project_dir / a) if a == "stemeco.yaml" else a for a in args]
    result = run(project_dir, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (project_dir / "exports").exists()


def test_an_empty_asset_map_is_refused(project_dir: Path) -> None:
    result = run(project_dir, "--format", "geojson")
    assert result.exit_code == 2
    assert "the asset map is empty: nothing to export" in result.stderr
    assert not (project_dir / "exports").exists()


def test_a_broken_record_stops_the_export_with_its_line(project_dir: Path) -> None:
    write_records(project_dir)
    (project_dir / "assets" / "zed.yaml").write_text("name: Zed\nsector: aliens\n", "utf-8")
    result = run(project_dir, "--format", "kumu")
    assert result.exit_code == 3, result.output
    assert "zed.yaml:2: sector: 'aliens' is not one of" in result.stderr
    assert not (project_dir / "exports").exists()


# ---------------------------------------------------------------- GeoJSON


def check_geojson(collection: Any) -> list[dict[str, Any]]:
    """The structure RFC 7946 asks of a FeatureCollection of points (or unlocated features)."""
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert isinstance(features, list)
    ids = []
    for feature in features:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        assert isinstance(feature["id"], str)
        ids.append(feature["id"])
        geometry = feature["geometry"]
        if geometry is None:
            assert feature["properties"]["coordinates_problem"]
            continue
        assert geometry["type"] == "Point"
        longitude, latitude = geometry["coordinates"]  # longitude first (RFC 7946 §3.1.1)
        assert all(isinstance(n, float | int) and math.isfinite(n) for n in (longitude, latitude))
        assert -180 <= longitude <= 180
        assert -90 <= latitude <= 90
        assert feature["properties"]["coordinates_from"] in ("own", "organisation")
    assert len(ids) == len(set(ids))
    return list(features)


def geojson(project_dir: Path) -> tuple[Result, dict[str, dict[str, Any]]]:
    result = run(project_dir, "--format", "geojson")
    assert result.exit_code == 0, result.output
    text = (project_dir / "exports" / "asset-map.geojson").read_text(encoding="utf-8")
    features = check_geojson(json.loads(text))
    return result, {f["properties"]["name"]: f for f in features}


def test_geojson_points_and_what_has_none(project_dir: Path) -> None:
    write_records(project_dir)
    result, by_name = geojson(project_dir)
    assert len(by_name) == 4 + 6  # the two summer camps share a name
    river = by_name['Riverworks "Science" Center, Inc.']
    assert river["geometry"]["coordinates"] == [-122.6765, 45.5231]
    assert river["properties"]["type"] == "organisation"
    assert river["properties"]["sector"] == STAKEHOLDER_GROUPS["stem_rich"]
    assert river["properties"]["website"] == "https://riverworks.example"
    lab = by_name["River Lab"]  # none of its own: at its organisation
    assert lab["geometry"] == river["geometry"]
    assert lab["properties"]["coordinates_from"] == "organisation"
    assert lab["properties"]["organisation"] == river["properties"]["name"]
    assert by_name["Boat trips"]["geometry"]["coordinates"] == [-122.7, 45.6]
    assert by_name["Night walks"]["geometry"] is None  # its own are wrong: not moved
    assert by_name["Night walks"]["properties"]["coordinates_problem"] == (
        "latitude 145.6 is outside -90..90"
    )
    assert by_name["בית ספר אורט"]["geometry"] is None
    shops = by_name["Shop tours"]["properties"]["coordinates_problem"]
    assert shops == "no coordinates of its own, nor its organisation"
    assert "1 organisation and 4 programs on the map, 6 without coordinates" in said(result)
    assert (
        "=Kessler Precision (assets/kessler-precision.yaml): no latitude and longitude; "
        "1 program of it too"
    ) in said(result)
    assert (
        'Night walks, a program of Riverworks "Science" Center, Inc. '
        "(assets/riverworks-science-center.yaml): latitude 145.6 is outside -90..90"
    ) in said(result)


@pytest.mark.parametrize(
    ("data", "point", "reason"),
    [
        ({"latitude": "32.7157", "longitude": "-117.1611"}, Point(-117.1611, 32.7157), ""),
        ({"lat": 32, "lng": -117}, Point(-117.0, 32.0), ""),
        ({"latitude": " 32.5 ", "longitude": "\u2212117.25"}, Point(-117.25, 32.5), ""),
        ({}, None, ""),
        ({"latitude": "", "longitude": None}, None, ""),
        ({"latitude": 32.7}, None, "it has a latitude but no longitude"),
        ({"longitude": 32.7}, None, "it has a longitude but no latitude"),
        ({"latitude": "north", "longitude": 1}, None, "latitude 'north' is not a number"),
        ({"latitude": 1, "longitude": True}, None, "longitude 'True' is not a number"),
        ({"latitude": "nan", "longitude": 1}, None, "latitude 'nan' is not a number"),
        ({"latitude": 91, "longitude": 1}, None, "latitude 91 is outside -90..90"),
        ({"latitude": 1, "longitude": -181}, None, "longitude -181 is outside -180..180"),
        ({"latitude": 0, "longitude": "0.0"}, None, "latitude 0 and longitude 0"),
    ],
)
def test_coordinates(data: dict[str, Any], point: Point | None, reason: str) -> None:
    found, why = coordinates(data)
    assert found == point
    assert why.startswith(reason) if reason else why == ""
