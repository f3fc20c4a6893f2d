"""Loading a studio definition file into a :class:`~stemeco.studios.definition.Studio`.

Every problem of the file is collected with its line (``file:line: where: message``)
before anything is refused; a step's default is checked with the same rules as
an answer (:mod:`stemeco.studios.values`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from stemeco.errors import Problem, ValidationFailed
from stemeco.storage.read import line_of, read_yaml, read_yaml_with_lines
from stemeco.studios.definition import (
    CONDITION_OPS,
    COUNTED,
    ID_PATTERN,
    NOT_FOR_FIELDS,
    ORDERED_TYPES,
    SESSION_ID_PATTERN,
    STEP_KEYS,
    STEP_TYPES,
    STUDIO_KEYS,
    Choice,
    Condition,
    ConditionOp,
    Step,
    StepType,
    Studio,
    is_answered,
    read_boolean,
)
from stemeco.studios.values import check_value
from stemeco.text import parse_date
from stemeco.vocab import VOCABULARIES

# --------------------------------------------------------------------------- loading


class _DefinitionReader:
    """Builds a Studio from parsed YAML, collecting every problem with its line."""

    def __init__(self, path: Path, lines: dict[tuple[str | int, ...], int]) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, where: tuple[str | int, ...], message: str) -> None:
        line = line_of(self.lines, where) or 1
        label = ".".join(str(p) for p in where) or "(top)"
        self.problems.append(Problem(message, label, line, self.path))

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

    def boolean(
        self, data: Mapping[str, Any], key: str, where: tuple[str | int, ...], *, default: bool
    ) -> bool:
        if key not in data:
            return default
        value = read_boolean(data[key])
        if value is None:
            self.problem((*where, key), f"must be true or false, not {data[key]!r}")
            return default
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
        steps = self.check_references(self.steps(raw_steps, ("steps",), nested=False))
        for key in sorted(set(data) - set(STUDIO_KEYS)):
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
        if self.problems:
            raise self.failure()
        return studio

    def failure(self) -> ValidationFailed:
        return ValidationFailed(
            sorted(self.problems, key=lambda p: p.line or 0),
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
        problems_before = len(self.problems)
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
        for key in sorted(set(raw) - set(STEP_KEYS)):
            self.problem((*where, key), "unknown key")
        for key in sorted(set(raw) & set(NOT_FOR_FIELDS) if nested else ()):
            self.problem((*where, key), "not used for a field of a records step")
        choices = self.choices(raw.get("choices"), (*where, "choices"))
        vocabulary = raw.get("choices") if isinstance(raw.get("choices"), str) else None
        if kind in ("choice", "multichoice") and not choices and not raw.get("choices_from"):
            self.problem(where, "a choice step needs 'choices' or 'choices_from'")
        pattern = raw.get("pattern")
        if pattern is not None:
            try:
                re.compile(str(pattern))
            except re.error as exc:
                self.problem((*where, "pattern"), f"not a valid regular expression: {exc}")
                pattern = None
        fields: tuple[Step, ...] = ()
        if kind == "records":
            raw_fields = raw.get("fields")
            if not isinstance(raw_fields, list) or not raw_fields:
                self.problem(where, "a records step needs a non-empty list of 'fields'")
            else:
                fields = self.steps(raw_fields, (*where, "fields"), nested=True)
        label = self.text(raw, "label", where) or None
        if label is not None and label not in {f.id for f in fields}:
            self.problem((*where, "label"), f"'{label}' is not one of the fields")
        noun = self.text(raw, "noun", where) or None
        if noun is not None and kind != "records" and not nested:
            self.problem((*where, "noun"), "only a records step has a noun")
        order = self.order(raw.get("order"), kind, fields, (*where, "order"))
        bounds = self.bounds(raw, kind, where)
        step = Step(
            id=step_id,
            prompt=self.text(raw, "prompt", where, required=True),
            type=cast(StepType, kind),
            help=self.text(raw, "help", where).strip(),
            required=self.boolean(raw, "required", where, default=True),
            choices=choices,
            choices_from=self.text(raw, "choices_from", where) or None,
            min=bounds["min"],
            max=bounds["max"],
            pattern=str(pattern) if pattern is not None else None,
            integer=self.boolean(raw, "integer", where, default=False),
            when=self.condition(raw.get("when"), (*where, "when")),
            default_from=self.text(raw, "default_from", where) or None,
            fields=fields,
            label=label,
            noun=noun,
            order=order,
            vocabulary=vocabulary if vocabulary in VOCABULARIES else None,
        )
        if "default" in raw and len(self.problems) == problems_before:
            step = self.default(step, raw["default"], (*where, "default"))
        return step

    def bounds(
        self, raw: Mapping[str, Any], kind: str, where: tuple[str | int, ...]
    ) -> dict[str, float | str | None]:
        """``min`` and ``max``, each checked; a bad one is reported and left out."""
        out: dict[str, float | str | None] = {"min": None, "max": None}
        for bound in out:
            value = raw.get(bound)
            if value is None:
                continue
            if kind == "date":
                if not isinstance(value, str) or parse_date(value) is None:
                    self.problem((*where, bound), "must be a date YYYY-MM-DD")
                    continue
            elif not isinstance(value, int | float) or isinstance(value, bool):
                self.problem((*where, bound), "must be a number")
                continue
            elif kind in COUNTED and value < 0:
                self.problem((*where, bound), "must not be negative (it counts)")
                continue
            out[bound] = value
        low, high = out["min"], out["max"]
        if low is not None and high is not None:
            if kind == "date":
                first, last = parse_date(low), parse_date(high)
                wrong = first is not None and last is not None and first > last
            else:
                wrong = float(low) > float(high)
            if wrong:
                self.problem((*where, "min"), f"min {low} is above max {high}")
        return out

    def order(
        self, raw: Any, kind: str, fields: tuple[Step, ...], where: tuple[str | int, ...]
    ) -> tuple[str, ...]:
        """``order: [start, end]``: fields of a records step that may not go backwards."""
        if raw is None:
            return ()
        if kind != "records":
            self.problem(where, "only a records step has an order of its fields")
            return ()
        if (
            not isinstance(raw, list)
            or len(raw) < 2
            or not all(isinstance(f, str) for f in raw)
            or len(set(raw)) != len(raw)
        ):
            self.problem(where, "a list of two or more different fields, e.g. [start, end]")
            return ()
        types = set()
        for name in raw:
            fld = next((f for f in fields if f.id == name), None)
            if fld is None:
                self.problem(where, f"'{name}' is not one of the fields")
                return ()
            if fld.type not in ORDERED_TYPES:
                self.problem(
                    where, f"'{name}' is a {fld.type} field; order compares dates or numbers"
                )
                return ()
            types.add(fld.type)
        if len(types) > 1:
            self.problem(where, "the fields of an order are all dates or all numbers")
            return ()
        return tuple(raw)

    def default(self, step: Step, value: Any, where: tuple[str | int, ...]) -> Step:
        """The step with its literal default, checked like an answer to it."""

        if step.type == "yesno" and read_boolean(value) is not None:
            value = read_boolean(value)  # `default: yes` is text to the YAML reader
        if not is_answered(value):
            return replace(step, default=value)
        choices = None
        if step.choices_from is not None:  # taken from answers: only the shape is checked here
            items = value if isinstance(value, list) else [value]
            choices = [Choice(v, v) for v in items if isinstance(v, str)]
        for message in check_value(step, value, choices):
            self.problem(where, f"not a valid answer: {message}")
        return replace(step, default=value)

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
        value = raw[op]
        if op == "answered":
            value = self.boolean(raw, "answered", where, default=True)
        return Condition(step=str(raw["step"]), op=op, value=value)

    def check_references(self, steps: tuple[Step, ...]) -> tuple[Step, ...]:
        """Check references to earlier steps of this studio; returns the steps with
        the values of their conditions read the way the referred step stores them.

        References to another studio (``studio-N.step``) and to project data
        (``project:NAME``) cannot be resolved from one file; the engine looks them
        up when the session runs (and ``tests/test_definitions.py`` checks the
        packaged ones).
        """
        order = {s.id: i for i, s in enumerate(steps)}
        out = []
        for index, step in enumerate(steps):
            where: tuple[str | int, ...] = ("steps", index)
            refs = [
                (step.default_from, (*where, "default_from")),
                (step.choices_from, (*where, "choices_from")),
            ]
            for number, fld in enumerate(step.fields):
                refs.append((fld.choices_from, (*where, "fields", number, "choices_from")))
            if step.when:
                refs.append((step.when.step, (*where, "when")))
            for ref, at in refs:
                if ref and not ref.startswith("project:") and not ref.startswith("studio-"):
                    self.reference(ref, at, steps, order, index)
            if step.when is not None and step.when.step in order:
                target = steps[order[step.when.step]]
                step = replace(step, when=self.condition_value(step.when, target, (*where, "when")))
            if any(f.when is not None for f in step.fields):
                step = replace(step, fields=self.field_conditions(step.fields, where))
            out.append(step)
        return tuple(out)

    def field_conditions(
        self, fields: tuple[Step, ...], where: tuple[str | int, ...]
    ) -> tuple[Step, ...]:
        """A field's ``when`` looks at an earlier field of the same record."""
        order = {f.id: i for i, f in enumerate(fields)}
        out = []
        for number, fld in enumerate(fields):
            at = (*where, "fields", number, "when")
            if fld.when is not None:
                name = fld.when.step
                if name not in order:
                    self.problem(at, f"refers to '{name}', which is not a field of this record")
                elif order[name] >= number:
                    self.problem(at, f"refers to '{name}', which is not asked before")
                else:
                    fld = replace(fld, when=self.condition_value(fld.when, fields[order[name]], at))
            out.append(fld)
        return tuple(out)

    def reference(
        self,
        ref: str,
        where: tuple[str | int, ...],
        steps: tuple[Step, ...],
        order: Mapping[str, int],
        index: int,
    ) -> None:
        """``step`` or ``step.field``: an earlier step of this studio (and a field of it)."""
        name, _, field_id = ref.partition(".")
        if name not in order:
            self.problem(where, f"refers to unknown step '{name}'")
        elif order[name] >= index:
            self.problem(where, f"refers to '{name}', which is not asked before")
        elif field_id and steps[order[name]].field(field_id) is None:
            self.problem(where, f"'{name}' has no field '{field_id}'")

    def condition_value(
        self, when: Condition, target: Step, where: tuple[str | int, ...]
    ) -> Condition:
        """The condition's value checked against the step it looks at.

        A yes/no step stores true/false, so ``equals: yes`` (text to the YAML
        reader) is read as true; a value that is not one of a choice step's
        choices could never match, so it is refused.
        """
        if when.op == "answered":
            return when
        values = when.value if when.op == "in" else [when.value]
        if target.type == "yesno":
            read = [read_boolean(v) for v in values]
            if any(v is None for v in read):
                self.problem(
                    (*where, when.op), f"'{target.id}' is a yes/no step: use true or false"
                )
                return when
            return replace(when, value=read if when.op == "in" else read[0])
        allowed = {c.value for c in target.choices}
        if target.type in ("choice", "multichoice") and allowed:
            items = [i for v in values for i in (v if isinstance(v, list) else [v])]
            for value in items:
                if not isinstance(value, str) or value not in allowed:
                    self.problem(
                        (*where, when.op),
                        f"{value!r} is not one of the choices of '{target.id}': "
                        + ", ".join(sorted(allowed)),
                    )
        return when


#: Definitions loaded in this process, by file, with the file's size, times and inode when
#: it was read (the parse cache's rule): a definition depends on its file alone, and a
#: process that builds many projects (a test run, check) loads each file once. What is
#: kept is the definition as written (English); a language's text is laid over it per call.
_LOADED: dict[str, tuple[tuple[int, int, int, int], Studio]] = {}


def load_definition(path: Path, language: str = "en", project_root: Path | None = None) -> Studio:
    """Load and check one definition file, its text in ``language`` when an overlay
    translates it (:mod:`stemeco.studios.overlay`; a project's own first); raises
    ValidationFailed listing every problem of the definition or of the overlay."""
    studio = _load_source(path)
    if language == "en":
        return studio
    from stemeco.studios.overlay import overlay_path, translate

    studio = _vocabulary_labels(studio, language)
    overlay = overlay_path(path, language, project_root)
    return studio if overlay is None else translate(studio, overlay)


def _load_source(path: Path) -> Studio:
    try:
        st = path.stat()
    except OSError:
        stamp = None
    else:
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        known = _LOADED.get(str(path))
        if known is not None and known[0] == stamp:
            return known[1]
    try:
        studio = _DefinitionReader(path, {}).studio(read_yaml(path))
    except ValidationFailed:
        data, lines = read_yaml_with_lines(path)  # again, to say on which lines
        return _DefinitionReader(path, lines).studio(data)
    if stamp is not None:
        if len(_LOADED) >= 256:
            _LOADED.clear()
        _LOADED[str(path)] = (stamp, studio)
    return studio


def _vocabulary_labels(studio: Studio, language: str) -> Studio:
    """The labels of the shared vocabularies' choices in ``language`` (their English
    labels are messages of stemeco's own catalog, :mod:`stemeco.vocab`)."""
    from stemeco.i18n import translations

    catalog = translations(language)

    def relabel(step: Step) -> Step:
        fields = tuple(relabel(f) for f in step.fields)
        if step.vocabulary is None:
            return replace(step, fields=fields) if fields else step
        choices = tuple(Choice(c.value, catalog.gettext(c.label)) for c in step.choices)
        return replace(step, choices=choices, fields=fields)

    steps = tuple(relabel(s) for s in studio.steps)
    return replace(studio, steps=steps, step_index={s.id: s for s in steps})
