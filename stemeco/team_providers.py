"""Providers fed by the project's teams and asset map (see issue: map the community).

Until the project holds team or asset data, they offer nothing (None).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stemeco.providers import provider

if TYPE_CHECKING:
    from stemeco.project import Project


@provider("represented_groups", "stakeholder groups represented on the Design Team")
def represented_groups(project: Project) -> Any:
    from stemeco.team import read_team

    team = read_team(project.root)
    if not team.members["design"]:
        return None
    return team.represented("design")


@provider("missing_groups", "stakeholder groups missing from the Design Team")
def missing_groups(project: Project) -> Any:
    from stemeco.team import read_team
    from stemeco.vocab import STAKEHOLDER_GROUPS

    team = read_team(project.root)
    if not team.members["design"]:
        return None
    return [STAKEHOLDER_GROUPS[g] for g in team.missing("design")] or None


@provider("asset_findings", "findings of the asset map's continuum gap analysis")
def asset_findings(project: Project) -> Any:
    from stemeco.gaps import analyse

    found = analyse(project.root, project.manifest.municipality).findings
    return found or None
