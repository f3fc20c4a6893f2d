"""Studio definitions: how the loader reads them, and that nothing else names a step they lack.

- The loader reads yes/no settings the way a facilitator writes them, and checks
  a step's ``default`` and bounds when the definition is loaded (``file:line``).
- Every step id (and record field) that a packaged template, the package's
  Python code or a packaged definition names is defined by a packaged studio,
  so that renaming a step fails here instead of rendering "To be decided".
  How each kind of reference is found is explained above its checker below.
- ``studios/SCHEMA.md`` documents exactly the studio keys, step keys, step
  types, condition operators and vocabularies the engine has.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import pytest
from jinja2 import nodes

from stemeco import registry
from stemeco.errors import ValidationFailed
from stemeco.resources import PACKAGE_DIR, studios_dir, templates_dir
from stemeco.storage.read import parse_yaml
from stemeco.studios.definition import (
    CONDITION_OPS,
    STEP_KEYS,
    STEP_TYPES,
    STUDIO_KEYS,
    Step,
    Studio,
)
from stemeco.studios.loader import load_definition
from stemeco.vocab import VOCABULARIES


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
        # A field's condition may look at an earlier field of its own record only.
        "notes.yaml:10: steps.1.fields.1.when: refers to 'host', which is not a field of "
        "this record",
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


# --------------------------------------------------------------------------- cross-references
#
# Each checker returns problems as "where: what" lines and takes the definitions
# as an argument, so the tests below can feed it a renamed step or a broken
# template and watch it fail.

#: Template and code names that hold one session's answers.
ANSWER_NAMES: dict[str, str] = {
    "s1": "studio-1",
    "s2": "studio-2",
    "s3": "studio-3",
    "s4": "studio-4",
    "bp": "business-plan",
}


def packaged_studios() -> dict[str, Studio]:
    return {p.stem: load_definition(p) for p in sorted(studios_dir().glob("*.yaml"))}


def resolve(
    studios: Mapping[str, Studio], session: str, step_id: str, field_id: str | None = None
) -> str | None:
    """What is wrong with the reference ``session.step[.field]``, or None."""
    studio = studios.get(session)
    if studio is None:
        return f"there is no session '{session}'"
    step = studio.step(step_id)
    if step is None:
        return f"{session} has no step '{step_id}'"
    if field_id is not None:
        if step.type != "records":
            return f"{session}.{step_id} is a {step.type} step: it has no field '{field_id}'"
        if step.field(field_id) is None:
            return f"{session}.{step_id} has no field '{field_id}'"
    return None


def resolve_dotted(studios: Mapping[str, Studio], current: str, ref: str) -> str | None:
    """``step[.field]`` of ``current``, or ``session.step[.field]`` (as AnswerContext.lookup)."""
    parts = ref.split(".")
    session = current
    if "-" in parts[0]:
        session, parts = parts[0], parts[1:]
    if not 1 <= len(parts) <= 2:
        return f"'{ref}' is not step, step.field or session.step[.field]"
    return resolve(studios, session, parts[0], parts[1] if len(parts) == 2 else None)


# ------------------------------------------------------------ templates
#
# Templates are parsed with Jinja (no rendering) and their syntax tree walked:
#
# - ``s1``..``s4``, ``bp`` and ``answers['<session>']`` hold a session's answers,
#   so ``s3.problems`` (or ``s3['problems']``) names a step and ``s3.problems.title``
#   a field of it;
# - ``{% for p in s3.problems %}`` (through sort/selectattr/rejectattr/list/
#   reverse/unique filters and slices) or ``{% set ps = s3.problems %}`` makes
#   ``p.title`` a field of that step;
# - ``map``/``sort``/``selectattr``/``rejectattr``/``groupby``/``sum``/``unique``
#   with ``attribute=`` (or selectattr's first argument) on a records step name a field;
# - the ``label("studio-4.resources.kind")`` filter names a step or field that
#   must offer choices, and ``label("stages")`` a vocabulary;
# - ``studios['<session>']`` names a session.
#
# A method call (``s3.problems.items()``) is not a reference.

RECORD_PASSING_FILTERS = {"sort", "selectattr", "rejectattr", "list", "reverse", "unique"}
ATTRIBUTE_FILTERS = {"map", "sort", "selectattr", "rejectattr", "groupby", "sum", "unique"}


class Bound(NamedTuple):
    """What a template name holds: the records of a step, or one record of them."""

    session: str
    step: str
    record: bool


def _key(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        value = node.arg.value
        return value if isinstance(value, str) else None
    return None


def _session_of(node: nodes.Node) -> str | None:
    """The session whose answers ``node`` holds (``s3``, ``bp``, ``answers['studio-3']``)."""
    if isinstance(node, nodes.Name):
        return ANSWER_NAMES.get(node.name)
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.node, nodes.Name)
        and node.node.name == "answers"
    ):
        return _key(node)
    return None


def _step_of(node: nodes.Node) -> tuple[str, str] | None:
    """(session, step) when ``node`` is ``s3.problems`` or the like."""
    if isinstance(node, nodes.Getattr | nodes.Getitem):
        session, key = _session_of(node.node), _key(node)
        if session is not None and key is not None:
            return session, key
    return None


def _records(node: nodes.Node, env: Mapping[str, Bound]) -> Bound | None:
    """The records ``node`` evaluates to, through filters and slices that keep them records."""
    while True:
        if isinstance(node, nodes.Filter) and node.name in RECORD_PASSING_FILTERS:
            assert node.node is not None
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Slice):
            node = node.node
        else:
            break
    step = _step_of(node)
    if step is not None:
        return Bound(*step, record=False)
    if isinstance(node, nodes.Name):
        bound = env.get(node.name)
        if bound is not None and not bound.record:
            return bound
    return None


class TemplateRefs:
    """Walks one template's syntax tree and collects what is wrong with its references."""

    def __init__(self, name: str, studios: Mapping[str, Studio]) -> None:
        self.name = name
        self.studios = studios
        self.problems: list[str] = []
        self.callees: set[int] = set()

    def report(self, node: nodes.Node, text: str, problem: str | None) -> None:
        if problem is not None:
            self.problems.append(f"{self.name}:{node.lineno}: {text}: {problem}")

    def check(self, source: str) -> list[str]:
        tree = jinja2.Environment(trim_blocks=True, lstrip_blocks=True).parse(source)
        self.callees = {id(call.node) for call in tree.find_all(nodes.Call)}
        self.walk(tree.body, {})
        return self.problems

    def walk(self, body: Iterable[nodes.Node], env: dict[str, Bound]) -> None:
        for node in body:
            self.node(node, env)

    def node(self, node: nodes.Node, env: dict[str, Bound]) -> None:
        if isinstance(node, nodes.For):
            self.node(node.iter, env)
            inner = dict(env)
            records = _records(node.iter, env)
            if isinstance(node.target, nodes.Name):
                inner.pop(node.target.name, None)
                if records is not None:
                    inner[node.target.name] = records._replace(record=True)
            self.walk(node.body, inner)
            if node.test is not None:
                self.node(node.test, inner)
            self.walk(node.else_, env)
            return
        if isinstance(node, nodes.Assign):
            self.node(node.node, env)
            if isinstance(node.target, nodes.Name):
                env.pop(node.target.name, None)
                records = _records(node.node, env)
                if records is not None:
                    env[node.target.name] = records
            return
        self.visit(node, env)
        for child in node.iter_child_nodes():
            self.node(child, env)

    def visit(self, node: nodes.Node, env: Mapping[str, Bound]) -> None:
        if isinstance(node, nodes.Getattr | nodes.Getitem) and id(node) not in self.callees:
            key = _key(node)
            if key is None:
                return
            base = node.node
            session = _session_of(base)
            step = _step_of(base)
            if session is not None:
                self.report(node, f"{session}.{key}", resolve(self.studios, session, key))
            elif step is not None:
                text = f"{step[0]}.{step[1]}.{key}"
                self.report(node, text, resolve(self.studios, *step, key))
            elif isinstance(base, nodes.Name) and base.name in env and env[base.name].record:
                bound = env[base.name]
                text = f"{base.name}.{key} ({bound.session}.{bound.step})"
                self.report(node, text, resolve(self.studios, bound.session, bound.step, key))
            elif isinstance(base, nodes.Name) and base.name == "studios":
                known = key in self.studios
                self.report(node, f"studios[{key!r}]", None if known else "no such session")
        elif isinstance(node, nodes.Filter):
            self.filter(node, env)

    def filter(self, node: nodes.Filter, env: Mapping[str, Bound]) -> None:
        if node.name == "label" and node.args and isinstance(node.args[0], nodes.Const):
            self.label(node, str(node.args[0].value))
            return
        if node.name not in ATTRIBUTE_FILTERS or node.node is None:
            return
        records = _records(node.node, env)
        if records is None:
            return
        attribute = next((k.value for k in node.kwargs if k.key == "attribute"), None)
        if attribute is None and node.name in ("selectattr", "rejectattr") and node.args:
            attribute = node.args[0]
        if isinstance(attribute, nodes.Const) and isinstance(attribute.value, str):
            text = f"{records.session}.{records.step} | {node.name}({attribute.value!r})"
            field = attribute.value.split(".")[0]
            self.report(node, text, resolve(self.studios, records.session, records.step, field))

    def label(self, node: nodes.Filter, ref: str) -> None:
        text = f"label({ref!r})"
        if "." not in ref:
            self.report(node, text, None if ref in VOCABULARIES else "no such vocabulary")
            return
        session, step_id, *rest = ref.split(".")
        field_id = rest[0] if rest else None
        problem = resolve(self.studios, session, step_id, field_id)
        if problem is None:
            step = self.studios[session].step(step_id)
            assert step is not None
            target = step.field(field_id) if field_id else step
            if target is None or not target.choices:
                problem = "it offers no choices to label"
        self.report(node, text, problem)


def template_problems(name: str, source: str, studios: Mapping[str, Studio]) -> list[str]:
    return TemplateRefs(name, studios).check(source)


def packaged_template_problems(studios: Mapping[str, Studio]) -> list[str]:
    found = []
    for path in sorted(templates_dir().glob("*.j2")):
        found += template_problems(path.name, path.read_text(encoding="utf-8"), studios)
    return found


# ------------------------------------------------------------ Python code
#
# The code reads answers in a few plain ways, and CODE_READS below is the
# hand-written table of what each function reads. The test proves both sides:
#
# - every entry resolves against the definitions (a renamed step or field fails);
# - the table is complete: the package's source is parsed (``ast``) and every
#   read of a step id is found: ``X.get("id")`` or ``X["id"]`` where X holds one
#   session's answers (``<session>.answers``, ``project.session(S).answers``, a
#   name ``s1``..``s4``/``bp``, ``ctx["s4"]``/``ctx["bp"]``, ``ctx["answers"][S]``,
#   ``all_answers()[S]``, or a local name assigned one of those), and
#   ``<studio>.step("id")``. String constants of the module (or imported from
#   stemeco) count as literals. Each such read must be listed for its function,
#   and for the session the scanner can tell;
# - within a function of the table, every ``name.get("key")``/``name["key"]`` on a
#   plain local name (not ``ctx`` nor an answers name) is taken as a read of a
#   record field and must be listed among that function's fields;
# - a step read handed straight to a function (``budget_context(...get("budget"))``)
#   makes that function a reader: it must be in the table too.
#
# What the scanner cannot follow: records handed on through a second function
# or a local variable (``business_plan.budget``, ``render_context._year``): those
# helpers are listed by hand below, and their own field reads are checked.

#: "path:function" -> {"session.step": (record fields the function reads)}.
CODE_READS: dict[str, dict[str, tuple[str, ...]]] = {
    "stemeco/plan/indicators.py:studio_indicators": {"studio-4.indicators": ("name",)},
    "stemeco/plan/indicators.py:line_of_sight": {
        "studio-3.priority_problems": (),
        "studio-4.actions": ("problem", "pillar"),
    },
    # `stemeco indicators add --name ...`: checked like the field of the same name
    "stemeco/plan/indicators.py:add_indicator": {"studio-4.indicators": ("name",)},
    # ... and `indicators add|edit`: every option checked like the field of the same name
    "stemeco/plan/indicators.py:_checked_fields": {"studio-4.indicators": ()},
    "stemeco/plan/render_context.py:plan_context": {"business-plan.budget": ("kind",)},
    "stemeco/plan/render_context.py:action_problems": {
        "studio-3.problems": ("title",),
        "studio-4.actions": ("problem",),
    },
    "stemeco/studios/feature.py:resource_totals": {"studio-4.resources": ("amount", "committed")},
    # helpers that are handed the records by the functions above
    "stemeco/plan/render_context.py:_year": {"business-plan.budget": ("year",)},
    "stemeco/plan/business_plan.py:budget_context": {"business-plan.budget": ()},
    "stemeco/plan/business_plan.py:budget": {
        "business-plan.budget": ("year", "amount", "kind", "status"),
    },
}


def code_field_lists() -> dict[str, tuple[str, ...]]:
    """Constants of the code that list a records step's fields: "session.step" -> fields."""
    from stemeco.plan import indicators

    return {"studio-4.indicators": indicators.FIELDS}


INDICATORS_PY = "stemeco/plan/indicators.py"


class Read(NamedTuple):
    where: str  # path:line
    function: str
    session: str | None  # None when the scanner cannot tell
    key: str


class ScannedModule(NamedTuple):
    functions: set[str]
    steps: list[Read]
    fields: list[Read]
    handed: list[Read]  # step reads passed straight to a function (named in `function`)


def _module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level string constants, and those imported from stemeco."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            if isinstance(node.value.value, str):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = node.value.value
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stemeco"):
            module = importlib.import_module(str(node.module))
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if isinstance(value, str):
                    found[alias.asname or alias.name] = value
    return found


def _function_bodies(tree: ast.Module) -> Iterator[tuple[str, list[ast.stmt]]]:
    """("<module>", top-level code), then every function and method, nested ones too."""
    yield "<module>", [n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)]

    def inside(body: list[ast.stmt], prefix: str) -> Iterator[tuple[str, list[ast.stmt]]]:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield prefix + node.name, node.body
                yield from inside(node.body, f"{prefix}{node.name}.")
            elif isinstance(node, ast.ClassDef):
                yield from inside(node.body, f"{prefix}{node.name}.")

    yield from inside(tree.body, "")


def _own_nodes(body: list[ast.stmt]) -> list[ast.AST]:
    """The nodes of a function body, not of the functions defined inside it, in source order."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(
            c
            for c in ast.iter_child_nodes(node)
            if not isinstance(c, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        )
    return sorted(out, key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))


class _Function:
    """What one function reads from the answers (see the comment above CODE_READS)."""

    def __init__(self, label: str, name: str, strings: Mapping[str, str]) -> None:
        self.label = label
        self.name = name
        self.strings = strings
        self.local: dict[str, tuple[str, str | None]] = {}

    def text(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return self.strings.get(node.id)
        return None

    def holds(self, node: ast.AST) -> tuple[str, str | None] | None:
        """("answers", session) for one session's answers, ("all", None) for every
        session's, ("session"/"studio", id) for a session state or definition."""
        if isinstance(node, ast.Name):
            if node.id in ANSWER_NAMES:
                return "answers", ANSWER_NAMES[node.id]
            return self.local.get(node.id)
        if isinstance(node, ast.BoolOp):  # x.get("a") or []
            return next((h for h in map(self.holds, node.values) if h is not None), None)
        if isinstance(node, ast.Attribute) and node.attr == "answers":
            inner = self.holds(node.value)
            return "answers", inner[1] if inner is not None and inner[0] == "session" else None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "all_answers":
                return "all", None
            if node.func.attr in ("session", "studio") and node.args:
                return node.func.attr, self.text(node.args[0])
            if node.func.attr == "get" and node.args:
                return self.within(node.func.value, node.args[0])
        if isinstance(node, ast.Subscript):
            if isinstance(node.value, ast.Name) and node.value.id == "ctx":
                key = self.text(node.slice)
                if key in ANSWER_NAMES:
                    return "answers", ANSWER_NAMES[key]
                return ("all", None) if key == "answers" else None
            return self.within(node.value, node.slice)
        return None

    def within(self, outer: ast.AST, key_node: ast.AST) -> tuple[str, str | None] | None:
        """What ``outer[key]`` holds: one session's answers, or the answer to a step."""
        outer_holds, key = self.holds(outer), self.text(key_node)
        if outer_holds is None or key is None:
            return None
        if outer_holds[0] == "all":
            return "answers", key
        if outer_holds[0] == "answers":
            return "step", f"{outer_holds[1]}.{key}"
        return None

    def step_read(self, node: ast.AST) -> Read | None:
        """The step ``node`` reads: ``answers.get("id")``, ``answers["id"]``, ``.step("id")``."""
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            if node.func.attr == "step":
                key = self.text(node.args[0])
                owner = self.holds(node.func.value)
                session = owner[1] if owner is not None and owner[0] == "studio" else None
                if key is not None:
                    return Read(f"{self.label}:{line}", self.name, session, key)
                return None
        if isinstance(node, ast.Call | ast.Subscript):
            found = self.holds(node)
            if found is not None and found[0] == "step" and found[1] is not None:
                session, _, key = found[1].rpartition(".")
                return Read(f"{self.label}:{line}", self.name, session or None, key)
        return None

    def scan(self, body: list[ast.stmt]) -> tuple[list[Read], list[Read], list[Read]]:
        steps: list[Read] = []
        fields: list[Read] = []
        handed: list[Read] = []
        for node in _own_nodes(body):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    held = self.holds(node.value)
                    if held is not None and held[0] != "step":
                        self.local[target.id] = held
                    else:
                        self.local.pop(target.id, None)
            if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load):
                continue
            read = self.step_read(node)
            if read is not None:
                steps.append(read)
                continue
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                for arg in node.args:
                    passed = self.step_read(arg.values[0] if isinstance(arg, ast.BoolOp) else arg)
                    if passed is not None:
                        handed.append(passed._replace(function=node.func.id))
            field = self.field_read(node)
            if field is not None:
                fields.append(field)
        return steps, fields, handed

    def field_read(self, node: ast.AST) -> Read | None:
        """``record.get("key")`` or ``record["key"]`` on a plain local name."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr != "get" or not node.args:
                return None
            receiver, key = node.func.value, self.text(node.args[0])
        elif isinstance(node, ast.Subscript):
            receiver, key = node.value, self.text(node.slice)
        else:
            return None
        if not isinstance(receiver, ast.Name) or key is None:
            return None
        if receiver.id in ANSWER_NAMES or receiver.id == "ctx" or self.holds(receiver):
            return None
        return Read(f"{self.label}:{getattr(node, 'lineno', 0)}", self.name, None, key)


def scan_module(label: str, source: str) -> ScannedModule:
    tree = ast.parse(source)
    strings = _module_strings(tree)
    functions: set[str] = set()
    steps: list[Read] = []
    fields: list[Read] = []
    handed: list[Read] = []
    for name, body in _function_bodies(tree):
        functions.add(name)
        found = _Function(label, name, strings).scan(body)
        steps += found[0]
        fields += found[1]
        handed += found[2]
    return ScannedModule(functions, steps, fields, handed)


def code_problems(
    sources: Mapping[str, str],
    studios: Mapping[str, Studio],
    table: Mapping[str, Mapping[str, tuple[str, ...]]] = CODE_READS,
) -> list[str]:
    """What is wrong between the code in ``sources`` (path -> text), the table and the steps."""
    problems: list[str] = []
    scanned = {path: scan_module(path, text) for path, text in sources.items()}
    for entry, reads in table.items():
        path, _, function = entry.partition(":")
        if path in scanned and function not in scanned[path].functions:
            problems.append(f"CODE_READS: {entry}: no such function (update the table)")
        for ref, fields in reads.items():
            session, _, step_id = ref.partition(".")
            for field_id in fields or (None,):
                problem = resolve(studios, session, step_id, field_id)
                if problem is not None:
                    problems.append(f"CODE_READS: {entry}: {problem}")
    for path, module in scanned.items():
        for read in module.steps:
            listed = table.get(f"{path}:{read.function}", {})
            sessions = [r.partition(".")[0] for r in listed if r.partition(".")[2] == read.key]
            if not sessions or read.session is not None and read.session not in sessions:
                session = read.session or "?"
                problems.append(
                    f"{read.where}: {read.function} reads step '{session}.{read.key}', "
                    "which CODE_READS does not list for it"
                )
        for read in module.handed:
            if not any(e.endswith(f":{read.function}") for e in table):
                problems.append(
                    f"{read.where}: step '{read.key}' is handed to {read.function}, "
                    "which CODE_READS does not list"
                )
        for read in module.fields:
            in_table = table.get(f"{path}:{read.function}")
            if in_table is not None and not any(read.key in f for f in in_table.values()):
                problems.append(
                    f"{read.where}: {read.function} reads the record field '{read.key}', "
                    "which CODE_READS does not list for it"
                )
    return problems


def package_sources() -> dict[str, str]:
    root = PACKAGE_DIR.parent
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(PACKAGE_DIR.rglob("*.py"))
        if "_data" not in p.parts
    }


def code_field_list_problems(studios: Mapping[str, Studio]) -> list[str]:
    problems = []
    for ref, fields in code_field_lists().items():
        session, _, step_id = ref.partition(".")
        for field_id in fields:
            problem = resolve(studios, session, step_id, field_id)
            if problem is not None:
                problems.append(f"field list of {ref}: {problem}")
    return problems


# ------------------------------------------------------------ definitions
#
# A definition's references within itself are checked by the loader; those to
# another session (``studio-3.problems.title``) and to project data
# (``project:NAME``) can only be checked with every definition and the
# registry at hand, which is done here.


def _references(step: Step) -> Iterator[tuple[str, str]]:
    for key, ref in (
        ("default_from", step.default_from),
        ("choices_from", step.choices_from),
        ("when", step.when.step if step.when else None),
    ):
        if ref:
            yield key, ref


def definition_problems(studios: Mapping[str, Studio]) -> list[str]:
    providers = registry.providers()
    problems = []
    for studio in studios.values():
        for step in studio.steps:
            for owner, fld in [(step.id, step)] + [(f"{step.id}.{f.id}", f) for f in step.fields]:
                for key, ref in _references(fld):
                    if fld is not step and key == "when":
                        continue  # an earlier field of the same record: the loader checks it
                    where = f"{studio.source.name}: {owner}.{key}"
                    if ref.startswith("project:"):
                        name = ref.removeprefix("project:")
                        if name not in providers:
                            problems.append(f"{where}: no provider '{name}'")
                        continue
                    problem = resolve_dotted(studios, studio.id, ref)
                    if problem is not None:
                        problems.append(f"{where}: {ref}: {problem}")
    return problems


def all_problems(studios: Mapping[str, Studio]) -> list[str]:
    return (
        packaged_template_problems(studios)
        + code_problems(package_sources(), studios)
        + code_field_list_problems(studios)
        + definition_problems(studios)
    )


# ------------------------------------------------------------ the packaged ones pass


def test_packaged_templates_name_only_defined_steps_and_fields() -> None:
    """Every step, record field and ``label`` reference of the templates resolves."""
    assert packaged_template_problems(packaged_studios()) == []


def test_the_code_reads_only_defined_steps_and_its_table_is_complete() -> None:
    """CODE_READS resolves, and scanning the package finds no read it does not list."""
    studios = packaged_studios()
    assert code_problems(package_sources(), studios) == []
    assert code_field_list_problems(studios) == []


def test_packaged_definitions_refer_to_defined_steps_and_declared_providers() -> None:
    """``studio-N.step[.field]`` in choices_from/default_from/when, and ``project:NAME``."""
    assert definition_problems(packaged_studios()) == []


def test_the_scanners_see_the_references_they_are_meant_to_see() -> None:
    """Guards against a checker that passes because it finds nothing."""
    named: set[str] = set()
    for name in ("blueprint.md.j2", "_plan.md.j2"):  # the blueprint and the part it includes
        text = (templates_dir() / name).read_text(encoding="utf-8")
        named |= {p.split(": ")[1] for p in TemplateRefs(name, {}).check(text)}
    studios = packaged_studios()
    every_step = {f"studio-{n}.{s.id}" for n in range(1, 5) for s in studios[f"studio-{n}"].steps}
    # the blueprint shows every answer of the four studios
    assert every_step - named == set()
    assert "p.evidence (studio-3.problems)" in named
    assert "label('studio-4.indicators.frequency')" in named
    module = scan_module(INDICATORS_PY, package_sources()[INDICATORS_PY])
    assert {(r.session, r.key) for r in module.steps} >= {
        ("studio-3", "priority_problems"),
        ("studio-4", "actions"),
        ("studio-4", "indicators"),
    }
    assert {r.key for r in module.fields if r.function == "line_of_sight"} == {"problem", "pillar"}


# ------------------------------------------------------------ and they fail when they should


def test_renaming_a_step_fails_in_every_place_that_names_it(tmp_path: Path) -> None:
    """Rename Studio III's priority_problems in a copy of the definitions."""
    for path in studios_dir().glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.stem == "studio-3":
            assert "id: priority_problems" in text
            text = text.replace("id: priority_problems", "id: top_problems")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    studios = {p.stem: load_definition(p) for p in sorted(tmp_path.glob("*.yaml"))}
    found = all_problems(studios)
    about = [p for p in found if "priority_problems" in p]
    assert about == found
    assert any(p.startswith("blueprint.md.j2:") for p in about)
    assert any("indicators.py" in p and "line_of_sight" in p for p in about)


def test_renaming_a_record_field_fails_where_it_is_read(tmp_path: Path) -> None:
    for path in studios_dir().glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.stem == "business-plan":
            text = text.replace("      - id: fte\n", "      - id: share\n")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    studios = {p.stem: load_definition(p) for p in sorted(tmp_path.glob("*.yaml"))}
    assert packaged_template_problems(studios) == [
        "business-plan.md.j2:19: s.fte (business-plan.backbone_staff): business-plan"
        ".backbone_staff has no field 'fte'",
        "business-plan.md.j2:22: business-plan.backbone_staff | map('fte'): business-plan"
        ".backbone_staff has no field 'fte'",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ s1.mision_draft }}", "1: studio-1.mision_draft: studio-1 has no step 'mision_draft'"),
        ("{{ s1['mision_draft'] }}", "studio-1 has no step 'mision_draft'"),
        ("{{ answers['studio-2'].visions }}", "studio-2 has no step 'visions'"),
        ("{{ answers['studio-9'].vision }}", "there is no session 'studio-9'"),
        ("{{ bp.budgets | length }}", "business-plan has no step 'budgets'"),
        ("{{ s3.problems.titel }}", "studio-3.problems has no field 'titel'"),
        ("{{ s2.vision.text }}", "studio-2.vision is a longtext step: it has no field 'text'"),
        (
            "{% for p in s3.problems %}\n{{ p.statment }}\n{% endfor %}",
            "2: p.statment (studio-3.problems): studio-3.problems has no field 'statment'",
        ),
        (
            "{% set ps = s3.problems %}{% for p in ps | sort(attribute='title') %}"
            "{% for a in s4.actions[:3] %}{{ a.leader }}{{ p.title }}{% endfor %}{% endfor %}",
            "studio-4.actions has no field 'leader'",
        ),
        (
            "{% for p in s3.problems if p.stage %}{% endfor %}",
            "studio-3.problems has no field 'stage'",
        ),
        ("{{ bp.backbone_staff | map(attribute='salary') | sum }}", "has no field 'salary'"),
        ("{{ s3.problems | selectattr('priority') | list }}", "has no field 'priority'"),
        ("{{ x | label('studio-4.resources.sort') }}", "has no field 'sort'"),
        ("{{ x | label('studio-4.resources.name') }}", "it offers no choices to label"),
        ("{{ x | label('stagez') }}", "label('stagez'): no such vocabulary"),
        ("{{ studios['studio-5'].status }}", "studios['studio-5']: no such session"),
    ],
)
def test_a_template_naming_an_undefined_step_or_field_is_caught(source: str, expected: str) -> None:
    found = template_problems("new.md.j2", source, packaged_studios())
    assert len(found) == 1, found
    assert expected in found[0]


def test_template_names_that_are_not_answers_are_left_alone() -> None:
    source = (
        "{{ s1.mission_draft }}{{ s3['problems'] | length }}{{ s3.problems.items() }}"
        "{% for p in s3.problems %}{{ p.title }}{% for s in p.stages %}{{ s.x }}{% endfor %}"
        "{% endfor %}{{ p.anything }}{% for s in community.calendar %}{{ s.when }}{% endfor %}"
        "{{ studios['business-plan'].status }}{{ vision.x }}{{ s4.resources | map(attribute="
        "'amount') | sum }}{{ y | label('pillars') }}{{ y | label('studio-2.time_horizon') }}"
    )
    assert template_problems("fine.md.j2", source, packaged_studios()) == []


CODE_CASES = {
    "unlisted-function": (
        "def new_report(project):\n"
        "    s4 = project.session('studio-4').answers\n"
        "    return s4.get('quick_wins')\n",
        "stemeco/x.py:3: new_report reads step 'studio-4.quick_wins', which CODE_READS does"
        " not list for it",
    ),
    "undefined-step": (
        "def new_report(ctx):\n    return ctx['s2']['visions']\n",
        "reads step 'studio-2.visions'",
    ),
    "through-all-answers": (
        "STUDIO = 'studio-1'\n"
        "def new_report(project):\n"
        "    return project.all_answers()[STUDIO].get('vision') or ''\n",
        "reads step 'studio-1.vision'",
    ),
    "step-lookup": (
        "def new_report(project):\n"
        "    studio = project.studio('studio-3')\n"
        "    return studio.step('problems')\n",
        "reads step 'studio-3.problems'",
    ),
    "wrong-session": (
        "def line_of_sight(project):\n    return project.session('studio-2').answers['actions']\n",
        "line_of_sight reads step 'studio-2.actions'",
    ),
    "unlisted-field": (
        "def line_of_sight(project):\n"
        "    for a in project.session('studio-4').answers.get('actions') or []:\n"
        "        yield a.get('lead')\n",
        "line_of_sight reads the record field 'lead', which CODE_READS does not list",
    ),
    "handed-on": (
        "from stemeco.plan.business_plan import SESSION\n"
        "def context(project):\n"
        "    return summarise(project.session(SESSION).answers.get('risks') or [])\n",
        "step 'risks' is handed to summarise, which CODE_READS does not list",
    ),
}


@pytest.mark.parametrize("case", sorted(CODE_CASES))
def test_code_reading_an_unlisted_step_or_field_is_caught(case: str) -> None:
    source, expected = CODE_CASES[case]
    label = "stemeco/plan/indicators.py" if "line_of_sight" in source else "stemeco/x.py"
    found = code_problems({label: source}, packaged_studios())
    assert any(expected in p for p in found), found


def test_a_stale_code_table_entry_is_caught() -> None:
    table: dict[str, Any] = {
        **CODE_READS,
        "stemeco/plan/indicators.py:gone": {"studio-4.indicators": ()},
        "stemeco/plan/render_context.py:plan_context": {"business-plan.budget": ("sort",)},
    }
    found = code_problems(package_sources(), packaged_studios(), table)
    assert sorted(found) == [
        "CODE_READS: stemeco/plan/indicators.py:gone: no such function (update the table)",
        "CODE_READS: stemeco/plan/render_context.py:plan_context: business-plan.budget has no"
        " field 'sort'",
        "stemeco/plan/render_context.py:48: plan_context reads the record field 'kind', which"
        " CODE_READS does not list for it",
        "stemeco/plan/render_context.py:49: plan_context reads the record field 'kind', which"
        " CODE_READS does not list for it",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("default_from: project:asset_findings", "default_from: project:asset_finding"),
            "studio-3.yaml: data_findings.default_from: no provider 'asset_finding'",
        ),
        (
            ("choices_from: studio-3.problems.title", "choices_from: studio-3.problems.name"),
            "studio-4.yaml: actions.problem.choices_from: studio-3.problems.name: "
            "studio-3.problems has no field 'name'",
        ),
        (
            ("default_from: studio-4.communications", "default_from: studio-4.comms"),
            "business-plan.yaml: communication_cadence.default_from: studio-4.comms: "
            "studio-4 has no step 'comms'",
        ),
        (
            (
                "    type: longtext\n    min: 20\n\n  - id: future",
                "    type: longtext\n"
                "    min: 20\n    when: {step: studio-1.vision, answered: true}\n\n  - id: future",
            ),
            "studio-2.yaml: vision.when: studio-1.vision: studio-1 has no step 'vision'",
        ),
    ],
)
def test_a_definition_referring_to_an_unknown_step_or_provider_is_caught(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    changed = 0
    for path in studios_dir().glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        changed += text.count(old)
        (tmp_path / path.name).write_text(text.replace(old, new), encoding="utf-8")
    assert changed == 1
    studios = {p.stem: load_definition(p) for p in sorted(tmp_path.glob("*.yaml"))}
    assert definition_problems(studios) == [expected]


# --------------------------------------------------------------------------- SCHEMA.md
#
# SCHEMA.md keeps each list of names in a Markdown table under its own heading;
# the first cell of each row is the name in backticks. The tests compare each
# table with the engine both ways: nothing missing, nothing the loader refuses.

SCHEMA = studios_dir() / "SCHEMA.md"


def schema_sections(text: str) -> dict[str, list[str]]:
    """Heading (without #s and backticks) -> the lines under it, up to the next heading."""
    sections: dict[str, list[str]] = {}
    current = ""
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("#"):
            current = line.lstrip("#").strip().strip("`")
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def table_rows(lines: list[str]) -> list[list[str]]:
    """The body rows of the first Markdown table in ``lines``, as lists of cells."""
    rows = []
    for line in lines:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    return rows[2:]  # without the header and the |---| line


def documented(section: str) -> list[str]:
    """The names in the first column of a section's table."""
    names = []
    for row in table_rows(schema_sections(SCHEMA.read_text(encoding="utf-8"))[section]):
        match = re.fullmatch(r"`([a-z_]+)`", row[0])
        assert match, f"SCHEMA.md, {section}: the first cell {row[0]!r} is not a `name`"
        names.append(match.group(1))
    return names


@pytest.mark.parametrize(
    ("section", "engine"),
    [
        ("Studio keys", STUDIO_KEYS),
        ("Step keys", STEP_KEYS),
        ("Step types", STEP_TYPES),
        ("Conditions", CONDITION_OPS),
    ],
)
def test_schema_documents_exactly_what_the_loader_accepts(
    section: str, engine: tuple[str, ...]
) -> None:
    names = documented(section)
    assert len(names) == len(set(names)), f"{section}: a name is documented twice"
    undocumented = sorted(set(engine) - set(names))
    refused = sorted(set(names) - set(engine))
    assert (undocumented, refused) == ([], []), (
        f"SCHEMA.md, {section}: not documented: {undocumented}; "
        f"documented but refused by the loader: {refused}"
    )


def test_schema_has_a_section_for_each_vocabulary_and_no_other() -> None:
    headings = list(schema_sections(SCHEMA.read_text(encoding="utf-8")))
    after = headings[headings.index("Vocabularies") + 1 :]
    assert after == list(VOCABULARIES)


@pytest.mark.parametrize("vocabulary", sorted(VOCABULARIES))
def test_schema_lists_each_vocabulary_value_with_its_label(vocabulary: str) -> None:
    rows = table_rows(schema_sections(SCHEMA.read_text(encoding="utf-8"))[vocabulary])
    assert {row[0].strip("`"): row[1] for row in rows} == VOCABULARIES[vocabulary]
    assert [row[0].strip("`") for row in rows] == list(VOCABULARIES[vocabulary])


def schema_example() -> str:
    return SCHEMA.read_text(encoding="utf-8").split("```yaml\n")[1].split("```")[0]


def _keys(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _keys(value)
    elif isinstance(data, list):
        for item in data:
            yield from _keys(item)


def test_schema_mentions_no_key_the_loader_refuses() -> None:
    """Every ``key:`` written in backticks, and every key of the example, is one stemeco reads."""
    prose = re.sub(r"^```.*?^```", "", SCHEMA.read_text(encoding="utf-8"), flags=re.M | re.S)
    spans = re.findall(r"`([^`]+)`", prose)
    written = {key for span in spans for key in re.findall(r"([a-z_]+):(?=\s)", span)}
    written |= set(_keys(parse_yaml(schema_example(), SCHEMA)[0]))
    choice_item = {"value", "label"}  # {value: ..., label: ...}
    unknown = written - {*STUDIO_KEYS, *STEP_KEYS, *CONDITION_OPS, "step", *choice_item}
    assert not unknown, f"SCHEMA.md writes keys the loader refuses: {sorted(unknown)}"
    assert {"required", "choices", "value", "step", "equals"} <= written  # it does look


def test_the_schema_example_is_a_valid_definition(tmp_path: Path) -> None:
    path = tmp_path / "studio-2.yaml"
    path.write_text(schema_example(), encoding="utf-8")
    studio = load_definition(path)
    assert studio.steps[0].id == "vision"


def test_the_schema_check_fails_on_an_undocumented_or_unknown_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = SCHEMA.read_text(encoding="utf-8")
    broken = text.replace("| `label` | the field", "| `placeholder` | the field")
    assert broken != text
    monkeypatch.setattr(sys.modules[__name__], "SCHEMA", tmp_path / "SCHEMA.md")
    (tmp_path / "SCHEMA.md").write_text(broken, encoding="utf-8")
    expected = (
        r"not documented: \['label'\]; documented but refused by the loader: \['placeholder'\]"
    )
    with pytest.raises(AssertionError, match=expected):
        test_schema_documents_exactly_what_the_loader_accepts("Step keys", STEP_KEYS)
    (tmp_path / "SCHEMA.md").write_text(text + "\nSet `hidden: true` to hide it.\n", "utf-8")
    with pytest.raises(AssertionError, match="hidden"):
        test_schema_mentions_no_key_the_loader_refuses()
