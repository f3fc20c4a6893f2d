"""The design calendar: ``calendar.yaml``, the dated sessions and milestones of the process.

Each event has an id, a title, a date (and optionally an end date), a kind
(studio, milestone, meeting or launch), what it is part of (a studio id such as
``studio-2`` or a milestone such as ``milestone-1``) and whether it is done.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from stemeco.errors import Problem, UsageError, ValidationFailed
from stemeco.storage.read import Path_, line_of
from stemeco.storage.records import check_record, read_record
from stemeco.text import date_problem, parse_date, slugify, valid_id

FILE = "calendar.yaml"
KINDS: dict[str, str] = {
    "studio": "Studios",
    "milestone": "Milestones",
    "meeting": "Meetings",
    "launch": "Launches",
}
PART_OF = re.compile(r"^(?:milestone-[1-5]|[a-z0-9][a-z0-9-]*)$")
HEADER = (
    "Design calendar of the STEM ecosystem: sessions and milestones. Written by stemeco;\n"
    "comments you add are kept. kind: studio | milestone | meeting | launch"
)


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    date: dt.date
    kind: str
    end: dt.date | None = None
    part_of: str = ""
    done: bool = False

    @property
    def last_day(self) -> dt.date:
        return self.end or self.date

    def overdue(self, today: dt.date) -> bool:
        return not self.done and self.last_day < today


def _event_id(item: dict[str, Any]) -> str:
    """An event's id: the one written, or the slug of its title."""
    return str(item.get("id") or slugify(str(item.get("title") or ""), fallback="event"))


def parse_calendar(data: Any, lines: dict[Path_, int]) -> tuple[list[Event], list[Problem]]:
    problems: list[Problem] = []
    if data is None:
        return [], problems
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
        return [], [Problem("expected a mapping with a list of 'events'", line=1)]
    events: list[Event] = []
    ids: set[str] = set()
    for index, item in enumerate(data.get("events") or []):
        key: Path_ = ("events", index)
        where = f"events[{index + 1}]"

        def bad(fld: str, message: str, key: Path_ = key, where: str = where) -> None:
            problems.append(Problem(message, f"{where}.{fld}", line_of(lines, (*key, fld))))

        if not isinstance(item, dict):
            problems.append(
                Problem("must be a mapping (id, title, date, kind)", where, line_of(lines, key))
            )
            continue
        title = item.get("title")
        if not isinstance(title, str) or not title.strip() or "\n" in title:
            bad("title", "a one-line title is required")
            continue
        event_id = _event_id(item)
        if not valid_id(event_id) or event_id != event_id.lower():
            bad("id", "use lower-case letters, digits and dashes")
            continue
        if event_id in ids:
            bad("id", f"'{event_id}' is used twice")
            continue
        ids.add(event_id)
        date = parse_date(item.get("date"))
        if date is None:
            bad("date", str(date_problem(item.get("date"))))
            continue
        end = None
        if item.get("end") is not None:
            end = parse_date(item.get("end"))
            if end is None:
                bad("end", str(date_problem(item.get("end"))))
                continue
            if end < date:
                bad("end", "ends before it starts")
                continue
        kind = item.get("kind", "meeting")
        if kind not in KINDS:
            bad("kind", f"'{kind}' is not one of {', '.join(KINDS)}")
            continue
        part_of = item.get("part_of") or ""
        if part_of and (not isinstance(part_of, str) or not PART_OF.fullmatch(part_of)):
            bad("part_of", "a studio id (studio-2) or a milestone (milestone-1)")
            continue
        done = item.get("done", False)
        if not isinstance(done, bool):
            bad("done", "must be true or false")
            continue
        events.append(Event(event_id, title.strip(), date, str(kind), end, str(part_of), done))
    return sorted(events, key=lambda e: (e.date, e.id)), problems


def calendar_path(root: Path) -> Path:
    return root / FILE


def read_calendar(root: Path) -> list[Event]:
    path = calendar_path(root)
    return read_record(path, parse_calendar) if path.exists() else []


def check_calendar(root: Path) -> list[Problem]:
    path = calendar_path(root)
    return check_record(path, parse_calendar) if path.exists() else []


def add_event(
    root: Path,
    *,
    title: str,
    date: str,
    kind: str,
    end: str | None = None,
    part_of: str | None = None,
    event_id: str | None = None,
    done: bool = False,
) -> Event:
    from stemeco.storage.roundtrip import edit_yaml, to_yaml_value

    events = read_calendar(root)
    record: dict[str, Any] = {
        "id": event_id or _event_id({"title": title}),
        "title": title,
        "date": date,
    }
    if end:
        record["end"] = end
    record["kind"] = kind
    if part_of:
        record["part_of"] = part_of
    record["done"] = done
    parsed, problems = parse_calendar({"events": [record]}, {})
    if problems:
        raise ValidationFailed(
            [replace(p, where=p.where.split(".", 1)[-1]) for p in problems],
            summary="the event was not added",
        )
    if any(e.id == record["id"] for e in events):
        raise UsageError(
            f"the calendar already has an event '{record['id']}'", hint="pass another --id"
        )
    with edit_yaml(calendar_path(root), header=HEADER) as doc:
        if not isinstance(doc.get("events"), list):
            doc["events"] = to_yaml_value([])
        doc["events"].append(to_yaml_value(record))
    return parsed[0]


def mark_done(root: Path, event_id: str, done: bool = True) -> Event:
    from stemeco.storage.roundtrip import edit_yaml

    events = read_calendar(root)
    match = next((e for e in events if e.id == event_id), None)
    if match is None:
        raise UsageError(
            f"no event '{event_id}' in calendar.yaml", hint="see the ids with 'stemeco calendar'"
        )
    with edit_yaml(calendar_path(root)) as doc:
        for item in doc["events"]:
            if _event_id(item) == event_id:
                item["done"] = done
    return match


def to_ics(events: list[Event], municipality: str, stamp: dt.datetime) -> bytes:
    """An iCalendar file of the events (all-day events; the end day included)."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//stemeco//design calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{municipality} STEM ecosystem design calendar")
    domain = slugify(municipality, fallback="ecosystem")
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.id}@{domain}.stemeco")
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        item.add("dtstart", event.date)
        item.add("dtend", event.last_day + dt.timedelta(days=1))
        item.add("categories", [KINDS[event.kind]])
        if event.part_of:
            item.add("description", f"Part of {event.part_of}.")
        item.add("status", "CONFIRMED")
        if event.done:
            item.add("x-stemeco-done", "TRUE")
        cal.add_component(item)
    return bytes(cal.to_ical())


# ------------------------------------------------------------------ the Mermaid gantt chart

#: Characters Mermaid's gantt reads (ends of a task name, comments, entity codes,
#: directives), each shown as its full-width form, which Mermaid takes as text.
_GANTT_CHARS = str.maketrans({":": "\uff1a", ";": "\uff1b", "#": "\uff03", "%": "\uff05"})
#: Words that make a gantt line an instruction when they start it (any case).
GANTT_KEYWORDS = frozenset(
    w.casefold()
    for w in (
        "accDescr accDescription accTitle axisFormat call click dateFormat excludes gantt "
        "href includes inclusiveEndDates section tickInterval title todayMarker topAxis "
        "weekday weekend displayMode"
    ).split()
)
#: Put before a task name that would otherwise start with an instruction or a date:
#: a zero-width space, which Mermaid does not skip as white space and nobody sees.
GANTT_GUARD = "\u200b"


#: The title also goes through Mermaid's HTML sanitiser, which would show '&' as '&amp;'.
_GANTT_TITLE_CHARS = str.maketrans({"&": "\uff06", "<": "\uff1c", ">": "\uff1e"})


def gantt_text(text: str) -> str:
    """Text Mermaid's gantt shows as it is: one line, none of ``: ; # %``."""
    return " ".join(text.split()).translate(_GANTT_CHARS)


def gantt_title(text: str) -> str:
    """The chart's title: like :func:`gantt_text`, and none of ``& < >`` either."""
    return gantt_text(text).translate(_GANTT_TITLE_CHARS)


def gantt_label(text: str) -> str:
    """A task name that Mermaid's gantt can neither misread nor be steered by.

    The name is one line without the characters Mermaid reads (see
    :func:`gantt_text`); a name that would begin with one of Mermaid's words
    (``title``, ``section``, ``click``...) or with a digit (a date) is guarded.
    """
    label = gantt_text(text)
    first = re.match(r"[A-Za-z]*", label)
    word = first.group(0).casefold() if first else ""
    if word in GANTT_KEYWORDS or not label[:1].isalpha():
        label = GANTT_GUARD + label
    return label


def gantt_id(event_id: str) -> str:
    """A gantt task id for an event id, unique for unique event ids in any script."""
    if event_id.isascii():
        return "e_" + re.sub(r"[^a-z0-9]", "_", event_id)
    return "u_" + event_id.encode("punycode").decode("ascii").replace("-", "_")


def gantt_chart(events: list[Event], title: str) -> str:
    """The design calendar as Mermaid gantt text: one section per kind, one line per event.

    An event lasts from its date to its end date, both included; a milestone
    of one day is drawn as a milestone, a longer one as a bar of its length.
    """
    lines = [
        "gantt",
        f"    title {gantt_title(title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    todayMarker off",
    ]
    for kind, section in KINDS.items():
        chosen = [e for e in events if e.kind == kind]
        if not chosen:
            continue
        lines.append(f"    section {section}")
        for event in chosen:
            days = (event.last_day - event.date).days + 1
            milestone = kind == "milestone" and days == 1
            tags = [t for t, on in (("done", event.done), ("milestone", milestone)) if on]
            length = 0 if milestone else days
            data = [*tags, gantt_id(event.id), event.date.isoformat(), f"{length}d"]
            lines.append(f"    {gantt_label(event.title)} :{', '.join(data)}")
    return "\n".join(lines)
