"""The shipped example (``stemeco init --example``), dated relative to the day it is made.

The Millbrook story is written as seen on :data:`ANCHOR`: everything dated
before it has happened (and is marked done), everything after it is planned,
at least a week ahead. A copy made on another day moves every date by the same
number of whole weeks (so a Thursday studio stays on a Thursday), and every
year named in the text (budget years, "class of 2028", "2024-25") by the whole
number of years nearest to that shift. The story keeps its shape on any day:
nothing is overdue, nothing planned lies in the past, nothing done lies ahead.

Dates live in the files as ``YYYY-MM-DD`` text, in interview file names and in
the folders of the self-assessment rounds; all of them move.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: The day the example's story is told from: after its last past date, at
#: least a week before its first planned one.
ANCHOR = dt.date(2026, 11, 16)

_DATE_OR_YEAR = re.compile(
    r"(?<![\w.,$])(?:"  # not inside a word, a number or an amount
    r"(?P<date>\d{4}-\d{2}-\d{2})(?!\d)"  # 2026-09-24, also in 2025-11-04-name.yaml
    r"|(?P<span>(?P<sy>20\d{2})-(?P<sy2>\d{2}))(?![\w-])"  # a school year: 2024-25
    r"|(?P<year>20\d{2})(?!\w)"  # a year: 2028, class of 2025, 2022-2025
    r")"
)


@dataclass(frozen=True)
class Shift:
    """How far a copy of the example moves: ``days`` (whole weeks) and ``years``."""

    days: int = 0

    @classmethod
    def for_day(cls, day: dt.date) -> Shift:
        """The shift that tells the story as seen on ``day``: whole weeks, rounded down."""
        return cls(((day - ANCHOR).days // 7) * 7)

    @property
    def years(self) -> int:
        return round(self.days / 365.25)

    def date(self, text: str) -> str:
        """A ``YYYY-MM-DD`` date moved by :attr:`days`."""
        return (dt.date.fromisoformat(text) + dt.timedelta(days=self.days)).isoformat()

    def text(self, text: str) -> str:
        """``text`` with every date and every year in it moved."""
        if not self.days:
            return text

        def move(match: re.Match[str]) -> str:
            if match["date"]:
                try:
                    return self.date(match["date"])
                except ValueError:  # not a real date: leave it as written
                    return match["date"]
            if match["span"]:
                first = int(match["sy"]) + self.years
                second = (int(match["sy2"]) + self.years) % 100
                return f"{first}-{second:02d}"
            return str(int(match["year"]) + self.years)

        return _DATE_OR_YEAR.sub(move, text)

    def path(self, relative: str) -> str:
        """A file's path in the example with the dates in its name moved."""
        return self.text(relative) if self.days else relative
