"""File names every computer can check out: a record named "Con", "nul.txt" or "AUX"
gets a file name Windows accepts, and reads back with its name as typed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.plan.assessment import THRIVING
from stemeco.text import reserved_on_windows, slugify, today

#: A name as typed, and the file name (or id) it gets.
NAMES = {"Con": "con-1", "nul.txt": "nul-txt", "AUX": "aux-1", "LPT9 ": "lpt9-1"}


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(root)])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def files(folder: Path) -> list[str]:
    found = sorted(p.name for p in folder.rglob("*.yaml"))
    assert not [name for name in found if reserved_on_windows(name)]
    return found


def yesterday() -> str:
    return (today() - dt.timedelta(days=1)).isoformat()


def test_organisations(project_dir: Path) -> None:
    for name in NAMES:
        ok(cli(project_dir, "assets", "add", "--name", name, "--sector", "business"))
    assert files(project_dir / "assets") == sorted(f"{stem}.yaml" for stem in NAMES.values())
    listing = json.loads(ok(cli(project_dir, "assets", "list", "--json")).output)
    assert sorted(o["name"] for o in listing) == sorted(name.strip() for name in NAMES)


def test_interviews(project_dir: Path) -> None:
    for name in NAMES:
        ok(cli(project_dir, "interviews", "add", "--who", name, "--organisation", "AUX",
               "--date", yesterday(), "--notes", "Said a lot."))  # fmt: skip
    expected = sorted(f"{yesterday()}-{stem}.yaml" for stem in NAMES.values())
    assert files(project_dir / "interviews") == expected
    listing = ok(cli(project_dir, "interviews", "list")).output
    for name in NAMES:
        assert f"{name.strip()} (AUX)" in listing


def test_indicators_and_their_measurements(project_dir: Path) -> None:
    for name, stem in NAMES.items():
        added = ok(cli(project_dir, "indicators", "add", "--name", name, "--pillar", "systems"))
        assert f"Added the indicator '{stem}' in indicators/{stem}.yaml." in added.output
        ok(cli(project_dir, "indicators", "record", stem, "7", "--date", yesterday()))
    expected = sorted(f"{stem}.yaml" for stem in NAMES.values())
    assert files(project_dir / "indicators") == expected
    assert files(project_dir / "measurements") == expected
    listing = ok(cli(project_dir, "indicators", "list")).output
    for name, stem in NAMES.items():
        assert f"{stem}\n    {name.strip()} (Systems)" in listing
    assert listing.count(f"latest 7 on {yesterday()}") == len(NAMES)


def test_an_indicator_of_studio_iv(project_dir: Path) -> None:
    (project_dir / "sessions" / "studio-4.yaml").write_text(
        "studio: studio-4\nstatus: in_progress\nanswers:\n"
        "  indicators:\n    - {name: Con, pillar: systems}\n    - {name: CON., pillar: systems}\n",
        encoding="utf-8",
    )
    ok(cli(project_dir, "indicators", "record", "con-1-2", "3", "--date", yesterday()))
    assert files(project_dir / "measurements") == ["con-1-2.yaml"]
    listing = ok(cli(project_dir, "indicators", "list")).output
    assert "con-1\n    Con (Systems)" in listing
    assert "con-1-2\n    CON. (Systems)" in listing


def test_an_id_windows_cannot_have_is_refused(project_dir: Path) -> None:
    refused = cli(project_dir, "indicators", "add", "--name", "Aux", "--pillar", "systems",
                  "--id", "aux")  # fmt: skip
    assert refused.exit_code == 4
    assert "--id: Windows cannot have a file 'aux.yaml': choose another" in refused.stderr
    assert not (project_dir / "indicators").exists() or not any(
        (project_dir / "indicators").iterdir()
    )


def test_self_assessments(project_dir: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump({i: {"rating": 2, "evidence": "seen"} for i in THRIVING}), encoding="utf-8"
    )
    for name in NAMES:
        ok(cli(project_dir, "assess", "--respondent", name, "--round", yesterday(),
               "--answers", str(answers)))  # fmt: skip
    assert files(project_dir / "assessments") == sorted(f"{s}.yaml" for s in NAMES.values())
    report = ok(cli(project_dir, "assess", "report")).output
    shown = ", ".join(sorted(name.strip() for name in NAMES))
    assert f"{len(NAMES)} respondents ({shown})" in report


def test_events(project_dir: Path) -> None:
    for name, stem in NAMES.items():
        added = ok(cli(project_dir, "calendar", "add", "--title", name, "--date", yesterday(),
                       "--kind", "meeting"))  # fmt: skip
        assert f"[{stem}]" in added.output
    shown = ok(cli(project_dir, "calendar")).output
    for name, stem in NAMES.items():
        assert f"meeting   {name.strip()}  [{stem}]" in shown


def test_long_names_and_names_ending_in_a_dot_or_space(project_dir: Path) -> None:
    long_name = "The " + "Very " * 80 + "Long Science Centre"
    for name in (long_name, "Acme Labs. ", "Riverworks..."):
        ok(cli(project_dir, "assets", "add", "--name", name, "--sector", "stem_rich"))
    names = sorted(p.name for p in (project_dir / "assets").glob("*.yaml"))
    assert names == ["acme-labs.yaml", "riverworks.yaml", f"{slugify(long_name)}.yaml"]
    assert len(slugify(long_name)) <= 60
    listing = json.loads(ok(cli(project_dir, "assets", "list", "--json")).output)
    assert sorted(o["name"] for o in listing) == [
        "Acme Labs.",
        "Riverworks...",
        long_name,
    ]


@pytest.mark.parametrize(
    ("text", "reserved"),
    [
        ("con", True), ("CON", True), ("Con.yaml", True), ("nul.txt", True), ("aux .md", True),
        ("COM1", True), ("lpt9.yaml", True), ("com0", True), ("console", False),
        ("con-1", False), ("com10", False), ("nul-txt.yaml", False), ("prn-list", False),
    ],
)  # fmt: skip
def test_the_names_windows_keeps(text: str, reserved: bool) -> None:
    assert reserved_on_windows(text) is reserved
    assert not reserved_on_windows(slugify(text))
