"""Reading YAML safely, with line numbers.

Reading uses PyYAML's safe (C, when available) loader with YAML 1.2 core
resolution: ``yes``/``no``/``on``/``off`` stay text, ``0777`` is not octal,
dates stay text. That keeps hand-written files and our own writes in
agreement, and keeps ruamel.yaml (slow to import) out of read-only commands.
Round-trip editing, which preserves comments, lives in :mod:`stemeco.storage.roundtrip`.

A key written twice in one mapping is refused with both lines (``team.yaml:14:
duplicate key 'design_team' (also on line 3)``): a YAML reader would silently
keep only the last one, hiding everything under the first.

Parsed files are cached (see :mod:`stemeco.storage.cache`) so that a read-only command
such as ``stemeco status`` on an unchanged project does not even import PyYAML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stemeco.errors import ProjectFileError
from stemeco.i18n import _
from stemeco.storage.cache import ParseCache

if TYPE_CHECKING:
    import yaml

Path_ = tuple[str | int, ...]


MERGE_TAG = "tag:yaml.org,2002:merge"


class _UniqueKeys:
    """Mixed into a PyYAML loader: a mapping that has the same key twice is an error."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        check_unique_keys(self, node)
        return super().construct_mapping(node, deep)  # type: ignore[misc]


def check_unique_keys(constructor: Any, node: yaml.MappingNode) -> None:
    """Raise a YAML error at the second of two equal keys of ``node``, naming the first line.

    Merge keys (``<<``) are left alone: overriding a merged key is what they are for.
    """
    import yaml

    seen: dict[tuple[str, Any], int] = {}
    for key_node, _value in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
            continue
        key = constructor.construct_object(key_node)
        try:
            ident = (type(key).__name__, key)
            first = seen.get(ident)
        except TypeError:  # pragma: no cover - scalar keys are hashable
            continue
        line = key_node.start_mark.line + 1
        if first is not None:
            error = yaml.constructor.ConstructorError(
                None,
                None,
                _(
                    "duplicate key '{key}' (also on line {line}): a key may appear once "
                    "in a mapping; merge the two"
                ).format(key=key, line=first),
                key_node.start_mark,
            )
            error.stemeco_duplicate = True  # type: ignore[attr-defined]
            raise error
        seen[ident] = line


@cache
def loader_class() -> Any:
    """PyYAML's safe loader (C when available) with YAML 1.2 core schema scalars.

    A key written twice in a mapping raises a YAML error at its second line.
    """
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("Loader", (_UniqueKeys, base), {})
    loader.yaml_implicit_resolvers = _core_resolvers()
    loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    return loader


@cache
def text_loader_class() -> Any:
    """PyYAML's base loader (C when available): every scalar stays the text written.

    For answers files (``stemeco studio run --answers``); like :func:`loader_class`,
    it refuses a key written twice, with a YAML error at the second line.
    """
    import yaml

    base: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    return type("TextLoader", (_UniqueKeys, base), {})


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


@cache
def _core_table() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    return _core_resolvers()


def core_resolves_to_text(text: str) -> bool:
    """Whether our reader (YAML 1.2 core scalars) takes ``text``, written plain, as text."""
    for _tag, pattern in _core_table().get(text[:1], []):
        if pattern.match(text):
            return False
    return True


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
    if getattr(exc, "stemeco_duplicate", False):
        return str(getattr(exc, "problem", exc))
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    text = " ".join(str(p) for p in (context, problem) if p) or str(exc).splitlines()[0]
    return _("not valid YAML: {problem}").format(problem=text)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectFileError(path, _("file not found")) from None
    except IsADirectoryError:
        raise ProjectFileError(
            path, _("is a folder, not a file"), hint=_("move the folder away or rename it")
        ) from None
    except UnicodeDecodeError as exc:
        raise ProjectFileError(
            path,
            _("not UTF-8 text (byte {position})").format(position=exc.start),
            hint=_("save the file as UTF-8"),
        ) from None
    except OSError as exc:
        raise ProjectFileError(
            path,
            _("cannot be read: {reason}").format(reason=exc.strerror or exc),
            hint=_("check the file's permissions"),
        ) from None


def parse_yaml(text: str, path: Path, *, with_lines: bool = True) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text``; return the data and a map of key paths to 1-based lines.

    ``with_lines=False`` skips the line map (the fast path for read-only commands).
    """
    import yaml

    from stemeco.storage.limits import check_yaml

    check_yaml(text, path)  # aliases and nesting bounded before any parsing
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
            path, _describe(exc), line=_mark_line(exc), hint=_("fix the file by hand, then retry")
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


def read_mapping(path: Path) -> dict[str, Any]:
    """Read a file that must hold a mapping (an empty file is an empty mapping)."""
    data = read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProjectFileError(path, _("expected a mapping of keys to values at the top"), line=1)
    return data


def line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of ``path`` or of its nearest recorded parent."""
    if not lines:  # read without its line map (the fast path): nothing to look for
        return None
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def iter_yaml_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.rglob("*.yaml") if p.is_file())
