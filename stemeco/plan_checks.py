"""``stemeco check`` for the files of milestones 2 to 5 and the approval.

Every hand-edited file is read and each problem reported with its file and line:
``indicators/*.yaml``, ``measurements/*.yaml``, ``launches.yaml``,
``assessments/<round>/*.yaml`` and ``approvals.yaml``.
"""

from __future__ import annotations

from stemeco import approval, assessment, indicators, launches
from stemeco.errors import ProjectFileError
from stemeco.planutil import parse_date
from stemeco.project import Project
from stemeco.validate import CHECKS, Problem


def _indicator_files(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    try:
        known = {i.id for i in indicators.all_indicators(project)}
    except ProjectFileError as exc:
        return [Problem(exc.path, exc.line, "", exc.reason)]
    folder = project.root / indicators.MEASUREMENTS_DIR
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            _, found = indicators.parse_measurement_file(path)
        except ProjectFileError:
            continue  # reported by the syntax check
        if path.stem not in known:
            problems.append(
                Problem(
                    path,
                    1,
                    "",
                    f"no indicator with id '{path.stem}' (see 'stemeco indicators list')",
                )
            )
        problems.extend(Problem(path, line, "", message) for line, message in found)
    return problems


def _launches(project: Project) -> list[Problem]:
    try:
        found = launches.file_problems(project)
    except ProjectFileError:
        return []
    return [Problem(project.root / launches.FILE, line, "", m) for line, m in found]


def _assessments(project: Project) -> list[Problem]:
    folder = project.root / assessment.FOLDER
    problems: list[Problem] = []
    if not folder.is_dir():
        return problems
    for path in sorted(folder.rglob("*.yaml")):
        if path.parent.parent != folder or parse_date(path.parent.name) is None:
            problems.append(
                Problem(path, None, "", "keep responses in assessments/YYYY-MM-DD/NAME.yaml")
            )
            continue
        try:
            _, found = assessment.read_response(path)
        except ProjectFileError:
            continue
        problems.extend(Problem(path, line, "", message) for line, message in found)
    return problems


def _approvals(project: Project) -> list[Problem]:
    try:
        approval.read_approvals(project)
    except ProjectFileError as exc:
        return [Problem(exc.path, exc.line, "", exc.reason)]
    return []


CHECKS.extend([_indicator_files, _launches, _assessments, _approvals])
