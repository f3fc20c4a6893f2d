"""No lost updates: concurrent stemeco commands, as real processes, never undo each other.

Every command that writes holds the project lock (storage/lock.py); a second one
waits for it, and stops busy (exit 8) when it waits too long. The processes here
run at the same time for real; nothing waits on a clock: a held lock or a
blocking read is the only synchronisation.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.community.team import read_team
from stemeco.plan.indicators import read_measurements
from stemeco.project.folder import Project
from stemeco.storage.lock import LOCK_FILE, project_lock
from stemeco.storage.read import read_yaml
from stemeco.studios.engine import run
from stemeco.studios.sessions import SessionWriter

from conftest import Scripted, stemeco_executable


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "STEMECO_LOCK_TIMEOUT": "120", **extra}


def start(*args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [stemeco_executable(), *args],
        env=env(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        out.append((proc.returncode, stdout, stderr))
    return out


def test_six_parallel_team_adds_all_land(project_dir: Path) -> None:
    names = [f"Member {n:02d}" for n in range(6)]
    procs = [
        start(
            "team",
            "add",
            "design",
            "--project",
            str(project_dir),
            "--name",
            name,
            "--sector",
            "business",
        )  # fmt: skip
        for name in names
    ]
    results = finish(procs)
    assert [code for code, _, _ in results] == [0] * 6, results
    members = [m.name for m in read_team(project_dir).members["design"]]
    assert sorted(members) == names


# Records measurements one after another in one process, as a script would.
RECORDER = """
import sys
from stemeco.cli.app import app
project, ident, first = sys.argv[1], sys.argv[2], int(sys.argv[3])
for value in range(first, first + 8):
    code = app(
        ["indicators", "record", ident, str(value), "--project", project],
        standalone_mode=False,
    )
    if code:
        sys.exit(code)
"""


def test_two_writers_racing_on_measurements_lose_none(example_dir: Path) -> None:
    project = Project(example_dir)
    ident = "active-ecosystem-partners"
    before = [m.value for m in read_measurements(project, ident)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RECORDER, str(example_dir), ident, str(first)],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (1000, 2000)
    ]
    results = finish(procs)
    assert [code for code, _, _ in results] == [0, 0], results
    after = [m.value for m in read_measurements(Project(example_dir), ident)]
    added = sorted(v for v in after if v >= 1000)
    assert added == [*range(1000, 1008), *range(2000, 2008)]
    assert after[: len(before)] == before


def test_a_held_lock_makes_a_writer_stop_busy_having_written_nothing(project_dir: Path) -> None:
    with project_lock(project_dir):
        done = subprocess.run(
            [stemeco_executable(), "team", "add", "leader", "--project", str(project_dir)]
            + ["--name", "Ada"],
            env=env(STEMECO_LOCK_TIMEOUT="0.2"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        # A command that only reads does not wait for the lock.
        status = subprocess.run(
            [stemeco_executable(), "status", "--project", str(project_dir)],
            env=env(STEMECO_LOCK_TIMEOUT="0"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 8
    assert done.stderr.count("\n") == 1
    assert "the project is busy: another stemeco command is changing it" in done.stderr
    assert "nothing was written" in done.stderr
    assert not (project_dir / "team.yaml").exists()
    assert status.returncode == 0, status.stderr
    # The lock went with its holder: the same command now goes through at once.
    again = CliRunner().invoke(
        app, ["team", "add", "leader", "--project", str(project_dir), "--name", "Ada"]
    )
    assert again.exit_code == 0, again.output
    assert read_team(project_dir).leader is not None


def test_the_busy_wait_is_set_by_the_environment(project_dir: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("STEMECO_LOCK_TIMEOUT", "0")
    with project_lock(project_dir):
        # Same process, same lock: re-entrant, so a writer inside a writer goes on.
        with project_lock(project_dir):
            pass
        result = subprocess.run(
            [stemeco_executable(), "calendar", "add", "--project", str(project_dir)]
            + ["--title", "Kick-off", "--date", "2026-01-01", "--kind", "meeting"],
            env={**os.environ},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 8, result.stderr
    assert "waited 0 s" in result.stderr
    assert not (project_dir / "calendar.yaml").exists()


def test_two_records_of_the_same_name_never_overwrite_each_other(project_dir: Path) -> None:
    assets = [
        start(
            "assets",
            "add",
            "--project",
            str(project_dir),
            "--name",
            "Robot Club",
            "--sector",
            "community",
            "--source",
            source,
        )  # fmt: skip
        for source in ("first", "second")
    ]
    interviews = [
        start(
            "interviews",
            "add",
            "--project",
            str(project_dir),
            "--who",
            "Ann Lee",
            "--organisation",
            "Library",
            "--date",
            "2026-01-05",
            "--notes",
            notes,
        )  # fmt: skip
        for notes in ("first", "second")
    ]
    for results, kind in ((finish(assets), "asset"), (finish(interviews), "interview")):
        codes = sorted(code for code, _, _ in results)
        assert codes == [0, 2], (kind, results)
        refused = next(err for code, _, err in results if code == 2)
        assert "already" in refused
    record = read_yaml(project_dir / "assets" / "robot-club.yaml")
    interview = read_yaml(project_dir / "interviews" / "2026-01-05-ann-lee.yaml")
    # The file holds one whole record: the one that was written first, unreplaced.
    assert record["provenance"]["source"] in ("first", "second")
    assert interview["notes"] in ("first", "second")


def test_lock_file_is_in_the_project_and_ignored_by_git(project_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["team", "add", "leader", "--project", str(project_dir), "--name", "Ada"]
    )
    assert result.exit_code == 0
    assert (project_dir / LOCK_FILE).exists()
    ignored = (project_dir / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert LOCK_FILE in ignored
    assert ".*.tmp" in ignored


# ------------------------------------------------------------------ one studio, two people

ANSWER_NOTES = """
from pathlib import Path
import sys
from stemeco.cli.app import app
sys.exit(app(["studio", "run", "notes", "--project", sys.argv[1], "--answers", sys.argv[2]],
             standalone_mode=False))
"""


def other_person_answers(root: Path, tmp: Path, step: str, text: str) -> None:
    """Another stemeco process saves an answer of ``step`` now, and finishes."""
    answers = tmp / "answers.yaml"
    answers.write_text(f"{step}: {text}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", ANSWER_NOTES, str(root), str(answers)],
        env=env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_an_answer_saved_meanwhile_by_another_process_is_kept(
    free_project: Project, tmp_path: Path
) -> None:
    """The writer read the file before the other person saved; its next write re-reads."""
    studio = free_project.studio("notes")
    writer = SessionWriter(free_project.session_path("notes"), studio, free_project.root)
    other_person_answers(free_project.root, tmp_path, "notes", "from the other room")
    writer.set_answer("title", "from this room")
    answers = read_yaml(free_project.session_path("notes"))["answers"]
    assert answers == {"title": "from this room", "notes": "from the other room"}


class Meanwhile(Scripted):
    """A facilitator who, while thinking about the second question, lets another person
    save the last step from another terminal."""

    def __init__(self, root: Path, tmp: Path, answers: list[Any]) -> None:
        super().__init__(answers, reviews=[])
        self.root, self.tmp = root, tmp

    def ask(self, question: Any) -> Any:
        if len(self.asked) == 1:
            other_person_answers(self.root, self.tmp, "more", "typed in the other room")
        return super().ask(question)


def test_an_interactive_studio_holds_no_lock_while_a_person_thinks(
    free_project: Project, tmp_path: Path
) -> None:
    prompter = Meanwhile(free_project.root, tmp_path, ["Our title", "Our notes"])
    try:
        run(free_project, free_project.studio("notes"), prompter)
    except KeyboardInterrupt:
        pass  # the script ends: the facilitator stops after two answers
    answers = read_yaml(free_project.session_path("notes"))["answers"]
    assert answers == {
        "title": "Our title",
        "notes": "Our notes",
        "more": "typed in the other room",
    }


def test_render_writes_what_the_project_holds_when_it_writes(
    example_dir: Path, monkeypatch: Any
) -> None:
    """Rendering takes no lock (it can be long); a change made meanwhile is rendered too."""
    from stemeco.community.team import add_member
    from stemeco.documents import output

    rendered = output._checked_documents
    calls: list[dict[str, str]] = []

    def meanwhile(project: Project, languages: Sequence[str] = ()) -> dict[str, str]:
        texts = rendered(project, languages)
        if not calls:  # another command adds a member while the first rendering ran
            add_member(project.root, "design", {"name": "Zora Quill", "sector": "business"})
        calls.append(texts)
        return texts

    monkeypatch.setattr(output, "_checked_documents", meanwhile)
    output.write_documents(Project(example_dir))
    assert len(calls) == 2
    assert "Zora Quill" in (example_dir / "docs" / "blueprint.md").read_text(encoding="utf-8")
