"""stemeco assets edit | remove | merge: the asset map changed without editing YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.community.assets import NameIndex, Organisation, check_assets

ORGS = (
    "Name,Sector,Website,Location\n"
    "Riverworks Science Center,stem_rich,https://riverworks.example,\n"
    "Northstar Youth Clubs,out_of_school,,Eastside\n"
    "Riverworks Science Centre,,,Riverfront pier 3\n"
)
PROGRAMS = (
    "Program,Partner,Grades,Cost\n"
    "River Lab,Riverworks Science Center,elementary;middle,Free\n"
    "Night Sky,Riverworks Science Centre,family,Free\n"
    "River Lab,Riverworks Science Centre,elementary;middle,Free\n"
    "Robotics,Northstar Youth Clubs,middle,Free\n"
)


def run(project_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(project_dir)])


def record(project_dir: Path, slug: str) -> dict[str, Any]:
    text = (project_dir / "assets" / f"{slug}.yaml").read_text(encoding="utf-8")
    return cast(dict[str, Any], yaml.safe_load(text))


def snapshot(project_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project_dir / "assets").glob("*.yaml"))}


@pytest.fixture
def roster(project_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    orgs, programs = tmp_path / "orgs.csv", tmp_path / "programs.csv"
    orgs.write_text(ORGS, encoding="utf-8")
    programs.write_text(PROGRAMS, encoding="utf-8")
    for path in (orgs, programs):
        result = run(project_dir, "assets", "import", str(path))
        assert result.exit_code == 0, result.output
    return orgs, programs


# ---------------------------------------------------------------- edit


@pytest.mark.usefixtures("roster")
def test_edit_changes_what_it_says_and_keeps_comments(project_dir: Path) -> None:
    path = project_dir / "assets" / "northstar-youth-clubs.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("sector: out_of_school", "sector: out_of_school  # checked by Ana")
    path.write_text(text + "# Met them at the spring fair.\n", encoding="utf-8")
    result = run(
        project_dir,
        "assets",
        "edit",
        "northstar youth clubs",  # the loose name finds it
        "--sector",
        "Community organisations",
        "--stage",
        "elementary",
        "--stage",
        "Middle / junior high",
        "--pillar",
        "teaching_learning",
        "--add-program",
        "Coding club",
        "--website",
        "https://northstar.example",
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert said == (
        "Updated assets/northstar-youth-clubs.yaml (Northstar Youth Clubs): sector Community "
        "organisations (was Out-of-school and after-school programs); stages + Elementary, "
        "Middle / junior high; pillars + Teaching & Learning; website https://northstar.example; "
        "program 'Coding club' added."
    )
    data = record(project_dir, "northstar-youth-clubs")
    assert data["sector"] == "community"
    assert data["stages"] == ["elementary", "middle"]
    assert data["pillars"] == ["teaching_learning"]
    assert data["website"] == "https://northstar.example"
    assert [p["name"] for p in data["programs"]] == ["Robotics", "Coding club"]
    assert data["location"] == "Eastside"  # untouched
    assert list(data)[:5] == ["name", "sector", "stages", "pillars", "location"]
    text = path.read_text(encoding="utf-8")
    assert [line.split() for line in text.splitlines() if line.startswith("sector:")] == [
        ["sector:", "community", "#", "checked", "by", "Ana"]
    ]
    assert text.endswith("# Met them at the spring fair.\n")

    again = run(project_dir, "assets", "edit", "Northstar Youth Clubs", "--stage", "middle")
    assert again.exit_code == 0
    assert "Nothing to change: Northstar Youth Clubs (assets/northstar-youth-clubs.yaml)" in (
        " ".join(again.output.split())
    )
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.usefixtures("roster")
def test_edit_takes_stages_away_and_empties_a_field(project_dir: Path) -> None:
    path = project_dir / "assets" / "northstar-youth-clubs.yaml"
    run(project_dir, "assets", "edit", "Northstar Youth Clubs", "--stage", "middle")
    text = path.read_text(encoding="utf-8").replace(
        "  - middle\n", "  - middle\n# Their teen program starts in 2027.\n"
    )
    path.write_text(text, encoding="utf-8")
    result = run(
        project_dir,
        "assets",
        "edit",
        "Northstar Youth Clubs",
        "--stage",
        "high_school",
        "--remove-stage",
        "middle",
        "--location",
        "",
    )
    assert result.exit_code == 0, result.output
    assert "stages + High school, - Middle / junior high; location (removed)" in " ".join(
        result.output.split()
    )
    data = record(project_dir, "northstar-youth-clubs")
    assert data["stages"] == ["high_school"]
    assert "location" not in data
    assert "# Their teen program starts in 2027.\n" in path.read_text(encoding="utf-8")


@pytest.mark.usefixtures("roster")
def test_edit_refuses_bad_values_and_writes_nothing(project_dir: Path) -> None:
    before = snapshot(project_dir)
    result = run(
        project_dir,
        "assets",
        "edit",
        "Northstar Youth Clubs",
        "--sector",
        "schools",
        "--stage",
        "college",
        "--pillar",
        "fun",
    )
    assert result.exit_code == 4
    lines = result.output.splitlines()
    assert lines[0].startswith("--sector: 'schools' is not one of prek12 (PreK-12 schools")
    assert lines[1].startswith("--stage: 'college' is not one of early_childhood")
    assert lines[2].startswith("--pillar: 'fun' is not one of partnerships")
    assert lines[3] == "error: nothing was changed"
    assert snapshot(project_dir) == before


@pytest.mark.usefixtures("roster")
def test_an_unknown_name_says_so_and_suggests_the_closest(project_dir: Path) -> None:
    result = run(project_dir, "assets", "edit", "Northstar Youth Club", "--stage", "middle")
    assert result.exit_code == 2
    assert result.output == (
        "error: no organisation named 'Northstar Youth Club' on the asset map "
        "(did you mean 'Northstar Youth Clubs'?)\n"
    )
    nothing = run(project_dir, "assets", "edit", "Northstar Youth Clubs")
    assert nothing.exit_code == 2
    assert "error: nothing to change for 'Northstar Youth Clubs'" in nothing.output


# ---------------------------------------------------------------- remove


@pytest.mark.usefixtures("roster")
def test_remove_asks_first_or_takes_yes(project_dir: Path) -> None:
    path = project_dir / "assets" / "northstar-youth-clubs.yaml"
    refused = run(project_dir, "assets", "remove", "Northstar Youth Clubs")
    assert refused.exit_code == 6
    assert " ".join(refused.output.split()) == (
        "error: stemeco assets remove asks before it deletes, and there is no terminal to ask "
        "(pass --yes to remove Northstar Youth Clubs (assets/northstar-youth-clubs.yaml, "
        "1 program))"
    )
    assert path.exists()
    result = run(project_dir, "assets", "remove", "NORTHSTAR youth clubs", "--yes")
    assert result.exit_code == 0, result.output
    assert " ".join(result.output.split()) == (
        "Removed Northstar Youth Clubs (assets/northstar-youth-clubs.yaml, 1 program)."
    )
    assert not path.exists()
    gone = run(project_dir, "assets", "remove", "Northstar Youth Clubs", "--yes")
    assert gone.exit_code == 2
    assert "no organisation named 'Northstar Youth Clubs'" in gone.output


# ---------------------------------------------------------------- merge


@pytest.mark.usefixtures("roster")  # imported: the Centre is flagged as like the Center
def test_merging_into_the_flagged_record_settles_the_imports_note(project_dir: Path) -> None:
    result = run(
        project_dir, "assets", "merge", "Riverworks Science Centre", "Riverworks Science Center"
    )
    assert result.exit_code == 0, result.output
    kept = record(project_dir, "riverworks-science-centre")
    assert kept["sector"] == "stem_rich"  # filled from OTHER, so "no sector given" is settled
    assert "review_reason" not in kept
    assert kept["needs_review"] is False


def test_merge_then_reimport_writes_nothing(project_dir: Path, roster: tuple[Path, Path]) -> None:
    other = record(project_dir, "riverworks-science-centre")
    assert other["needs_review"] is True
    assert other["review_reason"] == (
        "likely the same organisation as 'Riverworks Science Center' (row 2 of orgs.csv): "
        "a similar name; no sector given"
    )
    keep_path = project_dir / "assets" / "riverworks-science-center.yaml"
    keep_path.write_text(
        keep_path.read_text(encoding="utf-8") + "# Our anchor partner.\n", encoding="utf-8"
    )
    result = run(
        project_dir, "assets", "merge", "Riverworks Science Center", "Riverworks Science Centre"
    )
    assert result.exit_code == 0, result.output
    assert " ".join(result.output.split()) == (
        "Merged 'Riverworks Science Centre' into 'Riverworks Science Center': 1 program added; "
        "1 program already there; filled in: location. 'Riverworks Science Centre' kept as an "
        "alias of 'Riverworks Science Center': an import that lists it finds 'Riverworks "
        "Science Center'. Updated assets/riverworks-science-center.yaml; removed "
        "assets/riverworks-science-centre.yaml."
    )
    assert not (project_dir / "assets" / "riverworks-science-centre.yaml").exists()
    kept = record(project_dir, "riverworks-science-center")
    assert kept["aliases"] == ["Riverworks Science Centre"]
    assert kept["sector"] == "stem_rich"  # KEEP's own
    assert kept["website"] == "https://riverworks.example"
    assert kept["location"] == "Riverfront pier 3"  # filled from OTHER
    assert [p["name"] for p in kept["programs"]] == ["River Lab", "Night Sky"]
    assert kept["provenance"]["row"] == 2
    assert [(m["name"], m["row"]) for m in kept["merged_from"]] == [
        ("Riverworks Science Centre", 4)
    ]
    assert keep_path.read_text(encoding="utf-8").endswith("# Our anchor partner.\n")
    assert run(project_dir, "check").exit_code == 0

    merged = snapshot(project_dir)
    orgs, programs = roster
    again = run(project_dir, "assets", "import", str(orgs))
    assert again.exit_code == 0, again.output
    assert (
        "row 4: 'Riverworks Science Centre' was merged into 'Riverworks Science Center' "
        "(an alias); left as is" in again.output
    )
    assert "Created 0 files, updated 0, 3 unchanged." in again.output
    programs_again = run(project_dir, "assets", "import", str(programs))
    assert programs_again.exit_code == 0, programs_again.output
    assert "'Riverworks Science Centre' linked to 'Riverworks Science Center'" in (
        programs_again.output
    )
    assert "Created 0 files, updated 0" in programs_again.output
    assert snapshot(project_dir) == merged

    twice = run(
        project_dir, "assets", "merge", "Riverworks Science Center", "Riverworks Science Centre"
    )
    assert twice.exit_code == 2
    assert "'Riverworks Science Centre' is already merged into 'Riverworks Science Center'" in (
        twice.output
    )
    edited = run(project_dir, "assets", "edit", "Riverworks Science Centre", "--stage", "family")
    assert "Updated assets/riverworks-science-center.yaml" in edited.output  # by its alias


@pytest.mark.usefixtures("roster")
def test_merge_settles_the_review_note_of_the_kept_record(project_dir: Path) -> None:
    # Keep the newer record this time: its note about the other one is settled by the merge.
    result = run(
        project_dir, "assets", "merge", "Riverworks Science Centre", "Riverworks Science Center"
    )
    assert result.exit_code == 0, result.output
    assert "its review note about 'Riverworks Science Center' is settled" in " ".join(
        result.output.split()
    )
    kept = record(project_dir, "riverworks-science-centre")
    assert kept["needs_review"] is False
    assert "review_reason" not in kept
    assert kept["sector"] == "stem_rich"  # filled: the kept record had none
    assert kept["aliases"] == ["Riverworks Science Center"]


def test_an_alias_that_is_also_a_record_is_a_problem(project_dir: Path) -> None:
    folder = project_dir / "assets"
    folder.mkdir(exist_ok=True)
    (folder / "a.yaml").write_text("name: Tide Pool Lab\naliases:\n  - Tidal Lab\n", "utf-8")
    (folder / "b.yaml").write_text("name: Tidal Lab\n", "utf-8")
    problems = [p.render(project_dir) for p in check_assets(project_dir)]
    assert problems == [
        "assets/a.yaml:3: aliases: 'Tidal Lab' is an alias of 'Tide Pool Lab' but also the "
        "organisation in assets/b.yaml; merge it: stemeco assets merge 'Tide Pool Lab' 'Tidal Lab'"
    ]


def test_the_name_index_knows_aliases() -> None:
    keep = Organisation(name="Riverworks Science Center", path=Path("a.yaml"))
    keep.aliases = ["The Riverworks", "RSC Downtown"]
    index = NameIndex.of([keep, Organisation(name="Riverworks", path=Path("b.yaml"))])
    assert index.find("The Riverworks") == "Riverworks Science Center"  # exact alias first
    assert index.find("the riverworks!") == "Riverworks"  # then the loose name
    assert index.find("rsc downtown") == "Riverworks Science Center"  # then the loose alias
    assert index.alias_owner("The Riverworks") == "Riverworks Science Center"
    assert index.alias_owner("Riverworks") is None  # a real name is never an alias
    assert index.resembling("RSC Downtwn") == "Riverworks Science Center"
    assert index.alike("Riverworks Science Centre") == ["Riverworks Science Center"]


@pytest.mark.usefixtures("roster")
def test_remove_in_a_terminal_asks_and_a_no_keeps_the_file(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stemeco.cli import ask
    from stemeco.ui import prompts

    asked: list[str] = []
    answers = [False, True]

    def confirm(message: str, *, default: bool = False) -> bool:
        assert default is False  # Enter alone keeps the file
        asked.append(message)
        return answers.pop(0)

    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", confirm)
    path = project_dir / "assets" / "northstar-youth-clubs.yaml"
    kept = run(project_dir, "assets", "remove", "Northstar Youth Clubs")
    assert kept.exit_code == 0
    assert kept.output == "Nothing was removed.\n"
    assert path.exists()
    removed = run(project_dir, "assets", "remove", "Northstar Youth Clubs")
    assert removed.exit_code == 0
    assert not path.exists()
    assert (
        asked
        == ["Remove Northstar Youth Clubs (assets/northstar-youth-clubs.yaml, 1 program)?"] * 2
    )


@pytest.mark.usefixtures("roster")
def test_edited_text_is_kept_exactly_as_typed(project_dir: Path) -> None:
    result = run(
        project_dir,
        "assets",
        "edit",
        "Northstar Youth Clubs",
        "--location",
        "no",
        "--website",
        "2024-01-01",
        "--add-program",
        "1e3",
        "--add-program",
        "מועדון רובוטיקה 🤖",
    )
    assert result.exit_code == 0, result.output
    assert "program 'מועדון רובוטיקה 🤖' added" in result.output
    data = record(project_dir, "northstar-youth-clubs")
    assert data["location"] == "no"
    assert data["website"] == "2024-01-01"
    assert [p["name"] for p in data["programs"]][1:] == ["1e3", "מועדון רובוטיקה 🤖"]
