"""Project data that studio steps can offer as defaults (``default_from: project:NAME``).

Each provider takes the project and returns a value shaped like the step's
answer, or None when the project has nothing to offer yet. Features declare
their providers in their ``feature.py`` (:mod:`stemeco.registry`);
``stemeco studio providers`` lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stemeco import registry
from stemeco.project.folder import Project
from stemeco.studios.definition import Studio
from stemeco.studios.values import AnswerContext


def resolve(project: Project, names: set[str]) -> dict[str, Any]:
    """Compute only the providers that a studio refers to."""
    known = registry.providers()
    return {name: known[name].fn(project) for name in sorted(names) if name in known}


def answer_context(
    project: Project, studio: Studio, answers: Mapping[str, Mapping[str, Any]] | None = None
) -> AnswerContext:
    """The answers of every session and the project data ``studio`` refers to."""
    wanted = {
        ref.removeprefix("project:")
        for step in studio.steps
        for ref in (step.default_from, step.choices_from)
        if ref and ref.startswith("project:")
    }
    return AnswerContext(
        studio.id,
        answers if answers is not None else project.all_answers(),
        resolve(project, wanted) if wanted else {},
    )
