"""Why a record needs review, in the project's language.

The reasons are written into the records in English (``review_reason:``), because
stemeco reads them back: the review suggests the organisation a note names, a
merge settles the note about the record merged, the suggestions read the roster's
value an import could not map. They are shown translated: each part of a reason
(parts are joined by ``; ``) that is one of :data:`REASONS` is said in the
project's language with its values as they were written; a reason a person wrote
by hand is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from stemeco.i18n import N_, _, ngettext

#: The reasons stemeco writes, most particular first: a value in braces stands for
#: any text (a name, a file, a row), kept as written when the reason is translated.
REASONS: tuple[str, ...] = (
    N_("marked needs_review"),
    N_("a program is marked needs_review"),
    N_("no sector given"),
    N_("likely the same organisation as '{name}'"),
    N_("unknown {values} in {file} row {row}"),
    N_("unknown {values}"),
    N_("set its sector"),
    N_("is it '{name}'?"),
)


def _programs_naming(count: int) -> str:
    return ngettext(
        "named by {count} program in {file} (row {rows}) but not in the list of organisations",
        "named by {count} programs in {file} (rows {rows}) but not in the list of organisations",
        count,
    )


#: Reasons written with a count ("program(s)"): said with the form for the number.
COUNTED: dict[str, Callable[[int], str]] = {
    "named by {count} program(s) in {file} (row {rows}) but not in the list of "
    "organisations": _programs_naming,
}

#: What a record that nobody reviewed yet still lacks, by the parts missing.
MISSING: dict[tuple[str, ...], str] = {
    ("sector",): N_("no sector yet"),
    ("stage",): N_("no stage yet"),
    ("pillar",): N_("no pillar yet"),
    ("sector", "stage"): N_("no sector or stage yet"),
    ("sector", "pillar"): N_("no sector or pillar yet"),
    ("stage", "pillar"): N_("no stage or pillar yet"),
    ("sector", "stage", "pillar"): N_("no sector, stage or pillar yet"),
}


def _plain(message: str) -> Callable[[int], str]:
    """How to say a reason with no count: its message, translated."""

    def say(count: int) -> str:
        del count
        return _(message)

    return say


@cache
def _patterns() -> list[tuple[re.Pattern[str], Callable[[int], str]]]:
    """Each reason as a pattern of its English text, its values as named groups, and
    how to say it (given the reason's count, when it has one)."""
    said = {message: _plain(message) for message in (*REASONS, *MISSING.values())}
    out = []
    for written, say in {**said, **COUNTED}.items():
        parts = re.split(r"\{(\w+)\}", written)
        pattern = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
            for index, part in enumerate(parts)
        )
        out.append((re.compile(pattern), say))
    return out


def reason_part(part: str) -> str:
    """One part of a review reason in the project's language (as written if unknown)."""
    for pattern, say in _patterns():
        found = pattern.fullmatch(part)
        if found is not None:
            values = found.groupdict()
            count = values.get("count", "")
            return say(int(count) if count.isdigit() else 0).format(**values)
    return part


def reason_text(reason: str) -> str:
    """A review reason (``review_reason:``, or one of ``Organisation.review_reasons``)
    in the project's language, part by part."""
    return "; ".join(reason_part(part) for part in reason.split("; "))
