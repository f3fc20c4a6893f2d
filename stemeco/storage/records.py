"""Reading the hand-editable record files of a project, and reporting their problems.

A record parser takes parsed YAML and its line map and returns the value and a
list of :class:`~stemeco.errors.Problem` (without a path). Commands refuse a
broken record on its first problem; ``stemeco check`` lists every problem of
every record, each with its file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from stemeco.errors import Problem, ProjectFileError
from stemeco.i18n import _
from stemeco.storage.read import Path_, read_yaml_with_lines

T = TypeVar("T")
Parser = Callable[[Any, dict[Path_, int]], tuple[T, list[Problem]]]


def refuse(path: Path, problems: list[Problem]) -> NoReturn:
    """Stop a command on a broken record: its first problem, with file and line."""
    first = problems[0]
    raise ProjectFileError(
        path,
        f"{first.where}: {first.message}" if first.where else first.message,
        line=first.line,
        hint=_("fix the file by hand (see 'stemeco check'), then retry"),
    )


def read_record(path: Path, parse: Parser[T]) -> T:
    """Read and parse one record file; refuse it on its first problem."""
    data, lines = read_yaml_with_lines(path)
    value, problems = parse(data, lines)
    if problems:
        refuse(path, problems)
    return value


def check_record(path: Path, parse: Parser[T]) -> list[Problem]:
    """Every problem of one record file, for ``stemeco check``.

    A file that is not valid YAML has no record problems: the syntax check,
    which every ``stemeco check`` runs first, reports it.
    """
    try:
        data, lines = read_yaml_with_lines(path)
    except ProjectFileError:
        return []
    return [problem.at(path) for problem in parse(data, lines)[1]]


def one_line(value: Any) -> bool:
    return (
        isinstance(value, str) and bool(value.strip()) and "\n" not in value and "\r" not in value
    )


def label_list(values: list[str], labels: dict[str, str]) -> str:
    return ", ".join(labels.get(v, v) for v in values)
