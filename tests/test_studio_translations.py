"""Studio definitions in Spanish and Hebrew: the overlays of ``studios/i18n/<lang>/``.

- Every shipped definition has every text (title, purpose, outputs, each step's
  prompt and help, choice labels, record fields, nouns) in every shipped
  language, and no translation drops a ``{placeholder}`` of its source.
- An overlay that names a step, a field, a choice or a key the definition does
  not have is refused with its file and line; a text it leaves out stays English.
- A project's own overlay comes first; a definition the project overrides takes
  only the project's overlay.
- A project in Spanish asks its studios in Spanish (the engine sees the overlay).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from stemeco.errors import ValidationFailed
from stemeco.i18n import SUPPORTED
from stemeco.project.check import project_problems
from stemeco.project.folder import Project
from stemeco.resources import studios_dir
from stemeco.studios.loader import load_definition
from stemeco.studios.overlay import translate, untranslated

SHIPPED = sorted(p.stem for p in studios_dir().glob("*.yaml"))
TRANSLATED = [code for code in SUPPORTED if code != "en"]

SOURCE = """\
id: notes
title: Session notes
purpose: Write down {count} things.
outputs: [A list]
steps:
  - {id: topic, prompt: "What is the {topic}?", help: Say it plainly., type: text}
  - id: kind
    prompt: Which kind?
    type: choice
    choices: [{value: big, label: Big}, {value: small, label: Small}]
  - id: groups
    prompt: Which groups?
    type: multichoice
    choices: stakeholder_groups
  - id: people
    prompt: Who came?
    type: records
    noun: person
    fields:
      - {id: name, prompt: Their name?, type: text}
"""


def write(folder: Path, text: str, name: str = "notes.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def overlay_problems(tmp_path: Path, overlay: str) -> list[str]:
    source = write(tmp_path, SOURCE)
    path = write(tmp_path / "i18n" / "es", overlay)
    with pytest.raises(ValidationFailed) as caught:
        translate(load_definition(source), path)
    return [p.render(tmp_path) for p in caught.value.problems]


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("studio", SHIPPED)
def test_every_shipped_studio_is_translated_completely(studio: str, language: str) -> None:
    source = load_definition(studios_dir() / f"{studio}.yaml")
    overlay = studios_dir() / "i18n" / language / f"{studio}.yaml"
    assert overlay.is_file(), f"no {language} text for {studio}: write {overlay}"
    assert untranslated(source, overlay) == []
    translated = translate(source, overlay)  # raises on a dropped placeholder or a stray key
    assert translated.title != source.title
    assert [s.id for s in translated.steps] == [s.id for s in source.steps]
    # Only text is translated: types and rules stay the source's.
    for old, new in zip(source.steps, translated.steps, strict=True):
        assert (old.type, old.required, old.min, old.max, old.when) == (
            new.type,
            new.required,
            new.min,
            new.max,
            new.when,
        )
        assert [c.value for c in old.choices] == [c.value for c in new.choices]


def test_a_translation_that_drops_a_placeholder_is_refused(tmp_path: Path) -> None:
    found = overlay_problems(
        tmp_path,
        """\
        purpose: Escriban unas cosas.
        steps:
          topic: {prompt: "¿Cuál es el tema?"}
        """,
    )
    assert found == [
        "i18n/es/notes.yaml:1: purpose: the translation drops {count}",
        "i18n/es/notes.yaml:3: steps.topic.prompt: the translation drops {topic}",
    ]


def test_an_overlay_naming_what_the_definition_lacks_is_refused_with_its_line(
    tmp_path: Path,
) -> None:
    found = overlay_problems(
        tmp_path,
        """\
        title: Notas
        subtitel: Un error
        steps:
          kind:
            prompt: ¿Qué tipo?
            choices: {big: Grande, huge: Enorme}
          groups:
            choices: {prek12: Escuelas}
          people:
            fields:
              nombre: {prompt: ¿Su nombre?}
          missing: {prompt: ¿Qué?}
          topic: {type: longtext}
        outputs: [Una lista, Otra]
        """,
    )
    assert found == [
        "i18n/es/notes.yaml:2: subtitel: not a translatable key of the definition",
        "i18n/es/notes.yaml:6: steps.kind.choices.huge: not a choice value of the definition",
        "i18n/es/notes.yaml:8: steps.groups.choices: the choices are the shared vocabulary"
        " 'stakeholder_groups': stemeco translates its labels",
        "i18n/es/notes.yaml:11: steps.people.fields.nombre: not a field of the definition",
        "i18n/es/notes.yaml:12: steps.missing: not a step of the definition",
        "i18n/es/notes.yaml:13: steps.topic.type: not a translatable step key of the definition",
        "i18n/es/notes.yaml:14: outputs: a list of 1 text items, one for each output",
    ]


def test_what_an_overlay_leaves_out_stays_english_and_is_reported_missing(
    tmp_path: Path,
) -> None:
    source = load_definition(write(tmp_path, SOURCE))
    overlay = write(
        tmp_path / "i18n" / "es",
        """\
        title: Notas de la sesión
        steps:
          kind:
            prompt: ¿Qué tipo?
            choices: {big: Grande}
          people:
            noun: persona
            noun_plural: personas
        """,
    )
    studio = translate(source, overlay)
    assert studio.title == "Notas de la sesión"
    assert studio.purpose == "Write down {count} things."
    kind = studio.step("kind")
    assert kind is not None
    assert (kind.prompt, [c.label for c in kind.choices]) == ("¿Qué tipo?", ["Grande", "Small"])
    people = studio.step("people")
    assert people is not None
    assert (people.noun, people.noun_plural, people.fields[0].prompt) == (
        "persona",
        "personas",
        "Their name?",
    )
    assert untranslated(source, overlay) == [
        "purpose",
        "outputs",
        "steps.topic.prompt",
        "steps.topic.help",
        "steps.kind.choices.small",
        "steps.groups.prompt",
        "steps.people.prompt",
        "steps.people.fields.name.prompt",
    ]


def spanish(project_dir: Path) -> Project:
    manifest = project_dir / "stemeco.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("language: en", "language: es"), encoding="utf-8")
    assert "language: es" in manifest.read_text(encoding="utf-8")
    return Project(project_dir)


def test_a_spanish_project_asks_its_studios_in_spanish(project_dir: Path) -> None:
    studio = spanish(project_dir).studio("studio-1")
    assert studio.title == "Innovación por diseño"
    step = studio.step("stem_disciplines")
    assert step is not None
    assert step.prompt == "¿Qué campos consideramos STEM aquí?"
    assert [c.label for c in step.choices][:2] == ["Ciencias", "Tecnología"]
    table = studio.step("at_the_table")
    assert table is not None
    assert table.vocabulary == "stakeholder_groups"
    problems = Project(project_dir).studio("studio-3").step("problems")
    assert problems is not None
    assert problems.noun_plural == "problemas"


def test_a_project_overlay_comes_first_and_an_override_takes_only_its_own(
    project_dir: Path,
) -> None:
    local = project_dir / "studios"
    write(local / "i18n" / "es", "title: Innovación a nuestra manera\n", "studio-1.yaml")
    assert spanish(project_dir).studio("studio-1").title == "Innovación a nuestra manera"
    # The project overrides Studio II in English and writes no overlay: the packaged
    # Spanish text (of another definition) is not laid over it.
    packaged = (studios_dir() / "studio-2.yaml").read_text(encoding="utf-8")
    write(local, packaged.replace("The future picture", "Our future"), "studio-2.yaml")
    studio = Project(project_dir).studio("studio-2")
    assert (studio.title, studio.subtitle) == ("Collaborative Investment by Design", "Our future")


def test_check_reports_a_broken_project_overlay_and_keeps_the_studio(project_dir: Path) -> None:
    spanish(project_dir)
    write(
        project_dir / "studios" / "i18n" / "es",
        "title: Innovación\nsteps:\n  stem_disciplinez: {prompt: ¿Qué?}\n",
        "studio-1.yaml",
    )
    found = project_problems(project_dir, with_templates=False, with_upgrade=False)
    assert [p.render(project_dir) for p in found.problems] == [
        "studios/i18n/es/studio-1.yaml:3: steps.stem_disciplinez: not a step of the definition"
    ]
