"""The Leadership Team's approval of the blueprint, kept in ``approvals.yaml``.

An approval records who approved, when, and what: the answers themselves are
kept in ``approvals/`` (:mod:`stemeco.plan.approved_answers`), and a fingerprint
of them here: ``sha256:`` + the SHA-256 of the canonical JSON (keys sorted, no
spaces, UTF-8) of the answers of the four Design Studios, with unanswered
steps left out. The fingerprint covers the answers, not the rendered
Markdown, so re-rendering, a new template or a new stemeco version does not
invalidate an approval, while any change to an answer does: the approval is
then *stale* until the Leadership Team approves again.

``approvals.yaml`` keeps every approval (the last one counts)::

    blueprint:
      - by: Leadership Team (chair Ana Ruiz)
        date: '2026-02-26'
        note: Approved at the February meeting
        fingerprint: sha256:…
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stemeco.errors import ProjectFileError, UsageError
from stemeco.i18n import _
from stemeco.plan.approved_answers import keep, keeping
from stemeco.project.folder import STUDIO_IDS
from stemeco.storage.lock import writes
from stemeco.storage.read import read_yaml_with_lines
from stemeco.studios.definition import is_answered
from stemeco.text import parse_date

if TYPE_CHECKING:
    from stemeco.project.folder import Project

FILE = "approvals.yaml"
DOCUMENTS = {"blueprint": "the design blueprint (docs/blueprint.md)"}


@dataclass(frozen=True)
class Approval:
    document: str
    by: str
    date: str
    fingerprint: str
    note: str = ""


@dataclass(frozen=True)
class ApprovalState:
    approval: Approval | None
    current: str
    answered: bool

    @property
    def valid(self) -> bool:
        return self.approval is not None and self.approval.fingerprint == self.current

    @property
    def stale(self) -> bool:
        return self.approval is not None and not self.valid


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items() if is_answered(v)}
    if isinstance(value, list):
        return [_clean(v) for v in value if is_answered(v)]
    return value


def blueprint_answers(project: Project) -> dict[str, Any]:
    """The answers that feed the blueprint: the four studios, unanswered steps dropped."""
    return {sid: _clean(project.session(sid).answers) for sid in STUDIO_IDS}


def fingerprint(answers: dict[str, Any]) -> str:
    canonical = json.dumps(answers, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    import hashlib  # OpenSSL's import is slow; only approvals need it

    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_approvals(project: Project) -> dict[str, list[Approval]]:
    path = project.root / FILE
    if not path.is_file():
        return {}
    data, lines = read_yaml_with_lines(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProjectFileError(path, _("expected a mapping of document to approvals"), line=1)
    out: dict[str, list[Approval]] = {}
    for document, entries in data.items():
        if document not in DOCUMENTS:
            raise ProjectFileError(
                path,
                _("unknown document '{document}'; use blueprint").format(document=document),
                line=lines.get((document,)),
            )
        if not isinstance(entries, list):
            raise ProjectFileError(
                path,
                _("{where}: expected a list").format(where=document),
                line=lines.get((document,)),
            )
        for index, entry in enumerate(entries):
            line = lines.get((document, index))
            if not isinstance(entry, dict):
                raise ProjectFileError(
                    path,
                    _("{where}: expected a mapping").format(where=f"{document}[{index + 1}]"),
                    line=line,
                )
            by, date, mark = entry.get("by"), entry.get("date"), entry.get("fingerprint")
            if not isinstance(by, str) or not by.strip():
                raise ProjectFileError(
                    path,
                    _("{where}: a name").format(where=f"{document}[{index + 1}].by"),
                    line=line,
                )
            if not isinstance(date, str) or parse_date(date) is None:
                raise ProjectFileError(
                    path,
                    _("{where}: YYYY-MM-DD").format(where=f"{document}[{index + 1}].date"),
                    line=line,
                )
            if not isinstance(mark, str) or not mark.startswith("sha256:"):
                raise ProjectFileError(
                    path,
                    _("{where}: sha256:<hex> expected").format(
                        where=f"{document}[{index + 1}].fingerprint"
                    ),
                    line=line,
                )
            note = entry.get("note")
            out.setdefault(document, []).append(
                Approval(document, by, date, mark, note if isinstance(note, str) else "")
            )
    return out


def state(project: Project) -> ApprovalState:
    answers = blueprint_answers(project)
    approvals = read_approvals(project).get("blueprint", [])
    return ApprovalState(
        approvals[-1] if approvals else None,
        fingerprint(answers),
        any(answers.values()),
    )


@writes
def approve(project: Project, document: str, by: str, date: str, note: str = "") -> Approval:
    """Record an approval of the current answers; refuses when there is nothing to approve."""
    if document not in DOCUMENTS:
        raise UsageError(
            _("cannot approve '{document}'").format(document=document),
            hint=_("the document to approve: blueprint"),
        )
    by = by.strip()
    if not by or "\n" in by:
        raise UsageError(_("--by needs a one-line name (a person or 'Leadership Team')"))
    if "\n" in note:
        raise UsageError(_("--note must be one line"))
    current = state(project)  # refuses a broken approvals.yaml first
    if not current.answered:
        raise UsageError(
            _("there is nothing to approve: no Design Studio has answers yet"),
            hint=_("run the studios first ('stemeco studio run 1')"),
        )
    answers = blueprint_answers(project)  # what is approved, kept for 'stemeco changes'
    approval = Approval(document, by, date, fingerprint(answers), note.strip())
    with keeping(project, approval.fingerprint, answers):
        _append(project.path(FILE), approval)
    return approval


def _append(path: Path, approval: Approval) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from stemeco.storage.roundtrip import edit_yaml, to_yaml_value

    header = (
        "Approvals by the Leadership Team, latest last. Written by 'stemeco approve'.\n"
        "The fingerprint is of the studio answers approved: when they change, the\n"
        "approval becomes stale. Comments you add here are kept."
    )
    with edit_yaml(path, header=header) as doc:
        seq = doc.get(approval.document)
        if not isinstance(seq, list):
            seq = CommentedSeq()
            doc[approval.document] = seq
        entry = CommentedMap()
        entry["by"] = to_yaml_value(approval.by)
        entry["date"] = to_yaml_value(approval.date)
        if approval.note:
            entry["note"] = to_yaml_value(approval.note)
        entry["fingerprint"] = approval.fingerprint
        seq.append(entry)


@writes
def refresh_example(root: Path) -> None:
    """After ``init --example``: re-fingerprint the example's approval for the renamed answers.

    The example ships an approval of the Millbrook answers; replacing the name
    changes the answers, so the copy's approval is recorded again against them.
    """
    from stemeco.project.folder import Project
    from stemeco.storage.roundtrip import edit_yaml

    path = root / FILE
    if not path.is_file():
        return
    project = Project(root)
    answers = blueprint_answers(project)
    current = fingerprint(answers)
    with edit_yaml(path) as doc:
        entries = doc.get("blueprint")
        if isinstance(entries, list) and entries:
            entries[-1]["fingerprint"] = current
            keep(project, current, answers)


def as_context(project: Project) -> dict[str, Any]:
    current = state(project)
    approval = current.approval
    return {
        "approved": approval is not None,
        "valid": current.valid,
        "stale": current.stale,
        "by": approval.by if approval else None,
        "date": approval.date if approval else None,
        "note": approval.note if approval else None,
        "fingerprint": approval.fingerprint if approval else None,
        "current": current.current,
    }
