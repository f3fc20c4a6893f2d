"""`stemeco export --format docx`: a Word file a Leadership Team member can comment on.

Each file is opened with python-docx as Word would read it: the same headings
and tables as the HTML page of the same document, real list paragraphs, a
header row that repeats on every page, drawings as SVG pictures. Where
LibreOffice is installed, it converts every file to PDF (one run for all).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from export_browser import pdf_pages
from export_example import DOCUMENTS, Exported, artifacts, exported_example
from test_export_html import Page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="session")
def exported(
    built_project: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> Exported:
    return exported_example(built_project, tmp_path_factory)


def headings(path: Path) -> list[tuple[str, str]]:
    """(style, text) of every heading paragraph: the title and Heading N."""
    return [
        (p.style.name, " ".join(p.text.split()))
        for p in docx.Document(str(path)).paragraphs
        if p.style is not None and (p.style.name == "Title" or p.style.name.startswith("Heading"))
    ]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_word_has_the_same_headings_and_tables_as_the_page(exported: Exported, name: str) -> None:
    page = Page(exported.html(name))
    found = headings(exported.docx(name))
    assert [text for _, text in found] == [text for _, text in page.headings]
    levels = {"Title": "h1", "Heading 1": "h2", "Heading 2": "h3", "Heading 3": "h4"}
    assert [levels[style] for style, _ in found] == [tag for tag, _ in page.headings]
    assert len(docx.Document(str(exported.docx(name))).tables) == page.tables


def test_the_blueprint_in_word_meets_the_bar(exported: Exported) -> None:
    markdown = exported.markdown("blueprint")
    sections = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    found = [text for style, text in headings(exported.docx("blueprint")) if style == "Heading 1"]
    assert found == [" ".join(s.split()) for s in sections]


def test_lists_tables_and_pages_are_real_word_structure(exported: Exported) -> None:
    document = docx.Document(str(exported.docx("blueprint")))
    styles = [p.style.name for p in document.paragraphs if p.style is not None]
    assert styles.count("List Bullet") > 30  # employers, voices, data, principles, wins...
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name == "Heading 1":
            assert paragraph.paragraph_format.page_break_before  # a new page per section
    for table in document.tables:
        rows = table._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None  # repeats on every page
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Approved. By Millbrook STEM Leadership Team on" in text
    assert "Review copy · Millbrook" in text


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_drawing_is_an_svg_picture_with_an_emf_twin(exported: Exported, name: str) -> None:
    with zipfile.ZipFile(exported.docx(name)) as package:
        svgs = sorted(n for n in package.namelist() if n.endswith(".svg"))
        fallbacks = [n for n in package.namelist() if n.endswith(".emf")]
        for member in svgs:
            root = ET.fromstring(package.read(member))  # well-formed XML
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
        document = package.read("word/document.xml").decode("utf-8")
        types = package.read("[Content_Types].xml").decode("utf-8")
    assert len(svgs) == len(Page(exported.html(name)).figures)
    assert document.count("asvg:svgBlip") == len(svgs)
    assert len(fallbacks) == len(svgs)  # the picture older Word and LibreOffice draw
    if svgs:
        assert "image/svg+xml" in types
        assert "image/x-emf" in types


def test_the_same_answers_give_the_same_bytes(exported: Exported, tmp_path: Path) -> None:
    from stemeco.documents.export import export
    from stemeco.project.folder import Project

    export(Project(exported.project), "blueprint", "docx", tmp_path / "again.docx")
    assert (tmp_path / "again.docx").read_bytes() == exported.docx("blueprint").read_bytes()
    with zipfile.ZipFile(tmp_path / "again.docx") as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode("utf-8")
        assert not any(n.endswith("thumbnail.jpeg") for n in package.namelist())
    assert "created" not in core
    assert "modified" not in core
    assert "<dc:title>Millbrook STEM Learning Ecosystem: Design Blueprint</dc:title>" in core


def test_libreoffice_converts_every_file_to_pdf(exported: Exported, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    files = [str(exported.docx(name)) for name in DOCUMENTS]
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), *files],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not re.search(r"\berror\b", done.stderr, flags=re.I), done.stderr
    for name in DOCUMENTS:
        pdf = (tmp_path / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF")
        assert pdf_pages(pdf) >= 2, name
        shutil.copyfile(tmp_path / f"{name}.pdf", artifacts() / f"{name}-libreoffice.pdf")


def test_libreoffice_draws_every_drawing(exported: Exported, tmp_path: Path) -> None:
    """LibreOffice cannot draw SVG in a Word file: it draws the EMF twin. Saving the file as
    HTML, it rasterises each picture it drew; a blank fallback would give one image."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "html"]
        + ["--outdir", str(tmp_path), str(exported.docx("blueprint"))],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "blueprint.html").read_text(encoding="utf-8", errors="replace")
    images = re.findall(r'<img src="([^"]+)"', html)
    assert len(images) == len(Page(exported.html("blueprint")).figures)
    assert len(set(images)) == len(images)  # each drawing its own picture
    for name in images:
        assert (tmp_path / name).stat().st_size > 2_000, name
