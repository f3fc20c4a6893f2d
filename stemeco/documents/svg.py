"""Diagrams drawn by stemeco as SVG, for the review copies (HTML and Word).

The Markdown documents keep their Mermaid blocks for git hosts; a review copy
shows these drawings instead, made here from the same render context the
templates get: the design calendar as a gantt chart, the partnership network,
the continuum gap map (stage x sector) and each indicator's measurements
against its baseline and target.

Every function is deterministic (the same data gives the same bytes: no
clock, no randomness, numbers printed with a fixed precision) and every label
is escaped for XML, so text typed by users is shown as typed and never
becomes markup. A drawing has no script, no link and no external font; it
scales with its ``viewBox`` to a phone or a page. Long labels are shortened
with an ellipsis; the full text is in the element's ``<title>`` (and in the
tables of the document, which always carry the same data).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stemeco.documents.words import D_, say, say_count
from stemeco.text import parse_date

#: The width every drawing is laid out for (it scales down with the page).
WIDTH = 760
FONT = "Helvetica, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d9dee3"
TEAL = "#1b7f79"
NAVY = "#23395b"
AMBER = "#b7791f"
RED = "#b83c2b"
#: One colour per sector of the network (repeated past the end).
SECTOR_COLOURS = (
    "#1b7f79",
    "#23395b",
    "#7b4397",
    "#b7791f",
    "#2f6f3e",
    "#a23b72",
    "#3d5a80",
    "#8a5a44",
    "#4a5568",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Figure:
    """One drawing: its SVG (for inline HTML, without a namespace), size and caption."""

    key: str
    caption: str
    svg: str
    width: int
    height: int

    def standalone(self) -> bytes:
        """The drawing as an SVG file (with its namespace), e.g. inside a Word document."""
        tagged = self.svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + tagged + "\n").encode("utf-8")


# ------------------------------------------------------------------ text and numbers

NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _month(month: int) -> str:
    """A month's short name in the documents' language (``Mar``, ``mar``, ``מרץ``)."""
    from stemeco.i18n import current_language
    from stemeco.i18n.formatting import locale

    where = locale(current_language())
    if where is None:
        return MONTHS[month - 1]
    from babel.dates import get_month_names

    return str(get_month_names("abbreviated", locale=where)[month]).rstrip(".")


# ------------------------------------------------------------------ right to left

_TAG = re.compile(r"<(rect|text|tspan|line|circle|ellipse|path|polyline)\b([^>]*)>")
_ATTR = re.compile(r'(?<=\s)(x|x1|x2|cx|width|text-anchor|d|points)="([^"]*)"')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def mirror(svg: str, width: float) -> str:
    """The drawing mirrored for a right-to-left document: every shape and label placed
    from the right edge (a time axis runs right to left, labels sit at the right),
    the letters themselves not mirrored; a label that was aligned at its start is
    aligned at its end."""

    def flip(value: str) -> str:
        return num(width - float(value))

    def tag(match: re.Match[str]) -> str:
        name, attrs = match.group(1), match.group(2)
        found = dict(_ATTR.findall(attrs))

        def attr(m: re.Match[str]) -> str:
            key, value = m.group(1), m.group(2)
            if key == "x" and name == "rect":
                return f'x="{num(width - float(value) - float(found.get("width", 0)))}"'
            if key in ("x", "x1", "x2", "cx"):
                return f'{key}="{flip(value)}"'
            if key == "text-anchor":
                return f'text-anchor="{ {"start": "end", "end": "start"}.get(value, value) }"'
            if key == "d":
                numbers = iter(range(10**6))
                d = _NUMBER.sub(
                    lambda n: flip(n.group(0)) if next(numbers) % 2 == 0 else n.group(0), value
                )
                return f'd="{d}"'
            if key == "points":
                pairs = (p.split(",") for p in value.split())
                return 'points="' + " ".join(f"{flip(a)},{b}" for a, b in pairs) + '"'
            return m.group(0)

        attrs = _ATTR.sub(attr, attrs)
        if name == "text" and "text-anchor" not in found:
            attrs += ' text-anchor="end"'
        return f"<{name}{attrs}>"

    # The anchors above are the drawing's own, left to right: a right-to-left page
    # around it must not turn them (CSS ``direction`` is inherited by SVG text).
    return _TAG.sub(tag, svg).replace("<svg ", '<svg direction="ltr" ', 1)


def xml_text(text: str) -> str:
    """Text safe anywhere in XML (content or a quoted attribute); characters XML cannot
    hold at all (control characters) are dropped."""
    text = NOT_XML.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def clip(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, an ellipsis where it was cut."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: max(limit - 1, 1)].rstrip() + "…"


def num(value: float) -> str:
    """A coordinate or a value with at most one decimal, the same text on every machine."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def shown(value: float) -> str:
    """A measured value as people read it: thousands grouped, two decimals at most."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, **attrs: Any) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{num(x)}" y="{num(y)}"{extra}>{xml_text(text)}</text>'


def _svg(key: str, title: str, desc: str, width: int, height: int, body: Iterable[str]) -> str:
    ident = re.sub(r"[^a-z0-9-]", "-", key.lower())
    head = (
        f'<svg class="figure-svg" data-figure="{xml_text(key)}" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img"'
        f' aria-labelledby="t-{ident}" font-family="{FONT}" font-size="12" fill="{INK}">'
    )
    parts = [head, f'<title id="t-{ident}">{xml_text(title)}</title>']
    if desc:
        parts.append(f"<desc>{xml_text(desc)}</desc>")
    parts.extend(body)
    parts.append("</svg>")
    return "\n".join(parts)


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """Words on at most ``lines`` lines of about ``width`` characters (the last one clipped)."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[: lines - 1], clip(" ".join(out[lines - 1 :]), width)]
    return [clip(line, width) for line in out]


# ------------------------------------------------------------------ dates


def _date(text: Any) -> dt.date | None:
    return parse_date(text) if isinstance(text, str) else None


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


# ------------------------------------------------------------------ the gantt chart

ROW = 20


def gantt(events: Sequence[Mapping[str, Any]], kinds: Mapping[str, str], title: str) -> Figure:
    """The design calendar: one section per kind of event, one row per event.

    A bar runs from an event's date to its end date (both included); a one-day
    milestone is a diamond. Done events are filled, planned ones outlined.
    """
    dated = [(e, _date(e.get("date")), _date(e.get("end")) or _date(e.get("date"))) for e in events]
    rows = [(e, start, end) for e, start, end in dated if start is not None and end is not None]
    if not rows:
        return Figure("gantt", title, _svg("gantt", title, "", WIDTH, 40, []), WIDTH, 40)
    first = _month_start(min(start for _, start, _ in rows if start))
    last = _next_month(max(end for _, _, end in rows if end))
    span = (last - first).days
    x0, x1 = 270.0, WIDTH - 14.0

    def x(day: dt.date) -> float:
        return x0 + (day - first).days / span * (x1 - x0)

    body: list[str] = []
    top = 58
    found = dict.fromkeys(str(e.get("kind")) for e, _, _ in rows)
    lines: list[tuple[str, Any]] = []
    for kind in [*kinds, *(k for k in found if k not in kinds)]:
        chosen = [r for r in rows if str(r[0].get("kind")) == kind]
        if chosen:
            lines.append(("section", kinds.get(kind, kind)))
            lines.extend(("event", r) for r in chosen)
    height = top + len(lines) * ROW + 50
    body.append(_text(0, 18, clip(title, 90), font_size="15", font_weight="bold"))
    months = []
    day = first
    while day < last:
        months.append(day)
        day = _next_month(day)
    step = next(s for s in (1, 2, 3, 6, 12, 24) if len(months) / s <= 14)
    for index, month in enumerate(months):
        if index % step:
            continue
        mx = x(month)
        body.append(
            f'<line x1="{num(mx)}" y1="{top - 6}" x2="{num(mx)}" y2="{height - 50}"'
            f' stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(mx + 2, top - 22, _month(month.month), font_size="10", fill=MUTED))
        if index == 0 or month.month <= step:
            body.append(_text(mx + 2, top - 10, str(month.year), font_size="10", fill=MUTED))
    y = top
    for what, item in lines:
        if what == "section":
            body.append(
                f'<rect x="0" y="{y}" width="{WIDTH}" height="{ROW}" fill="#eef2f4"/>'
                + _text(4, y + 14, clip(str(item), 40), font_weight="bold")
            )
        else:
            event, start, end = item
            body.append(_gantt_row(event, start, end, y, x))
        y += ROW
    body.append(_gantt_legend(height - 30))
    desc = "; ".join(
        f"{e.get('title')}: {s.isoformat()}" + (f" to {t.isoformat()}" if t != s else "")
        for e, s, t in rows
    )
    return Figure("gantt", title, _svg("gantt", title, desc, WIDTH, height, body), WIDTH, height)


def _gantt_row(event: Mapping[str, Any], start: dt.date, end: dt.date, y: int, x: Any) -> str:
    name = str(event.get("title") or "")
    done = bool(event.get("done"))
    when = start.isoformat() + (f" to {end.isoformat()}" if end != start else "")
    tip = f"<title>{xml_text(name)}: {when}{' (done)' if done else ''}</title>"
    label = _text(14, y + 14, clip(name, 42))
    cy = y + ROW / 2
    if event.get("kind") == "milestone" and start == end:
        cx, r = x(start) + 1.5, 6.5
        fill = NAVY if done else "#ffffff"
        shape = (
            f'<path d="M {num(cx)} {num(cy - r)} L {num(cx + r)} {num(cy)} L {num(cx)} '
            f'{num(cy + r)} L {num(cx - r)} {num(cy)} Z" fill="{fill}" stroke="{NAVY}"'
            ' stroke-width="1.5"/>'
        )
    else:
        left = x(start)
        width = max(x(end + dt.timedelta(days=1)) - left, 3.0)
        fill = TEAL if done else "#ffffff"
        shape = (
            f'<rect x="{num(left)}" y="{num(cy - 6)}" width="{num(width)}" height="12" rx="2"'
            f' fill="{fill}" stroke="{TEAL}" stroke-width="1.5"/>'
        )
    return f"<g>{tip}{label}{shape}</g>"


def _gantt_legend(y: int) -> str:
    return "".join(
        [
            f'<rect x="14" y="{y}" width="22" height="12" rx="2" fill="{TEAL}" stroke="{TEAL}"/>',
            _text(42, y + 10, say(D_("done")), font_size="11"),
            f'<rect x="96" y="{y}" width="22" height="12" rx="2" fill="#ffffff" stroke="{TEAL}"'
            ' stroke-width="1.5"/>',
            _text(124, y + 10, say(D_("planned")), font_size="11"),
            f'<path d="M 196 {y - 1} L 203 {y + 6} L 196 {y + 13} L 189 {y + 6} Z"'
            f' fill="{NAVY}" stroke="{NAVY}"/>',
            _text(210, y + 10, say(D_("milestone")), font_size="11"),
        ]
    )


# ------------------------------------------------------------------ the partnership network


def network(groups: Sequence[Mapping[str, Any]], centre: str) -> Figure:
    """The ecosystem, its sectors and the busiest organisations of each, left to right."""
    title = say(D_("%(centre)s STEM ecosystem: the partnership network"), centre=centre)
    blocks = []
    for group in groups:
        orgs = [
            str(o["name"])
            + (" · " + say_count("%(num)s program", "%(num)s programs", int(o["programs"])))
            if o.get("programs")
            else str(o["name"])
            for o in group.get("organisations") or []
        ]
        if group.get("more"):
            orgs.append(say(D_("+%(count)s more"), count=group["more"]))
        blocks.append((f"{group['label']} ({group['count']})", orgs or [""]))
    line, gap, top = 24, 10, 40
    height = top + sum(len(o) * line + gap for _, o in blocks) + 10
    height = max(height, 140)
    body = [_text(0, 18, clip(title, 90), font_size="15", font_weight="bold")]
    centre_y = top + (height - top - 10) / 2
    body.append(
        f'<ellipse cx="78" cy="{num(centre_y)}" rx="74" ry="34" fill="{INK}"/>'
        + _text(78, centre_y - 3, clip(centre, 20), fill="#ffffff", text_anchor="middle")
        + _text(
            78,
            centre_y + 13,
            "STEM ecosystem",
            fill="#ffffff",
            text_anchor="middle",
            font_size="11",
        )
    )
    y = float(top)
    for index, (label, orgs) in enumerate(blocks):
        colour = SECTOR_COLOURS[index % len(SECTOR_COLOURS)]
        block = len(orgs) * line
        sy = y + block / 2
        body.append(_edge(152, centre_y, 196, sy, colour))
        body.append(
            f'<g><title>{xml_text(label)}</title><rect x="196" y="{num(sy - 13)}" width="232"'
            f' height="26" rx="5" fill="{colour}"/>'
            + _text(204, sy + 4, clip(label, 36), fill="#ffffff", font_size="11")
            + "</g>"
        )
        for row, org in enumerate(orgs):
            if not org:
                continue
            oy = y + row * line + line / 2
            body.append(_edge(428, sy, 466, oy, colour))
            body.append(
                f'<g><title>{xml_text(org)}</title><rect x="466" y="{num(oy - 10)}" width="'
                f'{WIDTH - 470}" height="20" rx="4" fill="#ffffff" stroke="{colour}"/>'
                + _text(474, oy + 4, clip(org, 46), font_size="11")
                + "</g>"
            )
        y += block + gap
    desc = "; ".join(f"{label}: {', '.join(o for o in orgs if o)}" for label, orgs in blocks)
    svg = _svg("network", title, desc, WIDTH, int(height), body)
    return Figure("network", title, svg, WIDTH, int(height))


def _edge(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    mid = (x1 + x2) / 2
    return (
        f'<path d="M {num(x1)} {num(y1)} C {num(mid)} {num(y1)}, {num(mid)} {num(y2)},'
        f' {num(x2)} {num(y2)}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
    )


# ------------------------------------------------------------------ the gap map

HEAT = ("#f6d5cf", "#fbe7b5", "#cfe6e2", "#9fcfc7", "#5fb0a5")


def gap_map(
    stages: Sequence[str],
    sectors: Sequence[str],
    labels: Mapping[str, Mapping[str, str]],
    matrix: Mapping[str, Mapping[str, Mapping[str, int]]],
) -> Figure:
    """Stage x sector as a heat map: organisations / programs in each cell; an empty
    cell (a gap) in red, a cell of one organisation (thin) in amber."""
    title = say(D_("The continuum gap map: organisations / programs by stage and sector"))
    left, top, cell_h = 170, 96, 34
    cell_w = (WIDTH - left) / max(len(sectors), 1)
    height = top + len(stages) * cell_h + 56
    body = [_text(0, 18, title, font_size="15", font_weight="bold")]
    stage_names = labels.get("stages", {})
    sector_names = labels.get("sectors", {})
    for col, sector in enumerate(sectors):
        name = str(sector_names.get(sector, sector))
        wrapped = _wrap(name, max(int(cell_w / 5.6), 6), 5)
        cx = left + col * cell_w + cell_w / 2
        first = top - 8 - (len(wrapped) - 1) * 12
        spans = "".join(
            f'<tspan x="{num(cx)}" y="{num(first + i * 12)}">{xml_text(part)}</tspan>'
            for i, part in enumerate(wrapped)
        )
        body.append(
            f'<text text-anchor="middle" font-size="10" fill="{MUTED}">'
            f"<title>{xml_text(name)}</title>{spans}</text>"
        )
    cells_desc = []
    for row, stage in enumerate(stages):
        y = top + row * cell_h
        name = str(stage_names.get(stage, stage))
        for i, part in enumerate(_wrap(name, 28, 2)):
            body.append(_text(0, y + (15 if len(_wrap(name, 28, 2)) > 1 else 21) + i * 13, part))
        for col, sector in enumerate(sectors):
            cell = matrix.get(stage, {}).get(sector, {})
            orgs, programs = int(cell.get("organisations", 0)), int(cell.get("programs", 0))
            fill = HEAT[min(orgs, len(HEAT) - 1)]
            x = left + col * cell_w
            text = f"{orgs} / {programs}" if orgs else "0"
            tip = f"{name}, {sector_names.get(sector, sector)}: {orgs} organisations, {programs}"
            body.append(
                f"<g><title>{xml_text(tip)} programs</title>"
                f'<rect x="{num(x + 1)}" y="{y + 1}" width="{num(cell_w - 2)}"'
                f' height="{cell_h - 2}" fill="{fill}"/>'
                + _text(
                    x + cell_w / 2,
                    y + 21,
                    text,
                    text_anchor="middle",
                    font_weight="bold" if orgs <= 1 else "normal",
                    fill=RED if orgs == 0 else INK,
                )
                + "</g>"
            )
            cells_desc.append(f"{name} × {sector_names.get(sector, sector)}: {text}")
    legend_y = top + len(stages) * cell_h + 22
    keys = tuple(
        say(k)
        for k in (
            D_("no organisation (a gap)"),
            D_("one (thin)"),
            D_("two"),
            D_("three"),
            D_("four or more"),
        )
    )
    x = 0.0
    for fill, key in zip(HEAT, keys, strict=True):
        body.append(f'<rect x="{num(x)}" y="{legend_y}" width="16" height="12" fill="{fill}"/>')
        body.append(_text(x + 21, legend_y + 10, key, font_size="11"))
        x += 30 + len(key) * 6.1
    svg = _svg("gap-map", title, "; ".join(cells_desc), WIDTH, height, body)
    return Figure("gap-map", title, svg, WIDTH, height)


# ------------------------------------------------------------------ an indicator over time


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def indicator(row: Mapping[str, Any], key: str, *, width: int = 380, height: int = 230) -> Figure:
    """One indicator's measurements over time, with its baseline, target and the straight
    line from one to the other that the progress rule expects."""
    name = str(row.get("name") or "")
    measured = [
        (d, float(m["value"]))
        for m in row.get("measurements") or []
        if (d := _date(m.get("date"))) is not None and isinstance(m.get("value"), int | float)
    ]
    baseline = row.get("baseline_value")
    target = row.get("target_value")
    target_day = _date(row.get("target_date"))
    start_day = _date(row.get("baseline_date")) or (measured[0][0] if measured else None)
    days = [d for d, _ in measured] + [d for d in (start_day, target_day) if d is not None]
    title = say(D_("%(name)s: measurements against baseline and target"), name=name)
    if not days:
        return Figure(key, title, _svg(key, title, "", width, 40, []), width, 40)
    first, last = min(days), max(days)
    if first == last:
        first, last = first - dt.timedelta(days=30), last + dt.timedelta(days=30)
    values = [v for _, v in measured] + [
        float(v) for v in (baseline, target) if isinstance(v, int | float)
    ]
    ticks = nice_ticks(min(*values, 0.0), max(values))
    low, high = ticks[0], ticks[-1]
    left, right, top, bottom = 46.0, width - 14.0, 44.0, height - 40.0

    def x(day: dt.date) -> float:
        return left + (day - first).days / (last - first).days * (right - left)

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    status = str(row.get("status") or "")
    percent = row.get("progress_percent")
    subtitle = status + (f" · {shown(round(float(percent)))}% of the way" if percent else "")
    body = [
        _text(0, 15, clip(name, int(width / 7)), font_size="13", font_weight="bold"),
        _text(0, 31, subtitle, font_size="11", fill=MUTED),
    ]
    for tick in ticks:
        body.append(
            f'<line x1="{num(left)}" y1="{num(y(tick))}" x2="{num(right)}" y2="{num(y(tick))}"'
            f' stroke="{GRID}"/>'
            + _text(
                left - 5, y(tick) + 4, shown(tick), font_size="10", fill=MUTED, text_anchor="end"
            )
        )
    for day, anchor in ((first, "start"), (last, "end")):
        body.append(
            _text(
                x(day), bottom + 15, day.isoformat(), font_size="10", fill=MUTED, text_anchor=anchor
            )
        )
    numeric = isinstance(baseline, int | float) and isinstance(target, int | float)
    if numeric and start_day is not None and target_day is not None and target_day > start_day:
        assert isinstance(baseline, int | float)
        assert isinstance(target, int | float)
        body.append(
            f'<line x1="{num(x(start_day))}" y1="{num(y(baseline))}" x2="{num(x(target_day))}"'
            f' y2="{num(y(target))}" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="5 4">'
            "<title>the straight line from the baseline to the target</title></line>"
        )
    if isinstance(target, int | float):
        body.append(
            f'<line x1="{num(left)}" y1="{num(y(target))}" x2="{num(right)}" y2="{num(y(target))}"'
            f' stroke="{AMBER}" stroke-width="1.5" stroke-dasharray="2 3"/>'
        )
        when = f" by {target_day.isoformat()}" if target_day else ""
        label_y = y(target) - 5 if y(target) - 5 > top + 4 else y(target) + 13
        label = f"target {shown(target)}{when}"  # on the left, away from the expected line's end
        body.append(_text(left + 4, label_y, label, font_size="10", fill=AMBER))
    if isinstance(baseline, int | float) and start_day is not None:
        body.append(
            f'<circle cx="{num(x(start_day))}" cy="{num(y(baseline))}" r="4" fill="#ffffff"'
            f' stroke="{MUTED}" stroke-width="1.5">'
            f"<title>baseline {shown(baseline)}</title></circle>"
        )
    if measured:
        points = " ".join(f"{num(x(d))},{num(y(v))}" for d, v in measured)
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{TEAL}" stroke-width="2.5"'
            ' stroke-linejoin="round"/>'
        )
        for d, v in measured:
            body.append(
                f'<circle cx="{num(x(d))}" cy="{num(y(v))}" r="3.5" fill="{TEAL}">'
                f"<title>{d.isoformat()}: {shown(v)}</title></circle>"
            )
        d, v = measured[-1]
        anchor = "end" if x(d) > (left + right) / 2 else "start"
        dx = -6 if anchor == "end" else 6
        body.append(
            _text(
                x(d) + dx,
                y(v) - 7,
                shown(v),
                font_size="11",
                font_weight="bold",
                fill=TEAL,
                text_anchor=anchor,
            )
        )
    body.append(
        _text(
            left, height - 8, "— measured   - - expected   ··· target", font_size="10", fill=MUTED
        )
    )
    desc = "; ".join(f"{d.isoformat()}: {shown(v)}" for d, v in measured)
    return Figure(key, title, _svg(key, title, desc, width, height, body), width, height)
