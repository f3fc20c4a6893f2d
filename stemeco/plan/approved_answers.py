"""What the Leadership Team approved: the studio answers of each approval, kept in the project.

``approvals.yaml`` says who approved and when, with a fingerprint of the
answers (:mod:`stemeco.plan.approval`). ``stemeco approve`` also keeps the
answers themselves, so that ``stemeco changes`` can show the text approved
next to the text now without git (which a user may not have)::

    approvals/blueprint-58756eaee259.yaml   # the answers of fingerprint sha256:58756eaee259…

One file per approved set of answers, named after the start of its
fingerprint: approving the same answers again (a re-approval at a later
meeting) shares the file, and the file can be checked against the
fingerprint in ``approvals.yaml``, so a hand edit of it shows. An approval
recorded before stemeco kept the answers has no such file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stemeco.project.folder import Project

FOLDER = "approvals"
HEADER = (
    "The studio answers the Leadership Team approved (who and when: approvals.yaml).\n"
    "Written by 'stemeco approve' so that 'stemeco changes' can show what changed since.\n"
    "Do not edit: the file is checked against the fingerprint in approvals.yaml."
)


def record_path(project: Project, fingerprint: str, document: str = "blueprint") -> Path:
    """Where the answers of an approval with this fingerprint are kept."""
    digest = fingerprint.removeprefix("sha256:")[:12]
    return project.root / FOLDER / f"{document}-{digest}.yaml"


@contextmanager
def keeping(project: Project, fingerprint: str, answers: dict[str, Any]) -> Iterator[Path]:
    """Keep the approved answers around the writing of the approval itself: when that
    fails, a record this call wrote is removed again (an error leaves nothing written)."""
    from stemeco.storage.files import remove_file

    path = record_path(project, fingerprint)
    existed = path.exists()
    keep(project, fingerprint, answers)
    try:
        yield path
    except BaseException:
        if not existed:
            remove_file(path)
        raise


def keep(project: Project, fingerprint: str, answers: dict[str, Any]) -> Path:
    """Keep the approved ``answers`` (whose fingerprint is ``fingerprint``); the same answers
    give the same bytes, so approving them again rewrites the file as it was (or repairs it)."""
    from stemeco.storage.files import atomic_write_text
    from stemeco.storage.roundtrip import new_document_text

    path = record_path(project, fingerprint)
    # Replacing is right here (the same fingerprint, the same answers); `approve` holds the lock.
    text = new_document_text({"fingerprint": fingerprint, "answers": answers}, header=HEADER)
    atomic_write_text(path, text)
    return path


def kept(project: Project, fingerprint: str) -> dict[str, Any] | None:
    """The answers kept for an approval with this fingerprint, as written (None: no file,
    or not a record of that fingerprint). The caller checks them against the fingerprint."""
    from stemeco.storage.read import read_yaml

    path = record_path(project, fingerprint)
    if not path.is_file():
        return None
    data = read_yaml(path)
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return None
    answers = data.get("answers")
    return answers if isinstance(answers, dict) else None
