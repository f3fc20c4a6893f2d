"""Importing spreadsheets and survey exports into the asset map.

``import_csv`` reads a CSV of organisations or of programs, maps its columns
and its categories to stemeco's fields and vocabularies (Yes/No columns
included), reads placeholder texts ("N/A") as empty, checks every row, and
only then writes: one file per organisation, programs inside their
organisation's file. Nothing is written when any row is bad or any value is
unknown (unless unknown values are explicitly allowed, which marks those
records for review). A new organisation that looks like another, in the file
or on the asset map (:mod:`stemeco.community.duplicates`), is marked for
review with the reason. Importing the same file twice changes nothing.

Each file is written whole (atomically), all of them with one flush to disk
(:func:`~stemeco.storage.files.atomic_write_many`). When Ctrl-C stops the writing
part way, :class:`ImportInterrupted` names the files already written; importing
the same file again writes the rest (those already written come out unchanged).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemeco import text
from stemeco.community.assets import (
    HEADER,
    TAIL_KEYS,
    NameIndex,
    Organisation,
    load_assets,
    ordered_program,
    ordered_record,
    record_path,
)
from stemeco.community.duplicates import Record, find_duplicates, record_keys
from stemeco.community.sources import (
    ACCEPTED_FLAGS,
    FIELDS,
    REQUIRED,
    VOCAB_FIELDS,
    Flag,
    Kind,
    Mapping_,
    Table,
    flag_answer,
    load_mapping,
    norm_value,
    read_csv,
    unique_name,
)
from stemeco.errors import Problem, UsageError, ValidationFailed
from stemeco.storage.read import line_of
from stemeco.text import slugify


class ImportInterrupted(KeyboardInterrupt):
    """Ctrl-C while the import was writing: ``written`` of ``total`` files are in place."""

    def __init__(self, written: list[Path], total: int) -> None:
        super().__init__(f"{len(written)} of {total} file(s) written")
        self.written = written
        self.total = total


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
                f"--column {fld}=...: '{fld}' is not a field of {kind}",
                hint=f"fields: {', '.join(FIELDS[kind])}",
            )
        key = table.key_of(header)
        if key is None:
            raise UsageError(
                f"{table.path}: no column '{header}' (the columns are: {shown})",
                hint="check --column",
            )
        columns[fld] = key
    for fld in REQUIRED[kind]:
        if fld not in columns:
            wanted = mapping.columns[kind].get(fld) or " or ".join(FIELDS[kind][fld][:3])
            raise UsageError(
                f"{table.path}: no column for the {kind[:-1]}'s {fld} ('{wanted}'); "
                f"the columns are: {shown}",
                hint=f"name it with --column {fld}=HEADER",
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
        return f"Yes/No column '{self.field}'" if self.flag else self.field


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
                    f"no column '{flag.header}' in {table.path.name} "
                    f"(the columns are: {', '.join(h for h in table.headers if h)})",
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
            summary=f"{mapping.path}: Yes/No columns not in {table.path}; nothing was imported",
            hint="correct the header in the mapping file, or remove the entry",
        )
    return found


def _extra_names(
    table: Table,
    kind: Kind,
    columns: dict[str, str],
    flags: list[tuple[Flag, str]],
    mapping: Mapping_,
) -> dict[str, str]:
    """Key of each column copied as it is -> its key in the record. A column whose name
    stemeco's own fields take (``description`` when the description comes from another
    column) is kept as ``description_2``."""
    used = set(columns.values()) | {key for _, key in flags}
    extra_headers = mapping.extra[kind]
    if extra_headers is None:
        keys = [k for k in table.keys if k and k not in used]
    else:
        keys = [k for h in extra_headers if (k := table.key_of(h)) is not None]
    taken: set[str] = {"name", *columns, *TAIL_KEYS}
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
                        f"the {fld} is empty (column '{table.header_of(columns[fld])}')",
                        f"row {number}",
                        path=table.path,
                    )
                )
            elif "\n" in value or "\r" in value:
                problems.append(
                    Problem(f"the {fld} spans several lines", f"row {number}", path=table.path)
                )
        item = Parsed(
            number, fields, {n: cells[k] for k, n in extras.items() if cells.get(k)}, unknown
        )
        values.flags(flags, cells, item)
        parsed.append(item)
    return parsed, problems, values, placeholders


# ---------------------------------------------------------------- the plan


@dataclass
class Note:
    row: int
    text: str


@dataclass
class Change:
    path: Path
    record: dict[str, Any]  # the owned fields, in order
    new: bool
    programs: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""


@dataclass
class ImportReport:
    source: Path
    kind: Kind
    mapping: str
    rows: int
    created: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: int = 0
    unknown: list[Unknown] = field(default_factory=list)
    duplicates: list[Note] = field(default_factory=list)
    repeats: list[Note] = field(default_factory=list)
    unmatched: dict[str, list[int]] = field(default_factory=dict)
    unmatched_hint: dict[str, str] = field(default_factory=dict)
    loose_links: list[Note] = field(default_factory=list)
    placeholders: Counter[str] = field(default_factory=Counter)  # texts read as empty
    dry_run: bool = False


def _without_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_dates(v) for k, v in value.items() if k != "imported"}
    if isinstance(value, list):
        return [_without_dates(v) for v in value]
    return value


def _owned_equal(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> bool:
    return all(_without_dates(current.get(k)) == _without_dates(v) for k, v in wanted.items())


def _program_key(program: Mapping[str, Any]) -> str:
    pid = program.get("id")
    return f"id:{pid}" if pid else f"name:{program.get('name')}"


def import_csv(
    root: Path,
    source: Path,
    *,
    kind: Kind | None = None,
    mapping_spec: str | None = None,
    overrides: dict[str, str] | None = None,
    allow_unknown: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    mapping = load_mapping(mapping_spec)
    table = read_csv(source)
    overrides = overrides or {}
    kind = kind or detect_kind(table, mapping, overrides)
    columns = resolve_columns(table, kind, mapping, overrides)
    parsed, problems, values, placeholders = parse_rows(table, kind, columns, mapping)
    report = ImportReport(source, kind, mapping.name, len(table.rows), dry_run=dry_run)
    report.placeholders = placeholders
    report.unknown = sorted(values.unknown.values(), key=lambda u: (u.field, -len(u.rows), u.value))
    unknown_lines = unknown_problems(report.unknown, mapping, source)
    if problems:
        raise ValidationFailed(
            unknown_lines + problems,
            summary=f"{len(problems)} bad row(s) in {source}; nothing was imported",
            hint="fix the rows, then import again",
        )
    if unknown_lines and not allow_unknown:
        where = mapping.path or "a mapping file (--map FILE)"
        raise UnknownValues(
            unknown_lines,
            summary=f"{len(report.unknown)} value(s) of {source} have no stemeco equivalent; "
            "nothing was imported",
            hint=f"map them under 'values:' in {where} (--suggest-map writes a starting one), or "
            "pass --allow-unknown to import those records marked needs_review",
        )
    existing = load_assets(root)
    if kind == "organisations":
        changes = _plan_organisations(root, source, parsed, existing, report)
    else:
        changes = _plan_programs(root, source, parsed, existing, mapping, report)
    _render(changes, existing, report)
    if not dry_run:
        _write(changes)
    return report


#: Characters that separate the items of a list cell in the rosters people make.
_SEPARATORS = (";", ",", "|", "/", "\n")


def _shown(separator: str) -> str:
    return "a line break" if separator == "\n" else f"'{separator}'"


def unknown_problems(unknown: list[Unknown], mapping: Mapping_, source: Path) -> list[Problem]:
    """Each unknown value with its rows, then once per field what it accepts and how its
    list cells were split, at the mapping file's line."""
    lines: list[Problem] = []
    for u in unknown:
        text = f"'{u.value}' is not mapped ({len(u.rows)} row(s): {_rows(u.rows)})"
        if u.flag is not None:
            text = f"'{u.value}' is not a Yes/No answer ({len(u.rows)} row(s): {_rows(u.rows)})"
        elif u.field != "sector":
            held = [_shown(c) for c in _SEPARATORS if c != mapping.separator and c in u.value]
            if held:
                text += (
                    f"; its cells were split on {_shown(mapping.separator)}, "
                    f"and this one holds {' and '.join(held)}"
                )
        lines.append(Problem(text, u.shown_field, path=source))
    for what in dict.fromkeys(u.field if u.flag is None else u.flag for u in unknown):
        lines.append(_accepted(what, mapping))
    return lines


def _accepted(what: str | Flag, mapping: Mapping_) -> Problem:
    """What a field (or a Yes/No column) accepts, said where the mapping file says it."""
    if isinstance(what, Flag):
        kind = next(k for k, flags in mapping.flags.items() if what in flags)
        return Problem(
            f"a Yes/No column accepts {ACCEPTED_FLAGS}",
            f"{kind}.flags.{what.header}",
            what.line,
            mapping.path,
        )
    listed = mapping.spelled.get(what, [])
    ids = ", ".join(VOCAB_FIELDS[what])
    text = f"accepted: {ids} (or their labels)"
    if listed:
        shown = ", ".join(f"'{v}'" for v in listed[:12])
        more = f" and {len(listed) - 12} more" if len(listed) > 12 else ""
        text = f"accepted: the values listed here ({shown}{more}), or {ids} (or their labels)"
    if what != "sector":
        sep = _shown(mapping.separator)
        if mapping.path is not None and ("separator",) in mapping.lines:
            text += f"; list cells are split on {sep} (separator at {mapping.where('separator')})"
        else:
            text += f"; list cells are split on {sep}, the default (a mapping file's separator: "
            text += "names another)"
    if mapping.path is None:
        return Problem(text + f"; map other values under values.{what} of a mapping file", what)
    line = line_of(mapping.lines, ("values", what))
    return Problem(text, f"values.{what}", line, mapping.path)


def _write(changes: list[Change]) -> None:
    """Write every changed file; on Ctrl-C say exactly which ones are written."""
    from stemeco.storage.files import atomic_write_many, write_count, written

    mark = write_count()
    texts = [(change.path, change.text) for change in changes if change.text]
    try:
        atomic_write_many(texts)
    except KeyboardInterrupt:
        raise ImportInterrupted(written(mark), len(texts)) from None


def _rows(rows: list[int], limit: int = 8) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def _provenance(source: Path, row: int) -> dict[str, Any]:
    return {"source": source.name, "row": row, "imported": text.today().isoformat()}


def _plan_organisations(
    root: Path,
    source: Path,
    parsed: list[Parsed],
    existing: list[Organisation],
    report: ImportReport,
) -> list[Change]:
    by_name = {o.name: o for o in existing}
    by_slug = {o.slug: o for o in existing}
    first_row: dict[str, int] = {}
    planned: dict[str, Path] = {}
    changes: dict[Path, Change] = {}
    reasons: dict[Path, list[str]] = {}
    new_rows: list[tuple[Parsed, Change]] = []
    for item in parsed:
        name = item.fields["name"]
        slug = slugify(name, fallback="organisation")
        found: str | None = None
        if name in by_name:
            found, target = name, by_name[name].path
        elif slug in by_slug:
            found, target = by_slug[slug].name, by_slug[slug].path
        elif slug in planned:
            target = planned[slug]
        else:
            target = record_path(root, name)
        if target in changes:
            report.repeats.append(
                Note(item.row, f"'{name}' repeats row {first_row[str(target)]}; kept the first")
            )
            if changes[target].new:
                reasons[target].append(
                    f"listed again at row {item.row} of {source.name}; check the details"
                )
            continue
        first_row[str(target)] = item.row
        record: dict[str, Any] = {"name": found or name}
        for fld in ORG_FIELDS:
            if fld in item.fields:
                record[fld] = item.fields[fld]
        record.update({k: v for k, v in item.extras.items() if k not in record})
        record["provenance"] = _provenance(source, item.row)
        new = found is None and not target.exists()
        reasons[target] = []
        if found is not None and found != name:
            report.loose_links.append(Note(item.row, f"'{name}' updated the existing '{found}'"))
        if item.unknown:
            reasons[target].append(
                f"unknown {', '.join(item.unknown)} in {source.name} row {item.row}"
            )
        reasons[target].extend(item.notes)
        if "sector" not in item.fields and new:
            reasons[target].append("no sector given")
        changes[target] = Change(target, record, new)
        if new:
            planned[slug] = target
            new_rows.append((item, changes[target]))
    _flag_duplicates(root, source, existing, new_rows, reasons, report)
    for target, change in changes.items():
        if reasons[target]:
            change.record["needs_review"] = True
            change.record["review_reason"] = "; ".join(reasons[target])
        elif change.new:
            change.record["needs_review"] = False
    return list(changes.values())


#: The fields of an organisation an import sets, in the order of its file.
ORG_FIELDS = (
    "sector",
    "stages",
    "pillars",
    "location",
    "website",
    "description",
    "source_id",
    "email",
    "latitude",
    "longitude",
)


def _flag_duplicates(
    root: Path,
    source: Path,
    existing: list[Organisation],
    new_rows: list[tuple[Parsed, Change]],
    reasons: dict[Path, list[str]],
    report: ImportReport,
) -> None:
    """Each new organisation that looks like one on the asset map or an earlier row."""
    records = [
        Record(
            o.path.relative_to(root).as_posix(),
            o.name,
            record_keys({"website": o.website, "location": o.location, **o.data}),
        )
        for o in existing
    ]
    rows: dict[str, Path] = {}
    for item, change in new_rows:
        ref = f"row {item.row}"
        rows[ref] = change.path
        records.append(Record(ref, change.record["name"], record_keys(change.record)))
    for found in find_duplicates(records, check_from=len(existing)):
        name, other, ref = found.record.name, found.other.name, str(found.record.ref)
        where = str(found.other.ref)
        report.duplicates.append(
            Note(
                int(ref.removeprefix("row ")),
                f"'{name}' looks like '{other}' ({where}): {found.why}",
            )
        )
        if where in rows:
            where = f"{where} of {source.name}"
        reasons[rows[ref]].insert(
            0, f"likely the same organisation as '{other}' ({where}): {found.why}"
        )


def _plan_programs(
    root: Path,
    source: Path,
    parsed: list[Parsed],
    existing: list[Organisation],
    mapping: Mapping_,
    report: ImportReport,
) -> list[Change]:
    by_name = {o.name: o for o in existing}
    index = NameIndex(by_name)
    changes: dict[str, Change] = {}
    seen_programs: dict[tuple[str, str], int] = {}
    for item in parsed:
        partner = item.fields["organisation"]
        wanted = mapping.aliases.get(partner, partner)
        found = index.find(wanted)
        if found is not None and found != partner and found != wanted:
            report.loose_links.append(Note(item.row, f"'{partner}' linked to '{found}'"))
        if found is None:
            report.unmatched.setdefault(partner, []).append(item.row)
            if partner not in report.unmatched_hint:
                report.unmatched_hint[partner] = index.closest(partner) or ""
            owner = partner
        else:
            owner = found
        program: dict[str, Any] = {"name": item.fields["name"]}
        for fld in ("id", "stages", "areas", "pillars", "cost", "type"):
            if fld in item.fields:
                program[fld] = item.fields[fld]
        program.update({k: v for k, v in item.extras.items() if k not in program})
        if item.unknown:
            program["needs_review"] = True
            program["review_reason"] = f"unknown {', '.join(item.unknown)}"
        program["provenance"] = _provenance(source, item.row)
        program = ordered_program(program)
        key = (owner, _program_key(program))
        if key in seen_programs:
            report.repeats.append(
                Note(
                    item.row,
                    f"program '{program['name']}' of '{owner}' "
                    f"repeats row {seen_programs[key]}; kept the first",
                )
            )
            continue
        seen_programs[key] = item.row
        if owner not in changes:
            if found is not None:
                org = by_name[found]
                changes[owner] = Change(org.path, {}, False)
            else:
                target = record_path(root, owner)
                if target.exists():
                    target = target.with_name(f"{target.stem}-{slugify(source.stem)}.yaml")
                changes[owner] = Change(
                    target,
                    {
                        "name": owner,
                        "sector": None,
                        "provenance": _provenance(source, item.row),
                        "needs_review": True,
                    },
                    True,
                )
        changes[owner].programs.append(program)
    for partner, rows in report.unmatched.items():
        record = changes[partner].record
        hint = report.unmatched_hint.get(partner)
        record["review_reason"] = (
            f"named by {len(rows)} program(s) in {source.name} (row {_rows(rows)}) but not in "
            "the list of organisations; set its sector" + (f"; is it '{hint}'?" if hint else "")
        )
    return list(changes.values())


def _render(changes: list[Change], existing: list[Organisation], report: ImportReport) -> None:
    """Fill each change's text (empty when the file would not change)."""
    from stemeco.storage.roundtrip import (
        dump_document,
        load_document,
        new_document_text,
        to_yaml_value,
    )

    current = {o.path: o for o in existing}
    for change in changes:
        if change.new:
            record = dict(change.record)
            if change.programs:
                record["programs"] = change.programs
            change.text = new_document_text(ordered_record(record), header=HEADER)
            report.created.append(change.path)
            continue
        org = current[change.path]
        if _unchanged(org.data, change):
            report.unchanged += 1
            continue
        doc = load_document(change.path)
        for key, value in change.record.items():
            if key == "needs_review" and value is False:
                continue
            if _without_dates(doc.get(key)) != _without_dates(value) or key not in doc:
                _set(doc, key, to_yaml_value(value))
        if change.programs:
            seq = doc.get("programs")
            if not isinstance(seq, list):
                seq = to_yaml_value([])
                _set(doc, "programs", seq)
            positions = {_program_key(p): i for i, p in enumerate(seq) if isinstance(p, dict)}
            for program in change.programs:
                at = positions.get(_program_key(program))
                if at is None:
                    seq.append(to_yaml_value(program))
                    continue
                target = seq[at]
                if _owned_equal(target, program):
                    continue
                for key, value in program.items():
                    if (
                        _without_dates(target.get(key)) != _without_dates(value)
                        or key not in target
                    ):
                        target[key] = to_yaml_value(value)
        change.text = dump_document(doc)
        report.updated.append(change.path)


def _unchanged(data: Mapping[str, Any], change: Change) -> bool:
    record = {k: v for k, v in change.record.items() if not (k == "needs_review" and v is False)}
    if not _owned_equal(data, record):
        return False
    programs = {_program_key(p): p for p in data.get("programs") or [] if isinstance(p, dict)}
    for program in change.programs:
        have = programs.get(_program_key(program))
        if have is None or not _owned_equal(have, program):
            return False
    return True


def _set(doc: Any, key: str, value: Any) -> None:
    if key in doc:
        doc[key] = value
        return
    keys = list(doc)
    tail = [k for k in ("programs", "provenance", "needs_review", "review_reason") if k in keys]
    order = ("programs", "provenance", "needs_review", "review_reason")
    if key in order:
        later = [k for k in tail if order.index(k) > order.index(key)]
    else:
        later = tail
    position = keys.index(later[0]) if later else len(keys)
    doc.insert(position, key, value)
