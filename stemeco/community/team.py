"""The teams of the design process: ``team.yaml``.

The ecosystem leader (with the role's job description), the Leadership Team
(a small, representative group that approves the blueprint) and the Design
Team (the people from every sector who sit in the studios). Each member has a
name, an organisation, a sector (a stakeholder group) and a role. The
representation check names the stakeholder groups missing from each team.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from stemeco.errors import Problem, UsageError, ValidationFailed
from stemeco.i18n import N_, _
from stemeco.storage.lock import writes
from stemeco.storage.read import Path_, line_of
from stemeco.storage.records import check_record, read_record
from stemeco.vocab import STAKEHOLDER_GROUPS, one_of, resolve

FILE = "team.yaml"
TeamName = Literal["leadership", "design"]
TEAMS: dict[TeamName, str] = {"leadership": "leadership_team", "design": "design_team"}
#: The teams' names in English; ``_(TEAM_TITLES[which])`` in the project's language.
TEAM_TITLES: dict[TeamName, str] = {
    "leadership": N_("Leadership Team"),
    "design": N_("Design Team"),
}
MEMBER_FIELDS = ("name", "organisation", "sector", "role")
LEADER_FIELDS = ("name", "organisation", "sector", "role", "email", "job_description")
HEADER = (
    "Teams of the STEM ecosystem design. Written by stemeco; comments you add are kept.\n"
    "sector: prek12 out_of_school stem_rich post_secondary business community "
    "youth_families government"
)


@dataclass(frozen=True)
class Member:
    name: str
    organisation: str = ""
    sector: str | None = None
    role: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """The member's fields, for JSON output and templates."""
        return {
            "name": self.name,
            "organisation": self.organisation,
            "sector": self.sector,
            "role": self.role,
        }


@dataclass
class Team:
    leader: Member | None = None
    job_description: str = ""
    email: str = ""
    members: dict[TeamName, list[Member]] = field(
        default_factory=lambda: {"leadership": [], "design": []}
    )

    def missing(self, team: TeamName) -> list[str]:
        """Stakeholder group values nobody on the team comes from."""
        present = {m.sector for m in self.members[team]}
        return [g for g in STAKEHOLDER_GROUPS if g not in present]

    def represented(self, team: TeamName) -> list[str]:
        present = {m.sector for m in self.members[team]}
        return [g for g in STAKEHOLDER_GROUPS if g in present]


def parse_team(data: Any, lines: dict[Path_, int]) -> tuple[Team, list[Problem]]:
    team = Team()
    problems: list[Problem] = []
    if data is None:
        return team, problems
    if not isinstance(data, dict):
        return team, [
            Problem(_("expected a mapping with leader, leadership_team and design_team"), line=1)
        ]
    for key in data:
        if key not in ("leader", *TEAMS.values()):
            problems.append(
                Problem(
                    _("unknown key (leader, leadership_team, design_team)"),
                    str(key),
                    line_of(lines, (key,)),
                )
            )
    leader = data.get("leader")
    if leader is not None:
        member = _member(leader, ("leader",), lines, problems)
        if member is not None:
            team.leader = member
            team.job_description = str(leader.get("job_description") or "")
            team.email = str(leader.get("email") or "")
    for name, key in TEAMS.items():
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(Problem(_("must be a list of members"), key, line_of(lines, (key,))))
            continue
        seen: dict[str, int | None] = {}  # a name, and the line it is first on
        for index, item in enumerate(items):
            member = _member(item, (key, index), lines, problems)
            if member is None:
                continue
            folded = member.name.casefold()
            line = line_of(lines, (key, index, "name"))
            if folded in seen:
                first = seen[folded]
                twice = (
                    _("'{name}' is listed twice (also on line {line}): keep one of the two")
                    if first is not None
                    else _("'{name}' is listed twice: keep one of the two")
                )
                problems.append(
                    Problem(
                        twice.format(name=member.name, line=first),
                        f"{key}[{index + 1}].name",
                        line,
                    )
                )
            seen.setdefault(folded, line)
            team.members[name].append(member)
    return team, problems


def _member(
    item: Any, key: Path_, lines: dict[Path_, int], problems: list[Problem]
) -> Member | None:
    where = key[0] if len(key) == 1 else f"{key[0]}[{int(key[1]) + 1}]"
    if not isinstance(item, dict):
        problems.append(
            Problem(
                _("must be a mapping (name, organisation, sector, role)"),
                str(where),
                line_of(lines, key),
            )
        )
        return None
    name = item.get("name")
    if not isinstance(name, str) or not name.strip() or "\n" in name:
        problems.append(
            Problem(
                _("a one-line name is required"), f"{where}.name", line_of(lines, (*key, "name"))
            )
        )
        return None
    sector = item.get("sector")
    if sector is not None and sector not in STAKEHOLDER_GROUPS:
        problems.append(
            Problem(
                _("'{value}' is not one of {choices}").format(
                    value=sector, choices=", ".join(STAKEHOLDER_GROUPS)
                ),
                f"{where}.sector",
                line_of(lines, (*key, "sector")),
            )
        )
        sector = None
    extra = {k: v for k, v in item.items() if k not in MEMBER_FIELDS}
    return Member(
        name.strip(),
        str(item.get("organisation") or ""),
        sector,
        str(item.get("role") or ""),
        extra,
    )


def team_path(root: Path) -> Path:
    return root / FILE


def read_team(root: Path) -> Team:
    """The teams; a missing file is empty teams; a broken file is refused with its line."""
    path = team_path(root)
    return read_record(path, parse_team) if path.exists() else Team()


def check_team(root: Path) -> list[Problem]:
    path = team_path(root)
    return check_record(path, parse_team) if path.exists() else []


# ---------------------------------------------------------------- changes


def _validate_fields(values: dict[str, str | None], *, need_name: bool) -> None:
    problems = []
    name = values.get("name")
    if need_name and (not name or not name.strip()):
        problems.append(Problem(_("a name is required"), "name"))
    for key, value in values.items():
        if value is not None and key != "job_description" and "\n" in value:
            problems.append(Problem(_("must be one line"), key))
    sector = values.get("sector")
    if sector is not None:
        found = resolve(sector, STAKEHOLDER_GROUPS)
        if found is None:
            problems.append(
                Problem(
                    _("'{value}' is not one of {choices}").format(
                        value=sector, choices=one_of(STAKEHOLDER_GROUPS)
                    ),
                    "sector",
                )
            )
        else:
            values["sector"] = found  # the id is stored, whichever way it was typed
    if problems:
        raise ValidationFailed(problems, summary=_("nothing was changed in team.yaml"))


def _clean(values: dict[str, str | None], order: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in order:
        value = values.get(key)
        if value is not None:
            out[key] = value if key == "job_description" else value.strip()
    return out


@writes
def set_leader(root: Path, values: dict[str, str | None]) -> bool:
    """Name the ecosystem leader or change their details; True when a new leader was set."""
    from stemeco.storage.roundtrip import edit_yaml, to_yaml_value

    team = read_team(root)
    _validate_fields(values, need_name=team.leader is None)
    with edit_yaml(team_path(root), header=HEADER) as doc:
        leader = doc.get("leader")
        if not isinstance(leader, dict):
            doc.insert(0, "leader", to_yaml_value(_clean(values, LEADER_FIELDS)))
            return True
        for key, value in _clean(values, LEADER_FIELDS).items():
            leader[key] = to_yaml_value(value)
    return False


@writes
def add_member(root: Path, which: TeamName, values: dict[str, str | None]) -> None:
    from stemeco.storage.merging import one_line
    from stemeco.storage.roundtrip import edit_yaml, to_yaml_value

    team = read_team(root)
    _validate_fields(values, need_name=True)
    name = (values.get("name") or "").strip()
    if any(m.name.casefold() == name.casefold() for m in team.members[which]):
        raise UsageError(
            _("{name} is already on the {team}").format(name=name, team=_(TEAM_TITLES[which])),
            hint=_("change their details with '{command}'").format(
                command=f'stemeco team edit {which} "{name}"'
            ),
        )
    key = TEAMS[which]
    with edit_yaml(team_path(root), header=HEADER) as doc:
        if not isinstance(doc.get(key), list):
            doc[key] = to_yaml_value([])
        doc[key].append(one_line(_clean(values, MEMBER_FIELDS)))  # see storage.merging


def _find(team: Team, which: TeamName, name: str) -> int:
    for index, member in enumerate(team.members[which]):
        if member.name.casefold() == name.strip().casefold():
            return index
    names = ", ".join(m.name for m in team.members[which]) or _("nobody yet")
    raise UsageError(
        _("no '{name}' on the {team}").format(name=name, team=_(TEAM_TITLES[which])),
        hint=_("members: {names}").format(names=names),
    )


@writes
def edit_member(root: Path, which: TeamName, name: str, values: dict[str, str | None]) -> None:
    from stemeco.storage.roundtrip import edit_yaml, to_yaml_value

    team = read_team(root)
    index = _find(team, which, name)
    _validate_fields(values, need_name=False)
    new_name = values.get("name")
    if new_name and any(
        m.name.casefold() == new_name.strip().casefold() and i != index
        for i, m in enumerate(team.members[which])
    ):
        raise UsageError(
            _("{name} is already on the {team}").format(name=new_name, team=_(TEAM_TITLES[which]))
        )
    changes = _clean(values, MEMBER_FIELDS)
    if not changes:
        raise UsageError(
            _("nothing to change"), hint=_("pass --name, --organisation, --sector or --role")
        )
    with edit_yaml(team_path(root)) as doc:
        entry = doc[TEAMS[which]][index]
        for key, value in changes.items():
            entry[key] = to_yaml_value(value)


@writes
def remove_member(root: Path, which: TeamName, name: str) -> str:
    from stemeco.storage.roundtrip import edit_yaml

    team = read_team(root)
    index = _find(team, which, name)
    with edit_yaml(team_path(root)) as doc:
        del doc[TEAMS[which]][index]
    return team.members[which][index].name
