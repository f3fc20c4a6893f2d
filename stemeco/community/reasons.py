"""Why a record needs review, and why two records look like one organisation, in the
project's language.

The reasons are written into the records in English (``review_reason:``), because
stemeco reads them back: the review suggests the organisation a note names, a
merge settles the note about the record merged, the suggestions read the roster's
value an import could not map. They are shown translated: each part of a reason
(parts are joined by ``; ``) that is one of :data:`REASONS` is said in the
project's language, its values as they were written (a name, a file, a row; the
evidence of a likely duplicate and the values an import could not map are
translated in turn); a reason a person wrote by hand is shown as written.

The evidence that two records are one organisation (:data:`EVIDENCE`) is written
by :mod:`stemeco.community.duplicates` the same way, and shown with
:func:`evidence_text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from stemeco.i18n import N_, _, ngettext

#: The reasons stemeco writes, most particular first: a value in braces stands for
#: text kept as written (a name, a file, a row) or translated in turn (see _VALUES).
REASONS: tuple[str, ...] = (
    N_("marked needs_review"),
    N_("a program is marked needs_review"),
    N_("no sector given"),
    N_("likely the same organisation as '{name}' ({where}): {why}"),
    N_("likely the same organisation as '{name}'"),
    N_("unknown {values} in {file} row {row}"),
    N_("unknown {values}"),
    N_("listed again at row {row} of {file}"),
    N_("check the details"),
    N_("{sector} kept"),
    N_("set its sector"),
    N_("is it '{name}'?"),
)

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

#: Why two records look like one organisation, by the kind of evidence (``{key}``: the
#: website, the address in quotes, the e-mail domain, as the record writes it).
EVIDENCE: dict[str, str] = {
    "website": N_("same website {key}"),
    "address": N_("same address {key}"),
    "email": N_("same e-mail domain {key}"),
    "name": N_("the same name"),
    "alike": N_("a similar name"),
}

#: Where the other record of a likely duplicate is: a row of the file imported, or a file.
PLACES: tuple[str, ...] = (N_("row {row} of {file}"), N_("row {row}"))

#: A value an import could not map: ``sector 'X'``, or a cell of a Yes/No column.
UNMAPPED: tuple[str, ...] = (N_("'{cell}' in the Yes/No column '{header}'"),)


def _programs_naming(count: int) -> str:
    return ngettext(
        "named by {count} program in {file} (row {rows}) but not in the list of organisations",
        "named by {count} programs in {file} (rows {rows}) but not in the list of organisations",
        count,
    )


def _sectors_given(count: int) -> str:
    return ngettext(
        "its Yes/No columns give {count} sector ({sectors})",
        "its Yes/No columns give {count} sectors ({sectors})",
        count,
    )


#: Reasons written with a count: said with the form for the number.
COUNTED: dict[str, Callable[[int], str]] = {
    "named by {count} program(s) in {file} (row {rows}) but not in the list of "
    "organisations": _programs_naming,
    "its Yes/No columns give {count} sectors ({sectors})": _sectors_given,
}

#: What a value in braces may be, where "any text" would read too much.
_GROUPS = {
    "count": r"\d+",
    "row": r"\d+",
    "sector": r"[a-z0-9_]+",
    "key": r"'[^']*'|[^\s,]+",
}


def _pattern(message: str) -> str:
    """A message's English as a regular expression, its values as named groups."""
    parts = re.split(r"\{(\w+)\}", message)
    return "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>{_GROUPS.get(part, '.+?')})"
        for index, part in enumerate(parts)
    )


def _plain(message: str) -> Callable[[int], str]:
    """How to say a message with no count: translated."""

    def speak(count: int) -> str:
        del count
        return _(message)

    return speak


@cache
def _patterns(
    messages: tuple[str, ...], counted: tuple[str, ...] = ()
) -> list[tuple[re.Pattern[str], Callable[[int], str]]]:
    said = {message: _plain(message) for message in messages}
    said.update({message: COUNTED[message] for message in counted})
    return [(re.compile(_pattern(written)), speak) for written, speak in said.items()]


def _translated(text: str, messages: tuple[str, ...], counted: tuple[str, ...] = ()) -> str:
    """``text`` said in the project's language when it is one of ``messages``."""
    for pattern, speak in _patterns(messages, counted):
        found = pattern.fullmatch(text)
        if found is not None:
            values = {name: _value(name, value) for name, value in found.groupdict().items()}
            count = found.groupdict().get("count", "")
            return speak(int(count) if count.isdigit() else 0).format(**values)
    return text


def _listed(text: str, messages: tuple[str, ...], item: str) -> str:
    """A list joined by ``, `` whose items are ``item`` (a pattern), each translated;
    the text as written when it is not such a list."""
    items = re.compile(rf"({item})(?:, |$)")
    found, at = [], 0
    for match in items.finditer(text):
        if match.start() != at:
            return text
        found.append(_translated(match.group(1), messages))
        at = match.end()
    return ", ".join(found) if found and at == len(text) else text


def evidence_text(why: str) -> str:
    """Why two records look like one organisation (``same website example.org, a similar
    name``), in the project's language; the websites and addresses as written."""
    item = "|".join(_pattern(message) for message in EVIDENCE.values())
    return _listed(why, tuple(EVIDENCE.values()), re.sub(r"\(\?P<\w+>", "(?:", item))


def _unmapped(values: str) -> str:
    """``sector 'X', 'maybe' in the Yes/No column 'Museum'``, in the project's language."""
    item = r"\w+ '[^']*'|" + re.sub(r"\(\?P<\w+>", "(?:", _pattern(UNMAPPED[0]))
    return _listed(values, UNMAPPED, item)


def _value(name: str, value: str) -> str:
    if name == "why":
        return evidence_text(value)
    if name == "where":
        return _translated(value, PLACES)
    if name == "values":
        return _unmapped(value)
    return value


def reason_part(part: str) -> str:
    """One part of a review reason in the project's language (as written if unknown)."""
    return _translated(part, (*REASONS, *MISSING.values()), tuple(COUNTED))


def reason_text(reason: str) -> str:
    """A review reason (``review_reason:``, or one of ``Organisation.review_reasons``)
    in the project's language, part by part."""
    return "; ".join(reason_part(part) for part in reason.split("; "))
