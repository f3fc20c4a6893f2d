"""The EMF twin of each drawing: the picture older Word and LibreOffice show in a Word file.

(That LibreOffice draws it was seen by converting a Word review copy to HTML with
LibreOffice, which rasterises each picture; here the file's structure is checked
record by record, as a reader walks it.)
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

from test_export_svg import HOSTILE, events

from stemeco.documents import svg
from stemeco.documents.emf import from_svg

NS = "{http://www.w3.org/2000/svg}"


def records(data: bytes) -> list[tuple[int, bytes]]:
    out = []
    at = 0
    while at < len(data):
        kind, size = struct.unpack_from("<II", data, at)
        assert size >= 8
        assert size % 4 == 0
        out.append((kind, data[at : at + size]))
        at += size
    assert at == len(data)
    return out


def texts(data: bytes) -> list[str]:
    found = []
    for kind, record in records(data):
        if kind == 84:  # EXTTEXTOUTW
            count, offset = struct.unpack_from("<II", record, 44)
            found.append(record[offset : offset + 2 * count].decode("utf-16-le"))
    return found


def test_a_gantt_becomes_a_well_formed_metafile_with_every_label() -> None:
    figure = svg.gantt(events(), {"studio": "Studios", "milestone": "Milestones"}, "Plan & <dates>")
    data = from_svg(figure.standalone().decode("utf-8"), figure.width, figure.height)
    found = records(data)
    assert found[0][0] == 1  # the header first
    assert found[-1][0] == 14  # the end last
    header = found[0][1]
    assert header[40:44] == b" EMF"
    size, count, handles = struct.unpack_from("<IIH", header, 48)
    assert (size, count) == (len(data), len(found))
    assert handles >= 2
    svg_texts = [
        "".join(t.itertext()) for t in ET.fromstring(figure.standalone()).iter(f"{NS}text")
    ]
    assert texts(data) == [t for t in svg_texts if t.strip()]
    assert "Plan & <dates>" in texts(data)
    assert svg.clip(HOSTILE.replace("\x07", ""), 42) in texts(data)
    assert from_svg(figure.standalone().decode("utf-8"), figure.width, figure.height) == data


def test_every_kind_of_drawing_translates() -> None:
    groups = [{"sector": "b", "label": "Business", "count": 1, "organisations": [{"name": "Ø"}]}]
    cells = {"early": {"a": {"organisations": 2, "programs": 3}}}
    row = {
        "name": "Partners 👋",
        "baseline_value": 14.0,
        "target_value": 40.0,
        "target_date": "2028-01-14",
        "measurements": [{"date": "2026-01-14", "value": 14}, {"date": "2026-10-14", "value": 29}],
    }
    drawings = [
        svg.network(groups, "Town"),
        svg.gap_map(["early"], ["a"], {"stages": {}, "sectors": {}}, cells),
        svg.indicator(row, "indicator-1"),
        svg.gantt(events(), {"milestone": "Milestones"}, "Calendar"),
    ]
    kinds = set()
    for figure in drawings:
        data = from_svg(figure.standalone().decode("utf-8"), figure.width, figure.height)
        kinds |= {kind for kind, _ in records(data)}
        assert texts(data)
    # rectangles, rounded ones, ellipses, lines, polylines, polygons and text
    assert {43, 44, 42, 27, 54, 87, 86, 84} <= kinds
    assert "Partners 👋" in texts(
        from_svg(drawings[2].standalone().decode("utf-8"), drawings[2].width, drawings[2].height)
    )
