"""Studio definitions: how the loader reads them, and that nothing else names a step they lack.

- The loader reads yes/no settings the way a facilitator writes them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from stemeco.errors import ValidationFailed
from stemeco.studios.definition import Studio, load_definition


def write_definition(folder: Path, steps: str, studio_id: str = "notes") -> Path:
    path = folder / f"{studio_id}.yaml"
    text = f"id: {studio_id}\ntitle: Notes\nsteps:\n" + textwrap.indent(
        textwrap.dedent(steps), "  "
    )
    path.write_text(text, encoding="utf-8")
    return path


def load(folder: Path, steps: str) -> Studio:
    return load_definition(write_definition(folder, steps))


def problems(folder: Path, steps: str) -> list[str]:
    """Every problem of the definition, as ``file:line: where: message`` lines."""
    path = write_definition(folder, steps)
    with pytest.raises(ValidationFailed) as caught:
        load_definition(path)
    return [p.render(folder) for p in caught.value.problems]


# --------------------------------------------------------------------------- booleans


@pytest.mark.parametrize(
    ("written", "required"),
    [
        ("no", False),
        ("No", False),
        ("OFF", False),
        ("false", False),
        ("yes", True),
        ("On", True),
        ("true", True),
    ],
)
def test_required_reads_yes_no_on_off_as_a_facilitator_means_them(
    tmp_path: Path, written: str, required: bool
) -> None:
    studio = load(tmp_path, f"- {{id: a, prompt: A, required: {written}}}\n")
    assert studio.steps[0].required is required


def test_required_no_makes_the_step_optional(tmp_path: Path) -> None:
    """The YAML reader keeps ``no`` as text; ``bool("no")`` used to make the step required."""
    from stemeco.studios.values import check_value

    studio = load(tmp_path, "- id: notes\n  prompt: Anything else?\n  required: no\n")
    step = studio.steps[0]
    assert step.required is False
    assert check_value(step, None) == []


def test_required_maybe_is_refused_on_its_line(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        - id: first
          prompt: First
        - id: second
          prompt: Second
          required: maybe
        """,
    )
    assert found == ["notes.yaml:8: steps.1.required: must be true or false, not 'maybe'"]


@pytest.mark.parametrize("written", ["1", "0", "'y'", "maybe", "[true]", "~"])
def test_anything_but_true_or_false_is_refused_for_integer(tmp_path: Path, written: str) -> None:
    found = problems(tmp_path, f"- {{id: n, prompt: N, type: number, integer: {written}}}\n")
    assert len(found) == 1
    assert found[0].startswith("notes.yaml:4: steps.0.integer: must be true or false")


def test_integer_yes_is_read(tmp_path: Path) -> None:
    studio = load(tmp_path, "- {id: n, prompt: N, type: number, integer: yes}\n")
    assert studio.steps[0].integer is True


def test_answered_no_asks_the_step_only_when_the_other_is_unanswered(tmp_path: Path) -> None:
    studio = load(
        tmp_path,
        """\
        - {id: contact, prompt: Contact, required: false}
        - {id: why_none, prompt: Why no contact?, when: {step: contact, answered: no}}
        """,
    )
    when = studio.steps[1].when
    assert when is not None
    assert when.value is False
    assert when.holds(None)
    assert not when.holds("Dana")


def test_answered_sometimes_is_refused_on_its_line(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        - {id: contact, prompt: Contact}
        - id: why_none
          prompt: Why no contact?
          when:
            step: contact
            answered: sometimes
        """,
    )
    assert found == ["notes.yaml:9: steps.1.when.answered: must be true or false, not 'sometimes'"]
