"""Calendar titles and organisation names can neither break nor alter a Mermaid diagram.

The blueprint's design calendar is a Mermaid gantt chart, the asset map's
partnership network a Mermaid flowchart. Both carry text people typed. The
structural checks always run; Mermaid's own parser (node, mermaid, jsdom: see
docs_mermaid_node.py) then reads the same diagrams where node is available and
must find exactly the tasks and nodes we meant, showing exactly the text typed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import docs_mermaid_node
import pytest
from typer.testing import CliRunner

from stemeco.cli.app import app
from stemeco.community.assets import Organisation, Program
from stemeco.community.calendar import (
    GANTT_GUARD,
    GANTT_KEYWORDS,
    Event,
    gantt_chart,
    gantt_id,
    read_calendar,
)
from stemeco.community.gaps import network
from stemeco.text import slugify

# Titles that Mermaid would read as instructions, comments, directives, entity
# codes, HTML or separators, and names in other scripts.
HOSTILE = [
    "title Hijacked",
    "Section leaders meeting",
    'click e_x href "javascript:alert(1)"',
    "weekend friday",
    "gantt",
    "Gantt-chart review",
    "dateFormat DD-MM-YYYY",
    "excludes weekends",
    "includes 2026-01-01",
    "todayMarker stroke-width:5px",
    "axisFormat %Y",
    "tickInterval 1day",
    "topAxis",
    "inclusiveEndDates",
    "weekday monday",
    "accTitle: stolen",
    "accDescr { stolen }",
    "call alert(1)",
    'href "http://example.org"',
    "2026-01-01 kickoff",
    "50% of partners meet",
    "%% a comment",
    '%%{init: {"theme": "dark"}}%% launch',
    "Tom & Jerry &amp; co",
    "<img src=x onerror=alert(1)> and <b>bold</b>",
    "Room #1; floor 2 #quot; #9829;",
    "Q&A: 10:30; part #2",
    "\"double\" and 'single' quotes",
    "`code` and ``` fence",
    "after e_studio_1",
    "done, crit, milestone, vert",
    "Task :x, 2026-01-01, 5d",
    "ends with a colon:",
    "trailing backslash \\",
    "   spaced \t out   ",
    "🚀 launch 🎉",
    "פגישה ראשונה",
    "פגישה שנייה",
    "学期 kickoff",
]

# Full-width forms shown in place of the characters Mermaid reads, and back.
SHOWN_AS = {"\uff1a": ":", "\uff1b": ";", "\uff03": "#", "\uff05": "%"}
SHOWN_AS_IN_TITLE = {**SHOWN_AS, "\uff06": "&", "\uff1c": "<", "\uff1e": ">"}


def hostile_events() -> list[Event]:
    """One event per hostile title, of every kind, some lasting several days."""
    kinds = ["studio", "milestone", "meeting", "launch"]
    start = dt.date(2026, 1, 5)
    events = []
    for n, title in enumerate(HOSTILE):
        day = start + dt.timedelta(days=7 * n)
        end = day + dt.timedelta(days=n % 3 * 9) if n % 3 else None  # 1, 10 or 19 days
        ident = slugify(title, fallback="event")
        events.append(Event(f"{ident}-{n}", title, day, kinds[n % 4], end, done=n % 5 == 0))
    return events


def as_typed(title: str) -> str:
    """How a title reads in the chart: one line, white space collapsed."""
    return " ".join(title.split())


def undo(label: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in label.removeprefix(GANTT_GUARD))


TASK = re.compile(
    r"    (?P<label>[^:\n]+) :(?P<data>(?:done, )?(?:milestone, )?[eu]_[a-z0-9_]+, "
    r"(?P<start>\d{4}-\d{2}-\d{2}), (?P<days>\d+)d)"
)


def task_lines(chart: str) -> list[str]:
    lines = chart.splitlines()
    assert lines[:5] == [
        "gantt",
        lines[1],
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    todayMarker off",
    ]
    assert lines[1].startswith("    title ")
    return [line for line in lines[5:] if not line.startswith("    section ")]


def check_gantt_text(chart: str, events: list[Event], title: str) -> None:
    """Structure only: each event one task line that Mermaid cannot misread."""
    assert "%%" not in chart
    assert undo(chart.splitlines()[1].removeprefix("    title "), SHOWN_AS_IN_TITLE) == title
    assert not set(chart.splitlines()[1][10:]) & set(":;#%&<>")
    lines = task_lines(chart)
    kinds = ["studio", "milestone", "meeting", "launch"]
    by_kind = sorted(events, key=lambda e: kinds.index(e.kind))
    assert len(lines) == len(events)
    ids = set()
    for line, event in zip(lines, by_kind, strict=True):
        match = TASK.fullmatch(line)
        assert match, line
        label = match["label"]
        assert not set(label) & set(":;#%\n")
        first = re.match(r"[A-Za-z]*", label).group(0).casefold()  # type: ignore[union-attr]
        assert first not in GANTT_KEYWORDS, label
        assert label[:1].isalpha() or label.startswith(GANTT_GUARD), label
        assert undo(label, SHOWN_AS).rstrip() == as_typed(event.title)
        assert match["start"] == event.date.isoformat()
        days = (event.last_day - event.date).days + 1
        one_day_milestone = event.kind == "milestone" and days == 1
        assert int(match["days"]) == (0 if one_day_milestone else days)  # keeps its length
        assert ("milestone, " in match["data"]) == one_day_milestone
        assert match["data"].startswith("done, ") == event.done
        ident = match["data"].split(", ")[-3]
        assert ident == gantt_id(event.id)
        ids.add(ident)
    assert len(ids) == len(events)


def test_hostile_titles_make_one_plain_task_line_each() -> None:
    events = hostile_events()
    title = "Riverton: 50% #1; <b>A&B</b> title section"
    check_gantt_text(gantt_chart(events, title), events, title)


def test_gantt_ids_are_unique_and_plain_for_ids_in_any_script() -> None:
    ids = ["studio-1", "פגישה", "ישיבה", "פגישה-2", "学期", "e-x", "a-b-c", "event"]
    made = [gantt_id(i) for i in ids]
    assert len(set(made)) == len(ids)
    assert all(re.fullmatch(r"[eu]_[a-z0-9_]+", m) for m in made), made
    assert gantt_id("studio-1") == "e_studio_1"


ORG_NAMES = [
    'Kids "Code" Club',
    "<img src=x onerror=alert(1)> <b>Bold</b> Org",
    "Tom & Jerry &amp; Sons",
    "Club #1; #quot; #9829;",
    "%%{init: {'theme':'dark'}}%% Museum",
    "`Markdown` **strong** Library",
    "click o1 call alert(1)",
    "Orgs ]] --> x[(evil)]",
    "שלום",
]


def hostile_orgs(tmp_path: Path) -> list[Organisation]:
    sectors = ["prek12", "business", "stem_rich", None]
    return [
        Organisation(
            name=name,
            path=tmp_path / f"org-{n}.yaml",
            sector=sectors[n % 4],
            programs=[Program(f"Program {k}") for k in range(n % 3)],
        )
        for n, name in enumerate(ORG_NAMES)
    ]


NODE = re.compile(r'  (?P<parent>\w+) --- (?P<id>\w+)\["(?P<label>[^"\n]*)"\]')


def shown(text: str) -> str:
    """What a browser shows of a flowchart label Mermaid stored (HTML, entity codes decoded)."""
    return html.unescape(text.replace("ﬂ°°", "&#").replace("ﬂ°", "&").replace("¶ß", ";"))


def shown_label(label: str) -> str:
    """What a browser shows of a label as we wrote it: Mermaid's ``#code;`` decoded."""
    return html.unescape(re.sub(r"#(\w+);", lambda m: f"&{'#' * m[1].isdigit()}{m[1]};", label))


def shown_as_text(text: str) -> str:
    """What a browser shows of a gantt text Mermaid stored: plain text, entity codes decoded."""
    return re.sub(r"ﬂ°(°?)(\w+)¶ß", lambda m: html.unescape(f"&{'#' * len(m[1])}{m[2]};"), text)


def test_organisation_names_are_plain_labels_of_the_network(tmp_path: Path) -> None:
    orgs = hostile_orgs(tmp_path)
    text = network(orgs, 'Yes: "No" & <b>')
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert lines[1] == '  eco(("Yes: #quot;No#quot; #amp; #lt;b#gt; STEM ecosystem"))'
    nodes = [NODE.fullmatch(line) for line in lines[2:]]
    assert all(nodes), lines
    labels = [m["label"] for m in nodes if m and m["id"].startswith("o")]
    assert len(labels) == len(ORG_NAMES)
    for label in labels:
        assert not set(label) & set('<>`%"')
    names = {shown_label(label).split(" · ")[0] for label in labels}
    assert names == set(ORG_NAMES)


# ---------------------------------------------------------------- Mermaid's own parser


@pytest.fixture(scope="session")
def mermaid() -> Any:
    reason = docs_mermaid_node.install()
    if reason:
        pytest.skip(f"Mermaid's own parser is not available: {reason}")
    return docs_mermaid_node.parse


def check_gantt_read(dump: dict[str, Any], events: list[Event], title: str) -> None:
    assert "error" not in dump, dump
    assert dump["type"] == "gantt"
    assert dump["config"] == {}  # no directive, no front matter
    assert undo(dump["title"], SHOWN_AS_IN_TITLE) == title
    assert (dump["accTitle"], dump["accDescription"]) == ("", "")
    assert (dump["dateFormat"], dump["axisFormat"]) == ("YYYY-MM-DD", "%b %Y")
    assert dump["todayMarker"] == "off"
    assert (dump["excludes"], dump["includes"], dump["links"]) == ([], [], {})
    kinds = {"studio": "Studios", "milestone": "Milestones", "meeting": "Meetings"}
    sections = [kinds.get(e.kind, "Launches") for e in events]
    assert dump["sections"] == [s for s in kinds.values() if s in sections] + (
        ["Launches"] if "Launches" in sections else []
    )
    tasks = {t["id"]: t for t in dump["tasks"]}
    assert len(tasks) == len(dump["tasks"]) == len(events)
    for event in events:
        task = tasks[gantt_id(event.id)]
        assert undo(shown_as_text(task["text"]), SHOWN_AS).strip() == as_typed(event.title)
        assert task["start"] == f"{event.date.isoformat()}T00:00:00.000Z"
        days = (event.last_day - event.date).days + 1
        if event.kind == "milestone" and days == 1:
            assert task["milestone"]
        else:
            end = event.last_day + dt.timedelta(days=1)
            assert task["end"] == f"{end.isoformat()}T00:00:00.000Z"  # the whole length
            assert not task["milestone"]
        assert task["done"] == event.done
        assert task["classes"] == []  # nothing clickable


MERMAID_BLOCK = re.compile(r"```mermaid\n(.*?)\n```", re.S)


def rendered_diagrams(runner: CliRunner, root: Path) -> tuple[list[str], list[Event]]:
    """The gantt chart and the network of a project's documents, hostile events added."""
    for title in ("title x", "Q&A: 10:30; #1 %%{init: {}}%%", "פגישה"):
        result = runner.invoke(
            app,
            ["calendar", "add", "--project", str(root), "--title", title]
            + ["--date", "2027-02-01", "--end", "2027-02-03", "--kind", "milestone"]
            + ["--id", f"hostile-{len(title)}"],
        )
        assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["render", "--project", str(root)]).exit_code == 0
    docs = root / "docs"
    blueprint = MERMAID_BLOCK.findall((docs / "blueprint.md").read_text(encoding="utf-8"))
    asset_map = MERMAID_BLOCK.findall((docs / "asset-map.md").read_text(encoding="utf-8"))
    assert len(blueprint) == len(asset_map) == 1
    return blueprint + asset_map, read_calendar(root)


def test_mermaid_reads_hostile_titles_and_names_as_the_text_typed(
    mermaid: Any, runner: CliRunner, example_dir: Path, tmp_path: Path
) -> None:
    events = hostile_events()
    title = "Riverton: 50% #1; <b>A&B</b> title section"
    orgs = hostile_orgs(tmp_path)
    documents, example_events = rendered_diagrams(runner, example_dir)
    check_gantt_text(documents[0], example_events, "Millbrook design calendar")
    # One run of node for every diagram: it takes seconds to start.
    dumps = mermaid([gantt_chart(events, title), network(orgs, "A & <b>"), *documents])
    gantt_dump, network_dump, example_gantt, example_network = dumps
    check_gantt_read(gantt_dump, events, title)
    check_gantt_read(example_gantt, example_events, "Millbrook design calendar")
    for dump in (network_dump, example_network):
        assert "error" not in dump, dump
        assert dump["type"].startswith("flowchart")
        assert dump["config"] == {}
        assert dump["classes"] == dump["links"] == []
    texts = [shown(n["text"]) for n in network_dump["nodes"]]
    assert texts[0] == "A & <b> STEM ecosystem"
    assert {t.split(" · ")[0] for t in texts if not t.startswith(("A & ", "+"))} >= set(ORG_NAMES)
    assert len(network_dump["nodes"]) == 1 + len(ORG_NAMES) + 4  # the ecosystem, orgs, sectors
    assert len(network_dump["edges"]) == len(network_dump["nodes"]) - 1
