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
from stemeco.i18n import _, formatting, ngettext
from stemeco.plan import approval, assessment, business_plan, launches
from stemeco.plan import indicators as plan_indicators
from stemeco.project.folder import Project
from stemeco.project.status import Item
from stemeco.vocab import PILLARS, label

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

    title = _("Business plan and governance sustainability")
    action = ACTIONS["session"].format(session=business_plan.SESSION)
    found = next((p for p in session_progress(project) if p.id == business_plan.SESSION), None)
    if found is None:  # a project removed the definition
        return []
    detail = ngettext(
        "{answered} of {total} step answered", "{answered} of {total} steps answered", found.total
    ).format(answered=found.answered, total=found.total)
    if found.status == "complete":
        done = _("{detail}; {document}").format(detail=detail, document="docs/business-plan.md")
        return [Item(1, business_plan.SESSION, title, "done", done)]
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
                _("Indicators of success"),
                "in_progress",
                exc.message,
                ACTIONS["check"],
            )
        ]
    indicators = [i for i, _progress in table]
    if not indicators:
        return [
            Item(
                2,
                "indicators",
                _("Indicators of success defined"),
                "missing",
                _("none yet: Studio IV defines them"),
                ACTIONS["studio-4"],
            )
        ]
    added = sum(1 for i in indicators if i.source != "studio-4")
    items = [
        Item(
            2,
            "indicators",
            _("Indicators of success defined"),
            "done",
            (
                ngettext(
                    "{count} indicator, {studio} from Studio IV, {added} added",
                    "{count} indicators, {studio} from Studio IV, {added} added",
                    len(indicators),
                )
                if added
                else ngettext(
                    "{count} indicator, {studio} from Studio IV",
                    "{count} indicators, {studio} from Studio IV",
                    len(indicators),
                )
            ).format(count=len(indicators), studio=len(indicators) - added, added=added),
        )
    ]
    sight = plan_indicators.line_of_sight(project, indicators)
    title = _("Every indicator has a data source and an owner")
    if sight.without_source_or_owner:
        lacking = [i for i in indicators if i.id in sight.without_source_or_owner]
        in_files = [i.source for i in lacking if i.source != "studio-4"]
        detail = _("missing for: {ids}").format(ids=", ".join(sight.without_source_or_owner))
        if in_files:
            # No command edits an added indicator yet: its file is where to fix it.
            detail = _("{detail}; set owner and data_source in {files}").format(
                detail=detail, files=", ".join(in_files)
            )
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
    title = _("Line of sight: every priority problem has an action")
    if sight.priority_count == 0:
        items.append(
            Item(
                2,
                "sight-problems",
                title,
                "missing",
                _("no priority problems yet"),
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
                _("no action for: {problems}").format(
                    problems="; ".join(sight.unaddressed_problems)
                ),
                ACTIONS["studio-4-step"].format(step="actions"),
            )
        )
    else:
        items.append(
            Item(
                2,
                "sight-problems",
                title,
                "done",
                ngettext(
                    "{count} priority problem", "{count} priority problems", sight.priority_count
                ).format(count=sight.priority_count),
            )
        )
    title = _("Line of sight: every action's pillar has an indicator")
    if sight.action_count == 0:
        items.append(
            Item(2, "sight-pillars", title, "missing", _("no actions yet"), ACTIONS["studio-4"])
        )
    elif sight.uncovered_pillars:
        items.append(
            Item(
                2,
                "sight-pillars",
                title,
                "in_progress",
                _("no indicator for: {pillars}").format(
                    pillars=", ".join(label(PILLARS, p) for p in sight.uncovered_pillars)
                ),
                ACTIONS["indicator"].format(pillar=sight.uncovered_pillars[0]),
            )
        )
    else:
        actions = ngettext("{count} action", "{count} actions", sight.action_count)
        items.append(
            Item(2, "sight-pillars", title, "done", actions.format(count=sight.action_count))
        )
    measured = [(i, p) for i, p in table if p.latest is not None]
    counts: dict[str, int] = {}
    for _indicator, prog in measured:
        counts[prog.label] = counts.get(prog.label, 0) + 1
    detail = _("{measured} of {total} measured").format(measured=len(measured), total=len(table))
    if counts:
        detail = _("{detail} ({counts})").format(
            detail=detail,
            counts=", ".join(f"{n} {shown}" for shown, n in sorted(counts.items())),
        )
    unmeasured = next((i for i, p in table if p.latest is None), None)
    state: Literal["done", "in_progress", "missing"] = (
        "done" if unmeasured is None else ("in_progress" if measured else "missing")
    )
    items.append(
        Item(
            2,
            "measurements",
            _("Indicators measured"),
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
        return [
            Item(3, "launches", _("Launches"), "in_progress", str(exc.reason), ACTIONS["check"])
        ]
    now = text.today()
    items = []
    for kind, launch in planned.items():
        key = f"launch-{kind}"
        if launch.done:
            held = _("held {date}").format(date=formatting.date(launch.date))
            items.append(Item(launch.milestone, key, launch.label, "done", held))
        elif launch.planned:
            when = text.parse_date(launch.date)
            later = when is not None and when > now
            items.append(
                Item(
                    launch.milestone,
                    key,
                    launch.label,
                    "in_progress",
                    (
                        _("planned for {date}") if later else _("planned for {date}, now past")
                    ).format(date=formatting.date(launch.date)),
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
                    _("not planned yet"),
                    ACTIONS["launch-set"].format(kind=kind),
                )
            )
    return items


def assessment_items(project: Project) -> list[Item]:
    title = _("Thriving self-assessment")
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
                _("no round yet"),
                ACTIONS["assess"],
            )
        ]
    count = len(assessment.rounds(project))
    average = report.average
    latest_round = formatting.date(report.round)
    if average is not None:
        detail = _("{rounds}; latest {round}: {respondents}, average {average} of 4").format(
            rounds=ngettext("{count} round", "{count} rounds", count).format(count=count),
            round=latest_round,
            respondents=ngettext(
                "{count} respondent", "{count} respondents", len(report.respondents)
            ).format(count=len(report.respondents)),
            average=formatting.fixed(average),
        )
    else:
        detail = _("latest {round}").format(round=latest_round)
    if report.previous_average is not None and average is not None:
        change = average - report.previous_average
        detail = _("{detail} ({change} since {round})").format(
            detail=detail,
            change=("+" if change >= 0 else "-") + formatting.fixed(abs(change)),
            round=formatting.date(report.previous_round),
        )
    if report.disagreements:
        detail = _("{detail}; respondents disagree on {count}").format(
            detail=detail, count=len(report.disagreements)
        )
    latest = text.parse_date(report.round)
    assert latest is not None
    if text.today() - latest > dt.timedelta(days=365):
        return [
            Item(
                5,
                "self-assessment",
                title,
                "in_progress",
                _("{detail}; more than a year old").format(detail=detail),
                ACTIONS["assess"],
            )
        ]
    return [Item(5, "self-assessment", title, "done", detail)]


def approval_items(project: Project) -> list[Item]:
    title = _("Blueprint approved by the Leadership Team")
    try:
        current = approval.state(project)
    except ProjectFileError as exc:
        return [Item(1, "approval", title, "in_progress", exc.reason, ACTIONS["check"])]
    action = ACTIONS["approve"]
    if current.approval is None:
        return [Item(1, "approval", title, "missing", _("not approved yet"), action)]
    approved = _("approved {date} by {name}").format(
        date=formatting.date(current.approval.date), name=current.approval.by
    )
    if current.stale:
        return [
            Item(
                1,
                "approval",
                title,
                "in_progress",
                _(
                    "stale: {approved}, but the studio answers changed since"
                    " (stemeco changes shows what changed)"
                ).format(approved=approved),
                action,
            )
        ]
    return [Item(1, "approval", title, "done", approved)]
