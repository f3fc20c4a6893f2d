"""Tier 3: the installed ``stemeco`` in a real pseudo-terminal, as a person types.

Ctrl-C at the records menu keeps the finished record and a rerun resumes it;
``?`` works as a key in a choice list and in a tick list (ticks kept); the
questions and the intro wrap on words in a 60-column terminal.
"""

from __future__ import annotations

import io
import os
import re
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
FINISH = "\x1b\r"
CTRL_C = "\x03"
QMARK = "›"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\x08")


class Terminal:
    def __init__(self, *args: str, columns: int = 100) -> None:
        env = {
            **os.environ,
            "COLUMNS": str(columns),
            "LINES": "40",
            "TERM": "xterm",
            "NO_COLOR": "1",
            "PROMPT_TOOLKIT_NO_CPR": "1",
        }
        self.seen = io.StringIO()
        self.child = pexpect.spawn(
            stemeco_executable(),
            list(args),
            env=env,
            encoding="utf-8",
            timeout=10,
            dimensions=(40, columns),
        )
        self.child.logfile_read = self.seen

    def answer(self, text: str, keys: str) -> None:
        self.child.expect_exact(text)
        self.child.expect_exact(QMARK)
        self.child.send(keys)

    def finish(self) -> tuple[str, int]:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return " ".join(self.child.before.split()), self.child.exitstatus

    def lines(self) -> list[str]:
        """What was drawn so far, escape sequences removed, one screen line each."""
        clean = ANSI.sub("", self.seen.getvalue())
        return [line.rstrip() for line in re.split(r"\r\n|\n|\r", clean) if line.strip()]


@pytest.fixture
def spawn() -> Iterator[type[Terminal]]:
    opened: list[Terminal] = []

    class Tracked(Terminal):
        def __init__(self, *args: str, columns: int = 100) -> None:
            super().__init__(*args, columns=columns)
            opened.append(self)

    yield Tracked
    for term in opened:
        if term.child.isalive():
            term.child.terminate(force=True)


PILOT = """\
id: pilot
title: Pilot partners
steps:
  - id: partners
    prompt: Which partners host the summer pilot?
    type: records
    label: partner
    noun: partner
    fields:
      - {id: partner, prompt: Partner name?, type: text}
      - {id: seats, prompt: Seats offered?, type: number, integer: true}
"""


def session(project: Path, studio: str) -> dict[str, Any]:
    return cast(
        dict[str, Any],
        yaml.safe_load((project / "sessions" / f"{studio}.yaml").read_text(encoding="utf-8")),
    )


def test_ctrl_c_at_the_records_menu_keeps_the_record_and_resumes(
    spawn: type[Terminal], project_dir: Path
) -> None:
    (project_dir / "studios").mkdir()
    (project_dir / "studios" / "pilot.yaml").write_text(PILOT, encoding="utf-8")
    term = spawn("studio", "run", "pilot", "--project", str(project_dir))
    term.answer("Partner name?", "Riverworks Science Center" + ENTER)
    term.answer("Seats offered?", "20" + ENTER)
    term.answer("(1 partner so far)", CTRL_C)  # at "Done / Add a partner"
    said, status = term.finish()
    assert status == 130
    assert (
        "Stopped. 0 answers of Pilot partners are saved in sessions/pilot.yaml, "
        "with 1 partner of 'partners' kept. Resume with: stemeco studio run pilot" in said
    )
    kept = {"partner": "Riverworks Science Center", "seats": 20}
    assert session(project_dir, "pilot")["drafts"] == {"partners": {"records": [kept]}}

    again = spawn("studio", "run", "pilot", "--project", str(project_dir))
    again.child.expect_exact("was stopped before Done: 1 partner kept.")
    again.answer("(1 partner so far)", DOWN + ENTER)  # "Add a partner"
    again.answer("Partner name?", "Kessler Precision" + ENTER)
    again.answer("Seats offered?", "8" + ENTER)
    again.answer("(2 partners so far)", ENTER)  # Done: 2 partners
    again.answer("Everything right?", ENTER)
    said, status = again.finish()
    assert status == 0, said
    data = session(project_dir, "pilot")
    assert data["status"] == "complete"
    assert "drafts" not in data
    assert data["answers"] == {"partners": [kept, {"partner": "Kessler Precision", "seats": 8}]}


def test_question_mark_key_in_a_tick_list_and_a_choice_list(
    spawn: type[Terminal], project_dir: Path
) -> None:
    term = spawn("studio", "run", "1", "--project", str(project_dir))
    term.answer("Studio I · step 1 of", SPACE + DOWN + DOWN + SPACE + "?")  # science, engineering
    term.answer("Facilitator help", ENTER)  # asked again, with the two ticks kept
    term.answer("Studio I · step 2 of", CTRL_C)
    _, status = term.finish()
    assert status == 130
    assert session(project_dir, "studio-1")["answers"] == {
        "stem_disciplines": ["science", "engineering"]
    }

    term = spawn("studio", "run", "2", "--project", str(project_dir))
    term.answer("Studio II · step 1 of", DOWN + "?")  # from 5 years to 10 years, then help
    term.answer("Facilitator help", ENTER)  # the pointer is still on 10 years
    term.answer("Studio II · step 2 of", CTRL_C)
    _, status = term.finish()
    assert status == 130
    assert session(project_dir, "studio-2")["answers"] == {"time_horizon": "ten_years"}


def test_questions_wrap_on_words_in_60_columns(spawn: type[Terminal], project_dir: Path) -> None:
    term = spawn("studio", "run", "2", "--project", str(project_dir), columns=60)
    term.answer("step 1 of", ENTER)
    term.answer("step 2 of", "A river city where learners find STEM close to home." + FINISH)
    term.child.expect_exact("step 3 of")
    term.child.expect_exact(QMARK)
    drawn = [line for line in term.lines() if QMARK not in line]  # not the input line
    term.child.send(CTRL_C)
    term.finish()
    assert max(len(line) for line in drawn) <= 60
    text = " ".join(" ".join(drawn).split())
    for prompt in (
        "When the ecosystem works, what is different in our community?",
        "Picture a child in preschool. What STEM learning do they enjoy when the ecosystem works?",
    ):
        assert prompt in text  # whole words, in order, across the wrapped lines
    assert any(len(line) > 50 for line in drawn)  # the width was used, not a narrow column
