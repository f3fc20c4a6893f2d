"""`stemeco check` sees everything that is wrong, all at once; `render` refuses what check refuses.

Each test breaks a project the way a hand edit does and reads what a user
reads: the exit code and the ``file:line: where: message`` lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.storage.read import text_loader_class

TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):", re.MULTILINE)


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--project", str(project)])
    return result.exit_code, result.stdout, result.stderr


def test_a_second_design_team_key_is_an_error_with_both_lines(example_dir: Path) -> None:
    team = example_dir / "team.yaml"
    text = team.read_text(encoding="utf-8")
    first = text.splitlines().index("design_team:") + 1
    team.write_text(
        text + "design_team:\n  - name: Ada\n    organisation: Mill\n    sector: prek12\n",
        encoding="utf-8",
    )
    second = len(text.splitlines()) + 1
    code, _, err = run(example_dir, "check")
    assert code == 1
    assert f"team.yaml:{second}: duplicate key 'design_team' (also on line {first})" in err
    # Every command that reads the file refuses it the same way, and changes nothing.
    before = team.read_bytes()
    code, _, err = run(example_dir, "team", "list")
    assert code == 3
    assert f"team.yaml:{second}: duplicate key 'design_team'" in err
    code, _, _ = run(example_dir, "team", "add", "design", "--name", "Bo", "--organisation", "X")
    assert code != 0
    assert team.read_bytes() == before


def test_a_key_written_twice_is_found_in_every_project_file(example_dir: Path) -> None:
    """Every YAML file of the example gets its first top-level key again at its end."""
    expected = {}
    for path in sorted(example_dir.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        match = TOP_KEY.search(text)
        assert match, path
        key = match.group(1)
        first = text[: match.start()].count("\n") + 1
        path.write_text(text.rstrip("\n") + f"\n{key}: again\n", encoding="utf-8")
        line = len(text.rstrip("\n").splitlines()) + 1
        rel = path.relative_to(example_dir).as_posix()
        expected[rel] = f"{rel}:{line}: duplicate key '{key}' (also on line {first})"
    assert len(expected) > 30  # teams, calendar, sessions, assets, interviews, measurements...
    code, out, err = run(example_dir, "check", "--json")
    assert code == 1, err
    texts = "\n".join(p["text"] for p in json.loads(out)["problems"])
    missing = [line for line in expected.values() if line not in texts]
    assert not missing, missing


def test_a_duplicate_key_inside_a_record_is_found(project_dir: Path) -> None:
    (project_dir / "calendar.yaml").write_text(
        "events:\n"
        "  - id: kickoff\n"
        "    title: Kick-off\n"
        "    date: '2026-01-08'\n"
        "    title: Kick-off, again\n",
        encoding="utf-8",
    )
    code, _, err = run(project_dir, "check")
    assert code == 1
    assert "calendar.yaml:5: duplicate key 'title' (also on line 3)" in err


def test_merge_keys_may_still_override(project_dir: Path) -> None:
    (project_dir / "notes.yaml").write_text(
        "base: &b {a: 1, c: 2}\nother:\n  <<: *b\n  a: 3\n", encoding="utf-8"
    )
    code, out, err = run(project_dir, "check")
    assert code == 0, err
    assert "are valid" in out


def test_the_answers_file_loader_refuses_a_key_written_twice() -> None:
    """The loader `studio run --answers` reads with keeps text as text and refuses duplicates."""
    assert yaml.load("vision: no\nyears: 0777\n", Loader=text_loader_class()) == {
        "vision": "no",
        "years": "0777",
    }
    with pytest.raises(yaml.YAMLError) as raised:
        yaml.load("vision: A\nmission: B\nvision: C\n", Loader=text_loader_class())
    error = raised.value
    assert "duplicate key 'vision' (also on line 1)" in str(getattr(error, "problem", ""))
    mark = getattr(error, "problem_mark", None)
    assert mark is not None
    assert mark.line + 1 == 3


def test_check_lists_every_problem_of_every_broken_file(example_dir: Path) -> None:
    (example_dir / "studios").mkdir()
    (example_dir / "studios" / "extra.yaml").write_text(
        "id: extra\ntitle: Extra\nsteps: []\n", encoding="utf-8"
    )
    with (example_dir / "launches.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  bad: [\n")
    calendar = example_dir / "calendar.yaml"
    calendar.unlink()
    calendar.mkdir()
    team = example_dir / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8") + "leader: {}\n", encoding="utf-8")
    session = example_dir / "sessions" / "studio-2.yaml"
    session.write_text(
        session.read_text(encoding="utf-8").replace("status: complete", "status: someday"),
        encoding="utf-8",
    )
    measurement = next((example_dir / "measurements").glob("*.yaml"))
    measurement.write_text(
        measurement.read_text(encoding="utf-8") + "  - {date: '2026-02-30', value: 1}\n",
        encoding="utf-8",
    )
    code, _, err = run(example_dir, "check")
    assert code == 1
    for expected in (
        "calendar.yaml: is a folder, not a file",
        "launches.yaml:",
        "studios/extra.yaml:3: steps: must be a non-empty list of steps",
        "team.yaml:",
        "duplicate key 'leader'",
        "sessions/studio-2.yaml:",
        "status 'someday'",
        "February 2026 has 28 days",
    ):
        assert expected in err, (expected, err)
    assert err.strip().splitlines()[-1].endswith(f"problems found in {example_dir}.")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("calendar.yaml", "calendar.yaml: is a folder, not a file"),
        ("launches.yaml", "launches.yaml: is a folder, not a file"),
        ("assets/extra.yaml", "assets/extra.yaml: is a folder, not a file"),
        ("docs/blueprint.md", "docs/blueprint.md: is a folder, not a file, so 'stemeco render'"),
    ],
)
def test_a_folder_where_a_file_belongs_is_a_problem(
    project_dir: Path, name: str, message: str
) -> None:
    target = project_dir / name
    if target.exists():
        target.unlink()
    target.mkdir(parents=True)
    code, _, err = run(project_dir, "check")
    assert code == 1
    assert message in err


def test_a_file_where_a_folder_belongs_is_a_problem(project_dir: Path) -> None:
    (project_dir / "measurements").write_text("", encoding="utf-8")
    code, _, err = run(project_dir, "check")
    assert code == 1
    assert "measurements: is a file, but stemeco keeps a folder of that name here" in err


def test_render_names_the_project_file_not_the_packaged_template(example_dir: Path) -> None:
    session = example_dir / "sessions" / "studio-1.yaml"
    text = session.read_text(encoding="utf-8")
    text, count = re.subn(
        r"  stem_disciplines:\n(?:    - .*\n)+", "  stem_disciplines: {a: 1}\n", text
    )
    assert count == 1
    session.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  stem_disciplines: {a: 1}") + 1
    docs = {p.name: p.read_bytes() for p in (example_dir / "docs").iterdir()}
    code, out, err = run(example_dir, "render")
    assert code == 4
    assert out == ""
    assert f"sessions/studio-1.yaml:{line}: answers.stem_disciplines: expected a list" in err
    assert "template" not in err
    assert "nothing was written: 1 problem in the project" in err
    assert {p.name: p.read_bytes() for p in (example_dir / "docs").iterdir()} == docs


def test_render_writes_nothing_check_refuses(example_dir: Path) -> None:
    """A two-line problem title would become a stray heading: render refuses it, as check does."""
    session = example_dir / "sessions" / "studio-3.yaml"
    data = yaml.safe_load(session.read_text(encoding="utf-8"))
    title = data["answers"]["problems"][0]["title"]
    text = session.read_text(encoding="utf-8")
    assert text.count(f"title: {title}\n") == 1
    session.write_text(
        text.replace(f"title: {title}\n", f'title: "{title}\\n# Stray heading"\n'),
        encoding="utf-8",
    )
    blueprint = (example_dir / "docs" / "blueprint.md").read_bytes()

    code, _, err = run(example_dir, "check")
    assert code == 1
    assert "answers.problems: record 1: title: must be a single line" in err
    for args in (["render"], ["render", "--check"]):
        code, _, render_err = run(example_dir, *args)
        assert code == 4, (args, render_err)
        assert "answers.problems: record 1: title: must be a single line" in render_err
    assert (example_dir / "docs" / "blueprint.md").read_bytes() == blueprint
    assert b"# Stray heading" not in blueprint

    code, out, _ = run(example_dir, "status", "--json")
    items = [i for m in json.loads(out)["milestones"] for i in m["items"]]
    item = next(i for i in items if i["key"] == "blueprint")
    assert item["state"] != "done"
    assert "the documents cannot be rendered: " in item["detail"]


def test_check_json_on_a_valid_project(example_dir: Path) -> None:
    code, out, _ = run(example_dir, "check", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["valid"] is True
    assert report["problems"] == []
    assert report["files"] > 30


def test_check_json_lists_problems_with_file_and_line(project_dir: Path) -> None:
    (project_dir / "team.yaml").write_text("leader:\n  name: [\n", encoding="utf-8")
    code, out, err = run(project_dir, "check", "--json")
    assert code == 1
    assert err == ""
    (problem,) = json.loads(out)["problems"]
    assert problem["file"] == "team.yaml"
    assert problem["line"] == 3
    assert problem["message"].startswith("not valid YAML")


def test_a_file_that_cannot_be_read_is_a_problem_and_the_rest_is_still_checked(
    example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads every file, so a refused read is simulated; a non-UTF-8 file is real."""
    (example_dir / "interviews" / "latin1.yaml").write_bytes(b"who: Jos\xe9\n")
    team = example_dir / "team.yaml"
    real_read_text = Path.read_text

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if self == team:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)
    session = example_dir / "sessions" / "studio-2.yaml"
    session.write_text(
        real_read_text(session, encoding="utf-8").replace("status: complete", "status: later"),
        encoding="utf-8",
    )
    code, _, err = run(example_dir, "check")
    assert code == 1
    assert "team.yaml: cannot be read: Permission denied" in err
    assert "interviews/latin1.yaml: not UTF-8 text" in err
    assert "sessions/studio-2.yaml:" in err
    assert "Traceback" not in err
