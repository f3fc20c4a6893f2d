"""Dates and numbers as the project's language writes them: the one home for both.

English keeps what stemeco always printed: dates as ``2026-03-31`` (the form
people type and the files hold) and numbers grouped ``1,200``. Spanish and
Hebrew go through Babel with the locales of the method's communities there:
Mexico (``31 mar 2026``) and Israel (``31 במרץ 2026``). Both keep the point
for decimals and the comma between thousands, so a number printed can be
typed back as it reads (:func:`stemeco.text.parse_number`).

Babel is imported on the first date or number formatted in Spanish or Hebrew
(about 60 ms with its locale data), never for an English project.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from stemeco.i18n import current_language
from stemeco.text import format_number, parse_date

#: The Babel locale each language formats with.
LOCALES: dict[str, str] = {"es": "es_MX", "he": "he_IL"}


def locale(code: str | None = None) -> str | None:
    """The Babel locale of ``code`` (default: the current language); None for English."""
    return LOCALES.get(code or current_language())


def date(value: dt.date | str | None, code: str | None = None) -> str:
    """A date for people: ``2026-03-31``, ``31 mar 2026``, ``31 במרץ 2026``.

    Text that is not a date (a value a person wrote by hand) is shown as written.
    """
    if value is None:
        return ""
    day = value if isinstance(value, dt.date) else parse_date(value)
    if day is None:
        return str(value)
    where = locale(code)
    if where is None:
        return day.isoformat()
    from babel.dates import format_date

    return format_date(day, "medium", locale=where)


def number(value: float, *, decimals: int = 2, code: str | None = None) -> str:
    """A number for people: thousands grouped, whole numbers without decimals."""
    where = locale(code)
    if where is None:
        return format_number(value, decimals=decimals)
    from babel.numbers import format_decimal

    pattern = "#,##0" if float(value).is_integer() else "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=where, decimal_quantization=True)


def fixed(value: float, places: int = 1, *, code: str | None = None) -> str:
    """A number with exactly ``places`` decimals (an average: ``3.0``, ``2.5``)."""
    where = locale(code)
    if where is None:
        return f"{value:,.{places}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(value, format=pattern, locale=where, decimal_quantization=True)


def conjoined(items: Sequence[str], code: str | None = None) -> str:
    """Items as a sentence lists them: ``a, b and c``, ``a, b y c``, ``א, ב וג``.

    Hebrew joins its "and" (ו) to the last word; before a word in another script
    (a name typed in English) or a digit it writes ``ו-``, as Hebrew typography does.
    """
    if len(items) < 2:
        return "".join(items)
    head, last = ", ".join(items[:-1]), items[-1]
    language = code or current_language()
    if language == "he":
        return f"{head} ו{'' if _hebrew(last[:1]) else '-'}{last}"
    if language == "es":  # "y" is "e" before an /i/ sound: "ciencia e investigación"
        folded = last.casefold()
        sound_i = folded.startswith(("i", "í", "hi", "hí")) and not folded.startswith("hie")
        return f"{head} {'e' if sound_i else 'y'} {last}"
    return f"{head} and {last}"


def _hebrew(char: str) -> bool:
    return "\u05d0" <= char <= "\u05ea"
