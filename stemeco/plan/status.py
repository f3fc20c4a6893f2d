"""The plan's items of ``stemeco status``: business plan, indicators, launches,
self-assessment and approval, each with the command that moves it forward.

The domain modules compute; this module words what a person reads and which
command to type next. Cheap reads only (PyYAML through the parse cache).
Every command an item offers is in :data:`ACTIONS` (placeholders as in
:mod:`stemeco.project.status`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from stemeco import text
from stemeco.errors import ProjectFileError
from stemeco.plan import approval, assessment, business_plan, launches
from stemeco.plan import indicators as plan_indicators
from stemeco.project.folder import Project
from stemeco.project.status import Item
from stemeco.vocab import PILLARS

#: Every command the plan items offer; ``{field}`` is filled in by the item.
ACTIONS: dict[str, str] = {
    "session": "stemeco studio run {session}",
    "check": "stemeco check",
    "studio-3": "stemeco studio run 3",
    "studio-4": "stemeco studio run 4",
    "studio-4-step": "stemeco studio run 4 --step {step}",
    "indicator": 'stemeco indicators add --name "..." --pillar {pillar} --owner "..." '
    '--data-source "..."',
    "record": "stemeco indicators record {id} VALUE",
    "launch-set": 'stemeco launch set {kind} --date YYYY-MM-DD --audience "..."',
    "launch-done": "stemeco launch done {kind}",
    "assess": 'stemeco assess --respondent "..."',
    "approve": 'stemeco approve blueprint --by "..."',
}


def business_plan_items(project: Project) -> list[Item]:
    from stemeco.studios.progress import session_progress

    title = "Business plan and governance sustainability"
    action = ACTIONS["session"].format(session=business_plan.SESSION)
    found = next((p for p in session_progress(project) if p.id == business_plan.SESSION), None)
    if found is None:  # a project removed the definition
        return []
    detail = f"{found.answered} of {found.total} steps answered"
    if found.status == "complete":
        return [Item(1, business_plan.SESSION, title, "done", detail + "; docs/business-plan.md")]
    state: Literal["in_progress", "missing"] = "in_progress" if found.answered else "missing"
    return [Item(1, business_plan.SESSION, title, state, detail, action)]


def indicator_items(project: Project) -> list[Item]:

    try:
        table = plan_indicators.overview(project)
    except ProjectFileError as exc:
        return [
            Item(
                2,
                "indicators",
                "Indicators of success",
                "in_progress",
                exc.message,
                ACTIONS["check"],
            )
        ]
    indicators = [i for i, _ in table]
    if not indicators:
        return [
            Item(
                2,
                "indicators",
                "Indicators of success defined",
                "missing",
                "none yet: Studio IV defines them",
                ACTIONS["studio-4"],
            )
        ]
    added = sum(1 for i in indicators if i.source != "studio-4")
    items = [
        Item(
            2,
            "indicators",
            "Indicators of success defined",
            "done",
            f"{len(indicators)} indicator(s), {len(indicators) - added} from Studio IV"
            + (f", {added} added" if added else ""),
        )
    ]
    sight = plan_indicators.line_of_sight(project, indicators)
    title = "Every indicator has a data source and an owner"
    if sight.without_source_or_owner:
        lacking = [i for i in indicators if i.id in sight.without_source_or_owner]
        in_files = [i.source for i in lacking if i.source != "studio-4"]
        detail = "missing for: " + ", ".join(sight.without_source_or_owner)
        if in_files:
            # No command edits an added indicator yet: its file is where to fix it.
            detail += "; set owner and data_source in " + ", ".join(in_files)
        from_studio = any(i.source == "studio-4" for i in lacking)
        items.append(
            Item(
                2,
                "indicator-owners",
                title,
                "in_progress",
                detail,
                ACTIONS["studio-4-step"].format(step="indicators") if from_studio else "",
            )
        )
    else:
        items.append(Item(2, "indicator-owners", title, "done"))
    title = "Line of sight: every priority problem has an action"
    if sight.priority_count == 0:
        items.append(
            Item(
                2,
                "sight-problems",
                title,
                "missing",
                "no priority problems yet",
                ACTIONS["studio-3"],
            )
        )
    elif sight.unaddressed_problems:
        items.append(
            Item(
                2,
                "sight-problems",
                title,
                "in_progress",
                "no action for: " + "; ".join(sight.unaddressed_problems),
                ACTIONS["studio-4-step"].format(step="actions"),
            )
        )
    else:
        items.append(
            Item(2, "sight-problems", title, "done", f"{sight.priority_count} priority problem(s)")
        )
    title = "Line of sight: every action's pillar has an indicator"
    if sight.action_count == 0:
        items.append(
            Item(2, "sight-pillars", title, "missing", "no actions yet", ACTIONS["studio-4"])
        )
    elif sight.uncovered_pillars:
        items.append(
            Item(
                2,
                "sight-pillars",
                title,
                "in_progress",
                "no indicator for: "
                + ", ".join(PILLARS.get(p, p) for p in sight.uncovered_pillars),
                ACTIONS["indicator"].format(pillar=sight.uncovered_pillars[0]),
            )
        )
    else:
        items.append(Item(2, "sight-pillars", title, "done", f"{sight.action_count} action(s)"))
    measured = [(i, p) for i, p in table if p.latest is not None]
    counts: dict[str, int] = {}
    for _, prog in measured:
        counts[prog.label] = counts.get(prog.label, 0) + 1
    detail = f"{len(measured)} of {len(table)} measured" + (
        " (" + ", ".join(f"{n} {label}" for label, n in sorted(counts.items())) + ")"
        if counts
        else ""
    )
    unmeasured = next((i for i, p in table if p.latest is None), None)
    state: Literal["done", "in_progress", "missing"] = (
        "done" if unmeasured is None else ("in_progress" if measured else "missing")
    )
    items.append(
        Item(
            2,
            "measurements",
            "Indicators measured",
            state,
            detail,
            "" if unmeasured is None else ACTIONS["record"].format(id=unmeasured.id),
        )
    )
    return items


def launch_items(project: Project) -> list[Item]:
    """Each launch: held, planned (and due on its date), or not planned yet.

    A launch planned for a later day offers ``launch done`` only as of that day
    (``due``): "Next:" never asks to mark done what has not happened.
    """
    try:
        planned = launches.read_launches(project)
    except ProjectFileError as exc:
        return [Item(3, "launches", "Launches", "in_progress", str(exc.reason), ACTIONS["check"])]
    now = text.today()
    items = []
    for kind, launch in planned.items():
        key = f"launch-{kind}"
        if launch.done:
            items.append(Item(launch.milestone, key, launch.label, "done", f"held {launch.date}"))
        elif launch.planned:
            when = text.parse_date(launch.date)
            later = when is not None and when > now
            items.append(
                Item(
                    launch.milestone,
                    key,
                    launch.label,
                    "in_progress",
                    f"planned for {launch.date}" + ("" if later else ", now past"),
                    ACTIONS["launch-done"].format(kind=kind),
                    due=launch.date if later else "",
                )
            )
        else:
            items.append(
                Item(
                    launch.milestone,
                    key,
                    launch.label,
                    "missing",
                    "not planned yet",
                    ACTIONS["launch-set"].format(kind=kind),
                )
            )
    return items


def assessment_items(project: Project) -> list[Item]:
    title = "Thriving self-assessment"
    try:
        report = assessment.round_report(project)
    except ProjectFileError as exc:
        return [Item(5, "self-assessment", title, "in_progress", exc.reason, ACTIONS["check"])]
    if report is None:
        return [
            Item(
                5,
                "self-assessment",
                title,
                "missing",
                "no round yet",
                ACTIONS["assess"],
            )
        ]
    count = len(assessment.rounds(project))
    average = report.average
    detail = (
        f"{count} round(s); latest {report.round}: {len(report.respondents)} respondent(s), "
        f"average {average:.1f} of 4"
        if average is not None
        else f"latest {report.round}"
    )
    if report.previous_average is not None and average is not None:
        detail += f" ({average - report.previous_average:+.1f} since {report.previous_round})"
    if report.disagreements:
        detail += f"; respondents disagree on {len(report.disagreements)}"
    latest = text.parse_date(report.round)
    assert latest is not None
    if text.today() - latest > dt.timedelta(days=365):
        return [
            Item(
                5,
                "self-assessment",
                title,
                "in_progress",
                detail + "; more than a year old",
                ACTIONS["assess"],
            )
        ]
    return [Item(5, "self-assessment", title, "done", detail)]


def approval_items(project: Project) -> list[Item]:
    title = "Blueprint approved by the Leadership Team"
    try:
        current = approval.state(project)
    except ProjectFileError as exc:
        return [Item(1, "approval", title, "in_progress", exc.reason, ACTIONS["check"])]
    action = ACTIONS["approve"]
    if current.approval is None:
        return [Item(1, "approval", title, "missing", "not approved yet", action)]
    approved = f"approved {current.approval.date} by {current.approval.by}"
    if current.stale:
        return [
            Item(
                1,
                "approval",
                title,
                "in_progress",
                f"stale: {approved}, but the studio answers changed since"
                " (stemeco changes shows what changed)",
                action,
            )
        ]
    return [Item(1, "approval", title, "done", approved)]
