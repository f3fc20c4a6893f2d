"""Answers and their rules: checking a value against a step, parsing what a person typed.

:class:`AnswerContext` resolves references to earlier answers and project data
(conditions, defaults, choices taken from answers). Nothing here prints,
prompts or writes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from stemeco.i18n import _, ngettext
from stemeco.studios.definition import Choice, Step, is_answered
from stemeco.text import date_problem, parse_date, parse_number

#: What a yes/no answer may be written as, in every language stemeco speaks.
YES = {"y", "yes", "true", "1", "s", "si", "sí", "כן"}
NO = {"n", "no", "false", "0", "לא"}
#: What a step's min/max counts, for "give at least {count} ..." and "give at most ...".
AT_LEAST: dict[str, Callable[[int], str]] = {
    "characters": lambda n: ngettext(
        "give at least {count} character", "give at least {count} characters", n
    ),
    "choices": lambda n: ngettext(
        "give at least {count} choice", "give at least {count} choices", n
    ),
    "items": lambda n: ngettext("give at least {count} item", "give at least {count} items", n),
    "records": lambda n: ngettext(
        "give at least {count} record", "give at least {count} records", n
    ),
}
AT_MOST: dict[str, Callable[[int], str]] = {
    "characters": lambda n: ngettext(
        "give at most {count} character", "give at most {count} characters", n
    ),
    "choices": lambda n: ngettext("give at most {count} choice", "give at most {count} choices", n),
    "items": lambda n: ngettext("give at most {count} item", "give at most {count} items", n),
    "records": lambda n: ngettext("give at most {count} record", "give at most {count} records", n),
}


class AnswerContext:
    """Answers of every session, for conditions, defaults and choices taken from answers."""

    def __init__(
        self,
        current: str,
        answers: Mapping[str, Mapping[str, Any]],
        providers: Mapping[str, Any] | None = None,
    ) -> None:
        self.current = current
        self.answers = answers
        self.providers = providers or {}

    def lookup(self, ref: str) -> Any:
        """Resolve ``step``, ``step.field``, ``studio-N.step[.field]`` or ``project:name``."""
        if ref.startswith("project:"):
            return self.providers.get(ref.removeprefix("project:"))
        parts = ref.split(".")
        session = self.current
        if parts[0] in self.answers and parts[0] != self.current or "-" in parts[0]:
            session, parts = parts[0], parts[1:]
        value: Any = self.answers.get(session, {}).get(parts[0]) if parts else None
        if len(parts) > 1:
            records = value if isinstance(value, list) else []
            return [
                r.get(parts[1])
                for r in records
                if isinstance(r, dict) and is_answered(r.get(parts[1]))
            ]
        return value

    def applies(self, step: Step) -> bool:
        return step.when is None or step.when.holds(self.lookup(step.when.step))

    def choices(self, step: Step) -> tuple[Choice, ...]:
        if step.choices_from is None:
            return step.choices
        found = self.lookup(step.choices_from)
        items = found if isinstance(found, list) else []
        seen: dict[str, Choice] = {}
        for item in items:
            if isinstance(item, str) and item not in seen:
                seen[item] = Choice(item, item)
        return tuple(seen.values())

    def default(self, step: Step) -> Any:
        if step.default_from:
            found = self.lookup(step.default_from)
            if is_answered(found):
                return found
        return step.default


def _count_rule(step: Step, count: int, noun: str) -> list[str]:
    problems = []
    if step.min is not None and count < float(step.min):
        problems.append(AT_LEAST[noun](_whole(step.min)).format(count=_num(step.min)))
    if step.max is not None and count > float(step.max):
        problems.append(AT_MOST[noun](_whole(step.max)).format(count=_num(step.max)))
    return problems


def _whole(bound: float | str) -> int:
    """The count a bound stands for, to choose the plural form (a fraction is plural)."""
    number = float(bound)
    return int(number) if number.is_integer() else 2


def _num(value: float | str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_value(step: Step, value: Any, choices: Sequence[Choice] | None = None) -> list[str]:
    """Problems with ``value`` as an answer to ``step`` (empty when it is fine)."""
    if not is_answered(value):
        return [_("an answer is required")] if step.required else []
    allowed = {c.value for c in (step.choices if choices is None else choices)}
    kind = step.type
    if kind in ("text", "longtext"):
        if not isinstance(value, str):
            return [
                _("expected text, got {value} (put the value in quotes)").format(
                    value=_kind_of(value)
                )
            ]
        if kind == "text" and ("\n" in value or "\r" in value):
            return [_("must be a single line")]
        problems = _count_rule(step, len(value), "characters")
        if step.pattern and not re.fullmatch(step.pattern, value):
            problems.append(_("does not match the pattern {pattern}").format(pattern=step.pattern))
        return problems
    if kind == "choice":
        if not isinstance(value, str):
            return [_("expected one choice, got {value}").format(value=_kind_of(value))]
        if value not in allowed:
            return [
                _("'{value}' is not one of the choices: {choices}").format(
                    value=value, choices=", ".join(sorted(allowed)) or _("none")
                )
            ]
        return []
    if kind == "multichoice":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [_("expected a list of choices, got {value}").format(value=_kind_of(value))]
        bad = [v for v in value if v not in allowed]
        if bad:
            return [_("not among the choices: {values}").format(values=", ".join(bad))]
        if len(set(value)) != len(value):
            return [_("a choice is listed twice")]
        return _count_rule(step, len(value), "choices")
    if kind == "yesno":
        if isinstance(value, bool):
            return []
        return [_("expected yes or no, got {value}").format(value=_kind_of(value))]
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            return [_("expected a number, got {value}").format(value=_kind_of(value))]
        problems = []
        if step.integer and not float(value).is_integer():
            problems.append(_("must be a whole number"))
        if step.min is not None and value < float(step.min):
            problems.append(_("must be at least {minimum}").format(minimum=_num(step.min)))
        if step.max is not None and value > float(step.max):
            problems.append(_("must be at most {maximum}").format(maximum=_num(step.max)))
        return problems
    if kind == "date":
        if not isinstance(value, str):
            return [_("expected a date as YYYY-MM-DD, got {value}").format(value=_kind_of(value))]
        problem = date_problem(value)
        if problem is not None:
            return [problem]
        problems = []
        if isinstance(step.min, str) and value < step.min:
            problems.append(_("must be on or after {date}").format(date=step.min))
        if isinstance(step.max, str) and value > step.max:
            problems.append(_("must be on or before {date}").format(date=step.max))
        return problems
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [
                _("expected a list of short text items, got {value}").format(value=_kind_of(value))
            ]
        if any("\n" in v or not v.strip() for v in value):
            return [_("each item must be one non-empty line")]
        return _count_rule(step, len(value), "items")
    return _check_records(step, value)


def _check_records(step: Step, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        return [_("expected a list of records, got {value}").format(value=_kind_of(value))]
    problems = _count_rule(step, len(value), "records")
    names = {f.id for f in step.fields}
    for index, record in enumerate(value, start=1):
        for key in record:
            if key not in names:
                problems.append(
                    _("record {number}: unknown field '{field}'").format(number=index, field=key)
                )
        for fld in step.fields:
            if not step.field_applies(fld, record):
                continue  # its condition on an earlier field of the record does not hold
            choices = None if fld.choices_from is None else _record_choices(fld, record)
            for message in check_value(fld, record.get(fld.id), choices):
                problems.append(
                    _("record {number}: {field}: {problem}").format(
                        number=index, field=fld.id, problem=message
                    )
                )
        problems.extend(
            _("record {number}: {problem}").format(number=index, problem=m)
            for m in order_problems(step, record)
        )
    return problems


def order_problems(step: Step, record: Mapping[str, Any]) -> list[str]:
    """The step's ``order`` rule for one record: ``end`` may not come before ``start``.

    Fields left empty or not valid (reported on their own) are passed over.
    """
    known: list[tuple[str, Any, Any]] = []  # field, comparable value, value as written
    for name in step.order:
        fld = step.field(name)
        value = record.get(name)
        if fld is None or not is_answered(value) or check_value(fld, value):
            continue
        key = parse_date(value) if fld.type == "date" else value
        if key is not None:
            known.append((name, key, value))
    problems = []
    for (first, early, shown_early), (then, late, shown_late) in zip(
        known, known[1:], strict=False
    ):
        if late < early:
            problems.append(
                _("{field}: {value} comes before {other} ({other_value})").format(
                    field=then,
                    value=_shown(shown_late),
                    other=first,
                    other_value=_shown(shown_early),
                )
            )
    return problems


def _shown(value: Any) -> str:
    return _num(float(value)) if isinstance(value, int | float) else str(value)


def _record_choices(fld: Step, record: Mapping[str, Any]) -> tuple[Choice, ...]:
    # Choices taken from other answers are checked by the caller with a context;
    # inside a record, accept the value given so that the record itself is judged.
    value = record.get(fld.id)
    values = value if isinstance(value, list) else [value]
    return tuple(Choice(str(v), str(v)) for v in values if isinstance(v, str))


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes/no")
    if isinstance(value, int | float):
        return _("the number {value}").format(value=value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, str):
        return _("text {value}").format(value=repr(value))
    return type(value).__name__


def check_in_context(step: Step, value: Any, ctx: AnswerContext) -> list[str]:
    """check_value, with choices that come from other answers resolved."""
    problems = check_value(step, value, ctx.choices(step))
    if step.type == "records" and isinstance(value, list):
        for fld in step.fields:
            if fld.choices_from is None:
                continue
            allowed = {c.value for c in ctx.choices(fld)}
            for index, record in enumerate(value, start=1):
                got = record.get(fld.id) if isinstance(record, dict) else None
                picked = got if isinstance(got, list) else [got]
                for item in picked:
                    if is_answered(item) and item not in allowed:
                        problems.append(
                            _(
                                "record {number}: {field}: '{value}' is not one of: {choices}"
                            ).format(
                                number=index,
                                field=fld.id,
                                value=item,
                                choices=", ".join(sorted(allowed)) or _("no choices yet"),
                            )
                        )
    return problems


def parse_input(step: Step, raw: Any, choices: Sequence[Choice] | None = None) -> Any:
    """Turn typed text (or text from an answers file) into the stored value.

    Raises ValueError with a message meant for the person who typed it.
    """
    options = step.choices if choices is None else choices
    kind = step.type
    if raw is None:
        return None
    if kind in ("text", "longtext", "date"):
        if not isinstance(raw, str):
            raise ValueError(_("expected text, got {value}").format(value=_kind_of(raw)))
        return raw
    if kind == "choice":
        return _match_choice(str(raw), options)
    if kind == "multichoice":
        items = raw if isinstance(raw, list) else [p for p in str(raw).split(",") if p.strip()]
        return [_match_choice(str(item), options) for item in items]
    if kind == "yesno":
        text = str(raw).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("answer yes or no, not {value}").format(value=repr(raw)))
    if kind == "number":
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        return parse_number(str(raw))
    if kind == "list":
        if isinstance(raw, list):
            return [str(item) for item in raw]
        return [line.strip() for line in str(raw).splitlines() if line.strip()]
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise ValueError(_("expected a list of records (mappings of field to value)"))
    records = []
    for index, record in enumerate(raw, start=1):
        parsed: dict[str, Any] = {}
        for key, item in record.items():
            fld = step.field(str(key))
            if fld is None:
                raise ValueError(
                    _("record {number}: unknown field '{field}'").format(number=index, field=key)
                )
            try:
                parsed[fld.id] = parse_input(fld, item, None if fld.choices_from else fld.choices)
            except ValueError as exc:
                raise ValueError(
                    _("record {number}: {field}: {problem}").format(
                        number=index, field=fld.id, problem=exc
                    )
                ) from None
        records.append({f.id: parsed[f.id] for f in step.fields if f.id in parsed})
    return records


def _match_choice(text: str, options: Sequence[Choice]) -> str:
    wanted = text.strip()
    for choice in options:
        if wanted == choice.value:
            return choice.value
    folded = wanted.casefold()
    for choice in options:
        if folded in (choice.value.casefold(), choice.label.casefold()):
            return choice.value
    if not options:
        return wanted
    listed = ", ".join(c.value for c in options)
    raise ValueError(
        _("'{value}' is not one of the choices: {choices}").format(value=wanted, choices=listed)
    )


def format_value(step: Step, value: Any, choices: Sequence[Choice] | None = None) -> str:
    """A one-line summary of an answer, for the review screen and listings."""
    if not is_answered(value):
        return _("(no answer)")
    labels = {c.value: c.label for c in (step.choices if choices is None else choices)}
    if step.type == "choice":
        return labels.get(value, str(value))
    if step.type == "multichoice":
        return ", ".join(labels.get(v, str(v)) for v in value)
    if step.type == "yesno":
        return _("yes") if value else _("no")
    if step.type == "list":
        return "; ".join(value)
    if step.type == "records":
        key = step.label or (step.fields[0].id if step.fields else "")
        named_by = step.field(key)
        names = [
            format_value(named_by, r.get(key)) if named_by else "?"
            for r in value
            if isinstance(r, dict)
        ]
        count = ngettext("{count} record", "{count} records", len(value)).format(count=len(value))
        return _("{count}: {names}").format(count=count, names="; ".join(names))
    text = str(value)
    return text if "\n" not in text else text.replace("\n", " / ")
