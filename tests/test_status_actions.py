"""Every command status can offer is a valid stemeco command line, and status tells the truth.

The commands live in one ``ACTIONS`` table per feature (the modules of the
registry's status functions); a test of the source makes sure no item builds
its command anywhere else, so checking the tables checks every "Next:".
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import itertools
import json
import re
import shlex
import string
from pathlib import Path
from typing import Any

import pytest
import typer
from example_shift import example_shift
from typer.testing import CliRunner

from stemeco import text
from stemeco.cli.app import app
from stemeco.plan.indicators import overview
from stemeco.plan.launches import KINDS
from stemeco.project.example import ANCHOR
from stemeco.project.folder import Project
from stemeco.registry import status_items
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS

runner = CliRunner()
PLACEHOLDERS = {"...": "Some text", "YYYY-MM-DD": "2026-05-01", "VALUE": "3", "FILE": "job.txt"}
#: What each {field} of a command can be filled with by a status item.
FIELDS: dict[str, tuple[str, ...]] = {
    "team": ("leadership", "design"),
    "sector": tuple(STAKEHOLDER_GROUPS),
    "kind": tuple(KINDS),
    "number": ("1", "2", "3", "4"),
    "pillar": tuple(PILLARS),
    "step": ("indicators", "actions"),
    "session": ("business-plan",),
    "id": ("leadership-q4", "active-ecosystem-partners"),
}


def status_modules() -> list[Any]:
    names = sorted({fn.__module__ for fn in status_items()})
    return [importlib.import_module(name) for name in names]


def every_command() -> list[str]:
    """Every command any status item can print, its {fields} filled every way they can be."""
    commands = []
    for module in status_modules():
        for template in module.ACTIONS.values():
            fields = [f for _, f, _, _ in string.Formatter().parse(template) if f]
            for values in itertools.product(*(FIELDS[f] for f in fields)):
                commands.append(template.format(**dict(zip(fields, values, strict=True))))
    return commands


class Parser:
    """Parses a command line as stemeco would, without running it (click's own parser)."""

    def __init__(self) -> None:
        self.root = typer.main.get_command(app)
        self.parent = self.root.make_context("stemeco", ["status"])
        self.built: dict[tuple[str, ...], Any] = {}

    def parse(self, words: list[str]) -> dict[str, Any]:
        command: Any = self.root
        path: tuple[str, ...] = ()
        while hasattr(command, "get_command") and words and not words[0].startswith("-"):
            key = (*path, words[0])
            if key not in self.built:  # groups load lazily: build each one once
                self.built[key] = command.get_command(self.parent, words[0])
            if self.built[key] is None:
                break
            path, words, command = key, words[1:], self.built[key]
        name = path[-1] if path else "stemeco"
        params: dict[str, Any] = command.make_context(name, words, parent=self.parent).params
        return params


def test_every_command_status_offers_parses() -> None:
    parser = Parser()
    commands = sorted(set(every_command()))
    assert len(commands) > 40  # every template, with every value its fields take
    for command in commands:
        words = shlex.split(command)
        assert words[0] == "stemeco"
        unknown = [w for w in words if re.fullmatch(r"[A-Z][A-Z_-]+", w) and w not in PLACEHOLDERS]
        assert not unknown, f"{command}: placeholders the user cannot know: {unknown}"
        try:
            parser.parse([PLACEHOLDERS.get(w, w) for w in words[1:]])
        except Exception as exc:  # click's usage errors: name the command that failed
            pytest.fail(f"{command}: {type(exc).__name__}: {exc}")
    # The parser is not lenient: a wrong option or a missing value is an error.
    for wrong in (["team", "add", "leader", "--nme", "x"], ["indicators", "record", "x"]):
        with pytest.raises(Exception, match="(?i)no such option|missing"):
            parser.parse(wrong)


def test_no_status_item_builds_its_command_outside_the_actions_table() -> None:
    for module in status_modules():
        source = inspect.getsource(module)
        tree = ast.parse(source)
        assert isinstance(module.ACTIONS, dict), module.__name__
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            assigned = {
                target.id: ast.get_source_segment(source, node.value) or ""
                for node in ast.walk(function)
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "Item"):
                    continue
                given = [k.value for k in call.keywords if k.arg == "action"]
                action = call.args[5] if len(call.args) > 5 else (given[0] if given else None)
                if action is None or (isinstance(action, ast.Constant) and action.value == ""):
                    continue
                code = ast.get_source_segment(source, action) or ""
                if isinstance(action, ast.Name):
                    code = assigned.get(action.id, "")
                assert "ACTIONS[" in code, f"{module.__name__}.{function.name}: action {code!r}"


# --------------------------------------------------------------------------- truth


def items_of(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["key"]: i for m in data["milestones"] for i in m["items"]}


def status_json(project: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["status", "--json", "--project", str(project)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def run(project: Path, *args: str) -> Any:
    return runner.invoke(app, [*args, "--project", str(project)])


def test_a_fresh_project_claims_nothing_done_and_names_the_missing_groups(
    project_dir: Path,
) -> None:
    data = status_json(project_dir)
    found = items_of(data)
    assert [k for k, i in found.items() if i["state"] == "done"] == []
    assert found["blueprint"]["state"] == "missing"
    assert "waits for Studio I, Studio II, Studio III, Studio IV" in found["blueprint"]["detail"]
    for team in ("leadership_team", "design_team"):
        detail = found[team]["detail"]
        assert "nobody" not in detail
        for label in STAKEHOLDER_GROUPS.values():
            assert label in detail, (team, label)
    out = run(project_dir, "status").stdout
    assert "[x]" not in out
    assert "Design blueprint rendered" not in out
    # The first Next works as printed, "..." filled in.
    first = data["next_action"]["command"]
    assert first == 'stemeco team add leader --name "..." --organisation "..."'
    typed = shlex.split(first.replace('"..."', '"Dana Whitaker"'))[1:]
    result = run(project_dir, *typed)
    assert result.exit_code == 0, result.output
    assert items_of(status_json(project_dir))["leader"]["detail"].startswith("Dana Whitaker")


def test_team_add_without_a_terminal_names_only_what_is_missing(project_dir: Path) -> None:
    result = run(project_dir, "team", "add", "leadership", "--name", "Ana Ruiz")
    assert result.exit_code == 6
    assert "needs --sector (there is no terminal" in result.stderr
    assert "--name" not in result.stderr.split("(")[0]


def test_the_blueprint_is_done_only_with_its_studios_complete(example_dir: Path) -> None:
    assert items_of(status_json(example_dir))["blueprint"]["state"] == "done"
    session = example_dir / "sessions" / "studio-3.yaml"
    session.write_text(session.read_text().replace("status: complete", "status: in_progress"))
    assert run(example_dir, "render").exit_code == 0
    item = items_of(status_json(example_dir))["blueprint"]
    assert item["state"] == "in_progress"
    assert item["detail"] == "waits for Studio III"
    assert item["action"] == ""  # rendering again would change nothing


def test_a_launch_planned_for_later_is_not_offered_as_done(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "today", lambda: dt.date(2026, 11, 22))
    assert run(project_dir, "launch", "set", "work-hard", "--date", "2027-01-21").exit_code == 0
    data = status_json(project_dir)
    item = items_of(data)["launch-work-hard"]
    assert (item["state"], item["due"]) == ("in_progress", "2027-01-21")
    assert "launch done" not in data["next_action"]["command"]
    # From its day on, it is what it says.
    monkeypatch.setattr(text, "today", lambda: dt.date(2027, 1, 21))
    assert items_of(status_json(project_dir))["launch-work-hard"]["due"] == ""


def test_when_only_a_later_launch_is_left_next_says_when(
    example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shift = example_shift(example_dir)
    story_day = ANCHOR + dt.timedelta(days=shift.days + 2)
    monkeypatch.setattr(text, "today", lambda: story_day)
    # Finish what the example leaves open: a community member, the flagged record,
    # the three indicators not yet measured.
    args = ["--name", "Nadia Haddad", "--sector", "Community organisations"]
    assert run(example_dir, "team", "add", "design", *args).exit_code == 0
    flagged = example_dir / "assets" / "northstar-youth-club-eastside.yaml"
    flagged.write_text(flagged.read_text().replace("needs_review: true", "needs_review: false"))
    for indicator, progress in overview(Project(example_dir)):
        if progress.latest is None:
            assert run(example_dir, "indicators", "record", indicator.id, "5").exit_code == 0
    assert run(example_dir, "render").exit_code == 0
    data = status_json(example_dir)
    assert data["next_action"] is None
    hard = shift.date("2027-01-21")
    assert data["next_due"] == {
        "key": "launch-work-hard",
        "title": "Hard launch of the first work",
        "command": "stemeco launch done work-hard",
        "due": hard,
    }
    out = run(example_dir, "status").stdout
    assert f"Next: nothing to do until {hard} (Hard launch of the first work); then:" in out


def test_an_added_indicator_without_an_owner_is_not_sent_to_studio_four(
    example_dir: Path,
) -> None:
    args = ["--name", "Teachers in externships", "--pillar", "teaching_learning"]
    assert run(example_dir, "indicators", "add", *args).exit_code == 0
    item = items_of(status_json(example_dir))["indicator-owners"]
    assert item["state"] == "in_progress"
    assert "studio run 4" not in item["action"]
    assert "indicators/teachers-in-externships.yaml" in item["detail"]


def test_an_overdue_event_is_offered_as_done_and_that_works(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "today", lambda: dt.date(2026, 11, 22))
    args = ["--title", "Studio I", "--date", "2026-11-01", "--kind", "studio"]
    assert run(project_dir, "calendar", "add", *args).exit_code == 0
    command = status_json(project_dir)["next_action"]["command"]
    assert command == "stemeco calendar done studio-i"
    assert run(project_dir, *shlex.split(command)[1:]).exit_code == 0
    assert items_of(status_json(project_dir))["calendar"]["state"] == "done"
