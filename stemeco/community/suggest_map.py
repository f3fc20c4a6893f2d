"""A starting mapping file from a roster (``stemeco assets import ROSTER.csv --suggest-map``).

It reads the roster's headers and values and guesses: which column holds the
name, description, website, address, e-mail, coordinates and the type of
organisation; which columns are Yes/No columns, and what a "yes" in each
probably means (a stage or a pillar, from the words of its header); and which
stakeholder group each distinct type stands for, where one group clearly
matches. Every guess is marked as one; what it cannot guess is left for the
user with a comment saying what to write. Nothing is imported.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from stemeco.community.roster import detect_kind
from stemeco.community.sources import (
    FIELDS,
    PLACEHOLDER_TEXTS,
    Kind,
    Mapping_,
    Table,
    flag_answer,
    read_csv,
)
from stemeco.errors import UsageError
from stemeco.i18n import _
from stemeco.vocab import PILLARS, STAGES, STAKEHOLDER_GROUPS, resolve

# Words that point at a stakeholder group, as they appear in rosters' type columns.
# Longer phrases are matched first and hide the words inside them: "community
# college" is post-secondary, not community.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "prek12": (
        "school district",
        "school",
        "schools",
        "district",
        "k 12",
        "charter",
        "unified",
        "office of education",
        "elementary",
        "high school",
        "middle school",
    ),
    "out_of_school": (
        "afterschool",
        "out of school",
        "expanded learning",
        "youth club",
        "youth clubs",
        "boys and girls club",
        "4 h",
        "scouts",
        "ymca",
        "ywca",
        "camp",
        "camps",
        "youth program",
        "youth programs",
        "youth development",
        "youth organization",
        "youth organisation",
        "youth serving",
        "tutoring",
        "enrichment",
    ),
    "stem_rich": (
        "museum",
        "museums",
        "science center",
        "science centre",
        "zoo",
        "aquarium",
        "library",
        "libraries",
        "planetarium",
        "botanical garden",
        "nature center",
        "observatory",
        "makerspace",
    ),
    "post_secondary": (
        "college",
        "colleges",
        "university",
        "universities",
        "community college",
        "higher education",
        "post secondary",
        "postsecondary",
        "technical college",
        "trade school",
        "institute of technology",
    ),
    "business": (
        "business",
        "businesses",
        "company",
        "corporation",
        "corporate",
        "industry",
        "employer",
        "employers",
        "chamber of commerce",
        "for profit",
        "private sector",
    ),
    "community": (
        "community organization",
        "community organisation",
        "community based",
        "cbo",
        "cbos",
        "faith based",
        "church",
        "neighborhood",
        "civic",
    ),
    "youth_families": ("family", "families", "parent", "parents", "pta", "youth and families"),
    "government": (
        "government",
        "city",
        "county",
        "state agency",
        "federal",
        "department",
        "agency",
        "municipal",
        "public agency",
        "foundation",
        "funder",
        "funders",
        "philanthropy",
        "philanthropic",
    ),
}

# Words of a Yes/No column's header that say what a "yes" means.
FLAG_WORDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("stages", "early_childhood"): (
        "early childhood",
        "early learning",
        "preschool",
        "pre k",
        "prek",
        "pre kindergarten",
        "infant",
        "toddler",
    ),
    ("stages", "elementary"): ("elementary", "primary school", "k 5", "grades k 5"),
    ("stages", "middle"): ("middle school", "middle", "junior high", "grades 6 8"),
    ("stages", "high_school"): ("high school", "secondary school", "grades 9 12", "teens"),
    ("stages", "post_secondary"): ("college", "university", "post secondary", "higher education"),
    ("stages", "employment"): ("adult", "adults", "employment"),
    ("stages", "family"): ("family", "families", "parent", "parents", "caregiver", "caregivers"),
    ("pillars", "partnerships"): ("partnership", "partnerships", "collaboration", "collaborative"),
    ("pillars", "systems"): ("system", "systems", "policy", "infrastructure", "governance"),
    ("pillars", "teaching_learning"): (
        "teaching",
        "learning",
        "curriculum",
        "instruction",
        "enrichment",
        "tutoring",
        "classroom",
        "academic",
    ),
    ("pillars", "measurement"): ("measurement", "data", "evaluation", "assessment", "research"),
    ("pillars", "workforce"): (
        "career",
        "careers",
        "workforce",
        "job",
        "jobs",
        "internship",
        "internships",
        "apprenticeship",
        "pathways",
    ),
}

# Words of a header that say which stemeco field the column holds (after the
# headers stemeco recognises by themselves, :data:`~stemeco.community.sources.FIELDS`).
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("organization name", "organisation name", "partner name", "agency name", "name"),
    "description": ("description", "mission", "summary", "about", "overview", "purpose"),
    "website": ("website", "web site", "url", "homepage", "web"),
    "location": ("street address", "address", "location"),
    "email": ("email", "e mail"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lng", "lon"),
    "sector": ("organization type", "organisation type", "partner type", "sector", "type"),
}
GUESSED: dict[Kind, tuple[str, ...]] = {
    "organisations": (
        "name",
        "sector",
        "description",
        "website",
        "location",
        "email",
        "latitude",
        "longitude",
        "source_id",
    ),
    "programs": ("name", "organisation", "id", "areas", "cost", "type"),
}


def _words(text: str) -> str:
    """Text as lower-case words: accents, '&' and punctuation made plain ('K-12' is 'k 12')."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"\b(after|out of)[\s-]*school\b", " afterschool ", folded)
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def _matches(text: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    """The entries of ``table`` whose phrases appear in ``text``, longest phrase first,
    each phrase hiding the words it covers."""
    phrases = sorted(
        ((phrase, what) for what, words in table.items() for phrase in words),
        key=lambda item: -len(item[0]),
    )
    found: list[str] = []
    words = f" {_words(text)} "
    for phrase, what in phrases:
        needle = f" {phrase} "
        if needle in words:
            words = words.replace(needle, " | ")
            found.append(what)
    return list(dict.fromkeys(found))


def sector_of(value: str) -> str | None:
    """The stakeholder group a type of organisation clearly names; None when unclear."""
    known = resolve(value, STAKEHOLDER_GROUPS)
    if known is not None:
        return known
    groups = _matches(value, dict(SECTOR_WORDS))
    return groups[0] if len(groups) == 1 else None


def flag_meaning(header: str, kind: Kind = "organisations") -> dict[str, list[str]]:
    """What a "yes" in a Yes/No column probably adds: ``{stages: [...], pillars: [...]}``
    from the words of its header; for organisations, a sector when the header names a
    kind of organisation and no stage or pillar (``Museum?``)."""
    plain = re.sub(r"^\s*(category|cat|pillar|area)\s*\d+\s*[:.)-]?", "", header, flags=re.I)
    keys = {f"{fld}:{value}": words for (fld, value), words in FLAG_WORDS.items()}
    meaning: dict[str, list[str]] = {}
    for found in _matches(plain, keys):
        fld, value = found.split(":")
        meaning.setdefault(fld, []).append(value)
    if not meaning and kind == "organisations" and (sector := sector_of(plain)) is not None:
        return {"sector": [sector]}
    order = {"stages": list(STAGES) + ["family"], "pillars": list(PILLARS)}
    return {f: sorted(v, key=order[f].index) for f, v in sorted(meaning.items())}


# ---------------------------------------------------------------- the roster's columns


@dataclass
class Column:
    key: str
    header: str
    values: Counter[str] = field(default_factory=Counter)  # non-empty, not placeholders
    placeholders: Counter[str] = field(default_factory=Counter)

    @property
    def is_flag(self) -> bool:
        """Only Yes/No answers (1 and 0 count), at least one of them a yes."""
        answers = {flag_answer(v) for v in self.values}
        return bool(answers) and None not in answers and answers != {"no"}


def _columns(table: Table) -> list[Column]:
    blank = Mapping_()
    columns = [Column(k, h) for h, k in zip(table.headers, table.keys, strict=True) if k]
    for _row, cells in table.rows:
        for column in columns:
            cell = cells.get(column.key, "")
            if cell and blank.is_placeholder(cell):
                column.placeholders[cell] += 1
            elif cell:
                column.values[cell] += 1
    return columns


def _guess_columns(
    table: Table, kind: Kind, columns: list[Column], overrides: dict[str, str]
) -> dict[str, Column]:
    """stemeco field -> the column it is read from: ``--column`` first, then the headers
    stemeco recognises, then the words of the headers (organisations)."""
    by_key = {c.key: c for c in columns}
    chosen: dict[str, Column] = {}
    for fld, header in overrides.items():
        key = table.key_of(header)
        if fld not in FIELDS[kind] or key is None:
            raise UsageError(
                _("{option}: no such field or column").format(option=f"--column {fld}={header}")
            )
        chosen[fld] = by_key[key]
    taken = {c.key for c in chosen.values()}
    for fld, synonyms in FIELDS[kind].items():
        key = next((s for s in synonyms if s in by_key and s not in taken), None)
        if fld in GUESSED[kind] and fld not in chosen and key and not by_key[key].is_flag:
            chosen[fld] = by_key[key]
            taken.add(key)
    for fld, words in COLUMN_WORDS.items() if kind == "organisations" else ():
        for phrase in words if fld not in chosen else ():
            column = next((c for c in columns if _fits(c, fld, phrase, taken)), None)
            if column is not None:
                chosen[fld] = column
                taken.add(column.key)
                break
    if "sector" in chosen and len(chosen["sector"].values) > max(30, len(table.rows) // 2):
        del chosen["sector"]  # as many types as rows: free text, not a type column
    for fld in ("name", "organisation") if kind == "programs" else ("name",):
        if fld not in chosen:
            message = (
                _("{file}: cannot tell which column holds the organisation's {field}")
                if kind == "organisations"
                else _("{file}: cannot tell which column holds the program's {field}")
            )
            raise UsageError(
                message.format(file=table.path, field=fld),
                hint=_("name it with {option}").format(option=f"--column {fld}=HEADER"),
            )
    return chosen


def _fits(column: Column, fld: str, phrase: str, taken: set[str]) -> bool:
    if column.key in taken or column.is_flag or not _matches(column.header, {fld: (phrase,)}):
        return False
    return not (fld == "name" and _matches(column.header, {"person": ("contact", "first", "last")}))


# ---------------------------------------------------------------- writing


def _q(text: str) -> str:
    """A YAML scalar that reads back as exactly ``text`` (a JSON string is YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Suggestion:
    path: Path
    kind: Kind
    columns: int
    flags: int
    flags_open: int
    sectors: int
    sectors_open: int


def suggest_mapping(
    source: Path,
    out: Path | None = None,
    *,
    kind: Kind | None = None,
    overrides: dict[str, str] | None = None,
) -> Suggestion:
    """Write a starting mapping file for ``source`` at ``out`` (default: beside the
    roster, ``NAME.map.yaml``); refuses to replace a file that exists."""
    from stemeco.storage.files import atomic_write_text

    target = out if out is not None else source.with_name(f"{source.stem}.map.yaml")
    if target.suffix not in (".yaml", ".yml"):
        raise UsageError(
            _("{file}: a mapping file ends in .yaml").format(file=target),
            hint=_("e.g. {example}").format(example="roster.map.yaml"),
        )
    if target.exists():
        raise UsageError(
            _("{file} already exists; stemeco does not overwrite it").format(file=target),
            hint=_("name another OUT.yaml after the roster, or delete that file first"),
        )
    table = read_csv(source)
    overrides = overrides or {}
    kind = kind or detect_kind(table, Mapping_(), overrides)
    text, suggestion = _render(source, target, table, kind, overrides)
    try:
        atomic_write_text(target, text, exclusive=True)
    except FileExistsError:  # pragma: no cover - made by another program a moment ago
        raise UsageError(
            _("{file} already exists; stemeco does not overwrite it").format(file=target)
        ) from None
    return suggestion


def _render(
    source: Path, target: Path, table: Table, kind: Kind, overrides: dict[str, str]
) -> tuple[str, Suggestion]:
    columns = _columns(table)
    chosen = _guess_columns(table, kind, columns, overrides)
    used = {c.key for c in chosen.values()}
    flags = [c for c in columns if c.is_flag and c.key not in used]
    groups = ", ".join(STAKEHOLDER_GROUPS)
    out = [
        f"# A starting mapping for {source.name}, written by stemeco assets import --suggest-map.",
        "# Check every line marked 'guessed' and fill in those marked 'TO DO', then import:",
        f"#   stemeco assets import {source.name} --map {target.name}",
        "# The format is described in stemeco's README (Importing, the mapping file).",
        f"name: {_q(source.stem)}",
        'separator: ";"   # between the items of a list cell (stages, pillars, areas)',
        "",
        f"{kind}:",
        "  columns:   # stemeco field: the roster's column header",
    ]
    for fld in GUESSED[kind]:
        if fld in chosen:
            note = "   # its values are mapped under values.sector" if fld == "sector" else ""
            out.append(f"    {fld}: {_q(chosen[fld].header)}{note}")
    others = [c for c in columns if c.key not in used and c not in flags]
    if others:
        out.append("  # The other columns are kept in each record under these field names:")
        ages = "   (to read stages from it: stages: under columns, its values under values.stages)"
        for c in others:
            said = _matches(
                c.header, {"ages": ("age", "ages", "grade", "grades", "stage", "stages")}
            )
            out.append(f"  #   {_q(c.header)} -> {c.key}" + (ages if said else ""))
    fields = "sector, stages, pillars" if kind == "organisations" else "stages, pillars, areas"
    open_flags = 0
    if flags:
        out.append(f"  flags:   # Yes/No columns: what a yes adds to the record ({fields})")
    for column in flags:
        meaning = flag_meaning(column.header, kind)
        answers = ", ".join(sorted(column.values))
        if meaning:
            sets = ", ".join(
                f"{f}: {v[0]}" if f == "sector" else f"{f}: [{', '.join(v)}]"
                for f, v in meaning.items()
            )
            out.append(f"    {_q(column.header)}: {{{sets}}}   # guessed from the header")
        else:
            open_flags += 1
            out.append(
                f"    # {_q(column.header)}: {{pillars: [...]}}   # TO DO: what does a yes here "
                f"mean? then remove the '#' (it holds: {answers})"
            )
    if flags:
        out.append('partial: yes   # "Partial" in a Yes/No column counts as yes (no: as no)')
    out.append("")
    sectors = open_sectors = 0
    if kind == "organisations" and "sector" in chosen:
        out += ["values:", f"  sector:   # {_q(chosen['sector'].header)} -> a stakeholder group"]
        for value, count in sorted(chosen["sector"].values.items(), key=lambda i: i[0].casefold()):
            sectors += 1
            group = sector_of(value)
            if group is not None:
                out.append(f"    {_q(value)}: {group}   # guessed ({count} row(s))")
            else:
                open_sectors += 1
                out.append(
                    f"    {_q(value)}: null   # TO DO ({count} row(s)): one of {groups}; "
                    "null leaves the sector for stemeco assets review"
                )
        out.append("")
    found = Counter[str]()
    for column in columns:
        found.update(column.placeholders)
    builtin = ", ".join(PLACEHOLDER_TEXTS[:6])
    out.append(f"placeholders: []   # more texts that mean 'no data' ({builtin}... are built in)")
    if found:
        shown = ", ".join(f"{_q(t)} x{n}" for t, n in found.most_common(8))
        out.append(f"# Read as empty in {source.name}: {shown}")
    text = "\n".join(out) + "\n"
    return text, Suggestion(
        target, kind, len(chosen), len(flags), open_flags, sectors, open_sectors
    )
