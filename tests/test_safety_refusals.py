"""Error means nothing written: a refused command leaves every file of the project as it was.

One case per writer family, each refused for the reason users meet most: the
file it changes was broken by hand (valid YAML, a wrong value), or the input
is wrong. The whole project is compared byte for byte before and after.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    """Break a file by hand: replace the first ``old`` (a regular expression) with ``new``."""

    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        changed = re.sub(old, new, text, count=1, flags=re.MULTILINE)
        assert changed != text, (relative, old)
        path.write_text(changed, encoding="utf-8")

    return edit


def write(relative: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")

    return edit


def nothing(root: Path) -> None:  # noqa: ARG001 - the input alone is wrong
    pass


BROKEN_TEAM = replace_in("team.yaml", r"^design_team:", "design_team: 5\nold_design_team:")
BROKEN_CALENDAR = replace_in("calendar.yaml", r'date: "2025-10-09"', "date: soon")
BROKEN_MEASUREMENTS = replace_in(
    "measurements/active-ecosystem-partners.yaml", r"value: 14", "value: lots"
)
BROKEN_APPROVALS = replace_in("approvals.yaml", r"^blueprint:", "blueprint: 5\nold:")
BROKEN_LAUNCHES = replace_in("launches.yaml", r"date: '2026-07-09'", "date: someday")
BROKEN_SESSION = replace_in("sessions/studio-1.yaml", r"^status: complete", "status: nearly")
BROKEN_ASSET = replace_in("assets/brightline-software.yaml", r"^sector: .*", "sector: nowhere")
BROKEN_INDICATOR = write("indicators/extra.yaml", "- an indicator is a mapping, not a list\n")

CASES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    ("team add", BROKEN_TEAM, ["team", "add", "design", "--name", "Zed", "--sector", "business"]),
    ("team edit", BROKEN_TEAM, ["team", "edit", "leader", "--role", "Chair"]),
    ("team remove", BROKEN_TEAM, ["team", "remove", "leadership", "Rosa Delgado"]),
    ("team add, bad sector", nothing, ["team", "add", "design", "--name", "Zed", "--sector", "x"]),
    (
        "calendar add",
        BROKEN_CALENDAR,
        ["calendar", "add", "--title", "Party", "--date", "2026-01-02", "--kind", "meeting"],
    ),
    ("calendar edit", BROKEN_CALENDAR, ["calendar", "edit", "asset-mapping", "--title", "Maps"]),
    ("calendar done", BROKEN_CALENDAR, ["calendar", "done", "asset-mapping"]),
    ("calendar remove", BROKEN_CALENDAR, ["calendar", "remove", "asset-mapping"]),
    (
        "indicators record",
        BROKEN_MEASUREMENTS,
        ["indicators", "record", "active-ecosystem-partners", "31"],
    ),
    (
        "indicators record, no number",
        nothing,
        ["indicators", "record", "active-ecosystem-partners", "many"],
    ),  # noqa: E501
    (
        "indicators add",
        BROKEN_INDICATOR,
        ["indicators", "add", "--name", "Robots built", "--pillar", "workforce"],
    ),
    ("indicators edit", BROKEN_INDICATOR, ["indicators", "edit", "extra", "--owner", "Ann"]),
    ("indicators remove", BROKEN_INDICATOR, ["indicators", "remove", "extra"]),
    ("approve", BROKEN_APPROVALS, ["approve", "blueprint", "--by", "Leadership Team"]),
    ("approve, broken studio", BROKEN_SESSION, ["approve", "blueprint", "--by", "The chair"]),
    ("launch set", BROKEN_LAUNCHES, ["launch", "set", "ecosystem-soft", "--audience", "All"]),
    ("launch done", BROKEN_LAUNCHES, ["launch", "done", "ecosystem-soft"]),
    ("studio --answers", BROKEN_SESSION, ["studio", "run", "1", "--answers", "{answers}"]),
    ("studio --answers, bad value", nothing, ["studio", "run", "2", "--answers", "{bad}"]),
    ("assets add, same name", nothing, ["assets", "add", "--name", "{asset}", "--source", "x"]),
    ("assets import, bad rows", nothing, ["assets", "import", "{csv}"]),
    (
        "assets add, broken asset",
        BROKEN_ASSET,
        ["assets", "add", "--name", "Zeta", "--source", "x"],
    ),
    ("assets import, broken asset", BROKEN_ASSET, ["assets", "import", "{good_csv}"]),
    (
        "interviews add, bad date",
        nothing,
        [
            "interviews",
            "add",
            "--who",
            "Ann",
            "--organisation",
            "Lib",
            "--date",
            "May",
            "--notes",
            "n",
        ],
    ),  # noqa: E501
    (
        "assess, bad rating",
        nothing,
        ["assess", "--respondent", "Ann", "--round", "2026-01-02", "--answers", "{rating}"],
    ),  # noqa: E501
    ("render", BROKEN_CALENDAR, ["render"]),
]


@pytest.mark.parametrize(("name", "breaks", "argv"), CASES, ids=[c[0] for c in CASES])
def test_a_refused_command_leaves_every_file_byte_identical(
    example_dir: Path,
    tmp_path: Path,
    name: str,
    breaks: Callable[[Path], None],
    argv: list[str],
) -> None:
    inputs: dict[str, Path | str] = {
        "answers": tmp_path / "answers.yaml",
        "bad": tmp_path / "bad.yaml",
        "csv": tmp_path / "rows.csv",
        "good_csv": tmp_path / "good.csv",
        "rating": tmp_path / "rating.yaml",
        "asset": next(
            line.split(":", 1)[1].strip()
            for line in next((example_dir / "assets").glob("*.yaml"))
            .read_text(encoding="utf-8")
            .splitlines()
            if line.startswith("name:")
        ),
    }
    Path(inputs["answers"]).write_text("stem_definition: STEM is how we build.\n", encoding="utf-8")
    Path(inputs["bad"]).write_text("vision: ''\nfunding_outlook: not a choice\n", encoding="utf-8")
    Path(inputs["csv"]).write_text(
        "name,sector\nRobot Club,not a sector\n,business\n", encoding="utf-8"
    )
    Path(inputs["good_csv"]).write_text("name,sector\nOmega Club,business\n", encoding="utf-8")
    Path(inputs["rating"]).write_text("champion: {rating: 9}\n", encoding="utf-8")
    breaks(example_dir)
    before = snapshot(example_dir)
    args = [a.format(**{k: str(v).strip("'\"") for k, v in inputs.items()}) for a in argv]
    result = CliRunner().invoke(app, [*args, "--project", str(example_dir)])
    assert result.exit_code not in (0, 70), (name, result.output)
    assert "internal error" not in result.output
    assert snapshot(example_dir) == before, name
