"""Project data that studio steps can offer as defaults (``default_from: project:NAME``).

Each provider takes the project and returns a value shaped like the step's
answer, or None when the project has nothing to offer yet. Features declare
their providers in their ``feature.py`` (:mod:`stemeco.registry`);
``stemeco studio providers`` lists them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from stemeco import registry
from stemeco.errors import StemecoError
from stemeco.project.folder import Project
from stemeco.studios.definition import Studio
from stemeco.studios.values import AnswerContext


def resolve(project: Project, names: set[str]) -> dict[str, Any]:
    """Compute only the providers that a studio refers to."""
    known = registry.providers()
    return {name: known[name].fn(project) for name in sorted(names) if name in known}


class LazyProviders(Mapping[str, Any]):
    """The providers a studio refers to, each computed the first time a step asks for it.

    ``stemeco check`` needs a provider only for a step whose choices come from the
    project; a default (the gap analysis behind Studio III's, say) it never asks for
    costs nothing. A provider whose project data is broken gives None here: that
    file's own check reports it.
    """

    def __init__(self, project: Project, names: set[str]) -> None:
        self.project = project
        known = registry.providers()
        self.known = {name: known[name] for name in sorted(names) if name in known}
        self.computed: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.computed:
            provider = self.known[name]  # KeyError for a name no feature offers
            try:
                self.computed[name] = provider.fn(self.project)
            except StemecoError:
                self.computed[name] = None
        return self.computed[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.known)

    def __len__(self) -> int:
        return len(self.known)


def answer_context(
    project: Project,
    studio: Studio,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    lazy: bool = False,
) -> AnswerContext:
    """The answers of every session and the project data ``studio`` refers to.

    The project data is computed at once (so a broken file behind it stops a
    studio before its first question), or with ``lazy`` only when a step asks for it,
    a broken file giving no data.
    """
    wanted = {
        ref.removeprefix("project:")
        for step in studio.steps
        for ref in (step.default_from, step.choices_from)
        if ref and ref.startswith("project:")
    }
    providers: Mapping[str, Any] = {}
    if wanted:
        providers = LazyProviders(project, wanted) if lazy else resolve(project, wanted)
    return AnswerContext(
        studio.id, answers if answers is not None else project.all_answers(), providers
    )
