"""`stemeco export --format html`: one self-contained page per document, as a reader meets it.

The example is exported once per session (export_example.py); each page is
read with the standard library's HTML parser, as a browser would tokenise it.
What a browser then does with it (console, network, print) is in
test_export_browser.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from export_example import DOCUMENTS, Exported, exported_example
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.documents.review import parse


@pytest.fixture(scope="session")
def exported(
    built_project: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> Exported:
    return exported_example(built_project, tmp_path_factory)


class Page(HTMLParser):
    """What a reader gets from a page: headings, tables, drawings, tags, text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []  # (tag, text)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: list[str] = []
        self.figures: list[str] = []
        self.tables = 0
        self.text: list[str] = []
        self._heading: list[str] | None = None
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "svg":
            self.figures.append(str(found.get("data-figure")))
        if tag == "table":
            self.tables += 1
        if tag in ("style", "title", "desc") or tag == "svg":
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "desc", "svg"):
            self._skip -= 1
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((tag, " ".join("".join(self._heading).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if not self._skip:
            self.text.append(data)


def markdown_headings(markdown: str) -> list[tuple[str, str]]:
    tokens, _ = parse(markdown)
    from stemeco.documents.review import inline_text

    return [
        (t.tag, inline_text(tokens[i + 1]))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


# ------------------------------------------------------------------ the bar


def test_the_blueprint_is_one_self_contained_page_with_a_gantt_and_indicator_charts(
    exported: Exported,
) -> None:
    html = exported.html("blueprint")
    assert not re.search(r"https?://", html)
    page = Page(html)
    h2 = [text for tag, text in markdown_headings(exported.markdown("blueprint")) if tag == "h2"]
    assert len(h2) >= 15
    assert [text for tag, text in page.headings if tag == "h2"] == h2
    assert "gantt" in page.figures
    assert sum(f.startswith("indicator-") for f in page.figures) >= 1
    assert "<svg" in html
    assert "<img" not in html


@pytest.mark.parametrize("name", DOCUMENTS)
def test_nothing_is_loaded_from_anywhere(exported: Exported, name: str) -> None:
    html = exported.html(name)
    page = Page(html)
    assert not re.search(r"https?://", html), name
    for tag in ("script", "link", "img", "iframe", "object", "embed", "image", "use"):
        assert tag not in page.tags, f"{name}: <{tag}>"
    assert not re.search(r"\b(?:src|srcset|xlink:href)=", html), name
    assert "url(" not in html
    assert "@import" not in html
    assert "@font-face" not in html
    assert all(link.startswith("#") for link in page.links), name
    assert all(link[1:] in page.ids for link in page.links), f"{name}: a link to nowhere"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_page_has_the_markdowns_headings_and_tables(exported: Exported, name: str) -> None:
    markdown = exported.markdown(name)
    page = Page(exported.html(name))
    assert page.headings == markdown_headings(markdown)
    tables = len(re.findall(r"^\|(?:\s*:?-+:?\s*\|)+$", markdown, flags=re.M))
    assert page.tables == tables


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_first_page_names_the_municipality_and_the_approval_state(
    exported: Exported, name: str
) -> None:
    html = exported.html(name)
    cover = html[html.index('<header class="cover">') : html.index("</header>")]
    assert "Millbrook" in cover
    expected = "Approved" if name == "blueprint" else "Not part of the approval"
    assert f"<strong>{expected}</strong>" in cover
    if name == "blueprint":
        assert "<strong>Approved</strong>By Millbrook STEM Leadership Team on" in cover


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_contents_list_every_section_and_lead_to_it(exported: Exported, name: str) -> None:
    page = Page(exported.html(name))
    html = exported.html(name)
    contents = html[html.index('<nav class="toc"') : html.index("</nav>")]
    sections = [text for tag, text in page.headings if tag == "h2"]
    assert Page(contents).text.count("Contents") == 1
    shown = [t for t in Page(contents).text if t.strip() and t != "Contents"]
    assert shown == sections
    assert len(Page(contents).links) == len(sections)


def test_each_document_has_its_drawings(exported: Exported) -> None:
    assert Page(exported.html("asset-map")).figures == ["gap-map", "network"]
    indicators = Page(exported.html("indicators")).figures
    assert indicators == [f"indicator-{n}" for n in (1, 2, 5, 7, 8)]  # the measured ones
    assert Page(exported.html("business-plan")).figures == []
    # the mermaid blocks of the Markdown became drawings: no Mermaid text is left
    for name in DOCUMENTS:
        assert "flowchart LR" not in exported.html(name)
        assert "dateFormat" not in exported.html(name)


def test_the_page_prints_well_on_letter_and_a4(exported: Exported) -> None:
    """The rules a browser's Print follows (what it makes of them: test_export_browser)."""
    html = exported.html("blueprint")
    css = html[html.index("<style>") : html.index("</style>")]
    print_css = css[css.index("@media print") :]
    assert re.search(r"h2 \{[^}]*break-before: page", print_css)
    assert re.search(r"thead \{ display: table-header-group", print_css)
    assert re.search(r"tr, figure[^{]*\{ break-inside: avoid", print_css)
    page_rule = re.findall(r"@page \{[^}]*\}", css)
    assert page_rule
    assert "size" not in page_rule[0]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media (max-width: 40rem)" in css  # a phone


def test_the_same_answers_give_the_same_bytes(exported: Exported, tmp_path: Path) -> None:
    from stemeco.documents.export import export
    from stemeco.project.folder import Project

    export(Project(exported.project), "blueprint", "html", tmp_path / "again.html")
    assert (tmp_path / "again.html").read_bytes() == (
        exported.folder / "blueprint.html"
    ).read_bytes()


# ------------------------------------------------------------------ the command


def run(runner: CliRunner, root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["export", *args, "--project", str(root)])
    return result.exit_code, result.stdout, result.stderr


def test_export_writes_to_exports_a_folder_git_ignores(example_dir: Path) -> None:
    runner = CliRunner()
    code, out, err = run(runner, example_dir, "blueprint")
    assert code == 0, err
    assert out.strip().endswith("exports/blueprint.html (approved)")
    page = example_dir / "exports" / "blueprint.html"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (example_dir / "exports" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    code, out, _ = run(runner, example_dir, "indicators", "--format", "docx")
    assert code == 0
    assert "exports/indicators.docx (not part of the approval)" in out
    assert (example_dir / "exports" / "indicators.docx").read_bytes()[:2] == b"PK"


def test_export_all_to_a_folder_and_one_to_a_file(example_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    code, out, _ = run(runner, example_dir, "all", "--output", str(tmp_path / "review"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "review").iterdir()) == [
        f"{name}.html" for name in DOCUMENTS
    ]
    assert len(out.strip().splitlines()) == 4
    code, _, _ = run(
        runner, example_dir, "business-plan", "-f", "docx", "-o", str(tmp_path / "bp.docx")
    )
    assert code == 0
    assert (tmp_path / "bp.docx").is_file()
    assert not (example_dir / "exports").exists()  # --output: nothing in the project


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["minutes"], "error: no document 'minutes' to export"),
        (["blueprint", "--format", "pdf"], "error: no format 'pdf'"),
    ],
)
def test_export_refuses_what_it_cannot_make(
    example_dir: Path, args: list[str], message: str
) -> None:
    code, _, err = run(CliRunner(), example_dir, *args)
    assert code == 2
    assert err.startswith(message), err
    assert not (example_dir / "exports").exists()


def test_export_refuses_a_project_that_check_rejects(example_dir: Path, tmp_path: Path) -> None:
    (example_dir / "calendar.yaml").write_text("events: [\n", encoding="utf-8")
    code, _, err = run(CliRunner(), example_dir, "all", "--output", str(tmp_path / "out"))
    assert code == 3
    assert "calendar.yaml:" in err
    assert "nothing was exported" in err
    assert not (tmp_path / "out").exists()


def test_only_export_pays_for_the_parser_and_word(example_dir: Path) -> None:
    """markdown-it-py and python-docx are imported by `stemeco export` alone."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from stemeco.cli.app import app\n"
        "for args in (['status'], ['changes'], ['render', '--check']):\n"
        "    try:\n"
        "        app([*args, '--project', sys.argv[1]])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('LOADED', [m for m in ('markdown_it', 'docx', 'lxml') if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(example_dir)],
        capture_output=True,
        text=True,
        check=True,
        cwd=example_dir,
    )
    assert "LOADED []" in done.stdout
