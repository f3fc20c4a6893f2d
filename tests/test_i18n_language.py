"""The project's language: chosen at init, kept in stemeco.yaml, shown and changed later."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemeco import i18n
from stemeco.cli.app import app
from stemeco.errors import ProjectFileError
from stemeco.project.folder import Project


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """A Spanish project located here must not leave the next test speaking Spanish."""
    yield
    i18n.set_language("en")


def manifest(root: Path) -> str:
    return (root / "stemeco.yaml").read_text(encoding="utf-8")


def test_init_stores_the_language_and_the_project_speaks_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "guadalajara"
    result = runner.invoke(
        app, ["init", str(target), "-m", "Guadalajara", "--language", "es", "--no-git"]
    )
    assert result.exit_code == 0, result.output
    assert "language: es\n" in manifest(target)
    i18n.set_language("en")
    assert Project(target).language == "es"
    assert i18n.current_language() == "es"


def test_init_refuses_a_language_it_does_not_speak_and_creates_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "montreal"
    result = runner.invoke(app, ["init", str(target), "-m", "Montréal", "--language", "fr"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: 'fr' is not a language stemeco speaks; the languages are "
        "en (English), es (español), he (עברית)"
    )
    assert not target.exists()


def test_a_project_without_language_is_english(project_dir: Path) -> None:
    text = manifest(project_dir).replace("language: en\n", "")
    (project_dir / "stemeco.yaml").write_text(text, encoding="utf-8")
    assert Project(project_dir).language == "en"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("fr", "'fr' is not a language stemeco speaks; the languages are en (English), "),
        ("ES", "'ES' is not a language code: write it in lower case, 'es'"),
        ("[he]", "'[he]' is not a language stemeco speaks"),
    ],
)
def test_a_wrong_language_in_the_manifest_names_its_line(
    project_dir: Path, runner: CliRunner, written: str, message: str
) -> None:
    text = manifest(project_dir).replace("language: en\n", f"language: {written}\n")
    (project_dir / "stemeco.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"language: {written}") + 1
    with pytest.raises(ProjectFileError) as caught:
        Project(project_dir)
    assert caught.value.line == line
    assert caught.value.reason.startswith(message)
    checked = runner.invoke(app, ["check", "--project", str(project_dir)])
    assert checked.exit_code == 1
    assert checked.stderr.startswith(f"stemeco.yaml:{line}: {message}")


def test_language_shows_and_changes_it_keeping_comments(
    project_dir: Path, runner: CliRunner
) -> None:
    path = project_dir / "stemeco.yaml"
    path.write_text("# our notes\n" + manifest(project_dir) + "# the end\n", encoding="utf-8")
    shown = runner.invoke(app, ["language", "--project", str(project_dir)])
    assert shown.exit_code == 0
    assert shown.stdout == "The project's language is English (en).\n"

    changed = runner.invoke(app, ["language", "he", "--project", str(project_dir)])
    assert changed.exit_code == 0, changed.output
    assert changed.stdout == (
        "שפת הפרויקט היא עכשיו עברית (he).\nהצעד הבא: stemeco render (המסמכים יעברו לשפה החדשה)\n"
    )
    text = manifest(project_dir)
    assert text.startswith("# our notes\n")
    assert text.endswith("# the end\n")
    assert "language: he\n" in text
    assert Project(project_dir).language == "he"

    again = runner.invoke(app, ["language", "he", "--project", str(project_dir)])
    assert again.stdout == "שפת הפרויקט היא כבר עברית (he); לא בוצע שינוי.\n"


def test_language_refuses_an_unknown_code_and_writes_nothing(
    project_dir: Path, runner: CliRunner
) -> None:
    before = manifest(project_dir)
    result = runner.invoke(app, ["language", "de", "--project", str(project_dir)])
    assert result.exit_code == 2
    assert "error: 'de' is not a language stemeco speaks" in result.stderr
    assert manifest(project_dir) == before


def test_the_catalog_of_a_domain_serves_jinja_and_falls_back_to_english() -> None:
    spanish = i18n.translations("es")
    assert spanish.gettext("The project's language is {name} ({code}).") == (
        "El idioma del proyecto es {name} ({code})."
    )
    assert spanish.gettext("a sentence no catalog has") == "a sentence no catalog has"
    assert i18n.translations("en").ngettext("one", "many", 2) == "many"
    assert i18n.direction("he") == "rtl"
    assert i18n.direction("es") == "ltr"
