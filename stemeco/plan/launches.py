"""The four launches (milestones 3 and 4), kept in ``launches.yaml``.

The ecosystem is launched softly (a first public step, often with quick wins)
and then hard (the blueprint announced to the whole community); so is its
first piece of work. Each launch has a date, an audience, what is announced,
who speaks and whether it is done. Reads use PyYAML only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stemeco.errors import Problem, UsageError
from stemeco.storage.read import read_yaml_with_lines
from stemeco.storage.records import refuse
from stemeco.text import date_problem, parse_date

if TYPE_CHECKING:
    from stemeco.project.folder import Project

FILE = "launches.yaml"

#: kind -> (milestone, label)
KINDS: dict[str, tuple[int, str]] = {
    "ecosystem-soft": (3, "Soft launch of the ecosystem"),
    "ecosystem-hard": (3, "Hard launch of the ecosystem"),
    "work-soft": (4, "Soft launch of the first work"),
    "work-hard": (4, "Hard launch of the first work"),
}
FIELDS = ("date", "audience", "announcement", "speakers", "done")


@dataclass(frozen=True)
class Launch:
    kind: str
    date: str = ""
    audience: str = ""
    announcement: str = ""
    speakers: tuple[str, ...] = ()
    done: bool = False

    @property
    def milestone(self) -> int:
        return KINDS[self.kind][0]

    @property
    def label(self) -> str:
        return KINDS[self.kind][1]

    @property
    def planned(self) -> bool:
        return bool(self.date)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise UsageError(f"no launch '{kind}'", hint="the launches are: " + ", ".join(KINDS))
    return kind


def _problems(data: Any, lines: dict[tuple[str | int, ...], int]) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [Problem("expected a mapping of launch kind to its details", line=1)]
    for kind, item in data.items():
        line = lines.get((kind,))
        if kind not in KINDS:
            problems.append(Problem(f"unknown launch '{kind}'; use {', '.join(KINDS)}", line=line))
            continue
        if item is None:
            continue
        if not isinstance(item, dict):
            problems.append(
                Problem("expected date, audience, announcement, speakers, done", kind, line)
            )
            continue
        for key in item:
            if key not in FIELDS:
                problems.append(
                    Problem("unknown field", f"{kind}.{key}", lines.get((kind, key), line))
                )
        date = item.get("date")
        if date not in (None, "") and (not isinstance(date, str) or parse_date(date) is None):
            problems.append(
                Problem(str(date_problem(date)), f"{kind}.date", lines.get((kind, "date"), line))
            )
        speakers = item.get("speakers")
        if speakers is not None and not (
            isinstance(speakers, list) and all(isinstance(s, str) for s in speakers)
        ):
            problems.append(
                Problem("a list of names", f"{kind}.speakers", lines.get((kind, "speakers"), line))
            )
        if item.get("done") is not None and not isinstance(item.get("done"), bool):
            problems.append(
                Problem("true or false", f"{kind}.done", lines.get((kind, "done"), line))
            )
    return problems


def file_problems(project: Project) -> list[Problem]:
    path = project.root / FILE
    if not path.is_file():
        return []
    data, lines = read_yaml_with_lines(path)
    return [] if data is None else _problems(data, lines)


def read_launches(project: Project) -> dict[str, Launch]:
    """All four launches (unplanned ones empty), in the order of KINDS."""
    path = project.root / FILE
    data: Any = None
    if path.is_file():
        data, lines = read_yaml_with_lines(path)
        if data is not None:
            problems = _problems(data, lines)
            if problems:
                refuse(path, problems)
    data = data or {}
    out = {}
    for kind in KINDS:
        item = data.get(kind) or {}
        out[kind] = Launch(
            kind,
            date=str(item.get("date") or ""),
            audience=str(item.get("audience") or ""),
            announcement=str(item.get("announcement") or ""),
            speakers=tuple(item.get("speakers") or ()),
            done=bool(item.get("done", False)),
        )
    return out


def set_launch(project: Project, kind: str, changes: dict[str, Any]) -> Launch:
    """Set some fields of one launch in launches.yaml (comments kept, atomic)."""
    check_kind(kind)
    read_launches(project)  # refuse a broken file before changing anything
    date = changes.get("date")
    if date is not None and parse_date(date) is None:
        raise UsageError(f"--date '{date}' is not a date", hint="write it as YYYY-MM-DD")
    for key in ("audience", "announcement"):
        text = changes.get(key)
        if isinstance(text, str) and not text.strip():
            raise UsageError(f"--{key} is empty", hint="leave the option out to keep the value")
    from ruamel.yaml.comments import CommentedMap

    from stemeco.storage.roundtrip import edit_yaml, to_yaml_value

    header = (
        "The launches of the ecosystem (milestone 3) and of its first work (milestone 4).\n"
        "Written by 'stemeco launch'; comments you add here are kept."
    )
    with edit_yaml(project.path(FILE), header=header) as doc:
        entry = doc.get(kind)
        if not isinstance(entry, dict):
            entry = CommentedMap()
            order = list(KINDS)
            position = sum(1 for k in doc if k in KINDS and order.index(k) < order.index(kind))
            doc.insert(position, kind, entry)
        for key in FIELDS:
            if key in changes and changes[key] is not None:
                value = changes[key]
                entry[key] = to_yaml_value(list(value) if key == "speakers" else value)
        if "done" not in entry:
            entry["done"] = False
    return read_launches(project)[kind]
