"""The plan's items of ``stemeco status``: business plan, indicators, launches,
self-assessment and approval, each with the command that moves it forward.

The domain modules compute; this module words what a person reads and which
command to type next. Cheap reads only (PyYAML through the parse cache).
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


def business_plan_items(project: Project) -> list[Item]:
    from stemeco.studios.progress import session_progress

    title = "Business plan and governance sustainability"
    action = f"stemeco studio run {business_plan.SESSION}"
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
                "stemeco check",
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
                "stemeco studio run 4",
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
        items.append(
            Item(
                2,
                "indicator-owners",
                title,
                "in_progress",
                "missing for: " + ", ".join(sight.without_source_or_owner),
                "stemeco studio run 4 --step indicators",
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
                "stemeco studio run 3",
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
                "stemeco studio run 4 --step actions",
            )
        )
    else:
        items.append(
            Item(2, "sight-problems", title, "done", f"{sight.priority_count} priority problem(s)")
        )
    title = "Line of sight: every action's pillar has an indicator"
    if sight.action_count == 0:
        items.append(
            Item(2, "sight-pillars", title, "missing", "no actions yet", "stemeco studio run 4")
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
                "stemeco indicators add --name NAME --pillar PILLAR ...",
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
            "" if unmeasured is None else f"stemeco indicators record {unmeasured.id} VALUE",
        )
    )
    return items


def launch_items(project: Project) -> list[Item]:
    try:
        planned = launches.read_launches(project)
    except ProjectFileError as exc:
        return [Item(3, "launches", "Launches", "in_progress", str(exc.reason), "stemeco check")]
    items = []
    for kind, launch in planned.items():
        if launch.done:
            items.append(
                Item(
                    launch.milestone, f"launch-{kind}", launch.label, "done", f"held {launch.date}"
                )
            )
        elif launch.planned:
            items.append(
                Item(
                    launch.milestone,
                    f"launch-{kind}",
                    launch.label,
                    "in_progress",
                    f"planned for {launch.date}",
                    f"stemeco launch done {kind}",
                )
            )
        else:
            items.append(
                Item(
                    launch.milestone,
                    f"launch-{kind}",
                    launch.label,
                    "missing",
                    "not planned yet",
                    f"stemeco launch set {kind} --date YYYY-MM-DD --audience ...",
                )
            )
    return items


def assessment_items(project: Project) -> list[Item]:
    title = "Thriving self-assessment"
    try:
        report = assessment.round_report(project)
    except ProjectFileError as exc:
        return [Item(5, "self-assessment", title, "in_progress", exc.reason, "stemeco check")]
    if report is None:
        return [
            Item(
                5,
                "self-assessment",
                title,
                "missing",
                "no round yet",
                "stemeco assess --respondent NAME",
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
                "stemeco assess --respondent NAME",
            )
        ]
    return [Item(5, "self-assessment", title, "done", detail)]


def approval_items(project: Project) -> list[Item]:
    title = "Blueprint approved by the Leadership Team"
    try:
        current = approval.state(project)
    except ProjectFileError as exc:
        return [Item(1, "approval", title, "in_progress", exc.reason, "stemeco check")]
    action = "stemeco approve blueprint --by NAME"
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
                f"stale: {approved}, but the studio answers changed since",
                action,
            )
        ]
    return [Item(1, "approval", title, "done", approved)]
