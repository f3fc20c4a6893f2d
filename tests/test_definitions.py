"""Studio definitions: how the loader reads them, and that nothing else names a step they lack.

- The loader reads yes/no settings the way a facilitator writes them, and checks
  a step's ``default`` and bounds when the definition is loaded (``file:line``).
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


def test_a_condition_on_a_yes_no_step_reads_yes_as_true(tmp_path: Path) -> None:
    studio = load(
        tmp_path,
        """\
        - {id: partner, prompt: Do we have a partner?, type: yesno}
        - {id: who, prompt: Who?, when: {step: partner, equals: yes}}
        - {id: hunt, prompt: How to find one?, when: {step: partner, in: [NO, off]}}
        """,
    )
    yes, no_or_off = studio.steps[1].when, studio.steps[2].when
    assert yes is not None
    assert no_or_off is not None
    assert yes.value is True
    assert no_or_off.value == [False, False]
    assert yes.holds(True)


def test_a_condition_value_that_can_never_match_is_refused(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        - {id: partner, prompt: Partner?, type: yesno}
        - {id: horizon, prompt: Horizon?, type: choice, choices: [three, five]}
        - {id: a, prompt: A, when: {step: partner, equals: perhaps}}
        - {id: b, prompt: B, when: {step: horizon, equals: ten}}
        """,
    )
    assert found == [
        "notes.yaml:6: steps.2.when.equals: 'partner' is a yes/no step: use true or false",
        "notes.yaml:7: steps.3.when.equals: 'ten' is not one of the choices of 'horizon': "
        "five, three",
    ]


# --------------------------------------------------------------------------- defaults and bounds


@pytest.mark.parametrize(
    ("step", "message"),
    [
        pytest.param(
            "{id: h, prompt: H, type: choice, choices: [three, five], default: six}",
            "'six' is not one of the choices: five, three",
            id="choice",
        ),
        pytest.param(
            "{id: h, prompt: H, type: multichoice, choices: stages, default: [middle, college]}",
            "not among the choices: college",
            id="multichoice-vocabulary",
        ),
        pytest.param(
            "{id: n, prompt: N, type: number, min: 0, max: 10, default: 11}",
            "must be at most 10",
            id="number-max",
        ),
        pytest.param(
            "{id: n, prompt: N, type: number, integer: true, default: 2.5}",
            "must be a whole number",
            id="integer",
        ),
        pytest.param(
            "{id: n, prompt: N, type: number, default: '5'}",
            "expected a number, got text '5'",
            id="number-as-text",
        ),
        pytest.param(
            "{id: t, prompt: T, type: text, pattern: '[A-Z]{3}', default: abc}",
            "does not match the pattern [A-Z]{3}",
            id="pattern",
        ),
        pytest.param(
            "{id: t, prompt: T, type: text, max: 3, default: abcd}",
            "give at most 3 characters",
            id="length",
        ),
        pytest.param(
            "{id: d, prompt: D, type: date, min: '2026-01-01', default: '2025-12-31'}",
            "must be on or after 2026-01-01",
            id="date-min",
        ),
        pytest.param(
            "{id: d, prompt: D, type: date, default: '31/12/2025'}",
            "31/12/2025",
            id="date-form",
        ),
        pytest.param(
            "{id: y, prompt: Y, type: yesno, default: perhaps}",
            "expected yes or no, got text 'perhaps'",
            id="yesno",
        ),
        pytest.param(
            "{id: l, prompt: L, type: list, default: just one line}",
            "expected a list of short text items",
            id="list-shape",
        ),
        pytest.param(
            "{id: r, prompt: R, type: records, fields: [{id: stage, prompt: S, type: choice,"
            " choices: stages}], default: [{stage: university}]}",
            "record 1: stage: 'university' is not one of the choices",
            id="records-field-choice",
        ),
        pytest.param(
            "{id: r, prompt: R, type: records, fields: [{id: name, prompt: N}],"
            " default: [{name: A, email: a@example.org}]}",
            "record 1: unknown field 'email'",
            id="records-unknown-field",
        ),
    ],
)
def test_a_default_that_is_not_a_valid_answer_is_refused_on_its_line(
    tmp_path: Path, step: str, message: str
) -> None:
    found = problems(tmp_path, f"- {{id: first, prompt: First}}\n- {step}\n")
    assert len(found) == 1, found
    assert found[0].startswith("notes.yaml:5: steps.1.default: not a valid answer: ")
    assert message in found[0]


def test_a_default_on_its_own_line_is_reported_there(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        - id: horizon
          prompt: How far ahead?
          type: choice
          choices: [three_years, five_years]
          default: six_years
        """,
    )
    assert found == [
        "notes.yaml:8: steps.0.default: not a valid answer: 'six_years' is not one of the "
        "choices: five_years, three_years"
    ]


def test_valid_defaults_load_and_yes_no_text_becomes_a_boolean(tmp_path: Path) -> None:
    studio = load(
        tmp_path,
        """\
        - {id: horizon, prompt: H, type: choice, choices: [three, five], default: five}
        - {id: ready, prompt: R, type: yesno, default: "No"}
        - {id: stages, prompt: S, type: multichoice, choices: stages, default: [middle]}
        - {id: when, prompt: W, type: date, max: "2030-01-01", default: "2026-09-01"}
        - {id: count, prompt: C, type: number, integer: true, min: 1, default: 3}
        - {id: picked, prompt: P, type: multichoice, choices_from: studio-3.problems.title,
           default: [Anything from the answers]}
        - id: people
          prompt: People
          type: records
          fields: [{id: name, prompt: N}, {id: sector, prompt: S, type: choice,
                    choices: stakeholder_groups, required: false}]
          default: [{name: Dana, sector: business}, {name: Ali}]
        """,
    )
    defaults = {s.id: s.default for s in studio.steps}
    assert defaults["horizon"] == "five"
    assert defaults["ready"] is False
    assert defaults["picked"] == ["Anything from the answers"]
    assert defaults["people"][1] == {"name": "Ali"}


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        pytest.param(
            "{id: n, prompt: N, type: number, min: 10, max: 1}",
            "steps.0.min: min 10 is above max 1",
            id="number",
        ),
        pytest.param(
            "{id: d, prompt: D, type: date, min: '2026-02-01', max: '2026-01-31'}",
            "steps.0.min: min 2026-02-01 is above max 2026-01-31",
            id="date",
        ),
        pytest.param(
            "{id: l, prompt: L, type: list, min: 3, max: 2}",
            "steps.0.min: min 3 is above max 2",
            id="count",
        ),
        pytest.param(
            "{id: l, prompt: L, type: list, min: -1}",
            "steps.0.min: must not be negative (it counts)",
            id="negative-count",
        ),
        pytest.param(
            "{id: d, prompt: D, type: date, max: 2026}",
            "steps.0.max: must be a date YYYY-MM-DD",
            id="date-bound-not-a-date",
        ),
    ],
)
def test_bounds_out_of_order_are_refused(tmp_path: Path, step: str, expected: str) -> None:
    assert problems(tmp_path, f"- {step}\n") == [f"notes.yaml:4: {expected}"]


def test_a_negative_number_bound_is_fine_for_a_number(tmp_path: Path) -> None:
    studio = load(tmp_path, "- {id: n, prompt: N, type: number, min: -40, max: 50}\n")
    assert (studio.steps[0].min, studio.steps[0].max) == (-40, 50)


def test_keys_the_engine_ignores_for_record_fields_are_refused(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        - {id: host, prompt: Host}
        - id: people
          prompt: People
          type: records
          fields:
            - {id: name, prompt: N, default: Dana, default_from: host}
            - {id: role, prompt: R, when: {step: host, answered: true}}
        """,
    )
    assert found == [
        "notes.yaml:9: steps.1.fields.0.default: not used for a field of a records step",
        "notes.yaml:9: steps.1.fields.0.default_from: not used for a field of a records step",
        "notes.yaml:10: steps.1.fields.1.when: not used for a field of a records step",
    ]


def test_a_reference_to_a_field_of_an_earlier_step_must_name_a_real_field(
    tmp_path: Path,
) -> None:
    found = problems(
        tmp_path,
        """\
        - id: problems
          prompt: Problems
          type: records
          fields: [{id: title, prompt: T}]
        - {id: priority, prompt: P, type: multichoice, choices_from: problems.name}
        - id: actions
          prompt: Actions
          type: records
          fields:
            - {id: problem, prompt: Which?, type: choice, choices_from: problems.titel}
            - {id: later, prompt: L, type: choice, choices_from: wins}
        - {id: wins, prompt: W, type: list}
        """,
    )
    assert found == [
        "notes.yaml:8: steps.1.choices_from: 'problems' has no field 'name'",
        "notes.yaml:13: steps.2.fields.0.choices_from: 'problems' has no field 'titel'",
        "notes.yaml:14: steps.2.fields.1.choices_from: refers to 'wins', which is not asked before",
    ]
