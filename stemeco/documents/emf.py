"""A drawing as an Enhanced Metafile (EMF): the picture Word files keep beside the SVG.

Word 2016 and later draw the SVG of a picture. Word requires a second picture
beside it for programs that cannot (older Word, LibreOffice 7): usually a
raster image. stemeco draws no raster image; it writes the same drawing as an
EMF instead, a vector format every version of Word and LibreOffice reads, so
the drawing is there whichever program opens the file.

The EMF is translated from stemeco's own SVG (:mod:`.svg`), which uses a small
subset: ``rect``, ``line``, ``polyline``, ``path`` (M, L, C, Z), ``circle``,
``ellipse`` and ``text``/``tspan`` with fill, stroke, stroke width, dashes,
font size and weight, and text anchor. Text is drawn by the reader's Arial;
where each character goes is given with Helvetica's widths (the same metrics),
so a label ends where it does in the SVG. Deterministic: the same SVG gives
the same bytes.
"""

from __future__ import annotations

import math
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator

#: Logical units per SVG pixel (EMF coordinates are integers).
SCALE = 10
NS = "{http://www.w3.org/2000/svg}"
# Helvetica's advance widths (1/1000 em) for ASCII 32-126; Arial has the same metrics.
_WIDTHS = (
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
    + [556] * 10
    + [278, 278, 584, 584, 584, 556, 1015]
    + [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833]
    + [722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611]
    + [278, 278, 278, 469, 556, 333]
    + [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833]
    + [556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500]
    + [334, 260, 334, 584]
)
NULL_BRUSH = 0x80000005
NULL_PEN = 0x80000008


def advance(char: str) -> int:
    """A character's width in 1/1000 em (an average one for what Helvetica lacks)."""
    code = ord(char)
    if 32 <= code <= 126:
        return _WIDTHS[code - 32]
    if char == "…":
        return 1000
    return 600


def _colour(value: str | None) -> int | None:
    if not value or value == "none" or not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return None
    red, green, blue = int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)
    return red | green << 8 | blue << 16


def _n(value: str | None, default: float = 0.0) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


class _Writer:
    def __init__(self) -> None:
        self.records: list[bytes] = []
        self.handles = 0
        self.fonts: dict[tuple[int, int], int] = {}

    def add(self, kind: int, payload: bytes = b"") -> None:
        payload += b"\0" * (-len(payload) % 4)
        self.records.append(struct.pack("<II", kind, 8 + len(payload)) + payload)

    def handle(self) -> int:
        self.handles += 1
        return self.handles

    def pen(self, colour: int | None, width: float) -> int:
        if colour is None:
            return NULL_PEN
        index = self.handle()
        self.add(38, struct.pack("<IIiiI", index, 0, max(round(width * SCALE), 1), 0, colour))
        return index

    def brush(self, colour: int | None) -> int:
        if colour is None:
            return NULL_BRUSH
        index = self.handle()
        self.add(39, struct.pack("<IIII", index, 0, colour, 0))
        return index

    def select(self, *objects: int) -> None:
        for index in objects:
            self.add(37, struct.pack("<I", index))

    def release(self, *objects: int) -> None:
        self.select(NULL_PEN, NULL_BRUSH)
        for index in objects:
            if index < 0x80000000:
                self.add(40, struct.pack("<I", index))

    def font(self, size: float, bold: bool) -> int:
        key = (round(size * SCALE), 700 if bold else 400)
        if key not in self.fonts:
            index = self.fonts[key] = self.handle()
            face = "Arial".encode("utf-16-le").ljust(64, b"\0")
            logfont = struct.pack("<iiiii8B", -key[0], 0, 0, 0, key[1], 0, 0, 0, 1, 0, 0, 0, 0)
            panose = logfont + face + b"\0" * (320 - len(logfont) - len(face))
            self.add(82, struct.pack("<I", index) + panose)
        return self.fonts[key]


def _points(values: list[tuple[float, float]]) -> bytes:
    xs = [round(x * SCALE) for x, _ in values]
    ys = [round(y * SCALE) for _, y in values]
    bounds = struct.pack("<iiii", min(xs), min(ys), max(xs), max(ys))
    return (
        bounds
        + struct.pack("<I", len(values))
        + b"".join(struct.pack("<hh", x, y) for x, y in zip(xs, ys, strict=True))
    )


def _path_points(d: str) -> Iterator[tuple[list[tuple[float, float]], bool]]:
    """The figures of an SVG path (M, L, C, Z; absolute), curves as short segments."""
    tokens = re.findall(r"[MLCZ]|-?\d+(?:\.\d+)?", d)
    figure: list[tuple[float, float]] = []
    index, command = 0, ""
    while index < len(tokens):
        if tokens[index] in "MLCZ":
            command = tokens[index]
            index += 1
            if command == "Z":
                yield figure, True
                figure = []
            continue
        numbers = [float(t) for t in tokens[index : index + (6 if command == "C" else 2)]]
        index += len(numbers)
        if command == "M" and figure:
            yield figure, False
            figure = []
        if command == "C" and figure and len(numbers) == 6:
            (x0, y0), (x1, y1, x2, y2, x3, y3) = figure[-1], numbers
            for step in range(1, 13):
                t = step / 12
                a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3
                x = a * x0 + b * x1 + c * x2 + e * x3
                figure.append((x, a * y0 + b * y1 + c * y2 + e * y3))
        elif len(numbers) == 2:
            figure.append((numbers[0], numbers[1]))
    if figure:
        yield figure, False


def _dashes(
    x1: float, y1: float, x2: float, y2: float, pattern: list[float]
) -> Iterator[tuple[float, float, float, float]]:
    length = math.hypot(x2 - x1, y2 - y1)
    if length == 0 or not pattern or sum(pattern) <= 0:
        yield x1, y1, x2, y2
        return
    dx, dy = (x2 - x1) / length, (y2 - y1) / length
    at, index = 0.0, 0
    while at < length:
        end = min(at + pattern[index % len(pattern)], length)
        if index % 2 == 0:
            yield x1 + dx * at, y1 + dy * at, x1 + dx * end, y1 + dy * end
        at = end
        index += 1


def from_svg(svg: str, width: int, height: int) -> bytes:
    """The EMF of one of stemeco's SVG drawings, ``width`` x ``height`` pixels."""
    root = ET.fromstring(svg)
    out = _Writer()
    out.add(18, struct.pack("<I", 1))  # SETBKMODE: transparent
    out.add(22, struct.pack("<I", 24))  # SETTEXTALIGN: left, on the baseline
    default_fill = root.get("fill")
    base_size = _n(root.get("font-size"), 12)
    for element in root.iter():
        tag = element.tag.removeprefix(NS)
        fill = _colour(element.get("fill", default_fill if tag != "line" else "none"))
        stroke = _colour(element.get("stroke"))
        stroke_width = _n(element.get("stroke-width"), 1)
        if tag == "text":
            _text(out, element, base_size, default_fill)
            continue
        if tag not in ("rect", "line", "polyline", "path", "circle", "ellipse"):
            continue
        pen, brush = out.pen(stroke, stroke_width), out.brush(fill)
        out.select(pen, brush)
        get = element.get
        if tag == "rect":
            x, y, w, h = (_n(get(k)) for k in ("x", "y", "width", "height"))
            box = struct.pack("<iiii", *(round(v * SCALE) for v in (x, y, x + w, y + h)))
            radius = _n(get("rx"))
            if radius:
                out.add(44, box + struct.pack("<ii", *(round(2 * radius * SCALE),) * 2))
            else:
                out.add(43, box)
        elif tag in ("circle", "ellipse"):
            cx, cy = _n(get("cx")), _n(get("cy"))
            rx = _n(get("r")) if tag == "circle" else _n(get("rx"))
            ry = _n(get("r")) if tag == "circle" else _n(get("ry"))
            corners = (cx - rx, cy - ry, cx + rx, cy + ry)
            out.add(42, struct.pack("<iiii", *(round(v * SCALE) for v in corners)))
        elif tag == "line":
            pattern = [_n(v) for v in (get("stroke-dasharray") or "").split()]
            x1, y1, x2, y2 = (_n(get(k)) for k in ("x1", "y1", "x2", "y2"))
            for a, b, c, d in _dashes(x1, y1, x2, y2, pattern):
                out.add(27, struct.pack("<ii", round(a * SCALE), round(b * SCALE)))
                out.add(54, struct.pack("<ii", round(c * SCALE), round(d * SCALE)))
        elif tag == "polyline":
            numbers = [_n(v) for v in re.split(r"[\s,]+", (get("points") or "").strip()) if v]
            points = list(zip(numbers[::2], numbers[1::2], strict=False))
            if len(points) >= 2:
                out.add(87, _points(points))
        else:  # path
            for points, closed in _path_points(get("d") or ""):
                if len(points) >= 2:
                    out.add(86 if closed or fill is not None else 87, _points(points))
        out.release(pen, brush)
    return _finish(out, width, height)


def _text(out: _Writer, element: ET.Element, base_size: float, default_fill: str | None) -> None:
    size = _n(element.get("font-size"), base_size)
    bold = element.get("font-weight") == "bold"
    colour = _colour(element.get("fill", default_fill)) or 0
    anchor = element.get("text-anchor", "start")
    runs: list[tuple[float, float, str]] = []
    if element.text and element.text.strip():
        runs.append((_n(element.get("x")), _n(element.get("y")), element.text))
    for span in element.iter(f"{NS}tspan"):
        runs.append((_n(span.get("x")), _n(span.get("y")), span.text or ""))
    out.select(out.font(size, bold))
    out.add(24, struct.pack("<I", colour))
    for x, y, words in runs:
        units = words.encode("utf-16-le")
        count = len(units) // 2
        if not count:
            continue
        dx: list[int] = []
        for char in words:
            step = round(advance(char) * size * SCALE / 1000)
            dx += [step] + [0] * (len(char.encode("utf-16-le")) // 2 - 1)
        total = sum(dx) / SCALE
        left = x - (total / 2 if anchor == "middle" else total if anchor == "end" else 0)
        text_at = 76
        dx_at = text_at + len(units) + (-len(units) % 4)
        scale = 2540 / 96 / SCALE  # logical units to 1/100 mm
        payload = struct.pack("<iiii", 0, 0, -1, -1) + struct.pack("<Iff", 1, scale, scale)
        payload += struct.pack("<iiIII", round(left * SCALE), round(y * SCALE), count, text_at, 0)
        payload += struct.pack("<iiiiI", 0, 0, -1, -1, dx_at)
        payload += units + b"\0" * (-len(units) % 4) + struct.pack(f"<{count}i", *dx)
        out.add(84, payload)


def _finish(out: _Writer, width: int, height: int) -> bytes:
    out.add(14, struct.pack("<III", 0, 16, 20))  # EOF
    body = b"".join(out.records)
    device = (width * SCALE, height * SCALE)  # one logical unit per device pixel, 960 dpi
    millimetres = (round(width * 25.4 / 96), round(height * 25.4 / 96))
    frame = (0, 0, round(width * 2540 / 96), round(height * 2540 / 96))
    header = struct.pack("<iiii", 0, 0, device[0] - 1, device[1] - 1)
    header += struct.pack("<iiii", *frame)
    header += struct.pack("<II", 0x464D4520, 0x10000)
    size = 108 + len(body)
    header += struct.pack("<IIHHIII", size, len(out.records) + 1, out.handles + 1, 0, 0, 0, 0)
    header += struct.pack("<iiii", *device, *millimetres)
    header += struct.pack("<IIIII", 0, 0, 0, width * 25400 // 96, height * 25400 // 96)
    return struct.pack("<II", 1, 108) + header + body
