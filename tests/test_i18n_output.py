"""What a Spanish or Hebrew project prints: its language, and no English sentence of ours left.

The check against English reads the template of the program's messages
(``stemeco.pot``): every run of words of an English message, between its
placeholders, must be gone from the output. Studio titles (the studio
definitions) and users' answers are not messages of the program and may stay
English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from stemeco import i18n
from stemeco.cli.app import app
from stemeco.community.assets import load_assets
from stemeco.i18n import formatting
from stemeco.vocab import STAGES, STAKEHOLDER_GROUPS, label, one_of, resolve


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


#: A piece of a message that is only a command, which stays as it is in every language.
COMMAND = re.compile(r"(?:&&\s*)?stemeco(?: [a-z][a-z-]*)*")


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
                if len(words) >= 2 and not COMMAND.fullmatch(chunk.strip(" :;,.()")):
                    phrases.add(chunk.strip(" :;,.()"))
    return phrases


def english_left(output: str) -> list[str]:
    """The phrases of our English messages in ``output``, as whole words ("a list" is
    not in "la lista")."""
    return sorted(
        p for p in english_phrases() if p and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", output)
    )


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


# ------------------------------------------------------------------ the asset map


def heard(output: str, *typed: str) -> str:
    """What a command printed as one line (it wraps to the terminal), without the text
    people typed (names, files), which is never translated."""
    text = " ".join(output.split())
    for each in sorted(typed, key=len, reverse=True):
        text = text.replace(each, "<typed>")
    return text


@pytest.fixture(scope="module")
def san_diego_in(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Path, str]]:
    """``init --example san-diego`` in a language, run once per language for the module:
    the project and what init said. Tests that change it work on a copy."""
    made: dict[str, tuple[Path, str]] = {}

    def build(code: str) -> tuple[Path, str]:
        if code not in made:
            base = tmp_path_factory.mktemp(f"san-diego-{code}")
            args = ["init", str(base / "sd"), "-m", "San Diego County", "--example", "san-diego"]
            result = CliRunner().invoke(app, [*args, "--language", code, "--no-git"])
            assert result.exit_code == 0, result.output
            made[code] = (base / "sd", result.stdout)
            i18n.set_language("en")
        return made[code]

    return build


def names_in(root: Path) -> list[str]:
    """Every organisation's name and alias and every record's file: text as typed."""
    typed = []
    for org in load_assets(root):
        typed += [org.name, *org.aliases, f"assets/{org.path.name}"]
    return typed


@pytest.fixture
def san_diego_copy(
    san_diego_in: Callable[[str], tuple[Path, str]], tmp_path: Path
) -> Callable[[str], tuple[Path, list[str]]]:
    """A copy of the San Diego project in a language, to change, and its typed names."""

    def copy(code: str) -> tuple[Path, list[str]]:
        target = tmp_path / "copy"
        shutil.copytree(san_diego_in(code)[0], target)
        return target, names_in(target)

    return copy


@pytest.mark.parametrize(
    ("code", "summary"),
    [
        (
            "es",
            "Se creó el proyecto de San Diego County en {path} con su mapa de recursos STEM: "
            "se importaron 155 organizaciones y 330 programas; ",
        ),
        (
            "he",
            "נוצר הפרויקט של San Diego County ב-{path} עם מיפוי המשאבים שלו: יובאו 155 ארגונים "
            "ו-330 תוכניות, ",
        ),
    ],
    ids=["es", "he"],
)
def test_init_san_diego_says_what_it_imported_in_the_projects_language(
    code: str, summary: str, san_diego_in: Callable[[str], tuple[Path, str]]
) -> None:
    root, said = san_diego_in(code)
    first, following = said.splitlines()
    assert first.startswith(summary.format(path=root))
    assert first.endswith("(stemeco assets review).")  # the command that goes through them
    next_step = {
        "es": "Siguiente: cd {path} && stemeco status",
        "he": "הצעד הבא: cd {path} && stemeco status",
    }
    assert following == next_step[code].format(path=root)
    assert english_left(said) == []


@pytest.mark.parametrize(
    ("code", "counted", "reason"),
    [
        (
            "es",
            "24 organizaciones.",
            "por revisar: nombrada por 3 programas en programs.csv (filas 41, 216, 331), pero no "
            "está en la lista de organizaciones; indique su grupo de actores",
        ),
        (
            "he",
            "24 ארגונים.",
            "לבדיקה: מוזכר ב-3 תוכניות ב-programs.csv (שורות 41, 216, 331) אבל אינו ברשימת "
            "הארגונים; יש לקבוע את המגזר שלו",
        ),
    ],
    ids=["es", "he"],
)
def test_assets_list_speaks_the_language_reasons_included(
    code: str,
    counted: str,
    reason: str,
    runner: CliRunner,
    san_diego_in: Callable[[str], tuple[Path, str]],
) -> None:
    root, _ = san_diego_in(code)
    listed = runner.invoke(app, ["assets", "list", "--needs-review", "--project", str(root)])
    assert listed.exit_code == 0, listed.output
    text = heard(listed.stdout)
    assert counted in text
    assert reason in text  # stored in English in the record, shown translated
    assert "review_reason: named by 3 program(s)" in "".join(
        p.read_text(encoding="utf-8") for p in (root / "assets").glob("*.yaml")
    )
    assert english_left(heard(listed.stdout, *names_in(root))) == []


ANSWERS = """\
Fleet Science Center: accept
Code Ninjas Poway: {sector: out_of_school, pillars: [teaching_learning]}
Code Ninjas North-Carlsbad: {same_as: Code Ninjas Poway}
Zovargo: skip
"""
BAD_ANSWERS = """\
Fleet Science Center: {accept: true, colour: blue}
Zovargo: {same_as: Zovargo}
Nobody At All: skip
"""


@pytest.mark.parametrize(
    ("code", "summary"),
    [
        (
            "es",
            "Se guardaron 3 decisiones (aceptadas: 1; cambiadas: 1; fusionadas: 1); omitidas: 1. "
            "Quedan 76 por revisar. Siguiente: stemeco gaps muestra la trayectoria de aprendizaje.",
        ),
        (
            "he",
            "נשמרו 3 החלטות (אושרו: 1; שונו: 1; מוזגו: 1); דולגו: 1. נותרו 76 לבדיקה. "
            "הצעד הבא: stemeco gaps מציג את רצף הלמידה.",
        ),
    ],
    ids=["es", "he"],
)
def test_assets_review_answers_speak_the_language(
    code: str,
    summary: str,
    runner: CliRunner,
    san_diego_copy: Callable[[str], tuple[Path, list[str]]],
    tmp_path: Path,
) -> None:
    root, typed = san_diego_copy(code)
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    done = runner.invoke(app, ["assets", "review", "--answers", str(answers), "-p", str(root)])
    assert done.exit_code == 0, done.output
    assert heard(done.stdout).endswith(summary)
    assert english_left(heard(done.stdout, *typed)) == []
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_ANSWERS, encoding="utf-8")
    refused = runner.invoke(app, ["assets", "review", "--answers", str(bad), "-p", str(root)])
    assert refused.exit_code == 4
    assert len(refused.stderr.splitlines()) == 4  # each bad entry, then the summary
    assert english_left(heard(refused.stderr, *typed, str(bad))) == []


@pytest.mark.parametrize(
    ("code", "updated", "removed"),
    [
        (
            "es",
            "Se actualizó <typed> (<typed>): grupo de actores Empresas e industria (antes: "
            "Organizaciones comunitarias); etapas + Familia; location: Carlsbad; revisada "
            "(needs_review: false).",
            "Se actualizó <typed> (<typed>): location (eliminado).",
        ),
        (
            "he",
            "עודכן <typed> (<typed>): מגזר עסקים ותעשייה (קודם: ארגונים קהילתיים); "
            "שלבים + משפחה; location: Carlsbad; נבדק (needs_review: false).",
            "עודכן <typed> (<typed>): location (הוסר).",
        ),
    ],
    ids=["es", "he"],
)
def test_assets_edit_says_what_changed_in_the_language(
    code: str,
    updated: str,
    removed: str,
    runner: CliRunner,
    san_diego_copy: Callable[[str], tuple[Path, list[str]]],
) -> None:
    root, typed = san_diego_copy(code)
    args = ["assets", "edit", "Ocean Connectors", "-p", str(root)]
    first = runner.invoke(
        app,
        [*args, "--sector", "business", "--stage", "family", "--location", "Carlsbad"]
        + ["--reviewed"],
    )
    assert first.exit_code == 0, first.output
    assert heard(first.stdout, *typed) == updated
    again = runner.invoke(app, [*args, "--location", ""])
    assert heard(again.stdout, *typed) == removed
    same = runner.invoke(app, [*args, "--stage", "family"])
    unknown = runner.invoke(
        app, ["assets", "edit", "Ocean Conectors", "--reviewed", "-p", str(root)]
    )
    assert unknown.exit_code == 2
    said = heard(same.stdout + unknown.stderr, *typed, "Ocean Conectors")
    assert english_left(said) == []
    assert "Ocean Conectors" in unknown.stderr  # as the person typed it


def test_the_kumu_export_keeps_kumus_columns_and_speaks_the_language_in_its_cells(
    runner: CliRunner, san_diego_copy: Callable[[str], tuple[Path, list[str]]]
) -> None:
    from stemeco.community.exports import CONNECTION_COLUMNS, ELEMENT_COLUMNS

    root, typed = san_diego_copy("es")
    done = runner.invoke(app, ["assets", "export", "-f", "kumu", "-p", str(root)])
    assert done.exit_code == 0, done.output
    assert english_left(heard(done.stdout, *typed)) == []
    elements, connections = (
        list(csv.reader(io.StringIO((root / "exports" / name).read_text(encoding="utf-8"))))
        for name in ("asset-map-elements.csv", "asset-map-connections.csv")
    )
    assert tuple(elements[0]) == ELEMENT_COLUMNS  # what Kumu and a map's views read
    assert tuple(connections[0]) == CONNECTION_COLUMNS
    column = {name: index for index, name in enumerate(elements[0])}
    assert {row[column["Type"]] for row in elements[1:]} == {"Organización", "Programa"}
    assert {row[3] for row in connections[1:]} == {"Ofrecido por"}
    assert {row[4] for row in connections[1:]} == {"directed"}  # Kumu's own word
    fleet = next(row for row in elements if row[column["Label"]] == "Fleet Science Center")
    assert (
        fleet[column["Sector"]]
        == "Instituciones ricas en STEM (museos, centros de ciencia, bibliotecas)"
    )


@pytest.mark.parametrize("code", ["es", "he"])
def test_the_review_card_speaks_the_language(code: str, fresh: Path, tmp_path: Path) -> None:
    from rich.console import Console

    from stemeco.community.triage import card_for, to_review
    from stemeco.ui.review import TerminalReviewer

    root = project_in(code, fresh, tmp_path)
    (root / "assets" / "museo.yaml").write_text(
        "name: Museo de Ciencias del Desierto\n"
        "website: https://museo.example\n"
        "description: Talleres de robótica para secundaria y familias.\n"
        "needs_review: true\n"
        "review_reason: no sector given; likely the same organisation as 'Museo del Desierto'\n",
        encoding="utf-8",
    )
    (root / "assets" / "museo-del-desierto.yaml").write_text(
        "name: Museo del Desierto\nwebsite: https://www.museo.example\nsector: stem_rich\n",
        encoding="utf-8",
    )
    i18n.set_language(code)
    orgs = load_assets(root)
    museo = next(o for o in to_review(root) if o.path.name == "museo.yaml")
    card = card_for(root, museo, orgs, 1, 2)
    out = Console(width=100, record=True, color_system=None)
    TerminalReviewer(out).show(card)
    shown = out.export_text()
    typed = ["Museo de Ciencias del Desierto", "Museo del Desierto", "assets/museo.yaml"]
    assert english_left(heard(shown, *typed)) == []
    why = {
        "es": "Por qué: no se indicó grupo de actores; probablemente es la misma organización "
        "que 'Museo del Desierto'",
        "he": "למה: לא צוין מגזר; כנראה אותו ארגון כמו 'Museo del Desierto'",
    }[code]
    assert why in heard(shown)
    found = {"es": "'Museo' en el nombre", "he": "'Museo' בשם"}[code]
    assert found in heard(shown)  # the words as found, the frame in the language
    assert (
        dict(card.candidates)["Museo del Desierto"]
        == {
            "es": "nombrada en su nota de revisión",
            "he": "מוזכר בהערת הבדיקה שלו",
        }[code]
    )


def test_ctrl_c_says_what_was_kept_in_the_language() -> None:
    from stemeco.cli.app import interrupted_message

    i18n.set_language("es")
    assert interrupted_message(10**9) == "Interrumpido; este comando no cambió nada."
    i18n.set_language("he")
    assert interrupted_message(10**9) == "הפעולה הופסקה; הפקודה הזו לא שינתה דבר."


def areas_in(root: Path) -> list[str]:
    """The areas of the programs: the roster's words, never translated."""
    return sorted({a for org in load_assets(root) for p in org.programs for a in p.areas})


@pytest.mark.parametrize(
    ("code", "heads", "finding"),
    [
        (
            "es",
            "Etapa Escuelas Extraesc. Inst.STEM Ed. sup. Empresas Comunidad Familias Gob./fin. "
            "Sin grupo",
            "El mapa de recursos STEM tiene 155 organizaciones y 330 programas; ",
        ),
        (
            "he",
            "שלב בתי ספר לא פורמלי עתירי-מדע השכלה גב' עסקים קהילה משפחות ממשל/מימ' ללא מגזר",
            "במיפוי המשאבים יש 155 ארגונים ו-330 תוכניות; ",
        ),
    ],
    ids=["es", "he"],
)
def test_gaps_speaks_the_language_heads_findings_and_duplicates(
    code: str,
    heads: str,
    finding: str,
    runner: CliRunner,
    san_diego_in: Callable[[str], tuple[Path, str]],
) -> None:
    root, _ = san_diego_in(code)
    shown = runner.invoke(app, ["gaps", "--project", str(root)])
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert " ".join(lines[2].split()) == heads  # the column heads, each within its column
    assert finding in heard(shown.stdout)
    typed = [*names_in(root), *areas_in(root)]
    assert english_left(heard(shown.stdout, *typed)) == []


PARTNERS = Path(__file__).parent / "data" / "port-alder-partners.csv"


def quoted_out(text: str) -> str:
    """``text`` without what it quotes: the roster's own cells ('N/A', 'Harbor Light...')."""
    return re.sub(r"'[^'\n]*'", "<typed>", text)


@pytest.mark.parametrize(
    ("code", "summary", "duplicate"),
    [
        (
            "es",
            "port-alder-partners.csv: 51 filas de organizaciones, equivalencias: (sin archivo de "
            "equivalencias). Leídos como vacíos (33 textos de relleno): ",
            "fila 42: <typed> se parece a <typed> (fila 12): mismo sitio web "
            "harborlightrobotics.org, misma dirección <typed>, mismo dominio de correo "
            "harborlightrobotics.org Archivos creados: 51; actualizados: 0; sin cambios: 0.",
        ),
        (
            "he",
            "port-alder-partners.csv: 51 שורות של ארגונים, מיפוי: (ללא קובץ מיפוי). "
            "נקראו כריקים (33 טקסטים ממלאי מקום): ",
            "שורה 42: <typed> דומה ל-<typed> (שורה 12): אותו אתר harborlightrobotics.org, "
            'אותה כתובת <typed>, אותו דומיין דוא"ל harborlightrobotics.org '
            "קבצים שנוצרו: 51; עודכנו: 0; ללא שינוי: 0.",
        ),
    ],
    ids=["es", "he"],
)
def test_an_import_says_what_it_read_and_wrote_in_the_language(
    code: str, summary: str, duplicate: str, runner: CliRunner, fresh: Path, tmp_path: Path
) -> None:
    root = project_in(code, fresh, tmp_path)
    done = runner.invoke(app, ["assets", "import", str(PARTNERS), "--project", str(root)])
    assert done.exit_code == 0, done.output
    said = quoted_out(heard(done.stdout))
    assert said.startswith(summary)
    assert duplicate in said
    assert english_left(said) == []
    listed = runner.invoke(app, ["assets", "list", "--needs-review", "--project", str(root)])
    reason = {  # written in English into the record, read in the language
        "es": "por revisar: probablemente es la misma organización que <typed> (fila 12 de "
        "port-alder-partners.csv): mismo sitio web harborlightrobotics.org",
        "he": "לבדיקה: כנראה אותו ארגון כמו <typed> (שורה 12 של port-alder-partners.csv): "
        "אותו אתר harborlightrobotics.org",
    }[code]
    assert reason in quoted_out(heard(listed.stdout))
    assert english_left(quoted_out(heard(listed.stdout, *names_in(root)))) == []
    unmapped = tmp_path / "unmapped.csv"
    unmapped.write_text("Name,Sector\nAlder Bakery,Bakery\nAlder Museum,Museum\n", "utf-8")
    refused = runner.invoke(app, ["assets", "import", str(unmapped), "--project", str(root)])
    assert refused.exit_code == 1
    assert english_left(quoted_out(heard(refused.stderr, str(unmapped)))) == []
