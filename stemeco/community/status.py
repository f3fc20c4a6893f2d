"""Milestone 1's community items of ``stemeco status``: leader, teams, calendar, assets, interviews.

Cheap: team.yaml and calendar.yaml are read with the fast loader; asset and
interview files are only counted (and searched for ``needs_review: true``).
Every command an item offers is in :data:`ACTIONS` (placeholders as in
:mod:`stemeco.project.status`).
"""

from __future__ import annotations

import re
from pathlib import Path

from stemeco import text
from stemeco.project.folder import Project
from stemeco.project.status import Item
from stemeco.text import plural
from stemeco.vocab import STAKEHOLDER_GROUPS

_REVIEW = re.compile(r"^\s*needs_review:\s*true\s*$", re.MULTILINE)
#: ``needs_review: false`` on a line of its own (a record's or a program's, as stemeco writes it)
_NOT_FLAGGED = re.compile(r"^[ \t]*(?:-[ \t]+)?needs_review:[ \t]*false[ \t]*$", re.MULTILINE)


def _needs_review(path: Path) -> bool:
    """Whether the organisation or one of its programs is marked for review, as
    ``stemeco assets list --needs-review`` says. Read cheaply: a file that never
    mentions needs_review, or says false each time it does, is not parsed at all."""
    from stemeco.errors import ProjectFileError
    from stemeco.storage.read import read_yaml

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    mentions = text.count("needs_review")
    if mentions == 0 or mentions == len(_NOT_FLAGGED.findall(text)):
        return False
    try:
        data = read_yaml(path)
    except ProjectFileError:  # broken: 'stemeco check' says where; the old rule meanwhile
        return bool(_REVIEW.search(text))
    if not isinstance(data, dict):
        return False
    programs = data.get("programs")
    return data.get("needs_review") is True or (
        isinstance(programs, list)
        and any(isinstance(p, dict) and p.get("needs_review") is True for p in programs)
    )


#: Every command the community items offer; ``{field}`` is filled in by the item.
ACTIONS: dict[str, str] = {
    "leader": 'stemeco team add leader --name "..." --organisation "..."',
    "job": "stemeco team edit leader --job-description-file FILE",
    "member": 'stemeco team add {team} --name "..." --organisation "..." --sector {sector}',
    "calendar": 'stemeco calendar add --title "Studio I" --date YYYY-MM-DD --kind studio',
    "overdue": "stemeco calendar done {id}",
    "asset": 'stemeco assets add --name "..." --sector {sector}',
    "review": "stemeco assets review",
    "interview": 'stemeco interviews add --who "..." --organisation "..." --date YYYY-MM-DD',
}


def community_status(project: Project) -> list[Item]:
    from stemeco.community.assets import asset_files
    from stemeco.community.calendar import read_calendar
    from stemeco.community.interviews import interview_files
    from stemeco.community.team import TEAM_TITLES, read_team

    root = project.root
    team = read_team(root)
    items: list[Item] = []
    if team.leader is None:
        items.append(
            Item(
                1,
                "leader",
                "Ecosystem leader named",
                "missing",
                "team.yaml has no leader",
                ACTIONS["leader"],
            )
        )
    elif not team.job_description.strip():
        items.append(
            Item(
                1,
                "leader",
                "Ecosystem leader named",
                "in_progress",
                f"{team.leader.name}; the job description is missing",
                ACTIONS["job"],
            )
        )
    else:
        items.append(Item(1, "leader", "Ecosystem leader named", "done", team.leader.name))
    for which in ("leadership", "design"):
        members = team.members[which]
        title = TEAM_TITLES[which]
        missing = team.missing(which)
        count = plural(len(members), "member")
        if missing:
            # Labels hold commas, so the groups are separated by semicolons.
            groups = "; ".join(STAKEHOLDER_GROUPS[g] for g in missing)
            items.append(
                Item(
                    1,
                    f"{which}_team",
                    title,
                    "in_progress" if members else "missing",
                    f"{count}; missing: {groups}",
                    ACTIONS["member"].format(team=which, sector=missing[0]),
                )
            )
        else:
            items.append(
                Item(1, f"{which}_team", title, "done", f"{count} from every stakeholder group")
            )
    events = read_calendar(root)
    now = text.today()
    overdue = [e for e in events if e.overdue(now)]
    if not events:
        items.append(
            Item(
                1,
                "calendar",
                "Design calendar",
                "missing",
                "calendar.yaml has no events",
                ACTIONS["calendar"],
            )
        )
    elif overdue:
        items.append(
            Item(
                1,
                "calendar",
                "Design calendar",
                "in_progress",
                f"{len(overdue)} overdue: {overdue[0].title} ({overdue[0].date}); "
                "mark it done once it has happened",
                ACTIONS["overdue"].format(id=overdue[0].id),
            )
        )
    else:
        upcoming = [e for e in events if not e.done]
        detail = f"{len(events)} events" + (
            f"; next: {upcoming[0].title} ({upcoming[0].date})" if upcoming else "; all done"
        )
        items.append(Item(1, "calendar", "Design calendar", "done", detail))
    files = asset_files(root)
    review = sum(1 for p in files if _needs_review(p))
    if not files:
        items.append(
            Item(
                1,
                "asset_map",
                "STEM asset map",
                "missing",
                "no organisations in assets/; add them one by one, or all at once "
                "with stemeco assets import FILE.csv",
                ACTIONS["asset"].format(sector=next(iter(STAKEHOLDER_GROUPS))),
            )
        )
    elif review:
        items.append(
            Item(
                1,
                "asset_map",
                "STEM asset map",
                "in_progress",
                f"{len(files)} organisations; {review} need review",
                ACTIONS["review"],
            )
        )
    else:
        items.append(
            Item(
                1,
                "asset_map",
                "STEM asset map",
                "done",
                f"{len(files)} organisations (see stemeco gaps)",
            )
        )
    interviews = len(interview_files(root))
    if interviews:
        recorded = f"{interviews} interview(s) recorded"
        items.append(Item(1, "interviews", "Stakeholder interviews", "done", recorded))
    else:
        items.append(
            Item(
                1,
                "interviews",
                "Stakeholder interviews",
                "missing",
                "no interviews recorded",
                ACTIONS["interview"],
            )
        )
    return items
