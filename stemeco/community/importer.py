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

The notes of the report are said in the project's language; the reasons written
into the records (``review_reason``) are English, which stemeco reads back
(:mod:`stemeco.community.reasons` shows them translated).

Each file is written whole (atomically), all of them with one flush to disk
(:func:`~stemeco.storage.files.atomic_write_many`). When Ctrl-C stops the writing
part way, :class:`ImportInterrupted` names the files already written; importing
the same file again writes the rest (those already written come out unchanged).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemeco import text
from stemeco.community.assets import (
    HEADER,
    NameIndex,
    Organisation,
    load_assets,
    ordered_program,
    ordered_record,
    record_path,
)
from stemeco.community.duplicates import Record, find_duplicates, record_keys
from stemeco.community.roster import (
    Parsed,
    Unknown,
    UnknownValues,
    detect_kind,
    parse_rows,
    resolve_columns,
    row_list,
    unknown_problems,
)
from stemeco.community.sources import Kind, Mapping_, load_mapping, read_csv
from stemeco.errors import ValidationFailed
from stemeco.i18n import _, ngettext
from stemeco.text import slugify


class ImportInterrupted(KeyboardInterrupt):
    """Ctrl-C while the import was writing: ``written`` of ``total`` files are in place."""

    def __init__(self, written: list[Path], total: int) -> None:
        super().__init__(f"{len(written)} of {total} file(s) written")
        self.written = written
        self.total = total


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
            summary=ngettext(
                "{count} bad row in {file}; nothing was imported",
                "{count} bad rows in {file}; nothing was imported",
                len(problems),
            ).format(count=len(problems), file=source),
            hint=_("fix the rows, then import again"),
        )
    if unknown_lines and not allow_unknown:
        where = mapping.path or _("a mapping file (--map FILE)")
        raise UnknownValues(
            unknown_lines,
            summary=ngettext(
                "{count} value of {file} has no stemeco equivalent; nothing was imported",
                "{count} values of {file} have no stemeco equivalent; nothing was imported",
                len(report.unknown),
            ).format(count=len(report.unknown), file=source),
            hint=_(
                "map them under 'values:' in {mapping} (--suggest-map writes a starting one), "
                "or pass --allow-unknown to import those records marked needs_review"
            ).format(mapping=where),
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


def _write(changes: list[Change]) -> None:
    """Write every changed file; on Ctrl-C say exactly which ones are written."""
    from stemeco.storage.files import atomic_write_many, write_count, written

    mark = write_count()
    texts = [(change.path, change.text) for change in changes if change.text]
    try:
        atomic_write_many(texts)
    except KeyboardInterrupt:
        raise ImportInterrupted(written(mark), len(texts)) from None


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
    index = NameIndex.of(existing)
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
        merged_into = None if slug in by_slug else index.alias_owner(name)
        if merged_into is not None:  # merged by a person (stemeco assets merge): kept away
            report.loose_links.append(
                Note(
                    item.row,
                    _("'{name}' was merged into '{other}' (an alias); left as is").format(
                        name=name, other=merged_into
                    ),
                )
            )
            report.unchanged += 1
            continue
        current: Organisation | None = None
        if name in by_name:
            current = by_name[name]
            found, target = name, current.path
        elif slug in by_slug:
            current = by_slug[slug]
            found, target = current.name, current.path
        elif slug in planned:
            target = planned[slug]
        else:
            target = record_path(root, name)
        if target in changes:
            report.repeats.append(
                Note(
                    item.row,
                    _("'{name}' repeats row {row}; kept the first").format(
                        name=name, row=first_row[str(target)]
                    ),
                )
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
            report.loose_links.append(
                Note(
                    item.row,
                    _("'{name}' updated the existing '{other}'").format(name=name, other=found),
                )
            )
        reviewed = not new and current is not None and current.reviewed
        if not reviewed:  # a person decided it (assets review): settled
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
        place = _("row {row}").format(row=where.removeprefix("row ")) if where in rows else where
        report.duplicates.append(
            Note(
                int(ref.removeprefix("row ")),
                _("'{name}' looks like '{other}' ({where}): {why}").format(
                    name=name, other=other, where=place, why=found.said
                ),
            )
        )
        if where in rows:  # the reason is written into the record: in English
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
    index = NameIndex.of(existing)
    changes: dict[str, Change] = {}
    seen_programs: dict[tuple[str, str], int] = {}
    for item in parsed:
        partner = item.fields["organisation"]
        wanted = mapping.aliases.get(partner, partner)
        found = index.find(wanted)
        if found is not None and found != partner and found != wanted:
            report.loose_links.append(
                Note(
                    item.row,
                    _("'{name}' linked to '{other}'").format(name=partner, other=found),
                )
            )
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
                    _("program '{program}' of '{name}' repeats row {row}; kept the first").format(
                        program=program["name"], name=owner, row=seen_programs[key]
                    ),
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
            f"named by {len(rows)} program(s) in {source.name} (row {row_list(rows)}) but not in "
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
