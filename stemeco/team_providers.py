"""Providers fed by the project's teams and asset map (see issue: map the community).

Until the project holds team or asset data, they offer nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stemeco.providers import provider

if TYPE_CHECKING:
    from stemeco.project import Project


@provider("represented_groups", "stakeholder groups represented on the Design Team")
def represented_groups(project: Project) -> Any:  # noqa: ARG001
    return None


@provider("missing_groups", "stakeholder groups missing from the Design Team")
def missing_groups(project: Project) -> Any:  # noqa: ARG001
    return None


@provider("asset_findings", "findings of the asset map's continuum gap analysis")
def asset_findings(project: Project) -> Any:  # noqa: ARG001
    return None
