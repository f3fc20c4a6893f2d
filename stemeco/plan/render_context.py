"""Template values of the business plan, indicators, launches, self-assessment and approval.

Adds to the template context:

- ``bp``: the business-plan session's answers (empty ones dropped);
- ``budget``: totals per year and overall (costs, committed, prospective, gap);
- ``indicator_rows``, ``indicators_csv``, ``line_of_sight``, ``action_problems``;
- ``launches``, ``assessment`` (latest round), ``thriving``, ``scale``;
- ``approval``, ``approval_line`` (the blueprint's first paragraph), ``approval_changes``.

The CSV is written by Python's csv module (:func:`stemeco.plan.indicator_sheet.csv_text`);
its template only places that text, so a project can still override it.
"""

from __future__ import annotations

from typing import Any

from stemeco.i18n import _, formatting
from stemeco.plan import approval, assessment, changes, indicator_sheet, indicators, launches
from stemeco.plan.business_plan import SESSION, budget_context
from stemeco.project.folder import Project


def approval_line(state: dict[str, Any]) -> str:
    if not state["approved"]:
        return _("It has not yet been approved by the Leadership Team.")
    if state["stale"]:
        return _(
            "The Leadership Team approved an earlier version on {date} ({name}); the answers "
            "have changed since, so this version awaits approval."
        ).format(date=formatting.date(state["date"]), name=state["by"])
    return _("Approved by the Leadership Team on {date} ({name}).").format(
        date=formatting.date(state["date"]), name=state["by"]
    )


def _year(line: dict[str, Any]) -> int:
    year = line.get("year")
    return year if isinstance(year, int) else 0


def plan_context(project: Project, ctx: dict[str, Any]) -> None:
    ctx["bp"] = ctx["answers"].get(SESSION, {})
    ctx["budget"] = budget_context(project.session(SESSION).answers.get("budget") or [])
    lines = [b for b in ctx["bp"].get("budget") or [] if isinstance(b, dict)]
    by_year = sorted(lines, key=_year)
    ctx["budget"]["cost_lines"] = [b for b in by_year if b.get("kind") == "cost"]
    ctx["budget"]["revenue_lines"] = [b for b in by_year if b.get("kind") == "revenue"]
    table = indicator_sheet.rows(project)
    ctx["indicator_rows"] = table
    ctx["indicators_csv"] = indicator_sheet.csv_text(table)
    ctx["csv_columns"] = indicator_sheet.CSV_COLUMNS
    names = _indicator_names(table)
    sight = indicators.line_of_sight(project)
    ctx["line_of_sight"] = {
        "unaddressed_problems": sight.unaddressed_problems,
        "uncovered_pillars": sight.uncovered_pillars,
        "without_source_or_owner": [names.get(i, i) for i in sight.without_source_or_owner],
    }
    ctx["launches"] = [
        {
            "kind": launch.kind,
            "label": launch.label,
            "milestone": launch.milestone,
            "date": launch.date,
            "audience": launch.audience,
            "announcement": launch.announcement,
            "speakers": list(launch.speakers),
            "done": launch.done,
        }
        for launch in launches.read_launches(project).values()
    ]
    ctx["assessment"] = assessment.as_context(assessment.round_report(project))
    ctx["thriving"] = {
        k: dict(zip(("name", "statement"), assessment.thriving(k), strict=True))
        for k in assessment.THRIVING
    }
    ctx["scale"] = assessment.scale()
    state = approval.as_context(project)
    ctx["approval"] = state
    ctx["approval_line"] = approval_line(state)
    # What changed since a stale approval (the review copies' box); None otherwise.
    ctx["approval_changes"] = changes.context(project)
    ctx["action_problems"] = action_problems(ctx["s3"], ctx["s4"])


def action_problems(s3: dict[str, Any], s4: dict[str, Any]) -> list[str]:
    """The problems Studio IV's actions address, in the order of Studio III's problems.

    The blueprint groups the action plan by them. A problem that an action names
    but Studio III no longer has comes after those, so that no action is left out.
    """
    named = [str(a.get("problem", "")) for a in s4.get("actions") or [] if isinstance(a, dict)]
    titles = [p.get("title") for p in s3.get("problems") or [] if isinstance(p, dict)]
    order = [t for t in titles if t in named] + named
    return list(dict.fromkeys(order))


def _indicator_names(table: list[dict[str, Any]]) -> dict[str, str]:
    """Indicator id -> name: documents name indicators, never their ids."""
    return {str(row["id"]): str(row["name"]) for row in table}
