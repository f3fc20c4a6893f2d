"""Project data that studio steps can offer as defaults (``default_from: project:NAME``).

Each provider takes the project and returns a value shaped like the step's
answer, or None when the project has nothing to offer yet. Providers are
registered with :func:`provider`; ``stemeco studio providers`` lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stemeco.project import Project

ProviderFn = Callable[["Project"], Any]


@dataclass(frozen=True)
class Provider:
    name: str
    description: str
    fn: ProviderFn


REGISTRY: dict[str, Provider] = {}


def provider(name: str, description: str) -> Callable[[ProviderFn], ProviderFn]:
    def register(fn: ProviderFn) -> ProviderFn:
        REGISTRY[name] = Provider(name, description, fn)
        return fn

    return register


def resolve(project: Project, names: set[str]) -> dict[str, Any]:
    """Compute only the providers that a studio refers to."""
    _load_all()
    return {name: REGISTRY[name].fn(project) for name in sorted(names) if name in REGISTRY}


def _load_all() -> None:
    from stemeco.features import load

    load()
