"""How far a made example was moved from the packaged one (see stemeco.project.example).

Tests that name a date of the example ask the project it was made into, not
today's date: a test run that passes midnight still agrees with its example.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from stemeco.project.example import Shift
from stemeco.resources import example_dir


def _studio_one(calendar: Path) -> dt.date:
    events = yaml.safe_load(calendar.read_text(encoding="utf-8"))["events"]
    return dt.date.fromisoformat(next(e["date"] for e in events if e["id"] == "studio-1"))


def example_shift(project: Path) -> Shift:
    """The shift of the example made in ``project``."""
    made = _studio_one(project / "calendar.yaml")
    packaged = _studio_one(example_dir() / "calendar.yaml")
    return Shift((made - packaged).days)
