"""A real roster imported as a new user would: clean field names, placeholders read as
empty, the organisation listed twice under two names flagged, re-import writes nothing;
then the same with the mapping file `--suggest-map` writes (issue H, item 3)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.community.sources import Mapping_, load_mapping
from stemeco.community.suggest_map import flag_meaning, sector_of

ROSTER = Path(__file__).parent / "data" / "port-alder-partners.csv"
ROWS = 51
TWICE = (
    "row 42: 'HLRC Youth Engineering' looks like 'Harbor Light Robotics Collective' (row 12): "
    "same website harborlightrobotics.org, same address '1420 Marina Way Ste. 3', "
    "same e-mail domain harborlightrobotics.org"
)


def run(project_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(project_dir)])


def records(project_dir: Path) -> dict[str, dict[str, Any]]:
    return {
        p.stem: cast(dict[str, Any], yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in sorted((project_dir / "assets").glob("*.yaml"))
    }


def snapshot(project_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project_dir / "assets").glob("*.yaml"))}


def texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, str):
        yield value


def assert_the_bar(project_dir: Path, output: str) -> dict[str, dict[str, Any]]:
    """What every import of the roster must give, with a mapping or without."""
    assert f"Created {ROWS} files, updated 0, 0 unchanged." in output
    assert "Read as empty (33 placeholder texts): 'N/A' x8" in output
    saved = records(project_dir)
    assert len(saved) == ROWS
    blank = Mapping_()
    for slug, record in saved.items():
        for key in record:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", key), (slug, key)
        kept = [t for t in texts(record) if blank.is_placeholder(t)]
        assert kept == [], (slug, kept)
    on_disk = "".join(p.read_text(encoding="utf-8") for p in (project_dir / "assets").iterdir())
    assert "Information not available" not in on_disk
    assert "Not provided" not in on_disk
    # The organisation listed twice under two names, and nothing else, is flagged.
    assert TWICE in output
    assert output.count("looks like") == 1
    twice = saved["hlrc-youth-engineering"]
    assert twice["needs_review"] is True
    assert twice["review_reason"].startswith(
        "likely the same organisation as 'Harbor Light Robotics Collective' "
        "(row 12 of port-alder-partners.csv): same website harborlightrobotics.org"
    )
    assert saved["harbor-light-robotics-collective"]["website"] == (
        "https://www.harborlightrobotics.org/"
    )
    return saved


def test_a_new_users_roster_without_a_mapping(project_dir: Path) -> None:
    result = run(project_dir, "assets", "import", str(ROSTER))
    assert result.exit_code == 0, result.output
    saved = assert_the_bar(project_dir, result.output)
    district = saved["alder-unified-school-district"]
    assert district["mission_summary"].startswith("Public schools serving 14,000")
    assert district["category_1_integrated_student_support"] == "Yes"
    assert district["category_3_family_community_engagement"] == "X"
    assert district["email"] == "info@alderusd.org"
    assert district["location"] == "200 Civic Center Drive"  # "Street Address"
    museum = saved["port-alder-maritime-museum"]
    assert "mission_summary" not in museum  # "Information not available on website"
    assert "email" not in museum  # "Not provided"
    assert "phone" not in museum  # "-"
    assert "notes" not in museum  # "none"
    assert saved["alder-audubon-society"].get("website") is None  # "N/A"
    # The schools of the district share its e-mail domain, not its website: not duplicates.
    assert saved["bayview-middle-school"]["needs_review"] is True
    assert saved["bayview-middle-school"]["review_reason"] == "no sector given"
    before = snapshot(project_dir)
    again = run(project_dir, "assets", "import", str(ROSTER))
    assert again.exit_code == 0, again.output
    assert f"Created 0 files, updated 0, {ROWS} unchanged." in again.output
    assert snapshot(project_dir) == before
    gaps = json.loads(run(project_dir, "gaps", "--json").output)
    assert gaps["likely_duplicates"] == [
        {
            "organisation": "HLRC Youth Engineering",
            "file": "assets/hlrc-youth-engineering.yaml",
            "resembles": "Harbor Light Robotics Collective",
            "resembles_file": "assets/harbor-light-robotics-collective.yaml",
            "why": "same website harborlightrobotics.org, same address '1420 Marina Way Ste. 3', "
            "same e-mail domain harborlightrobotics.org",
        }
    ]


def test_the_suggested_map_then_import(project_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "port-alder.yaml"
    made = run(project_dir, "assets", "import", str(ROSTER), "--suggest-map", str(out))
    assert made.exit_code == 0, made.output
    assert made.output.startswith(
        f"Wrote {out}: 6 columns of organisations, 6 Yes/No columns, 16 sector values; "
        "4 left for you (marked TO DO).\n"
    )
    assert f"Check it, then: stemeco assets import {ROSTER} --map {out}" in made.output
    assert not list((project_dir / "assets").glob("*.yaml"))  # nothing imported
    text = out.read_text(encoding="utf-8")
    assert 'name: "Organization Name"' in text
    assert 'description: "Mission/Summary"' in text
    assert 'location: "Street Address"' in text
    assert 'email: "Contact Email"' in text
    assert '"Serves High School": {stages: [high_school]}   # guessed from the header' in text
    assert '"Category 4: Career Pathways": {pillars: [workforce]}' in text
    assert '    # "Category 1: Integrated Student Support": {pillars: [...]}   # TO DO' in text
    assert '"School District": prek12   # guessed (1 row(s))' in text
    assert '"Nonprofit": null   # TO DO (9 row(s)): one of prek12' in text
    assert '# Read as empty in port-alder-partners.csv: "N/A" x8' in text
    assert '  #   "Ages Served" -> ages_served   (to read stages from it: stages:' in text
    mapping = load_mapping(str(out))
    assert [f.header for f in mapping.flags["organisations"]][:2] == [
        "Category 2: Expanded Learning",
        "Category 3: Family & Community Engagement",
    ]

    result = run(project_dir, "assets", "import", str(ROSTER), "--map", str(out))
    assert result.exit_code == 0, result.output
    saved = assert_the_bar(project_dir, result.output)
    district = saved["alder-unified-school-district"]
    assert district["sector"] == "prek12"
    assert district["stages"] == ["early_childhood", "high_school", "family"]
    assert district["pillars"] == ["teaching_learning", "workforce"]  # "Partial" counts
    assert district["description"].startswith("Public schools serving")
    assert "serves_high_school" not in district  # a mapped Yes/No column is not kept
    assert district["category_1_integrated_student_support"] == "Yes"  # left for the user
    assert saved["eastside-girls-code"]["review_reason"] == "no sector given"  # Nonprofit
    assert saved["alder-public-library"]["sector"] == "stem_rich"
    before = snapshot(project_dir)
    again = run(project_dir, "assets", "import", str(ROSTER), "--map", str(out))
    assert f"Created 0 files, updated 0, {ROWS} unchanged." in again.output
    assert snapshot(project_dir) == before

    refused = run(project_dir, "assets", "import", str(ROSTER), "--suggest-map", str(out))
    assert refused.exit_code == 2
    assert f"{out} already exists; stemeco does not overwrite it" in refused.output
    assert out.read_text(encoding="utf-8") == text


def test_suggest_map_beside_the_roster_and_its_refusals(project_dir: Path, tmp_path: Path) -> None:
    roster = tmp_path / "partners.csv"
    shutil.copy(ROSTER, roster)
    made = run(project_dir, "assets", "import", str(roster), "--suggest-map")
    assert made.exit_code == 0, made.output
    assert (tmp_path / "partners.map.yaml").is_file()
    both = run(project_dir, "assets", "import", str(roster), "--suggest-map", "--map", "x.yaml")
    assert both.exit_code == 2
    assert "--suggest-map imports nothing: --map does not apply" in both.output
    two = run(project_dir, "assets", "import", str(roster), str(tmp_path / "other.yaml"))
    assert two.exit_code == 2
    assert "a second file (OUT.yaml) only goes with --suggest-map" in two.output
    csv_out = run(project_dir, "assets", "import", str(roster), "--suggest-map", "out.csv")
    assert csv_out.exit_code == 2
    assert "a mapping file ends in .yaml" in csv_out.output
    assert not (tmp_path / "other.yaml").exists()


# ---------------------------------------------------------------- field names


def csv_file(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_headers_become_stable_unique_field_names(project_dir: Path, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "Name,Mission/Summary,Mission Summary,2024 Budget,#,Área de Interés,About,Description\n"
        "Riverworks,Science for all,Hands on,12000,7,Física,Long text,Short text\n",
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "organisations:\n  columns: {name: Name, description: About}\n", encoding="utf-8"
    )
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 0, result.output
    saved = records(project_dir)["riverworks"]
    assert saved["description"] == "Long text"
    assert {
        k: v for k, v in saved.items() if k not in ("provenance", "needs_review", "review_reason")
    } == {
        "name": "Riverworks",
        "description": "Long text",
        "mission_summary": "Science for all",
        "mission_summary_2": "Hands on",
        "column_2024_budget": "12000",
        "column_5": "7",
        "area_de_interes": "Física",
        "description_2": "Short text",  # stemeco's own description came from "About"
    }
    again = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert "Created 0 files, updated 0, 1 unchanged." in again.output


def test_a_column_named_like_a_checked_field_is_kept_aside(
    project_dir: Path, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "Org,Stages,Sector,Programs\nA,Ages 5-12,Nonprofit,Robotics\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("organisations:\n  columns: {name: Org}\n", encoding="utf-8")
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 0, result.output
    saved = records(project_dir)["a"]
    assert saved["stages_2"] == "Ages 5-12"
    assert saved["sector_2"] == "Nonprofit"
    assert saved["programs_2"] == "Robotics"
    assert "stages" not in saved
    assert run(project_dir, "check").exit_code == 0


def test_a_mapping_names_a_column_by_header_or_field_name(
    project_dir: Path, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "Partner Org.,Kind of Partner\nRiverworks,Museum\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "organisations:\n  columns: {name: partner_org, sector: 'KIND OF  PARTNER'}\n"
        "values:\n  sector: {Museum: stem_rich}\n",
        encoding="utf-8",
    )
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 0, result.output
    assert records(project_dir)["riverworks"]["sector"] == "stem_rich"


# ---------------------------------------------------------------- placeholders


def test_placeholders_read_as_empty_and_a_mapping_adds_more(
    project_dir: Path, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path,
        "Name,Website,Notes,Phone\n"
        "A,(none),See website,\u200bN/A.\n"
        "B, n/a ,Call first,—\n"
        "C,TBD,Not Applicable,Unknown\n",
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text("placeholders: ['See website']\n", encoding="utf-8")
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 0, result.output
    assert "Read as empty (8 placeholder texts)" in result.output
    saved = records(project_dir)
    assert [k for k in saved["a"] if k in ("website", "notes", "phone")] == []
    assert saved["b"]["notes"] == "Call first"
    unnamed = csv_file(tmp_path, "Name,Website\nA,x.org\nN/A,y.org\n", "unnamed.csv")
    refused = run(project_dir, "assets", "import", str(unnamed))
    assert refused.exit_code == 4
    assert "row 3: the name is empty (column 'Name')" in refused.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("placeholders: See website\n", encoding="utf-8")
    wrong = run(project_dir, "assets", "import", str(path), "--map", str(bad))
    assert wrong.exit_code == 4
    assert "bad.yaml:1: placeholders: must be a list of texts" in wrong.output


# ---------------------------------------------------------------- Yes/No columns

FLAGS_MAP = """\
name: Flags
partial: no
organisations:
  columns: {name: Name}
  flags:
    "Is a school?": {sector: prek12}
    "Museum": {sector: "Museums & zoos"}
    "Serves Middle": {stages: [middle]}
    "Serves Teens": {stages: [high_school], pillars: [workforce]}
"""


def test_yes_no_columns_set_sectors_stages_and_pillars(project_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(FLAGS_MAP.replace('"Museums & zoos"', "stem_rich"))
    path = csv_file(
        tmp_path,
        "Name,Is a school?,Museum,Serves Middle,Serves Teens\n"
        "Hill School,Yes,,X,No\n"
        "Tide Center,no,✓,TRUE,Partial\n"
        "Both,y,1,0,✔\n"
        "Neither,N,false,,\n",
    )
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 0, result.output
    saved = records(project_dir)
    assert saved["hill-school"]["sector"] == "prek12"
    assert saved["hill-school"]["stages"] == ["middle"]
    assert saved["tide-center"]["sector"] == "stem_rich"
    assert "pillars" not in saved["tide-center"]  # partial: no
    assert saved["both"]["sector"] == "prek12"
    assert saved["both"]["stages"] == ["high_school"]
    assert saved["both"]["pillars"] == ["workforce"]
    assert saved["both"]["review_reason"] == (
        "its Yes/No columns give 2 sectors (prek12, stem_rich); prek12 kept"
    )
    assert saved["neither"]["review_reason"] == "no sector given"
    assert "is_a_school" not in saved["hill-school"]
    again = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert "Created 0 files, updated 0, 4 unchanged." in again.output


def test_an_unknown_yes_no_answer_says_what_is_accepted(project_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(FLAGS_MAP.replace('"Museums & zoos"', "stem_rich"))
    path = csv_file(
        tmp_path,
        "Name,Is a school?,Museum,Serves Middle,Serves Teens\n"
        "A,Maybe,,,\nB,maybe,,,\nC,,,Ages 11-14,\n",
    )
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 1
    assert (
        "roster.csv: Yes/No column 'Is a school?': 'Maybe' is not a Yes/No answer (1 row: 2)"
        in result.output
    )
    assert (
        f"{mapping}:6: organisations.flags.Is a school?: a Yes/No column accepts yes, y, x, ✓"
        in result.output
    )
    assert "partial, partially, partly, some; no, n, false, f, 0" in result.output
    assert f"{mapping}:8: organisations.flags.Serves Middle:" in result.output
    assert records(project_dir) == {}
    allowed = run(
        project_dir, "assets", "import", str(path), "--map", str(mapping), "--allow-unknown"
    )
    assert allowed.exit_code == 0, allowed.output
    assert "Yes/No column 'Serves Middle': 'Ages 11-14' x1" in allowed.output
    assert (
        "unknown 'Ages 11-14' in the Yes/No column 'Serves Middle'"
        in (records(project_dir)["c"]["review_reason"])
    )


def test_a_bad_flags_section_names_its_line(project_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(FLAGS_MAP + '    "Grades": {areas: [Robotics]}\n    "Cost": yes\n')
    path = csv_file(tmp_path, "Name\nA\n")
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 4
    assert (
        f"{mapping}:7: organisations.flags.Museum.sector: 'Museums & zoos' is not one of prek12"
        in result.output
    )
    assert f"{mapping}:10: organisations.flags.Grades.areas: a Yes/No column sets sector, " in (
        result.output
    )
    assert f"{mapping}:11: organisations.flags.Cost: must say what a yes adds" in result.output
    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(FLAGS_MAP.replace('"Museums & zoos"', "stem_rich"))
    missing = run(project_dir, "assets", "import", str(path), "--map", str(fixed))
    assert missing.exit_code == 4
    assert (
        f"{fixed}:6: organisations.flags: no column 'Is a school?' in roster.csv "
        "(the columns are: Name)" in missing.output
    )
    assert records(project_dir) == {}


# ---------------------------------------------------------------- list cells


def test_an_unknown_value_names_the_accepted_values_and_the_separator(
    project_dir: Path, tmp_path: Path
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "name: Pipes\nseparator: '|'\nprograms:\n  columns: {name: Program, organisation: Org, "
        "stages: Grades}\nvalues:\n  stages:\n    Grades 6-8: middle\n    Grades 9-12: "
        "high_school\n",
        encoding="utf-8",
    )
    path = csv_file(
        tmp_path,
        "Program,Org,Grades\nLab,A,Grades 6-8|Grades 9-12\nCamp,A,"
        '"Grades 6-8, Grades 9-12"\nClub,B,Grades 6-8|Adults\n',
    )
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 1
    assert (
        "roster.csv: stages: 'Grades 6-8, Grades 9-12' is not mapped (1 row: 3); its cells "
        "were split on '|', and this one holds ','" in result.output
    )
    assert "roster.csv: stages: 'Adults' is not mapped (1 row: 4)" in result.output
    assert (
        f"{mapping}:6: values.stages: accepted: the values listed here ('Grades 6-8', "
        "'Grades 9-12'), or early_childhood, elementary, middle, high_school, post_secondary, "
        f"employment, family (or their labels); list cells are split on '|' (separator at "
        f"{mapping}:2)" in result.output
    )
    plain = csv_file(tmp_path, "Name,Stages\nA,middle;Teens\n", "plain.csv")
    default = run(project_dir, "assets", "import", str(plain))
    assert default.exit_code == 1
    assert (
        "stages: accepted: early_childhood, elementary, middle, high_school, post_secondary, "
        "employment, family (or their labels); list cells are split on ';', the default"
        in default.output
    )
    assert "--suggest-map writes a starting one" in default.output


@pytest.mark.parametrize("separator", ["\\n", ", "])
def test_a_separator_of_a_line_break_or_several_characters(
    project_dir: Path, tmp_path: Path, separator: str
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(f'separator: "{separator}"\n', encoding="utf-8")
    cell = "middle\nhigh_school" if separator == "\\n" else "middle, high_school"
    path = csv_file(tmp_path, f'Name,Stages\nA,"{cell}"\n')
    result = run(project_dir, "assets", "import", str(path), "--map", str(mapping))
    assert result.exit_code == 0, result.output
    assert records(project_dir)["a"]["stages"] == ["middle", "high_school"]


# ---------------------------------------------------------------- the guesses of --suggest-map


@pytest.mark.parametrize(
    ("header", "meaning"),
    [
        ("Serves High School", {"stages": ["high_school"]}),
        ("Middle and High School", {"stages": ["middle", "high_school"]}),
        ("Category 2: Expanded Learning", {"pillars": ["teaching_learning"]}),
        ("College & Career", {"pillars": ["workforce"], "stages": ["post_secondary"]}),
        ("Early Learning", {"stages": ["early_childhood"]}),  # not teaching_learning
        ("Museum?", {"sector": ["stem_rich"]}),
        ("Is a school district", {"sector": ["prek12"]}),
        ("Category 1: Integrated Student Support", {}),
        ("Nonprofit", {}),
    ],
)
def test_what_a_yes_probably_means(header: str, meaning: dict[str, list[str]]) -> None:
    assert flag_meaning(header) == meaning


@pytest.mark.parametrize(
    ("value", "group"),
    [
        ("Community College", "post_secondary"),  # not community
        ("After-School Program", "out_of_school"),  # not a school
        ("Boys & Girls Club", "out_of_school"),
        ("K-12 Charter", "prek12"),
        ("City of Port Alder", "government"),
        ("Government and funders", "government"),  # stemeco's own label
        ("University Museum", None),  # two groups: not clear
        ("Nonprofit", None),
    ],
)
def test_the_stakeholder_group_a_type_clearly_names(value: str, group: str | None) -> None:
    assert sector_of(value) == group
