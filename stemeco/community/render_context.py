"""What the community gives the documents: docs/asset-map.md, the blueprint's teams and calendar."""

from __future__ import annotations

from typing import Any

from stemeco.i18n import N_, _
from stemeco.project.folder import Project
from stemeco.vocab import STAKEHOLDER_GROUPS, label

#: The milestones of the process (the guide's numbers), as the calendar's ``part_of`` names them.
MILESTONES: dict[str, str] = {
    "milestone-1": N_("Milestone 1: designing the ecosystem"),
    "milestone-2": N_("Milestone 2: indicators of success"),
    "milestone-3": N_("Milestone 3: launch of the ecosystem"),
    "milestone-4": N_("Milestone 4: launch of the first work"),
    "milestone-5": N_("Milestone 5: a thriving ecosystem"),
}


def part_of_label(part_of: str, studios: dict[str, Any]) -> str:
    """What a reader calls the part of the process an event belongs to."""
    if part_of in MILESTONES:
        return _(MILESTONES[part_of])
    studio = studios.get(part_of)
    if isinstance(studio, dict) and studio.get("name"):
        return str(studio["name"])
    return part_of


def community_context(project: Project, ctx: dict[str, Any]) -> None:
    from stemeco.community.calendar import KINDS, gantt_chart, read_calendar
    from stemeco.community.gaps import analyse
    from stemeco.community.team import TEAM_TITLES, read_team
    from stemeco.documents.render import Markdown
    from stemeco.documents.words import D_, say

    root = project.root
    team = read_team(root)
    teams = {}
    for which, title in TEAM_TITLES.items():
        teams[which] = {
            "title": _(title),
            "members": [m.as_dict() for m in team.members[which]],
            "missing": [label(STAKEHOLDER_GROUPS, g) for g in team.missing(which)],
        }
    events = read_calendar(root)
    # The chart's title is a document's heading: the documents' catalog has it.
    title = say(D_("%(municipality)s design calendar"), municipality=project.manifest.municipality)
    ctx["community"] = {
        "leader": None
        if team.leader is None
        else {
            "name": team.leader.name,
            "organisation": team.leader.organisation,
            "role": team.leader.role,
            "job_description": team.job_description,
        },
        "teams": teams,
        "calendar": [
            {
                "id": e.id,
                "title": e.title,
                "date": e.date.isoformat(),
                "end": e.end.isoformat() if e.end else "",
                "kind": e.kind,
                "part_of": e.part_of,
                "part_of_label": part_of_label(e.part_of, ctx.get("studios", {})),
                "done": e.done,
            }
            for e in events
        ],
        # The sections of the gantt chart, in order: kind -> name.
        "kinds": dict(KINDS),
        # Mermaid text, made safe by gantt_chart: printed as it is inside its fence.
        "gantt_chart": Markdown(gantt_chart(events, title)),
    }
    asset_map = analyse(root, project.manifest.municipality).template_context()
    asset_map["network"] = Markdown(asset_map["network"])
    ctx["asset_map"] = asset_map
