"""Reading YAML safely, with line numbers, and writing files atomically.

Reading uses PyYAML's safe (C, when available) loader with YAML 1.2 core
resolution: ``yes``/``no``/``on``/``off`` stay text, ``0777`` is not octal,
dates stay text. That keeps hand-written files and our own writes in
agreement, and keeps ruamel.yaml (slow to import) out of read-only commands.
Round-trip editing, which preserves comments, lives in :mod:`stemeco.store`.

Parsed files are cached (see :class:`ParseCache`) so that a read-only command
such as ``stemeco status`` on an unchanged project does not even import PyYAML.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import zlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stemeco.errors import ProjectFileError

if TYPE_CHECKING:
    import yaml

Path_ = tuple[str | int, ...]


@cache
def loader_class() -> Any:
    """PyYAML's safe loader (C when available) with YAML 1.2 core schema scalars."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("Loader", (base,), {})
    loader.yaml_implicit_resolvers = _core_resolvers()
    loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    return loader


def _core_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def add(tag: str, pattern: str, first: str) -> None:
        for ch in first:
            resolvers.setdefault(ch, []).append((tag, re.compile(pattern, re.X)))

    add("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
    add(
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        "-+0123456789",
    )
    add(
        "tag:yaml.org,2002:float",
        r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
        "-+.0123456789",
    )
    add("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN\0")
    resolvers.setdefault("", []).append(("tag:yaml.org,2002:null", re.compile(r"^$")))
    add("tag:yaml.org,2002:merge", r"^(?:<<)$", "<")
    return resolvers


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    value = str(loader.construct_scalar(node))
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value)


def _mark_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return int(mark.line) + 1 if mark is not None else None


def _describe(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    text = " ".join(str(p) for p in (context, problem) if p) or str(exc).splitlines()[0]
    return f"not valid YAML: {text}"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectFileError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise ProjectFileError(
            path, f"not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8"
        ) from None
    except OSError as exc:
        raise ProjectFileError(path, exc.strerror or str(exc)) from None


def parse_yaml(text: str, path: Path, *, with_lines: bool = True) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text``; return the data and a map of key paths to 1-based lines.

    ``with_lines=False`` skips the line map (the fast path for read-only commands).
    """
    import yaml

    loader = loader_class()(text)
    lines: dict[Path_, int] = {}
    try:
        if with_lines:
            node = loader.get_single_node()
            if node is not None:
                _record_lines(node, (), lines)
            data = loader.construct_document(node) if node is not None else None
        else:
            data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise ProjectFileError(
            path, _describe(exc), line=_mark_line(exc), hint="fix the file by hand, then retry"
        ) from None
    finally:
        loader.dispose()
    return data, lines


def _record_lines(node: yaml.Node, path: Path_, out: dict[Path_, int]) -> None:
    import yaml

    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = (*path, key)
            _record_lines(value_node, child, out)
            out[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), out)


def read_yaml(path: Path) -> Any:
    return _read(path, with_lines=False)[0]


def read_yaml_with_lines(path: Path) -> tuple[Any, dict[Path_, int]]:
    return _read(path, with_lines=True)


def _read(path: Path, *, with_lines: bool) -> tuple[Any, dict[Path_, int]]:
    cache = ParseCache.active
    if cache is not None:
        hit = cache.get(path, with_lines=with_lines)
        if hit is not None:
            return hit
    data, lines = parse_yaml(_read_text(path), path, with_lines=with_lines)
    if cache is not None:
        cache.put(path, data, lines if with_lines else None)
    return data, lines


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
        if os.environ.get("STEMECO_NO_CACHE"):
            cls.active = None
            return
        configured = os.environ.get("STEMECO_CACHE_DIR")
        base = os.environ.get("XDG_CACHE_HOME") or Path("~/.cache").expanduser()
        folder = Path(configured) if configured else Path(base) / "stemeco"
        # Entries are keyed by absolute path: two projects sharing a file is harmless.
        name = f"{zlib.crc32(str(root).encode('utf-8')):08x}-{root.name[:40]}.json"
        file = folder / name
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
            try:
                loaded = json.loads(self.file.read_text(encoding="utf-8"))
                self.entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.entries = {}
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
        try:
            atomic_write_text(self.file, json.dumps(self.entries, ensure_ascii=False))
        except OSError:
            pass  # a cache that cannot be written is only slower
        self.dirty = False


@atexit.register
def _save_cache() -> None:
    if ParseCache.active is not None:
        ParseCache.active.save()


def read_mapping(path: Path) -> dict[str, Any]:
    """Read a file that must hold a mapping (an empty file is an empty mapping)."""
    data = read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProjectFileError(path, "expected a mapping of keys to values at the top", line=1)
    return data


def line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of ``path`` or of its nearest recorded parent."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, LF) to ``path`` so that a crash leaves old or new, never half."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary = Path(tmp)
        temporary.chmod(path.stat().st_mode & 0o777 if path.exists() else 0o644)
        temporary.replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def iter_yaml_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.rglob("*.yaml") if p.is_file())
