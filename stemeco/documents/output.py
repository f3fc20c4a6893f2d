"""The documents in docs/: writing them, and whether they are what rendering would write now.

One rule, by content: ``stemeco render --check`` and ``stemeco status`` both ask
:func:`stale_documents`.
A document is stale when its file is missing or its bytes differ from what
rendering the project now would write. A comment added to a YAML file changes
no document, so it makes nothing stale; a hand edit of ``docs/`` does.

Rendering costs Jinja, which ``status`` should not pay on every call. So the
answer is remembered in the user's cache folder together with a stamp of every
file of the project (and of the packaged templates and stemeco's version):
while no file changed, the remembered answer is the answer.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from stemeco import __version__
from stemeco.project.folder import Project
from stemeco.resources import studios_dir, templates_dir
from stemeco.storage.cache import cache_file, read_json, write_json
from stemeco.storage.files import atomic_write_text


def _stamp(project: Project) -> str:
    """A checksum of the name, size, times and inode of every input file."""
    entries: list[str] = [__version__]
    for top in (project.root, templates_dir(), studios_dir()):
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != ".git")
            for name in sorted(files):
                try:
                    st = Path(folder, name).stat()
                except OSError:
                    continue
                entries.append(f"{folder}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}")
    data = "\n".join(entries).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(entries)}"


def _remember(project: Project, stale: list[str]) -> None:
    write_json(cache_file(project.root, "render.json"), {"stamp": _stamp(project), "stale": stale})


def stale_documents(project: Project) -> list[str]:
    """The documents (paths relative to the project) that are missing or out of date."""
    known = read_json(cache_file(project.root, "render.json"))
    if isinstance(known, dict) and known.get("stamp") == _stamp(project):
        stale = known.get("stale")
        if isinstance(stale, list) and all(isinstance(s, str) for s in stale):
            return stale
    from stemeco.documents.render import render_documents

    stale = []
    for output, text in render_documents(project).items():
        target = project.root / output
        if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
            stale.append(output)
    _remember(project, stale)
    return stale


@dataclass(frozen=True)
class RenderResult:
    written: list[str]
    unchanged: list[str]


def write_documents(project: Project) -> RenderResult:
    """Render every document and write those whose bytes changed (atomically)."""
    from stemeco.documents.render import render_documents

    written, unchanged = [], []
    for output, text in render_documents(project).items():
        target = project.path(*output.split("/"))
        if target.is_file() and target.read_bytes() == text.encode("utf-8"):
            unchanged.append(output)
            continue
        atomic_write_text(target, text)
        written.append(output)
    _remember(project, [])
    return RenderResult(written, unchanged)
