"""Tier 3: the installed `stemeco` command in a real pseudo-terminal, typed as a person would."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pexpect
import pytest
import yaml

from conftest import stemeco_executable

pytestmark = pytest.mark.e2e

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "
FINISH = "\x1b\r"  # Esc, then Enter: ends a multi-line answer
CTRL_C = "\x03"
CTRL_U = "\x15"  # erase the line
QMARK = "›"  # drawn at the start of every question


def env() -> dict[str, str]:
    # pexpect does not answer cursor-position requests; tell prompt_toolkit not to ask.
    return {
        **os.environ,
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }


@pytest.fixture
def project_path(project_dir: Path) -> Path:
    """A new project named Riverton (what `stemeco init` makes; test_cli covers init)."""
    return project_dir


class Terminal:
    def __init__(self, *args: str) -> None:
        self.child = pexpect.spawn(
            stemeco_executable(),
            list(args),
            env=env(),
            encoding="utf-8",
            timeout=10,
            dimensions=(40, 100),
        )

    def answer(self, text: str, keys: str) -> None:
        """Wait for ``text``, then for the prompt's mark to be drawn, then type ``keys``."""
        self.child.expect_exact(text)
        self.child.expect_exact(QMARK)
        self.child.send(keys)

    def finish(self) -> tuple[str, int]:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.before, self.child.exitstatus


@pytest.fixture
def spawn() -> Iterator[type[Terminal]]:
    opened: list[Terminal] = []

    class Tracked(Terminal):
        def __init__(self, *args: str) -> None:
            super().__init__(*args)
            opened.append(self)

    yield Tracked
    for term in opened:
        if term.child.isalive():
            term.child.terminate(force=True)


def session(project: Path, studio: str = "studio-1") -> dict[str, Any]:
    return cast(
        dict[str, Any],
        yaml.safe_load((project / "sessions" / f"{studio}.yaml").read_text(encoding="utf-8")),
    )


def type_studio_1_opening(term: Terminal) -> None:
    term.answer("Studio I · step 1 of 8", SPACE + ENTER)  # science
    term.answer("Studio I · step 2 of 8", "STEM is how Riverton asks and builds." + FINISH)


def test_a_whole_studio_answered_by_typing(spawn: type[Terminal], project_path: Path) -> None:
    term = spawn("studio", "run", "1", "--project", str(project_path))
    type_studio_1_opening(term)
    term.answer("step 3 of 8", f"Ports and logistics.{ENTER}Clean energy is growing.{FINISH}")
    term.answer("step 4 of 8", f"Port Authority{ENTER}Riverton Wind{FINISH}")
    term.answer("step 5 of 8", "Few learners ever meet an engineer." + FINISH)
    term.answer("step 6 of 8", SPACE + ENTER)
    term.answer("step 7 of 8", FINISH)  # optional: skipped
    term.answer("step 8 of 8", "Every Riverton learner explores STEM to a first job." + FINISH)
    term.answer("Everything right?", ENTER)
    output, status = term.finish()
    assert status == 0, output
    assert "Studio I is complete" in output

    data = session(project_path)
    assert data["status"] == "complete"
    assert data["answers"] == {
        "stem_disciplines": ["science"],
        "stem_definition": "STEM is how Riverton asks and builds.",
        "local_economy": "Ports and logistics.\nClean energy is growing.",
        "employers": ["Port Authority", "Riverton Wind"],
        "learner_needs": "Few learners ever meet an engineer.",
        "at_the_table": ["prek12"],
        "missing_voices": None,
        "mission_draft": "Every Riverton learner explores STEM to a first job.",
    }


def test_ctrl_c_in_the_middle_then_resume(spawn: type[Terminal], project_path: Path) -> None:
    term = spawn("studio", "run", "1", "--project", str(project_path))
    type_studio_1_opening(term)
    term.answer("step 3 of 8", "half a thought" + CTRL_C)
    output, status = term.finish()
    assert status == 130
    assert "2 answers of Studio I are saved in sessions/studio-1.yaml" in output
    assert "Resume with: stemeco studio run 1" in output
    assert list(session(project_path)["answers"]) == ["stem_disciplines", "stem_definition"]

    again = spawn("studio", "run", "1", "--project", str(project_path))
    again.child.expect_exact("Resuming: 2 of 8 steps already answered")
    again.answer("Studio I · step 3 of 8", CTRL_C)
    _, status = again.finish()
    assert status == 130
    assert len(session(project_path)["answers"]) == 2


def test_a_choice_made_with_the_arrow_keys(spawn: type[Terminal], project_path: Path) -> None:
    term = spawn("studio", "run", "2", "--project", str(project_path))
    term.answer("Studio II · step 1 of", DOWN + ENTER)  # from 5 years down to 10 years
    term.answer("Studio II · step 2 of", CTRL_C)
    _, status = term.finish()
    assert status == 130
    assert session(project_path, "studio-2")["answers"] == {"time_horizon": "ten_years"}


PILOT = """\
id: pilot
title: Pilot partners
steps:
  - id: partners
    prompt: Which partners host the summer pilot?
    type: records
    label: partner
    fields:
      - id: partner
        prompt: Partner name?
        type: text
      - id: offer
        prompt: What do they offer?
        type: longtext
      - id: seats
        prompt: Seats offered?
        type: number
        integer: true
"""

DECISION = """\
id: decision
title: Pilot decision
steps:
  - id: funded
    prompt: Is the pilot funded already?
    type: yesno
"""


def local_studio(project: Path, definition: str) -> str:
    """Write a session definition into the project's studios/ folder; returns its id."""
    ident = str(yaml.safe_load(definition)["id"])
    folder = project / "studios"
    folder.mkdir(exist_ok=True)
    (folder / f"{ident}.yaml").write_text(definition, encoding="utf-8")
    return ident


def test_records_typed_one_after_another(spawn: type[Terminal], project_path: Path) -> None:
    studio = local_studio(project_path, PILOT)
    term = spawn("studio", "run", studio, "--project", str(project_path))
    term.child.expect_exact("Pilot partners · step 1 of 1")
    term.child.expect_exact("Which partners host the summer pilot? · record 1")
    term.answer("Partner name?", "Riverworks Science Center" + ENTER)
    term.answer("What do they offer?", f"Lab benches.{ENTER}Staff on Fridays.{FINISH}")
    term.answer("Seats offered?", "20" + ENTER)
    term.answer("(1 record so far)", DOWN + ENTER)  # from Done to "Add a record"
    term.child.expect_exact("Which partners host the summer pilot? · record 2")
    term.answer("Partner name?", "Kessler Precision" + ENTER)
    term.answer("What do they offer?", "Shop tours: twice a year" + FINISH)
    term.answer("Seats offered?", "8" + ENTER)
    term.answer("(2 records so far)", ENTER)  # Done: 2 records
    term.answer("Everything right?", ENTER)
    output, status = term.finish()
    assert status == 0, output
    assert "Pilot partners is complete" in output

    data = session(project_path, studio)
    assert data["status"] == "complete"
    assert data["answers"] == {
        "partners": [
            {
                "partner": "Riverworks Science Center",
                "offer": "Lab benches.\nStaff on Fridays.",
                "seats": 20,
            },
            {"partner": "Kessler Precision", "offer": "Shop tours: twice a year", "seats": 8},
        ]
    }


def test_yesno_answered_no_with_the_arrow_keys(spawn: type[Terminal], project_path: Path) -> None:
    studio = local_studio(project_path, DECISION)
    term = spawn("studio", "run", studio, "--project", str(project_path))
    term.answer("Is the pilot funded already?", DOWN + ENTER)  # from Yes down to No
    term.answer("Everything right?", ENTER)
    output, status = term.finish()
    assert status == 0, output
    assert "Pilot decision is complete" in output

    data = session(project_path, studio)
    assert data["status"] == "complete"
    assert data["answers"] == {"funded": False}
    assert data["answers"]["funded"] is False  # False itself: 0 == False too
    text = (project_path / "sessions" / f"{studio}.yaml").read_text(encoding="utf-8")
    assert "funded: false" in text  # a YAML boolean, not the label "No"


def test_a_revision_from_the_review_screen(
    spawn: type[Terminal], project_path: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "studio-1.yaml"
    answers.write_text(
        yaml.safe_dump(
            {
                "stem_disciplines": ["science"],
                "stem_definition": "STEM is how Riverton asks and builds.",
                "local_economy": "Ports and logistics lead the economy.",
                "employers": ["Port Authority"],
                "learner_needs": "Few learners ever meet an engineer.",
                "at_the_table": ["prek12"],
                "missing_voices": ["Parents"],
                "invite_plan": "Listening sessions at the library.",
                "mission_draft": "A first mission that the room wants to improve.",
            }
        ),
        encoding="utf-8",
    )
    subprocess.run(
        [
            stemeco_executable(),
            "studio",
            "run",
            "1",
            "--answers",
            str(answers),
            "--project",
            str(project_path),
        ],
        check=True,
        capture_output=True,
        env=env(),
    )

    term = spawn("studio", "run", "1", "--project", str(project_path))
    # Everything is answered: the review comes first. Row 9 is the mission.
    term.answer("Everything right?", DOWN * 9 + ENTER)
    better = "Every Riverton learner explores STEM to a first job."
    term.answer("Studio I · step 9 of 9", CTRL_U + better + FINISH)
    term.answer("Everything right?", ENTER)
    output, status = term.finish()
    assert status == 0, output
    data = session(project_path)
    assert data["answers"]["mission_draft"] == (
        "Every Riverton learner explores STEM to a first job."
    )
    assert data["status"] == "complete"


def test_no_terminal_is_a_clear_error_not_a_hang(project_path: Path) -> None:
    done = subprocess.run(
        [stemeco_executable(), "studio", "run", "1", "--project", str(project_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env(),
        timeout=30,
    )
    assert done.returncode == 6
    assert done.stderr.strip().startswith("error: stemeco studio run needs a terminal")
    assert "Traceback" not in done.stderr
