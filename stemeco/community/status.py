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
from stemeco.i18n import _, formatting, ngettext
from stemeco.project.folder import Project
from stemeco.project.status import Item
from stemeco.vocab import STAKEHOLDER_GROUPS, label

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
                _("Ecosystem leader named"),
                "missing",
                _("team.yaml has no leader"),
                ACTIONS["leader"],
            )
        )
    elif not team.job_description.strip():
        items.append(
            Item(
                1,
                "leader",
                _("Ecosystem leader named"),
                "in_progress",
                _("{name}; the job description is missing").format(name=team.leader.name),
                ACTIONS["job"],
            )
        )
    else:
        items.append(Item(1, "leader", _("Ecosystem leader named"), "done", team.leader.name))
    for which in ("leadership", "design"):
        members = team.members[which]
        title = _(TEAM_TITLES[which])
        missing = team.missing(which)
        if missing:
            # Labels hold commas, so the groups are separated by semicolons.
            groups = "; ".join(label(STAKEHOLDER_GROUPS, g) for g in missing)
            items.append(
                Item(
                    1,
                    f"{which}_team",
                    title,
                    "in_progress" if members else "missing",
                    ngettext(
                        "{count} member; missing: {groups}",
                        "{count} members; missing: {groups}",
                        len(members),
                    ).format(count=len(members), groups=groups),
                    ACTIONS["member"].format(team=which, sector=missing[0]),
                )
            )
        else:
            items.append(
                Item(
                    1,
                    f"{which}_team",
                    title,
                    "done",
                    ngettext(
                        "{count} member from every stakeholder group",
                        "{count} members from every stakeholder group",
                        len(members),
                    ).format(count=len(members)),
                )
            )
    events = read_calendar(root)
    now = text.today()
    overdue = [e for e in events if e.overdue(now)]
    if not events:
        items.append(
            Item(
                1,
                "calendar",
                _("Design calendar"),
                "missing",
                _("calendar.yaml has no events"),
                ACTIONS["calendar"],
            )
        )
    elif overdue:
        items.append(
            Item(
                1,
                "calendar",
                _("Design calendar"),
                "in_progress",
                ngettext(
                    "{count} overdue: {title} ({date}); mark it done once it has happened",
                    "{count} overdue: {title} ({date}); mark it done once it has happened",
                    len(overdue),
                ).format(
                    count=len(overdue),
                    title=overdue[0].title,
                    date=formatting.date(overdue[0].date),
                ),
                ACTIONS["overdue"].format(id=overdue[0].id),
            )
        )
    else:
        upcoming = [e for e in events if not e.done]
        if upcoming:
            detail = ngettext(
                "{count} event; next: {title} ({date})",
                "{count} events; next: {title} ({date})",
                len(events),
            ).format(
                count=len(events),
                title=upcoming[0].title,
                date=formatting.date(upcoming[0].date),
            )
        else:
            detail = ngettext(
                "{count} event; all done", "{count} events; all done", len(events)
            ).format(count=len(events))
        items.append(Item(1, "calendar", _("Design calendar"), "done", detail))
    files = asset_files(root)
    review = sum(1 for p in files if _needs_review(p))
    if not files:
        items.append(
            Item(
                1,
                "asset_map",
                _("STEM asset map"),
                "missing",
                _(
                    "no organisations in assets/; add them one by one, or all at once "
                    "with stemeco assets import FILE.csv"
                ),
                ACTIONS["asset"].format(sector=next(iter(STAKEHOLDER_GROUPS))),
            )
        )
    elif review:
        items.append(
            Item(
                1,
                "asset_map",
                _("STEM asset map"),
                "in_progress",
                _("{organisations}; {review}").format(
                    organisations=ngettext(
                        "{count} organisation", "{count} organisations", len(files)
                    ).format(count=len(files)),
                    review=ngettext("{count} needs review", "{count} need review", review).format(
                        count=review
                    ),
                ),
                ACTIONS["review"],
            )
        )
    else:
        items.append(
            Item(
                1,
                "asset_map",
                _("STEM asset map"),
                "done",
                ngettext(
                    "{count} organisation (see stemeco gaps)",
                    "{count} organisations (see stemeco gaps)",
                    len(files),
                ).format(count=len(files)),
            )
        )
    interviews = len(interview_files(root))
    if interviews:
        recorded = ngettext(
            "{count} interview recorded", "{count} interviews recorded", interviews
        ).format(count=interviews)
        items.append(Item(1, "interviews", _("Stakeholder interviews"), "done", recorded))
    else:
        items.append(
            Item(
                1,
                "interviews",
                _("Stakeholder interviews"),
                "missing",
                _("no interviews recorded"),
                ACTIONS["interview"],
            )
        )
    return items
