"""Templates are compiled once: later renderings load them from the user's cache folder,
and that cache never hides an edit to a template nor weakens the sandbox."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from stemeco.documents import render
from stemeco.documents.compiled import CompiledTemplates
from stemeco.documents.sandbox import BoundedSandbox
from stemeco.errors import TemplateError
from stemeco.project.folder import Project


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from their text during the test."""
    names: list[str] = []
    compile_ = BoundedSandbox.compile

    def spy(self: BoundedSandbox, source: Any, name: Any = None, *args: Any, **kw: Any) -> Any:
        names.append(str(name))
        return compile_(self, source, name, *args, **kw)

    monkeypatch.setattr(BoundedSandbox, "compile", spy)
    return names


def new_process() -> None:
    """Forget what this process compiled, as a new `stemeco` command starts."""
    render._ENVIRONMENTS.clear()
    CompiledTemplates.memory.clear()


def documents(root: Path) -> dict[str, str]:
    return render.render_documents(Project(root))


def cache_entries() -> list[Path]:
    return sorted(Path(os.environ["STEMECO_CACHE_DIR"]).glob("templates-*/*.cache"))


def test_a_later_run_compiles_no_template_and_renders_the_same(
    project_dir: Path, compiled: list[str]
) -> None:
    new_process()
    first = documents(project_dir)
    assert "blueprint.md.j2" in compiled
    assert len(cache_entries()) == len(set(compiled))
    compiled.clear()
    new_process()
    assert documents(project_dir) == first
    assert compiled == []


def test_an_edited_project_template_is_compiled_again_whatever_its_time(
    project_dir: Path, compiled: list[str]
) -> None:
    template = project_dir / "templates" / "_calendar.md.j2"
    template.parent.mkdir()
    template.write_text("Calendar A\n", encoding="utf-8")
    new_process()
    assert "Calendar A" in documents(project_dir)["docs/blueprint.md"]
    times = template.stat()
    template.write_text("Calendar B\n", encoding="utf-8")  # same size, then the same times
    os.utime(template, ns=(times.st_atime_ns, times.st_mtime_ns))
    compiled.clear()
    new_process()
    blueprint = documents(project_dir)["docs/blueprint.md"]
    assert "Calendar B" in blueprint
    assert "Calendar A" not in blueprint
    assert compiled == ["_calendar.md.j2"]


def test_a_damaged_or_unwritable_cache_only_costs_time(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_process()
    first = documents(project_dir)
    for entry in cache_entries():
        entry.write_bytes(entry.read_bytes()[:40] + b"\x00garbage")
    new_process()
    assert documents(project_dir) == first
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be\n", encoding="utf-8")
    monkeypatch.setenv("STEMECO_CACHE_DIR", str(blocked))
    new_process()
    assert documents(project_dir) == first


@pytest.mark.parametrize("cached", [False, True], ids=["compiled", "from the cache"])
def test_the_sandbox_bounds_hold_for_a_template_read_from_the_cache(
    project_dir: Path, compiled: list[str], cached: bool
) -> None:
    template = project_dir / "templates" / "_calendar.md.j2"
    template.parent.mkdir()
    template.write_text("Calendar\n{{ 'a' * 2000000000 }}\n", encoding="utf-8")
    if cached:
        new_process()
        with pytest.raises(TemplateError):
            documents(project_dir)
        compiled.clear()
    new_process()
    with pytest.raises(TemplateError) as caught:
        documents(project_dir)
    assert "_calendar.md.j2:2: the template went past a limit of the sandbox" in str(caught.value)
    assert ("_calendar.md.j2" in compiled) is not cached


def test_another_project_in_the_same_process_compiles_only_its_own_templates(
    project_dir: Path,
    new_project: Any,
    compiled: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new_process()
    documents(project_dir)
    other = new_project("other", "Riverton", country="Testland")
    (other / "templates").mkdir()
    (other / "templates" / "_calendar.md.j2").write_text("Calendar of the other\n")
    monkeypatch.setenv("STEMECO_CACHE_DIR", str(tmp_path / "empty"))  # no file to read back
    compiled.clear()
    assert "Calendar of the other" in documents(other)["docs/blueprint.md"]
    assert compiled == ["_calendar.md.j2"]
    assert "Calendar of the other" not in documents(project_dir)["docs/blueprint.md"]
