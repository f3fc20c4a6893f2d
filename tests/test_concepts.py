"""One implementation per concept: numbers, dates, slugs, problems and staleness read alike
wherever a person meets them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stemeco import text
from stemeco.cli.app import app
from stemeco.project.folder import Project
from stemeco.studios.definition import Step
from stemeco.studios.values import parse_input

NUMBERS = [("$38,000", 38000), ("50%", 50), ("1,200", 1200), ("1.5", 1.5), ("-5", -5)]


def invoke(project: Path, *args: str) -> tuple[int, str, str]:
    """Run stemeco on ``project``; arguments after "--" stay positional (a value of -5)."""
    head, sep, tail = list(args), [], []
    if "--" in args:
        at = args.index("--")
        head, sep, tail = list(args[:at]), ["--"], list(args[at + 1 :])
    result = CliRunner().invoke(app, [*head, "--project", str(project), *sep, *tail])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def example_copy(example_dir: Path) -> Path:
    return example_dir


@pytest.mark.parametrize(("typed", "value"), NUMBERS)
def test_a_number_reads_the_same_in_a_studio_and_in_a_measurement(
    typed: str, value: float, example_copy: Path
) -> None:
    step = Step(id="amount", prompt="How much?", type="number")
    assert text.parse_number(typed) == value
    assert parse_input(step, typed) == value
    code, out, err = invoke(
        example_copy,
        "indicators",
        "record",
        "--date",
        "2026-01-01",
        "--",
        "active-ecosystem-partners",
        typed,
    )
    assert code == 0, err
    saved = yaml.safe_load(
        (example_copy / "measurements" / "active-ecosystem-partners.yaml").read_text()
    )
    assert {"date": "2026-01-01", "value": value} in saved["measurements"]


@pytest.mark.parametrize("typed", ["1,5", "12,34,5", "1.2.3", "abc", "nan", "inf", ""])
def test_a_comma_is_never_a_decimal_point_and_nonsense_is_refused(
    typed: str, example_copy: Path
) -> None:
    step = Step(id="amount", prompt="How much?", type="number")
    with pytest.raises(ValueError, match="not a"):
        text.parse_number(typed)
    with pytest.raises(ValueError, match="not a"):
        parse_input(step, typed)
    before = (example_copy / "measurements" / "active-ecosystem-partners.yaml").read_bytes()
    code, _, err = invoke(
        example_copy, "indicators", "record", "--", "active-ecosystem-partners", typed
    )
    assert code != 0
    assert err.count("\n") == 1, err  # one line, no traceback
    after = (example_copy / "measurements" / "active-ecosystem-partners.yaml").read_bytes()
    assert after == before


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("2026-02-30", "February 2026 has 28 days"),
        ("2028-02-30", "February 2028 has 29 days"),
        ("2026-13-01", "there is no month 13"),
        ("20260103", "YYYY-MM-DD"),
        ("2026-W02-1", "YYYY-MM-DD"),
        ("next week", "YYYY-MM-DD"),
    ],
)
def test_an_impossible_date_says_why_everywhere(typed: str, why: str, example_copy: Path) -> None:
    assert text.parse_date(typed) is None
    assert why in str(text.date_problem(typed))
    step = Step(id="when", prompt="When?", type="date")
    from stemeco.studios.values import check_value

    assert any(why in p for p in check_value(step, typed))
    code, _, err = invoke(
        example_copy, "calendar", "add", "--title", "T", "--kind", "meeting", "--date", typed
    )
    assert code != 0
    assert why in err, err
    code, _, err = invoke(
        example_copy, "indicators", "record", "active-ecosystem-partners", "3", "--date", typed
    )
    assert code != 0
    assert why in err, err


def test_a_real_date_is_read() -> None:
    assert text.parse_date("2028-02-29") == dt.date(2028, 2, 29)
    assert text.date_problem("2028-02-29") is None


def test_today_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    assert text.today() == dt.date(2026, 1, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert text.today() == dt.date.today()


def test_slugs_keep_every_script_and_never_leave_their_folder() -> None:
    assert text.slugify("Élèves inscrits!") == "eleves-inscrits"
    assert text.slugify("באר שבע") == "באר-שבע"
    assert text.slugify("../../etc/passwd") == "etc-passwd"
    assert text.slugify("???", fallback="record") == "record"


def test_check_names_the_line_of_a_broken_studio_definition(project_dir: Path) -> None:
    path = project_dir
    (path / "studios").mkdir()
    (path / "studios" / "extra.yaml").write_text(
        "id: extra\ntitle: Extra\nsteps:\n  - id: a\n    prompt: A?\n    typ: text\n",
        encoding="utf-8",
    )
    code, _, err = invoke(path, "check")
    assert code == 1
    assert "studios/extra.yaml:6: steps.0.typ: unknown key" in err


def test_stale_means_the_same_to_status_and_render_check(project_dir: Path) -> None:
    path = project_dir
    session = path / "sessions" / "studio-1.yaml"
    session.write_text(
        "studio: studio-1\nstatus: in_progress\nanswers:\n"
        "  mission_draft: Every child here learns STEM.\n"
    )

    def blueprint_state() -> str:
        # The blueprint waits for Studios II-IV either way; its detail says whether docs/ is stale.
        code, out, _ = invoke(path, "status", "--json")
        assert code == 0
        items = [i for m in yaml.safe_load(out)["milestones"] for i in m["items"]]
        item = next(i for i in items if i["key"] == "blueprint")
        return "stale" if "out of date" in item["detail"] else "current"

    assert blueprint_state() == "stale"
    assert invoke(path, "render", "--check")[0] == 1
    assert invoke(path, "render")[0] == 0
    assert blueprint_state() == "current"
    assert invoke(path, "render", "--check")[0] == 0
    # A comment changes no document: both still say up to date.
    session.write_text("# a note for the room\n" + session.read_text())
    assert blueprint_state() == "current"
    assert invoke(path, "render", "--check")[0] == 0
    # A hand edit of a document is out of date for both.
    doc = path / "docs" / "blueprint.md"
    doc.write_text(doc.read_text() + "\nedited by hand\n")
    assert blueprint_state() == "stale"
    assert invoke(path, "render", "--check")[0] == 1
    assert Project(path).manifest.municipality == "Riverton"
