"""Small helpers shared by the community records (team, calendar, assets, interviews).

Slugs for file names, today's date (reproducible), plain-text checks and the
problem lines of ``stemeco check``. No heavy imports here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from stemeco.errors import ProjectFileError, UsageError
from stemeco.yamlio import Path_, read_yaml_with_lines

T = TypeVar("T")
RecordProblem = tuple[int | None, str, str]  # line, where, message
FileProblem = tuple[Path, int | None, str, str]  # file, line, where, message
Parser = Callable[[Any, dict[Path_, int]], tuple[T, list[RecordProblem]]]


def refuse(path: Path, problems: list[RecordProblem]) -> NoReturn:
    """Stop a command on a broken record: its first problem, with file and line."""
    line, where, message = problems[0]
    raise ProjectFileError(
        path,
        f"{where}: {message}" if where else message,
        line=line,
        hint="fix the file by hand (see 'stemeco check'), then retry",
    )


def read_record(path: Path, parse: Parser[T]) -> T:
    """Read and parse one record file; refuse it on its first problem."""
    data, lines = read_yaml_with_lines(path)
    value, problems = parse(data, lines)
    if problems:
        refuse(path, problems)
    return value


def check_record(
    path: Path, parse: Parser[T]
) -> tuple[T, dict[Path_, int], list[FileProblem]] | None:
    """Every problem of one record file, for ``stemeco check``.

    None when the file is not valid YAML: the syntax check reports that already.
    """
    try:
        data, lines = read_yaml_with_lines(path)
    except ProjectFileError:
        return None
    value, found = parse(data, lines)
    return value, lines, [(path, line, where, message) for line, where, message in found]


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60


def slugify(text: str, *, fallback: str = "record") -> str:
    """Lower-case ASCII letters, digits and dashes; never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rstrip("-")
    return slug or fallback


def today() -> dt.date:
    """Today's date; ``SOURCE_DATE_EPOCH`` fixes it for reproducible runs and tests."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def parse_date(value: Any, what: str) -> dt.date:
    """A YYYY-MM-DD date given as text (or a date object from another YAML reader)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(f"{what}: '{value}' is not a date", hint="write it as YYYY-MM-DD")


def one_line(value: Any) -> bool:
    return (
        isinstance(value, str) and bool(value.strip()) and "\n" not in value and "\r" not in value
    )


def label_list(values: list[str], labels: dict[str, str]) -> str:
    return ", ".join(labels.get(v, v) for v in values)
