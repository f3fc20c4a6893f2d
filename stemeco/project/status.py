"""Where the project stands on the whole process, and the one next action.

Each feature contributes status items (:mod:`stemeco.registry`); items carry
the guide's milestone number (1 designing the ecosystem ... 5 a thriving
ecosystem). Read-only and cheap: no ruamel.yaml, no Jinja, no questionary.

An item's ``action`` is a command that works as printed once its placeholders
are filled in: ``"..."`` a text, ``YYYY-MM-DD`` a date, ``VALUE`` a number,
``FILE`` a file. Every feature keeps the commands its items offer in one
``ACTIONS`` table beside its status functions. "Next:" is the first open item
whose action can be taken today, preferring one already in progress (unless it
is upkeep, ``resume=False``: rendering waits for its turn in the process); an
item ``due`` on a later day (a launch planned for next month) waits until then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from stemeco import text
from stemeco.i18n import N_, _
from stemeco.project.folder import Project
from stemeco.text import parse_date

State = Literal["done", "in_progress", "missing"]

#: The guide's milestones, in English (see :func:`milestone_title` for the reader's language).
MILESTONES: dict[int, str] = {
    1: N_("Designing the ecosystem"),
    2: N_("Indicators of success"),
    3: N_("Soft and hard launch of the ecosystem"),
    4: N_("Soft and hard launch of the first work"),
    5: N_("A thriving ecosystem"),
}


def milestone_title(number: int) -> str:
    """Milestone ``number``'s title in the project's language."""
    return _(MILESTONES[number])


@dataclass(frozen=True)
class Item:
    milestone: int
    key: str
    title: str
    state: State
    detail: str = ""
    action: str = ""
    due: str = ""  # YYYY-MM-DD: the action can be taken from this day on (empty: now)
    #: Whether "Next:" resumes this item before earlier ones while it is in progress;
    #: upkeep such as rendering the documents again waits for its turn instead.
    resume: bool = True

    def waiting(self, now: dt.date) -> bool:
        """Whether the action must wait for a later day."""
        day = parse_date(self.due) if self.due else None
        return day is not None and day > now


@dataclass
class Report:
    municipality: str
    items: list[Item] = field(default_factory=list)

    @property
    def next_action(self) -> Item | None:
        """The first open item whose action can be taken today, in progress first."""
        now = text.today()
        open_items = [
            i for i in self.items if i.state != "done" and i.action and not i.waiting(now)
        ]
        in_progress = [i for i in open_items if i.state == "in_progress" and i.resume]
        candidates = in_progress or open_items
        return candidates[0] if candidates else None

    @property
    def next_due(self) -> Item | None:
        """When nothing can be done today: the open item due soonest."""
        now = text.today()
        waiting = [i for i in self.items if i.state != "done" and i.waiting(now)]
        return min(waiting, key=lambda i: i.due) if waiting else None

    @property
    def unassisted(self) -> Item | None:
        """The first open item no command moves on (it says in its detail what to do)."""
        return next((i for i in self.items if i.state != "done" and not i.action), None)

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
                    "title": milestone_title(number),
                    "state": self.milestone_state(number),
                    "items": [
                        {k: v for k, v in asdict(i).items() if k != "resume"}
                        for i in self.items
                        if i.milestone == number
                    ],
                }
                for number in MILESTONES
            ],
            "next_action": None
            if nxt is None
            else {"key": nxt.key, "title": nxt.title, "command": nxt.action},
            "next_due": None
            if nxt is not None or (due := self.next_due) is None
            else {"key": due.key, "title": due.title, "command": due.action, "due": due.due},
        }


def report(project: Project) -> Report:
    """Every feature's status items (:mod:`stemeco.registry`), grouped by milestone.

    The report is remembered in the user's cache folder with a stamp of every file
    of the project and of stemeco itself (its code, studios and templates), stemeco's
    version and today's date: while none of them changed, the remembered report is the
    report, and ``stemeco status`` loads no feature at all.
    """
    from stemeco import __version__
    from stemeco.resources import PACKAGE_DIR, studios_dir, templates_dir
    from stemeco.storage.cache import cache_file, read_json, stamp, write_json
    from stemeco.text import today

    file = cache_file(project.root, "status.json")
    key = f"{__version__} {today().isoformat()} " + stamp(
        project.root, templates_dir(), studios_dir(), PACKAGE_DIR
    )
    known = read_json(file)
    if isinstance(known, dict) and known.get("key") == key:
        try:
            return Report(known["municipality"], [Item(**i) for i in known["items"]])
        except (KeyError, TypeError):
            pass  # not a report this version wrote: make it again
    result = _report(project)
    write_json(
        file,
        {
            "key": key,
            "municipality": result.municipality,
            "items": [asdict(i) for i in result.items],
        },
    )
    return result


def _report(project: Project) -> Report:
    from stemeco.registry import status_items

    result = Report(project.manifest.municipality)
    for fn in status_items():
        result.items.extend(fn(project))
    result.items.sort(key=lambda i: i.milestone)  # stable: feature order within a milestone
    return result
