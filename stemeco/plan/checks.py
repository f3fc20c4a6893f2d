"""``stemeco check`` for the files of milestones 2 to 5 and the approval.

Every hand-edited file is read and each problem reported with its file and line:
``indicators/*.yaml``, ``measurements/*.yaml``, ``launches.yaml``,
``assessments/<round>/*.yaml`` and ``approvals.yaml``.
"""

from __future__ import annotations

from stemeco.errors import Problem, ProjectFileError
from stemeco.i18n import _
from stemeco.plan import approval, assessment, indicators, launches
from stemeco.project.folder import Project
from stemeco.text import parse_date


def _indicator_files(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    try:
        known = {i.id for i in indicators.all_indicators(project)}
    except ProjectFileError as exc:
        return [exc.problem]
    folder = project.root / indicators.MEASUREMENTS_DIR
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            _measured, found = indicators.parse_measurement_file(path)
        except ProjectFileError:
            continue  # reported by the syntax check
        if path.stem not in known:
            problems.append(
                Problem(
                    _("no indicator with id '{id}' (see 'stemeco indicators list')").format(
                        id=path.stem
                    ),
                    line=1,
                    path=path,
                )
            )
        problems.extend(p.at(path) for p in found)
    return problems


def _launches(project: Project) -> list[Problem]:
    try:
        found = launches.file_problems(project)
    except ProjectFileError:
        return []
    return [p.at(project.root / launches.FILE) for p in found]


def _assessments(project: Project) -> list[Problem]:
    folder = project.root / assessment.FOLDER
    problems: list[Problem] = []
    if not folder.is_dir():
        return problems
    for path in sorted(folder.rglob("*.yaml")):
        if path.parent.parent != folder or parse_date(path.parent.name) is None:
            problems.append(
                Problem(_("keep responses in assessments/YYYY-MM-DD/NAME.yaml"), path=path)
            )
            continue
        try:
            _response, found = assessment.read_response(path)
        except ProjectFileError:
            continue
        problems.extend(p.at(path) for p in found)
    return problems


def _approvals(project: Project) -> list[Problem]:
    try:
        approval.read_approvals(project)
    except ProjectFileError as exc:
        return [exc.problem]
    return []


def plan_problems(project: Project) -> list[Problem]:
    """Every problem of the indicator, measurement, launch, assessment and approval files."""
    return (
        _indicator_files(project) + _launches(project) + _assessments(project) + _approvals(project)
    )
