"""The method's terms are the glossary's in every translation stemeco ships.

``stemeco/i18n/glossary/<lang>.yaml`` lists each term of the method (Design
Team, Leadership Team, design blueprint, stakeholder group, pillar, backbone
organisation...) with the forms a translation may use (singular, plural, with
an article or a Hebrew prefix). Wherever the English text of a studio or a
document uses a term, its Spanish and Hebrew text use one of those forms, so
that a facilitator reads one word for one thing from the first studio to the
Leadership Team's blueprint. (The program's messages, ``stemeco.po``, are
checked by their own catalog test.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po

from stemeco.i18n.catalogs import po_path
from stemeco.resources import PACKAGE_DIR, studios_dir
from stemeco.storage.read import read_yaml
from stemeco.studios.definition import Step
from stemeco.studios.loader import load_definition

LANGUAGES = ("es", "he")


def _step_texts(
    old: tuple[Step, ...], new: tuple[Step, ...], where: str
) -> Iterator[tuple[str, str, str]]:
    for source, text in zip(old, new, strict=True):
        at = f"{where}.{source.id}"
        yield f"{at}.prompt", source.prompt, text.prompt
        yield f"{at}.help", source.help, text.help
        for a, b in zip(source.choices, text.choices, strict=True):
            yield f"{at}.choices.{a.value}", a.label, b.label
        yield from _step_texts(source.fields, text.fields, f"{at}.fields")


def texts(language: str) -> Iterator[tuple[str, str, str]]:
    """(where, English, translation) of every studio text and every document string."""
    for path in sorted(studios_dir().glob("*.yaml")):
        source, text = load_definition(path), load_definition(path, language)
        for key in ("title", "subtitle", "guiding_question", "purpose"):
            yield f"{path.name}: {key}", getattr(source, key), getattr(text, key)
        for a, b in zip(source.outputs, text.outputs, strict=True):
            yield f"{path.name}: outputs", a, b
        yield from _step_texts(source.steps, text.steps, f"{path.name}: steps")
    with po_path(language, "documents").open("rb") as handle:
        for message in read_po(handle, locale=language):
            if message.id:
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                yield f"documents.po: {ids[0]!r}", str(ids[-1]), str(strings[-1] or "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_uses_the_glossarys_terms(language: str) -> None:
    glossary = read_yaml(PACKAGE_DIR / "i18n" / "glossary" / f"{language}.yaml")
    assert glossary["language"] == language
    terms = [
        (re.compile(rf"(?<![\w-]){re.escape(t['en'])}(?![\w-])", re.IGNORECASE), t)
        for t in glossary["terms"]
    ]
    assert len(terms) > 20
    checked, wrong = 0, []
    for where, english, translated in texts(language):
        for pattern, term in terms:
            if pattern.search(english):
                checked += 1
                if not any(form.casefold() in translated.casefold() for form in term["forms"]):
                    wrong.append(f"{where}: '{term['en']}' is not {term[language]!r}: {translated}")
    assert checked > 100  # the terms do occur: the check checks something
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glossary_has_the_agreed_core_terms(language: str) -> None:
    glossary = read_yaml(PACKAGE_DIR / "i18n" / "glossary" / f"{language}.yaml")
    english = {t["en"] for t in glossary["terms"]}
    core = {"Design Team", "Leadership Team", "design blueprint", "stakeholder group", "pillar"}
    assert core <= english
    for term in glossary["terms"]:
        assert term[language], term
        assert term["forms"], term
    assert set(glossary["stages"]) >= {"early_childhood", "high_school", "employment"}
