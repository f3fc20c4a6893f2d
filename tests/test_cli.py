"""The command-line contract and its error paths, through typer's CliRunner."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stemeco import __version__
from stemeco.cli.app import app


def invoke(runner: CliRunner, *args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args])


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"stemeco {__version__}"


def test_init_creates_the_project_folder(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "riverton"
    result = runner.invoke(
        app,
        ["init", str(target), "--municipality", "Riverton", "--country", "Testland", "--no-git"],
    )
    assert result.exit_code == 0, result.output
    manifest = yaml.safe_load((target / "stemeco.yaml").read_text(encoding="utf-8"))
    assert manifest == {
        "schema": 1,
        "municipality": "Riverton",
        "country": "Testland",
        "language": "en",
    }
    assert (target / "sessions").is_dir()
    assert "*To be decided*" in (target / "docs" / "blueprint.md").read_text(encoding="utf-8")
    attributes = (target / ".gitattributes").read_text(encoding="utf-8")
    assert "* text=auto eol=lf\n" in attributes
    assert "/team.yaml merge=union\n" in attributes  # written with or without git


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_init_makes_a_git_repository_with_a_first_commit(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "riverton"
    result = runner.invoke(app, ["init", str(target), "-m", "Riverton"])
    assert result.exit_code == 0, result.output
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=target, capture_output=True, text=True, check=True
    ).stdout
    assert "Start the Riverton STEM ecosystem project" in log
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=target, capture_output=True, text=True, check=True
    ).stdout
    assert status == ""


def test_init_refuses_a_non_empty_folder_and_changes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target), "-m", "Riverton", "--no-git"])
    assert result.exit_code == 2
    assert "is not empty; nothing was changed" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_init_refuses_an_empty_municipality(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "-m", "  ", "--no-git"])
    assert result.exit_code == 2
    assert "municipality name is empty" in result.stderr
    assert not (tmp_path / "x").exists()


def test_example_renders_a_complete_blueprint(runner: CliRunner, example_dir: Path) -> None:
    text = (example_dir / "docs" / "blueprint.md").read_text(encoding="utf-8")
    assert "To be decided" not in text
    result = runner.invoke(app, ["render", "--check", "--project", str(example_dir)])
    assert result.exit_code == 0, result.output


def test_example_name_is_the_municipality_given(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "x"
    result = runner.invoke(app, ["init", str(target), "-m", "Yes: No #1", "--example", "--no-git"])
    assert result.exit_code == 0, result.output
    blueprint = (target / "docs" / "blueprint.md").read_text(encoding="utf-8")
    assert blueprint.startswith("# Yes: No \\#1 STEM Learning Ecosystem")  # '#' shown as typed
    assert "Millbrook" not in blueprint
    check = runner.invoke(app, ["check", "--project", str(target)])
    assert check.exit_code == 0, check.output


def test_project_is_found_from_a_subfolder(
    runner: CliRunner, example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example_dir / "sessions")
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Millbrook STEM Learning Ecosystem")


def test_no_project_is_a_clear_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 2
    assert "no stemeco.yaml in" in result.stderr
    assert "Traceback" not in result.output


def test_status_json_describes_progress_and_next_action(
    runner: CliRunner, project_dir: Path
) -> None:
    result = runner.invoke(app, ["status", "--json", "--project", str(project_dir)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["municipality"] == "Riverton"
    first = data["milestones"][0]
    assert first["number"] == 1
    assert first["state"] in ("missing", "in_progress")
    studio_items = [i for i in first["items"] if i["key"].startswith("studio-")]
    assert [i["state"] for i in studio_items] == ["missing"] * 4
    assert data["next_action"]["command"].startswith("stemeco team add leader")


def test_studio_list_shows_progress(runner: CliRunner, example_dir: Path) -> None:
    result = runner.invoke(app, ["studio", "list", "--project", str(example_dir)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["1", "Studio", "I"]
    assert all(line.rstrip().endswith("complete") for line in lines[:4])


def test_studio_run_without_a_terminal_says_what_to_do(
    runner: CliRunner, project_dir: Path
) -> None:
    result = runner.invoke(app, ["studio", "run", "1", "--project", str(project_dir)])
    assert result.exit_code == 6
    assert "needs a terminal" in result.stderr
    assert "--answers FILE" in result.stderr


def test_studio_run_rejects_a_studio_number_out_of_range(
    runner: CliRunner, project_dir: Path
) -> None:
    result = runner.invoke(app, ["studio", "run", "7", "--project", str(project_dir)])
    assert result.exit_code == 2
    assert "there is no Studio 7" in result.stderr


def test_answers_file_reports_all_problems_at_once(
    runner: CliRunner, project_dir: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("time_horizon: forever\nvision: short\nbogus: x\n", encoding="utf-8")
    result = runner.invoke(
        app, ["studio", "run", "2", "--answers", str(answers), "--project", str(project_dir)]
    )
    assert result.exit_code == 4
    assert "time_horizon: 'forever' is not one of the choices" in result.stderr
    assert "vision: give at least 20 characters" in result.stderr
    assert "bogus: Studio II has no such step" in result.stderr
    assert "3 invalid answers; nothing was saved" in result.stderr
    assert not (project_dir / "sessions" / "studio-2.yaml").exists()


def test_answers_file_with_broken_yaml_names_the_line(
    runner: CliRunner, project_dir: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("vision: fine\nhorizon: [unclosed\n", encoding="utf-8")
    result = runner.invoke(
        app, ["studio", "run", "2", "--answers", str(answers), "--project", str(project_dir)]
    )
    assert result.exit_code == 3
    assert f"{answers}:3: not valid YAML" in result.stderr


def test_broken_session_file_is_refused_and_left_alone(
    runner: CliRunner, project_dir: Path, tmp_path: Path
) -> None:
    session = project_dir / "sessions" / "studio-1.yaml"
    broken = "studio: studio-1\nanswers:\n  mission_draft: [oops\n"
    session.write_text(broken, encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("employers: [Port]\n", encoding="utf-8")
    for args in (["status"], ["render"], ["studio", "run", "1", "--answers", str(answers)]):
        result = runner.invoke(app, [*args, "--project", str(project_dir)])
        assert result.exit_code == 3, (args, result.output)
        assert "sessions/studio-1.yaml:4: not valid YAML" in result.stderr
        # render lists every problem of the project (here one), then says nothing was written
        lines = 2 if args == ["render"] else 1
        assert len(result.stderr.strip().splitlines()) == lines, result.stderr
    assert session.read_text(encoding="utf-8") == broken


def test_check_lists_every_problem_with_file_and_line(runner: CliRunner, project_dir: Path) -> None:
    (project_dir / "sessions" / "studio-2.yaml").write_text(
        "studio: studio-2\nstatus: in_progress\nanswers:\n"
        "  time_horizon: forever\n"
        "  vision: 42\n"
        "  nonsense: true\n",
        encoding="utf-8",
    )
    (project_dir / "sessions" / "studio-3.yaml").write_text("answers: [\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(project_dir)])
    assert result.exit_code == 1
    err = result.stderr
    assert "sessions/studio-2.yaml:4: answers.time_horizon: 'forever' is not one of" in err
    assert "sessions/studio-2.yaml:5: answers.vision: expected text, got the number 42" in err
    assert "sessions/studio-2.yaml:6: answers.nonsense: Studio II has no such step" in err
    assert "sessions/studio-3.yaml:2: not valid YAML" in err
    assert "4 problems found" in err


def test_check_passes_on_a_valid_project(runner: CliRunner, example_dir: Path) -> None:
    result = runner.invoke(app, ["check", "--project", str(example_dir)])
    assert result.exit_code == 0, result.output
    assert "are valid" in result.stdout


def test_render_check_exits_1_when_a_document_is_out_of_date(
    runner: CliRunner, example_dir: Path
) -> None:
    session = example_dir / "sessions" / "studio-1.yaml"
    session.write_text(
        session.read_text(encoding="utf-8").replace("status: complete", "status: in_progress"),
        encoding="utf-8",
    )
    before = (example_dir / "docs" / "blueprint.md").read_bytes()
    result = runner.invoke(app, ["render", "--check", "--project", str(example_dir)])
    assert result.exit_code == 1
    assert "out of date: docs/blueprint.md" in result.stderr
    assert (example_dir / "docs" / "blueprint.md").read_bytes() == before
    assert runner.invoke(app, ["render", "--project", str(example_dir)]).exit_code == 0
    assert runner.invoke(app, ["render", "--check", "--project", str(example_dir)]).exit_code == 0


def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner) -> None:
    readme = Path(__file__).parent.parent / "README.md"
    if not readme.exists():
        pytest.skip("README.md is not shipped with the installed package")
    text = readme.read_text(encoding="utf-8")
    commands = [
        ["init"],
        ["status"],
        ["render"],
        ["check"],
        ["studio", "list"],
        ["studio", "run"],
        ["studio", "providers"],
    ]
    for command in commands:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage:" in result.stdout
        assert f"stemeco {' '.join(command)}" in text, f"README does not document {command}"
