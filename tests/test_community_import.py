"""stemeco assets import / add / list: CSV dialects, mappings, unknown values, duplicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from typer.testing import CliRunner, Result

from stemeco.cli.app import app

ORGS = (
    "Name,Sector,Website\n"
    "Riverworks Science Center,stem_rich,https://riverworks.example\n"
    "Northstar Youth Clubs,Out-of-school and after-school programs,\n"
    "Kessler Precision,business,\n"
)
PROGRAMS = (
    "Program,Partner,Grades,Areas,Cost\n"
    "River Lab,Riverworks Science Center,elementary;middle,Biology;Ecology,Free\n"
    "Robotics,Northstar Youth Clubs,middle,Engineering,Free\n"
    "Shop tours,Kessler Precision Inc,high_school,Manufacturing,Free\n"
    "Coding club,northstar youth clubs,middle,Coding,Free\n"
)


def run(project_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(project_dir)])


def csv_file(
    tmp_path: Path, name: str, text: str, *, encoding: str = "utf-8", newline: str = "\n"
) -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def snapshot(project_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project_dir / "assets").glob("*.yaml"))}


def record(project_dir: Path, slug: str) -> dict[str, Any]:
    return cast(
        dict[str, Any],
        yaml.safe_load((project_dir / "assets" / f"{slug}.yaml").read_text(encoding="utf-8")),
    )


def test_organisations_then_programs(project_dir: Path, tmp_path: Path) -> None:
    result = run(project_dir, "assets", "import", str(csv_file(tmp_path, "orgs.csv", ORGS)))
    assert result.exit_code == 0, result.output
    assert "Created 3 files" in result.output
    river = record(project_dir, "riverworks-science-center")
    assert river["sector"] == "stem_rich"
    assert river["provenance"]["source"] == "orgs.csv"
    assert river["provenance"]["row"] == 2
    assert record(project_dir, "northstar-youth-clubs")["sector"] == "out_of_school"  # by label
    result = run(project_dir, "assets", "import", str(csv_file(tmp_path, "programs.csv", PROGRAMS)))
    assert result.exit_code == 0, result.output
    assert "4 rows of programs" in result.output
    assert "'northstar youth clubs' linked to 'Northstar Youth Clubs'" in result.output
    assert "'Kessler Precision Inc' (row 4); closest: 'Kessler Precision'" in result.output
    river = record(project_dir, "riverworks-science-center")
    assert river["programs"][0]["stages"] == ["elementary", "middle"]
    assert river["programs"][0]["areas"] == ["Biology", "Ecology"]
    assert len(record(project_dir, "northstar-youth-clubs")["programs"]) == 2
    placeholder = record(project_dir, "kessler-precision-inc")
    assert placeholder["needs_review"] is True
    assert placeholder["sector"] is None
    assert "row 4" in placeholder["review_reason"]
    listed = run(project_dir, "assets", "list", "--needs-review")
    assert "Kessler Precision Inc" in listed.output
    assert "1 organisation." in listed.output


def test_reimport_is_idempotent_and_keeps_comments(project_dir: Path, tmp_path: Path) -> None:
    orgs = csv_file(tmp_path, "orgs.csv", ORGS)
    programs = csv_file(tmp_path, "programs.csv", PROGRAMS)
    run(project_dir, "assets", "import", str(orgs))
    run(project_dir, "assets", "import", str(programs))
    before = snapshot(project_dir)
    again = run(project_dir, "assets", "import", str(programs))
    assert "Created 0 files, updated 0, 3 unchanged." in again.output
    again = run(project_dir, "assets", "import", str(orgs))
    assert "Created 0 files, updated 0, 3 unchanged." in again.output
    assert snapshot(project_dir) == before
    river = project_dir / "assets" / "riverworks-science-center.yaml"
    river.write_text(
        river.read_text(encoding="utf-8").replace(
            "sector: stem_rich", "sector: stem_rich  # confirmed by phone"
        ),
        encoding="utf-8",
    )
    changed = csv_file(
        tmp_path, "orgs.csv", ORGS.replace("https://riverworks.example", "https://new.example")
    )
    result = run(project_dir, "assets", "import", str(changed))
    assert "updated 1, 2 unchanged" in result.output
    text = river.read_text(encoding="utf-8")
    assert "# confirmed by phone" in text
    assert "https://new.example" in text


@pytest.mark.parametrize(
    ("encoding", "newline", "delimiter"),
    [("utf-8-sig", "\r\n", ";"), ("utf-8", "\r\n", ","), ("utf-8-sig", "\n", "\t")],
)
def test_excel_style_csv(
    project_dir: Path, tmp_path: Path, encoding: str, newline: str, delimiter: str
) -> None:
    text = ORGS.replace(",", delimiter).replace("Name", "NAME").replace("Sector", " sector ")
    text += f'"Café Ciencia{delimiter} Eastside"{delimiter}community{delimiter}\n'
    path = csv_file(tmp_path, "excel.csv", text, encoding=encoding, newline=newline)
    result = run(project_dir, "assets", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Created 4 files" in result.output
    cafe = record(project_dir, "cafe-ciencia-eastside")
    assert cafe["name"] == f"Café Ciencia{delimiter} Eastside"
    assert record(project_dir, "riverworks-science-center")["name"] == "Riverworks Science Center"


def test_unknown_values_are_counted_and_nothing_is_written(
    project_dir: Path, tmp_path: Path
) -> None:
    text = ORGS + "A,Museum,\nB,Museum,\nC,Bakery,\n"
    path = csv_file(tmp_path, "orgs.csv", text)
    result = run(project_dir, "assets", "import", str(path))
    assert result.exit_code == 1
    assert "sector: 'Museum' is not mapped (2 rows: 5, 6)" in result.output
    assert "sector: 'Bakery' is not mapped (1 row: 7)" in result.output
    assert "nothing was imported" in result.output
    assert "--allow-unknown" in result.output
    assert snapshot(project_dir) == {}
    allowed = run(project_dir, "assets", "import", str(path), "--allow-unknown")
    assert allowed.exit_code == 0, allowed.output
    museum = record(project_dir, "a")
    assert museum["needs_review"] is True
    assert "sector 'Museum'" in museum["review_reason"]
    assert museum.get("sector") is None


def test_mapping_file_maps_values_and_columns(project_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "organisations:\n  columns: {name: Partner, sector: Kind}\n"
        "values:\n  sector:\n    Museum: stem_rich\n    Bakery: business\n",
        encoding="utf-8",
    )
    path = csv_file(tmp_path, "orgs.csv", "Partner,Kind\nA,museum\nB,Bakery\n")
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 0, result.output
    assert record(project_dir, "a")["sector"] == "stem_rich"
    assert record(project_dir, "b")["sector"] == "business"


def test_bad_mapping_file_names_its_line(project_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "values:\n  sector:\n    Museum: stem_rich\n    Bakery: bakeries\n", encoding="utf-8"
    )
    path = csv_file(tmp_path, "orgs.csv", ORGS)
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 4
    assert "map.yaml:4: values.sector.Bakery: 'bakeries' is not one of" in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("values: [\n", encoding="utf-8")
    result = run(project_dir, "assets", "import", str(path), "--map", str(broken))
    assert result.exit_code == 3
    assert "broken.yaml:2" in result.output
    unknown = run(project_dir, "assets", "import", str(path), "--map", "atlantis")
    assert unknown.exit_code == 2
    assert "no mapping named 'atlantis'" in unknown.output
    assert "san-diego" in unknown.output
    assert snapshot(project_dir) == {}


def test_column_override(project_dir: Path, tmp_path: Path) -> None:
    path = csv_file(tmp_path, "orgs.csv", "Org title,Group,Name\nA,prek12,ignored\n")
    result = run(
        project_dir,
        "assets",
        "import",
        str(path),
        "--column",
        "name=org title",
        "--column",
        "sector=GROUP",
    )
    assert result.exit_code == 0, result.output
    assert record(project_dir, "a")["sector"] == "prek12"
    missing = run(project_dir, "assets", "import", str(path), "--column", "name=Nope")
    assert missing.exit_code == 2
    assert "no column 'Nope'" in missing.output
    bad_field = run(project_dir, "assets", "import", str(path), "--column", "colour=Group")
    assert bad_field.exit_code == 2
    assert "'colour' is not a field" in bad_field.output
    malformed = run(project_dir, "assets", "import", str(path), "--column", "name")
    assert malformed.exit_code == 2
    assert "FIELD=HEADER" in malformed.output


def test_near_duplicates_are_flagged_not_silently_added(project_dir: Path, tmp_path: Path) -> None:
    run(project_dir, "assets", "import", str(csv_file(tmp_path, "a.csv", ORGS)))
    text = (
        "Name,Sector\nThe Riverworks Science Center,stem_rich\n"
        "Riverworks Science Centre,stem_rich\n"
    )
    result = run(project_dir, "assets", "import", str(csv_file(tmp_path, "b.csv", text)))
    assert result.exit_code == 0, result.output
    assert (
        "row 2: 'The Riverworks Science Center' looks like 'Riverworks Science Center'"
        in result.output
    )
    assert "row 3: 'Riverworks Science Centre' looks like" in result.output
    flagged = record(project_dir, "the-riverworks-science-center")
    assert flagged["needs_review"] is True
    assert "likely the same organisation as 'Riverworks Science Center'" in flagged["review_reason"]
    gaps = run(project_dir, "gaps", "--json")
    assert '"likely_duplicates"' in gaps.output
    assert "the-riverworks-science-center" in gaps.output
    repeat = "Name,Sector\nX,prek12\nX,business\n"
    result = run(project_dir, "assets", "import", str(csv_file(tmp_path, "c.csv", repeat)))
    assert "row 3: 'X' repeats row 2; kept the first" in result.output
    assert record(project_dir, "x")["sector"] == "prek12"


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", 3, "the file is empty"),
        ("Name,Sector\n", 3, "has a header but no rows"),
        ("Name,Sector\nA,prek12\n,business\n", 4, "row 3: the name is empty"),
        ("Name,Sector\nA,prek12,extra,more\n", 4, "row 2: 4 cells but only 2 columns"),
        ("Name,Name\nA,B\n", 3, "row 1: the column 'Name' appears twice"),
        ("Sector,Website\nprek12,x\n", 2, "no column for the organisation's name"),
        ('Name,Sector\n"A,prek12\n', 3, "row 2: not valid CSV"),
    ],
)
def test_bad_csv(project_dir: Path, tmp_path: Path, text: str, code: int, message: str) -> None:
    path = csv_file(tmp_path, "bad.csv", text)
    result = run(project_dir, "assets", "import", str(path))
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "bad.csv" in result.output
    assert snapshot(project_dir) == {}


def test_not_utf8_and_missing_file(project_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("Name\nCaf\xe9\n".encode("latin-1"))
    result = run(project_dir, "assets", "import", str(path))
    assert result.exit_code == 3
    assert "not UTF-8 text (line 2)" in result.output
    gone = run(project_dir, "assets", "import", str(tmp_path / "nope.csv"))
    assert gone.exit_code == 2
    assert "file not found" in gone.output


def test_dry_run_writes_nothing(project_dir: Path, tmp_path: Path) -> None:
    result = run(
        project_dir, "assets", "import", str(csv_file(tmp_path, "o.csv", ORGS)), "--dry-run"
    )
    assert result.exit_code == 0
    assert "Would create 3 files" in result.output
    assert "nothing was written" in result.output
    assert snapshot(project_dir) == {}


def test_assets_add_and_list_filters(project_dir: Path) -> None:
    result = run(
        project_dir,
        "assets",
        "add",
        "--name",
        "Riverworks",
        "--sector",
        "stem_rich",
        "--stage",
        "family",
        "--stage",
        "middle",
        "--source",
        "Priya, phone call",
    )
    assert result.exit_code == 0, result.output
    data = record(project_dir, "riverworks")
    assert data["stages"] == ["middle", "family"]
    assert data["provenance"]["source"] == "Priya, phone call"
    assert run(project_dir, "assets", "list", "--stage", "family").output.count("Riverworks") == 1
    assert "0 organisations." in run(project_dir, "assets", "list", "--sector", "business").output
    bad = run(project_dir, "assets", "list", "--stage", "adult")
    assert bad.exit_code == 2
    assert "'adult' is not a stage" in bad.output
    again = run(project_dir, "assets", "add", "--name", "riverworks", "--sector", "business")
    assert again.exit_code == 2
    assert "already on the asset map" in again.output
    no_tty = run(project_dir, "assets", "add", "--name", "X")
    assert no_tty.exit_code == 6
    assert "--sector" in no_tty.output
    wrong = run(
        project_dir, "assets", "add", "--name", "Y", "--sector", "business", "--stage", "adult"
    )
    assert wrong.exit_code == 4
    assert "'adult' is not one of" in wrong.output


def test_broken_asset_file_is_named(project_dir: Path) -> None:
    (project_dir / "assets" / "bad.yaml").write_text("name: X\nsector: wizards\n", encoding="utf-8")
    result = run(project_dir, "gaps")
    assert result.exit_code == 3
    assert "bad.yaml:2: sector: 'wizards'" in result.output
    check = run(project_dir, "check")
    assert check.exit_code == 1
    assert "assets/bad.yaml:2: sector:" in check.output
