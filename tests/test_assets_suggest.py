"""The triage's suggestions, on real rows of the San Diego roster shipped with stemeco.

Each organisation is built as an import without a mapping leaves it: its name,
its description, and its own category either kept as a column or (as today's
importer does with a value it cannot map) named in its review note.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from stemeco.community.assets import Organisation, Program
from stemeco.community.suggest import age_stages, grade_stages, ranges, suggest

ROSTER = Path(__file__).resolve().parents[1] / "stemeco/community/rosters/san-diego/partners.csv"


@cache
def rows() -> dict[str, dict[str, str]]:
    with ROSTER.open(encoding="utf-8") as handle:
        return {row["name"]: row for row in csv.DictReader(handle)}


def from_roster(name: str, *, category: str = "column") -> Organisation:
    """The San Diego partner ``name``; its category as a column, in the review note, or gone."""
    row = rows()[name]
    data: dict[str, object] = {"name": name, "description": row["description"]}
    reason = ""
    if category == "column":
        data["organization_type"] = row["organization_type"]
    elif category == "note":
        reason = f"unknown sector '{row['organization_type']}' in partners.csv row 7"
    return Organisation(name=name, path=Path("x.yaml"), data=data, review_reason=reason)


def why(org: Organisation, kind: str, value: str) -> list[str]:
    return [str(e) for e in suggest(org).reasons(kind, value)]


def test_a_school_district_is_prek12_serving_elementary_to_high_school() -> None:
    org = from_roster("San Diego Unified School District", category="none")
    found = suggest(org)
    assert found.sector == "prek12"
    assert found.stages == ["elementary", "middle", "high_school"]
    assert why(org, "sector", "prek12") == ["'Unified School District' in name"]
    assert why(org, "stage", "middle") == ["'Unified School District' in name"]


@pytest.mark.parametrize(
    ("name", "sector", "words"),
    [
        ("San Diego Natural History Museum", "stem_rich", "'Museum' in name"),
        ("Fleet Science Center", "stem_rich", "'Science Center' in name"),
        ("San Diego Zoo", "stem_rich", "'Zoo' in name"),
        ("San Diego Public Library", "stem_rich", "'Library' in name"),
        ("Grossmont College", "post_secondary", "'College' in name"),
        ("University of San Diego", "post_secondary", "'University' in name"),
        ("Alpine Education Foundation Inc.", "government", "'Foundation' in name"),
        ("Girls Who Code", "out_of_school", "'Code' in name"),
        ("Qualcomm Incorporated", "business", "'Incorporated' in name"),
    ],
)
def test_the_name_says_the_sector(name: str, sector: str, words: str) -> None:
    org = from_roster(name, category="none")
    assert suggest(org).sector == sector
    assert words in why(org, "sector", sector)


def test_the_rosters_own_category_outweighs_the_name() -> None:
    # "Foundation" in the name says funder; the roster says out-of-school time.
    org = from_roster("Agua Hedionda Lagoon Foundation")
    found = suggest(org)
    assert found.sector == "out_of_school"
    assert why(org, "sector", "out_of_school") == [
        "'Afterschool' in organization_type",
        "'Out-of-School' in organization_type",
    ]
    assert "government" in found.other_sectors
    # The same from the review note an import writes for a category it cannot map.
    noted = from_roster("Agua Hedionda Lagoon Foundation", category="note")
    assert suggest(noted).sector == "out_of_school"
    assert "'Afterschool' in the roster's sector" in why(noted, "sector", "out_of_school")


def test_a_word_inside_a_longer_phrase_does_not_count() -> None:
    # "School" of "Out-of-School Time" is no school: the roster's OST category wins.
    org = from_roster("The Lawhorn School")
    assert suggest(org).sector == "out_of_school"
    assert "'School' in organization_type" not in why(org, "sector", "prek12")


def test_grades_in_the_description_give_stages() -> None:
    org = from_roster("Magnolia Science Academy - San Diego")
    found = suggest(org)
    assert found.sector == "prek12"  # District/School in the roster
    assert "middle" in found.stages
    assert "'grades 6-8' in description" in why(org, "stage", "middle")


def test_k12_and_families_in_the_description() -> None:
    org = from_roster("EDforTech", category="none")
    found = suggest(org)
    assert {"elementary", "middle", "high_school"} <= set(found.stages)
    assert "'K-12' in description" in why(org, "stage", "high_school")


def test_a_single_word_of_a_description_is_only_a_hint() -> None:
    # Wahupa's description says "college" once: not enough to call it a college.
    org = from_roster("Wahupa Educational Services", category="none")
    found = suggest(org)
    assert found.sector is None
    assert "post_secondary" in found.other_sectors
    assert why(org, "sector", "post_secondary") == ["'college' in description"]


def test_nothing_to_go_on_suggests_nothing() -> None:
    org = Organisation(name="Viasat", path=Path("viasat.yaml"))
    found = suggest(org)
    assert (found.sector, found.stages, found.pillars, found.other_sectors) == (None, [], [], [])


def test_yes_columns_of_a_yes_no_sheet_are_categories() -> None:
    org = Organisation(
        name="Harbor Learning Place",
        path=Path("h.yaml"),
        data={
            "category_1:_museum_or_science_center": "Yes",
            "category_2:_after_school_program": "No",
            "mission_summary": "Hands-on exhibits for families.",
        },
    )
    found = suggest(org)
    assert found.sector == "stem_rich"
    assert found.other_sectors == []  # the No column says nothing
    assert why(org, "sector", "stem_rich") == [
        "'museum' in category_1:_museum_or_science_center",
        "'science center' in category_1:_museum_or_science_center",
    ]
    assert found.stages == ["family"]
    assert found.pillars == ["teaching_learning"]


def test_programs_and_the_values_an_import_could_not_map_give_stages() -> None:
    program = Program(
        name="Robot Build Night",
        data={"name": "Robot Build Night", "review_reason": "unknown stages 'Grades 9-12'"},
    )
    org = Organisation(name="Kessler Precision", path=Path("k.yaml"), programs=[program])
    found = suggest(org)
    assert found.stages == ["high_school"]
    assert why(org, "stage", "high_school") == ["'Grades 9-12' in program 'Robot Build Night'"]


@pytest.mark.parametrize(
    ("text", "stages"),
    [
        ("for ages 6-18", ["elementary", "middle", "high_school"]),
        ("ages 3 to 5", ["early_childhood", "elementary"]),
        ("ages 18+", ["post_secondary", "employment"]),
        ("grades 6–8", ["middle"]),  # an en dash, as spreadsheets write it
        ("Grades K-5", ["elementary"]),
        ("serving PreK-12 students", ["early_childhood", "elementary", "middle", "high_school"]),
        ("3rd through 5th grade", ["elementary"]),
        ("for 9-12 year olds", ["elementary", "middle"]),
        ("grade 14", []),  # not a grade
    ],
)
def test_ranges(text: str, stages: list[str]) -> None:
    from stemeco.community.suggest import normalise

    found = [s for _, _, covered in ranges(normalise(text)) for s in covered]
    assert found == stages


def test_a_range_is_quoted_as_written() -> None:
    org = Organisation(
        name="Tide Pool Club", path=Path("t.yaml"), data={"audience": "Grades 6–8 and families"}
    )
    assert why(org, "stage", "middle") == ["'Grades 6–8' in audience"]


def test_grade_and_age_bands() -> None:
    assert grade_stages(-1, -1) == ["early_childhood"]
    assert grade_stages(9, 12) == ["high_school"]
    assert age_stages(14, 18) == ["high_school"]
    assert age_stages(18, 24) == ["post_secondary"]
    assert age_stages(30, 60) == ["employment"]
