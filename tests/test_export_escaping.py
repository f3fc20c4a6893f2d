"""Text typed by users is shown as typed in the review copies too (HTML, Word, drawings).

The same hostile project as tests/test_docs_markdown.py (every answer, name,
event, organisation, launch and approval made of Markdown and HTML), approved
and then changed, so that the "Changed since approval" box carries hostile
text as well. Each page may only hold the tags stemeco writes; each typed line
must be readable as text, in the page and in the Word file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from test_docs_markdown import MULTI_LINE, MUNICIPALITY, ONE_LINE, HostileFiller, cli
from test_export_html import Page
from typer.testing import CliRunner

from stemeco.documents.export import export
from stemeco.project.folder import Project

#: Every tag a review copy is made of; anything else came from typed text.
TAGS = {
    *("html", "head", "meta", "title", "style", "body", "header", "main", "footer", "nav"),
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "strong", "em", "br", "hr", "a"),
    *("table", "thead", "tbody", "tr", "th", "td", "div", "span", "aside", "figure"),
    *("svg", "desc", "g", "rect", "text", "tspan", "line", "path", "circle"),
    *("ellipse", "polyline"),
}
CHANGED = "Changed *mission* <i>now</i>\n# still not a heading\n[link](#x)"


@pytest.fixture(scope="module")
def hostile(built_project: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile project's review copies (HTML and Word), made once for this module."""
    base = tmp_path_factory.mktemp("hostile-export")
    root = base / "project"
    shutil.copytree(built_project(MUNICIPALITY), root)
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STEMECO_CACHE_DIR", str(base / "cache"))
        HostileFiller().fill(Project(root))
        for n, text in enumerate(ONE_LINE[:8]):
            person = ["--name", f"{text} {n}", "--organisation", text, "--sector", "business"]
            cli(runner, root, "team", "add", "design", *person, "--role", text)
            when = ["--date", f"2026-03-{n + 1:02d}", "--kind", "meeting", "--id", f"event-{n}"]
            cli(runner, root, "calendar", "add", "--title", text, *when)
            cli(runner, root, "assets", "add", "--name", f"{text} {n}", "--sector", "business")
        cli(runner, root, "approve", "blueprint", "--by", ONE_LINE[6], "--note", ONE_LINE[7])
        answers = base / "answers.yaml"
        answers.write_text(yaml.safe_dump({"mission_draft": CHANGED}), encoding="utf-8")
        cli(runner, root, "studio", "run", "1", "--answers", str(answers))
        export(Project(root), "all", "html", base / "out")
        for name in ("blueprint", "asset-map"):  # the Word files read below
            export(Project(root), name, "docx", base / "out")
    return base / "out"


def lines(texts: list[str]) -> set[str]:
    return {" ".join(line.split()) for text in texts for line in text.splitlines() if line.strip()}


def test_pages_hold_only_the_tags_stemeco_writes(hostile: Path) -> None:
    for page_file in sorted(hostile.glob("*.html")):
        page = Page(page_file.read_text(encoding="utf-8"))
        assert set(page.tags) <= TAGS, (page_file.name, set(page.tags) - TAGS)
        assert all(link.startswith("#s-") for link in page.links), page_file.name


def test_every_typed_line_reads_as_typed_in_the_blueprint_page(hostile: Path) -> None:
    page = Page((hostile / "blueprint.html").read_text(encoding="utf-8"))
    shown = "\n".join(" ".join(t.split()) for t in page.text)
    missing = [line for line in lines(ONE_LINE + MULTI_LINE) if line not in shown]
    assert missing == []
    assert f"Review copy · {MUNICIPALITY}" in shown
    assert ("h1", f"{MUNICIPALITY} STEM Learning Ecosystem: Design Blueprint") in page.headings


def test_the_changes_box_shows_hostile_text_as_typed(hostile: Path) -> None:
    html = (hostile / "blueprint.html").read_text(encoding="utf-8")
    box = html[html.index('<aside class="changes"') : html.index("</aside>")]
    page = Page(box)
    shown = "\n".join(page.text)
    for line in CHANGED.splitlines():
        assert line in shown
    assert "i" not in page.tags
    assert '<a href="#s-1-mission-and-vision">1. Mission and vision</a>' in box
    assert "Approval stale" in html


def test_every_typed_line_reads_as_typed_in_the_word_file(hostile: Path) -> None:
    document = docx.Document(str(hostile / "blueprint.docx"))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    shown = "\n".join(" ".join(t.split()) for text in texts for t in text.splitlines())
    missing = [line for line in lines(ONE_LINE + MULTI_LINE) if line not in shown]
    assert missing == []
    assert document.core_properties.title == (
        f"{MUNICIPALITY} STEM Learning Ecosystem: Design Blueprint"
    )


def test_names_in_drawings_are_text_not_markup(hostile: Path) -> None:
    """The calendar's event titles (in the gantt) and the organisations (in the network)."""
    import xml.etree.ElementTree as ET
    import zipfile

    with zipfile.ZipFile(hostile / "asset-map.docx") as package:
        for name in package.namelist():
            if name.endswith(".svg"):
                root = ET.fromstring(package.read(name))
                tags = {element.tag.split("}")[-1] for element in root.iter()}
                assert tags <= TAGS, tags
    html = (hostile / "blueprint.html").read_text(encoding="utf-8")
    gantt = html[html.index('data-figure="gantt"') : html.index("</svg>", html.index("gantt"))]
    assert "&lt;b&gt;bold&lt;/b&gt;" in gantt  # the event titled "<b>bold</b> <img ...>"
    assert "<b>" not in gantt
