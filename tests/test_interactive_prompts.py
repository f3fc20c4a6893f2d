"""Tier 2 (one prompt at a time, through prompt_toolkit's pipe input): ``?`` in lists,
records kept as they are typed, labels instead of ids, text wrapped on words."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
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
CTRL_C = "\x03"


class Terminal:
    def __init__(self, pipe: Any, width: int = 100) -> None:
        self.pipe = pipe
        self.screen = io.StringIO()
        self.prompter = TerminalPrompter(
            input=pipe,
            output=DummyOutput(),
            out=Console(file=self.screen, width=width, color_system=None),
        )

    def ask(self, project: Project, studio: str, step_id: str, keys: str) -> Any:
        definition = project.studio(studio)
        step = definition.step(step_id)
        assert step is not None
        self.pipe.send_text(keys)
        return self.prompter.ask(Session(project, definition).question(step))

    @property
    def text(self) -> str:
        """What was printed, with line breaks and runs of spaces made single spaces."""
        return " ".join(self.screen.getvalue().split())


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    with create_pipe_input() as pipe:
        yield Terminal(pipe)


def help_of(project: Project, studio: str, step_id: str) -> str:
    step = project.studio(studio).step(step_id)
    assert step is not None
    return " ".join(step.help.split()[:6])


# ------------------------------------------------------------------ ? as a key


def test_question_mark_in_a_choice_list_shows_help_and_keeps_the_pointer(
    terminal: Terminal, project: Project
) -> None:
    # The pointer starts on 5 years; one down is 10 years; ? shows the help; Enter
    # then chooses where the pointer was left, not the first entry.
    value = terminal.ask(project, "studio-2", "time_horizon", DOWN + "?" + ENTER)
    assert value == "ten_years"
    assert "Facilitator help" in terminal.text
    assert help_of(project, "studio-2", "time_horizon") in terminal.text


def test_question_mark_in_a_checkbox_keeps_the_ticks(terminal: Terminal, project: Project) -> None:
    keys = SPACE + DOWN + DOWN + SPACE + "?" + ENTER
    value = terminal.ask(project, "studio-1", "stem_disciplines", keys)
    assert value == ["science", "engineering"]
    assert help_of(project, "studio-1", "stem_disciplines") in terminal.text


def test_ticks_go_on_from_where_the_help_was_asked(terminal: Terminal, project: Project) -> None:
    # After the help the pointer is still on Engineering: one more down ticks Mathematics.
    keys = SPACE + DOWN + DOWN + "?" + DOWN + SPACE + ENTER
    value = terminal.ask(project, "studio-1", "stem_disciplines", keys)
    assert value == ["science", "mathematics"]


def test_the_help_entry_of_a_choice_list_is_not_an_answer(
    terminal: Terminal, project: Project
) -> None:
    # From 5 years, up twice wraps to the last entry: "? Facilitator help". Choosing it
    # shows the help and asks again from 5 years; one down is 10 years.
    up = "\x1b[A"
    value = terminal.ask(project, "studio-2", "time_horizon", up + up + ENTER + DOWN + ENTER)
    assert value == "ten_years"
    assert "Facilitator help" in terminal.text


def test_a_checkbox_has_no_help_entry_to_tick(terminal: Terminal, project: Project) -> None:
    # Ticking the last entry of the list ticks a discipline, never "help".
    up = "\x1b[A"
    value = terminal.ask(project, "studio-1", "stem_disciplines", up + SPACE + ENTER)
    assert value == ["other"]
    assert "Facilitator help" not in terminal.text


# ------------------------------------------------------------------ records


def test_a_finished_record_is_on_disk_before_the_records_menu(
    terminal: Terminal, project: Project
) -> None:
    keys = (
        ENTER  # sector: the first stakeholder group
        + "Riverton Schools"
        + ENTER
        + "Two science rooms on Saturdays."
        + FINISH
        + CTRL_C  # at "Done / Add a commitment"
    )
    with pytest.raises(KeyboardInterrupt):
        terminal.ask(project, "studio-2", "sector_commitments", keys)
    data = yaml.safe_load(project.session_path("studio-2").read_text(encoding="utf-8"))
    assert data["drafts"]["sector_commitments"]["records"] == [
        {
            "sector": "prek12",
            "partner": "Riverton Schools",
            "commitment": "Two science rooms on Saturdays.",
        }
    ]
    assert data["answers"] == {}


def test_each_typed_field_of_an_unfinished_record_is_kept(
    terminal: Terminal, project: Project
) -> None:
    with pytest.raises(KeyboardInterrupt):
        terminal.ask(project, "studio-2", "sector_commitments", ENTER + "Riverton" + CTRL_C)
    data = yaml.safe_load(project.session_path("studio-2").read_text(encoding="utf-8"))
    assert data["drafts"]["sector_commitments"] == {
        "records": [],
        "open_record": {"number": 1, "fields": {"sector": "prek12"}},
    }


def test_records_menu_names_records_by_label_and_counts_with_the_noun(
    terminal: Terminal, project: Project
) -> None:
    keys = ENTER + "Riverton Schools" + ENTER + "Two science rooms on Saturdays." + FINISH + ENTER
    value = terminal.ask(project, "studio-2", "sector_commitments", keys)
    assert value[0]["sector"] == "prek12"
    assert "(1 commitment so far)" in terminal.text
    # The menu itself is drawn by prompt_toolkit; its entries are checked below.


def test_records_menu_entries(project: Project) -> None:
    from stemeco.studios.engine import count_records, record_name

    studio = project.studio("studio-2")
    step = studio.step("sector_commitments")
    assert step is not None
    session = Session(project, studio)
    record = {"sector": "prek12", "partner": "Riverton Schools", "commitment": "Rooms."}
    assert record_name(step, record, session.context) == "PreK-12 schools and districts"
    assert count_records(step, 1) == "1 commitment"
    assert count_records(step, 3) == "3 commitments"


def test_a_cost_line_is_not_asked_whether_it_is_committed(
    terminal: Terminal, project: Project
) -> None:
    cost = "Leader salary" + ENTER + ENTER + "2026" + ENTER + "95000" + ENTER + ENTER
    revenue = (
        "Foundation grant"
        + ENTER
        + DOWN * 5
        + ENTER
        + "2026"
        + ENTER
        + "150000"
        + ENTER
        # kind: down to Revenue; status: Committed
        + DOWN
        + ENTER
        + ENTER
    )
    add = DOWN + ENTER  # from "Done" to "Add a budget line"
    value = terminal.ask(project, "business-plan", "budget", cost + add + revenue + ENTER)
    assert value == [
        {
            "line": "Leader salary",
            "category": "staff",
            "year": 2026,
            "amount": 95000,
            "kind": "cost",
        },
        {
            "line": "Foundation grant",
            "category": "philanthropy",
            "year": 2026,
            "amount": 150000,
            "kind": "revenue",
            "status": "committed",
        },
    ]
    assert terminal.text.count("Is this revenue committed or prospective?") == 1


# ------------------------------------------------------------------ width


def test_text_prompts_wrap_on_words_at_60_columns(project: Project) -> None:
    with create_pipe_input() as pipe:
        narrow = Terminal(pipe, width=60)
        step = "future_high_school"
        narrow.ask(project, "studio-2", step, "Paid internships for every senior." + FINISH)
    lines = narrow.screen.getvalue().splitlines()
    assert lines
    assert max(len(line) for line in lines) <= 60
    prompt = project.studio("studio-2").step(step).prompt  # type: ignore[union-attr]
    assert " ".join(prompt.split()) in narrow.text  # every word whole, in order
    assert len(prompt) > 60  # the test is about a prompt that needs wrapping


def test_review_table_and_menu_use_prompts_not_ids(project: Project) -> None:
    (project.root / "sessions" / "studio-1.yaml").write_text(
        "studio: studio-1\nstatus: in_progress\nanswers:\n  stem_disciplines: [science]\n"
        "  stem_definition: STEM is how Riverton asks questions and builds things together.\n",
        encoding="utf-8",
    )
    project = Project(project.root)
    studio = project.numbered_studio(1)
    rows = Session(project, studio).review_rows()
    with create_pipe_input() as pipe:
        narrow = Terminal(pipe, width=60)
        pipe.send_text(DOWN + ENTER)
        assert narrow.prompter.review(studio, rows) == "stem_disciplines"
    lines = narrow.screen.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 60
    assert "stem_disciplines" not in narrow.text
    # Wrapped on words: every word of the answer is whole in some cell line.
    words = set(narrow.screen.getvalue().replace("│", " ").replace("┃", " ").split())
    answer = "STEM is how Riverton asks questions and builds things together."
    assert set(answer.split()) <= words
    prompt = studio.step("stem_definition").prompt  # type: ignore[union-attr]
    assert set(prompt.split()) <= words


def test_removing_a_record_asks_first_and_is_kept_as_a_draft(
    terminal: Terminal, project: Project
) -> None:
    (project.root / "sessions" / "studio-2.yaml").write_text(
        "studio: studio-2\nstatus: in_progress\nanswers:\n  sector_commitments:\n"
        "    - {sector: prek12, partner: Riverton Schools, commitment: Two science rooms}\n"
        "    - {sector: business, partner: Kessler, commitment: Shop tours twice a year}\n",
        encoding="utf-8",
    )
    project = Project(project.root)
    # Menu: Done, Add, Edit 1, Remove 1, ...: "Remove 1", then "y", then Ctrl-C.
    keys = DOWN * 3 + ENTER + "y" + CTRL_C
    with pytest.raises(KeyboardInterrupt):
        terminal.ask(project, "studio-2", "sector_commitments", keys)
    assert "Remove commitment 1, PreK-12 schools and districts?" in terminal.text
    data = yaml.safe_load(project.session_path("studio-2").read_text(encoding="utf-8"))
    assert [r["partner"] for r in data["answers"]["sector_commitments"]] == [
        "Riverton Schools",
        "Kessler",
    ]  # the answer stands until Done
    assert [r["partner"] for r in data["drafts"]["sector_commitments"]["records"]] == ["Kessler"]
