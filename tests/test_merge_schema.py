"""The manifest's format version: anything but a schema this stemeco reads is refused,
in one line naming the file, the line and what to do; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app

NEWER = "install a newer stemeco (pip install --upgrade stemeco)"
CASES = [
    ("schema: 0", 3, "schema 0 is not a format version stemeco ever wrote (they start at 1; "
     "this stemeco reads 1): write 'schema: 1'"),
    ("schema: -5", 3, "schema -5 is not a format version stemeco ever wrote (they start at 1; "
     "this stemeco reads 1): write 'schema: 1'"),
    ('schema: "1"', 3, "'schema' is the text '1', not a number: write 'schema: 1'"),
    ("schema: 1.0", 3, "'schema' is 1.0, not a whole number: write 'schema: 1'"),
    ("schema: 2", 3, f"schema 2 is newer than this stemeco (0.1.0) reads (schema 1): {NEWER}"),
    ("schema: 2.0", 3, "'schema' is 2.0, not a whole number: write 'schema: 2'"),
    ("schema: true", 3, "'schema' is true, not a format version: write 'schema: 1'"),
    ("schema:", 3, "'schema' is empty, not a format version: write 'schema: 1'"),
    ("schema: [1]", 3, "'schema' is [1], not a format version: write 'schema: 1'"),
    ("schema: one", 3, "'schema' is the text 'one', not a number: write 'schema: 1'"),
    ("", 1, "'schema' is missing: stemeco writes the format version in every project; "
     "add the line 'schema: 1'"),
]  # fmt: skip


def manifest(root: Path, schema_line: str) -> Path:
    root.mkdir()
    text = f"# the manifest\nmunicipality: Riverton\n{schema_line}\nlanguage: en\n"
    (root / "stemeco.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(("schema_line", "line", "message"), CASES)
def test_an_unknown_schema_is_refused_in_one_line(
    tmp_path: Path, schema_line: str, line: int, message: str
) -> None:
    root = manifest(tmp_path / "project", schema_line)
    runner = CliRunner()
    for command in (["status"], ["team", "add", "design", "--name", "Ann", "--sector", "business"]):
        result = runner.invoke(app, [*command, "--project", str(root)])
        assert result.exit_code == 3, result.output
        assert result.stderr == f"error: {root}/stemeco.yaml:{line}: {message}\n"
    checked = runner.invoke(app, ["check", "--project", str(root)])
    assert checked.exit_code == 1
    assert f"stemeco.yaml:{line}: {message}\n" in checked.stderr
    assert sorted(p.name for p in root.iterdir()) == ["stemeco.yaml"]
