"""Where the packaged studio definitions, templates and example live.

In a wheel, ``templates/`` and ``studios/`` are copied into the package; in a
source checkout (editable install, tests) they sit beside it at the top level.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def packaged(name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


def studios_dir() -> Path:
    return packaged("studios")


def templates_dir() -> Path:
    return packaged("templates")


def example_dir() -> Path:
    return PACKAGE_DIR / "example"
