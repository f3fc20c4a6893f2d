"""Where the project stands on the whole process, and the one next action.

Each area of the process contributes items through a check function
registered in :data:`CHECKS`; items carry the guide's milestone number
(1 designing the ecosystem ... 5 a thriving ecosystem). Read-only and cheap:
no ruamel.yaml, no Jinja, no questionary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from stemeco.progress import session_progress
from stemeco.project import STUDIO_IDS, Project

State = Literal["done", "in_progress", "missing"]

MILESTONES: dict[int, str] = {
    1: "Designing the ecosystem",
    2: "Indicators of success",
    3: "Soft and hard launch of the ecosystem",
    4: "Soft and hard launch of the first work",
    5: "A thriving ecosystem",
}


@dataclass(frozen=True)
class Item:
    milestone: int
    key: str
    title: str
    state: State
    detail: str = ""
    action: str = ""


@dataclass
class Report:
    municipality: str
    items: list[Item] = field(default_factory=list)

    @property
    def next_action(self) -> Item | None:
        open_items = [i for i in self.items if i.state != "done" and i.action]
        in_progress = [i for i in open_items if i.state == "in_progress"]
        candidates = in_progress or open_items
        return candidates[0] if candidates else None

    def milestone_state(self, number: int) -> State | None:
        states = {i.state for i in self.items if i.milestone == number}
        if not states:
            return None
        if states == {"done"}:
            return "done"
        if states == {"missing"}:
            return "missing"
        return "in_progress"

    def as_json(self) -> dict[str, Any]:
        nxt = self.next_action
        return {
            "municipality": self.municipality,
            "milestones": [
                {
                    "number": number,
                    "title": title,
                    "state": self.milestone_state(number),
                    "items": [asdict(i) for i in self.items if i.milestone == number],
                }
                for number, title in MILESTONES.items()
            ],
            "next_action": None
            if nxt is None
            else {"key": nxt.key, "title": nxt.title, "command": nxt.action},
        }


Check = Callable[[Project], list[Item]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


@check
def studios(project: Project) -> list[Item]:
    items = []
    for progress in session_progress(project):
        if progress.id not in STUDIO_IDS:
            continue
        state: State
        if progress.status == "complete":
            state = "done"
        elif progress.answered:
            state = "in_progress"
        else:
            state = "missing"
        items.append(
            Item(
                1,
                progress.id,
                f"{progress.name}: {progress.title}",
                state,
                f"{progress.answered} of {progress.total} steps answered",
                f"stemeco studio run {progress.number}",
            )
        )
    return items


@check
def blueprint(project: Project) -> list[Item]:
    doc = project.root / "docs" / "blueprint.md"
    sessions = [project.session_path(s) for s in STUDIO_IDS]
    newest = max((p.stat().st_mtime for p in sessions if p.exists()), default=0.0)
    if not doc.exists():
        return [
            Item(
                1,
                "blueprint",
                "Design blueprint rendered",
                "missing",
                "docs/blueprint.md does not exist",
                "stemeco render",
            )
        ]
    if doc.stat().st_mtime < newest:
        return [
            Item(
                1,
                "blueprint",
                "Design blueprint rendered",
                "in_progress",
                "answers changed since docs/blueprint.md was written",
                "stemeco render",
            )
        ]
    return [Item(1, "blueprint", "Design blueprint rendered", "done", "docs/blueprint.md")]


def report(project: Project) -> Report:
    from stemeco.features import load

    load()
    result = Report(project.manifest.municipality)
    for fn in CHECKS:
        result.items.extend(fn(project))
    result.items.sort(key=lambda i: i.milestone)
    return result
