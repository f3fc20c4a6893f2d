"""Session answers on disk: ``sessions/<id>.yaml``.

Reads go through the fast safe loader of :mod:`stemeco.storage.read`. Writes
go through ruamel.yaml's round-trip mode (:mod:`stemeco.storage.roundtrip`)
so that the comments, key order and quoting a person wrote by hand survive;
every write is atomic (temporary file, then rename) and happens the moment an
answer is given.

File layout::

    # comments are kept
    studio: studio-2
    status: in_progress        # not_started | in_progress | complete
    answers:
      vision: ...
    drafts:                    # records steps stopped before "Done" (only while there are)
      sector_commitments:
        records:               # the records finished so far
          - {sector: prek12, partner: Riverton Schools, commitment: ...}
        open_record:           # the record being typed when the session stopped
          number: 2
          fields: {sector: business}

A draft is what was typed of a records step that is not finished yet: the
answer (if any) stays as it was until the room says "Done", and ``stemeco
studio run`` resumes the step from the draft. Saving the answer drops the draft.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from stemeco.errors import ProjectFileError
from stemeco.i18n import _
from stemeco.storage.files import atomic_write_text
from stemeco.storage.lock import project_lock
from stemeco.storage.read import read_yaml, read_yaml_with_lines
from stemeco.storage.roundtrip import dump_document, load_document, to_yaml_value
from stemeco.studios.definition import Studio, is_answered

Status = Literal["not_started", "in_progress", "complete"]
STATUSES: tuple[Status, ...] = ("not_started", "in_progress", "complete")


@dataclass(frozen=True)
class Draft:
    """An unfinished records step: the records finished so far, and the one being typed.

    ``open_number`` is the 1-based position of the record being typed (one past
    the end for a new record); ``open_fields`` what was typed of it so far.
    """

    records: list[dict[str, Any]]
    open_number: int | None = None
    open_fields: dict[str, Any] | None = None

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"records": [dict(r) for r in self.records]}
        if self.open_number is not None:
            data["open_record"] = {
                "number": self.open_number,
                "fields": dict(self.open_fields or {}),
            }
        return data


@dataclass
class SessionState:
    studio_id: str
    status: Status = "not_started"
    answers: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, repr=False)
    path: Path | None = None
    drafts: dict[str, Draft] = field(default_factory=dict)

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
            path, _("expected a mapping with 'studio', 'status' and 'answers'"), line=1
        )
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise ProjectFileError(
            path,
            _("'answers' must be a mapping of step id to answer"),
            line=lines.get(("answers",)),
        )
    status = data.get("status", "in_progress" if answers else "not_started")
    if status not in STATUSES:
        raise ProjectFileError(
            path,
            _("status '{status}' is not one of {choices}").format(
                status=status, choices=", ".join(STATUSES)
            ),
            line=lines.get(("status",)),
        )
    drafts = _drafts(data.get("drafts"), path, lines)
    return SessionState(studio_id, status, dict(answers), lines, path, drafts)


def _well_formed(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    try:
        _drafts(data.get("drafts"), Path(), {})
    except ProjectFileError:
        return False
    return isinstance(data.get("answers") or {}, dict) and data.get("status", "not_started") in (
        STATUSES
    )


def _drafts(raw: Any, path: Path, lines: Mapping[tuple[str | int, ...], int]) -> dict[str, Draft]:
    """The ``drafts:`` mapping, or ProjectFileError naming the line that is wrong."""
    if raw is None:
        return {}

    def broken(where: tuple[str | int, ...], message: str) -> ProjectFileError:
        return ProjectFileError(path, message, line=lines.get(where) or lines.get(("drafts",)))

    if not isinstance(raw, dict):
        raise broken(("drafts",), _("'drafts' must be a mapping of step id to unfinished records"))
    out: dict[str, Draft] = {}
    for step_id, item in raw.items():
        at: tuple[str | int, ...] = ("drafts", step_id)
        records = item.get("records") if isinstance(item, dict) else None
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise broken(
                at,
                _("{where}: 'records' must be a list of records").format(where=f"drafts.{step_id}"),
            )
        opened = item.get("open_record")
        number: int | None = None
        fields: dict[str, Any] | None = None
        if opened is not None:
            number = opened.get("number") if isinstance(opened, dict) else None
            fields = opened.get("fields") if isinstance(opened, dict) else None
            if (
                not isinstance(number, int)
                or isinstance(number, bool)
                or not 1 <= number <= len(records) + 1
                or not isinstance(fields, dict)
            ):
                raise broken(
                    (*at, "open_record"),
                    _("{where}: needs 'number' (1 to {last}) and 'fields' (a mapping)").format(
                        where=f"drafts.{step_id}.open_record", last=len(records) + 1
                    ),
                )
        out[str(step_id)] = Draft([dict(r) for r in records], number, fields)
    return out


class SessionWriter:
    """Round-trip editor of one session file; every change is written at once.

    Each change holds the project's lock (:mod:`stemeco.storage.lock`) and
    starts from the file as it is on disk then, so two people answering
    different steps of the same studio at once both keep their answers; no
    lock is held while a person is thinking.
    """

    def __init__(self, path: Path, studio: Studio, root: Path | None = None) -> None:
        self.path = path
        self.studio = studio
        self.root = root if root is not None else path.parent.parent
        self.doc: Any = self._load()  # refuses a broken file before anything is asked

    def _load(self) -> Any:
        from ruamel.yaml.comments import CommentedMap

        doc: Any = None
        if self.path.exists():
            read_session(self.path, self.studio.id)  # refuse a broken file before touching it
            doc = load_document(self.path)
        if not isinstance(doc, CommentedMap):
            doc = CommentedMap()
            doc.yaml_set_start_comment(
                f"{self.studio.display_name}: {self.studio.title}. Answers of the design team.\n"
                f"Written by stemeco; comments you add here are kept."
            )
        if "studio" not in doc:
            doc.insert(0, "studio", self.studio.id)
        if "status" not in doc:
            doc.insert(1, "status", "not_started")
        if not isinstance(doc.get("answers"), CommentedMap):
            doc["answers"] = CommentedMap()
        return doc

    @contextmanager
    def change(self) -> Iterator[Any]:
        """Lock the project, read the file as it is now, let the caller change it, write it.

        Nothing is written when the block raises.
        """
        with project_lock(self.root):
            self.doc = self._load()
            yield self.doc
            self.save()

    @property
    def answers(self) -> Any:
        return self.doc["answers"]

    def set_answer(self, step_id: str, value: Any, *, status: Status = "in_progress") -> None:
        """Save an answer; the step's draft, if any, goes in the same write."""
        with self.change():
            self._put(step_id, value)
            self.doc["status"] = status
            self._drop_draft(step_id)

    def _put(self, step_id: str, value: Any) -> None:
        answers = self.answers
        if step_id in answers:
            answers[step_id] = to_yaml_value(value)
        else:
            answers.insert(self._position(step_id), step_id, to_yaml_value(value))

    def set_draft(self, step_id: str, draft: Draft, *, status: Status | None = None) -> None:
        """Save what is typed so far of an unfinished records step."""
        from ruamel.yaml.comments import CommentedMap

        with self.change():
            drafts = self.doc.get("drafts")
            if not isinstance(drafts, CommentedMap):
                drafts = CommentedMap()
                self.doc["drafts"] = drafts
                self.doc.yaml_add_eol_comment(
                    "unfinished records: stemeco studio run resumes them", "drafts"
                )
            drafts[step_id] = to_yaml_value(draft.as_data())
            if status is not None:
                self.doc["status"] = status

    def _drop_draft(self, step_id: str) -> None:
        drafts = self.doc.get("drafts")
        if isinstance(drafts, dict) and step_id in drafts:
            del drafts[step_id]
            if not drafts:
                del self.doc["drafts"]

    def remove_answer(self, step_id: str) -> None:
        with self.change():
            if step_id in self.answers:
                del self.answers[step_id]

    def set_status(self, status: Status) -> None:
        with self.change():
            self.doc["status"] = status

    def clear(self) -> None:
        from ruamel.yaml.comments import CommentedMap

        with self.change():
            self.doc["answers"] = CommentedMap()
            self.doc["status"] = "not_started"
            if "drafts" in self.doc:
                del self.doc["drafts"]

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
    with writer.change():
        for step in studio.steps:
            if step.id in answers:
                writer._put(step.id, answers[step.id])
        writer.doc["status"] = status
