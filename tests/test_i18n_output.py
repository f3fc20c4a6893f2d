"""What a Spanish or Hebrew project prints: its language, and no English sentence of ours left.

The check against English reads the template of the program's messages
(``stemeco.pot``): every run of words of an English message, between its
placeholders, must be gone from the output. Studio titles (the studio
definitions) and users' answers are not messages of the program and may stay
English.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from stemeco import i18n
from stemeco.cli.app import app
from stemeco.i18n import formatting
from stemeco.vocab import STAGES, STAKEHOLDER_GROUPS, label, one_of, resolve


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


def english_phrases() -> set[str]:
    """Every run of two or more words in the program's English messages."""
    with (i18n.LOCALE_DIR / "stemeco.pot").open("rb") as handle:
        template = read_po(handle)
    phrases = set()
    for message in template:
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        for msgid in ids:
            for chunk in re.split(r"\{[^}]*\}", str(msgid)):
                words = re.findall(r"[A-Za-z][A-Za-z'-]*", chunk)
                if len(words) >= 2:
                    phrases.add(chunk.strip(" :;,.()"))
    return phrases


def english_left(output: str) -> list[str]:
    return sorted(p for p in english_phrases() if p and p in output)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new project, made once: every test copies it and gives it its language."""
    base = tmp_path_factory.mktemp("fresh")
    result = CliRunner().invoke(app, ["init", str(base / "p"), "-m", "Tijuana", "--no-git"])
    assert result.exit_code == 0, result.output
    return base / "p"


def project_in(language: str, fresh: Path, tmp_path: Path) -> Path:
    target = tmp_path / language
    shutil.copytree(fresh, target)
    changed = CliRunner().invoke(app, ["language", language, "--project", str(target)])
    assert changed.exit_code == 0, changed.output
    return target


def test_init_in_spanish_then_status_speaks_spanish(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "guadalajara"
    made = runner.invoke(
        app, ["init", str(target), "-m", "Guadalajara", "--language", "es", "--no-git"]
    )
    assert made.exit_code == 0, made.output
    i18n.set_language("en")  # the next command finds the language in stemeco.yaml itself
    shown = runner.invoke(app, ["status", "--project", str(target)])
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0] == "Ecosistema de aprendizaje STEM de Guadalajara"
    assert "[ ] 1. Diseño del ecosistema" in lines
    assets = "    [ ] Mapa de recursos STEM  (no hay organizaciones en assets/; agréguelas una"
    assert assets in lines
    assert "Siguiente: Persona líder del ecosistema designada:" in lines
    assert english_left(shown.stdout) == []


def test_status_in_hebrew_has_no_english_sentence_of_ours(
    runner: CliRunner, fresh: Path, tmp_path: Path
) -> None:
    target = project_in("he", fresh, tmp_path)
    shown = runner.invoke(app, ["status", "--project", str(target)])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("אקוסיסטם למידה STEM של Tijuana\n")
    assert "[ ] 2. מדדי הצלחה" in shown.stdout
    assert "הצעד הבא: הובלת האקוסיסטם נקבעה:" in shown.stdout
    assert english_left(shown.stdout) == []


def test_an_error_in_spanish_names_what_and_what_to_do(
    runner: CliRunner, fresh: Path, tmp_path: Path
) -> None:
    target = project_in("es", fresh, tmp_path)
    result = runner.invoke(app, ["studio", "run", "9", "--project", str(target)])
    assert result.exit_code == 2
    assert result.stderr == "error: no existe el Estudio 9 (los estudios van del 1 al 4)\n"
    team = runner.invoke(app, ["team", "remove", "design", "Nadie", "--project", str(target)])
    assert team.exit_code == 2
    assert team.stderr == (
        "error: 'Nadie' no está en el Equipo de Diseño (integrantes: nadie todavía)\n"
    )


def test_a_wrong_value_in_hebrew_lists_the_choices_in_hebrew(
    runner: CliRunner, fresh: Path, tmp_path: Path
) -> None:
    target = project_in("he", fresh, tmp_path)
    args = ["team", "add", "design", "--name", "Dana", "--sector", "bakery"]
    result = runner.invoke(app, [*args, "--project", str(target)])
    assert result.exit_code == 4
    first, summary = result.stderr.splitlines()
    assert first.startswith("sector: 'bakery' אינו אחד מאלה: prek12 (בתי ספר (גן עד י\"ב)")
    assert summary == "שגיאה: דבר לא שונה ב-team.yaml"
    added = runner.invoke(
        app, [*args[:-1], "עסקים ותעשייה", "--project", str(target)]
    )  # the Hebrew label names the group as well as its id
    assert added.exit_code == 0, added.output
    assert "sector: business" in (target / "team.yaml").read_text(encoding="utf-8")


def test_plurals_follow_the_language(runner: CliRunner, fresh: Path, tmp_path: Path) -> None:
    target = project_in("he", fresh, tmp_path)
    for name in ("Dana", "Omer"):
        added = runner.invoke(
            app,
            ["team", "add", "design", "--name", name, "--sector", "business"]
            + ["--project", str(target)],
        )
        assert added.exit_code == 0, added.output
    shown = runner.invoke(app, ["status", "--project", str(target)])
    assert "    [~] צוות התכנון  (שני אנשים בצוות; חסרים: בתי ספר" in shown.stdout


@pytest.mark.parametrize(
    ("code", "day", "number", "listed"),
    [
        ("en", "2026-03-31", "1,200.5", "science, art and math"),
        ("es", "31 mar 2026", "1,200.5", "science, art e ingeniería"),
        ("he", "31 במרץ 2026", "1,200.5", "מדע, אמנות ומתמטיקה"),
    ],
)
def test_dates_numbers_and_lists_read_the_way_the_language_writes_them(
    code: str, day: str, number: str, listed: str
) -> None:
    assert formatting.date(dt.date(2026, 3, 31), code) == day
    assert formatting.date("not a date", code) == "not a date"
    assert formatting.number(1200.5, code=code) == number.replace(".5", ".50")
    assert formatting.number(1200, code=code) == "1,200"
    assert formatting.fixed(3, code=code) == "3.0"
    words = {
        "en": ["science", "art", "math"],
        "es": ["science", "art", "ingeniería"],
        "he": ["מדע", "אמנות", "מתמטיקה"],
    }[code]
    assert formatting.conjoined(words, code) == listed


def test_vocabulary_labels_are_translated_and_typed_labels_resolve() -> None:
    i18n.set_language("es")
    assert label(STAGES, "high_school") == "Bachillerato"
    assert label(STAGES, "unknown_stage") == "unknown_stage"
    assert resolve("gobierno y financiadores", STAKEHOLDER_GROUPS) == "government"
    assert resolve("Government and funders", STAKEHOLDER_GROUPS) == "government"
    assert one_of(STAGES).startswith("early_childhood (Primera infancia / preescolar), ")
    i18n.set_language("he")
    assert label(STAKEHOLDER_GROUPS, "youth_families") == "בני נוער ומשפחות"
    assert i18n.direction() == "rtl"
