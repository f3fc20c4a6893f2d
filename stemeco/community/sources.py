"""Reading a roster: the CSV a spreadsheet saves, and the mapping file that explains it.

A mapping file names the roster's columns for stemeco's fields and translates
its own vocabulary (its sectors, its age bands) into stemeco's. Built-in
mappings ship in ``stemeco/community/mappings/``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from stemeco.community.assets import ASSET_STAGES
from stemeco.errors import Problem, ProjectFileError, UsageError, ValidationFailed
from stemeco.storage.read import line_of, read_yaml_with_lines
from stemeco.text import slugify
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS

Kind = Literal["organisations", "programs"]
KINDS: tuple[Kind, ...] = ("organisations", "programs")
MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"

# Fields of each kind, with the headers recognised without a mapping file.
FIELDS: dict[Kind, dict[str, tuple[str, ...]]] = {
    "organisations": {
        "name": (
            "name",
            "organisation",
            "organization",
            "organisation_name",
            "organization_name",
            "partner",
            "partner_name",
            "org",
        ),
        "sector": (
            "sector",
            "stakeholder_group",
            "organization_type",
            "organisation_type",
            "category",
        ),
        "stages": ("stages", "stage", "age_grade_level", "grades", "ages"),
        "pillars": ("pillars", "pillar"),
        "location": ("location", "address", "city"),
        "website": ("website", "url", "web", "homepage"),
        "description": ("description", "about"),
        "source_id": ("id", "source_id"),
    },
    "programs": {
        "name": ("program", "programme", "program_name", "programme_name", "title", "name"),
        "organisation": (
            "organisation",
            "organization",
            "partner",
            "partner_name",
            "provider",
            "organisation_name",
            "organization_name",
            "org",
        ),
        "id": ("id", "slug", "program_id"),
        "stages": ("stages", "stage", "age_grade_level", "grades", "ages"),
        "areas": ("areas", "area", "areas_of_interest", "subjects", "topics"),
        "pillars": ("pillars", "pillar"),
        "cost": ("cost", "cost_range", "fee", "price"),
        "type": ("type", "program_type", "opportunity_type", "format"),
    },
}
LIST_FIELDS = {"stages", "pillars", "areas"}
VOCAB_FIELDS: dict[str, Mapping[str, str]] = {
    "sector": STAKEHOLDER_GROUPS,
    "stages": ASSET_STAGES,
    "pillars": PILLARS,
}
REQUIRED: dict[Kind, tuple[str, ...]] = {
    "organisations": ("name",),
    "programs": ("name", "organisation"),
}


def norm_header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def norm_value(text: str) -> str:
    return " ".join(text.split()).casefold()


# ---------------------------------------------------------------- mapping files


@dataclass
class Mapping_:
    name: str = "(no mapping file)"
    path: Path | None = None
    separator: str = ";"
    columns: dict[Kind, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})
    extra: dict[Kind, list[str] | None] = field(default_factory=lambda: {k: None for k in KINDS})
    values: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)


def builtin_mappings() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml"))


def resolve_mapping_path(spec: str) -> Path:
    """``--map`` takes a built-in name (``san-diego``) or a path to a YAML file."""
    candidate = Path(spec)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise UsageError(
                f"{spec}: mapping file not found",
                hint=f"pass a YAML file or a built-in name: {', '.join(builtin_mappings())}",
            )
        return candidate
    builtin = MAPPINGS_DIR / f"{spec}.yaml"
    if slugify(spec) == spec and builtin.is_file():
        return builtin
    raise UsageError(
        f"no mapping named '{spec}'",
        hint=f"built-in mappings: {', '.join(builtin_mappings())}; or pass a path to a YAML file",
    )


def load_mapping(spec: str | None) -> Mapping_:
    if spec is None:
        return Mapping_()
    path = resolve_mapping_path(spec)
    data, lines = read_yaml_with_lines(path)
    problems: list[Problem] = []

    def bad(key: tuple[str | int, ...], message: str) -> None:
        where = ".".join(str(k) for k in key)
        problems.append(Problem(message, where, line_of(lines, key), path))

    if not isinstance(data, dict):
        raise ProjectFileError(
            path, "a mapping file is a YAML mapping (name, columns, values)", line=1
        )
    known = {"name", "separator", "organisations", "programs", "values", "aliases"}
    for key in data:
        if key not in known:
            bad((key,), f"unknown key (expected {', '.join(sorted(known))})")
    result = Mapping_(name=str(data.get("name") or path.stem), path=path)
    separator = data.get("separator", ";")
    if not isinstance(separator, str) or len(separator) != 1:
        bad(("separator",), "must be one character, e.g. ';'")
    else:
        result.separator = separator
    for kind in KINDS:
        section = data.get(kind)
        if section is None:
            continue
        if not isinstance(section, dict):
            bad((kind,), "must be a mapping with 'columns' and optionally 'extra'")
            continue
        for key in section:
            if key not in ("columns", "extra"):
                bad((kind, key), "unknown key (expected columns, extra)")
        columns = section.get("columns") or {}
        if not isinstance(columns, dict):
            bad((kind, "columns"), "must map stemeco fields to column headers")
            columns = {}
        for fld, header in columns.items():
            if fld not in FIELDS[kind]:
                bad(
                    (kind, "columns", fld),
                    f"'{fld}' is not a field of {kind} (fields: {', '.join(FIELDS[kind])})",
                )
            elif not isinstance(header, str) or not header.strip():
                bad((kind, "columns", fld), "the column header must be text")
            else:
                result.columns[kind][fld] = header
        extra = section.get("extra")
        if extra is not None:
            if not isinstance(extra, list) or not all(isinstance(h, str) for h in extra):
                bad((kind, "extra"), "must be a list of column headers")
            else:
                result.extra[kind] = list(extra)
    values = data.get("values") or {}
    if not isinstance(values, dict):
        bad(("values",), "must map a field (sector, stages, pillars, areas) to its values")
        values = {}
    for fld, table in values.items():
        if fld not in (*VOCAB_FIELDS, "areas"):
            bad(("values", fld), "only sector, stages, pillars and areas take value mappings")
            continue
        if not isinstance(table, dict):
            bad(("values", fld), "must map source values to stemeco values")
            continue
        mapped: dict[str, list[str]] = {}
        for source, target in table.items():
            targets = target if isinstance(target, list) else [] if target is None else [target]
            ok = True
            for item in targets:
                if not isinstance(item, str):
                    bad(("values", fld, source), f"'{item}' must be text")
                    ok = False
                elif fld in VOCAB_FIELDS and item not in VOCAB_FIELDS[fld]:
                    bad(
                        ("values", fld, source),
                        f"'{item}' is not one of {', '.join(VOCAB_FIELDS[fld])}",
                    )
                    ok = False
            if fld == "sector" and len(targets) > 1:
                bad(("values", fld, source), "an organisation has one sector")
                ok = False
            if ok:
                mapped[norm_value(str(source))] = targets
        result.values[fld] = mapped
    aliases = data.get("aliases") or {}
    if not isinstance(aliases, dict):
        bad(("aliases",), "must map a name used in the file to the organisation's name")
    else:
        result.aliases = {str(k): str(v) for k, v in aliases.items()}
    if problems:
        raise ValidationFailed(
            problems, summary=f"{path}: the mapping file has problems; nothing was imported"
        )
    return result


# ---------------------------------------------------------------- CSV


@dataclass
class Table:
    path: Path
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # spreadsheet row number (header = 1), cells
    delimiter: str


def read_csv(path: Path) -> Table:
    """A CSV as a spreadsheet saves it: UTF-8 with or without BOM, ',' ';' or tab, any EOL."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found") from None
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise ProjectFileError(
            path,
            f"not UTF-8 text (line {row})",
            hint="save it from your spreadsheet as 'CSV UTF-8 (comma delimited)'",
        ) from None
    if not text.strip():
        raise ProjectFileError(
            path, "the file is empty", hint="export the sheet with its header row"
        )
    if "\x00" in text:
        raise ProjectFileError(path, "the file holds NUL bytes; is it really a CSV export?")
    first = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise ProjectFileError(path, f"row 1: not valid CSV: {exc}") from None
    normalised = [norm_header(h) for h in headers]
    seen: set[str] = set()
    for h, n in zip(headers, normalised, strict=True):
        if n and n in seen:
            raise ProjectFileError(
                path, f"row 1: the column '{h}' appears twice", hint="rename one of them"
            )
        seen.add(n)
    rows: list[tuple[int, dict[str, str]]] = []
    number = 1
    problems: list[Problem] = []
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ProjectFileError(
                path, f"row {number}: not valid CSV: {exc}", hint="check the quotes in that row"
            ) from None
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
            problems.append(
                Problem(
                    f"{len(cells)} cells but only {len(headers)} columns in the header",
                    f"row {number}",
                    path=path,
                )
            )
            continue
        record = {
            h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(normalised) if h
        }
        rows.append((number, record))
    if problems:
        raise ValidationFailed(
            problems, summary=f"{path}: rows do not fit the header; nothing was imported"
        )
    if not rows:
        raise ProjectFileError(path, "the file has a header but no rows")
    return Table(path, headers, rows, delimiter)
