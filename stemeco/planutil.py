"""Small helpers shared by the plan features: dates, numbers typed as text, slugs.

Read-only and cheap (standard library only), so status checks can use them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from stemeco.errors import UsageError

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER_RE = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def today() -> dt.date:
    """The current date (one seam, so tests can pin it)."""
    return dt.date.today()


def parse_date(text: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date, or None when the text is not one."""
    if not isinstance(text, str) or not DATE_RE.fullmatch(text.strip()):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def date_option(text: str | None, option: str = "--date") -> str:
    """The value of a ``--date`` option (default today) as ``YYYY-MM-DD``; refuses bad dates."""
    if text is None:
        return today().isoformat()
    parsed = parse_date(text)
    if parsed is None:
        raise UsageError(
            f"{option} '{text}' is not a date", hint="write it as YYYY-MM-DD, e.g. 2026-03-31"
        )
    return parsed.isoformat()


def parse_number(text: str) -> int | float:
    """A value typed by a person: ``38``, ``38.5``, ``38%``, ``1,200``. Raises ValueError."""
    cleaned = text.strip().removesuffix("%").strip().replace("_", "")
    if re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    if re.fullmatch(r"[-+]?\d+", cleaned):
        return int(cleaned)
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"'{text}' is not a finite number")
    return int(number) if number.is_integer() and "." not in cleaned else number


def leading_number(text: object) -> float | None:
    """The first number written in ``text`` ("38% (2025)" -> 38.0), or None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str):
        return None
    match = _NUMBER_RE.search(text)
    if match is None:
        return None
    return float(match.group().replace(",", ""))


def slugify(text: str, *, limit: int = 48) -> str:
    """A stable id: lower case, accents dropped, words joined by dashes.

    Letters of any script are kept (a Hebrew name gives a Hebrew id); every run
    of other characters becomes one dash. Cut at ``limit`` characters on a dash.
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = re.sub(r"[\W_]+", "-", folded).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


ID_RE = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")


def valid_id(text: str) -> bool:
    return bool(ID_RE.fullmatch(text)) and "_" not in text and "--" not in text
