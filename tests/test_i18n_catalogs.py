"""The catalogs are complete: every message of the code translated in every shipped language.

Babel's extractor runs here, in-process, exactly as ``python -m stemeco.i18n.catalogs``
runs it for a translator; the test fails on a message missing from the template or
from a language, a fuzzy or empty translation, a placeholder dropped or added, and a
``.mo`` that is not the compiled form of its ``.po``.
"""

from __future__ import annotations

import ast

import pytest
from babel.messages.catalog import Catalog

from stemeco.i18n import LOCALE_DIR, SUPPORTED, catalogs

GETTEXT_CALLS = {"_", "ngettext", "pgettext", "N_", "NC_"}


def test_every_message_is_translated_in_every_shipped_language() -> None:
    problems = catalogs.problems()
    assert not problems, (
        f"{len(problems)} catalog problem(s); see stemeco/i18n/README.md:\n" + "\n".join(problems)
    )


def test_no_message_hides_inside_an_f_string() -> None:
    """Babel's extractor does not look inside f-strings: a ``_()`` there would never reach
    the catalogs, and the completeness test above could not see it missing."""
    hidden = []
    for path in sorted(catalogs.PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in GETTEXT_CALLS
                    and any(isinstance(a, ast.Constant) for a in inner.args)
                ):
                    hidden.append(f"{path.relative_to(catalogs.PACKAGE)}:{inner.lineno}")
    assert not hidden, f"move these messages out of their f-strings: {hidden}"


def test_each_shipped_language_has_its_compiled_catalog() -> None:
    for code in SUPPORTED[1:]:
        assert (LOCALE_DIR / code / "LC_MESSAGES" / "stemeco.mo").is_file(), code


def test_the_plural_rules_are_those_of_the_language() -> None:
    spanish = catalogs.read(catalogs.po_path("es"), "es")
    hebrew = catalogs.read(catalogs.po_path("he"), "he")
    assert spanish.plural_forms == "nplurals=2; plural=(n != 1);"
    assert hebrew.num_plurals == 3  # one, two (שתי / שני), other


def test_the_check_finds_what_a_translator_can_get_wrong() -> None:
    catalog = Catalog(locale="es")
    catalog.add("Saved {count} answers in {path}", "Se guardaron {count} respuestas")
    catalog.add("Next:", "")
    catalog.add("Stopped.", "Detenido.", flags=["fuzzy"])
    catalog.add("{name} joined", "{nombre} se unió")
    catalog.add(("{count} step", "{count} steps"), ("{count} paso", "{count} pasos"))
    found = catalogs.message_problems(catalog, "es")
    assert found == [
        "es: 'Saved {count} answers in {path}': placeholders lost ['{path}'], added []: "
        "'Se guardaron {count} respuestas'",
        "es: 'Next:': not translated",
        "es: 'Stopped.': the translation is marked fuzzy; check it",
        "es: '{name} joined': placeholders lost ['{name}'], added ['{nombre}']: '{nombre} se unió'",
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("{count} of {total}", {"{count}", "{total}"}),
        ("%(name)s wrote {{braces}}", {"%(name)"}),
        ("plain", set()),
    ],
)
def test_placeholders_are_read_in_both_styles(text: str, names: set[str]) -> None:
    assert catalogs.placeholders(text) == names


@pytest.mark.parametrize("code", SUPPORTED)
def test_the_gaps_column_heads_fit_their_columns_in_every_language(code: str) -> None:
    """``stemeco gaps`` aligns its tables on fixed widths: a head as wide as its column
    would run into the next one."""
    from stemeco import i18n
    from stemeco.cli.gaps import PILLAR_SHORT, SHORT, STAGE_SHORT

    widths = [(SHORT, 9), (STAGE_SHORT, 15), (PILLAR_SHORT, 11)]
    try:
        i18n.set_language(code)
        too_wide = [
            shown
            for heads, width in widths
            for english in heads.values()
            if len(shown := i18n.pgettext("gaps column", english)) > width
        ]
    finally:
        i18n.set_language("en")
    assert not too_wide
