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
from stemeco.i18n import N_, _, ngettext
from stemeco.storage.lock import writes
from stemeco.storage.read import Path_, line_of
from stemeco.storage.records import check_record, read_record
from stemeco.text import date_problem, future_problem, parse_date, slugify, valid_id

FILE = "calendar.yaml"
#: Each kind of event, and the name of its section in the gantt chart and of its
#: category in the .ics file (translated where it is shown).
KINDS: dict[str, str] = {
    "studio": N_("Studios"),
    "milestone": N_("Milestones"),
    "meeting": N_("Meetings"),
    "launch": N_("Launches"),
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
    """The events of calendar.yaml and every problem of every event (all fields, not the first)."""
    problems: list[Problem] = []
    if data is None:
        return [], problems
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
        return [], [Problem(_("expected a mapping with a list of 'events'"), line=1)]
    events: list[Event] = []
    ids: dict[str, int | None] = {}  # an id, and the line it is first on
    for index, item in enumerate(data.get("events") or []):
        key: Path_ = ("events", index)
        where = f"events[{index + 1}]"
        before = len(problems)

        def bad(fld: str, message: str, key: Path_ = key, where: str = where) -> None:
            problems.append(Problem(message, f"{where}.{fld}", line_of(lines, (*key, fld))))

        if not isinstance(item, dict):
            problems.append(
                Problem(_("must be a mapping (id, title, date, kind)"), where, line_of(lines, key))
            )
            continue
        title = item.get("title")
        titled = isinstance(title, str) and bool(title.strip()) and "\n" not in title
        if not titled:
            bad("title", _("a one-line title is required"))
        event_id = _event_id(item) if titled or item.get("id") else ""
        if event_id and (not valid_id(event_id) or event_id != event_id.lower()):
            bad("id", _("use lower-case letters, digits and dashes"))
        elif event_id in ids:
            first = ids[event_id]
            twice = (
                _("'{id}' is used twice (also on line {line}): keep one, or give one another id")
                if first is not None
                else _("'{id}' is used twice: keep one, or give one another id")
            )
            bad("id", twice.format(id=event_id, line=first))
        ids.setdefault(event_id, line_of(lines, (*key, "id")))
        date = parse_date(item.get("date"))
        if date is None:
            bad("date", str(date_problem(item.get("date"))))
        end = None
        if item.get("end") is not None:
            end = parse_date(item.get("end"))
            if end is None:
                bad("end", str(date_problem(item.get("end"))))
            elif date is not None and end < date:
                bad(
                    "end",
                    _("ends before it starts ({end} < {start})").format(
                        end=end.isoformat(), start=date.isoformat()
                    ),
                )
        kind = item.get("kind", "meeting")
        if kind not in KINDS:
            bad(
                "kind",
                _("'{value}' is not one of {choices}").format(value=kind, choices=", ".join(KINDS)),
            )
        part_of = item.get("part_of") or ""
        if part_of and (not isinstance(part_of, str) or not PART_OF.fullmatch(part_of)):
            bad("part_of", _("a studio id (studio-2) or a milestone (milestone-1)"))
        done = item.get("done", False)
        if not isinstance(done, bool):
            bad("done", _("must be true or false"))
        if len(problems) > before or date is None or not isinstance(title, str):
            continue
        events.append(Event(event_id, title.strip(), date, str(kind), end, str(part_of), done))
    return sorted(events, key=lambda e: (e.date, e.id)), problems


def _future_done(data: Any, lines: dict[Path_, int]) -> list[Problem]:
    """Events marked done that have not begun: today's rule, so only ``check`` applies it."""
    problems = []
    items = data.get("events") if isinstance(data, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or item.get("done") is not True:
            continue
        date = parse_date(item.get("date"))
        late = future_problem(date) if date is not None else None
        if late is not None:
            problems.append(
                Problem(
                    _("marked done, but {problem}").format(problem=late),
                    f"events[{index + 1}].done",
                    line_of(lines, ("events", index, "done")),
                )
            )
    return problems


def _checked(data: Any, lines: dict[Path_, int]) -> tuple[list[Event], list[Problem]]:
    events, problems = parse_calendar(data, lines)
    return events, problems + _future_done(data, lines)


def calendar_path(root: Path) -> Path:
    return root / FILE


def read_calendar(root: Path) -> list[Event]:
    path = calendar_path(root)
    return read_record(path, parse_calendar) if path.exists() else []


def check_calendar(root: Path) -> list[Problem]:
    """Every problem of calendar.yaml, for ``stemeco check``; events done before they begin too."""
    path = calendar_path(root)
    return check_record(path, _checked) if path.exists() else []


@writes
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
    from stemeco.storage.merging import one_line
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
    parsed, problems = _checked({"events": [record]}, {})
    if problems:
        raise ValidationFailed(
            [_as_option(p) for p in problems], summary=_("the event was not added")
        )
    if any(e.id == record["id"] for e in events):
        raise UsageError(
            _("the calendar already has an event '{id}'").format(id=record["id"]),
            hint=_("pass another --id"),
        )
    with edit_yaml(calendar_path(root), header=HEADER) as doc:
        if not isinstance(doc.get("events"), list):
            doc["events"] = to_yaml_value([])
        doc["events"].append(one_line(record))  # see storage.merging
    return parsed[0]


def _as_option(problem: Problem) -> Problem:
    """A problem of a record built from options: ``events[1].end`` -> ``--end``."""
    field = problem.where.split(".", 1)[-1]
    return replace(problem, where=f"--{field.replace('_', '-')}", line=None)


def _find(root: Path, event_id: str) -> Event:
    match = next((e for e in read_calendar(root) if e.id == event_id), None)
    if match is None:
        raise UsageError(
            _("no event '{id}' in {file}").format(id=event_id, file="calendar.yaml"),
            hint=_("see the ids with 'stemeco calendar'"),
        )
    return match


def _item_index(doc: Any, event_id: str) -> int:
    items = doc.get("events") if hasattr(doc, "get") else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and _event_id(item) == event_id:
            return index
    raise UsageError(  # pragma: no cover - read first
        _("no event '{id}' in {file}").format(id=event_id, file="calendar.yaml")
    )


@writes
def mark_done(root: Path, event_id: str, done: bool = True) -> Event:
    """Mark an event done (or not); an event that has not begun cannot be done."""
    from stemeco.storage.roundtrip import edit_yaml

    match = _find(root, event_id)
    late = future_problem(match.date) if done else None
    if late is not None:
        raise UsageError(
            _("'{title}' has not taken place yet: {problem}").format(
                title=match.title, problem=late
            ),
            hint=_(
                "mark it done once it has; if it took place early, move it first with '{command}'"
            ).format(command=f"stemeco calendar edit {event_id} --date YYYY-MM-DD"),
        )
    with edit_yaml(calendar_path(root)) as doc:
        doc["events"][_item_index(doc, event_id)]["done"] = done
    return replace(match, done=done)


#: The order of an event's keys in calendar.yaml.
EVENT_KEYS: tuple[str, ...] = ("id", "title", "date", "end", "kind", "part_of", "done")
#: Keys that an empty value removes (an event without an end date or part).
OPTIONAL_KEYS: tuple[str, ...] = ("end", "part_of")


@writes
def edit_event(root: Path, event_id: str, changes: dict[str, Any]) -> Event:
    """Change some fields of an event in place: comments and the other events are kept.

    ``changes`` maps field to value (None: keep; "" removes ``end`` or
    ``part_of``). The event keeps its id unless ``id`` is given, even when
    its title changes. The changed event is checked like a new one and with
    the rest of the calendar; nothing is written when it breaks a rule.
    """
    from ruamel.yaml.comments import CommentedMap

    from stemeco.storage.roundtrip import delete_entry, edit_yaml, to_yaml_value

    _find(root, event_id)  # refuses a broken file or an unknown id first
    given = {k: v for k, v in changes.items() if v is not None}
    unknown = set(given) - set(EVENT_KEYS)
    if unknown:  # pragma: no cover - the command only passes known fields
        raise UsageError(
            ngettext(
                "unknown event field: {fields}", "unknown event fields: {fields}", len(unknown)
            ).format(fields=", ".join(sorted(unknown)))
        )
    for key, value in given.items():
        if value == "" and key not in OPTIONAL_KEYS:
            raise UsageError(
                _("--{option} is empty").format(option=key.replace("_", "-")),
                hint=_("leave it out to keep the value"),
            )
    if not given:
        raise UsageError(
            _("nothing to change"),
            hint=_("pass --title, --date, --end, --kind, --part-of, --id or --done/--not-done"),
        )
    with edit_yaml(calendar_path(root)) as doc:
        index = _item_index(doc, event_id)
        item: CommentedMap = doc["events"][index]
        record = {**dict(item), "id": _event_id(dict(item))}
        for key, value in given.items():
            if value == "":
                record.pop(key, None)
            else:
                record[key] = value
        others = [i for n, i in enumerate(doc["events"]) if n != index]
        parsed, problems = _checked({"events": [record]}, {})
        if problems:
            raise ValidationFailed(
                [_as_option(p) for p in problems],
                summary=_("nothing was changed in {file}").format(file="calendar.yaml"),
            )
        if any(isinstance(i, dict) and _event_id(i) == record["id"] for i in others):
            raise UsageError(
                _("the calendar already has an event '{id}'").format(id=record["id"]),
                hint=_("pass another --id"),
            )
        for key in EVENT_KEYS:
            if key not in record:
                if key in item:
                    delete_entry(item, key)
            elif key not in item:
                position = sum(1 for k in item if k in EVENT_KEYS[: EVENT_KEYS.index(key)])
                item.insert(position, key, to_yaml_value(record[key]))
            elif item[key] != record[key]:
                item[key] = to_yaml_value(record[key])
    return parsed[0]


@writes
def remove_event(root: Path, event_id: str) -> Event:
    """Take an event off the calendar; the comments of the other events are kept."""
    from stemeco.storage.roundtrip import delete_entry, edit_yaml

    match = _find(root, event_id)
    with edit_yaml(calendar_path(root)) as doc:
        delete_entry(doc["events"], _item_index(doc, event_id))
    return match


def to_ics(events: list[Event], municipality: str, stamp: dt.datetime) -> bytes:
    """An iCalendar file of the events (all-day events; the end day included)."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//stemeco//design calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add(
        "x-wr-calname",
        _("{municipality} STEM ecosystem design calendar").format(municipality=municipality),
    )
    domain = slugify(municipality, fallback="ecosystem")
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.id}@{domain}.stemeco")
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        item.add("dtstart", event.date)
        item.add("dtend", event.last_day + dt.timedelta(days=1))
        item.add("categories", [_(KINDS[event.kind])])
        if event.part_of:
            item.add("description", _("Part of {part}.").format(part=event.part_of))
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

    The sections are named in the current language (a document's, while it is
    rendered); ``title`` is given as it should read. An event lasts from its date
    to its end date, both included; a milestone of one day is drawn as a
    milestone, a longer one as a bar of its length.
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
        lines.append(f"    section {gantt_text(_(section))}")
        for event in chosen:
            days = (event.last_day - event.date).days + 1
            milestone = kind == "milestone" and days == 1
            tags = [t for t, on in (("done", event.done), ("milestone", milestone)) if on]
            length = 0 if milestone else days
            data = [*tags, gantt_id(event.id), event.date.isoformat(), f"{length}d"]
            lines.append(f"    {gantt_label(event.title)} :{', '.join(data)}")
    return "\n".join(lines)
