"""Where the packaged studio definitions, templates, example and rosters live.

In a wheel, the top-level ``templates/`` and ``studios/`` folders are copied
into ``stemeco/_data/``; in a source checkout (editable install, tests) they
sit beside the package at the top level.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def packaged(name: str) -> Path:
    inside = PACKAGE_DIR / "_data" / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


def studios_dir() -> Path:
    return packaged("studios")


def templates_dir() -> Path:
    return packaged("templates")


def example_dir() -> Path:
    return PACKAGE_DIR / "example"


def roster_dir(name: str) -> Path:
    """A public roster shipped with stemeco (``stemeco init --example san-diego``)."""
    return PACKAGE_DIR / "community" / "rosters" / name
