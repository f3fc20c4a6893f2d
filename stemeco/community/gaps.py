"""The continuum gap analysis of the asset map (``stemeco gaps``).

Counts organisations and programs in every cell of stage x sector (and stage x
pillar, stage x area), calls out the empty and the thin cells, finds likely
duplicate organisations and programs of different organisations that overlap
in stage and area, and words the main findings as one-line sentences for
Studio III's data step.
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
from stemeco.text import plural
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS

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
                    "why": d.why,
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
    """A Mermaid flowchart: the ecosystem, its sectors, and the busiest organisations of each."""
    lines = ["flowchart LR", f'  eco(("{_quote(municipality or "The")} STEM ecosystem"))']
    number = 0
    for group in network_groups(orgs):
        sector = group["sector"]
        node = f"s_{sector}"
        lines.append(f'  eco --- {node}["{_quote(group["label"])} ({group["count"]})"]')
        for org in group["organisations"]:
            number += 1
            n = org["programs"]
            count = f" · {n} program{'s' if n != 1 else ''}" if n else ""
            lines.append(f'  {node} --- o{number}["{_quote(org["name"])}{count}"]')
        if group["more"]:
            lines.append(f'  {node} --- more_{sector}["+{group["more"]} more"]')
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
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _and(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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
        names = ", ".join(ASSET_STAGES[s] for s in unserved)
        out.append(f"No organisation on the asset map serves: {names}.")
    listless = [s for s in order if programs[s] == 0 and orgs[s] > 0]
    if listless:
        shown = "; ".join(
            f"{ASSET_STAGES[s]} ({plural(orgs[s], 'organisation')})" for s in listless
        )
        out.append(f"No program on the asset map serves: {shown}, with no program listed.")
    served = {s: n for s, n in programs.items() if n}
    if not served or len(served) == len(order) == 1:
        return out
    low = min(served.values())
    high = max(served, key=lambda s: (served[s], -order.index(s)))
    thinnest = [s for s in order if served.get(s) == low]
    if len(thinnest) == len(served):
        if len(served) > 1:
            out.append(f"Every stage with programs has {plural(low, 'program')}.")
        return out
    among = "Among the stages with programs, " if unserved or listless else ""
    names = _and([ASSET_STAGES[s] for s in thinnest])
    if len(thinnest) == 1:
        only = thinnest[0]
        what = f"{names} is the thinnest" + ("" if among else " stage of the continuum")
        detail = f"{plural(low, 'program')} from {plural(orgs[only], 'organisation')}"
    else:
        what = f"{names} are the thinnest" + ("" if among else " stages of the continuum")
        detail = f"{plural(low, 'program')} each"
    sentence = f"{what}: {detail}, against {served[high]} for {ASSET_STAGES[high]}."
    out.append(among + sentence if among else sentence)
    return out


def findings(analysis: Analysis, orgs: list[Organisation]) -> list[str]:
    """One-line findings, worded for the design team's data step."""
    if not orgs:
        return []
    review = analysis.needs_review
    out = [
        f"The asset map holds {plural(analysis.organisations, 'organisation')} and "
        f"{plural(analysis.programs, 'program')}"
        + (
            f"; {plural(review, 'record')} still {'needs' if review == 1 else 'need'} review."
            if review
            else "."
        )
    ]
    out += _thinnest(analysis)
    absent = [c for c in STAKEHOLDER_GROUPS if all(o.sector != c for o in orgs)]
    if absent:
        out.append(
            "No organisation on the asset map comes from "
            + "; ".join(STAKEHOLDER_GROUPS[c] for c in absent)
            + "."
        )
    for stage, label in ASSET_STAGES.items():
        missing = [
            STAKEHOLDER_GROUPS[c] for s, c in analysis.empty if s == stage and c not in absent
        ]
        if missing:
            out.append(f"{label}: no organisation from {_list(missing, 4)}.")
    for stage, label in ASSET_STAGES.items():
        single = [f"{STAKEHOLDER_GROUPS[c]} ({n})" for s, c, n in analysis.thin if s == stage]
        if single:
            out.append(f"{label}: a single organisation for {_list(single)}.")
    unassigned = sum(1 for o in orgs if o.sector is None)
    if unassigned:
        verb = "has" if unassigned == 1 else "have"
        out.append(f"{plural(unassigned, 'organisation')} {verb} no sector yet.")
    if analysis.duplicates:
        first = analysis.duplicates[0]
        count = len(analysis.duplicates)
        looks = "looks like a duplicate" if count == 1 else "look like duplicates"
        out.append(
            f"{plural(count, 'organisation')} {looks} of another record, e.g. "
            f"'{first.organisation}' and '{first.resembles}' ({first.why})."
        )
    if analysis.overlaps:
        top = analysis.overlaps[0]
        stages = ", ".join(ASSET_STAGES[s] for s in top.stages)
        count = len(analysis.overlaps)
        out.append(
            f"{plural(count, 'group')} of programs from different organisations "
            f"overlap{'s' if count == 1 else ''} in stage and area; "
            f"{'it' if count == 1 else 'the largest'} has {plural(len(top.programs), 'program')} "
            f"from {plural(top.organisations, 'organisation')} ({stages}; "
            f"{', '.join(top.areas)})."
        )
    return out
