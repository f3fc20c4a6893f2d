"""The four launches (milestones 3 and 4), kept in ``launches.yaml``.

The ecosystem is launched softly (a first public step, often with quick wins)
and then hard (the blueprint announced to the whole community); so is its
first piece of work. Each launch has a date, an audience, what is announced,
who speaks and whether it is done. Reads use PyYAML only.

Dates make sense (:func:`date_rules`): a launch marked done is not dated in
the future (:func:`stemeco.text.future_problem`, the one rule for "the future"),
and a hard launch is not planned before its soft launch. History may be odd:
when both launches of a pair are done, a hard launch that came first is
recorded with a note rather than refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from stemeco.errors import Problem, UsageError
from stemeco.i18n import N_, _
from stemeco.storage.lock import writes
from stemeco.storage.read import line_of, read_yaml_with_lines
from stemeco.storage.records import refuse
from stemeco.text import date_problem, future_problem, parse_date, require_date

if TYPE_CHECKING:
    from stemeco.project.folder import Project

FILE = "launches.yaml"

#: kind -> (milestone, label in English; :attr:`Launch.label` is in the project's language)
KINDS: dict[str, tuple[int, str]] = {
    "ecosystem-soft": (3, N_("Soft launch of the ecosystem")),
    "ecosystem-hard": (3, N_("Hard launch of the ecosystem")),
    "work-soft": (4, N_("Soft launch of the first work")),
    "work-hard": (4, N_("Hard launch of the first work")),
}
FIELDS = ("date", "audience", "announcement", "speakers", "done")
#: hard launch -> the soft launch that comes before it
SOFT_BEFORE: dict[str, str] = {"ecosystem-hard": "ecosystem-soft", "work-hard": "work-soft"}


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
        return _(KINDS[self.kind][1])

    @property
    def planned(self) -> bool:
        return bool(self.date)

    @property
    def day(self) -> Any:
        """The date as a ``datetime.date`` (None when not planned or not a date)."""
        return parse_date(self.date) if self.date else None


@dataclass(frozen=True)
class DateRule:
    """A launch date that does not make sense: refused, or (odd history) only noted."""

    kinds: tuple[str, ...]  # the launches it is about; the first is the one to fix
    message: str  # as check says it, about the file
    refused: bool = True
    refusal: str = ""  # as a command says it, when it differs


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def date_rules(launches: Mapping[str, Launch]) -> list[DateRule]:
    """The date rules of the launches: done in the future, hard before soft."""
    rules = []
    for kind, launch in launches.items():
        day = launch.day
        if launch.done and day is not None:
            problem = future_problem(day)
            if problem is not None:
                rules.append(
                    DateRule(
                        (kind,),
                        _("marked done, but {problem}").format(problem=problem),
                        refusal=_("the {launch} cannot be marked done: {problem}").format(
                            launch=_lower(launch.label), problem=problem
                        ),
                    )
                )
    for hard_kind, soft_kind in SOFT_BEFORE.items():
        hard, soft = launches.get(hard_kind), launches.get(soft_kind)
        if hard is None or soft is None or hard.day is None or soft.day is None:
            continue
        if hard.day >= soft.day:
            continue
        history = hard.done and soft.done
        message = (
            _("the {launch} ({date}) came before its soft launch ({soft_date})")
            if history
            else _("the {launch} ({date}) is planned before its soft launch ({soft_date})")
        )
        rules.append(
            DateRule(
                (hard_kind, soft_kind),
                message.format(launch=_lower(hard.label), date=hard.date, soft_date=soft.date),
                refused=not history,
            )
        )
    return rules


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise UsageError(
            _("no launch '{kind}'").format(kind=kind),
            hint=_("the launches are: {kinds}").format(kinds=", ".join(KINDS)),
        )
    return kind


def _problems(data: Any, lines: dict[tuple[str | int, ...], int]) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [Problem(_("expected a mapping of launch kind to its details"), line=1)]
    for kind, item in data.items():
        line = lines.get((kind,))
        if kind not in KINDS:
            problems.append(
                Problem(
                    _("unknown launch '{kind}'; use {kinds}").format(
                        kind=kind, kinds=", ".join(KINDS)
                    ),
                    line=line,
                )
            )
            continue
        if item is None:
            continue
        if not isinstance(item, dict):
            problems.append(
                Problem(_("expected date, audience, announcement, speakers, done"), kind, line)
            )
            continue
        for key in item:
            if key not in FIELDS:
                problems.append(
                    Problem(_("unknown field"), f"{kind}.{key}", lines.get((kind, key), line))
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
                Problem(
                    _("a list of names"), f"{kind}.speakers", lines.get((kind, "speakers"), line)
                )
            )
        if item.get("done") is not None and not isinstance(item.get("done"), bool):
            problems.append(
                Problem(_("true or false"), f"{kind}.done", lines.get((kind, "done"), line))
            )
    return problems


def file_problems(project: Project) -> list[Problem]:
    """Every problem of launches.yaml: its fields, and the date rules (:func:`date_rules`)."""
    path = project.root / FILE
    if not path.is_file():
        return []
    data, lines = read_yaml_with_lines(path)
    if data is None:
        return []
    problems = _problems(data, lines)
    if problems:
        return problems
    for rule in date_rules(read_launches(project)):
        if rule.refused:
            kind = rule.kinds[0]
            problems.append(Problem(rule.message, kind, line_of(lines, (kind, "date"))))
    return problems


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


@writes
def set_launch(project: Project, kind: str, changes: dict[str, Any]) -> tuple[Launch, list[str]]:
    """Set some fields of one launch in launches.yaml (comments kept, atomic).

    Refuses dates that do not make sense (:func:`date_rules`) and writes
    nothing then; returns the launch and the notes on odd but possible history.
    """
    check_kind(kind)
    current = read_launches(project)  # refuse a broken file before changing anything
    changes = dict(changes)
    if changes.get("date") is not None:
        changes["date"] = require_date(changes["date"], "--date").isoformat()
    for key in ("audience", "announcement"):
        text = changes.get(key)
        if isinstance(text, str) and not text.strip():
            raise UsageError(
                _("--{option} is empty").format(option=key),
                hint=_("leave the option out to keep the value"),
            )
    notes = _check_dates(current, kind, changes)
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
    return read_launches(project)[kind], notes


def _check_dates(current: Mapping[str, Launch], kind: str, changes: Mapping[str, Any]) -> list[str]:
    """Refuse the change when it breaks a date rule about ``kind``; the notes it earns."""
    given = {k: v for k, v in changes.items() if v is not None and k in ("date", "done")}
    after = replace(current[kind], **given)
    if after.done and not after.date:
        raise UsageError(
            _("the {launch} has no date: a launch that took place needs one").format(
                launch=_lower(after.label)
            ),
            hint=_("add --date YYYY-MM-DD, the day it took place"),
        )
    rules = [r for r in date_rules({**current, kind: after}) if kind in r.kinds]
    refused = [r for r in rules if r.refused]
    if refused:
        rule = refused[0]
        if len(rule.kinds) == 1:
            hint = _("mark it done once it has taken place, or give the day it did with --date")
        else:
            hint = _("plan the soft launch first, or move one of the dates")
        raise UsageError(
            _("{problem}; nothing was changed").format(problem=rule.refusal or rule.message),
            hint=hint,
        )
    return [r.message for r in rules]
