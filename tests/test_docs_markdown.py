"""Text typed by users is shown as typed in every Markdown document.

A project whose every answer (Studios I-IV, business plan), team member,
calendar event, organisation, launch and approval holds Markdown and HTML is
rendered, and each document is read by a CommonMark parser with GFM tables
(markdown-it-py, raw HTML allowed as on a git host). Each typed line must come
out as text, in table cells, list items and paragraphs alike; no user text may
become a heading, link, image, code, quote, list or HTML; table rows keep their
column count.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from test_docs_answers import Filler
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.documents.render import escape_block, escape_cell, render_documents
from stemeco.project.folder import Project
from stemeco.studios.definition import Step

ONE_LINE = [
    "*stars* _under_ **bold** __dunder__ snake_case_word",
    "<b>bold</b> <img src=x onerror=alert(1)> <!-- hidden -->",
    "[a link](#b) ![an image](x.png) [ref]: http://example.org [^1]",
    "# not a heading",
    "### not a heading either ###",
    "``` not a fence",
    "~~~ not a fence ~~~ ~~strike~~ `code` $x$ and $5",
    "a | pipe \\| and a \\ backslash",
    "- not a list",
    "+ not a list",
    "1. not ordered",
    "2) not ordered",
    "> not a quote",
    "&amp; &copy; &#35; entities <https://example.org>",
    "\\*escaped\\* and a trailing backslash \\",
    "=== not underlined",
    "--- not a rule",
    "{{ not jinja }} {% raw %}",
    "    indented four spaces",
]
MULTI_LINE = [
    "First line\n# not a heading\n- not a list\n> not a quote",
    "Before a fence\n```\nnot code\n```\n1. not ordered",
    "Paragraph one\n\n    not indented code\n===\n---\n<div>not html</div>",
]
MUNICIPALITY = "Rivertown *x* <b>y</b>"


class HostileFiller(Filler):
    """Answers made of hostile text, each kind of text going round its own list."""

    def __init__(self) -> None:
        super().__init__()
        self.turn: dict[str, int] = {}

    def next(self, kind: str, items: list[str]) -> str:
        self.turn[kind] = self.turn.get(kind, -1) + 1
        return items[self.turn[kind] % len(items)]

    def marker(self, where: str, step: Step) -> str:
        in_record = "]." in where
        if step.type == "longtext":  # every hostile line, and one of the multi-line texts
            return "\n".join(ONE_LINE) + "\n" + self.next("block", MULTI_LINE)
        if step.type == "text" and step.id == "item":  # an item of a list step
            return self.next("item", ONE_LINE)
        text = self.next("cell" if in_record else "line", ONE_LINE)
        high = int(step.max) if isinstance(step.max, int | float) else len(text)
        low = int(step.min) if isinstance(step.min, int | float) else 0
        return text[:high] if len(text) >= low else text + " padded"

    def value(self, session: str, where: str, step: Step, record: int = 0) -> Any:
        if step.type == "list":
            return list(ONE_LINE)
        return super().value(session, where, step, record)


def cli(runner: CliRunner, root: Path, *args: str) -> None:
    result = runner.invoke(app, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def hostile(built_project: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The rendered Markdown documents of the hostile project (built once for this module)."""
    base = tmp_path_factory.mktemp("hostile")
    root = base / "project"
    shutil.copytree(built_project(MUNICIPALITY), root)
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STEMECO_CACHE_DIR", str(base / "cache"))
        HostileFiller().fill(Project(root))
        for n, text in enumerate(ONE_LINE[:8]):  # people, events, organisations
            person = ["--name", f"{text} {n}", "--organisation", text, "--sector", "business"]
            cli(runner, root, "team", "add", "design", *person, "--role", text)
            when = ["--date", f"2026-03-{n + 1:02d}", "--kind", "meeting", "--id", f"event-{n}"]
            cli(runner, root, "calendar", "add", "--title", text, *when)
            cli(runner, root, "assets", "add", "--name", f"{text} {n}", "--sector", "business")
        leader = ["--name", ONE_LINE[1], "--organisation", ONE_LINE[2], "--role", ONE_LINE[0]]
        cli(runner, root, "team", "add", "leader", *leader, "--sector", "business")
        launch = ["--date", "2026-05-01", "--audience", ONE_LINE[3], "--announce", ONE_LINE[4]]
        cli(runner, root, "launch", "set", "ecosystem-soft", *launch, "--speaker", ONE_LINE[5])
        cli(runner, root, "approve", "blueprint", "--by", ONE_LINE[6], "--note", ONE_LINE[7])
        docs = render_documents(Project(root))
    return {name: text for name, text in docs.items() if name.endswith(".md")}


def parser() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough; raw HTML passes, as on a git host."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


#: The one raw HTML a template writes on purpose: a figure marker, a comment.
FIGURE = re.compile(r"<!-- figure: [a-z-]+(?: [0-9]+)? -->\n")

FORBIDDEN = {
    "link_open": "a link",
    "image": "an image",
    "code_inline": "code",
    "fence": "a code block",
    "code_block": "a code block",
    "html_block": "HTML",
    "blockquote_open": "a quote",
    "ordered_list_open": "an ordered list",
    "s_open": "strikethrough",
}


def read(markdown: str) -> tuple[dict[str, list[str]], list[str]]:
    """The text a reader sees, by where it stands (cell, list, paragraph, heading);
    and every piece of markup no template writes."""
    seen: dict[str, list[str]] = {"cell": [], "list": [], "paragraph": [], "heading": []}
    faults: list[str] = []
    stack: list[str] = []
    for token in parser().parse(markdown):
        if token.type == "fence" and token.info == "mermaid":  # a diagram of the template
            assert token.content.startswith(("gantt\n", "flowchart LR\n"))
        elif token.type == "html_block" and FIGURE.fullmatch(token.content):
            pass  # where a review copy draws a figure (stemeco export); hidden on git hosts
        elif token.type in FORBIDDEN:
            faults.append(f"{FORBIDDEN[token.type]}: {token.content or token.markup!r}")
        if token.nesting == 1:
            stack.append(token.type)
        elif token.nesting == -1:
            stack.pop()
        if token.type != "inline":
            continue
        where = (
            "cell"
            if {"td_open", "th_open"} & set(stack)
            else "list"
            if "list_item_open" in stack
            else "heading"
            if "heading_open" in stack
            else "paragraph"
        )
        seen[where].append(inline_text(token.children or [], faults))
    return seen, faults


def inline_text(children: list[Token], faults: list[str]) -> str:
    out = []
    for child in children:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "html_inline":
            if child.content == "<br>":
                out.append("\n")
            else:
                faults.append(f"HTML: {child.content}")
        elif child.type in FORBIDDEN:
            faults.append(f"{FORBIDDEN[child.type]}: {child.content or child.markup!r}")
    return "".join(out)


def typed_lines(texts: list[str]) -> set[str]:
    return {" ".join(line.split()) for text in texts for line in text.splitlines() if line.strip()}


def shown_lines(seen: list[str]) -> list[str]:
    return [" ".join(line.split()) for text in seen for line in text.split("\n")]


def test_typed_text_is_shown_as_typed_in_cells_lists_and_paragraphs(
    hostile: dict[str, str],
) -> None:
    seen: dict[str, list[str]] = {"cell": [], "list": [], "paragraph": [], "heading": []}
    for name, markdown in hostile.items():
        by_place, faults = read(markdown)
        assert faults == [], f"{name}: user text became markup: {faults}"
        for place, texts in by_place.items():
            seen[place] += shown_lines(texts)
    for place in ("cell", "list", "paragraph"):
        everything = "\n".join(seen[place])
        missing = [line for line in typed_lines(ONE_LINE + MULTI_LINE) if line not in everything]
        if place != "paragraph":  # lists hold one-line items
            missing = [line for line in missing if line in typed_lines(ONE_LINE)]
        assert missing == [], f"not shown as typed in a {place}: {missing}"
    assert "Rivertown *x* <b>y</b> STEM Learning Ecosystem: Design Blueprint" in seen["heading"]


def test_the_html_holds_no_markup_from_typed_text(hostile: dict[str, str]) -> None:
    for name, markdown in hostile.items():
        page = parser().render(markdown)
        assert page.count("<h1>") == 1, name
        page = re.sub(r'<pre><code class="language-mermaid">.*?</code></pre>', "", page, flags=re.S)
        for tag in ("<b>", "<img", "<a ", "<code", "<pre", "<blockquote", "<s>", "<ol", "<div"):
            assert tag not in page, f"{name}: {tag}"
    assert "&lt;img src=x onerror=alert(1)&gt;" in parser().render(hostile["docs/blueprint.md"])


def cells(row: str) -> int:
    """The cells of a GFM table row: a pipe right after a backslash is text (as GFM splits)."""
    return len(re.split(r"(?<!\\)\|", row.strip().strip("|")))


def test_table_rows_keep_their_column_count(hostile: dict[str, str]) -> None:
    tables = 0
    for name, markdown in hostile.items():
        lines = markdown.splitlines()
        for index, line in enumerate(lines):
            if re.fullmatch(r"\|(?:\s*:?-+:?\s*\|)+", line):  # a delimiter row: a table starts
                tables += 1
                width = cells(lines[index - 1])
                assert cells(line) == width, f"{name}:{index}"
                for row in lines[index + 1 :]:
                    if not row.startswith("|"):
                        break
                    assert cells(row) == width, f"{name}: {row}"
    assert tables > 20


@pytest.mark.parametrize("text", ONE_LINE + MULTI_LINE)
def test_each_escape_reads_back_as_the_text(text: str) -> None:
    paragraph, faults = read(escape_block(text))
    assert faults == []
    assert shown_lines(paragraph["paragraph"]) == [
        " ".join(t.split()) for t in text.splitlines() if t.strip()
    ]
    table, faults = read(f"| a |\n|---|\n| {escape_cell(text)} |\n")
    assert faults == []
    assert shown_lines(table["cell"])[1:] == [" ".join(t.split()) for t in text.splitlines()]
