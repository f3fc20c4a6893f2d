"""The installed stemeco command in a pseudo-terminal: the thriving self-assessment."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from stemeco.plan.assessment import THRIVING

DOWN = "\x1b[B"


def stemeco_command() -> str:
    found = shutil.which("stemeco") or str(Path(sys.executable).parent / "stemeco")
    assert Path(found).exists(), "install stemeco first (pip install -e .)"
    return found


@pytest.mark.e2e
def test_assess_in_a_terminal_with_arrow_keys(project_dir: Path) -> None:
    child = pexpect.spawn(
        stemeco_command(),
        ["assess", "--round", "2026-03-01", "--project", str(project_dir)],
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        timeout=10,
        dimensions=(40, 100),
    )
    child.expect("Who is answering")
    child.sendline("Ana Ruiz")
    for number, ident in enumerate(THRIVING):
        child.expect("How far along are we")
        # the first indicator: 4 thriving; the others: 2 emerging
        child.send(DOWN * (3 if number == 0 else 1))
        child.send("\r")
        child.expect("What evidence supports this rating")
        child.send(f"evidence for {ident}\r" if number < 2 else "\r")
    child.expect("Saved the answers of Ana Ruiz in assessments/2026-03-01/ana-ruiz.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = yaml.safe_load((project_dir / "assessments/2026-03-01/ana-ruiz.yaml").read_text())
    assert saved["respondent"] == "Ana Ruiz"
    assert saved["ratings"]["champion"] == {"rating": 4, "evidence": "evidence for champion"}
    assert saved["ratings"]["prek12"] == {"rating": 2, "evidence": "evidence for prek12"}
    assert saved["ratings"]["mission"] == {"rating": 2}
    assert set(saved["ratings"]) == set(THRIVING)


@pytest.mark.e2e
def test_assess_ctrl_c_saves_nothing(project_dir: Path) -> None:
    child = pexpect.spawn(
        stemeco_command(),
        ["assess", "--respondent", "Ben", "--project", str(project_dir)],
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        timeout=10,
    )
    child.expect("How far along are we")
    child.send("\r")
    child.expect("What evidence supports this rating")
    child.sendcontrol("c")
    child.expect("nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not (project_dir / "assessments").exists()
