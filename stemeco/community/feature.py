"""The community feature: teams, design calendar, asset map, interviews (milestone 1).

Everything the feature adds to stemeco, read top to bottom (see :mod:`stemeco.registry`).
"""

from __future__ import annotations

from pathlib import Path

from stemeco.community import providers
from stemeco.community.render_context import community_context
from stemeco.community.status import community_status
from stemeco.errors import Problem
from stemeco.i18n import N_
from stemeco.project.folder import Project
from stemeco.registry import Document, Feature, Provider


def community_problems(project: Project) -> list[Problem]:
    """Every problem of team.yaml, calendar.yaml, interviews/ and assets/."""
    from stemeco.community.assets import check_assets
    from stemeco.community.calendar import check_calendar
    from stemeco.community.interviews import check_interviews
    from stemeco.community.team import check_team

    root = project.root
    return check_team(root) + check_calendar(root) + check_interviews(root) + check_assets(root)


def scaffold(path: Path, example: bool) -> None:  # noqa: ARG001 - the same for both
    """The folders that hold one record per file, kept in git while empty."""
    for folder in ("assets", "interviews"):
        (path / folder).mkdir(exist_ok=True)
        keep = path / folder / ".gitkeep"
        if not keep.exists():
            keep.write_text("", encoding="utf-8")


FEATURE = Feature(
    name="community",
    status=(community_status,),
    checks=(community_problems,),
    documents=(
        Document("docs/asset-map.md", "asset-map.md.j2", "STEM asset map and continuum gaps"),
    ),
    context=(community_context,),
    providers=(
        Provider(
            "represented_groups",
            N_("stakeholder groups represented on the Design Team"),
            providers.represented_groups,
        ),
        Provider(
            "missing_groups",
            N_("stakeholder groups missing from the Design Team"),
            providers.missing_groups,
        ),
        Provider(
            "asset_findings",
            N_("findings of the asset map's continuum gap analysis"),
            providers.asset_findings,
        ),
    ),
    scaffold=(scaffold,),
)
