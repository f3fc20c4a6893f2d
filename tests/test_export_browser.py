"""Every HTML review copy of the example, loaded in a real browser as a reader would.

Headless Chromium (Debian's ``chromium``; ``.ci/run`` installs it) is started
once for the whole module and opens each page from a file, offline. Each page
must log no error, request nothing from the network, draw every SVG, read on
a phone without scrolling sideways, and print (Letter and A4) to a PDF whose
page count is sane. Screenshots and PDFs are kept in ``artifacts/export/``;
the two the README shows come from here.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from export_browser import Browser, PageRun, find_chromium, pdf_pages
from export_example import DOCUMENTS, Exported, artifacts, exported_example
from test_export_html import Page

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium on PATH: these tests load the HTML review copies in a real browser"
    " (.ci/run installs Debian's chromium with apt-get)",
)

LETTER = (8.5, 11.0)
A4 = (8.27, 11.69)
FACTS = """(() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; };
  return {
    figures: [...document.querySelectorAll('svg[data-figure]')]
      .map((s) => ({key: s.dataset.figure, ...box(s)})),
    headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
      .map((h) => [h.tagName.toLowerCase(), h.textContent.replace(/\\s+/g, ' ').trim()]),
    tables: document.querySelectorAll('table').length,
    title: document.title,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: innerWidth,
  };
})()"""


@dataclass
class Seen:
    run: PageRun
    desktop: dict[str, Any]
    phone: dict[str, Any]
    pages: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="session")
def exported(
    built_project: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> Exported:
    return exported_example(built_project, tmp_path_factory)


@pytest.fixture(scope="module")
def seen(exported: Exported) -> dict[str, Seen]:
    """One Chromium for every page: facts, screenshots and PDFs, kept as artifacts."""
    assert CHROMIUM is not None
    out = artifacts()
    browser = Browser(CHROMIUM)
    found: dict[str, Seen] = {}
    try:
        for name in DOCUMENTS:
            path = exported.folder / f"{name}.html"
            shutil.copyfile(path, out / path.name)
            shutil.copyfile(exported.docx(name), out / f"{name}.docx")
            tab = browser.open(path, 900, 1165)  # about a Letter page, on a screen
            desktop = browser.evaluate(tab, FACTS)
            (out / f"{name}-first-page.png").write_bytes(browser.screenshot(tab))
            for figure in desktop["figures"]:
                if figure["key"] == "gantt":
                    clip = {k: figure[k] for k in ("x", "y", "width", "height")}
                    shot = browser.screenshot(tab, clip)
                    (out / f"{name}-gantt.png").write_bytes(shot)
            pages = {}
            for paper, (width, height) in (("letter", LETTER), ("a4", A4)):
                pdf = browser.pdf(tab, width, height)
                (out / f"{name}-{paper}.pdf").write_bytes(pdf)
                pages[paper] = pdf_pages(pdf)
            browser.resize(tab, 390, 844, mobile=True)
            phone = browser.evaluate(tab, FACTS)
            (out / f"{name}-phone.png").write_bytes(browser.screenshot(tab))
            found[name] = Seen(browser.record(tab, path.as_uri()), desktop, phone, pages)
    finally:
        browser.close()
    return found


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_page_logs_no_error_and_asks_the_network_for_nothing(
    seen: dict[str, Seen], exported: Exported, name: str
) -> None:
    run = seen[name].run
    assert run.errors == []
    assert run.requests == [(exported.folder / f"{name}.html").resolve().as_uri()]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_drawing_is_drawn(seen: dict[str, Seen], exported: Exported, name: str) -> None:
    figures = seen[name].desktop["figures"]
    assert [f["key"] for f in figures] == Page(exported.html(name)).figures
    for figure in figures:
        assert figure["width"] > 300, figure
        assert figure["height"] > 30, figure
    for figure in seen[name].phone["figures"]:
        assert 300 < figure["width"] <= 390, figure  # scaled to the phone, not cut off


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_browser_reads_the_headings_and_tables_the_markdown_has(
    seen: dict[str, Seen], exported: Exported, name: str
) -> None:
    page = Page(exported.html(name))
    facts = seen[name].desktop
    assert [tuple(h) for h in facts["headings"]] == page.headings
    assert facts["tables"] == page.tables
    assert facts["title"] == page.headings[0][1]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_phone_reads_it_without_scrolling_sideways(seen: dict[str, Seen], name: str) -> None:
    phone = seen[name].phone
    assert phone["innerWidth"] == 390
    assert phone["scrollWidth"] <= phone["innerWidth"]  # wide tables scroll in their own box


@pytest.mark.parametrize("name", DOCUMENTS)
def test_it_prints_on_letter_and_a4_one_section_a_page_at_least(
    seen: dict[str, Seen], exported: Exported, name: str
) -> None:
    sections = sum(tag == "h2" for tag, _ in Page(exported.html(name)).headings)
    for paper, pages in seen[name].pages.items():
        # the first page, then every section on a page of its own; not a page per row
        assert sections + 1 <= pages <= 3 * (sections + 1) + 6, (paper, pages, sections)
    letter, a4 = seen[name].pages["letter"], seen[name].pages["a4"]
    assert abs(letter - a4) <= max(3, letter // 5)


def test_the_readme_screenshots_are_taken(seen: dict[str, Seen]) -> None:
    """docs/screenshots/ in the repository holds copies of these two (README)."""
    assert "gantt" in [f["key"] for f in seen["blueprint"].desktop["figures"]]
    for shot in ("blueprint-first-page.png", "blueprint-gantt.png"):
        data = (artifacts() / shot).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(data) > 10_000
