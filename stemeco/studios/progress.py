"""Progress of the guided sessions, read cheaply (no ruamel, no Jinja)."""

from __future__ import annotations

from dataclasses import dataclass

from stemeco.project.folder import Project
from stemeco.studios.definition import is_answered
from stemeco.studios.values import AnswerContext


@dataclass(frozen=True)
class SessionProgress:
    id: str
    number: int | None
    name: str
    title: str
    answered: int
    total: int
    status: str


def session_progress(project: Project) -> list[SessionProgress]:
    answers = project.all_answers()
    out = []
    for studio_id, studio in project.studios.items():
        ctx = AnswerContext(studio_id, answers)
        steps = [s for s in studio.steps if ctx.applies(s)]
        mine = answers.get(studio_id, {})
        answered = sum(
            1 for s in steps if s.id in mine and (is_answered(mine[s.id]) or not s.required)
        )
        status = project.session(studio_id).status
        if status == "not_started" and answered:
            status = "in_progress"
        out.append(
            SessionProgress(
                studio_id,
                studio.number,
                studio.display_name,
                studio.title,
                answered,
                len(steps),
                status,
            )
        )
    return out
