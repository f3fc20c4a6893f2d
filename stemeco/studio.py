"""Studio definitions: the model of a guided session and the rules of its steps.

A definition is a YAML file (format: ``studios/SCHEMA.md``). This module turns
it into frozen dataclasses, checks a value against a step's rules, and parses
the text a person typed (or wrote in an ``--answers`` file) into the value
that is stored. It prints nothing and prompts for nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

from stemeco.errors import ValidationFailed
from stemeco.vocab import VOCABULARIES
from stemeco.yamlio import line_of, read_yaml, read_yaml_with_lines

StepType = Literal[
    "text", "longtext", "choice", "multichoice", "yesno", "number", "date", "list", "records"
]
STEP_TYPES: tuple[str, ...] = get_args(StepType)
ConditionOp = Literal["equals", "not_equals", "in", "includes", "answered"]
CONDITION_OPS: tuple[str, ...] = get_args(ConditionOp)

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
SESSION_ID_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0"}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Condition:
    step: str
    op: ConditionOp
    value: Any = None

    def holds(self, answer: Any) -> bool:
        if self.op == "answered":
            return is_answered(answer) == bool(self.value)
        if self.op == "equals":
            return bool(answer == self.value)
        if self.op == "not_equals":
            return bool(answer != self.value)
        if self.op == "in":
            return answer in self.value
        return isinstance(answer, list) and self.value in answer  # includes


@dataclass(frozen=True)
class Step:
    id: str
    prompt: str
    type: StepType
    help: str = ""
    required: bool = True
    choices: tuple[Choice, ...] = ()
    choices_from: str | None = None
    min: float | str | None = None
    max: float | str | None = None
    pattern: str | None = None
    integer: bool = False
    when: Condition | None = None
    default: Any = None
    default_from: str | None = None
    fields: tuple[Step, ...] = ()
    label: str | None = None

    def field(self, field_id: str) -> Step | None:
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class Studio:
    id: str
    title: str
    steps: tuple[Step, ...]
    source: Path
    number: int | None = None
    subtitle: str = ""
    guiding_question: str = ""
    purpose: str = ""
    outputs: tuple[str, ...] = ()
    step_index: Mapping[str, Step] = field(default_factory=dict, compare=False, repr=False)

    def step(self, step_id: str) -> Step | None:
        return self.step_index.get(step_id)

    @property
    def display_name(self) -> str:
        if self.number is not None:
            return f"Studio {roman(self.number)}"
        return self.title

    @property
    def session_file(self) -> str:
        return f"sessions/{self.id}.yaml"


def roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


def is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


# --------------------------------------------------------------------------- loading


class _DefinitionReader:
    """Builds a Studio from parsed YAML, collecting every problem with its line."""

    def __init__(self, path: Path, lines: dict[tuple[str | int, ...], int]) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[str] = []

    def problem(self, where: tuple[str | int, ...], message: str) -> None:
        line = line_of(self.lines, where)
        label = ".".join(str(p) for p in where) or "(top)"
        self.problems.append(f"{self.path}:{line or 1}: {label}: {message}")

    def text(
        self,
        data: Mapping[str, Any],
        key: str,
        where: tuple[str | int, ...],
        *,
        required: bool = False,
    ) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(where, f"'{key}' is required")
            return ""
        if not isinstance(value, str):
            self.problem((*where, key), "must be text")
            return ""
        return value

    def studio(self, data: Any) -> Studio:
        if not isinstance(data, dict):
            self.problem((), "a studio definition must be a mapping")
            raise self.failure()
        studio_id = self.text(data, "id", (), required=True)
        if studio_id and studio_id != self.path.stem:
            self.problem(("id",), f"id '{studio_id}' must match the file name '{self.path.stem}'")
        if studio_id and not SESSION_ID_PATTERN.fullmatch(studio_id):
            self.problem(("id",), "use lower-case letters, digits and dashes")
        number = data.get("number")
        if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
            self.problem(("number",), "must be a whole number")
            number = None
        outputs = data.get("outputs") or []
        if not isinstance(outputs, list) or not all(isinstance(o, str) for o in outputs):
            self.problem(("outputs",), "must be a list of text items")
            outputs = []
        raw_steps = data.get("steps")
        if not isinstance(raw_steps, list) or not raw_steps:
            self.problem(("steps",), "must be a non-empty list of steps")
            raw_steps = []
        steps = self.steps(raw_steps, ("steps",), nested=False)
        known = {k for k in data} - {
            "id",
            "number",
            "title",
            "subtitle",
            "guiding_question",
            "purpose",
            "outputs",
            "steps",
        }
        for key in sorted(known):
            self.problem((key,), "unknown key")
        studio = Studio(
            id=studio_id,
            number=number,
            title=self.text(data, "title", (), required=True),
            subtitle=self.text(data, "subtitle", ()),
            guiding_question=self.text(data, "guiding_question", ()),
            purpose=self.text(data, "purpose", ()),
            outputs=tuple(outputs),
            steps=steps,
            source=self.path,
            step_index={s.id: s for s in steps},
        )
        self.check_references(studio)
        if self.problems:
            raise self.failure()
        return studio

    def failure(self) -> ValidationFailed:
        return ValidationFailed(
            self.problems,
            summary=f"{self.path}: the studio definition has {len(self.problems)} problem(s)",
        )

    def steps(
        self, raw: list[Any], where: tuple[str | int, ...], *, nested: bool
    ) -> tuple[Step, ...]:
        steps: list[Step] = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            step = self.step(item, (*where, index), nested=nested)
            if step is None:
                continue
            if step.id in seen:
                self.problem((*where, index, "id"), f"duplicate step id '{step.id}'")
            seen.add(step.id)
            steps.append(step)
        return tuple(steps)

    def step(self, raw: Any, where: tuple[str | int, ...], *, nested: bool) -> Step | None:
        if not isinstance(raw, dict):
            self.problem(where, "a step must be a mapping")
            return None
        step_id = self.text(raw, "id", where, required=True)
        if step_id and not ID_PATTERN.fullmatch(step_id):
            self.problem((*where, "id"), "use lower-case letters, digits and underscores")
        kind = raw.get("type", "text")
        allowed = [t for t in STEP_TYPES if not (nested and t == "records")]
        if kind not in allowed:
            self.problem(
                (*where, "type"), f"unknown type '{kind}'; use one of {', '.join(allowed)}"
            )
            kind = "text"
        unknown = set(raw) - {
            "id",
            "prompt",
            "help",
            "type",
            "required",
            "choices",
            "choices_from",
            "min",
            "max",
            "pattern",
            "integer",
            "when",
            "default",
            "default_from",
            "fields",
            "label",
        }
        for key in sorted(unknown):
            self.problem((*where, key), "unknown key")
        choices = self.choices(raw.get("choices"), (*where, "choices"))
        if kind in ("choice", "multichoice") and not choices and not raw.get("choices_from"):
            self.problem(where, "a choice step needs 'choices' or 'choices_from'")
        pattern = raw.get("pattern")
        if pattern is not None:
            try:
                re.compile(str(pattern))
            except re.error as exc:
                self.problem((*where, "pattern"), f"not a valid regular expression: {exc}")
        fields: tuple[Step, ...] = ()
        if kind == "records":
            raw_fields = raw.get("fields")
            if not isinstance(raw_fields, list) or not raw_fields:
                self.problem(where, "a records step needs a non-empty list of 'fields'")
            else:
                fields = self.steps(raw_fields, (*where, "fields"), nested=True)
        label = raw.get("label")
        if label is not None and label not in {f.id for f in fields}:
            self.problem((*where, "label"), f"'{label}' is not one of the fields")
        for bound in ("min", "max"):
            value = raw.get(bound)
            if value is None:
                continue
            if kind == "date":
                if not (isinstance(value, str) and _parse_date(value)):
                    self.problem((*where, bound), "must be a date YYYY-MM-DD")
            elif not isinstance(value, int | float) or isinstance(value, bool):
                self.problem((*where, bound), "must be a number")
        return Step(
            id=step_id,
            prompt=self.text(raw, "prompt", where, required=True),
            type=cast(StepType, kind),
            help=self.text(raw, "help", where).strip(),
            required=bool(raw.get("required", True)),
            choices=choices,
            choices_from=raw.get("choices_from"),
            min=raw.get("min"),
            max=raw.get("max"),
            pattern=str(pattern) if pattern is not None else None,
            integer=bool(raw.get("integer", False)),
            when=self.condition(raw.get("when"), (*where, "when")),
            default=raw.get("default"),
            default_from=raw.get("default_from"),
            fields=fields,
            label=label,
        )

    def choices(self, raw: Any, where: tuple[str | int, ...]) -> tuple[Choice, ...]:
        if raw is None:
            return ()
        if isinstance(raw, str):
            vocabulary = VOCABULARIES.get(raw)
            if vocabulary is None:
                self.problem(where, f"unknown vocabulary '{raw}'; use {', '.join(VOCABULARIES)}")
                return ()
            return tuple(Choice(v, label) for v, label in vocabulary.items())
        if not isinstance(raw, list):
            self.problem(where, "must be a list or the name of a vocabulary")
            return ()
        out: list[Choice] = []
        for index, item in enumerate(raw):
            if isinstance(item, dict) and "value" in item:
                value = str(item["value"])
                out.append(Choice(value, str(item.get("label", value))))
            elif isinstance(item, str | int | float) and not isinstance(item, bool):
                out.append(Choice(str(item), str(item)))
            else:
                self.problem((*where, index), "a choice is text or {value: ..., label: ...}")
        values = [c.value for c in out]
        if len(set(values)) != len(values):
            self.problem(where, "choice values must be unique")
        return tuple(out)

    def condition(self, raw: Any, where: tuple[str | int, ...]) -> Condition | None:
        if raw is None:
            return None
        if not isinstance(raw, dict) or "step" not in raw:
            self.problem(where, "'when' needs 'step' and one of " + ", ".join(CONDITION_OPS))
            return None
        ops = [op for op in CONDITION_OPS if op in raw]
        if len(ops) != 1 or set(raw) - {"step", *CONDITION_OPS}:
            self.problem(
                where, "'when' takes 'step' and exactly one of " + ", ".join(CONDITION_OPS)
            )
            return None
        op = cast(ConditionOp, ops[0])
        if op == "in" and not isinstance(raw["in"], list):
            self.problem(where, "'in' takes a list")
            return None
        return Condition(step=str(raw["step"]), op=op, value=raw[op])

    def check_references(self, studio: Studio) -> None:
        order = {s.id: i for i, s in enumerate(studio.steps)}
        for index, step in enumerate(studio.steps):
            where: tuple[str | int, ...] = ("steps", index)
            refs = [(step.default_from, "default_from"), (step.choices_from, "choices_from")]
            if step.when:
                refs.append((step.when.step, "when"))
            for ref, key in refs:
                if not ref or ref.startswith("project:") or ref.split(".")[0].startswith("studio-"):
                    continue
                target = ref.split(".")[0]
                if target not in order:
                    self.problem((*where, key), f"refers to unknown step '{target}'")
                elif order[target] >= index:
                    self.problem((*where, key), f"refers to '{target}', which is not asked before")


def load_definition(path: Path) -> Studio:
    """Load and check one definition file; raises ValidationFailed listing every problem."""
    try:
        return _DefinitionReader(path, {}).studio(read_yaml(path))
    except ValidationFailed:
        data, lines = read_yaml_with_lines(path)  # again, to say on which lines
        return _DefinitionReader(path, lines).studio(data)


# --------------------------------------------------------------------------- values


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


def _parse_date(text: str) -> dt.date | None:
    if not DATE_PATTERN.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


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
        if not isinstance(value, str) or _parse_date(value) is None:
            return [f"expected a date as YYYY-MM-DD, got {value!r}"]
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
            choices = None if fld.choices_from is None else _record_choices(fld, record)
            for message in check_value(fld, record.get(fld.id), choices):
                problems.append(f"record {index}: {fld.id}: {message}")
    return problems


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
        text = str(raw).strip().replace(",", "").replace("_", "")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"expected a number, got {raw!r}") from None
        if not math.isfinite(number):
            raise ValueError(f"expected a finite number, got {raw!r}")
        if re.fullmatch(r"[-+]?\d+", text):
            return int(text)
        return number
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
