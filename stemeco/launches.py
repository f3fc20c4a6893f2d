"""The four launches (milestones 3 and 4), kept in ``launches.yaml``.

The ecosystem is launched softly (a first public step, often with quick wins)
and then hard (the blueprint announced to the whole community); so is its
first piece of work. Each launch has a date, an audience, what is announced,
who speaks and whether it is done. Reads use PyYAML only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stemeco.errors import ProjectFileError, UsageError
from stemeco.planutil import parse_date
from stemeco.status import Item, check
from stemeco.yamlio import read_yaml_with_lines

if TYPE_CHECKING:
    from stemeco.project import Project

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


def _problems(data: Any, lines: dict[tuple[str | int, ...], int]) -> list[tuple[int | None, str]]:
    problems: list[tuple[int | None, str]] = []
    if not isinstance(data, dict):
        return [(1, "expected a mapping of launch kind to its details")]
    for kind, item in data.items():
        line = lines.get((kind,))
        if kind not in KINDS:
            problems.append((line, f"unknown launch '{kind}'; use {', '.join(KINDS)}"))
            continue
        if item is None:
            continue
        if not isinstance(item, dict):
            problems.append(
                (line, f"{kind}: expected date, audience, announcement, speakers, done")
            )
            continue
        for key in item:
            if key not in FIELDS:
                problems.append((lines.get((kind, key), line), f"{kind}.{key}: unknown field"))
        date = item.get("date")
        if date not in (None, "") and (not isinstance(date, str) or parse_date(date) is None):
            problems.append((lines.get((kind, "date"), line), f"{kind}.date: use YYYY-MM-DD"))
        speakers = item.get("speakers")
        if speakers is not None and not (
            isinstance(speakers, list) and all(isinstance(s, str) for s in speakers)
        ):
            problems.append((lines.get((kind, "speakers"), line), f"{kind}.speakers: a list"))
        if item.get("done") is not None and not isinstance(item.get("done"), bool):
            problems.append((lines.get((kind, "done"), line), f"{kind}.done: true or false"))
    return problems


def file_problems(project: Project) -> list[tuple[int | None, str]]:
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
                line, message = problems[0]
                raise ProjectFileError(path, message, line=line, hint="fix the file by hand")
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

    from stemeco.store import edit_yaml, to_yaml_value

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


# --------------------------------------------------------------------------- status


@check
def launch_items(project: Project) -> list[Item]:
    try:
        launches = read_launches(project)
    except ProjectFileError as exc:
        return [Item(3, "launches", "Launches", "in_progress", str(exc.reason), "stemeco check")]
    items = []
    for kind, launch in launches.items():
        if launch.done:
            items.append(
                Item(
                    launch.milestone, f"launch-{kind}", launch.label, "done", f"held {launch.date}"
                )
            )
        elif launch.planned:
            items.append(
                Item(
                    launch.milestone,
                    f"launch-{kind}",
                    launch.label,
                    "in_progress",
                    f"planned for {launch.date}",
                    f"stemeco launch done {kind}",
                )
            )
        else:
            items.append(
                Item(
                    launch.milestone,
                    f"launch-{kind}",
                    launch.label,
                    "missing",
                    "not planned yet",
                    f"stemeco launch set {kind} --date YYYY-MM-DD --audience ...",
                )
            )
    return items
