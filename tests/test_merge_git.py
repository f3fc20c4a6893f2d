"""Records added on two git branches merge without a conflict (real git, real merges).

``team.yaml``, ``calendar.yaml`` and ``measurements/<id>.yaml`` are merged by
git's union driver, which ``stemeco init`` sets in ``.gitattributes``; stemeco
writes each record it appends on one line, so the union keeps whole records.
A true conflict (one record changed on both branches) keeps both versions, and
``stemeco check`` names the two lines.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.text import today

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed: merges need real git")


@pytest.fixture(autouse=True)
def plain_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git without the machine's settings (no global or system config), with a name."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.org")


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert GIT is not None
    return subprocess.run([GIT, *args], cwd=root, capture_output=True, text=True, check=False)


def commit(root: Path, message: str) -> None:
    assert git(root, "add", "-A").returncode == 0
    done = git(root, "commit", "-q", "-m", message)
    assert done.returncode == 0, done.stderr


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(root)])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def days_ago(n: int) -> str:
    return (today() - dt.timedelta(days=n)).isoformat()


def branch(root: Path) -> str:
    return git(root, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()


def merge(root: Path, other: str) -> subprocess.CompletedProcess[str]:
    merged = git(root, "merge", other, "-m", f"Merge {other}")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "CONFLICT" not in merged.stdout
    assert git(root, "status", "--porcelain").stdout == ""
    return merged


def load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def two_branches(root: Path, on_a: list[list[str]], on_b: list[list[str]]) -> None:
    """Run the commands of ``on_a`` on a branch ``a`` and those of ``on_b`` on a branch
    ``b``, both from the current commit; then merge ``a`` into ``b``."""
    base = branch(root)
    for name, commands in (("a", on_a), ("b", on_b)):
        assert git(root, "checkout", "-q", "-b", name, base).returncode == 0
        for command in commands:
            ok(cli(root, *command))
        commit(root, f"work on {name}")
    merge(root, "a")


def test_team_calendar_and_measurements_added_on_two_branches_merge_cleanly(
    tmp_path: Path,
) -> None:
    root = tmp_path / "riverton"
    ok(CliRunner().invoke(app, ["init", str(root), "--municipality", "Riverton"]))
    assert git(root, "log", "--oneline").stdout.count("\n") == 1
    ok(cli(root, "indicators", "add", "--name", "Girls in robotics", "--pillar", "systems"))
    commit(root, "an indicator")

    def work(name: str, organisation: str, title: str, value: str, when: int) -> list[list[str]]:
        return [
            ["team", "add", "leadership", "--name", name, "--organisation", organisation,
             "--sector", "business", "--role", "Member"],
            ["calendar", "add", "--title", title, "--date", days_ago(when), "--kind", "meeting"],
            ["indicators", "record", "girls-in-robotics", value, "--date", days_ago(when)],
        ]  # fmt: skip

    two_branches(
        root,
        work("Ann Lee", "Acme, Inc.", "Kick-off: east side", "12", 9),
        work("Bob Ray", "Beta Works", "Kick-off: west side", "15", 5),
    )

    ok(cli(root, "check"))
    team = load(root / "team.yaml")
    assert isinstance(team, dict)
    assert sorted(m["name"] for m in team["leadership_team"]) == ["Ann Lee", "Bob Ray"]
    calendar = load(root / "calendar.yaml")
    assert isinstance(calendar, dict)
    titles = sorted(e["title"] for e in calendar["events"])
    assert titles == ["Kick-off: east side", "Kick-off: west side"]
    measured = load(root / "measurements" / "girls-in-robotics.yaml")
    assert isinstance(measured, dict)
    assert sorted(m["value"] for m in measured["measurements"]) == [12, 15]
    listing = ok(cli(root, "indicators", "list")).output
    assert f"latest 15 on {days_ago(5)}" in listing
    ok(cli(root, "render"))
    blueprint = (root / "docs" / "blueprint.md").read_text(encoding="utf-8")
    assert "Ann Lee" in blueprint
    assert "Bob Ray" in blueprint
    assert "Kick-off: east side" in blueprint
    assert "Kick-off: west side" in blueprint


def test_each_record_stemeco_appends_is_one_line(project_dir: Path) -> None:
    """Union merges keep or drop lines; a record of one line is never torn apart."""
    ok(cli(project_dir, "team", "add", "design", "--name", "Ana Ruiz", "--organisation",
           "Riverton Schools", "--sector", "prek12", "--role", "Principal"))  # fmt: skip
    ok(cli(project_dir, "calendar", "add", "--title", "Studio I", "--date", days_ago(3),
           "--kind", "studio", "--part-of", "studio-1"))  # fmt: skip
    ok(cli(project_dir, "indicators", "add", "--name", "Partners", "--pillar", "partnerships"))
    ok(cli(project_dir, "indicators", "record", "partners", "14", "--date", days_ago(3),
           "--note", "from the register: 14, not 12"))  # fmt: skip
    team = (project_dir / "team.yaml").read_text(encoding="utf-8")
    assert (
        "  - {name: Ana Ruiz, organisation: Riverton Schools, sector: prek12, role: Principal}\n"
        in team
    )
    calendar = (project_dir / "calendar.yaml").read_text(encoding="utf-8")
    assert (
        f'  - {{id: studio-i, title: Studio I, date: "{days_ago(3)}", kind: studio, '
        "part_of: studio-1, done: false}\n" in calendar
    )
    measured = (project_dir / "measurements" / "partners.yaml").read_text(encoding="utf-8")
    assert (
        f"  - {{date: \"{days_ago(3)}\", value: 14, note: 'from the register: 14, not 12'}}\n"
        in (measured)
    )


def example_with_git(example_dir: Path) -> Path:
    assert git(example_dir, "init", "-q").returncode == 0
    commit(example_dir, "the example")
    return example_dir


def test_the_example_merges_records_added_on_two_branches(example_dir: Path) -> None:
    root = example_with_git(example_dir)

    def work(name: str, title: str, value: str, when: int) -> list[list[str]]:
        return [
            ["team", "add", "design", "--name", name, "--sector", "community"],
            ["calendar", "add", "--title", title, "--date", days_ago(when), "--kind", "meeting"],
            ["indicators", "record", "active-ecosystem-partners", value, "--date",
             days_ago(when)],
        ]  # fmt: skip

    two_branches(root, work("Ann Lee", "Partner lunch", "31", 2), work("Bob Ray", "Fair", "33", 1))
    ok(cli(root, "check"))
    design = ok(cli(root, "team", "list")).output
    assert "Ann Lee" in design
    assert "Bob Ray" in design
    calendar = ok(cli(root, "calendar")).output
    assert "Partner lunch" in calendar
    assert "Fair" in calendar
    assert f"latest 33 on {days_ago(1)}" in ok(cli(root, "indicators", "list")).output


def line_of(path: Path, text: str) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if text in line]


def test_a_member_changed_on_both_branches_is_kept_twice_and_check_names_both_lines(
    project_dir: Path,
) -> None:
    root = project_dir
    assert git(root, "init", "-q").returncode == 0
    ok(cli(root, "team", "add", "leadership", "--name", "Ana Ruiz", "--sector", "prek12"))
    ok(cli(root, "team", "add", "leadership", "--name", "Ann Lee", "--sector", "business",
           "--role", "Member"))  # fmt: skip
    commit(root, "base")
    two_branches(
        root,
        [["team", "edit", "leadership", "Ann Lee", "--role", "Chair"]],
        [["team", "edit", "leadership", "Ann Lee", "--role", "Secretary"]],
    )
    first, second = line_of(root / "team.yaml", "Ann Lee")
    checked = cli(root, "check")
    assert checked.exit_code == 1
    assert (
        f"team.yaml:{second}: leadership_team[3].name: 'Ann Lee' is listed twice "
        f"(also on line {first}): keep one of the two"
    ) in checked.stderr
    refused = cli(root, "render")
    assert refused.exit_code == 4
    assert "nothing was written" in refused.stderr
    # The team keeps the line it wants; then everything works again.
    lines = (root / "team.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[first - 1 if "Secretary" in lines[first - 1] else second - 1]
    (root / "team.yaml").write_text("".join(lines), encoding="utf-8")
    ok(cli(root, "check"))
    assert "role: Chair" in (root / "team.yaml").read_text(encoding="utf-8")


def test_a_hand_written_member_changed_on_both_branches_is_a_key_written_twice(
    example_dir: Path,
) -> None:
    root = example_with_git(example_dir)
    two_branches(
        root,
        [["team", "edit", "leadership", "Harriet Cole", "--role", "Treasurer"]],
        [["team", "edit", "leadership", "Harriet Cole", "--role", "Secretary"]],
    )
    first, second = line_of(root / "team.yaml", "role: Secretary") + line_of(
        root / "team.yaml", "role: Treasurer"
    )
    checked = cli(root, "check")
    assert checked.exit_code == 1
    assert f"team.yaml:{second}: duplicate key 'role' (also on line {first})" in checked.stderr


def test_one_event_id_added_on_both_branches_is_reported_with_both_lines(
    project_dir: Path,
) -> None:
    root = project_dir
    assert git(root, "init", "-q").returncode == 0
    commit(root, "base")
    two_branches(
        root,
        [["calendar", "add", "--title", "Kick-off", "--date", days_ago(4), "--kind", "meeting"]],
        [["calendar", "add", "--title", "Kick-off", "--date", days_ago(2), "--kind", "meeting"]],
    )
    first, second = line_of(root / "calendar.yaml", "id: kick-off")
    checked = cli(root, "check")
    assert checked.exit_code == 1
    assert (
        f"calendar.yaml:{second}: events[2].id: 'kick-off' is used twice "
        f"(also on line {first}): keep one, or give one another id"
    ) in checked.stderr
