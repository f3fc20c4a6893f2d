"""Every answer typed in Studios I-IV and the business plan reaches a rendered document.

A project is filled through ``apply_answers`` (validated as the prompts do),
every step and every record field of the packaged definitions: text gets a
unique marker, dates distinct dates. Each marker must appear in some document
of docs/. An answer with no text of its own (a choice, a number, yes/no) must
change some document when it changes. New steps and fields are covered
without touching this test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stemeco.documents.render import render_documents
from stemeco.project.folder import Project
from stemeco.studios.definition import Step, Studio
from stemeco.studios.engine import apply_answers
from stemeco.studios.sessions import SessionWriter

SESSIONS = ["studio-1", "studio-2", "studio-3", "studio-4", "business-plan"]
#: Record fields whose meaning depends on another field of the record: the record
#: a field is changed in gets these values (a budget line's status is for revenue).
RECORD_SETTINGS: dict[str, dict[str, str]] = {"business-plan.budget": {"kind": "revenue"}}


class Filler:
    """Answers for every step: text with unique markers, distinct dates, valid choices."""

    def __init__(self) -> None:
        self.answers: dict[str, dict[str, Any]] = {}
        self.markers: dict[str, str] = {}  # marker -> where
        self.day = dt.date(2031, 1, 1)

    def marker(self, where: str, step: Step) -> str:
        mark = f"mk{len(self.markers):03d}x"
        self.markers[mark] = where
        text = f"{mark} answer typed for {where}"
        low = int(step.min) if isinstance(step.min, int | float) else 0
        high = int(step.max) if isinstance(step.max, int | float) else 10_000
        text = text.ljust(low, "x")[: max(high, len(mark))]
        return text

    def date(self) -> str:
        self.day += dt.timedelta(days=37)
        return self.day.isoformat()

    def choices(self, session: str, step: Step) -> list[str]:
        if step.choices_from is None:
            return [c.value for c in step.choices]
        parts = step.choices_from.split(".")
        source = parts.pop(0) if parts[0] in SESSIONS else session
        records = self.answers[source][parts[0]]
        return [r[parts[1]] for r in records]

    def value(self, session: str, where: str, step: Step, record: int = 0) -> Any:
        if step.type in ("text", "longtext"):
            return self.marker(where, step)
        if step.type == "list":
            count = max(2, int(step.min) if isinstance(step.min, int | float) else 0)
            return [self.marker(f"{where}[{n}]", Step("item", "", "text")) for n in range(count)]
        if step.type == "date":
            return self.date()
        if step.type == "choice":
            options = self.choices(session, step)
            return options[record % len(options)]
        if step.type == "multichoice":
            options = self.choices(session, step)
            most = int(step.max) if isinstance(step.max, int | float) else len(options)
            return options[:most]  # every choice it allows, so that each ``includes`` holds
        if step.type == "yesno":
            return "yes"
        if step.type == "number":
            low = float(step.min) if isinstance(step.min, int | float) else 0.0
            high = float(step.max) if isinstance(step.max, int | float) else low + 100
            return str(int(low + 1) if step.integer else round(low + (high - low) / 3, 2))
        assert step.type == "records", step.type
        out = []
        for index in range(2):
            entry = {
                f.id: self.value(session, f"{where}[{index}].{f.id}", f, index) for f in step.fields
            }
            entry.update(RECORD_SETTINGS.get(where, {}))
            out.append(entry)
        return out

    def fill(self, project: Project) -> None:
        for session in SESSIONS:
            studio = project.studio(session)
            given = self.answers[session] = {}
            for step in studio.steps:  # in order: later steps choose from earlier answers
                given[step.id] = self.value(session, f"{session}.{step.id}", step)
            outcome = apply_answers(project, studio, given, source=Path("test-answers.yaml"))
            assert outcome.complete


def other_value(step: Step, value: Any, options: list[str]) -> Any:
    """A different valid value for an answer that has no text of its own."""
    if step.type == "choice":
        return next(o for o in options if o != value)
    if step.type == "multichoice":
        return value[:-1] if len(value) > 1 else [o for o in options if o != value[0]][:1]
    if step.type == "yesno":
        return False
    assert step.type == "number", step.type
    low = float(step.min) if isinstance(step.min, int | float) else 0.0
    return int(low) + 2 if step.integer else float(value) / 2 + low


def untyped(studio: Studio) -> Iterator[tuple[Step, Step | None]]:
    """(step, field) of every answer that is not text or a date."""
    for step in studio.steps:
        if step.type == "records":
            for fld in step.fields:
                if fld.type in ("choice", "multichoice", "yesno", "number"):
                    yield step, fld
        elif step.type in ("choice", "multichoice", "yesno", "number"):
            yield step, None


@pytest.fixture
def filled(project: Project) -> tuple[Project, Filler]:
    filler = Filler()
    filler.fill(project)
    return Project(project.root), filler


def all_text(project: Project) -> str:
    return "\n".join(render_documents(Project(project.root)).values())


def test_every_typed_answer_appears_in_a_document(filled: tuple[Project, Filler]) -> None:
    project, filler = filled
    text = all_text(project)
    missing = sorted(where for mark, where in filler.markers.items() if mark not in text)
    assert missing == [], f"answers that reach no document: {missing}"
    dates = [
        v
        for answers in filler.answers.values()
        for v in _leaves(answers)
        if isinstance(v, str) and v.startswith("203")
    ]
    assert dates
    assert [d for d in dates if d not in text] == []
    assert len(filler.markers) > 100  # the whole process was filled


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_every_choice_number_and_yes_no_changes_a_document(filled: tuple[Project, Filler]) -> None:
    project, filler = filled
    before = render_documents(project)
    unseen = []
    checked = 0
    for session in SESSIONS:
        studio = project.studio(session)
        writer = SessionWriter(project.session_path(session), studio)
        saved = project.session(session).answers
        for step, fld in untyped(studio):
            answer = saved[step.id]
            if fld is None:
                options = filler.choices(session, step)
                changed: Any = other_value(step, answer, options)
                label = f"{session}.{step.id}"
            else:
                options = filler.choices(session, fld)
                record = dict(answer[0])
                record[fld.id] = other_value(fld, record[fld.id], options)
                changed = [record, *answer[1:]]
                label = f"{session}.{step.id}.{fld.id}"
            writer.set_answer(step.id, changed, status="complete")
            after = render_documents(Project(project.root))
            writer.set_answer(step.id, answer, status="complete")
            checked += 1
            if after == before:
                unseen.append(label)
    assert unseen == [], f"answers that change no document: {unseen}"
    assert checked > 20
