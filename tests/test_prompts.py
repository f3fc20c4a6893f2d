"""Tier 2: single prompts, in-process, through prompt_toolkit's pipe input."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from stemeco.project.folder import Project
from stemeco.studios.engine import Session
from stemeco.ui.prompts import TerminalPrompter

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "
FINISH = "\x1b\r"  # Esc, then Enter: ends a multi-line answer
BACKSPACE = "\x7f"
CTRL_C = "\x03"


class Terminal:
    def __init__(self, pipe: Any) -> None:
        self.pipe = pipe
        self.screen = io.StringIO()
        self.prompter = TerminalPrompter(
            input=pipe,
            output=DummyOutput(),
            out=Console(file=self.screen, width=100, color_system=None),
        )

    def ask(self, project: Project, studio_number: int, step_id: str, keys: str) -> Any:
        studio = project.numbered_studio(studio_number)
        step = studio.step(step_id)
        assert step is not None
        self.pipe.send_text(keys)
        return self.prompter.ask(Session(project, studio).question(step))


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    with create_pipe_input() as pipe:
        yield Terminal(pipe)


def test_multiline_answer_keeps_its_line_breaks(terminal: Terminal, project: Project) -> None:
    keys = f"Ports and logistics lead.{ENTER}Clean energy is growing fast.{FINISH}"
    value = terminal.ask(project, 1, "local_economy", keys)
    assert value == "Ports and logistics lead.\nClean energy is growing fast."
    assert "Studio I · step 3 of 8" in terminal.screen.getvalue()


def test_choice_is_made_with_the_arrow_keys(terminal: Terminal, project: Project) -> None:
    # The default (5 years) is highlighted first; one step down is 10 years.
    assert terminal.ask(project, 2, "time_horizon", DOWN + ENTER) == "ten_years"


def test_multiple_choice_ticks_with_space(terminal: Terminal, project: Project) -> None:
    keys = SPACE + DOWN + DOWN + SPACE + ENTER
    assert terminal.ask(project, 1, "stem_disciplines", keys) == ["science", "engineering"]


def test_list_takes_one_item_per_line(terminal: Terminal, project: Project) -> None:
    keys = f"Port Authority{ENTER}Riverton Wind{ENTER}{ENTER}{FINISH}"
    assert terminal.ask(project, 1, "employers", keys) == ["Port Authority", "Riverton Wind"]


def test_question_mark_shows_facilitator_help_then_asks_again(
    terminal: Terminal, project: Project
) -> None:
    keys = f"?{FINISH}A mission long enough for the room to agree on it.{FINISH}"
    value = terminal.ask(project, 1, "mission_draft", keys)
    assert value == "A mission long enough for the room to agree on it."
    help_text = project.numbered_studio(1).step("mission_draft").help  # type: ignore[union-attr]
    screen = " ".join(terminal.screen.getvalue().split())
    assert "Facilitator help" in screen
    assert " ".join(help_text.split()[:6]) in screen


def test_invalid_text_is_refused_until_fixed(terminal: Terminal, project: Project) -> None:
    # A date prompt: "soon" cannot be accepted; it is erased and a real date typed.
    studio = project.numbered_studio(4)
    actions = studio.step("actions")
    assert actions is not None
    start = actions.field("start")
    assert start is not None
    keys = "soon" + ENTER + BACKSPACE * 4 + "2027-02-30" + ENTER + BACKSPACE * 2 + "28" + ENTER
    terminal.pipe.send_text(keys)
    question = Session(project, studio).question(actions)
    from stemeco.studios.engine import Question

    sub = Question(start, question.progress, None, (), question.context)
    assert terminal.prompter._text(start, "Start?", None, sub, nested=True) == "2027-02-28"


def test_ctrl_c_raises_keyboard_interrupt(terminal: Terminal, project: Project) -> None:
    with pytest.raises(KeyboardInterrupt):
        terminal.ask(project, 1, "stem_definition", "half an answer" + CTRL_C)


def test_optional_question_can_be_skipped_with_an_empty_answer(
    terminal: Terminal, project: Project
) -> None:
    assert terminal.ask(project, 2, "family_engagement", FINISH) is None


def test_review_picks_the_step_to_revise(terminal: Terminal, project: Project) -> None:
    studio = project.numbered_studio(2)
    rows = Session(project, studio).review_rows()
    terminal.pipe.send_text(DOWN + DOWN + ENTER)  # past "Mark complete" and step 1
    assert terminal.prompter.review(studio, rows) == "vision"
    assert "Review: Studio II" in terminal.screen.getvalue()
