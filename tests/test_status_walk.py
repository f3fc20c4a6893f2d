"""Following "Next:" from a fresh project to the end of the process, as a user would.

At every step the command status prints is typed as printed, with its
placeholders filled in ("..." a text, YYYY-MM-DD a date, VALUE a number, FILE
a file; an interactive session gets ``--answers FILE``): it must succeed, and
"Next:" must move on, until status says nothing is missing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from stemeco import text
from stemeco.cli.app import app
from stemeco.plan.assessment import THRIVING
from stemeco.resources import example_dir

TODAY = dt.date(2026, 11, 22)
runner = CliRunner()

PEOPLE = (
    f"{first} {last}"
    for first, last in itertools.product(
        ("Ana", "Ben", "Chloe", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo"),
        ("Ruiz", "Okafor", "Lindqvist", "Park"),
    )
)


def status(project: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["status", "--json", "--project", str(project)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def printed_next(project: Path) -> str | None:
    """The command "Next:" prints (its wrapped lines joined again), or None at the end."""
    result = runner.invoke(app, ["status", "--project", str(project)], env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    after = result.stdout.split("\nNext: ", 1)[1]
    if after.startswith("nothing is missing"):
        return None
    lines = after.splitlines()[1:]
    return " ".join(line.strip().removesuffix("\\").strip() for line in lines)


class Filler:
    """Realistic values for the placeholders of a printed command."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.people: Iterator[str] = PEOPLE
        self.past = (TODAY - dt.timedelta(days=90 - 7 * n) for n in itertools.count())

    def answers_file(self, name: str, data: Any) -> str:
        path = self.folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        return str(path)

    def studio_answers(self, session: str) -> str:
        """The example's answers of a studio: a session the way a design team fills it."""
        saved = yaml.safe_load((example_dir() / "sessions" / f"{session}.yaml").read_text())
        return self.answers_file(session, saved["answers"])

    def value(self, words: list[str], option: str, placeholder: str) -> str:
        if placeholder == "...":
            if option in ("--name", "--who", "--respondent"):
                return next(self.people)
            if option == "--organisation":
                return "Riverton Community Foundation"
            if option == "--owner":
                return "Data analyst, City of Riverton"
            if option == "--data-source":
                return "Partner register"
            if option == "--by":
                return "Riverton STEM Leadership Team"
            return "Families, partners and the press"
        if placeholder == "YYYY-MM-DD":
            if words[:2] == ["calendar", "add"]:
                return (TODAY + dt.timedelta(days=30)).isoformat()  # a studio still to come
            return next(self.past).isoformat()  # an interview held, a launch that took place
        if placeholder == "VALUE":
            return "42"
        if placeholder == "FILE":
            job = self.folder / "job.txt"
            job.write_text("Convenes the partners and keeps the design calendar.\n")
            return str(job)
        return placeholder

    def fill(self, command: str) -> list[str]:
        words = shlex.split(command)
        assert words[0] == "stemeco"
        words = words[1:]
        filled = [
            self.value(words, words[i - 1] if i else "", word)
            if word in ("...", "YYYY-MM-DD", "VALUE", "FILE")
            else word
            for i, word in enumerate(words)
        ]
        if words[:2] == ["studio", "run"]:
            session = words[2] if not words[2].isdigit() else f"studio-{words[2]}"
            filled += ["--answers", self.studio_answers(session)]
        if words[0] == "assess":
            ratings = {
                key: {"rating": 3, "evidence": "Seen at the partner convening."} for key in THRIVING
            }
            filled += ["--answers", self.answers_file("ratings", ratings)]
        return filled


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text, "today", lambda: TODAY)


@pytest.fixture(autouse=True)
def command_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The click command of the app, built once for the ~150 invocations of the walk."""
    import typer.testing

    if not hasattr(typer.testing, "_get_command"):  # pragma: no cover - simply slower
        return
    built = typer.testing._get_command(app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: built)


def test_following_next_from_a_fresh_project_reaches_the_end(
    project_dir: Path, tmp_path: Path
) -> None:
    filler = Filler(tmp_path)
    data = status(project_dir)
    assert not any(item["state"] == "done" for m in data["milestones"] for item in m["items"]), (
        "a fresh project claims nothing done"
    )
    followed: list[str] = []
    command = printed_next(project_dir)
    for _ in range(80):
        if command is None:
            break
        args = filler.fill(command)
        result = runner.invoke(app, [*args, "--project", str(project_dir)])
        assert result.exit_code == 0, f"{command}\n{args}\n{result.output}"
        followed.append(command)
        after = printed_next(project_dir)
        assert after != command, f"Next did not move: {command}"
        command = after
    else:
        pytest.fail("80 steps and still not at the end:\n" + "\n".join(followed))
    data = status(project_dir)
    assert data["next_action"] is None
    states = {item["key"]: item["state"] for m in data["milestones"] for item in m["items"]}
    assert set(states.values()) == {"done"}, states
    assert data["next_due"] is None
    # Every part of the process was reached by following Next alone.
    for start in (
        "team add leader",
        "team edit leader",
        "team add leadership",
        "team add design",
        "calendar add",
        "assets add",
        "interviews add",
        "studio run 1",
        "studio run 4",
        "render",
        "studio run business-plan",
        "approve blueprint",
        "indicators record",
        "launch set work-hard",
        "launch done work-hard",
        "assess",
    ):
        assert any(c.startswith(f"stemeco {start}") for c in followed), start
