"""The plan feature: business plan, indicators, launches, self-assessment, approval.

Milestones 1 (business plan, approval) to 5, read top to bottom (see :mod:`stemeco.registry`).
"""

from __future__ import annotations

from stemeco.plan.approval import refresh_example
from stemeco.plan.checks import plan_problems
from stemeco.plan.render_context import plan_context
from stemeco.plan.status import (
    approval_items,
    assessment_items,
    business_plan_items,
    indicator_items,
    launch_items,
)
from stemeco.registry import Document, Feature

FEATURE = Feature(
    name="plan",
    status=(
        business_plan_items,
        indicator_items,
        launch_items,
        assessment_items,
        approval_items,
    ),
    checks=(plan_problems,),
    documents=(
        Document(
            "docs/business-plan.md",
            "business-plan.md.j2",
            "Business plan / governance sustainability",
        ),
        Document("docs/indicators.md", "indicators.md.j2", "Indicator sheet"),
        Document("docs/indicators.csv", "indicators.csv.j2", "Indicator sheet (CSV)"),
    ),
    context=(plan_context,),
    example_finishers=(refresh_example,),
)
