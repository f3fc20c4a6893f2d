"""Round-trip editing of YAML files a person may also edit by hand (ruamel.yaml).

Comments, key order and quoting survive every write; text that a YAML 1.1
reader would take for something else (``no``, ``0777``, ``2024-01-01``) is
quoted so every reader sees exactly what was typed; every write is atomic.
ruamel.yaml is imported only inside these functions: read-only commands never
pay for it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from stemeco.errors import ProjectFileError
from stemeco.i18n import _
from stemeco.storage.files import atomic_write_text
from stemeco.storage.limits import check_yaml

# Strings a YAML 1.1 reader (PyYAML, many other tools) would read as something
# else: quote them so every reader sees exactly the text that was typed. Control
# characters (C0 and C1) are written escaped, inside double quotes.
_AWKWARD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]|[ \t]\n|[ \t]$|^[ \t]")


@cache
def _yaml11_resolver() -> Any:
    import yaml

    return yaml.resolver.Resolver()


def _yaml11_reads_as_other(text: str) -> bool:
    """Would a YAML 1.1 reader (PyYAML, many tools) take this plain text as non-text?"""
    import yaml

    tag = _yaml11_resolver().resolve(yaml.ScalarNode, text, (True, False))
    return bool(tag != "tag:yaml.org,2002:str")


def _scalar(text: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if "\n" in text or "\r" in text:
        if _AWKWARD.search(text) or "\r" in text or text.endswith("\n\n") or text.startswith("\n"):
            return DoubleQuotedScalarString(text)
        return LiteralScalarString(text)
    if _AWKWARD.search(text):
        return DoubleQuotedScalarString(text)
    if _yaml11_reads_as_other(text):
        return DoubleQuotedScalarString(text)
    return text


def to_yaml_value(value: Any) -> Any:
    """Prepare a stored value so that it is written unambiguously."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, str):
        return _scalar(value)
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            out[str(key)] = to_yaml_value(item)
        return out
    if isinstance(value, list | tuple):
        return CommentedSeq(to_yaml_value(item) for item in value)
    return value


def _yaml() -> Any:
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.allow_unicode = True
    return rt


def dump_document(doc: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(doc, buffer)
    return buffer.getvalue()


def load_document(path: Path) -> Any:
    """Load a file for round-trip editing; a broken file is refused with its line.

    A file whose aliases or nesting go past the bounds of :mod:`stemeco.storage.limits`
    is refused before ruamel.yaml (whose reader is recursive) sees it.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text = path.read_text(encoding="utf-8")
    check_yaml(text, path)
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ProjectFileError(
            path,
            _("not valid YAML: {problem}").format(problem=exc.problem or exc.context),
            line=mark.line + 1 if mark else None,
            hint=_("fix the file by hand, then retry"),
        ) from None
    except YAMLError as exc:
        raise ProjectFileError(path, _("not valid YAML: {problem}").format(problem=exc)) from None


class edit_yaml:  # noqa: N801 - used as a context manager, reads like a function
    """Round-trip edit of any project YAML file, written atomically on success.

    ``with edit_yaml(path, default=CommentedMap) as doc: doc["x"] = to_yaml_value(v)``
    keeps comments and key order; a broken file is refused before anything changes;
    an exception inside the block writes nothing.
    """

    def __init__(self, path: Path, *, header: str | None = None) -> None:
        self.path = path
        self.header = header
        self.doc: Any = None

    def __enter__(self) -> Any:
        from ruamel.yaml.comments import CommentedMap

        if self.path.exists():
            from stemeco.storage.read import read_yaml

            read_yaml(self.path)  # the fast loader names the broken line first
            self.doc = load_document(self.path)
        if self.doc is None:
            self.doc = CommentedMap()
            if self.header:
                self.doc.yaml_set_start_comment(self.header)
        return self.doc

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            atomic_write_text(self.path, dump_document(self.doc))


def new_document_text(data: Mapping[str, Any], *, header: str | None = None) -> str:
    """The text of a new YAML file (one record per file), values quoted unambiguously:
    what :func:`dump_document` writes, by the fast writer when it can."""
    text = fast_new_text(data, header)
    if text is not None:
        return text
    doc = to_yaml_value(data)
    if header:
        doc.yaml_set_start_comment(header)
    return dump_document(doc)


def write_new_yaml(path: Path, data: Mapping[str, Any], *, header: str | None = None) -> None:
    """Write a new YAML file (one record per file), values quoted unambiguously.

    The file is created, never replaced: a file of that name that appeared
    meanwhile is kept and the write refused (DiskError).
    """
    atomic_write_text(path, new_document_text(data, header=header), exclusive=True)


def _comment_slot(parent: Any, key: Any) -> tuple[dict[Any, Any], Any, int]:
    """Where ruamel keeps the comment after the entry ``key`` of ``parent``: (items, key, slot).

    The comment after a nested mapping or list is kept by its own last entry.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = parent[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value):
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _comment_slot(value, last)
    return parent.ca.items, key, 2 if isinstance(parent, CommentedMap) else 0


def _token(slot: tuple[dict[Any, Any], Any, int]) -> Any:
    items, key, index = slot
    entry = items.get(key)
    return entry[index] if entry and len(entry) > index else None


def delete_entry(parent: Any, key: Any) -> None:
    """Delete ``parent[key]`` (a key of a mapping or an index of a list) and keep the
    comments written below it, which belong to what follows: they move to the entry
    before it, or above the new first entry. (Its own end-of-line comment goes with it.)"""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    token = _token(_comment_slot(parent, key))
    below = ""
    if token is not None and "\n" in token.value:
        below = token.value.split("\n", 1)[1]
    keys = list(parent) if isinstance(parent, CommentedMap) else list(range(len(parent)))
    position = keys.index(key)
    del parent[key]
    if not below.strip():
        return
    if position == 0:
        lines = [line for line in below.splitlines() if line.strip()]
        tokens = [
            CommentToken(line.strip() + "\n", CommentMark(len(line) - len(line.lstrip())), None)
            for line in lines
        ]
        if parent.ca.comment is None or len(parent.ca.comment) < 2:
            parent.ca.comment = [None, []]
        if parent.ca.comment[1] is None:
            parent.ca.comment[1] = []
        parent.ca.comment[1].extend(tokens)
        return
    previous = keys[position - 1]
    items, at, index = _comment_slot(parent, previous)
    kept = _token((items, at, index))
    if kept is not None:
        kept.value = kept.value + below if kept.value.endswith("\n") else f"{kept.value}\n{below}"
        return
    entry = items.setdefault(at, [None, None, None, None])
    while len(entry) <= index:
        entry.append(None)
    entry[index] = CommentToken("\n" + below, CommentMark(0), None)


def insert_entry(parent: Any, position: int, key: Any, value: Any) -> None:
    """Insert ``key: value`` at ``position`` of a mapping, or ``value`` at ``position`` of
    a list (``key`` ignored), keeping every comment where it was: comments written below
    the last entry stay below the list when the new entry goes after it."""
    from ruamel.yaml.comments import CommentedMap

    is_map = isinstance(parent, CommentedMap)
    size = len(parent)
    below = ""
    if size and position >= size:
        last = list(parent)[-1] if is_map else size - 1
        below = _take_below(_comment_slot(parent, last))
    if is_map:
        parent.insert(position, key, value)
    else:
        parent.insert(position, value)
    if below:
        _put_below(_comment_slot(parent, key if is_map else position), below)


def _take_below(slot: tuple[dict[Any, Any], Any, int]) -> str:
    """The comment lines written below an entry, taken off it (its end-of-line comment stays)."""
    token = _token(slot)
    if token is None or "\n" not in token.value:
        return ""
    eol, below = token.value.split("\n", 1)
    if not below.strip():
        return ""
    items, key, index = slot
    if eol.strip():
        token.value = eol + "\n"
    else:
        items[key][index] = None
    return str(below)


def _put_below(slot: tuple[dict[Any, Any], Any, int], below: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    items, at, index = slot
    entry = items.setdefault(at, [None, None, None, None])
    while len(entry) <= index:
        entry.append(None)
    kept = entry[index]
    if kept is not None:
        kept.value = kept.value + below if kept.value.endswith("\n") else f"{kept.value}\n{below}"
    else:
        entry[index] = CommentToken("\n" + below, CommentMark(0), None)


# ---------------------------------------------------------------- the fast writer
#
# A new record (an organisation an import creates) has no comments to keep, yet
# ruamel.yaml's emitter costs about a millisecond per file, half of a large import.
# fast_new_text writes the same bytes as dump_document(to_yaml_value(data)) (same
# layout, same quoting) for the plain shapes records have: mappings with simple
# keys, lists, one-line text, whole numbers, true/false and empty values. For
# anything else it returns None and ruamel.yaml writes the file.
# tests/test_speed_emit.py holds the two to the same bytes.

_EDGE_SPACE = re.compile(r"^[ \t]|[ \t]$")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LONGEST = 1000  # far below ruamel's line width (4096): it never folds what we write


class _Unsure(Exception):
    """A value this writer cannot promise to write exactly as ruamel.yaml would."""


def fast_new_text(data: Mapping[str, Any], header: str | None = None) -> str | None:
    """The text of a new YAML file holding ``data``, or None when ruamel.yaml must write it."""
    if not isinstance(data, Mapping) or not data:
        return None
    out: list[str] = []
    if header:
        for line in header.split("\n"):
            if not line or line != line.strip() or line.startswith("#"):
                return None
            out.append(f"# {line}")
    try:
        _fast_mapping(data, 0, None, out)
    except _Unsure:
        return None
    out.append("")
    return "\n".join(out)


def _fast_mapping(data: Mapping[Any, Any], indent: int, first: str | None, out: list[str]) -> None:
    for number, (key, value) in enumerate(data.items()):
        prefix = first if number == 0 and first is not None else " " * indent
        if not isinstance(key, str) or not _KEY.fullmatch(key) or _reads_as_other(key):
            raise _Unsure
        if isinstance(value, Mapping):
            if not value:
                out.append(f"{prefix}{key}: {{}}")
            else:
                out.append(f"{prefix}{key}:")
                _fast_mapping(value, indent + 2, None, out)
        elif isinstance(value, list | tuple):
            if not value:
                out.append(f"{prefix}{key}: []")
            else:
                out.append(f"{prefix}{key}:")
                _fast_sequence(value, indent + 2, out)
        elif value is None:
            out.append(f"{prefix}{key}:")
        else:
            out.append(f"{prefix}{key}: {_fast_scalar(value)}")


def _fast_sequence(items: list[Any] | tuple[Any, ...], indent: int, out: list[str]) -> None:
    for item in items:
        if isinstance(item, Mapping):
            if not item:
                raise _Unsure
            _fast_mapping(item, indent + 2, " " * indent + "- ", out)
        elif item is None or isinstance(item, list | tuple):
            raise _Unsure
        else:
            out.append(f"{' ' * indent}- {_fast_scalar(item)}")


def _fast_scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str) or len(value) > _LONGEST:
        raise _Unsure
    text = value
    if not text.isprintable() or _EDGE_SPACE.search(text) or any(ord(c) > 0xFFFF for c in text):
        raise _Unsure  # line breaks, control characters, edge spaces: ruamel decides
    if _yaml11_reads_as_other(text):
        # roundtrip._scalar double-quotes these; printable text needs no escape but these
        if '"' in text or "\\" in text:
            raise _Unsure
        return f'"{text}"'
    if _reads_as_other(text) or (text[0] in "0123456789+-." and " " not in text):
        raise _Unsure  # ruamel's own YAML 1.2 resolver decides the quotes
    if not text[0].isalnum():
        raise _Unsure  # an indicator or a document marker may start it
    if ": " in text or " #" in text or text.endswith(":"):
        if "'" in text:  # ruamel picks double quotes
            if '"' in text or "\\" in text:
                raise _Unsure
            return f'"{text}"'
        return f"'{text}'"
    return text


def _reads_as_other(text: str) -> bool:
    """Would our YAML 1.2 reader take this plain text as something other than text?"""
    from stemeco.storage.read import core_resolves_to_text

    return not core_resolves_to_text(text)
