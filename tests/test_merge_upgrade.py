"""A project made by an older stemeco: ``stemeco check`` says what it lacks, and
``stemeco upgrade`` adds it (the union-merge attributes, file names Windows accepts)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.project.upgrade import merge_driver
from stemeco.storage.merging import GITATTRIBUTES

OLD_ATTRIBUTES = "* text=auto eol=lf\n"
LACKS = (
    ".gitattributes: records added on two git branches will conflict when merged: run "
    "'stemeco upgrade' (it adds 'merge=union' for {})"
)
ALL = "team.yaml, calendar.yaml, measurements/*.yaml"
ADDED = (
    "added to .gitattributes: /team.yaml merge=union\n"
    "added to .gitattributes: /calendar.yaml merge=union\n"
    "added to .gitattributes: /measurements/*.yaml merge=union\n"
)


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(root)])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def test_check_says_what_an_older_project_lacks_and_upgrade_adds_it(project_dir: Path) -> None:
    attributes = project_dir / ".gitattributes"
    attributes.write_text(OLD_ATTRIBUTES + "*.png binary", encoding="utf-8")  # no last newline
    checked = cli(project_dir, "check")
    assert checked.exit_code == 1
    assert checked.stderr.splitlines()[0] == LACKS.format(ALL)
    ok(cli(project_dir, "render"))  # the documents are not wrong for it
    upgraded = ok(cli(project_dir, "upgrade"))
    assert upgraded.stdout == ADDED + "Next: run 'stemeco check', then commit these changes.\n"
    text = attributes.read_text(encoding="utf-8")
    assert text.startswith(OLD_ATTRIBUTES + "*.png binary\n# Records added on two branches")
    assert text.endswith("/calendar.yaml merge=union\n/measurements/*.yaml merge=union\n")
    ok(cli(project_dir, "check"))
    again = ok(cli(project_dir, "upgrade"))
    assert again.stdout == "The project is up to date; nothing was changed.\n"
    assert attributes.read_text(encoding="utf-8") == text


def test_upgrade_writes_a_missing_gitattributes(project_dir: Path) -> None:
    (project_dir / ".gitattributes").unlink()
    assert LACKS.format(ALL) in cli(project_dir, "check").stderr
    assert ok(cli(project_dir, "upgrade")).stdout.startswith(ADDED)
    ok(cli(project_dir, "check"))


def test_only_what_is_missing_is_named_and_added(project_dir: Path) -> None:
    attributes = project_dir / ".gitattributes"
    # A driver of the team's own counts; a later line that turns union off does not.
    attributes.write_text(
        "* -merge\ncalendar.yaml merge=union\n/measurements/** merge=ours-records\n"
        "/team.yaml merge=union\n/calendar.yaml binary\n",
        encoding="utf-8",
    )
    assert LACKS.format("calendar.yaml") in cli(project_dir, "check").stderr
    assert ok(cli(project_dir, "upgrade")).stdout.startswith(
        "added to .gitattributes: /calendar.yaml merge=union\nNext:"
    )
    ok(cli(project_dir, "check"))


GIT = shutil.which("git")


VARIANTS = [
    GITATTRIBUTES,
    OLD_ATTRIBUTES,
    "team.yaml merge=union\n*.yaml -merge\nmeasurements/*.yaml merge=union\n",
    "/measurements/** merge=union\n# /team.yaml merge=union\n/c?lendar.yaml merge=union\n",
    "* merge=union\n/team.yaml !merge\n/calendar.yaml merge\nmeasurements binary\n",
    "**/team.yaml merge=union\n/[ck]alendar.yaml merge=union\nmeasurements/*/ merge=union\n",
]


@pytest.mark.skipif(GIT is None, reason="git is not installed: git must read the same attributes")
def test_check_reads_gitattributes_as_git_does(tmp_path: Path) -> None:
    """Each variant in a folder of its own (patterns are relative to their .gitattributes)."""
    assert GIT is not None
    subprocess.run([GIT, "init", "-q", str(tmp_path)], check=True)
    paths = ["team.yaml", "calendar.yaml", "measurements/an-indicator.yaml"]
    asked = []
    for n, text in enumerate(VARIANTS):
        (tmp_path / f"v{n}").mkdir()
        (tmp_path / f"v{n}" / ".gitattributes").write_text(text, encoding="utf-8")
        asked += [(text, path, f"v{n}/{path}") for path in paths]
    found = subprocess.run(
        [GIT, "check-attr", "merge", "--", *(where for _, _, where in asked)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "PATH": ""},
    ).stdout.splitlines()
    git_says = {"unspecified": None, "set": "text", "unset": "binary"}
    for (text, path, where), line in zip(asked, found, strict=True):
        assert line.startswith(f"{where}: merge: ")
        value = line.split(": merge: ", 1)[1]
        assert merge_driver(text, path) == git_says.get(value, value), (text, line)


def older_project(project_dir: Path) -> Path:
    """A project whose record files an older stemeco named con.yaml, aux.yaml, nul.yaml."""
    answers = project_dir.parent / "answers.yaml"
    from stemeco.plan.assessment import THRIVING

    answers.write_text(
        "".join(f"{i}: {{rating: 2, evidence: seen}}\n" for i in THRIVING), encoding="utf-8"
    )
    ok(cli(project_dir, "assets", "add", "--name", "Con", "--sector", "business"))
    ok(cli(project_dir, "indicators", "add", "--name", "AUX", "--pillar", "systems"))
    ok(cli(project_dir, "assess", "--respondent", "Nul", "--round", "2025-05-01",
           "--answers", str(answers)))  # fmt: skip
    for new, old in (
        ("assets/con-1.yaml", "assets/con.yaml"),
        ("indicators/aux-1.yaml", "indicators/aux.yaml"),
        ("assessments/2025-05-01/nul-1.yaml", "assessments/2025-05-01/nul.yaml"),
    ):
        (project_dir / new).rename(project_dir / old)
    ok(cli(project_dir, "indicators", "record", "aux", "4", "--date", "2025-05-01"))
    assert (project_dir / "measurements" / "aux.yaml").is_file()
    return project_dir


def test_upgrade_renames_files_windows_cannot_check_out(project_dir: Path) -> None:
    root = older_project(project_dir)
    checked = cli(root, "check")
    assert checked.exit_code == 1
    unsafe = "Windows cannot check out a file of this name: run 'stemeco upgrade' to rename it"
    for old, new in (
        ("assessments/2025-05-01/nul.yaml", "nul-1.yaml"),
        ("assets/con.yaml", "con-1.yaml"),
        ("indicators/aux.yaml", "aux-1.yaml"),
        ("measurements/aux.yaml", "aux-1.yaml"),
    ):
        assert f"{old}: {unsafe} {new}\n" in checked.stderr
    upgraded = ok(cli(root, "upgrade")).stdout
    assert "renamed assets/con.yaml to assets/con-1.yaml\n" in upgraded
    assert "renamed measurements/aux.yaml to measurements/aux-1.yaml\n" in upgraded
    ok(cli(root, "check"))
    ok(cli(root, "indicators", "record", "aux-1", "6", "--date", "2025-06-01"))
    listing = ok(cli(root, "indicators", "list")).output
    assert "aux-1\n    AUX (Systems)" in listing
    assert "latest 6 on 2025-06-01" in listing
    assert "Con · Business and industry" in ok(cli(root, "assets", "list")).output
    assert "(Nul)" in ok(cli(root, "assess", "report")).output


def test_upgrade_changes_nothing_when_a_new_name_is_taken(project_dir: Path) -> None:
    root = project_dir
    (root / ".gitattributes").write_text(OLD_ATTRIBUTES, encoding="utf-8")
    (root / "assets").mkdir(exist_ok=True)
    for stem, name in (("con", "Con"), ("con-1", "Con One"), ("aux", "Aux")):
        (root / "assets" / f"{stem}.yaml").write_text(f"name: {name}\n", encoding="utf-8")
    refused = cli(root, "upgrade")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "error: cannot rename assets/con.yaml: assets/con-1.yaml exists already; nothing was "
        "changed (rename one of the two by hand, then run 'stemeco upgrade' again)\n"
    )
    assert sorted(p.name for p in (root / "assets").iterdir()) == [
        ".gitkeep",
        "aux.yaml",
        "con-1.yaml",
        "con.yaml",
    ]
    assert (root / ".gitattributes").read_text(encoding="utf-8") == OLD_ATTRIBUTES
