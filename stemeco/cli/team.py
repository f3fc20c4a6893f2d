"""stemeco team list | add | edit | remove"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stemeco.cli import ask as _ask
from stemeco.cli import layout
from stemeco.cli.options import ProjectOption, command_group
from stemeco.errors import UsageError
from stemeco.i18n import _
from stemeco.vocab import STAKEHOLDER_GROUPS, label, labels

if TYPE_CHECKING:
    from stemeco.community.team import Member

app = command_group(
    "team", "The ecosystem leader, the Leadership Team and the Design Team (team.yaml)."
)

WhichArg = Annotated[str, typer.Argument(metavar="TEAM", help="leader, leadership or design.")]
Name = Annotated[str | None, typer.Option("--name", help="The person's name.")]
Organisation = Annotated[
    str | None, typer.Option("--organisation", "--organization", help="Their organisation.")
]
Sector = Annotated[
    str | None,
    typer.Option(
        "--sector",
        metavar="GROUP",
        help="Their stakeholder group, as an id or its label: prek12, out_of_school, "
        "stem_rich, post_secondary, business, community, youth_families, government "
        '(e.g. "Government and funders"). Optional for the leader.',
    ),
]
Role = Annotated[str | None, typer.Option("--role", help="Their role in the team.")]
Email = Annotated[str | None, typer.Option("--email", help="The leader's e-mail (optional).")]
JobFile = Annotated[
    Path | None,
    typer.Option(
        "--job-description-file",
        metavar="FILE",
        dir_okay=False,
        help="A text file holding the leader's job description.",
    ),
]


def _which(value: str) -> str:
    if value not in ("leader", "leadership", "design"):
        raise UsageError(
            _("'{value}' is not a team").format(value=value),
            hint=_("use leader, leadership or design"),
        )
    return value


def _job(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8").strip("\n") + "\n"
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            _("{path}: cannot read the job description ({reason})").format(path=path, reason=exc)
        ) from None


@app.command("list")
def list_teams(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """The leader and both teams, with the stakeholder groups each team is missing."""
    from stemeco.community.team import TEAM_TITLES, read_team
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    team = read_team(proj.root)
    if as_json:
        data: dict[str, Any] = {
            "leader": None if team.leader is None else team.leader.as_dict(),
            **{
                which: {
                    "members": [m.as_dict() for m in team.members[which]],
                    "missing_groups": team.missing(which),
                }
                for which in TEAM_TITLES
            },
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    leader = team.leader
    if leader is None:
        layout.echo(
            _("Ecosystem leader: not named yet ({command})").format(
                command='stemeco team add leader --name "..."'
            ),
            hanging="  ",
        )
    else:
        layout.echo(
            _("Ecosystem leader: {member}").format(member=_describe(leader)), hanging="    "
        )
    for which, title in TEAM_TITLES.items():
        members = team.members[which]
        typer.echo("")
        layout.echo(f"{_(title)} ({len(members)})")
        for m in members:
            layout.echo(_describe(m), indent="  ", hanging="      ")
        missing = team.missing(which)
        if missing:
            groups = "; ".join(label(STAKEHOLDER_GROUPS, g) for g in missing)
            layout.echo(_("Missing: {groups}").format(groups=groups), indent="  ", hanging="    ")
        else:
            layout.echo(_("Every stakeholder group is represented."), indent="  ")


def _describe(member: Member) -> str:
    """``Name, role (organisation) · sector``: every part as typed, none cut short."""
    text = member.name + (f", {member.role}" if member.role else "")
    if member.organisation:
        text += f" ({member.organisation})"
    sector = label(STAKEHOLDER_GROUPS, member.sector) if member.sector else _("no sector")
    return f"{text} · {sector}"


@app.command("add")
def add(
    which: WhichArg,
    project: ProjectOption = None,
    name: Name = None,
    organisation: Organisation = None,
    sector: Sector = None,
    role: Role = None,
    email: Email = None,
    job_description_file: JobFile = None,
) -> None:
    """Add a member to a team, or name the ecosystem leader (asks for what is not given)."""
    from stemeco.community.team import FILE, TEAM_TITLES, add_member, read_team, set_leader
    from stemeco.project.folder import Project

    which = _which(which)
    proj = Project.locate(project)
    read_team(proj.root)  # refuse a broken file before asking anything
    if which == "leader" and read_team(proj.root).leader is not None:
        raise UsageError(
            _("the ecosystem leader is already named"),
            hint=_("change them with '{command}'").format(command="stemeco team edit leader"),
        )
    job: str | None
    # The leader needs a name; a team member also needs the group they speak for.
    needed = {"--name": name} if which == "leader" else {"--name": name, "--sector": sector}
    not_given = [flag for flag, value in needed.items() if value is None]
    if not_given:
        if not _ask.interactive():
            raise _ask.refuse(f"stemeco team add {which}", not_given)
        name = _ask.text(name, _("Name:"))
        organisation = _ask.text(organisation, _("Organisation:"), required=False)
        sector = _ask.choice(sector, _("Stakeholder group (sector):"), labels(STAKEHOLDER_GROUPS))
        role = _ask.text(role, _("Role:"), required=False)
        if which == "leader" and job_description_file is None:
            job = _ask.text(
                None, _("Job description of the ecosystem leader:"), required=False, multiline=True
            )
        else:
            job = _job(job_description_file)
    else:
        job = _job(job_description_file)
    values: dict[str, str | None] = {
        "name": name,
        "organisation": organisation or None,
        "sector": sector,
        "role": role or None,
    }
    if which == "leader":
        values["email"] = email
        values["job_description"] = job or None
        set_leader(proj.root, values)
        typer.echo(_("{name} is the ecosystem leader ({file}).").format(name=name, file=FILE))
        return
    add_member(proj.root, which, values)  # type: ignore[arg-type]
    team = _(TEAM_TITLES[which])  # type: ignore[index]
    typer.echo(_("Added {name} to the {team} ({file}).").format(name=name, team=team, file=FILE))
    missing = read_team(proj.root).missing(which)  # type: ignore[arg-type]
    if missing:
        groups = "; ".join(label(STAKEHOLDER_GROUPS, g) for g in missing)
        layout.echo(_("Still missing: {groups}").format(groups=groups), hanging="  ")


@app.command("edit")
def edit(
    which: WhichArg,
    member: Annotated[
        str | None, typer.Argument(metavar="NAME", help="The member to change (not for leader).")
    ] = None,
    project: ProjectOption = None,
    name: Name = None,
    organisation: Organisation = None,
    sector: Sector = None,
    role: Role = None,
    email: Email = None,
    job_description_file: JobFile = None,
) -> None:
    """Change a member's details (only the options given change)."""
    from stemeco.community.team import FILE, edit_member, read_team, set_leader
    from stemeco.project.folder import Project

    which = _which(which)
    proj = Project.locate(project)
    values: dict[str, str | None] = {
        "name": name,
        "organisation": organisation,
        "sector": sector,
        "role": role,
    }
    if which == "leader":
        if read_team(proj.root).leader is None:
            raise UsageError(
                _("no ecosystem leader yet"),
                hint=_("name one with '{command}'").format(command="stemeco team add leader"),
            )
        values["email"] = email
        values["job_description"] = _job(job_description_file)
        if all(v is None for v in values.values()):
            raise UsageError(
                _("nothing to change"),
                hint=_(
                    "pass --name, --organisation, --sector, --role, --email or "
                    "--job-description-file"
                ),
            )
        set_leader(proj.root, values)
        typer.echo(_("Updated the ecosystem leader ({file}).").format(file=FILE))
        return
    if member is None:
        raise UsageError(
            _("say whom to change: {command}").format(command=f"stemeco team edit {which} NAME ...")
        )
    edit_member(proj.root, which, member, values)  # type: ignore[arg-type]
    typer.echo(_("Updated {name} ({file}).").format(name=name or member, file=FILE))


@app.command("remove")
def remove(
    which: WhichArg,
    member: Annotated[str, typer.Argument(metavar="NAME", help="The member to remove.")],
    project: ProjectOption = None,
) -> None:
    """Take a member off a team."""
    from stemeco.community.team import FILE, TEAM_TITLES, remove_member
    from stemeco.project.folder import Project

    which = _which(which)
    if which == "leader":
        raise UsageError(
            _("the leader cannot be removed, only changed"),
            hint=_("use '{command}'").format(command="stemeco team edit leader --name ..."),
        )
    proj = Project.locate(project)
    removed = remove_member(proj.root, which, member)  # type: ignore[arg-type]
    team = _(TEAM_TITLES[which])  # type: ignore[index]
    typer.echo(
        _("Removed {name} from the {team} ({file}).").format(name=removed, team=team, file=FILE)
    )
