"""Project data of the teams and the asset map, offered to studio steps as defaults.

Until the project holds team or asset data, each offers nothing (None).
"""

from __future__ import annotations

from typing import Any

from stemeco.project.folder import Project


def represented_groups(project: Project) -> Any:
    from stemeco.community.team import read_team

    team = read_team(project.root)
    if not team.members["design"]:
        return None
    return team.represented("design")


def missing_groups(project: Project) -> Any:
    from stemeco.community.team import read_team
    from stemeco.vocab import STAKEHOLDER_GROUPS, label

    team = read_team(project.root)
    if not team.members["design"]:
        return None
    return [label(STAKEHOLDER_GROUPS, g) for g in team.missing("design")] or None


def asset_findings(project: Project) -> Any:
    from stemeco.community.gaps import analyse

    found = analyse(project.root, project.manifest.municipality).findings
    return found or None
