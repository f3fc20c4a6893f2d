"""Documents in the project's language, and in two at once.

- The Bar: ``init --language es --example`` then ``render``: the blueprint's
  headings are Spanish and none of the English ones (those of the same project
  rendered in English) remain; ``--language he``: Hebrew headings, and the HTML
  review copy is right to left.
- Every string of the templates has its Spanish and Hebrew translation, with
  the same placeholders, and the compiled catalogs are up to date.
- ``render --language en,es`` (or ``languages:`` in stemeco.yaml) writes each
  document in each language beside the other, from the same answers; ``render
  --check`` and ``status`` see a stale file in any of them.
- Answers stay as typed; labels, dates and numbers follow the language.
- The Word copy of a Hebrew document is right to left (read back with python-docx).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.documents import catalog
from stemeco.documents.export import export
from stemeco.documents.render import render_documents
from stemeco.documents.svg import mirror
from stemeco.project.create import create
from stemeco.project.folder import Project

HEADING = re.compile(r"^#{1,6} +(.*)$", re.MULTILINE)


def headings(markdown: str) -> list[str]:
    return HEADING.findall(markdown)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The Millbrook example created in a language, once per module (copies only)."""
    made: dict[str, Path] = {}

    def build(language: str) -> Path:
        if language not in made:
            base = tmp_path_factory.mktemp(f"example-{language}")
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("STEMECO_CACHE_DIR", str(base / "cache"))
                create(base / "p", "Millbrook", example=True, language=language, git=False)
            made[language] = base / "p"
        return made[language]

    return build


@pytest.fixture
def example_in(built: Callable[[str], Path], tmp_path: Path) -> Callable[[str], Path]:
    def copy(language: str) -> Path:
        target = tmp_path / language
        shutil.copytree(built(language), target)
        return target

    return copy


def english_headings(root: Path) -> set[str]:
    """The words of the blueprint's headings in English, the same project rendered in
    English: each heading without what the team typed (a problem's title, the name of
    the municipality), cut where that was; "7.1 Title (priority)" gives "(priority)"."""
    project = Project(root)
    english = render_documents(project, language="en")["docs/blueprint.md"]
    typed = [p["title"] for p in project.session("studio-3").answers["problems"]]
    typed.append(project.manifest.municipality)
    words = set()
    for heading in headings(english):
        pieces = re.split("|".join(re.escape(t) for t in typed), heading)
        words |= {p.strip(" .0123456789") for p in pieces if re.search("[A-Za-z]{3}", p)}
    return words


@pytest.mark.parametrize(
    ("language", "first", "mission"),
    [
        (
            "es",
            "# Ecosistema de aprendizaje STEM de Millbrook: plan estratégico",
            "1. Misión y visión",
        ),
        ("he", "# אקוסיסטם למידת STEM של Millbrook: תוכנית אסטרטגית", "1. ייעוד וחזון"),
    ],
)
def test_the_bar_the_blueprint_of_the_example_has_no_english_heading(
    example_in: Callable[[str], Path],
    runner: CliRunner,
    language: str,
    first: str,
    mission: str,
) -> None:
    root = example_in(language)
    result = runner.invoke(app, ["render", "--project", str(root)])
    assert result.exit_code == 0, result.output
    blueprint = (root / "docs" / "blueprint.md").read_text(encoding="utf-8")
    assert blueprint.startswith(first + "\n")
    shown = headings(blueprint)
    assert mission in shown
    english = english_headings(root)
    assert len(english) > 20  # the comparison means something: every section, team, table
    assert [h for h in shown if any(e in h for e in english)] == []
    # Answers stay as typed: the example's are English.
    assert "The Millbrook STEM Ecosystem brings schools, families, employers" in blueprint


def test_the_bar_the_hebrew_review_copy_is_right_to_left(
    example_in: Callable[[str], Path], runner: CliRunner
) -> None:
    root = example_in("he")
    result = runner.invoke(app, ["export", "blueprint", "--format", "html", "--project", str(root)])
    assert result.exit_code == 0, result.output
    page = (root / "exports" / "blueprint.html").read_text(encoding="utf-8")
    assert '<html lang="he" dir="rtl">' in page
    assert "border-left" not in page  # the CSS speaks of start and end, which rtl mirrors
    # A name typed in English inside a Hebrew sentence keeps its own order.
    assert "(<bdi>Millbrook STEM Leadership Team</bdi>)" in page
    # An answer typed in English is its own paragraph, isolated (dir=auto: left to right).
    assert '<p dir="auto"><bdi>In Millbrook, STEM is how we ask questions' in page


#: Where a browser puts things on the Hebrew page: the title, the first table's
#: first and last header cells, an English answer and a Hebrew paragraph.
LAYOUT = """(() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
  const main = document.querySelector('main').getBoundingClientRect();
  const h1 = document.querySelector('h1');
  const range = document.createRange(); range.selectNodeContents(h1);
  const ths = [...document.querySelector('table').querySelectorAll('th')];
  const answer = [...document.querySelectorAll('p')].find(
    (p) => p.textContent.startsWith('In Millbrook, STEM is'));
  return {
    direction: getComputedStyle(document.documentElement).direction,
    width: document.documentElement.clientWidth,
    title: [range.getBoundingClientRect().left, range.getBoundingClientRect().right],
    main: [main.left, main.right],
    first_th: box(ths[0]), last_th: box(ths[ths.length - 1]),
    answer: getComputedStyle(answer).direction,
    heading: getComputedStyle(document.querySelector('h2')).direction,
  };
})()"""


def test_a_browser_lays_the_hebrew_copy_out_from_the_right(
    example_in: Callable[[str], Path], tmp_path: Path
) -> None:
    from export_browser import Browser, find_chromium

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no chromium on PATH: the layout of the Hebrew page needs a real browser")
    root = example_in("he")
    [done] = export(Project(root), "blueprint", "html")
    browser = Browser(chromium)
    try:
        tab = browser.open(done.path, 1000, 1200)
        seen = browser.evaluate(tab, LAYOUT)
        (tmp_path / "hebrew-blueprint.png").write_bytes(browser.screenshot(tab))
    finally:
        browser.close()
    assert seen["direction"] == "rtl"
    # The title's text ends at the right edge of the page's column, far from its left.
    (left, right), (main_left, main_right) = seen["title"], seen["main"]
    assert abs(right - main_right) < 24, seen
    assert left - main_left > 4 * max(main_right - right, 10)
    # The table reads from the right: its first column is the rightmost.
    assert seen["first_th"][1] > seen["last_th"][1]
    # Headings are Hebrew (right to left); an answer typed in English reads left to right.
    assert (seen["heading"], seen["answer"]) == ("rtl", "ltr")


def test_every_template_string_is_translated_with_its_placeholders() -> None:
    from stemeco.i18n import catalogs

    assert catalog.problems() == []  # every string of the templates is in every language
    # and no translation is empty, fuzzy or changes a placeholder; every .mo is compiled
    assert [p for p in catalogs.problems() if "documents." in p] == []


def test_the_catalog_check_names_a_missing_and_a_broken_translation() -> None:
    from babel.messages.pofile import read_po

    from stemeco.i18n import catalogs

    source = catalogs.po_path("es", "documents")
    with source.open("rb") as handle:
        spanish = read_po(handle, locale="es")
    spanish["Action plan"].string = ""
    spanish["Vision (%(horizon)s)."].string = "Visión."
    problems = catalogs.message_problems(spanish, "es/documents.po")
    assert "es/documents.po: 'Action plan': not translated" in problems
    assert any(
        p.startswith("es/documents.po: 'Vision (%(horizon)s).': placeholders lost ['%(horizon)']")
        for p in problems
    )


def test_two_languages_at_once_side_by_side_and_both_kept_current(
    example_in: Callable[[str], Path], runner: CliRunner
) -> None:
    root = example_in("es")
    result = runner.invoke(app, ["render", "--language", "en,es", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "se escribió docs/en/blueprint.md" in result.output  # a Spanish project speaks Spanish
    spanish = (root / "docs" / "blueprint.md").read_text(encoding="utf-8")
    english = (root / "docs" / "en" / "blueprint.md").read_text(encoding="utf-8")
    assert spanish.startswith("# Ecosistema de aprendizaje STEM de Millbrook")
    assert english.startswith("# Millbrook STEM Learning Ecosystem: Design Blueprint")
    # Labels follow each file's language, whatever the project speaks.
    assert "| Early childhood / PreK | A four-year-old in Millbrook" in english
    assert "| Primera infancia / preescolar | A four-year-old in Millbrook" in spanish
    assert "| Estudio I: Innovación por diseño |" in spanish
    assert "| Studio I: Innovation by Design |" in english
    assert sorted(p.name for p in (root / "docs" / "en").iterdir()) == sorted(
        p.name for p in (root / "docs").iterdir() if p.is_file()
    )
    check = runner.invoke(app, ["render", "--check", "--project", str(root)])
    assert check.exit_code == 0, check.output
    # A hand edit of the English copy is seen by render --check and status.
    (root / "docs" / "en" / "blueprint.md").write_text(english + "edited\n", encoding="utf-8")
    check = runner.invoke(app, ["render", "--check", "--project", str(root)])
    assert check.exit_code == 1
    assert "docs/en/blueprint.md" in check.output
    status = runner.invoke(app, ["status", "--project", str(root)])
    assert "docs/en/blueprint.md" in status.output


def test_the_project_setting_asks_for_the_languages(
    example_in: Callable[[str], Path], runner: CliRunner
) -> None:
    root = example_in("es")
    manifest = root / "stemeco.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "languages: [en, he]\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["render", "--project", str(root)])
    assert result.exit_code == 0, result.output
    hebrew = (root / "docs" / "he" / "indicators.md").read_text(encoding="utf-8")
    assert hebrew.startswith("# אקוסיסטם למידת STEM של Millbrook: מדדי הצלחה")
    assert (root / "docs" / "en" / "business-plan.md").is_file()
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("[en, he]", "[en, fr]"), encoding="utf-8"
    )
    result = runner.invoke(app, ["render", "--project", str(root)])
    assert result.exit_code != 0
    assert "stemeco.yaml:6: 'languages': 'fr'" in result.output
    check = runner.invoke(app, ["check", "--project", str(root)])
    assert check.exit_code == 1
    assert "stemeco.yaml:6: 'languages': 'fr'" in check.output


def test_labels_dates_and_numbers_follow_the_language(example_in: Callable[[str], Path]) -> None:
    docs = render_documents(Project(example_in("es")))
    blueprint = docs["docs/blueprint.md"]
    assert "| Estudio I: Innovación por diseño | ¿Qué es STEM? ¿Por qué STEM? | completo |" in (
        blueprint
    )
    assert "| Financiamiento | Millbrook Community Foundation | 450,000 | sí |" in blueprint
    assert re.search(r"Aprobado por el equipo de liderazgo el \d{1,2} [a-z]{3} \d{4} ", blueprint)
    plan = docs["docs/business-plan.md"]
    assert "## 4. Presupuesto" in plan
    assert "| Baja | Alto |" in plan or "| Media |" in plan  # a risk's likelihood, translated
    assert "*To be decided*" not in "".join(docs.values())


def test_the_word_copy_of_a_hebrew_document_is_right_to_left(
    example_in: Callable[[str], Path],
) -> None:
    root = example_in("he")
    [done] = export(Project(root), "blueprint", "docx")
    document = docx.Document(str(done.path))
    assert document.core_properties.language == "he-IL"
    title = next(p for p in document.paragraphs if p.style is not None and p.style.name == "Title")
    assert title.text == "אקוסיסטם למידת STEM של Millbrook: תוכנית אסטרטגית"
    assert title._p.pPr is not None
    assert title._p.pPr.find(qn("w:bidi")) is not None
    runs = [r for r in title.runs if r.text.strip()]
    assert runs
    assert all(r._r.rPr is not None and r._r.rPr.find(qn("w:rtl")) is not None for r in runs)
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert (lang.get(qn("w:val")), lang.get(qn("w:bidi"))) == ("he-IL", "he-IL")


def test_a_spanish_word_copy_says_its_language_and_stays_left_to_right(
    example_in: Callable[[str], Path],
) -> None:
    root = example_in("es")
    [done] = export(Project(root), "blueprint", "docx")
    document = docx.Document(str(done.path))
    assert document.core_properties.language == "es-MX"
    assert document.element.body.find(".//" + qn("w:bidi")) is None


def test_a_drawing_is_mirrored_for_right_to_left() -> None:
    drawing = (
        '<svg width="100"><rect x="10" y="0" width="20" height="5" stroke-width="1.5"/>'
        '<text x="4" y="9">Studios</text><text x="50" y="9" text-anchor="middle">3</text>'
        '<line x1="0" y1="0" x2="30" y2="0"/><path d="M 10 1 L 20 2 C 30 3, 40 4, 50 5 Z"/>'
        '<polyline points="0,1 25,2"/><circle cx="90" cy="1" r="2"/></svg>'
    )
    assert mirror(drawing, 100) == (
        '<svg direction="ltr" width="100">'
        '<rect x="70" y="0" width="20" height="5" stroke-width="1.5"/>'
        '<text x="96" y="9" text-anchor="end">Studios</text>'
        '<text x="50" y="9" text-anchor="middle">3</text>'
        '<line x1="100" y1="0" x2="70" y2="0"/><path d="M 90 1 L 80 2 C 70 3, 60 4, 50 5 Z"/>'
        '<polyline points="100,1 75,2"/><circle cx="10" cy="1" r="2"/></svg>'
    )


def test_a_review_copy_in_another_language_goes_to_its_own_folder(
    example_in: Callable[[str], Path], runner: CliRunner
) -> None:
    root = example_in("es")
    result = runner.invoke(app, ["export", "blueprint", "--language", "he", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("exports/he/blueprint.html (אושר)\n")
    page = (root / "exports" / "he" / "blueprint.html").read_text(encoding="utf-8")
    assert '<html lang="he" dir="rtl">' in page
    assert "עותק לעיון" in page  # the page's own words: "Review copy"
    assert "Copia de revisión" not in page
    wrong = runner.invoke(app, ["export", "blueprint", "--language", "fr", "--project", str(root)])
    assert wrong.exit_code == 2
    assert "'fr'" in wrong.output
