"""stemeco's own drawings (stemeco/documents/svg.py): well-formed, deterministic, text as typed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from stemeco.documents import svg

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(\"x\")</script> & 'quotes' ]]> \x07bell"


def parsed(figure: svg.Figure) -> ET.Element:
    return ET.fromstring(figure.standalone())


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{NS}text")]


def events() -> list[dict[str, Any]]:
    return [
        {
            "id": "a",
            "title": HOSTILE,
            "date": "2026-02-19",
            "end": "",
            "kind": "studio",
            "done": True,
        },
        {"id": "b", "title": "Approval", "date": "2026-07-02", "end": "", "kind": "milestone"},
        {
            "id": "c",
            "title": "Mapping",
            "date": "2025-10-20",
            "end": "2025-12-26",
            "kind": "milestone",
        },
        {"id": "d", "title": "Odd kind", "date": "2026-03-01", "end": "", "kind": "party"},
    ]


def test_the_gantt_is_well_formed_and_shows_a_title_as_typed() -> None:
    figure = svg.gantt(events(), {"studio": "Studios", "milestone": "Milestones"}, "A & B <c>")
    root = parsed(figure)
    assert not list(root.iter(f"{NS}script"))
    shown = texts(root)
    assert "A & B <c>" in shown
    assert svg.clip(HOSTILE.replace("\x07", ""), 42) in shown  # the bell is no XML
    tips = ["".join(t.itertext()) for t in root.iter(f"{NS}title")]
    assert any(t.startswith(HOSTILE.replace("\x07", "") + ": 2026-02-19") for t in tips)
    assert ["Studios", "Milestones", "party"] == [
        t for t in shown if t in ("Studios", "Milestones", "party")
    ]
    # a one-day milestone is a diamond, a longer one a bar; a done event is filled
    assert len([p for p in root.iter(f"{NS}path") if p.get("stroke") == svg.NAVY]) == 2
    assert any(r.get("fill") == svg.TEAL for r in root.iter(f"{NS}rect"))


def test_the_same_data_gives_the_same_bytes() -> None:
    kinds = {"studio": "Studios"}
    assert svg.gantt(events(), kinds, "t").svg == svg.gantt(events(), kinds, "t").svg
    row = {"name": "n", "measurements": [{"date": "2026-01-01", "value": 1.23456}]}
    assert svg.indicator(row, "k").svg == svg.indicator(row, "k").svg
    assert "1.23456" not in svg.indicator(row, "k").svg  # coordinates at one decimal


def test_the_network_shows_every_group_and_the_rest_as_a_count() -> None:
    groups = [
        {
            "sector": "business",
            "label": "Business and industry",
            "count": 8,
            "organisations": [{"name": HOSTILE, "programs": 1}, {"name": "B", "programs": 0}],
            "more": 6,
        }
    ]
    shown = texts(parsed(svg.network(groups, "Town <x>")))
    assert "Town <x>" in shown
    assert "Business and industry (8)" in shown
    assert "+6 more" in shown
    assert "B" in shown


def test_the_gap_map_marks_gaps_and_thin_cells() -> None:
    cells = {
        "early": {
            "a": {"organisations": 0, "programs": 0},
            "b": {"organisations": 1, "programs": 3},
        }
    }
    labels = {"stages": {"early": "Early"}, "sectors": {"a": "Sector A", "b": "Sector B"}}
    root = parsed(svg.gap_map(["early"], ["a", "b"], labels, cells))
    fills = [r.get("fill") for r in root.iter(f"{NS}rect")][:2]
    assert fills == [svg.HEAT[0], svg.HEAT[1]]
    assert "0" in texts(root)
    assert "1 / 3" in texts(root)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 40, [0, 10, 20, 30, 40]),
        (0, 1200, [0, 500, 1000, 1500]),
        (5, 5, [5, 5.25, 5.5, 5.75, 6]),
    ],
)
def test_axis_ticks_are_round_numbers(low: float, high: float, expected: list[float]) -> None:
    assert svg.nice_ticks(low, high) == expected


def test_an_indicator_shows_measurements_baseline_target_and_the_expected_line() -> None:
    row = {
        "name": "Partners",
        "status": "on track",
        "progress_percent": 58.3,
        "baseline_value": 14.0,
        "target_value": 40.0,
        "baseline_date": "",
        "target_date": "2028-01-14",
        "measurements": [
            {"date": "2026-01-14", "value": 14},
            {"date": "2026-10-14", "value": 29},
        ],
    }
    root = parsed(svg.indicator(row, "indicator-1"))
    shown = texts(root)
    assert "on track · 58% of the way" in shown
    assert "target 40 by 2028-01-14" in shown
    assert "29" in shown  # the latest value
    assert len(list(root.iter(f"{NS}polyline"))) == 1
    dashed = [line for line in root.iter(f"{NS}line") if line.get("stroke-dasharray") == "5 4"]
    assert len(dashed) == 1  # the straight line from baseline to target
    # a baseline without a number: the measurements, and no expected line
    row.update(baseline_value=None)
    root = parsed(svg.indicator(row, "indicator-1"))
    assert not [line for line in root.iter(f"{NS}line") if line.get("stroke-dasharray") == "5 4"]


def test_the_network_counts_in_the_documents_language() -> None:
    from stemeco.i18n import current_language, set_language, translations

    groups = [
        {
            "sector": "business",
            "label": "Empresas",
            "count": 8,
            "organisations": [{"name": "A", "programs": 1}, {"name": "B", "programs": 3}],
            "more": 6,
        }
    ]
    catalog = translations("es", "documents")
    one = catalog.ngettext("%(num)s program", "%(num)s programs", 1) % {"num": 1}
    more = catalog.gettext("+%(count)s more") % {"count": 6}
    assert (one, more) != ("1 program", "+6 more")  # the catalog has them in Spanish
    before = current_language()
    set_language("es")
    try:
        shown = texts(parsed(svg.network(groups, "Town")))
    finally:
        set_language(before)
    assert f"A · {one}" in shown
    assert more in shown
    english = re.compile(r"\bprograms?\b|\bmore\b")
    assert not any(english.search(t) for t in shown), shown
