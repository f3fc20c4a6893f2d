"""Every function that writes a project file holds the project lock.

A new writer that forgets ``@writes`` (storage/lock.py) would bring lost updates
back; this reads the source and names it. The few that write without the
decorator say here why they need none.
"""

from __future__ import annotations

import ast
from pathlib import Path

import stemeco

WRITES = {"edit_yaml", "write_new_yaml", "atomic_write_text", "atomic_write_many", "remove_file"}

#: module:function -> why it needs no @writes of its own.
UNLOCKED = {
    "storage/roundtrip.py:edit_yaml": "the write primitive itself",
    "storage/roundtrip.py:write_new_yaml": "the write primitive itself",
    "storage/roundtrip.py:__exit__": "the write primitive itself",
    "storage/cache.py:write_json": "the user's cache folder, not the project",
    "studios/sessions.py:save": "called inside SessionWriter.change, which holds the lock",
    "plan/approval.py:_append": "called only by approve, which holds the lock",
    "plan/approved_answers.py:keep": "called only by approve, which holds the lock",
    "plan/approved_answers.py:keeping": "called only by approve, which holds the lock",
    "documents/export.py:ignored_folder": "called only by the exports, which hold the lock",
    "community/importer.py:_write": "the import command holds the lock around import_csv",
    "project/create.py:write": "init fills a new, empty folder nobody else uses yet",
    "project/create.py:_fill": "init fills a new, empty folder nobody else uses yet",
    "cli/calendar.py:show": "--ics writes the file the user named, outside the project",
    "community/suggest_map.py:suggest_mapping": "--suggest-map writes a new file the user named "
    "(beside the roster), never one that exists",
    "cli/check.py:_leftovers": "takes the project lock itself (check --clean)",
    "documents/output.py:write_documents": "renders unlocked, writes under the lock itself",
}


def writers() -> dict[str, bool]:
    """module:function -> whether it is decorated with @writes, for each that writes."""
    package = Path(stemeco.__file__).parent
    found: dict[str, bool] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            calls = {
                getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
            }
            if calls & WRITES and node.name not in WRITES:
                decorated = any(getattr(d, "id", None) == "writes" for d in node.decorator_list)
                found[f"{path.relative_to(package).as_posix()}:{node.name}"] = decorated
    return found


def test_every_writer_holds_the_project_lock() -> None:
    found = writers()
    assert len(found) > 15
    unlocked = sorted(name for name, decorated in found.items() if not decorated)
    assert [name for name in unlocked if name not in UNLOCKED] == []
    stale = set(UNLOCKED) - set(found) - {f"storage/roundtrip.py:{name}" for name in WRITES}
    assert stale == set()  # the list names only writers that exist
