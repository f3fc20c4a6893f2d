"""Indicators of success (milestone 2): defined, measured, and judged against their targets.

Where they come from:

- Studio IV's ``indicators`` answer (``sessions/studio-4.yaml``). Each gets the
  id :func:`~stemeco.text.slugify` of its name (at most 48 characters); when two names give the
  same slug, the later ones get ``-2``, ``-3`` ... in the order of the answer;
  an empty slug (a name of only symbols) becomes ``indicator-N`` (its position).
- ``indicators/<id>.yaml``: one file per indicator added with
  ``stemeco indicators add`` (the same fields, plus optional ``baseline_date``).

Measurements live in ``measurements/<id>.yaml``, one file per indicator, so that
people recording different indicators at once never touch the same file.

Progress rule (documented in the README): the baseline and target are text;
their first number is used ("38% (2025)" -> 38). Progress is the share of the
way from baseline to target covered by the latest measurement. The expected
value at a date grows in a straight line from the baseline, at the baseline
date (``baseline_date`` when given, else the first measurement's date), to the
target at the target date. An indicator is *on track* when its latest value has
come at least as far as expected at that value's date; *reached* when the
target is met; *missed* when the target date has passed without it. Everything
is computed from the files, never from today's date, so documents are
deterministic.

This module reads with PyYAML only (cheap enough for ``stemeco status``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from stemeco.errors import Problem, ProjectFileError, UsageError, ValidationFailed
from stemeco.i18n import N_, _, formatting, ngettext
from stemeco.storage.lock import writes
from stemeco.storage.read import read_yaml, read_yaml_with_lines
from stemeco.storage.records import refuse
from stemeco.text import (
    date_problem,
    leading_number,
    parse_date,
    parse_number,
    reserved_on_windows,
    slugify,
    valid_id,
)
from stemeco.vocab import PILLARS, label

if TYPE_CHECKING:
    from stemeco.project.folder import Project

FIELDS: tuple[str, ...] = (
    "name",
    "pillar",
    "definition",
    "baseline",
    "target",
    "target_date",
    "data_source",
    "frequency",
    "owner",
)
FREQUENCIES: dict[str, str] = {
    "monthly": N_("Monthly"),
    "quarterly": N_("Quarterly"),
    "twice_yearly": N_("Twice a year"),
    "yearly": N_("Yearly"),
}
INDICATORS_DIR = "indicators"
#: Ids are cut at this length; kept so that existing measurement files keep their names.
ID_LIMIT = 48
MEASUREMENTS_DIR = "measurements"

State = Literal["on_track", "off_track", "reached", "missed", "no_data", "not_numeric"]
STATE_LABELS: dict[str, str] = {
    "on_track": N_("on track"),
    "off_track": N_("off track"),
    "reached": N_("target reached"),
    "missed": N_("target missed"),
    "no_data": N_("not measured yet"),
    "not_numeric": N_("progress not computable"),
}


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    source: str  # "studio-4" or the file of an added indicator, relative to the project
    pillar: str = ""
    definition: str = ""
    baseline: str = ""
    target: str = ""
    target_date: str = ""
    data_source: str = ""
    frequency: str = ""
    owner: str = ""
    baseline_date: str = ""

    @property
    def pillar_label(self) -> str:
        return label(PILLARS, self.pillar)

    @property
    def frequency_label(self) -> str:
        return label(FREQUENCIES, self.frequency)


@dataclass(frozen=True)
class Measurement:
    date: str
    value: int | float
    note: str = ""


@dataclass(frozen=True)
class Progress:
    state: State
    explanation: str
    latest: Measurement | None = None
    baseline: float | None = None
    target: float | None = None
    percent: float | None = None
    expected: float | None = None
    measurements: list[Measurement] = field(default_factory=list)

    @property
    def label(self) -> str:
        return _(STATE_LABELS[self.state])


def _text(value: Any) -> str:
    if value is None or isinstance(value, list | dict):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# --------------------------------------------------------------------------- reading


def studio_indicators(project: Project) -> list[Indicator]:
    """Studio IV's indicators, each with its id (slug of the name, made unique)."""
    raw = project.session("studio-4").answers.get("indicators")
    records = raw if isinstance(raw, list) else []
    out: list[Indicator] = []
    used: set[str] = set()
    for position, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        name = _text(record.get("name")).strip()
        base = slugify(name, limit=ID_LIMIT) or f"indicator-{position}"
        ident, n = base, 1
        while ident in used:
            n += 1
            ident = f"{base}-{n}"
        used.add(ident)
        values = {k: _text(record.get(k)) for k in FIELDS if k != "name"}
        out.append(Indicator(id=ident, name=name or ident, source="studio-4", **values))
    return out


def added_indicators(project: Project) -> list[Indicator]:
    folder = project.root / INDICATORS_DIR
    out = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = read_yaml(path)
        if not isinstance(data, dict):
            raise ProjectFileError(path, _("expected a mapping of indicator fields"), line=1)
        name = _text(data.get("name")).strip()
        if not name:
            lines = read_yaml_with_lines(path)[1]  # to say on which line
            raise ProjectFileError(
                path, _("the indicator has no 'name'"), line=lines.get(("name",), 1)
            )
        values = {k: _text(data.get(k)) for k in (*FIELDS, "baseline_date") if k != "name"}
        out.append(
            Indicator(id=path.stem, name=name, source=f"{INDICATORS_DIR}/{path.name}", **values)
        )
    return out


def all_indicators(project: Project) -> list[Indicator]:
    """Studio IV's indicators first, then the added ones (sorted by id)."""
    studio = studio_indicators(project)
    ids = {i.id for i in studio}
    added = added_indicators(project)
    for indicator in added:
        if indicator.id in ids:
            raise ProjectFileError(
                project.root / indicator.source,
                _("the id '{id}' is already taken by a Studio IV indicator").format(
                    id=indicator.id
                ),
                hint=_("rename the file"),
            )
    return studio + added


def find(project: Project, ident: str) -> Indicator:
    indicators = all_indicators(project)
    for indicator in indicators:
        if indicator.id == ident:
            return indicator
    known = ", ".join(i.id for i in indicators) or _("none yet")
    raise UsageError(
        _("no indicator with id '{id}'").format(id=ident),
        hint=_("the ids are: {ids} (see 'stemeco indicators list')").format(ids=known),
    )


def measurement_path(project: Project, ident: str) -> Path:
    return project.path(MEASUREMENTS_DIR, f"{ident}.yaml")


def read_measurements(project: Project, ident: str) -> list[Measurement]:
    """The measurements of one indicator, oldest first (file order breaks ties)."""
    path = project.root / MEASUREMENTS_DIR / f"{ident}.yaml"
    if not path.is_file():
        return []
    measurements, problems = parse_measurement_file(path)
    if problems:
        refuse(path, problems)
    return measurements


def parse_measurement_file(path: Path) -> tuple[list[Measurement], list[Problem]]:
    """Measurements of a file and its problems (each with its line)."""
    found = _measurements(read_yaml(path), {})
    if found[1]:  # read again, with the map of lines, to say on which line
        found = _measurements(*read_yaml_with_lines(path))
    return found


@cache
def _is_date(value: str) -> bool:
    """Whether ``value`` is a date: a few dates recur in thousands of measurements."""
    return parse_date(value) is not None


def _measurements(
    data: Any, lines: dict[tuple[str | int, ...], int]
) -> tuple[list[Measurement], list[Problem]]:
    if data is None:
        return [], []
    if not isinstance(data, dict):
        return [], [Problem(_("expected a mapping with 'indicator' and 'measurements'"), line=1)]
    raw = data.get("measurements") or []
    if not isinstance(raw, list):
        return [], [Problem(_("must be a list"), "measurements", lines.get(("measurements",)))]
    out: list[Measurement] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw):
        line = lines.get(("measurements", index))
        where = f"measurements[{index + 1}]"
        if not isinstance(item, dict):
            problems.append(Problem(_("expected date, value and note"), where, line))
            continue
        date = item.get("date")
        value = item.get("value")
        if not isinstance(date, str) or not _is_date(date):
            problems.append(Problem(str(date_problem(date)), f"{where}.date", line))
            continue
        if isinstance(value, str):
            try:
                value = parse_number(value)
            except ValueError:
                value = None
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(Problem(_("must be a number"), f"{where}.value", line))
            continue
        out.append(Measurement(date, value, _text(item.get("note"))))
    out.sort(key=lambda m: m.date)
    return out, problems


# --------------------------------------------------------------------------- progress


def progress(indicator: Indicator, measurements: list[Measurement]) -> Progress:
    """How far the indicator has come, by the rule in this module's docstring."""
    ordered = sorted(measurements, key=lambda m: m.date)
    latest = ordered[-1] if ordered else None
    baseline = leading_number(indicator.baseline)
    target = leading_number(indicator.target)
    common: dict[str, Any] = {
        "latest": latest,
        "baseline": baseline,
        "target": target,
        "measurements": ordered,
    }
    if latest is None:
        return Progress("no_data", _("no measurement recorded yet"), **common)
    if baseline is None or target is None:
        message = (
            _("the baseline has no number in it ({value}); latest value {latest}")
            if baseline is None
            else _("the target has no number in it ({value}); latest value {latest}")
        )
        shown = indicator.baseline if baseline is None else indicator.target
        return Progress(
            "not_numeric", message.format(value=repr(shown), latest=_num(latest.value)), **common
        )
    if target == baseline:
        return Progress(
            "not_numeric", _("the target equals the baseline; nothing to progress"), **common
        )
    percent = (latest.value - baseline) / (target - baseline) * 100
    common["percent"] = percent
    rising = target > baseline
    met = latest.value >= target if rising else latest.value <= target
    target_date = parse_date(indicator.target_date)
    if met:
        reached = _("target {target} reached on {date}").format(
            target=_num(target), date=formatting.date(latest.date)
        )
        return Progress("reached", reached, **common)
    if target_date is None:
        return Progress(
            "not_numeric",
            _("{percent}% of the way; the target has no valid date").format(
                percent=f"{percent:.0f}"
            ),
            **common,
        )
    latest_date = parse_date(latest.date)
    assert latest_date is not None
    if latest_date >= target_date:
        return Progress(
            "missed",
            _("target date {date} passed at {value}").format(
                date=formatting.date(indicator.target_date), value=_num(latest.value)
            ),
            **common,
        )
    start = parse_date(indicator.baseline_date) or parse_date(ordered[0].date)
    assert start is not None
    if start >= target_date:
        share = 1.0
    else:
        elapsed = (latest_date - start).days
        share = min(max(elapsed / (target_date - start).days, 0.0), 1.0)
    expected = baseline + (target - baseline) * share
    common["expected"] = expected
    ahead = latest.value >= expected if rising else latest.value <= expected
    state: State = "on_track" if ahead else "off_track"
    return Progress(
        state,
        _("{percent}% of the way; {expected} expected by {date}").format(
            percent=f"{percent:.0f}",
            expected=_num(round(expected, 1)),
            date=formatting.date(latest.date),
        ),
        **common,
    )


def _num(value: float) -> str:
    return formatting.number(value, decimals=1)


def overview(project: Project) -> list[tuple[Indicator, Progress]]:
    return [(i, progress(i, read_measurements(project, i.id))) for i in all_indicators(project)]


# --------------------------------------------------------------------------- line of sight


@dataclass(frozen=True)
class LineOfSight:
    unaddressed_problems: list[str]
    uncovered_pillars: list[str]
    without_source_or_owner: list[str]
    priority_count: int
    action_count: int


def line_of_sight(project: Project, indicators: list[Indicator] | None = None) -> LineOfSight:
    s3 = project.session("studio-3").answers
    s4 = project.session("studio-4").answers
    priorities = [p for p in s3.get("priority_problems") or [] if isinstance(p, str)]
    actions = [a for a in s4.get("actions") or [] if isinstance(a, dict)]
    addressed = {a.get("problem") for a in actions}
    indicators = all_indicators(project) if indicators is None else indicators
    covered = {i.pillar for i in indicators}
    pillars: list[str] = []
    for action in actions:
        pillar = action.get("pillar")
        if isinstance(pillar, str) and pillar not in covered and pillar not in pillars:
            pillars.append(pillar)
    lacking = [i.id for i in indicators if not i.data_source.strip() or not i.owner.strip()]
    return LineOfSight(
        [p for p in priorities if p not in addressed],
        pillars,
        lacking,
        len(priorities),
        len(actions),
    )


# --------------------------------------------------------------------------- writing


@writes
def record_measurement(
    project: Project, ident: str, value_text: str, date: str, note: str = ""
) -> tuple[Indicator, Measurement, Path]:
    """Append one measurement to ``measurements/<id>.yaml`` (comments kept, atomic)."""
    indicator = find(project, ident)
    try:
        value = parse_number(value_text)
    except ValueError as exc:
        raise UsageError(
            _("{problem}: a measurement is a number").format(problem=exc),
            hint=_("e.g. 42, 37.5 or 38%"),
        ) from None
    if "\n" in note or "\r" in note:
        raise UsageError(_("--note must be one line"))
    read_measurements(project, indicator.id)  # a broken file is refused before it changes
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from stemeco.storage.merging import one_line
    from stemeco.storage.roundtrip import edit_yaml, to_yaml_value

    path = measurement_path(project, indicator.id)
    header = (
        f"Measurements of the indicator '{indicator.name}'.\n"
        "Add more with 'stemeco indicators record'; comments you add here are kept."
    )
    with edit_yaml(path, header=header) as doc:
        if not hasattr(doc, "insert"):
            raise ProjectFileError(
                path, _("expected a mapping with 'indicator' and 'measurements'")
            )
        if "indicator" not in doc:
            doc.insert(0, "indicator", to_yaml_value(indicator.id))
        seq = doc.get("measurements")
        if seq is None:
            seq = CommentedSeq()
            doc["measurements"] = seq
        if not isinstance(seq, list):
            raise ProjectFileError(
                path, _("'measurements' must be a list"), hint=_("fix it by hand")
            )
        entry = CommentedMap()
        entry["date"] = to_yaml_value(date)
        entry["value"] = value
        if note:
            entry["note"] = to_yaml_value(note)
        seq.append(one_line(entry))  # see storage.merging
    return indicator, Measurement(date, value, note), path


def _checked_fields(
    project: Project, values: Mapping[str, str | None], *, required: tuple[str, ...]
) -> tuple[dict[str, Any], list[Problem]]:
    """The given fields of an added indicator, each checked as Studio IV checks it.

    ``None`` or "" means not given; ``required`` fields must be given. A
    baseline date after the target date is refused.
    """
    from stemeco.studios.values import check_value, parse_input

    studio = project.studio("studio-4")
    step = studio.step("indicators")
    problems: list[Problem] = []
    record: dict[str, Any] = {}
    for key in (*FIELDS, "baseline_date"):
        raw = values.get(key)
        option = f"--{key.replace('_', '-')}"
        if raw is None or raw == "":
            if key in required:
                problems.append(Problem(_("is required"), option))
            continue
        if key == "baseline_date":
            if parse_date(raw) is None:
                problems.append(Problem(str(date_problem(raw)), option))
            record[key] = raw
            continue
        fld = step.field(key) if step is not None else None
        if fld is None:
            record[key] = raw
            continue
        try:
            value = parse_input(fld, raw, fld.choices)
        except ValueError as exc:
            problems.append(Problem(str(exc), option))
            continue
        for message in check_value(fld, value, fld.choices):
            problems.append(Problem(message, option))
        record[key] = value
    return record, problems


def _date_order(fields: Mapping[str, Any]) -> list[Problem]:
    """A target date before the baseline date makes no sense."""
    baseline_date, target_date = fields.get("baseline_date", ""), fields.get("target_date", "")
    start, end = parse_date(baseline_date), parse_date(target_date)
    if start is not None and end is not None and end < start:
        return [
            Problem(
                _("{target_date} is before the baseline date ({baseline_date})").format(
                    target_date=target_date, baseline_date=baseline_date
                ),
                "--target-date",
            )
        ]
    return []


@writes
def add_indicator(project: Project, values: Mapping[str, str | None], ident: str | None) -> Path:
    """Write ``indicators/<id>.yaml`` after checking every value like Studio IV does."""
    record, problems = _checked_fields(project, values, required=("name", "pillar"))
    problems += _date_order(record)
    ident = ident if ident is not None else slugify(str(values.get("name") or ""), limit=ID_LIMIT)
    if not problems and not valid_id(ident):
        problems.append(
            Problem(
                _("'{id}' is not a usable id; use letters, digits and dashes").format(id=ident),
                "--id",
            )
        )
    elif not problems and reserved_on_windows(ident):  # slugify never makes one
        problems.append(
            Problem(
                _("Windows cannot have a file '{file}': choose another").format(
                    file=f"{ident}.yaml"
                ),
                "--id",
            )
        )
    if problems:
        raise ValidationFailed(
            problems,
            summary=ngettext(
                "{count} problem; no indicator was added",
                "{count} problems; no indicator was added",
                len(problems),
            ).format(count=len(problems)),
        )
    if any(i.id == ident for i in all_indicators(project)):
        raise UsageError(
            _("an indicator with id '{id}' exists already").format(id=ident),
            hint=_("choose another name or pass --id"),
        )
    from stemeco.storage.roundtrip import write_new_yaml

    path = project.path(INDICATORS_DIR, f"{ident}.yaml")
    write_new_yaml(
        path,
        record,
        header="An indicator of success added with 'stemeco indicators add'.\n"
        "Edit by hand if needed; comments you add here are kept by stemeco.",
    )
    return path


def _added(project: Project, ident: str, *, removing: bool = False) -> Indicator:
    """The added indicator ``ident``; a Studio IV indicator is refused: it lives in the studio."""
    indicator = find(project, ident)
    if indicator.source == "studio-4":
        refusal = (
            _("'{id}' is one of Studio IV's indicators, so it cannot be removed here")
            if removing
            else _("'{id}' is one of Studio IV's indicators, so it cannot be edited here")
        )
        raise UsageError(
            refusal.format(id=ident),
            hint=_("change Studio IV's indicators in the studio: {command}").format(
                command="stemeco studio run 4 --step indicators"
            ),
        )
    return indicator


@writes
def edit_indicator(project: Project, ident: str, values: Mapping[str, str | None]) -> Path:
    """Change fields of an added indicator in ``indicators/<id>.yaml`` (comments kept).

    Options left out (None) keep their value, "" empties an optional field; the
    id (and so the file and its measurements) stays the same when the name changes.
    """
    from stemeco.storage.roundtrip import delete_entry, edit_yaml, to_yaml_value

    indicator = _added(project, ident)
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise UsageError(
            _("nothing to change"), hint=_("pass the fields to change, e.g. --owner or --target")
        )
    problems = [
        Problem(_("cannot be emptied"), f"--{k.replace('_', '-')}")
        for k, v in given.items()
        if v == "" and k in ("name", "pillar")
    ]
    record, found = _checked_fields(project, given, required=())
    problems += found

    def after(key: str) -> str:
        return str(record.get(key, "")) if key in given else str(getattr(indicator, key))

    problems += _date_order({key: after(key) for key in ("baseline_date", "target_date")})
    if problems:
        raise ValidationFailed(
            problems,
            summary=ngettext(
                "{count} problem; nothing was changed in {file}",
                "{count} problems; nothing was changed in {file}",
                len(problems),
            ).format(count=len(problems), file=indicator.source),
        )
    path = project.path(*indicator.source.split("/"))
    with edit_yaml(path) as doc:
        for key in (*FIELDS, "baseline_date"):
            if key not in given:
                continue
            if given[key] == "":
                if key in doc:
                    delete_entry(doc, key)
            elif key in doc:
                doc[key] = to_yaml_value(record[key])
            else:
                order = (*FIELDS, "baseline_date")
                position = sum(1 for k in doc if k in order[: order.index(key)])
                doc.insert(position, key, to_yaml_value(record[key]))
    return path


@writes
def remove_indicator(
    project: Project, ident: str, *, with_measurements: bool = False
) -> list[Path]:
    """Delete an added indicator; its measurements too only when asked (they are refused
    otherwise). Returns the files deleted."""
    from stemeco.storage.files import remove_file

    indicator = _added(project, ident, removing=True)
    measured = read_measurements(project, indicator.id)
    if measured and not with_measurements:
        raise UsageError(
            ngettext(
                "'{id}' has {count} measurement in {file}; nothing was removed",
                "'{id}' has {count} measurements in {file}; nothing was removed",
                len(measured),
            ).format(id=ident, count=len(measured), file=f"{MEASUREMENTS_DIR}/{indicator.id}.yaml"),
            hint=ngettext(
                "pass --with-measurements to delete it too",
                "pass --with-measurements to delete them too",
                len(measured),
            ),
        )
    deleted = [project.path(*indicator.source.split("/"))]
    measurements = project.root / MEASUREMENTS_DIR / f"{indicator.id}.yaml"
    if measurements.is_file():
        deleted.append(measurements)
    for path in deleted:  # the indicator first: a refusal then leaves the data behind
        remove_file(path)
    return deleted
