"""The STEM asset map: one YAML file per organisation in ``assets/``.

Each file holds one organisation: its sector (a stakeholder group), the stages
of the learning continuum it serves, its programs, pillars, location, website,
where the record came from (provenance) and whether someone must review it.
One file per organisation means that people adding records on different
branches never edit the same file, so their work merges cleanly.

Reading uses the fast safe loader only; writing goes through
:mod:`stemeco.storage.roundtrip` (ruamel.yaml round trip, comments kept, atomic).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemeco import text
from stemeco.community.names import NameIndex as NameIndex
from stemeco.community.names import _block_tokens as _block_tokens
from stemeco.community.names import find_organisation as find_organisation
from stemeco.community.names import name_key as name_key
from stemeco.community.names import similar as similar
from stemeco.errors import Problem, ProjectFileError, UsageError, ValidationFailed
from stemeco.i18n import N_, _
from stemeco.storage.lock import writes
from stemeco.storage.read import Path_, line_of, read_yaml, read_yaml_with_lines
from stemeco.storage.records import refuse
from stemeco.text import slugify
from stemeco.vocab import PILLARS, STAGES, STAKEHOLDER_GROUPS, one_of, resolve

FOLDER = "assets"

# The continuum as the asset map sees it: the six stages of the guide, with their
# labels (employment is where workforce and adult programs belong), plus families,
# whom many programs serve across every stage.
ASSET_STAGES: dict[str, str] = {**STAGES, "family": N_("Family")}
UNASSIGNED = "unassigned"
SECTOR_COLUMNS: dict[str, str] = {**STAKEHOLDER_GROUPS, UNASSIGNED: N_("Sector not known")}

HEADER = (
    "Asset map: one organisation of the STEM ecosystem. Written by stemeco; comments you add "
    "are kept.\nsector: a stakeholder group; stages: early_childhood elementary middle "
    "high_school post_secondary employment family"
)

ORG_KEYS = (
    "name",
    "aliases",
    "sector",
    "stages",
    "pillars",
    "location",
    "website",
    "description",
)
TAIL_KEYS = (
    "programs",
    "provenance",
    "merged_from",
    "reviewed",
    "needs_review",
    "review_reason",
)
PROGRAM_KEYS = ("name", "id", "stages", "areas", "pillars", "cost", "type")


@dataclass
class Program:
    name: str
    stages: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    pillars: list[str] = field(default_factory=list)
    cost: str = ""
    type: str = ""
    id: str = ""
    needs_review: bool = False
    data: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Organisation:
    name: str
    path: Path
    sector: str | None = None
    stages: list[str] = field(default_factory=list)
    pillars: list[str] = field(default_factory=list)
    location: str = ""
    website: str = ""
    programs: list[Program] = field(default_factory=list)
    needs_review: bool = False
    review_reason: str = ""
    #: other names of the same organisation (a record merged into this one)
    aliases: list[str] = field(default_factory=list)
    #: the day a person last decided its sector, stages and pillars (``assets review``)
    reviewed: str = ""
    provenance: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def slug(self) -> str:
        return self.path.stem

    @property
    def sector_column(self) -> str:
        return self.sector or UNASSIGNED

    @property
    def served_stages(self) -> list[str]:
        """The stages it names itself plus those of its programs, in continuum order."""
        found = set(self.stages)
        for program in self.programs:
            found.update(program.stages)
        return [s for s in ASSET_STAGES if s in found]

    @property
    def served_pillars(self) -> list[str]:
        found = set(self.pillars)
        for program in self.programs:
            found.update(program.pillars)
        return [p for p in PILLARS if p in found]

    @property
    def review_reasons(self) -> list[str]:
        """Why a person should look at this record; empty when nothing is open.

        A record flagged ``needs_review`` is always open. One with no sector, no
        stage or no pillar (its programs' count) is open until a person has
        reviewed it (``reviewed:``), even if they then left a part empty.
        """
        from stemeco.community.reasons import MISSING

        reasons = []
        if self.needs_review:
            reasons.append(self.review_reason or "marked needs_review")
        elif _program_review(self):
            reasons.append("a program is marked needs_review")
        if self.reviewed:
            return reasons
        missing = [
            what
            for what, absent in (
                # "no sector given", "unknown sector 'X'": the flag says it already
                ("sector", self.sector is None and "sector" not in self.review_reason),
                ("stage", not self.served_stages),
                ("pillar", not self.served_pillars),
            )
            if absent
        ]
        if missing:
            reasons.append(MISSING[tuple(missing)])
        return reasons


# ---------------------------------------------------------------- reading


def _str_list(
    value: Any,
    where: str,
    line: int | None,
    allowed: Mapping[str, str] | None,
    problems: list[Problem],
) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append(Problem(_("must be a list"), where, line))
        return []
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            problems.append(Problem(_("'{value}' must be text").format(value=item), where, line))
            continue
        if allowed is not None and item not in allowed:
            problems.append(Problem(_not_one_of(item, allowed), where, line))
            continue
        out.append(item)
    return out


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    return str(value)


def parse_organisation(
    path: Path, data: Any, lines: dict[Path_, int]
) -> tuple[Organisation | None, list[Problem]]:
    """An organisation from a file's data, and its problems."""
    found: list[Problem] = []

    def bad(key: Path_, where: str, message: str) -> None:
        found.append(Problem(message, where, line_of(lines, key)))

    if not isinstance(data, dict):
        return None, [
            Problem(_("expected a mapping with the organisation's name, sector, ..."), line=1)
        ]
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or "\n" in name:
        bad(("name",), "name", _("a one-line name is required"))
        return None, found
    org = Organisation(name=name.strip(), path=path, data=data)
    sector = data.get("sector")
    if sector is not None and sector not in STAKEHOLDER_GROUPS:
        bad(("sector",), "sector", _not_one_of(sector, STAKEHOLDER_GROUPS))
    elif isinstance(sector, str):
        org.sector = sector
    org.stages = _str_list(
        data.get("stages"), "stages", line_of(lines, ("stages",)), ASSET_STAGES, found
    )
    org.pillars = _str_list(
        data.get("pillars"), "pillars", line_of(lines, ("pillars",)), PILLARS, found
    )
    org.location = _text(data.get("location"))
    org.website = _text(data.get("website"))
    review = data.get("needs_review", False)
    if not isinstance(review, bool):
        bad(("needs_review",), "needs_review", _("must be true or false"))
    else:
        org.needs_review = review
    org.review_reason = _text(data.get("review_reason"))
    org.aliases = [
        a.strip()
        for a in _str_list(
            data.get("aliases"), "aliases", line_of(lines, ("aliases",)), None, found
        )
    ]
    reviewed = data.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, str | int):
        bad(("reviewed",), "reviewed", _("must be a date (YYYY-MM-DD)"))
    elif reviewed is not None:
        org.reviewed = str(reviewed)
    provenance = data.get("provenance")
    if provenance is not None and not isinstance(provenance, dict):
        bad(("provenance",), "provenance", _("must be a mapping (source, imported)"))
    elif isinstance(provenance, dict):
        org.provenance = provenance
    programs = data.get("programs")
    if programs is not None and not isinstance(programs, list):
        bad(("programs",), "programs", _("must be a list of programs"))
        programs = []
    for index, item in enumerate(programs or []):
        key: Path_ = ("programs", index)
        where = f"programs[{index + 1}]"
        if not isinstance(item, dict):
            bad(key, where, _("must be a mapping with at least a name"))
            continue
        pname = item.get("name")
        if not isinstance(pname, str) or not pname.strip():
            bad((*key, "name"), f"{where}.name", _("a name is required"))
            continue
        program = Program(name=pname.strip(), data=item)
        for attr, allowed in (("stages", ASSET_STAGES), ("pillars", PILLARS), ("areas", None)):
            line = line_of(lines, (*key, attr))
            setattr(
                program, attr, _str_list(item.get(attr), f"{where}.{attr}", line, allowed, found)
            )
        program.cost = _text(item.get("cost"))
        program.type = _text(item.get("type"))
        program.id = _text(item.get("id"))
        flag = item.get("needs_review", False)
        program.needs_review = flag is True
        if not isinstance(flag, bool):
            bad((*key, "needs_review"), f"{where}.needs_review", _("must be true or false"))
        org.programs.append(program)
    return org, found


def asset_files(root: Path) -> list[Path]:
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def read_organisation(path: Path) -> Organisation:
    """One record, refused with file and line when it is broken."""
    org, problems = parse_organisation(path, read_yaml(path), {})
    if problems or org is None:  # read again, slower, to say on which line
        data, lines = read_yaml_with_lines(path)
        org, problems = parse_organisation(path, data, lines)
    if problems or org is None:
        refuse(path, problems)
    return org


def load_assets(root: Path) -> list[Organisation]:
    """Every organisation of the asset map, in file-name order."""
    return [read_organisation(path) for path in asset_files(root)]


def check_assets(root: Path) -> list[Problem]:
    """Problems of every asset file, for ``stemeco check`` (YAML syntax is checked elsewhere)."""
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    aliases: list[tuple[str, str, Path, int | None]] = []
    for path in asset_files(root):
        try:
            data, lines = read_yaml_with_lines(path)
        except ProjectFileError:
            continue  # the syntax check reports it
        org, found = parse_organisation(path, data, lines)
        problems.extend(p.at(path) for p in found)
        if org is not None:
            key = org.name.casefold()
            if key in seen:
                problems.append(
                    Problem(
                        _(
                            "'{name}' is also the organisation in {file}; merge the two files"
                        ).format(name=org.name, file=seen[key].relative_to(root).as_posix()),
                        "name",
                        line_of(lines, ("name",)),
                        path,
                    )
                )
            else:
                seen[key] = path
            for number, alias in enumerate(org.aliases):
                aliases.append((alias, org.name, path, line_of(lines, ("aliases", number))))
    for alias, owner, path, line in aliases:
        other = seen.get(alias.casefold())
        if other is not None and other != path:
            problems.append(
                Problem(
                    _(
                        "'{alias}' is an alias of '{name}' but also the organisation in "
                        "{file}; merge it: {command}"
                    ).format(
                        alias=alias,
                        name=owner,
                        file=other.relative_to(root).as_posix(),
                        command=f"stemeco assets merge '{owner}' '{alias}'",
                    ),
                    "aliases",
                    line,
                    path,
                )
            )
    return problems


def program_key(program: Mapping[str, Any]) -> str:
    """What makes two programs of an organisation the same: the source's id, else the name."""
    pid = program.get("id")
    return f"id:{pid}" if pid else f"name:{name_key(str(program.get('name') or ''))}"


# ---------------------------------------------------------------- filters


def filter_assets(
    orgs: list[Organisation],
    *,
    sector: str | None = None,
    stage: str | None = None,
    needs_review: bool | None = None,
) -> list[Organisation]:
    if sector is not None:
        sector = _known(sector, SECTOR_COLUMNS, "sector")
    if stage is not None:
        stage = _known(stage, ASSET_STAGES, "stage")
    out = []
    for org in orgs:
        if sector is not None and org.sector_column != sector:
            continue
        if stage is not None and stage not in org.served_stages:
            continue
        if needs_review is not None and (org.needs_review or _program_review(org)) != needs_review:
            continue
        out.append(org)
    return out


def vocabulary_ids(
    values: Sequence[str], vocabulary: Mapping[str, str], where: str, problems: list[Problem]
) -> list[str]:
    """The ids of values typed as ids or labels, each once; a problem for each that is neither."""
    found = []
    for value in values:
        known = resolve(value, vocabulary)
        if known is None:
            problems.append(Problem(_not_one_of(value, vocabulary, labelled=True), where))
        elif known not in found:
            found.append(known)
    return found


def _known(value: str, vocabulary: dict[str, str], what: str) -> str:
    """The id of a value typed as an id or a label; a clear error otherwise."""
    found = resolve(value, vocabulary)
    if found is None:
        message = (
            _("'{value}' is not a sector") if what == "sector" else _("'{value}' is not a stage")
        )
        raise UsageError(
            message.format(value=value),
            hint=_("use one of {choices}").format(choices=one_of(vocabulary)),
        )
    return found


def _not_one_of(value: Any, allowed: Mapping[str, str], *, labelled: bool = False) -> str:
    """``'X' is not one of a, b, c`` (with their labels when ``labelled``)."""
    choices = one_of(allowed) if labelled else ", ".join(allowed)
    return _("'{value}' is not one of {choices}").format(value=value, choices=choices)


def _program_review(org: Organisation) -> bool:
    return any(p.needs_review for p in org.programs)


# ---------------------------------------------------------------- writing


def record_path(root: Path, name: str) -> Path:
    """The file for a new organisation: ``assets/<slug>.yaml``, inside the folder."""
    folder = root / FOLDER
    target = folder / f"{slugify(name, fallback='organisation')}.yaml"
    if target.parent != folder:  # pragma: no cover - slugify never makes separators
        raise UsageError(
            _("'{name}' would make a file outside {folder}").format(name=name, folder=f"{FOLDER}/")
        )
    return target


def ordered_record(data: Mapping[str, Any]) -> dict[str, Any]:
    """Keys in the documented order; other keys after the known ones, before programs."""
    out: dict[str, Any] = {}
    for key in ORG_KEYS:
        if key in data:
            out[key] = data[key]
    for key, value in data.items():
        if key not in ORG_KEYS and key not in TAIL_KEYS:
            out[key] = value
    for key in TAIL_KEYS:
        if key in data:
            out[key] = data[key]
    return out


def ordered_program(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: data[k] for k in PROGRAM_KEYS if k in data}
    out.update({k: v for k, v in data.items() if k not in PROGRAM_KEYS})
    return out


@writes
def new_organisation(
    root: Path,
    *,
    name: str,
    sector: str | None,
    stages: list[str],
    pillars: list[str],
    location: str = "",
    website: str = "",
    source: str,
) -> Path:
    """Add one organisation by hand (``stemeco assets add``); refuses a second record."""
    from stemeco.storage.roundtrip import write_new_yaml

    problems: list[Problem] = []
    if not name.strip() or "\n" in name:
        problems.append(Problem(_("a one-line name is required"), "name"))
    if sector is not None:
        sector = next(iter(vocabulary_ids([sector], STAKEHOLDER_GROUPS, "sector", problems)), None)
    stages = vocabulary_ids(stages, ASSET_STAGES, "stages", problems)
    pillars = vocabulary_ids(pillars, PILLARS, "pillars", problems)
    if problems:
        raise ValidationFailed(problems, summary=_("the organisation was not added"))
    existing = load_assets(root)
    index = NameIndex.of(existing)
    same = index.find(name)
    if same is not None:
        path = next(o.path for o in existing if o.name == same)
        raise UsageError(
            _("'{name}' is already on the asset map ({file})").format(
                name=same, file=path.relative_to(root).as_posix()
            ),
            hint=_("edit that file instead"),
        )
    target = record_path(root, name)
    if target.exists():
        raise UsageError(
            _("{file} already exists").format(file=target.relative_to(root).as_posix())
        )
    record: dict[str, Any] = {"name": name.strip(), "sector": sector}
    if stages:
        record["stages"] = [s for s in ASSET_STAGES if s in stages]
    if pillars:
        record["pillars"] = [p for p in PILLARS if p in pillars]
    if location:
        record["location"] = location
    if website:
        record["website"] = website
    record["provenance"] = {"source": source, "imported": text.today().isoformat()}
    resembling = index.resembling(name)
    record["needs_review"] = resembling is not None
    if resembling is not None:
        record["review_reason"] = f"likely the same organisation as '{resembling}'"
    write_new_yaml(target, ordered_record(record), header=HEADER)
    return target
