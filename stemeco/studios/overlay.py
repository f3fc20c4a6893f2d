"""A studio definition in another language: the overlay file that translates its text.

A definition is written once, in English, with its ids, types and rules. Its
text in another language sits in ``i18n/<language>/<file>.yaml`` beside it (the
packaged ``studios/i18n/es/studio-1.yaml``, or a project's own
``studios/i18n/es/studio-1.yaml``), keyed by the same ids::

    title: Innovación por diseño
    outputs: [...]               # one item for each output of the source, in order
    steps:
      stem_disciplines:
        prompt: ¿Qué campos contamos aquí como STEM?
        help: |
          ...
        choices: {science: Ciencias, other: Otro}
      problems:
        noun: problema
        noun_plural: problemas
        fields:
          title: {prompt: ..., help: ...}

Only text is translated; a key that names no step, field or choice of the
source is refused with its line. A text the overlay leaves out stays English
when the session runs (``tests/test_studio_translations.py`` keeps the shipped
overlays complete).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from stemeco.errors import Problem, ValidationFailed
from stemeco.storage.read import line_of, read_yaml_with_lines
from stemeco.studios.definition import Choice, Step, Studio

#: The studio keys an overlay translates (``outputs`` is a list, the others text).
STUDIO_TEXT: tuple[str, ...] = ("title", "subtitle", "guiding_question", "purpose")
#: The step keys an overlay translates besides ``choices`` and ``fields``.
STEP_TEXT: tuple[str, ...] = ("prompt", "help", "noun", "noun_plural")
#: ``{name}`` in a text: a placeholder a translation must keep.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")

Where = tuple[str | int, ...]


def overlay_path(source: Path, language: str, project_root: Path | None = None) -> Path | None:
    """The overlay of ``source`` in ``language``, or None (English, or none written).

    A project's own ``studios/i18n/<language>/`` comes first for a packaged
    definition (a team may improve a translation); a definition the project
    overrides takes only the project's overlay, never the packaged one, which
    translates a different text.
    """
    if language == "en":
        return None
    candidates = []
    if project_root is not None:
        candidates.append(project_root / "studios" / "i18n" / language / source.name)
    local = project_root is not None and source.parent == project_root / "studios"
    if not local:
        candidates.append(source.parent / "i18n" / language / source.name)
    return next((c for c in candidates if c.is_file()), None)


class _Overlay:
    def __init__(self, path: Path, lines: dict[tuple[str | int, ...], int]) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []
        #: The texts of the source this overlay leaves out (they stay English).
        self.missing: list[str] = []

    def problem(self, where: Where, message: str) -> None:
        label = ".".join(str(p) for p in where) or "(top)"
        self.problems.append(Problem(message, label, line_of(self.lines, where) or 1, self.path))

    def text(self, data: Mapping[str, Any], key: str, where: Where, fallback: str) -> str:
        value = data.get(key)
        if value is None or value == "":
            if fallback:
                self.missing.append(".".join(str(p) for p in (*where, key)))
            return fallback
        if not isinstance(value, str):
            self.problem((*where, key), "must be text")
            return fallback
        if key == "help":
            value = value.strip()
        missing = sorted(set(PLACEHOLDER.findall(fallback)) - set(PLACEHOLDER.findall(value)))
        if missing:
            self.problem((*where, key), f"the translation drops {', '.join(missing)}")
        return value

    def mapping(self, data: Any, where: Where) -> dict[str, Any]:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.problem(where, "must be a mapping keyed by the ids of the definition")
            return {}
        return data

    def unknown(self, data: Mapping[str, Any], known: set[str], where: Where, what: str) -> None:
        for key in sorted(set(data) - known, key=str):
            self.problem((*where, key), f"not {what} of the definition")

    def studio(self, studio: Studio, data: Any) -> Studio:
        data = self.mapping(data, ())
        self.unknown(data, {*STUDIO_TEXT, "outputs", "steps"}, (), "a translatable key")
        title, subtitle, question, purpose = (
            self.text(data, k, (), getattr(studio, k)) for k in STUDIO_TEXT
        )
        outputs = studio.outputs
        raw_outputs = data.get("outputs")
        if raw_outputs is not None:
            if (
                not isinstance(raw_outputs, list)
                or not all(isinstance(o, str) for o in raw_outputs)
                or len(raw_outputs) != len(studio.outputs)
            ):
                self.problem(
                    ("outputs",),
                    f"a list of {len(studio.outputs)} text items, one for each output",
                )
            else:
                outputs = tuple(raw_outputs)
        steps_data = self.mapping(data.get("steps"), ("steps",))
        self.unknown(steps_data, {s.id for s in studio.steps}, ("steps",), "a step")
        if studio.outputs and raw_outputs is None:
            self.missing.append("outputs")
        steps = tuple(
            self.step(s, self.mapping(steps_data.get(s.id), ("steps", s.id)), ("steps", s.id))
            for s in studio.steps
        )
        return replace(
            studio,
            outputs=outputs,
            steps=steps,
            step_index={s.id: s for s in steps},
            title=title,
            subtitle=subtitle,
            guiding_question=question,
            purpose=purpose,
        )

    def step(self, step: Step, data: Mapping[str, Any], where: Where) -> Step:
        self.unknown(data, {*STEP_TEXT, "choices", "fields"}, where, "a translatable step key")
        if step.type != "records":
            for key in ("noun", "noun_plural", "fields"):
                if key in data:
                    self.problem((*where, key), "only a records step has it")
        elif step.noun and not data.get("noun_plural"):
            self.missing.append(".".join(str(p) for p in (*where, "noun_plural")))
        prompt = self.text(data, "prompt", where, step.prompt)
        help_text = self.text(data, "help", where, step.help)
        noun = self.text(data, "noun", where, step.noun or "") or None
        noun_plural = self.text(data, "noun_plural", where, step.noun_plural or "") or None
        choices = step.choices
        raw_choices = self.mapping(data.get("choices"), (*where, "choices"))
        if step.vocabulary is not None:
            if "choices" in data:
                self.problem(
                    (*where, "choices"),
                    f"the choices are the shared vocabulary '{step.vocabulary}': "
                    "stemeco translates its labels",
                )
        elif step.choices:
            known = {c.value for c in step.choices}
            self.unknown(raw_choices, known, (*where, "choices"), "a choice value")
            choices = tuple(
                Choice(c.value, self.text(raw_choices, c.value, (*where, "choices"), c.label))
                for c in step.choices
            )
        fields = step.fields
        raw_fields = self.mapping(data.get("fields"), (*where, "fields"))
        if step.fields:
            self.unknown(raw_fields, {f.id for f in step.fields}, (*where, "fields"), "a field")
            fields = tuple(
                self.step(
                    f,
                    self.mapping(raw_fields.get(f.id), (*where, "fields", f.id)),
                    (*where, "fields", f.id),
                )
                for f in step.fields
            )
        return replace(
            step,
            choices=choices,
            fields=fields,
            prompt=prompt,
            help=help_text,
            noun=noun,
            noun_plural=noun_plural,
        )


def translate(studio: Studio, path: Path) -> Studio:
    """``studio`` with the text of the overlay at ``path``; ValidationFailed listing
    every problem of the overlay (with its line) when it does not fit the definition."""
    data, lines = read_yaml_with_lines(path)
    reader = _Overlay(path, lines)
    translated = reader.studio(studio, data)
    if reader.problems:
        raise ValidationFailed(
            sorted(reader.problems, key=lambda p: p.line or 0),
            summary=f"{path}: the translation has {len(reader.problems)} problem(s)",
            hint="fix it or remove the file: the studio is then asked in English",
        )
    return translated


def untranslated(studio: Studio, path: Path) -> list[str]:
    """The texts of ``studio`` that its overlay at ``path`` leaves in English
    (``steps.ID.prompt`` and the like): the completeness test asks it of every
    shipped definition in every shipped language."""
    data, lines = read_yaml_with_lines(path)
    reader = _Overlay(path, lines)
    reader.studio(studio, data)
    return reader.missing
