"""The example's review copies, made once per test session and shared by the export tests.

Each test module asks for them through its own session fixture; the build is
remembered here, so the example is exported once however many modules ask.
Artifacts a person may want to look at after CI (screenshots, PDFs, the review
copies) go to ``artifacts/export/`` at the top of the repository
(``STEMECO_ARTIFACTS`` moves it), a folder git ignores.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from stemeco.documents.export import export
from stemeco.project.folder import Project

REPOSITORY = Path(__file__).resolve().parents[1]
DOCUMENTS = ("asset-map", "blueprint", "business-plan", "indicators")


@dataclass(frozen=True)
class Exported:
    project: Path
    folder: Path  # <name>.html and <name>.docx of every document

    def html(self, name: str) -> str:
        return (self.folder / f"{name}.html").read_text(encoding="utf-8")

    def docx(self, name: str) -> Path:
        return self.folder / f"{name}.docx"

    def markdown(self, name: str) -> str:
        return (self.project / "docs" / f"{name}.md").read_text(encoding="utf-8")


_BUILT: dict[str, Exported] = {}


def exported_example(
    built_project: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> Exported:
    if "example" not in _BUILT:
        base = tmp_path_factory.mktemp("exported-example")
        root = base / "project"
        shutil.copytree(built_project("Millbrook", example=True), root)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("STEMECO_CACHE_DIR", str(base / "cache"))
            for fmt in ("html", "docx"):
                export(Project(root), "all", fmt, base / "out")
        _BUILT["example"] = Exported(root, base / "out")
    return _BUILT["example"]


def artifacts() -> Path:
    """The folder CI keeps (README: "Review copies and their screenshots")."""
    folder = Path(os.environ.get("STEMECO_ARTIFACTS") or REPOSITORY / "artifacts") / "export"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
