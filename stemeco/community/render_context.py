"""What the community gives the documents: docs/asset-map.md, the blueprint's teams and calendar."""

from __future__ import annotations

from typing import Any

from stemeco.project.folder import Project
from stemeco.vocab import STAKEHOLDER_GROUPS


def community_context(project: Project, ctx: dict[str, Any]) -> None:
    from stemeco.community.calendar import KINDS, gantt_id, gantt_label, read_calendar
    from stemeco.community.gaps import analyse
    from stemeco.community.team import TEAM_TITLES, read_team

    root = project.root
    team = read_team(root)
    teams = {}
    for which, title in TEAM_TITLES.items():
        teams[which] = {
            "title": title,
            "members": [m.as_dict() for m in team.members[which]],
            "missing": [STAKEHOLDER_GROUPS[g] for g in team.missing(which)],
        }
    events = read_calendar(root)
    sections = []
    for kind, title in KINDS.items():
        tasks = [
            {
                "label": gantt_label(e.title),
                "id": gantt_id(e.id),
                "tags": ", ".join(
                    t
                    for t in ("done" if e.done else "", "milestone" if kind == "milestone" else "")
                    if t
                ),
                "start": e.date.isoformat(),
                "days": 0 if kind == "milestone" else (e.last_day - e.date).days + 1,
            }
            for e in events
            if e.kind == kind
        ]
        if tasks:
            sections.append({"title": title, "tasks": tasks})
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
                "done": e.done,
            }
            for e in events
        ],
        "gantt": sections,
    }
    ctx["asset_map"] = analyse(root, project.manifest.municipality).template_context()
