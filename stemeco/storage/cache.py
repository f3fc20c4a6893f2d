"""The parse cache: parsed YAML kept per project in the user's cache folder.

A read-only command on an unchanged project (``stemeco status``) then skips
PyYAML entirely. See :class:`ParseCache` for when an entry is trusted.
"""

from __future__ import annotations

import atexit
import json
import os
import zlib
from pathlib import Path
from typing import Any

from stemeco.errors import DiskError
from stemeco.storage.files import atomic_write_text

Path_ = tuple[str | int, ...]

#: The reading rules a cache was made with; a new value when they change (v2: a key
#: written twice in a mapping is refused), so that no file is trusted by older rules.
READ_RULES = "v2"


def cache_file(root: Path, suffix: str) -> Path | None:
    """The file of one project's cache of one kind; None when caching is turned off."""
    if os.environ.get("STEMECO_NO_CACHE"):
        return None
    configured = os.environ.get("STEMECO_CACHE_DIR")
    base = os.environ.get("XDG_CACHE_HOME") or Path("~/.cache").expanduser()
    folder = Path(configured) if configured else Path(base) / "stemeco"
    name = f"{zlib.crc32(str(root).encode('utf-8')):08x}-{root.name[:40]}.{suffix}"
    return folder / name


def read_json(file: Path | None) -> Any:
    """A cache file's content, or None when it is missing or unreadable."""
    if file is None:
        return None
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(file: Path | None, data: Any) -> None:
    """Write a cache file; a cache that cannot be written only makes stemeco slower."""
    if file is None:
        return
    try:
        atomic_write_text(file, json.dumps(data, ensure_ascii=False), record=False)
    except DiskError:
        pass


class ParseCache:
    """Parsed YAML of one project, kept as JSON in the user's cache folder.

    An entry is used only while the file's size, modification and change times
    and inode are those it was parsed with (the test Python uses for .pyc
    files, plus ctime, which no tool can set back). Data JSON cannot hold
    exactly (non-text keys, NaN, binary) is never cached. Set
    ``STEMECO_NO_CACHE=1`` to turn it off; ``STEMECO_CACHE_DIR`` moves it.
    """

    active: ParseCache | None = None

    def __init__(self, file: Path) -> None:
        self.file = file
        self.entries: dict[str, Any] | None = None
        self.dirty = False

    @classmethod
    def use_for(cls, root: Path) -> None:
        """Make the cache of the project at ``root`` the one reads go through."""
        file = cache_file(root, f"parse-{READ_RULES}.json")
        if file is None:
            cls.active = None
            return
        if cls.active is not None and cls.active.file == file:
            return
        if cls.active is not None:
            cls.active.save()
        cls.active = cls(file)

    @staticmethod
    def _key(path: Path) -> list[int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]

    def _load(self) -> dict[str, Any]:
        if self.entries is None:
            loaded = read_json(self.file)
            self.entries = loaded if isinstance(loaded, dict) else {}
        return self.entries

    def get(self, path: Path, *, with_lines: bool) -> tuple[Any, dict[Path_, int]] | None:
        entry = self._load().get(str(path))
        if not isinstance(entry, dict) or entry.get("key") != self._key(path):
            return None
        if with_lines and entry.get("lines") is None:
            return None
        lines = {tuple(where): line for *where, line in entry.get("lines") or []}
        return entry.get("data"), lines

    def put(self, path: Path, data: Any, lines: dict[Path_, int] | None) -> None:
        key = self._key(path)
        if key is None:
            return
        try:
            if json.loads(json.dumps(data)) != data:
                return  # JSON would change it: not cacheable
        except (TypeError, ValueError):
            return
        entry = {
            "key": key,
            "data": data,
            "lines": None if lines is None else [[*k, v] for k, v in lines.items()],
        }
        self._load()[str(path)] = entry
        self.dirty = True

    def save(self) -> None:
        if not self.dirty or self.entries is None:
            return
        self.entries = {p: e for p, e in self.entries.items() if Path(p).exists()}
        write_json(self.file, self.entries)
        self.dirty = False


@atexit.register
def _save_cache() -> None:
    if ParseCache.active is not None:
        ParseCache.active.save()
