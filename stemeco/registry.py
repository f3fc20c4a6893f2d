"""The features of stemeco and what each one contributes, in one readable list.

A feature is a subpackage with a ``feature.py`` that defines ``FEATURE``: its
status items (``stemeco status``), its project checks (``stemeco check``), its
documents and their render context (``stemeco render``), the project data it
offers studio steps as defaults (providers), and what it adds to a new project
(``stemeco init``). Nothing registers itself by being imported: the order of
:data:`FEATURE_MODULES` is the order of the status report (within a
milestone), of the checks and of the documents, so the "Next:" action never
depends on which module happened to be imported first.

Feature modules are imported by every command that reads the project, so they
keep heavy imports (ruamel.yaml, Jinja, questionary) inside functions.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stemeco.errors import Problem
    from stemeco.project.folder import Project
    from stemeco.project.status import Item

#: The features, in the order their items appear in status, check and render.
FEATURE_MODULES: tuple[str, ...] = (
    "stemeco.community.feature",
    "stemeco.studios.feature",
    "stemeco.plan.feature",
)

StatusItems = Callable[["Project"], "list[Item]"]
Check = Callable[["Project"], "list[Problem]"]
ContextHook = Callable[["Project", dict[str, Any]], None]
ProviderFn = Callable[["Project"], Any]
Scaffolder = Callable[[Path, bool], None]
ExampleFinisher = Callable[[Path], None]


@dataclass(frozen=True)
class Document:
    """One output file in docs/ and the template that makes it."""

    output: str
    template: str
    title: str


@dataclass(frozen=True)
class Provider:
    """Project data a studio step can take as its default: ``default_from: project:NAME``."""

    name: str
    description: str
    fn: ProviderFn


@dataclass(frozen=True)
class Feature:
    name: str
    status: tuple[StatusItems, ...] = ()
    checks: tuple[Check, ...] = ()
    documents: tuple[Document, ...] = ()
    context: tuple[ContextHook, ...] = ()
    providers: tuple[Provider, ...] = ()
    scaffold: tuple[Scaffolder, ...] = ()
    example_finishers: tuple[ExampleFinisher, ...] = ()


@cache
def features() -> tuple[Feature, ...]:
    found = []
    for name in FEATURE_MODULES:
        feature = importlib.import_module(name).FEATURE
        if not isinstance(feature, Feature):  # pragma: no cover - a programming error
            raise TypeError(f"{name}.FEATURE is not a Feature")
        found.append(feature)
    return tuple(found)


def status_items() -> list[StatusItems]:
    return [fn for feature in features() for fn in feature.status]


def checks() -> list[Check]:
    return [fn for feature in features() for fn in feature.checks]


def documents() -> list[Document]:
    return [doc for feature in features() for doc in feature.documents]


def context_hooks() -> list[ContextHook]:
    return [fn for feature in features() for fn in feature.context]


def providers() -> dict[str, Provider]:
    return {p.name: p for feature in features() for p in feature.providers}


def scaffolders() -> list[Scaffolder]:
    return [fn for feature in features() for fn in feature.scaffold]


def example_finishers() -> list[ExampleFinisher]:
    return [fn for feature in features() for fn in feature.example_finishers]
