"""Session answers on disk: ``sessions/<id>.yaml``.

Reads go through the fast safe loader of :mod:`stemeco.yamlio`. Writes go
through ruamel.yaml's round-trip mode so that the comments, key order and
quoting a person wrote by hand survive; every write is atomic (temporary file,
then rename) and happens the moment an answer is given.

File layout::

    # comments are kept
    studio: studio-2
    status: in_progress        # not_started | in_progress | complete
    answers:
      vision: ...
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from stemeco.errors import ProjectFileError
from stemeco.studio import Studio, is_answered
from stemeco.yamlio import atomic_write_text, read_yaml, read_yaml_with_lines

Status = Literal["not_started", "in_progress", "complete"]
STATUSES: tuple[Status, ...] = ("not_started", "in_progress", "complete")

# Strings a YAML 1.1 reader (PyYAML, many other tools) would read as something
# else: quote them so every reader sees exactly the text that was typed.
_AWKWARD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029\ufeff]|[ \t]\n|[ \t]$|^[ \t]")


@dataclass
class SessionState:
    studio_id: str
    status: Status = "not_started"
    answers: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, repr=False)
    path: Path | None = None

    def answered(self, step_id: str) -> bool:
        return is_answered(self.answers.get(step_id))


def read_session(path: Path, studio_id: str) -> SessionState:
    """Read a session file; a missing file is a session not yet started."""
    if not path.exists():
        return SessionState(studio_id, path=path)
    data = read_yaml(path)
    if data is None:
        return SessionState(studio_id, path=path)
    if not _well_formed(data):
        data, lines = read_yaml_with_lines(path)  # again, to say on which line
    else:
        lines = {}
    if not isinstance(data, dict):
        raise ProjectFileError(
            path, "expected a mapping with 'studio', 'status' and 'answers'", line=1
        )
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise ProjectFileError(
            path, "'answers' must be a mapping of step id to answer", line=lines.get(("answers",))
        )
    status = data.get("status", "in_progress" if answers else "not_started")
    if status not in STATUSES:
        raise ProjectFileError(
            path,
            f"status '{status}' is not one of {', '.join(STATUSES)}",
            line=lines.get(("status",)),
        )
    return SessionState(studio_id, status, dict(answers), lines, path)


def _well_formed(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("answers") or {}, dict)
        and data.get("status", "not_started") in STATUSES
    )


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
    """Load a file for round-trip editing; a broken file is refused with its line."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text = path.read_text(encoding="utf-8")
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ProjectFileError(
            path,
            f"not valid YAML: {exc.problem or exc.context}",
            line=mark.line + 1 if mark else None,
            hint="fix the file by hand, then retry",
        ) from None
    except YAMLError as exc:
        raise ProjectFileError(path, f"not valid YAML: {exc}") from None


class SessionWriter:
    """Round-trip editor of one session file; every change is written at once."""

    def __init__(self, path: Path, studio: Studio) -> None:
        from ruamel.yaml.comments import CommentedMap

        self.path = path
        self.studio = studio
        if path.exists():
            read_session(path, studio.id)  # refuse a broken file before touching it
            self.doc = load_document(path)
        else:
            self.doc = None
        if not isinstance(self.doc, CommentedMap):
            self.doc = CommentedMap()
            self.doc.yaml_set_start_comment(
                f"{studio.display_name}: {studio.title}. Answers of the design team.\n"
                f"Written by stemeco; comments you add here are kept."
            )
        if "studio" not in self.doc:
            self.doc.insert(0, "studio", studio.id)
        if "status" not in self.doc:
            self.doc.insert(1, "status", "not_started")
        if not isinstance(self.doc.get("answers"), CommentedMap):
            self.doc["answers"] = CommentedMap()

    @property
    def answers(self) -> Any:
        return self.doc["answers"]

    def set_answer(self, step_id: str, value: Any, *, status: Status = "in_progress") -> None:
        answers = self.answers
        if step_id in answers:
            answers[step_id] = to_yaml_value(value)
        else:
            answers.insert(self._position(step_id), step_id, to_yaml_value(value))
        self.doc["status"] = status
        self.save()

    def remove_answer(self, step_id: str) -> None:
        if step_id in self.answers:
            del self.answers[step_id]
            self.save()

    def set_status(self, status: Status) -> None:
        self.doc["status"] = status
        self.save()

    def clear(self) -> None:
        from ruamel.yaml.comments import CommentedMap

        self.doc["answers"] = CommentedMap()
        self.doc["status"] = "not_started"
        self.save()

    def _position(self, step_id: str) -> int:
        order = [s.id for s in self.studio.steps]
        if step_id not in order:
            return len(self.answers)
        rank = order.index(step_id)
        keys = list(self.answers)
        position = 0
        for index, key in enumerate(keys):
            if key in order and order.index(key) < rank:
                position = index + 1
        return position

    def save(self) -> None:
        atomic_write_text(self.path, dump_document(self.doc))


def write_session(path: Path, studio: Studio, answers: Mapping[str, Any], status: Status) -> None:
    """Set several answers at once (``--answers``), in one atomic write."""
    writer = SessionWriter(path, studio)
    for step in studio.steps:
        if step.id in answers:
            value = to_yaml_value(answers[step.id])
            if step.id in writer.answers:
                writer.answers[step.id] = value
            else:
                writer.answers.insert(writer._position(step.id), step.id, value)
    writer.doc["status"] = status
    writer.save()


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
            from stemeco.yamlio import read_yaml

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


def write_new_yaml(path: Path, data: Mapping[str, Any], *, header: str | None = None) -> None:
    """Write a new YAML file (one record per file), values quoted unambiguously."""
    doc = to_yaml_value(data)
    if header:
        doc.yaml_set_start_comment(header)
    atomic_write_text(path, dump_document(doc))
