"""In a real terminal: a record that ends before it starts is refused when the records are done,
and the facilitator fixes it on the spot."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_e2e import CTRL_U, DOWN, ENTER, Terminal, local_studio, session, spawn  # noqa: F401

pytestmark = pytest.mark.e2e

MILESTONES = """\
id: pilot-dates
title: Pilot dates
steps:
  - id: phases
    prompt: Which phases does the pilot have?
    type: records
    label: phase
    order: [start, end]
    fields:
      - {id: phase, prompt: "What is the phase called?", type: text}
      - {id: start, prompt: "When does it start?", type: date}
      - {id: end, prompt: "When does it end?", type: date}
"""


def test_a_phase_ending_before_it_starts_is_refused_and_fixed(
    spawn: type[Terminal],  # noqa: F811 - the fixture of test_e2e
    project_dir: Path,
) -> None:
    studio = local_studio(project_dir, MILESTONES)
    term = spawn("studio", "run", studio, "--project", str(project_dir))
    term.answer("What is the phase called?", "Summer camp" + ENTER)
    term.answer("When does it start?", "2026-07-06" + ENTER)
    term.answer("When does it end?", "2026-06-30" + ENTER)
    term.answer("Which phases does the pilot have?", ENTER)  # Done
    term.child.expect_exact("record 1: end: 2026-06-30 comes before start (2026-07-06)")
    term.answer("Which phases does the pilot have?", DOWN + DOWN + ENTER)  # Edit 1
    term.answer("What is the phase called?", ENTER)
    term.answer("When does it start?", ENTER)
    term.answer("When does it end?", CTRL_U + "2026-08-14" + ENTER)
    term.answer("Which phases does the pilot have?", ENTER)  # Done
    term.answer("Everything right?", ENTER)
    output, status = term.finish()
    assert status == 0, output
    assert session(project_dir, studio)["answers"] == {
        "phases": [{"phase": "Summer camp", "start": "2026-07-06", "end": "2026-08-14"}]
    }
    saved = yaml.safe_load((project_dir / "sessions" / f"{studio}.yaml").read_text("utf-8"))
    assert saved["status"] == "complete"
