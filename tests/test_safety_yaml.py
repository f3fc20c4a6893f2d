"""Hostile YAML is bounded: refused with exit 3 and file:line, in bounded time and memory.

Each attack runs the installed command in a child process with a memory and a
CPU-time limit (resource.setrlimit): a regression shows as a killed child, not
as a hung test suite.
"""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemeco.errors import ProjectFileError
from stemeco.resources import studios_dir
from stemeco.storage.limits import ALIAS_BUDGET, MAX_DEPTH, check_yaml, could_be_hostile
from stemeco.storage.read import parse_yaml

from conftest import stemeco_executable

MEMORY = 512 * 1024 * 1024  # a normal command needs a fraction of this
SECONDS = 30


def _limits() -> None:  # runs in the child, before stemeco starts
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS))


def run_limited(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [stemeco_executable(), *args],
        preexec_fn=_limits,
        capture_output=True,
        text=True,
        timeout=SECONDS * 4,
    )


def laughs(levels: int = 9) -> str:
    """The "billion laughs": 9 levels of nine aliases each, a few hundred bytes."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


FLOW_DEEP = "answers:\n  vision: " + "[" * 50_000 + "]" * 50_000 + "\n"  # 100 KB
BLOCK_DEEP = "vision:\n" + "".join("  " * n + "-\n" for n in range(1, 1200)) + "\n"


def test_billion_laughs_in_an_asset_file_is_refused_by_assets_list(example_dir: Path) -> None:
    (example_dir / "assets" / "laughs.yaml").write_text(laughs(), encoding="utf-8")
    assert len(laughs()) < 600
    done = run_limited("assets", "list", "--project", str(example_dir))
    assert done.returncode == 3, done.stderr[-500:]
    assert "assets/laughs.yaml:5: aliases (*l3) repeat more than 10,000 values" in done.stderr


def test_a_100_kb_nested_list_in_a_session_is_refused_by_status(example_dir: Path) -> None:
    (example_dir / "sessions" / "studio-1.yaml").write_text(
        "studio: studio-1\nstatus: in_progress\n" + FLOW_DEEP, encoding="utf-8"
    )
    done = run_limited("status", "--project", str(example_dir))
    assert done.returncode == 3, done.stderr[-500:]
    assert "sessions/studio-1.yaml:4: " in done.stderr
    assert "internal error" not in done.stderr


def test_a_deep_answers_file_is_refused_by_studio_run(project_dir: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(BLOCK_DEEP, encoding="utf-8")
    done = run_limited(
        "studio", "run", "1", "--answers", str(answers), "--project", str(project_dir)
    )
    assert done.returncode == 3, done.stderr[-500:]
    assert f"answers.yaml:{MAX_DEPTH + 1}: lists and mappings nest more than 128 deep" in (
        done.stderr
    )
    assert not (project_dir / "sessions" / "studio-1.yaml").exists()


def test_laughs_in_an_answers_file_are_refused(project_dir: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(laughs(), encoding="utf-8")
    done = run_limited(
        "studio", "run", "1", "--answers", str(answers), "--project", str(project_dir)
    )
    assert done.returncode == 3, done.stderr[-500:]
    assert "answers.yaml:5: aliases (*l3)" in done.stderr


def test_every_file_type_with_laughs_is_listed_by_check_in_bounded_time(
    example_dir: Path,
) -> None:
    """The issue found 41 hangs across the 10 file types: one of each, all at once."""
    files = [
        "team.yaml",
        "calendar.yaml",
        "launches.yaml",
        "approvals.yaml",
        "sessions/studio-2.yaml",
        "assets/laughs.yaml",
        "interviews/2026-01-01-laughs.yaml",
        "indicators/laughs.yaml",
        "measurements/active-ecosystem-partners.yaml",
        "assessments/2026-03-19/laughs.yaml",
        "studios/laughs.yaml",
    ]
    for relative in files:
        path = example_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(laughs(), encoding="utf-8")
    done = run_limited("check", "--project", str(example_dir))
    assert done.returncode == 1, done.stderr[-500:]
    for relative in files:
        assert f"{relative}:5: aliases (*l3) repeat more than" in done.stderr, relative
    assert "internal error" not in done.stderr
    # The commands that write read the same way first: nothing is changed.
    team = run_limited("team", "add", "leader", "--name", "Ada", "--project", str(example_dir))
    assert team.returncode == 3
    assert "team.yaml:5: aliases" in team.stderr
    assert (example_dir / "team.yaml").read_text(encoding="utf-8") == laughs()


def test_a_deep_manifest_is_refused_not_a_recursion_error(project_dir: Path) -> None:
    manifest = project_dir / "stemeco.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "extra: " + "[" * 2000 + "]" * 2000 + "\n",
        encoding="utf-8",
    )
    done = run_limited("status", "--project", str(project_dir))
    assert done.returncode == 3, done.stderr[-500:]
    assert "stemeco.yaml:" in done.stderr
    assert "RecursionError" not in done.stderr


# ------------------------------------------------------------------ the bounds themselves


def test_anchors_and_merge_keys_within_the_budget_are_read() -> None:
    text = "defaults: &d {kind: meeting, done: false}\n" + "".join(
        f"e{n}:\n  <<: *d\n  title: Event {n}\n" for n in range(200)
    )
    data, _ = parse_yaml(text, Path("calendar.yaml"))
    assert data["e199"] == {"kind": "meeting", "done": False, "title": "Event 199"}


def test_aliases_count_what_they_repeat_expanded() -> None:
    text = "a: &a [" + ", ".join(["x"] * 100) + "]\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    with pytest.raises(ProjectFileError) as caught:
        check_yaml(text, Path("x.yaml"))
    assert caught.value.line == 2
    assert ALIAS_BUDGET == 10_000


def test_nesting_up_to_the_bound_is_read() -> None:
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    check_yaml(text, Path("x.yaml"))
    with pytest.raises(ProjectFileError, match="nest more than 128 deep"):
        check_yaml("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", Path("x.yaml"))


def test_ordinary_files_take_the_fast_path(example_dir: Path) -> None:
    """The event walk runs only for a file that could be hostile: none of the example's."""
    files = sorted(example_dir.rglob("*.yaml"))
    assert len(files) > 30
    for path in files:
        assert not could_be_hostile(path.read_text(encoding="utf-8")), path
    assert any(
        could_be_hostile(p.read_text(encoding="utf-8")) is False
        for p in studios_dir().glob("*.yaml")
    )


@st.composite
def nested(draw: st.DrawFn) -> object:
    """A value nested up to 160 deep, each level a list or a mapping, with siblings."""
    value: object = draw(st.text(max_size=3))
    for as_list in draw(st.lists(st.booleans(), min_size=1, max_size=160)):
        sibling = draw(st.sampled_from([None, "x", 1]))
        if as_list:
            value = [value] if sibling is None else [sibling, value]
        else:
            value = {"k": value} if sibling is None else {"a": sibling, "k": value}
    return value


def depth_of(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=100, deadline=None)
@given(nested(), st.sampled_from([False, True, None]), st.sampled_from([2, 3, 4]))
def test_a_file_that_skips_the_walk_is_never_too_deep(
    value: object, flow: bool | None, indent: int
) -> None:
    """The fast path's promise: no anchor, few brackets and no deep indentation mean
    a depth within the bound, in whatever style a person or a program writes YAML."""
    import yaml

    text = yaml.safe_dump({"top": value}, default_flow_style=flow, indent=indent, width=4096)
    if not could_be_hostile(text):
        assert depth_of({"top": value}) <= MAX_DEPTH
