"""The continuum gap analysis of the asset map (``stemeco gaps``).

Counts organisations and programs in every cell of stage x sector (and stage x
pillar, stage x area), calls out the empty and the thin cells, finds likely
duplicate organisations and programs of different organisations that overlap
in stage and area, and words the main findings as one-line sentences for
Studio III's data step, in the project's language (or a document's, while it is
rendered).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

from stemeco.community.assets import (
    ASSET_STAGES,
    SECTOR_COLUMNS,
    UNASSIGNED,
    Organisation,
    asset_files,
    read_organisation,
)
from stemeco.community.duplicates import Record, contact_fields, find_duplicates, record_keys
from stemeco.community.reasons import evidence_text
from stemeco.i18n import _, ngettext
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS, label

THIN = 1  # a cell with this many organisations or fewer (but not none) is thin
NETWORK_CAP = 6  # organisations shown per sector in the partnership diagram


@dataclass
class Cell:
    organisations: int = 0
    programs: int = 0
    names: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, int]:
        return {"organisations": self.organisations, "programs": self.programs}


Matrix = dict[str, dict[str, Cell]]


class Pair(NamedTuple):
    """``organisation`` (in ``file``) is likely the same as ``resembles``, because ``why``."""

    organisation: str
    file: str
    resembles: str
    resembles_file: str
    why: str


@dataclass
class Overlap:
    stages: list[str]
    areas: list[str]
    programs: list[tuple[str, str]]  # (organisation, program)

    @property
    def organisations(self) -> int:
        return len({o for o, _ in self.programs})


@dataclass
class Analysis:
    organisations: int
    programs: int
    needs_review: int
    sectors: list[str]
    stage_sector: Matrix
    stage_pillar: Matrix
    stage_area: Matrix
    areas: list[str]
    empty: list[tuple[str, str]]
    thin: list[tuple[str, str, str]]
    duplicates: list[Pair]
    overlaps: list[Overlap]
    network: str
    findings: list[str]
    network_groups: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        def matrix(m: Matrix) -> dict[str, dict[str, dict[str, int]]]:
            return {s: {c: cell.as_json() for c, cell in row.items()} for s, row in m.items()}

        return {
            "totals": {
                "organisations": self.organisations,
                "programs": self.programs,
                "needs_review": self.needs_review,
            },
            "stages": list(ASSET_STAGES),
            "sectors": self.sectors,
            "stage_sector": matrix(self.stage_sector),
            "stage_pillar": matrix(self.stage_pillar),
            "stage_area": matrix(self.stage_area),
            "empty_cells": [{"stage": s, "sector": c} for s, c in self.empty],
            "thin_cells": [{"stage": s, "sector": c, "organisation": n} for s, c, n in self.thin],
            "likely_duplicates": [
                {
                    "organisation": d.organisation,
                    "file": d.file,
                    "resembles": d.resembles,
                    "resembles_file": d.resembles_file,
                    "why": evidence_text(d.why),
                }
                for d in self.duplicates
            ],
            "overlapping_programs": [
                {
                    "stages": o.stages,
                    "areas": o.areas,
                    "programs": [{"organisation": org, "program": p} for org, p in o.programs],
                }
                for o in self.overlaps
            ],
            "findings": self.findings,
        }

    # shapes for the templates
    def template_context(self) -> dict[str, Any]:
        data = self.as_json()
        data["network"] = self.network
        data["network_groups"] = self.network_groups
        data["labels"] = {
            "stages": dict(ASSET_STAGES),
            "sectors": dict(SECTOR_COLUMNS),
            "pillars": dict(PILLARS),
        }
        data["areas"] = self.areas
        return data


def analyse(root: Path, municipality: str = "") -> Analysis:
    """The gap analysis of the asset map at ``root``. Each organisation is kept only
    with what the analysis counts (not the whole file it was read from), so that
    20,000 of them fit in a modest memory."""
    orgs = [_counted(read_organisation(path)) for path in asset_files(root)]
    return analyse_organisations(orgs, root, municipality)


def _counted(org: Organisation) -> Organisation:
    """``org`` (just read, shared with nobody) without the data the analysis does not use
    (it keeps the fields that tell duplicates apart: websites, addresses, e-mail)."""
    org.data = contact_fields(org.data)
    org.provenance = {}
    for program in org.programs:
        program.data = {}
    return org


def _count(
    matrix: Matrix,
    stage: str,
    column: str,
    org: str,
    programs: int,
    seen: set[tuple[str, str, str]],
) -> None:
    row = matrix[stage]
    cell = row.get(column)
    if cell is None:
        cell = row[column] = Cell()
    key = (stage, column, org)
    if key not in seen:
        seen.add(key)
        cell.organisations += 1
        cell.names.append(org)
    cell.programs += programs


def analyse_organisations(orgs: list[Organisation], root: Path, municipality: str) -> Analysis:
    sectors = list(STAKEHOLDER_GROUPS)
    if any(o.sector is None for o in orgs):
        sectors.append(UNASSIGNED)
    stage_sector: Matrix = {s: {c: Cell() for c in sectors} for s in ASSET_STAGES}
    stage_pillar: Matrix = {s: {p: Cell() for p in PILLARS} for s in ASSET_STAGES}
    stage_area: Matrix = {s: {} for s in ASSET_STAGES}
    seen_sector: set[tuple[str, str, str]] = set()
    seen_pillar: set[tuple[str, str, str]] = set()
    seen_area: set[tuple[str, str, str]] = set()
    area_names: dict[str, str] = {}
    area_totals: dict[str, int] = defaultdict(int)
    programs = 0
    needs_review = 0
    for org in orgs:
        column = org.sector_column
        needs_review += int(org.needs_review) + sum(p.needs_review for p in org.programs)
        programs += len(org.programs)
        for stage in org.served_stages:
            _count(stage_sector, stage, column, org.name, 0, seen_sector)
        for stage in org.stages:
            for pillar in org.pillars:
                _count(stage_pillar, stage, pillar, org.name, 0, seen_pillar)
        for program in org.programs:
            for stage in program.stages:
                stage_sector[stage][column].programs += 1
                for pillar in program.pillars or org.pillars:
                    _count(stage_pillar, stage, pillar, org.name, 1, seen_pillar)
                for area in program.areas:
                    key = area.casefold()
                    area_names.setdefault(key, area)
                    _count(stage_area, stage, key, org.name, 1, seen_area)
            for area in {a.casefold() for a in program.areas}:
                area_totals[area] += 1
    areas_sorted = sorted(area_names, key=lambda k: (-area_totals[k], k))
    stage_area = {
        s: {area_names[a]: stage_area[s].get(a, Cell()) for a in areas_sorted} for s in ASSET_STAGES
    }
    empty = [
        (s, c)
        for s in ASSET_STAGES
        for c in STAKEHOLDER_GROUPS
        if stage_sector[s][c].organisations == 0
    ]
    thin = [
        (s, c, stage_sector[s][c].names[0])
        for s in ASSET_STAGES
        for c in STAKEHOLDER_GROUPS
        if 0 < stage_sector[s][c].organisations <= THIN
    ]
    duplicates = likely_duplicates(orgs, root)
    overlaps = overlapping_programs(orgs)
    analysis = Analysis(
        organisations=len(orgs),
        programs=programs,
        needs_review=needs_review,
        sectors=sectors,
        stage_sector=stage_sector,
        stage_pillar=stage_pillar,
        stage_area=stage_area,
        areas=[area_names[a] for a in areas_sorted],
        empty=empty,
        thin=thin,
        duplicates=duplicates,
        overlaps=overlaps,
        network=network(orgs, municipality),
        findings=[],
        network_groups=network_groups(orgs),
    )
    analysis.findings = findings(analysis, orgs)
    return analysis


def likely_duplicates(orgs: list[Organisation], root: Path) -> list[Pair]:
    """Each organisation that looks like another of the asset map (the same website,
    address or e-mail domain, or a like name), paired with the first of its kind by name."""
    ordered = sorted(orgs, key=lambda o: (o.name.casefold(), o.path.name))
    records = [
        Record(o, o.name, record_keys(o.data or {"website": o.website, "location": o.location}))
        for o in ordered
    ]
    pairs = []
    for found in find_duplicates(records):
        org, other = cast(Organisation, found.record.ref), cast(Organisation, found.other.ref)
        pairs.append(
            Pair(
                org.name,
                _relative(org.path, root),
                other.name,
                _relative(other.path, root),
                found.why,
            )
        )
    return pairs


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def overlapping_programs(orgs: list[Organisation]) -> list[Overlap]:
    Key = tuple[tuple[str, ...], tuple[str, ...]]
    groups: dict[Key, list[tuple[str, str]]] = defaultdict(list)
    names: dict[str, str] = {}
    for org in orgs:
        for program in org.programs:
            if not program.stages or not program.areas:
                continue
            for area in program.areas:
                names.setdefault(area.casefold(), area)
            key = (tuple(program.stages), tuple(sorted({a.casefold() for a in program.areas})))
            groups[key].append((org.name, program.name))
    out = [
        Overlap(list(stages), [names[a] for a in areas], sorted(programs))
        for (stages, areas), programs in groups.items()
        if len({o for o, _ in programs}) >= 2
    ]
    return sorted(out, key=lambda o: (-len(o.programs), o.stages, o.areas))


def network_groups(orgs: list[Organisation]) -> list[dict[str, Any]]:
    """The partnership network as data: each sector with its busiest organisations.

    The Mermaid flowchart of the Markdown and the drawing of the review copies
    both show these, so the two never disagree.
    """
    by_sector: dict[str, list[Organisation]] = defaultdict(list)
    for org in orgs:
        by_sector[org.sector_column].append(org)
    groups = []
    for sector in SECTOR_COLUMNS:
        members = by_sector.get(sector)
        if not members:
            continue
        ranked = sorted(members, key=lambda o: (-len(o.programs), o.name.casefold()))
        groups.append(
            {
                "sector": sector,
                "label": SECTOR_COLUMNS[sector],
                "count": len(members),
                "organisations": [
                    {"name": o.name, "programs": len(o.programs)} for o in ranked[:NETWORK_CAP]
                ],
                "more": max(len(ranked) - NETWORK_CAP, 0),
            }
        )
    return groups


def network(orgs: list[Organisation], municipality: str) -> str:
    """A Mermaid flowchart: the ecosystem, its sectors, and the busiest organisations of each
    (its words in the documents' catalog: it is drawn only in docs/asset-map.md)."""
    from stemeco.documents.words import D_, say, say_count

    centre = (
        say(D_("%(municipality)s STEM ecosystem"), municipality=municipality)
        if municipality
        else say(D_("The STEM ecosystem"))
    )
    lines = ["flowchart LR", f'  eco(("{_quote(centre)}"))']
    number = 0
    for group in network_groups(orgs):
        sector = group["sector"]
        node = f"s_{sector}"
        shown = label(SECTOR_COLUMNS, sector)
        lines.append(f'  eco --- {node}["{_quote(shown)} ({group["count"]})"]')
        for org in group["organisations"]:
            number += 1
            n = org["programs"]
            name = str(org["name"])
            if n:
                name += " · " + say_count("%(num)s program", "%(num)s programs", n)
            lines.append(f'  {node} --- o{number}["{_quote(name)}"]')
        if group["more"]:
            more = say(D_("+%(count)s more"), count=group["more"])
            lines.append(f'  {node} --- more_{sector}["{_quote(more)}"]')
    return "\n".join(lines)


#: Characters of a name that Mermaid would read inside a quoted flowchart label
#: (its end, HTML, entity codes, directives, Markdown strings), as the entity
#: codes Mermaid shows as those characters. '#' first: the codes start with it.
_FLOWCHART_CODES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "%": "#37;",
    "`": "#96;",
}


def _quote(text: str) -> str:
    """Text for a quoted Mermaid flowchart label that shows exactly that text, on one line."""
    return "".join(_FLOWCHART_CODES.get(ch, ch) for ch in " ".join(text.split()))


def _list(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    if len(names) <= limit:
        return shown
    return _("{names} and {count} more").format(names=shown, count=len(names) - limit)


def _and(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``, as the project's language joins them."""
    from stemeco.i18n import current_language
    from stemeco.i18n.formatting import conjoined

    return conjoined(names, current_language())


def _organisations(count: int) -> str:
    return ngettext("{count} organisation", "{count} organisations", count).format(count=count)


def _programs(count: int) -> str:
    return ngettext("{count} program", "{count} programs", count).format(count=count)


def _stage(stage: str) -> str:
    return label(ASSET_STAGES, stage)


def _group(group: str) -> str:
    return label(STAKEHOLDER_GROUPS, group)


def _thinnest(analysis: Analysis) -> list[str]:
    """Where the continuum is thinnest, counting every stage: one with no program is
    thinner than one with a single program, so it is never passed over."""
    order = list(ASSET_STAGES)
    programs = {s: sum(c.programs for c in analysis.stage_sector[s].values()) for s in ASSET_STAGES}
    orgs = {
        s: sum(c.organisations for c in analysis.stage_sector[s].values()) for s in ASSET_STAGES
    }
    out = []
    unserved = [s for s in order if programs[s] == 0 and orgs[s] == 0]
    if unserved:
        names = ", ".join(_stage(s) for s in unserved)
        out.append(_("No organisation on the asset map serves: {stages}.").format(stages=names))
    listless = [s for s in order if programs[s] == 0 and orgs[s] > 0]
    if listless:
        shown = "; ".join(f"{_stage(s)} ({_organisations(orgs[s])})" for s in listless)
        out.append(
            _("No program on the asset map serves: {stages}, with no program listed.").format(
                stages=shown
            )
        )
    served = {s: n for s, n in programs.items() if n}
    if not served or len(served) == len(order) == 1:
        return out
    low = min(served.values())
    high = max(served, key=lambda s: (served[s], -order.index(s)))
    thinnest = [s for s in order if served.get(s) == low]
    if len(thinnest) == len(served):
        if len(served) > 1:
            out.append(
                _("Every stage with programs has {programs}.").format(programs=_programs(low))
            )
        return out
    among = bool(unserved or listless)
    values = {
        "stages": _and([_stage(s) for s in thinnest]),
        "programs": _programs(low),
        "organisations": _organisations(orgs[thinnest[0]]),
        "count": served[high],
        "top": _stage(high),
    }
    if len(thinnest) == 1 and among:
        sentence = _(
            "Among the stages with programs, {stages} is the thinnest: {programs} from "
            "{organisations}, against {count} for {top}."
        )
    elif len(thinnest) == 1:
        sentence = _(
            "{stages} is the thinnest stage of the continuum: {programs} from {organisations}, "
            "against {count} for {top}."
        )
    elif among:
        sentence = _(
            "Among the stages with programs, {stages} are the thinnest: {programs} each, "
            "against {count} for {top}."
        )
    else:
        sentence = _(
            "{stages} are the thinnest stages of the continuum: {programs} each, against "
            "{count} for {top}."
        )
    out.append(sentence.format(**values))
    return out


def findings(analysis: Analysis, orgs: list[Organisation]) -> list[str]:
    """One-line findings, worded for the design team's data step."""
    if not orgs:
        return []
    review = analysis.needs_review
    holds = {
        "organisations": _organisations(analysis.organisations),
        "programs": _programs(analysis.programs),
    }
    out = [
        ngettext(
            "The asset map holds {organisations} and {programs}; {count} record still needs "
            "review.",
            "The asset map holds {organisations} and {programs}; {count} records still need "
            "review.",
            review,
        ).format(count=review, **holds)
        if review
        else _("The asset map holds {organisations} and {programs}.").format(**holds)
    ]
    out += _thinnest(analysis)
    absent = [c for c in STAKEHOLDER_GROUPS if all(o.sector != c for o in orgs)]
    if absent:
        out.append(
            _("No organisation on the asset map comes from {groups}.").format(
                groups="; ".join(_group(c) for c in absent)
            )
        )
    for stage in ASSET_STAGES:
        missing = [_group(c) for s, c in analysis.empty if s == stage and c not in absent]
        if missing:
            out.append(
                _("{stage}: no organisation from {groups}.").format(
                    stage=_stage(stage), groups=_list(missing, 4)
                )
            )
    for stage in ASSET_STAGES:
        single = [f"{_group(c)} ({n})" for s, c, n in analysis.thin if s == stage]
        if single:
            out.append(
                _("{stage}: a single organisation for {groups}.").format(
                    stage=_stage(stage), groups=_list(single)
                )
            )
    unassigned = sum(1 for o in orgs if o.sector is None)
    if unassigned:
        out.append(
            ngettext(
                "{count} organisation has no sector yet.",
                "{count} organisations have no sector yet.",
                unassigned,
            ).format(count=unassigned)
        )
    if analysis.duplicates:
        first = analysis.duplicates[0]
        count = len(analysis.duplicates)
        out.append(
            ngettext(
                "{count} organisation looks like a duplicate of another record, e.g. '{name}' "
                "and '{other}' ({why}).",
                "{count} organisations look like duplicates of another record, e.g. '{name}' "
                "and '{other}' ({why}).",
                count,
            ).format(
                count=count,
                name=first.organisation,
                other=first.resembles,
                why=evidence_text(first.why),
            )
        )
    if analysis.overlaps:
        top = analysis.overlaps[0]
        count = len(analysis.overlaps)
        out.append(
            ngettext(
                "{count} group of programs from different organisations overlaps in stage and "
                "area; it has {programs} from {organisations} ({stages}; {areas}).",
                "{count} groups of programs from different organisations overlap in stage and "
                "area; the largest has {programs} from {organisations} ({stages}; {areas}).",
                count,
            ).format(
                count=count,
                programs=_programs(len(top.programs)),
                organisations=_organisations(top.organisations),
                stages=", ".join(_stage(s) for s in top.stages),
                areas=", ".join(top.areas),
            )
        )
    return out
