"""Studio definitions: the model of a guided session and the rules of its steps.

A definition is a YAML file (format: ``studios/SCHEMA.md``) that
:mod:`stemeco.studios.loader` turns into these frozen dataclasses. Checking and
parsing answers lives in :mod:`stemeco.studios.values`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from stemeco.i18n import _

StepType = Literal[
    "text", "longtext", "choice", "multichoice", "yesno", "number", "date", "list", "records"
]
STEP_TYPES: tuple[str, ...] = get_args(StepType)
ConditionOp = Literal["equals", "not_equals", "in", "includes", "answered"]
CONDITION_OPS: tuple[str, ...] = get_args(ConditionOp)
#: Types whose ``min``/``max`` count something (characters, choices, items, records).
COUNTED: frozenset[str] = frozenset({"text", "longtext", "multichoice", "list", "records"})

#: The keys a definition may have at its top level (``studios/SCHEMA.md``, "Studio keys").
STUDIO_KEYS: tuple[str, ...] = (
    "id",
    "number",
    "title",
    "subtitle",
    "guiding_question",
    "purpose",
    "outputs",
    "steps",
)
#: The keys a step (or a field of a records step) may have (``studios/SCHEMA.md``, "Step keys").
STEP_KEYS: tuple[str, ...] = (
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
    "noun",
    "order",
)
#: Step keys that the engine does not use for the fields of a records step. (A field's
#: ``when`` looks at an earlier field of the same record.)
NOT_FOR_FIELDS: tuple[str, ...] = ("default", "default_from", "noun", "order")
#: Field types that ``order`` can compare (earliest or smallest first).
ORDERED_TYPES: frozenset[str] = frozenset({"date", "number"})
#: How a facilitator may write a yes/no setting. The YAML reader keeps ``yes``,
#: ``no``, ``on`` and ``off`` as text (YAML 1.2 core), so they are read here.
TRUE_WORDS: tuple[str, ...] = ("true", "yes", "on")
FALSE_WORDS: tuple[str, ...] = ("false", "no", "off")

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
SESSION_ID_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


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
    noun: str | None = None
    order: tuple[str, ...] = ()
    #: The plural of ``noun`` when adding an "s" does not make it (a translation's).
    noun_plural: str | None = None
    #: The shared vocabulary the choices come from (``choices: stages``), if any.
    vocabulary: str | None = None

    def field(self, field_id: str) -> Step | None:
        return next((f for f in self.fields if f.id == field_id), None)

    def field_applies(self, fld: Step, record: Mapping[str, Any]) -> bool:
        """Does a field of this records step apply to ``record`` (its ``when``, if any)?"""
        return fld.when is None or fld.when.holds(record.get(fld.when.step))


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
            return _("Studio {number}").format(number=roman(self.number))
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


def read_boolean(value: Any) -> bool | None:
    """``true``/``false``, or yes/no/on/off written as text in any case; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return None
