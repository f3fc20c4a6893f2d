"""The parse cache: parsed YAML kept per file in the user's cache folder.

A read-only command on an unchanged project (``stemeco status``) then skips
PyYAML entirely, and a command reads back only the files it asks for. See
:class:`ParseCache` for when an entry is trusted.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from stemeco.errors import DiskError
from stemeco.storage.files import atomic_write_text

Path_ = tuple[str | int, ...]

#: The reading rules a cache was made with; a new value when they change (v2: a key
#: written twice in a mapping is refused; v3: one cache file per project file), so that
#: no file is trusted by older rules.
READ_RULES = "v3"


def cache_folder() -> Path | None:
    """The user's stemeco cache folder; None when caching is turned off."""
    if os.environ.get("STEMECO_NO_CACHE"):
        return None
    configured = os.environ.get("STEMECO_CACHE_DIR")
    base = os.environ.get("XDG_CACHE_HOME") or Path("~/.cache").expanduser()
    return Path(configured) if configured else Path(base) / "stemeco"


def cache_file(root: Path, suffix: str) -> Path | None:
    """The file of one project's cache of one kind; None when caching is turned off."""
    folder = cache_folder()
    if folder is None:
        return None
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


def stamp(*folders: Path) -> str:
    """A checksum of the name, size, modification and change times of every file under
    ``folders`` (``.git`` left out): it changes whenever any of those files does."""
    entries: list[str] = []
    for top in folders:
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != ".git")
            for name in sorted(files):
                try:
                    st = os.stat(f"{folder}{os.sep}{name}")  # noqa: PTH116 - thousands of files
                except OSError:
                    continue
                entries.append(f"{folder}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}")
    data = "\n".join(entries).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(entries)}"


def _checksum(data: bytes) -> int:
    return zlib.adler32(data) ^ (zlib.crc32(data) << 32)


class ParseCache:
    """Parsed YAML of one project: one small JSON file per project file, in a folder
    of the user's cache folder.

    An entry is used only while the file's size, modification and change times
    and inode are those it was parsed with (the test Python uses for .pyc
    files, plus ctime, which no tool can set back), and while its own checksum
    holds. An entry holds the data on one line and the map of lines (which
    only ``stemeco check`` and error messages need) on the next, so that a
    read without lines parses only the first. Data JSON cannot hold exactly
    (non-text keys, NaN, binary) is never cached. Set ``STEMECO_NO_CACHE=1`` to
    turn it off; ``STEMECO_CACHE_DIR`` moves it.
    """

    active: ParseCache | None = None

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.where = str(folder)
        self.made = False

    @classmethod
    def use_for(cls, root: Path) -> None:
        """Make the cache of the project at ``root`` the one reads go through."""
        folder = cache_file(root, f"parse-{READ_RULES}")
        if folder is None:
            cls.active = None
            return
        if cls.active is not None and cls.active.folder == folder:
            return
        cls.active = cls(folder)
        old = cache_file(root, "parse-v2.json")  # the whole-project file of older versions
        if old is not None:
            try:
                old.unlink(missing_ok=True)
            except OSError:
                pass

    def entry(self, path: Path) -> Path:
        """The cache file of ``path`` (its name a checksum of the path)."""
        return Path(self._entry(str(path)))

    def _entry(self, name: str) -> str:
        raw = name.encode("utf-8", "surrogateescape")
        return f"{self.where}{os.sep}{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}.json"

    @staticmethod
    def _stamp(name: str) -> list[Any] | None:
        try:
            st = os.stat(name)  # noqa: PTH116 - a str: thousands of files, no Path each
        except (OSError, ValueError):
            return None
        return [name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]

    def _parts(self, path: Path) -> tuple[list[Any], bytes, bytes] | None:
        """The head, data and lines of a valid entry for ``path`` as it is now, or None."""
        name = str(path)
        stamp = self._stamp(name)
        if stamp is None:
            return None
        try:
            with open(self._entry(name), "rb") as handle:  # noqa: PTH123 - many small files
                raw = handle.read()
        except OSError:
            return None
        parts = raw.split(b"\n", 2)
        if len(parts) != 3:
            return None
        try:
            head = json.loads(parts[0].decode("utf-8", "surrogatepass"))
        except ValueError:
            return None
        if not isinstance(head, list) or len(head) != 3 or head[0] != stamp:
            return None
        return head, parts[1], parts[2]

    def known(self, path: Path) -> bool:
        """Whether ``path`` is known to parse as it is now (an entry for it holds)."""
        return self._parts(path) is not None

    def get(self, path: Path, *, with_lines: bool) -> tuple[Any, dict[Path_, int]] | None:
        found = self._parts(path)
        if found is None:
            return None
        head, data_part, lines_part = found
        if _checksum(data_part) != head[1]:
            return None
        lines: dict[Path_, int] = {}
        if with_lines:
            if head[2] is None or _checksum(lines_part) != head[2]:
                return None
            try:
                rows = json.loads(lines_part.decode("utf-8", "surrogatepass"))
            except ValueError:
                return None
            lines = {tuple(where): line for *where, line in rows}
        try:
            return json.loads(data_part.decode("utf-8", "surrogatepass")), lines
        except ValueError:
            return None

    def put(self, path: Path, data: Any, lines: dict[Path_, int] | None) -> None:
        stamp = self._stamp(str(path))
        if stamp is None:
            return
        try:
            text = json.dumps(data, ensure_ascii=False, allow_nan=False)
            if json.loads(text) != data:
                return  # JSON would change it: not cacheable
        except (TypeError, ValueError):
            return
        data_part = text.encode("utf-8", "surrogatepass")
        lines_part = b"null"
        if lines is not None:
            lines_part = json.dumps([[*k, v] for k, v in lines.items()]).encode("utf-8")
        head = [stamp, _checksum(data_part), None if lines is None else _checksum(lines_part)]
        try:
            head_part = json.dumps(head).encode("utf-8", "surrogatepass")
        except UnicodeEncodeError:
            return
        self._write(path, b"\n".join((head_part, data_part, lines_part)))

    def _write(self, path: Path, content: bytes) -> None:
        """Write one entry: temporary file, then rename (no fsync: a cache entry lost in
        a crash is parsed again; a torn one fails its checksum)."""
        target = self.entry(path)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            if not self.made:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.made = True
            tmp.write_bytes(content)
            tmp.replace(target)
        except OSError:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
