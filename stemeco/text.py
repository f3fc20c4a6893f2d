"""Text people type, read one way everywhere: slugs, dates, numbers, today, CSV cells.

Every command, the studio engine and the documents use these functions and no
others, so that "1,200" or "2026-02-30" means the same thing wherever it is
typed. Standard library only: cheap enough for ``stemeco status``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata

from stemeco.errors import UsageError
from stemeco.i18n import N_, _

# ---------------------------------------------------------------------------- slugs

SLUG_LIMIT = 60
_NOT_WORD = re.compile(r"[\W_]+")
ID_RE = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")


#: Names Windows keeps for its devices: a file called ``con.yaml`` (any case, any
#: extension) cannot be checked out there, so a clone of the project would fail.
WINDOWS_RESERVED = frozenset(
    ("con", "prn", "aux", "nul")
    + tuple(f"com{n}" for n in range(10))
    + tuple(f"lpt{n}" for n in range(10))
)
#: Added to a slug that Windows keeps for a device: ``Con`` is stored as ``con-1``.
RESERVED_SUFFIX = "-1"


def slugify(text: str, *, limit: int = SLUG_LIMIT, fallback: str = "") -> str:
    """A stable id for file names and references: lower case, accents dropped, dashes.

    Letters and digits of any script are kept (a Hebrew name gives a Hebrew
    id); every run of other characters becomes one dash. A slug longer than
    ``limit`` is cut at its last dash before the limit. ``fallback`` is
    returned when nothing is left (a name of only symbols).

    Every slug is a file name that every computer can check out: no dot or
    space at its end, at most ``limit`` characters, and never a name Windows
    keeps for a device (``con``, ``nul``, ``com1``...), which gets
    ``RESERVED_SUFFIX`` (``Con`` -> ``con-1``).
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = _NOT_WORD.sub("-", folded).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    if reserved_on_windows(slug):
        slug += RESERVED_SUFFIX
    return slug or fallback


def reserved_on_windows(name: str) -> bool:
    """Whether Windows refuses a file of this name (``nul``, ``NUL.yaml``, ``Com1.txt``)."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in WINDOWS_RESERVED


def valid_id(text: str) -> bool:
    """Whether ``text`` is an id as :func:`slugify` makes them."""
    return bool(ID_RE.fullmatch(text)) and "_" not in text and "--" not in text


# ---------------------------------------------------------------------------- dates

DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DATE_HINT = N_("write it as YYYY-MM-DD, e.g. 2026-03-31")
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def today() -> dt.date:
    """Today's date; ``SOURCE_DATE_EPOCH`` fixes it for reproducible runs and tests."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def date_problem(value: object) -> str | None:
    """Why ``value`` is not a ``YYYY-MM-DD`` date, or None when it is one."""
    if isinstance(value, dt.date):
        return None
    if not isinstance(value, str):
        return _("{value} is not a date ({hint})").format(value=repr(value), hint=_(DATE_HINT))
    match = DATE_RE.fullmatch(value.strip())
    if match is None:
        return _("'{value}' is not a date ({hint})").format(value=value, hint=_(DATE_HINT))
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return _("'{value}' is not a date: there is no month {month}").format(
            value=value, month=month
        )
    try:
        dt.date(year, month, day)
    except ValueError:
        return _("'{value}' is not a date: {month} {year} has {days} days").format(
            value=value, month=_(MONTHS[month - 1]), year=year, days=_days_in_month(year, month)
        )
    return None


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def parse_date(value: object) -> dt.date | None:
    """A ``YYYY-MM-DD`` date (text, or a date another YAML reader made), else None.

    Only that one form is read: "20260103" and "2026-W02-1", which Python's
    own parser would accept, are refused so that every file reads the same.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if date_problem(value) is not None:
        return None
    assert isinstance(value, str)
    return dt.date.fromisoformat(value.strip())


def require_date(value: object, what: str) -> dt.date:
    """The date in ``value``; a UsageError saying why when it is not one."""
    problem = date_problem(value)
    if problem is not None:
        raise UsageError(_("{what}: {problem}").format(what=what, problem=problem))
    parsed = parse_date(value)
    assert parsed is not None
    return parsed


def future_problem(day: dt.date) -> str | None:
    """The one rule for the future: what is recorded as having happened (held, done,
    measured, approved) cannot be dated after :func:`today`.

    ``"2027-01-21 is in the future (today is 2026-11-30)"``, or None when ``day`` is not later.
    """
    now = today()
    if day <= now:
        return None
    return _("{day} is in the future (today is {today})").format(
        day=day.isoformat(), today=now.isoformat()
    )


def date_option(text: str | None, option: str = "--date", *, past: bool = False) -> str:
    """The value of a ``--date`` option (default today) as ``YYYY-MM-DD``; refuses bad dates.

    ``past=True``: the date of something that has happened, so not after today.
    """
    if text is None:
        return today().isoformat()
    day = require_date(text, option)
    problem = future_problem(day) if past else None
    if problem is not None:
        raise UsageError(
            f"{option} {problem}", hint=_("record only what has happened; leave it out for today")
        )
    return day.isoformat()


# ---------------------------------------------------------------------------- numbers

_GROUPED = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_LEADING = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
CURRENCY = "$€£¥₪"


def parse_number(text: str) -> int | float:
    """A number as a person types it: ``38``, ``-5``, ``38.5``, ``38%``, ``1,200``, ``$38,000``.

    Commas group thousands only ("1,200"); "1,5" is refused rather than read
    as 15. A leading currency sign and a trailing % are allowed. Whole numbers
    come back as ``int``. Raises ValueError with a message for the person.
    """
    cleaned = str(text).strip().replace("_", "")
    cleaned = cleaned.removesuffix("%").strip()
    sign = ""
    if cleaned[:1] in "+-" and cleaned[1:2] in tuple(CURRENCY):
        sign, cleaned = cleaned[0], cleaned[1:]
    if cleaned[:1] in tuple(CURRENCY):
        cleaned = sign + cleaned[1:].strip()
    else:
        cleaned = sign + cleaned
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise ValueError(
                _(
                    "'{text}' is not a number: a comma only groups thousands (1,200); "
                    "use a point for decimals (1.5)"
                ).format(text=text)
            )
        cleaned = cleaned.replace(",", "")
    if not _PLAIN.fullmatch(cleaned):
        raise ValueError(_("'{text}' is not a number").format(text=text))
    if re.fullmatch(r"[-+]?\d+", cleaned):
        return int(cleaned)
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(_("'{text}' is not a finite number").format(text=text))
    return number


def leading_number(value: object) -> float | None:
    """The first number written in ``value`` ("38% (2025)" -> 38.0), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    match = _LEADING.search(value)
    if match is None:
        return None
    return float(match.group().replace(",", ""))


def format_number(value: float, *, decimals: int = 2) -> str:
    """A number for people: thousands grouped, whole numbers without decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}"


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 program``, ``3 programs``: English only, for text that is not translated
    (a message people read uses :func:`stemeco.i18n.ngettext`)."""
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"


# ---------------------------------------------------------------------------- spreadsheet cells

#: What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """One cell of every CSV stemeco writes: empty when unknown; text a spreadsheet
    would run as a formula gets a quote.

    A cell starting with ``= + - @``, a tab or a carriage return is prefixed with
    ``'`` (spreadsheets show the text, not a result) unless it is a number as
    people write them (a baseline of ``-5`` stays a number). Line breaks are LF.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value}"
    text = str(value)
    if text.startswith(FORMULA_START) and not isinstance(value, int | float):
        if text[0] in "\t\r":
            text = "'" + text
        else:
            try:
                parse_number(text)
            except ValueError:
                text = "'" + text
    # One kind of line break, which the csv module quotes (a bare CR would end the row).
    return text.replace("\r\n", "\n").replace("\r", "\n")
