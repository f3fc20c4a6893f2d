"""From a roster's rows to stemeco's fields, before anything is planned or written.

Which column holds which field (the mapping's ``columns:``, ``--column``, or the
headers stemeco knows), each cell read (placeholders as empty), list cells split
on the mapping's separator, values translated into stemeco's vocabularies,
Yes/No columns turned into sectors, stages and pillars (``flags:``), the other
columns kept under their field names; and, for every value that has no
stemeco equivalent, a message saying which values are accepted and how the
cells were split, at the mapping file's line.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stemeco.community.assets import TAIL_KEYS
from stemeco.community.sources import (
    FIELDS,
    REQUIRED,
    VOCAB_FIELDS,
    Flag,
    Kind,
    Mapping_,
    Table,
    accepted_flags,
    flag_answer,
    norm_value,
    unique_name,
)
from stemeco.errors import Problem, UsageError, ValidationFailed
from stemeco.i18n import _, ngettext
from stemeco.storage.read import line_of


class UnknownValues(ValidationFailed):
    """Values of the file that the mapping does not know: nothing was imported."""

    exit_code = 1


# ---------------------------------------------------------------- columns


def resolve_columns(
    table: Table, kind: Kind, mapping: Mapping_, overrides: dict[str, str]
) -> dict[str, str]:
    """stemeco field -> the key (field name) of its column in the file."""
    shown = ", ".join(h for h in table.headers if h)
    columns: dict[str, str] = {}
    for fld, header in mapping.columns[kind].items():
        found = table.key_of(header)
        if found is not None:
            columns[fld] = found
    if not mapping.columns[kind]:
        available = set(table.keys)
        used = {table.key_of(flag.header) for flag in mapping.flags[kind]}
        for fld, synonyms in FIELDS[kind].items():
            for synonym in synonyms:
                if synonym in available and synonym not in used:
                    columns[fld] = synonym
                    used.add(synonym)
                    break
    for fld, header in overrides.items():
        if fld not in FIELDS[kind]:
            raise UsageError(
                _("--column {field}=...: '{field}' is not a field of {kind}").format(
                    field=fld, kind=kind
                ),
                hint=_("fields: {fields}").format(fields=", ".join(FIELDS[kind])),
            )
        key = table.key_of(header)
        if key is None:
            raise UsageError(
                _("{file}: no column '{header}' (the columns are: {columns})").format(
                    file=table.path, header=header, columns=shown
                ),
                hint=_("check --column"),
            )
        columns[fld] = key
    for fld in REQUIRED[kind]:
        if fld not in columns:
            wanted = mapping.columns[kind].get(fld) or "' | '".join(FIELDS[kind][fld][:3])
            message = (
                _(
                    "{file}: no column for the organisation's {field} ('{wanted}'); "
                    "the columns are: {columns}"
                )
                if kind == "organisations"
                else _(
                    "{file}: no column for the program's {field} ('{wanted}'); "
                    "the columns are: {columns}"
                )
            )
            raise UsageError(
                message.format(file=table.path, field=fld, wanted=wanted, columns=shown),
                hint=_("name it with {option}").format(option=f"--column {fld}=HEADER"),
            )
    return columns


def detect_kind(table: Table, mapping: Mapping_, overrides: dict[str, str]) -> Kind:
    if "organisation" in overrides:
        return "programs"
    mapped = mapping.columns["programs"].get("organisation")
    if mapped is not None:
        return "programs" if table.key_of(mapped) is not None else "organisations"
    try:
        columns = resolve_columns(table, "programs", mapping, {})
    except UsageError:
        return "organisations"
    return "programs" if columns["organisation"] != columns["name"] else "organisations"


# ---------------------------------------------------------------- rows -> records


@dataclass
class Unknown:
    field: str  # a field (sector, stages, pillars) or, for a Yes/No column, its header
    value: str
    rows: list[int] = dataclasses.field(default_factory=list)
    flag: Flag | None = None  # the Yes/No column it was met in

    @property
    def shown_field(self) -> str:
        return _("Yes/No column '{header}'").format(header=self.field) if self.flag else self.field


@dataclass
class Parsed:
    row: int
    fields: dict[str, Any]
    extras: dict[str, str]
    unknown: list[str]  # "sector 'X'" texts
    notes: list[str] = dataclasses.field(default_factory=list)  # other reasons to review


class _Values:
    def __init__(self, mapping: Mapping_) -> None:
        self.mapping = mapping
        self.unknown: dict[tuple[str, str], Unknown] = {}
        self.identity = {
            fld: {
                **{norm_value(k): k for k in vocab},
                **{norm_value(v): k for k, v in vocab.items()},
            }
            for fld, vocab in VOCAB_FIELDS.items()
        }

    def convert(self, fld: str, raw: str, row: int, unknown: list[str]) -> list[str]:
        items = (
            [raw]
            if fld == "sector"
            else [p.strip() for p in raw.split(self.mapping.separator) if p.strip()]
        )
        out: list[str] = []
        table = self.mapping.values.get(fld, {})
        if fld != "sector" and self.mapping.separator == "\n":
            items = [p.strip() for p in raw.splitlines() if p.strip()]
        for item in items:
            key = norm_value(item)
            if key in table:
                out.extend(table[key] if fld != "areas" or table[key] else [])
                continue
            if fld == "areas":
                out.append(item)
                continue
            if key in self.identity[fld]:
                out.append(self.identity[fld][key])
                continue
            entry = self.unknown.setdefault((fld, item), Unknown(fld, item))
            entry.rows.append(row)
            unknown.append(f"{fld} '{item}'")
        return in_order(fld, out)

    def flags(self, flags: list[tuple[Flag, str]], cells: dict[str, str], item: Parsed) -> None:
        """What the Yes/No columns of one row add to its fields."""
        added: dict[str, list[str]] = {}
        for flag, key in flags:
            cell = cells.get(key, "")
            answer = flag_answer(cell)
            if answer is None:
                entry = self.unknown.setdefault(
                    (flag.header, cell), Unknown(flag.header, cell, flag=flag)
                )
                entry.rows.append(item.row)
                item.unknown.append(f"'{cell}' in the Yes/No column '{flag.header}'")
            elif answer == "yes" or (answer == "partial" and self.mapping.partial):
                for fld, values in flag.sets.items():
                    added.setdefault(fld, []).extend(values)
        for fld, values in added.items():
            if fld != "sector":
                item.fields[fld] = in_order(fld, [*item.fields.get(fld, []), *values])
                continue
            sectors = list(dict.fromkeys(values))
            if "sector" not in item.fields:
                item.fields["sector"] = sectors[0]
                if len(sectors) > 1:
                    item.notes.append(
                        f"its Yes/No columns give {len(sectors)} sectors "
                        f"({', '.join(sectors)}); {sectors[0]} kept"
                    )


def in_order(fld: str, values: Sequence[str]) -> list[str]:
    """Values without repeats, in the vocabulary's order (areas: as met)."""
    unique = list(dict.fromkeys(values))
    order = list(VOCAB_FIELDS[fld]) if fld in VOCAB_FIELDS and fld != "sector" else None
    return sorted(unique, key=order.index) if order else unique


def flag_columns(table: Table, kind: Kind, mapping: Mapping_) -> list[tuple[Flag, str]]:
    """Each Yes/No column of the mapping with its key in the file; refused when missing."""
    found: list[tuple[Flag, str]] = []
    missing: list[Problem] = []
    for flag in mapping.flags[kind]:
        key = table.key_of(flag.header)
        if key is None:
            missing.append(
                Problem(
                    _("no column '{header}' in {file} (the columns are: {columns})").format(
                        header=flag.header,
                        file=table.path.name,
                        columns=", ".join(h for h in table.headers if h),
                    ),
                    f"{kind}.flags",
                    flag.line,
                    mapping.path,
                )
            )
        else:
            found.append((flag, key))
    if missing:
        raise ValidationFailed(
            missing,
            summary=_("{mapping}: Yes/No columns not in {file}; nothing was imported").format(
                mapping=mapping.path, file=table.path
            ),
            hint=_("correct the header in the mapping file, or remove the entry"),
        )
    return found


#: Keys of a record whose values stemeco checks: a column copied as it is never takes them.
RESERVED = ("name", "sector", "stages", "pillars", "areas", "id")


def _extra_names(
    table: Table,
    kind: Kind,
    columns: dict[str, str],
    flags: list[tuple[Flag, str]],
    mapping: Mapping_,
) -> dict[str, str]:
    """Key of each column copied as it is -> its key in the record. A column whose name
    stemeco's own fields take (``description`` when the description comes from another
    column, ``stages`` when no mapping reads it as stages) is kept as ``description_2``."""
    used = set(columns.values()) | {key for _, key in flags}
    extra_headers = mapping.extra[kind]
    if extra_headers is None:
        keys = [k for k in table.keys if k and k not in used]
    else:
        keys = [k for h in extra_headers if (k := table.key_of(h)) is not None]
    taken: set[str] = {*RESERVED, *columns, *TAIL_KEYS}
    taken.update(fld for flag, _ in flags for fld in flag.sets)
    names: dict[str, str] = {}
    for key in keys:
        names[key] = unique_name(key, taken | set(table.keys)) if key in taken else key
        taken.add(names[key])
    return names


def parse_rows(
    table: Table, kind: Kind, columns: dict[str, str], mapping: Mapping_
) -> tuple[list[Parsed], list[Problem], _Values, Counter[str]]:
    values = _Values(mapping)
    problems: list[Problem] = []
    parsed: list[Parsed] = []
    flags = flag_columns(table, kind, mapping)
    extras = _extra_names(table, kind, columns, flags, mapping)
    read = [*columns.values(), *(key for _, key in flags), *extras]
    placeholders: Counter[str] = Counter()
    for number, row in table.rows:
        cells = dict(row)
        for key in read:
            cell = cells.get(key, "")
            if cell and mapping.is_placeholder(cell):
                placeholders[cell] += 1
                cells[key] = ""
        fields: dict[str, Any] = {}
        unknown: list[str] = []
        for fld, header in columns.items():
            raw = cells.get(header, "")
            if not raw:
                continue
            if fld in VOCAB_FIELDS or fld == "areas":
                converted = values.convert(fld, raw, number, unknown)
                if fld == "sector":
                    if converted:
                        fields[fld] = converted[0]
                elif converted:
                    fields[fld] = converted
            else:
                fields[fld] = raw
        for fld in REQUIRED[kind]:
            value = fields.get(fld, "")
            if not value:
                problems.append(
                    Problem(
                        _("the {field} is empty (column '{header}')").format(
                            field=fld, header=table.header_of(columns[fld])
                        ),
                        _("row {row}").format(row=number),
                        path=table.path,
                    )
                )
            elif "\n" in value or "\r" in value:
                problems.append(
                    Problem(
                        _("the {field} spans several lines").format(field=fld),
                        _("row {row}").format(row=number),
                        path=table.path,
                    )
                )
        item = Parsed(
            number, fields, {n: cells[k] for k, n in extras.items() if cells.get(k)}, unknown
        )
        values.flags(flags, cells, item)
        parsed.append(item)
    return parsed, problems, values, placeholders


#: Characters that separate the items of a list cell in the rosters people make.
_SEPARATORS = (";", ",", "|", "/", "\n")


def _shown(separator: str) -> str:
    return _("a line break") if separator == "\n" else f"'{separator}'"


def unknown_problems(unknown: list[Unknown], mapping: Mapping_, source: Path) -> list[Problem]:
    """Each unknown value with its rows, then once per field what it accepts and how its
    list cells were split, at the mapping file's line."""
    lines: list[Problem] = []
    for u in unknown:
        count, rows = len(u.rows), row_list(u.rows)
        if u.flag is not None:
            text = ngettext(
                "'{value}' is not a Yes/No answer ({count} row: {rows})",
                "'{value}' is not a Yes/No answer ({count} rows: {rows})",
                count,
            ).format(value=u.value, count=count, rows=rows)
        else:
            text = ngettext(
                "'{value}' is not mapped ({count} row: {rows})",
                "'{value}' is not mapped ({count} rows: {rows})",
                count,
            ).format(value=u.value, count=count, rows=rows)
        if u.flag is None and u.field != "sector":
            held = [_shown(c) for c in _SEPARATORS if c != mapping.separator and c in u.value]
            if held:
                text = _(
                    "{problem}; its cells were split on {separator}, and this one holds {held}"
                ).format(problem=text, separator=_shown(mapping.separator), held=_and(held))
        lines.append(Problem(text, u.shown_field, path=source))
    for what in dict.fromkeys(u.field if u.flag is None else u.flag for u in unknown):
        lines.append(_accepted(what, mapping))
    return lines


def _accepted(what: str | Flag, mapping: Mapping_) -> Problem:
    """What a field (or a Yes/No column) accepts, said where the mapping file says it."""
    if isinstance(what, Flag):
        kind = next(k for k, flags in mapping.flags.items() if what in flags)
        return Problem(
            _("a Yes/No column accepts {answers}").format(answers=accepted_flags()),
            f"{kind}.flags.{what.header}",
            what.line,
            mapping.path,
        )
    listed = mapping.spelled.get(what, [])
    ids = ", ".join(VOCAB_FIELDS[what])
    text = _("accepted: {ids} (or their labels)").format(ids=ids)
    if listed:
        shown = ", ".join(f"'{v}'" for v in listed[:12])
        if len(listed) > 12:
            shown = _("{names} and {count} more").format(names=shown, count=len(listed) - 12)
        text = _("accepted: the values listed here ({values}), or {ids} (or their labels)").format(
            values=shown, ids=ids
        )
    if what != "sector":
        sep = _shown(mapping.separator)
        if mapping.path is not None and ("separator",) in mapping.lines:
            text = _(
                "{accepted}; list cells are split on {separator} (separator at {where})"
            ).format(accepted=text, separator=sep, where=mapping.where("separator"))
        else:
            text = _(
                "{accepted}; list cells are split on {separator}, the default (a mapping "
                "file's separator: names another)"
            ).format(accepted=text, separator=sep)
    if mapping.path is None:
        return Problem(
            _("{accepted}; map other values under {key} of a mapping file").format(
                accepted=text, key=f"values.{what}"
            ),
            what,
        )
    line = line_of(mapping.lines, ("values", what))
    return Problem(text, f"values.{what}", line, mapping.path)


def row_list(rows: list[int], limit: int = 8) -> str:
    """Rows as a person reads them (in English: the importer writes them into records)."""
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def _and(items: list[str]) -> str:
    """``a``, or ``a and b`` (two at the most: the separators a cell holds)."""
    return (
        items[0]
        if len(items) == 1
        else _("{first} and {second}").format(first=", ".join(items[:-1]), second=items[-1])
    )
