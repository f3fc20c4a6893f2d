"""Reading a roster: the CSV a spreadsheet saves, and the mapping file that explains it.

Each column header becomes a clean snake_case field name (:func:`field_name`:
``Mission/Summary`` is ``mission_summary``), unique within the file. Cells that
only say the data is missing ("N/A", "Information not available on website")
read as empty (:data:`PLACEHOLDERS`, and a mapping's ``placeholders:``).

A mapping file names the roster's columns for stemeco's fields, translates its
own vocabulary (its sectors, its age bands) into stemeco's, and says what a
"Yes" in a Yes/No column means (``flags:``). Built-in mappings ship in
``stemeco/community/mappings/``; the README's "Importing" section documents the
format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from stemeco.community.assets import ASSET_STAGES
from stemeco.errors import Problem, ProjectFileError, UsageError, ValidationFailed
from stemeco.i18n import N_, _
from stemeco.storage.read import Path_, line_of, read_yaml_with_lines
from stemeco.text import slugify
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS, resolve

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
        "location": ("location", "address", "street_address", "city"),
        "website": ("website", "url", "web", "homepage"),
        "description": ("description", "about"),
        "source_id": ("id", "source_id"),
        "email": ("email", "e_mail", "email_address", "contact_email"),
        "latitude": ("latitude", "lat"),
        "longitude": ("longitude", "lon", "lng", "long"),
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


#: The fields a Yes/No column can set (``flags:`` of a mapping file), by kind.
FLAG_FIELDS: dict[Kind, tuple[str, ...]] = {
    "organisations": ("sector", "stages", "pillars"),
    "programs": ("stages", "pillars", "areas"),
}


def field_name(header: str) -> str:
    """A column header as a snake_case field name: ``Mission/Summary`` is
    ``mission_summary``, ``Category 1: Integrated Student Support`` is
    ``category_1_integrated_student_support`` (accents dropped, any script kept).
    One that would start with a digit starts with ``column_``; one of symbols only is ""."""
    name = slugify(header).replace("-", "_")
    return f"column_{name}" if name[:1].isdigit() else name


def norm_value(text: str) -> str:
    return " ".join(text.split()).casefold()


#: Texts that say a value is missing: read as an empty cell (compared by :func:`_blank`).
PLACEHOLDER_TEXTS = (
    "N/A",
    "NA",
    "n.a.",
    "Not available",
    "Information not available",
    "Information not available on website",
    "Not provided",
    "Not applicable",
    "Not listed",
    "Unknown",
    "TBD",
    "TBA",
    "To be determined",
    "None",
    "Null",
    "Nil",
    "-",
    "--",
    "—",
    "–",
    "?",
)


def _blank(text: str) -> str:
    """A cell compared with the placeholders: case, spaces, invisible characters, a final
    full stop and surrounding brackets ignored (``(none)``, ``N/A.``)."""
    cleaned = text.replace("\u200b", "").replace("\ufeff", "")
    return norm_value(cleaned).strip("()[]").rstrip(".").strip()


PLACEHOLDERS = frozenset(_blank(t) for t in PLACEHOLDER_TEXTS) | {""}

#: What a Yes/No column may hold (compared case-insensitively), and what it means.
YES = ("yes", "y", "x", "✓", "✔", "✔️", "☑", "true", "t", "1")
PARTIAL = ("partial", "partially", "partly", "some")
NO = ("no", "n", "false", "f", "0", "✗", "✘")
FLAG_VALUES = {**dict.fromkeys(YES, "yes"), **dict.fromkeys(PARTIAL, "partial")}
FLAG_VALUES.update(dict.fromkeys(NO, "no"))


def accepted_flags() -> str:
    """What a Yes/No column may hold, as an error message lists it."""
    return _("{yes}; {partial}; {no} or an empty cell").format(
        yes=", ".join(YES), partial=", ".join(PARTIAL), no=", ".join(NO)
    )


def flag_answer(cell: str) -> str | None:
    """``yes``, ``partial`` or ``no`` for a cell of a Yes/No column; None when it is neither."""
    return "no" if not cell else FLAG_VALUES.get(norm_value(cell).rstrip("."))


# ---------------------------------------------------------------- mapping files


@dataclass(eq=False)
class Flag:
    """A Yes/No column and what a "yes" in it adds to the record: ``{stages: [middle]}``."""

    header: str
    sets: dict[str, list[str]]
    line: int | None = None


#: The name of the mapping when there is no mapping file (translated where it is shown).
NO_MAPPING = N_("(no mapping file)")


@dataclass
class Mapping_:
    name: str = NO_MAPPING
    path: Path | None = None
    separator: str = ";"
    columns: dict[Kind, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})
    extra: dict[Kind, list[str] | None] = field(default_factory=lambda: {k: None for k in KINDS})
    flags: dict[Kind, list[Flag]] = field(default_factory=lambda: {k: [] for k in KINDS})
    partial: bool = True  # whether "Partial" in a Yes/No column counts as yes
    values: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: each value as the mapping file spells it, for messages
    spelled: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    placeholders: frozenset[str] = PLACEHOLDERS
    lines: dict[Path_, int] = field(default_factory=dict)

    def where(self, *key: str) -> str:
        """``map.yaml:12`` for a key of the mapping file ("" without a file)."""
        if self.path is None:
            return ""
        line = line_of(self.lines, key)
        return f"{self.path}:{line}" if line else str(self.path)

    def is_placeholder(self, cell: str) -> bool:
        return _blank(cell) in self.placeholders


def builtin_mappings() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml"))


def resolve_mapping_path(spec: str) -> Path:
    """``--map`` takes a built-in name (``san-diego``) or a path to a YAML file."""
    candidate = Path(spec)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise UsageError(
                _("{file}: mapping file not found").format(file=spec),
                hint=_("pass a YAML file or a built-in name: {names}").format(
                    names=", ".join(builtin_mappings())
                ),
            )
        return candidate
    builtin = MAPPINGS_DIR / f"{spec}.yaml"
    if slugify(spec) == spec and builtin.is_file():
        return builtin
    raise UsageError(
        _("no mapping named '{name}'").format(name=spec),
        hint=_("built-in mappings: {names}; or pass a path to a YAML file").format(
            names=", ".join(builtin_mappings())
        ),
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
            path, _("a mapping file is a YAML mapping (name, columns, values)"), line=1
        )
    known = {
        "name",
        "separator",
        "organisations",
        "programs",
        "values",
        "aliases",
        "placeholders",
        "partial",
    }
    for key in data:
        if key not in known:
            bad((key,), _("unknown key (expected {keys})").format(keys=", ".join(sorted(known))))
    result = Mapping_(name=str(data.get("name") or path.stem), path=path, lines=lines)
    separator = data.get("separator", ";")
    if not isinstance(separator, str) or not separator:
        bad(("separator",), _("must be text, e.g. ';' or ', ' or '\\n' (a line break)"))
    else:
        result.separator = separator
    partial = data.get("partial", True)
    if isinstance(partial, str) and partial.casefold() in ("yes", "no"):
        partial = partial.casefold() == "yes"
    if not isinstance(partial, bool):
        bad(
            ("partial",),
            _("must be yes or no: whether 'Partial' in a Yes/No column counts as yes"),
        )
    else:
        result.partial = partial
    placeholders = data.get("placeholders") or []
    if not isinstance(placeholders, list) or not all(isinstance(t, str) for t in placeholders):
        bad(
            ("placeholders",),
            _("must be a list of texts that mean 'no data', e.g. ['See website']"),
        )
    else:
        result.placeholders = PLACEHOLDERS | {_blank(t) for t in placeholders}
    for kind in KINDS:
        section = data.get(kind)
        if section is None:
            continue
        if not isinstance(section, dict):
            bad((kind,), _("must be a mapping with 'columns' and optionally 'extra' and 'flags'"))
            continue
        for key in section:
            if key not in ("columns", "extra", "flags"):
                bad(
                    (kind, key),
                    _("unknown key (expected {keys})").format(keys="columns, extra, flags"),
                )
        result.flags[kind] = _flags(kind, section.get("flags"), lines, bad)
        columns = section.get("columns") or {}
        if not isinstance(columns, dict):
            bad((kind, "columns"), _("must map stemeco fields to column headers"))
            columns = {}
        for fld, header in columns.items():
            if fld not in FIELDS[kind]:
                bad(
                    (kind, "columns", fld),
                    _("'{field}' is not a field of {kind} (fields: {fields})").format(
                        field=fld, kind=kind, fields=", ".join(FIELDS[kind])
                    ),
                )
            elif not isinstance(header, str) or not header.strip():
                bad((kind, "columns", fld), _("the column header must be text"))
            else:
                result.columns[kind][fld] = header
        extra = section.get("extra")
        if extra is not None:
            if not isinstance(extra, list) or not all(isinstance(h, str) for h in extra):
                bad((kind, "extra"), _("must be a list of column headers"))
            else:
                result.extra[kind] = list(extra)
    values = data.get("values") or {}
    if not isinstance(values, dict):
        bad(("values",), _("must map a field (sector, stages, pillars, areas) to its values"))
        values = {}
    for fld, table in values.items():
        if fld not in (*VOCAB_FIELDS, "areas"):
            bad(("values", fld), _("only sector, stages, pillars and areas take value mappings"))
            continue
        if not isinstance(table, dict):
            bad(("values", fld), _("must map source values to stemeco values"))
            continue
        mapped: dict[str, list[str]] = {}
        for source, target in table.items():
            targets = target if isinstance(target, list) else [] if target is None else [target]
            ok = True
            for item in targets:
                if not isinstance(item, str):
                    bad(("values", fld, source), _("'{value}' must be text").format(value=item))
                    ok = False
                elif fld in VOCAB_FIELDS and item not in VOCAB_FIELDS[fld]:
                    bad(("values", fld, source), _not_one_of(item, fld))
                    ok = False
            if fld == "sector" and len(targets) > 1:
                bad(("values", fld, source), _("an organisation has one sector"))
                ok = False
            if ok:
                mapped[norm_value(str(source))] = targets
                result.spelled.setdefault(fld, []).append(str(source))
        result.values[fld] = mapped
    aliases = data.get("aliases") or {}
    if not isinstance(aliases, dict):
        bad(("aliases",), _("must map a name used in the file to the organisation's name"))
    else:
        result.aliases = {str(k): str(v) for k, v in aliases.items()}
    if problems:
        raise ValidationFailed(
            problems,
            summary=_("{file}: the mapping file has problems; nothing was imported").format(
                file=path
            ),
        )
    return result


def _not_one_of(value: object, fld: str) -> str:
    return _("'{value}' is not one of {choices}").format(
        value=value, choices=", ".join(VOCAB_FIELDS[fld])
    )


def _flags(
    kind: Kind,
    section: object,
    lines: dict[Path_, int],
    bad: Callable[[tuple[str | int, ...], str], None],
) -> list[Flag]:
    """``flags:`` of one kind: Yes/No column header -> {field: value or [values]}."""
    if section is None:
        return []
    allowed = FLAG_FIELDS[kind]
    if not isinstance(section, dict):
        bad(
            (kind, "flags"),
            _("must map Yes/No column headers to {fields}").format(
                fields="{" + ": ..., ".join(allowed) + ": ...}"
            ),
        )
        return []
    flags = []
    for header, spec in section.items():
        key: tuple[str | int, ...] = (kind, "flags", header)
        if not isinstance(spec, dict) or not spec:
            example = (
                "{stages: [middle, high_school]}" if kind == "programs" else "{sector: prek12}"
            )
            bad(
                key,
                _("must say what a yes adds, e.g. {example} (fields: {fields})").format(
                    example=example, fields=", ".join(allowed)
                ),
            )
            continue
        sets: dict[str, list[str]] = {}
        for fld, value in spec.items():
            if fld not in allowed:
                bad(
                    (*key, fld),
                    _("a Yes/No column sets {fields}, not '{field}'").format(
                        fields=", ".join(allowed), field=fld
                    ),
                )
                continue
            items = value if isinstance(value, list) else [value]
            ids = []
            for item in items:
                if not isinstance(item, str) or not item.strip():
                    bad((*key, fld), _("'{value}' must be text").format(value=item))
                elif fld == "areas":
                    ids.append(item.strip())
                elif (found := resolve(item, VOCAB_FIELDS[fld])) is None:
                    bad((*key, fld), _not_one_of(item, fld))
                else:
                    ids.append(found)
            if fld == "sector" and len(items) > 1:
                bad((*key, fld), _("an organisation has one sector"))
            elif ids:
                sets[fld] = ids
        if sets:
            flags.append(Flag(str(header), sets, line_of(lines, key)))
    return flags


# ---------------------------------------------------------------- CSV


@dataclass
class Table:
    path: Path
    headers: list[str]
    keys: list[str]  # the field name of each header, unique ("" for an empty header)
    rows: list[tuple[int, dict[str, str]]]  # spreadsheet row number (header = 1), cells by key
    delimiter: str

    def key_of(self, header: str) -> str | None:
        """The key of the column a mapping or ``--column`` names: by its header (case and
        spaces ignored) or by its field name (``Mission/Summary`` or ``mission_summary``)."""
        wanted = norm_value(header)
        for text, key in zip(self.headers, self.keys, strict=True):
            if key and norm_value(text) == wanted:
                return key
        name = field_name(header)
        return name if name and name in self.keys else None

    def header_of(self, key: str) -> str:
        return self.headers[self.keys.index(key)]


def unique_name(base: str, taken: set[str] | dict[str, object]) -> str:
    """``base``, or ``base_2``, ``base_3``... the first not taken."""
    if base not in taken:
        return base
    number = 2
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"


def field_names(headers: list[str]) -> list[str]:
    """Each header's field name, unique in the file (``mission_summary``, ``mission_summary_2``)."""
    keys: list[str] = []
    taken: set[str] = set()
    for position, header in enumerate(headers, start=1):
        if not header:
            keys.append("")
            continue
        key = unique_name(field_name(header) or f"column_{position}", taken)
        taken.add(key)
        keys.append(key)
    return keys


def read_csv(path: Path) -> Table:
    """A CSV as a spreadsheet saves it: UTF-8 with or without BOM, ',' ';' or tab, any EOL."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(_("{file}: file not found").format(file=path)) from None
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise ProjectFileError(
            path,
            _("not UTF-8 text (line {line})").format(line=row),
            hint=_("save it from your spreadsheet as 'CSV UTF-8 (comma delimited)'"),
        ) from None
    if not text.strip():
        raise ProjectFileError(
            path, _("the file is empty"), hint=_("export the sheet with its header row")
        )
    if "\x00" in text:
        raise ProjectFileError(path, _("the file holds NUL bytes; is it really a CSV export?"))
    first = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise ProjectFileError(
            path, _("row {row}: not valid CSV: {error}").format(row=1, error=exc)
        ) from None
    seen: set[str] = set()
    for h in headers:
        n = norm_value(h)
        if n and n in seen:
            raise ProjectFileError(
                path,
                _("row {row}: the column '{header}' appears twice").format(row=1, header=h),
                hint=_("rename one of them"),
            )
        seen.add(n)
    normalised = field_names(headers)
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
                path,
                _("row {row}: not valid CSV: {error}").format(row=number, error=exc),
                hint=_("check the quotes in that row"),
            ) from None
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
            problems.append(
                Problem(
                    _("{cells} cells but only {columns} columns in the header").format(
                        cells=len(cells), columns=len(headers)
                    ),
                    _("row {row}").format(row=number),
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
            problems,
            summary=_("{file}: rows do not fit the header; nothing was imported").format(file=path),
        )
    if not rows:
        raise ProjectFileError(path, _("the file has a header but no rows"))
    return Table(path, headers, normalised, rows, delimiter)
