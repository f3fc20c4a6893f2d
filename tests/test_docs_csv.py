"""docs/indicators.csv: UTF-8 with a BOM, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.plan.indicator_sheet import CSV_COLUMNS
from stemeco.text import csv_cell, parse_number

FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "- a dash first",
]


def add(runner: CliRunner, root: Path, n: int, **options: str) -> None:
    args = ["indicators", "add", "--project", str(root), "--pillar", "systems"]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    result = runner.invoke(app, [*args, "--id", f"hostile-{n}"])
    assert result.exit_code == 0, result.output


def read_back(root: Path) -> list[dict[str, str]]:
    raw = (root / "docs" / "indicators.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheets read UTF-8 without asking
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def formula_like(cell: str) -> bool:
    if not cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return False
    try:
        parse_number(cell)
    except ValueError:
        return True
    return cell[0] in "\t\r"


def test_no_cell_runs_as_a_formula_and_numbers_stay_numbers(
    runner: CliRunner, example_dir: Path
) -> None:
    for n, text in enumerate(FORMULAS):
        line = text.replace("\r", "\t")  # one-line fields take no carriage return
        add(
            runner,
            example_dir,
            n,
            name=f"{line} name",
            definition=text + " is the definition",
            owner=line,
            baseline="-5",
            target="+40",
            data_source=line,
        )
    add(runner, example_dir, 99, name="Accents: é ü ñ שלום", baseline="-5%", target="1,200")
    assert runner.invoke(app, ["render", "--project", str(example_dir)]).exit_code == 0
    rows = read_back(example_dir)
    assert list(rows[0]) == list(CSV_COLUMNS)
    hostile = [r for r in rows if r["id"].startswith("hostile-")]
    assert len(hostile) == len(FORMULAS) + 1
    for row in rows:
        assert None not in row.values(), row  # every row as long as the header
        for column, cell in row.items():
            assert not formula_like(cell), (column, cell)
    by_id = {r["id"]: r for r in hostile}
    for n, text in enumerate(FORMULAS):
        row = by_id[f"hostile-{n}"]
        typed = (text + " is the definition").replace("\r", "\n")
        assert row["definition"] == "'" + typed  # shown as text
        assert row["owner"] == "'" + text.replace("\r", "\t")
        assert (row["baseline"], row["target"]) == ("-5", "+40")  # numbers stay numbers
    accents = by_id["hostile-99"]
    assert accents["name"] == "Accents: é ü ñ שלום"
    assert (accents["baseline"], accents["target"]) == ("-5%", "1,200")


def test_the_bom_is_written_once_and_render_check_agrees(
    runner: CliRunner, example_dir: Path
) -> None:
    path = example_dir / "docs" / "indicators.csv"
    first = path.read_bytes()
    assert first.startswith(b"\xef\xbb\xbf")
    assert not first[3:].startswith(b"\xef\xbb\xbf")
    check = runner.invoke(app, ["render", "--check", "--project", str(example_dir)])
    assert check.exit_code == 0, check.output
    again = runner.invoke(app, ["render", "--project", str(example_dir)])
    assert again.exit_code == 0
    assert path.read_bytes() == first  # re-rendering is byte-identical
    path.write_bytes(first[3:])  # a copy saved without the BOM is out of date
    check = runner.invoke(app, ["render", "--check", "--project", str(example_dir)])
    assert check.exit_code == 1
    assert "indicators.csv" in check.output + check.stderr


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("-5", "-5"),
        ("-5.5", "-5.5"),
        ("+5", "+5"),
        ("-$1,200", "-$1,200"),
        ("-5 people", "'-5 people"),
        ("\t5", "'\t5"),
        ("\r=1", "'\n=1"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("@A1", "'@A1"),
        (-5, "-5"),
        (-5.5, "-5.5"),
        (None, ""),
        ("plain", "plain"),
    ],
)
def test_csv_cells(value: object, cell: str) -> None:
    assert csv_cell(value) == cell
