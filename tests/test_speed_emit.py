"""New record files: the fast writer writes exactly what ruamel.yaml writes, and every
reader reads back exactly what was typed (Hypothesis)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from stemeco.storage.read import parse_yaml
from stemeco.storage.roundtrip import (
    dump_document,
    fast_new_text,
    new_document_text,
    to_yaml_value,
)

# Text a YAML reader may take for something else, or that needs quotes or escapes.
TRAPS = [
    "no", "yes", "No", "on", "off", "y", "n", "null", "~", "true", "1e3", "0o17", "0777",
    "0x1F", "1_000", ".5", "+1", "2024-01-01", "12:30:45", "key: value", "ends with:",
    "- item", "# text", "text # not a comment", "[a, b]", "{a: b}", "!tag", "&anchor",
    "*alias", "'quoted'", '"double"', "it's: here", "back\\slash: x", "|", ">", "@", "`",
    "%", "line one\nline two", "trailing newline\n", "  leading spaces", "trailing  ",
    "tab\tinside", "\x85", "\x80\n", "שלום עולם", "🚀 launch", "é and é", "",
]  # fmt: skip
# Text a person can type: any printable character, line breaks, tabs.
typed_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    max_size=60,
)

HEADER = "Asset map: one organisation.\nsector: a stakeholder group"

# Text of the kinds an import writes (names, web sites, dates, reasons) and any text at all.
names = st.sampled_from(
    [
        "Riverworks Science Center",
        "The Salk Institute - Education Outreach",
        "Boys & Girls Club of Greater San Diego",
        "UC San Diego: Extension",
        "Science-Bits",
        "https://org12.example",
        "likely the same organisation as 'Riverworks Science Center'",
        "named by 2 program(s) in programs.csv (row 5, 6); is it 'X'?",
        "Café Ciencia",
        "2026-01-05",
        "10",
        "Free",
        "Less than $50",
        "partners.csv",
        "x: y 'z'",
        "#1 Robotics",
    ]
)
texts = st.one_of(names, st.sampled_from(TRAPS), typed_text, st.text(max_size=12))
keys = st.one_of(
    st.sampled_from(["name", "sector", "stages", "programs", "provenance", "row", "y", "null"]),
    st.text(max_size=8),
)
scalars = st.one_of(texts, st.integers(), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
records = st.dictionaries(keys, values, min_size=1, max_size=6)
simple_keys = st.sampled_from(["name", "sector", "stages", "programs", "provenance", "row"])
typed_values = st.recursive(
    st.one_of(texts, st.integers(), st.booleans(), st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(simple_keys, inner, max_size=4)
    ),
    max_leaves=12,
)
typed_records = st.dictionaries(simple_keys, typed_values, min_size=1, max_size=6)


def ruamel_text(data: dict[str, Any], header: str | None) -> str:
    doc = to_yaml_value(data)
    if header:
        doc.yaml_set_start_comment(header)
    return dump_document(doc)


@settings(max_examples=100, deadline=None)
@given(records, st.sampled_from([None, HEADER]))
def test_the_fast_writer_writes_what_ruamel_writes(data: dict[str, Any], header: str) -> None:
    fast = fast_new_text(data, header)
    if fast is not None:
        assert fast == ruamel_text(data, header)


@settings(max_examples=60, deadline=None)
@given(typed_records)
def test_a_new_file_reads_back_as_written_by_every_reader(data: dict[str, Any]) -> None:
    text = new_document_text(data, header=HEADER)
    expected = {str(k): v for k, v in data.items()}
    assert parse_yaml(text, Path("x.yaml"))[0] == _plain(expected)
    assert yaml.safe_load(text) == _plain(expected)  # a YAML 1.1 reader sees the same


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_an_imported_organisation_takes_the_fast_writer() -> None:
    record = {
        "name": "Riverworks Science Center",
        "sector": "stem_rich",
        "stages": ["elementary", "middle"],
        "website": "https://riverworks.example",
        "location": "12 Main Street: east wing",
        "programs": [{"name": "Robotics club", "stages": ["middle"], "areas": ["Coding"]}],
        "provenance": {"source": "partners.csv", "row": 2, "imported": "2026-01-05"},
        "needs_review": True,
        "review_reason": "likely the same organisation as 'Riverworks Science Centre'",
    }
    fast = fast_new_text(record, HEADER)
    assert fast is not None
    assert fast == ruamel_text(record, HEADER)
    assert 'imported: "2026-01-05"' in fast
    assert "location: '12 Main Street: east wing'" in fast
