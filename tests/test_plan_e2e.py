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


def spawn_assess(project_dir: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        stemeco_command(),
        ["assess", *args, "--project", str(project_dir)],
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        timeout=10,
        dimensions=(40, 100),
    )


@pytest.mark.e2e
def test_assess_ctrl_c_keeps_each_rating_and_a_rerun_resumes(project_dir: Path) -> None:
    child = spawn_assess(project_dir, "--respondent", "Ben Okafor", "--round", "2026-03-01")
    child.expect("How far along are we")
    child.send("\r")  # 1 not yet
    child.expect("What evidence supports this rating")
    child.send("No champion yet.\r")
    child.expect("Indicator 2 of 11")
    child.expect("How far along are we")
    child.send(DOWN + "\r")  # 2 emerging
    child.expect("What evidence supports this rating")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    said = " ".join(child.before.split())
    assert (
        "Stopped. 2 of 11 ratings of Ben Okafor are saved in "
        "assessments/2026-03-01/ben-okafor.yaml" in said
    )
    assert "Resume with: stemeco assess --round 2026-03-01 --respondent 'Ben Okafor'" in said
    path = project_dir / "assessments/2026-03-01/ben-okafor.yaml"
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["complete"] is False
    assert saved["ratings"] == {
        "champion": {"rating": 1, "evidence": "No champion yet."},
        "prek12": {"rating": 2},
    }

    again = spawn_assess(project_dir, "--respondent", "Ben Okafor", "--round", "2026-03-01")
    again.expect("Resuming the answers of Ben Okafor for round 2026-03-01: 2 of 11")
    for number in range(3, len(THRIVING) + 1):
        again.expect(f"Indicator {number} of 11")
        again.expect("How far along are we")
        again.send(DOWN * 2 + "\r")  # 3 developing
        again.expect("What evidence supports this rating")
        again.send("\r")
    again.expect("Saved the answers of Ben Okafor")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "complete" not in saved
    assert saved["ratings"]["champion"] == {"rating": 1, "evidence": "No champion yet."}
    assert saved["ratings"]["prek12"] == {"rating": 2}
    assert [saved["ratings"][i]["rating"] for i in list(THRIVING)[2:]] == [3] * 9
