"""Answers and their rules: checking a value against a step, parsing what a person typed.

:class:`AnswerContext` resolves references to earlier answers and project data
(conditions, defaults, choices taken from answers). Nothing here prints,
prompts or writes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from stemeco.studios.definition import Choice, Step, is_answered
from stemeco.text import date_problem, parse_date, parse_number

YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0"}


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
        problems.append(f"give at least {_num(step.min)} {noun}")
    if step.max is not None and count > float(step.max):
        problems.append(f"give at most {_num(step.max)} {noun}")
    return problems


def _num(value: float | str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_value(step: Step, value: Any, choices: Sequence[Choice] | None = None) -> list[str]:
    """Problems with ``value`` as an answer to ``step`` (empty when it is fine)."""
    if not is_answered(value):
        return ["an answer is required"] if step.required else []
    allowed = {c.value for c in (step.choices if choices is None else choices)}
    kind = step.type
    if kind in ("text", "longtext"):
        if not isinstance(value, str):
            return [f"expected text, got {_kind_of(value)} (put the value in quotes)"]
        if kind == "text" and ("\n" in value or "\r" in value):
            return ["must be a single line"]
        problems = _count_rule(step, len(value), "characters")
        if step.pattern and not re.fullmatch(step.pattern, value):
            problems.append(f"does not match the pattern {step.pattern}")
        return problems
    if kind == "choice":
        if not isinstance(value, str):
            return [f"expected one choice, got {_kind_of(value)}"]
        if value not in allowed:
            return [f"'{value}' is not one of the choices: {', '.join(sorted(allowed)) or 'none'}"]
        return []
    if kind == "multichoice":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [f"expected a list of choices, got {_kind_of(value)}"]
        bad = [v for v in value if v not in allowed]
        if bad:
            return [f"not among the choices: {', '.join(bad)}"]
        if len(set(value)) != len(value):
            return ["a choice is listed twice"]
        return _count_rule(step, len(value), "choices")
    if kind == "yesno":
        return [] if isinstance(value, bool) else [f"expected yes or no, got {_kind_of(value)}"]
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            return [f"expected a number, got {_kind_of(value)}"]
        problems = []
        if step.integer and not float(value).is_integer():
            problems.append("must be a whole number")
        if step.min is not None and value < float(step.min):
            problems.append(f"must be at least {_num(step.min)}")
        if step.max is not None and value > float(step.max):
            problems.append(f"must be at most {_num(step.max)}")
        return problems
    if kind == "date":
        if not isinstance(value, str):
            return [f"expected a date as YYYY-MM-DD, got {_kind_of(value)}"]
        problem = date_problem(value)
        if problem is not None:
            return [problem]
        problems = []
        if isinstance(step.min, str) and value < step.min:
            problems.append(f"must be on or after {step.min}")
        if isinstance(step.max, str) and value > step.max:
            problems.append(f"must be on or before {step.max}")
        return problems
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [f"expected a list of short text items, got {_kind_of(value)}"]
        if any("\n" in v or not v.strip() for v in value):
            return ["each item must be one non-empty line"]
        return _count_rule(step, len(value), "items")
    return _check_records(step, value)


def _check_records(step: Step, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        return [f"expected a list of records, got {_kind_of(value)}"]
    problems = _count_rule(step, len(value), "records")
    names = {f.id for f in step.fields}
    for index, record in enumerate(value, start=1):
        for key in record:
            if key not in names:
                problems.append(f"record {index}: unknown field '{key}'")
        for fld in step.fields:
            if not step.field_applies(fld, record):
                continue  # its condition on an earlier field of the record does not hold
            choices = None if fld.choices_from is None else _record_choices(fld, record)
            for message in check_value(fld, record.get(fld.id), choices):
                problems.append(f"record {index}: {fld.id}: {message}")
        problems.extend(f"record {index}: {m}" for m in order_problems(step, record))
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
                f"{then}: {_shown(shown_late)} comes before {first} ({_shown(shown_early)})"
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
        return "yes/no"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"text {value!r}"
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
                            f"record {index}: {fld.id}: '{item}' is not one of: "
                            + (", ".join(sorted(allowed)) or "no choices yet")
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
            raise ValueError(f"expected text, got {_kind_of(raw)}")
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
        raise ValueError(f"answer yes or no, not {raw!r}")
    if kind == "number":
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        return parse_number(str(raw))
    if kind == "list":
        if isinstance(raw, list):
            return [str(item) for item in raw]
        return [line.strip() for line in str(raw).splitlines() if line.strip()]
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise ValueError("expected a list of records (mappings of field to value)")
    records = []
    for index, record in enumerate(raw, start=1):
        parsed: dict[str, Any] = {}
        for key, item in record.items():
            fld = step.field(str(key))
            if fld is None:
                raise ValueError(f"record {index}: unknown field '{key}'")
            try:
                parsed[fld.id] = parse_input(fld, item, None if fld.choices_from else fld.choices)
            except ValueError as exc:
                raise ValueError(f"record {index}: {fld.id}: {exc}") from None
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
    raise ValueError(f"'{wanted}' is not one of the choices: {listed}")


def format_value(step: Step, value: Any, choices: Sequence[Choice] | None = None) -> str:
    """A one-line summary of an answer, for the review screen and listings."""
    if not is_answered(value):
        return "(no answer)"
    labels = {c.value: c.label for c in (step.choices if choices is None else choices)}
    if step.type == "choice":
        return labels.get(value, str(value))
    if step.type == "multichoice":
        return ", ".join(labels.get(v, str(v)) for v in value)
    if step.type == "yesno":
        return "yes" if value else "no"
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
        return f"{len(value)} record(s): " + "; ".join(names)
    text = str(value)
    return text if "\n" not in text else text.replace("\n", " / ")
