"""Shared fixtures: projects in temporary folders, the CLI runner, a scripted prompter."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _keep_compiled_modules() -> None:
    """Let Python keep compiled modules during the tests, outside the source tree.

    A shell that sets PYTHONDONTWRITEBYTECODE (this machine's do) makes every
    ``stemeco`` the tests start, and every xdist worker, compile stemeco's modules,
    and pytest rewrite every test module, anew: about a third of what ``stemeco
    status`` costs. The compiled files go to ``.pytest_cache/pycache`` instead of
    ``__pycache__`` folders, which is what that setting usually keeps out. Set before
    any stemeco module is imported and before the workers and commands start, which
    inherit the environment.
    """
    if not (sys.dont_write_bytecode or os.environ.get("PYTHONDONTWRITEBYTECODE")):
        return
    prefix = os.environ.get("PYTHONPYCACHEPREFIX") or str(
        Path(__file__).resolve().parent.parent / ".pytest_cache" / "pycache"
    )
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    sys.pycache_prefix = prefix
    sys.dont_write_bytecode = False


_keep_compiled_modules()

import pytest  # noqa: E402 - after the setting above, which the modules below are compiled by
from filelock import FileLock  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from stemeco.project.folder import Project  # noqa: E402
from stemeco.studios.definition import Studio  # noqa: E402
from stemeco.studios.engine import Question, ReviewRow  # noqa: E402


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own parse cache folder (also inherited by subprocesses)."""
    monkeypatch.setenv("STEMECO_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


BuildProject = Callable[..., Path]


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this run that every xdist worker shares (the run's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


#: Builds a project in a fresh interpreter: ``root municipality country example``.
_BUILD = """\
import sys
from pathlib import Path
from stemeco.project.create import create
root, municipality, country, example = sys.argv[1:]
create(Path(root), municipality, country=country, example=example == "example", git=False)
"""


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> BuildProject:
    """Build each kind of project once per run; tests only ever get copies.

    ``create`` renders every document, which costs most of a second for the
    example. The first xdist worker to ask builds it under a lock; the others
    wait and copy the same build. A build runs in a fresh interpreter with no
    setting a test made (a pinned today, SOURCE_DATE_EPOCH): it is what
    ``stemeco init`` makes today, whichever test asked first. The builds are
    read by ``shutil.copytree`` only, never by a test.
    """
    builds: dict[tuple[str, str, bool], Path] = {}
    shared = _shared_folder(tmp_path_factory) / "built"
    shared.mkdir(exist_ok=True)

    def build(municipality: str, *, country: str = "", example: bool = False) -> Path:
        key = (municipality, country, example)
        if key not in builds:
            name = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:16]
            base = shared / name
            with FileLock(str(shared / f"{name}.lock")):
                if not (base / "done").exists():
                    shutil.rmtree(base, ignore_errors=True)
                    base.mkdir()
                    env = {
                        k: v
                        for k, v in os.environ.items()
                        if not k.startswith("STEMECO_") and k != "SOURCE_DATE_EPOCH"
                    }
                    env["STEMECO_CACHE_DIR"] = str(base / "cache")
                    kind = "example" if example else ""
                    subprocess.run(
                        [sys.executable, "-c", _BUILD, "project", municipality, country, kind],
                        cwd=base,  # not the repository's folder: the installed stemeco
                        env=env,
                        check=True,
                    )
                    (base / "done").write_text("built\n", encoding="utf-8")
            builds[key] = base / "project"
        return builds[key]

    return build


@pytest.fixture
def new_project(built_project: BuildProject, tmp_path: Path) -> BuildProject:
    """``new_project(folder, municipality, country=, example=)``: a project of this
    test's own in ``tmp_path / folder``, as ``create(..., git=False)`` would make it.

    A copy has a new path, so nothing in the parse cache applies to it.
    """

    def copy(folder: str, municipality: str, *, country: str = "", example: bool = False) -> Path:
        target = tmp_path / folder
        source = built_project(municipality, country=country, example=example)
        shutil.copytree(source, target)
        return target

    return copy


@pytest.fixture
def project_dir(new_project: BuildProject) -> Path:
    """A fresh, empty project (no git) named Riverton."""
    return new_project("riverton", "Riverton", country="Testland")


@pytest.fixture
def project(project_dir: Path) -> Project:
    return Project(project_dir)


FREE_STUDIO = """\
id: notes
title: Session notes
steps:
  - {id: title, prompt: A title, type: text, required: false}
  - {id: notes, prompt: Notes, type: longtext, required: false}
  - {id: items, prompt: Items, type: list, required: false}
  - {id: more, prompt: More, type: longtext, required: false}
"""


@pytest.fixture
def free_project(project_dir: Path) -> Project:
    """A project with a local session 'notes' whose steps take any text."""
    (project_dir / "studios").mkdir()
    (project_dir / "studios" / "notes.yaml").write_text(FREE_STUDIO, encoding="utf-8")
    return Project(project_dir)


@pytest.fixture
def example_dir(new_project: BuildProject) -> Path:
    """The Millbrook example (``stemeco init --example``), no git."""
    return new_project("example", "Millbrook", example=True)


def stemeco_executable() -> str:
    """The installed console script of the Python running the tests."""
    beside = Path(sys.executable).parent / "stemeco"
    if beside.exists():
        return str(beside)
    found = shutil.which("stemeco")
    if found is None:
        pytest.skip("the stemeco command is not installed")
    return found


class Scripted:
    """A Prompter that plays a script of answers; raises KeyboardInterrupt at its end.

    Items of ``answers`` are values returned for successive questions;
    ``reviews`` are the review-screen choices (a step id or None to finish);
    ``confirms`` answer yes/no questions.
    """

    def __init__(
        self,
        answers: list[Any] | None = None,
        reviews: list[str | None] | None = None,
        confirms: list[bool] | None = None,
    ) -> None:
        self.answers = list(answers or [])
        self.reviews = list(reviews if reviews is not None else [None])
        self.confirms = list(confirms or [])
        self.asked: list[Question] = []
        self.notes: list[str] = []
        self.intros: list[tuple[bool, int, int]] = []
        self.review_rows: list[list[ReviewRow]] = []

    def intro(self, studio: Studio, *, resuming: bool, answered: int, total: int) -> None:
        assert studio.steps
        self.intros.append((resuming, answered, total))

    def ask(self, question: Question) -> Any:
        self.asked.append(question)
        if not self.answers:
            raise KeyboardInterrupt
        return self.answers.pop(0)

    def review(self, studio: Studio, rows: list[ReviewRow]) -> str | None:
        assert len(rows) == len(studio.steps)
        self.review_rows.append(rows)
        if not self.reviews:
            raise KeyboardInterrupt
        return self.reviews.pop(0)

    def confirm(self, message: str, *, default: bool = False) -> bool:
        self.notes.append(message)
        return self.confirms.pop(0) if self.confirms else default

    def notify(self, message: str) -> None:
        self.notes.append(message)


@pytest.fixture
def scripted() -> type[Scripted]:
    return Scripted
