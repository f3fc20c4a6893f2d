"""Likely duplicates by website, address and e-mail domain as well as by name, within a
roster and against the asset map; field names from any headers (issue H, item 3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from stemeco.cli.app import app
from stemeco.community.duplicates import (
    COMMON,
    Record,
    address_key,
    email_domains,
    find_duplicates,
    record_keys,
    website_key,
)
from stemeco.community.sources import field_name, field_names


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("https://www.Example.org/", "example.org"),
        ("http://example.org", "example.org"),
        ("example.org/index.html", "example.org"),
        ("www2.example.org/home", "example.org"),
        ("https://example.org:443/#about", "example.org"),
        ("https://example.org/robotics/", "example.org/robotics"),
        ("example.org/page?utm_source=x&id=3", "example.org/page?id=3"),
        ("https://www.facebook.com/harborlight", "facebook.com/harborlight"),
        ("facebook.com", None),
        ("https://m.facebook.com/", None),
        ("info@example.org", None),
        ("N/A", None),
        ("localhost", None),
    ],
)
def test_website_key(text: str, key: str | None) -> None:
    assert website_key(text) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1420 Marina Way, Suite 3", "1420 marina way ste. 3"),
        ("455 North Harbor Boulevard #2", "455 N. Harbor Blvd., Suite 2"),
        ("12 Main Street", "12 MAIN ST"),
        ("P.O. Box 44", "PO Box 44"),
        ("3 Rue Émile-Zola", "3 rue emile zola"),
    ],
)
def test_addresses_compared_loosely(a: str, b: str) -> None:
    assert address_key(a) is not None
    assert address_key(a) == address_key(b)


def test_places_without_a_number_are_no_address() -> None:
    assert address_key("San Diego, CA") is None
    assert address_key("Countywide") is None
    assert address_key("12") is None
    assert address_key("12 Main Street, Suite 3") != address_key("12 Main Street, Suite 4")


def test_email_domains_leave_public_providers_out() -> None:
    assert email_domains("Ana <ana@Harbor.org>; bo@gmail.com, cy@mail.harbor.org") == [
        "harbor.org",
        "mail.harbor.org",
    ]
    assert email_domains("Not provided") == []


def test_record_keys_find_fields_by_name() -> None:
    keys = record_keys(
        {
            "name": "Harbor Light",
            "location": "Countywide",
            "street_address": "1420 Marina Way",
            "web_site": "harborlight.org; facebook.com/harborlight",
            "contact_email": "hello@harborlight.org",
            "programs": [{"name": "x"}],
        }
    )
    assert list(keys) == [
        ("website", "harborlight.org"),
        ("website", "facebook.com/harborlight"),
        ("address", "1420 marina way"),
        ("email", "harborlight.org"),
    ]
    assert keys[("address", "1420 marina way")] == "'1420 Marina Way'"


def rec(ref: str, name: str, **fields: str) -> Record:
    return Record(ref, name, record_keys(fields))


def test_find_duplicates_pairs_with_the_best_earlier_record() -> None:
    found = find_duplicates(
        [
            rec("a", "Harbor Light Robotics", website="harborlight.org"),
            rec("b", "Tidewater Science Center", address="12 Pier Road"),
            rec("c", "HLRC", website="http://www.harborlight.org/", email="x@harborlight.org"),
            rec("d", "Tidewater Science Centre", address="12 Pier Rd."),
            rec("e", "Tidewater Science Center", website="tidewater.org"),
        ]
    )
    assert [(d.record.ref, d.other.ref, d.why) for d in found] == [
        ("c", "a", "same website harborlight.org"),
        ("d", "b", "same address '12 Pier Rd.', a similar name"),
        ("e", "b", "the same name"),
    ]


def test_an_email_domain_alone_does_not_pair_different_websites() -> None:
    district = [
        rec("a", "Bayview Middle School", website="alderusd.org/bayview", email="b@alderusd.org"),
        rec("b", "Port Alder High", website="alderusd.org/pahs", email="p@alderusd.org"),
        rec("c", "Alder Heights PTA", email="pta@alderusd.org"),
    ]
    found = find_duplicates(district)
    assert [(d.record.ref, d.other.ref, d.why) for d in found] == [
        ("c", "a", "same e-mail domain alderusd.org")
    ]


def test_a_key_many_records_share_is_not_evidence() -> None:
    building = [rec(str(n), f"Tenant {chr(65 + n)}", address="1 Civic Plaza") for n in range(6)]
    assert len(building) > COMMON
    assert find_duplicates(building) == []
    assert len(find_duplicates(building[:COMMON])) == COMMON - 1


def test_records_before_check_from_are_only_compared_against() -> None:
    records = [
        rec("assets/a.yaml", "Riverworks", website="riverworks.org"),
        rec("assets/b.yaml", "Riverworks Lab", website="riverworks.org"),
        rec("row 2", "RW Science", website="https://riverworks.org/"),
    ]
    found = find_duplicates(records, check_from=2)
    assert [(d.record.ref, d.other.ref) for d in found] == [("row 2", "assets/a.yaml")]


# ---------------------------------------------------------------- through the CLI


def run(project_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--project", str(project_dir)])


def test_a_row_like_an_organisation_on_the_asset_map(project_dir: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text(
        "Name,Sector,Website,Address\n"
        "Riverworks Science Center,stem_rich,https://riverworks.org,12 Pier Road\n",
        encoding="utf-8",
    )
    assert run(project_dir, "assets", "import", str(first)).exit_code == 0
    second = tmp_path / "second.csv"
    second.write_text(
        "Organization,Type,URL,Street Address\n"
        "RSC Outreach,x,www.riverworks.org,12 Pier Rd\n"
        "Pier Makers,y,piermakers.org,14 Pier Road\n",
        encoding="utf-8",
    )
    result = run(project_dir, "assets", "import", str(second))
    assert result.exit_code == 0, result.output
    assert (
        "row 2: 'RSC Outreach' looks like 'Riverworks Science Center' "
        "(assets/riverworks-science-center.yaml): same website riverworks.org, "
        "same address '12 Pier Rd'" in result.output
    )
    assert "Pier Makers' looks like" not in result.output
    saved = yaml.safe_load((project_dir / "assets" / "rsc-outreach.yaml").read_text("utf-8"))
    assert saved["review_reason"].startswith(
        "likely the same organisation as 'Riverworks Science Center' "
        "(assets/riverworks-science-center.yaml): same website riverworks.org"
    )
    gaps = run(project_dir, "gaps")
    assert (
        "RSC Outreach (assets/rsc-outreach.yaml) looks like Riverworks Science Center "
        "(assets/riverworks-science-center.yaml): same website riverworks.org, same address "
        "'12 Pier Rd'" in gaps.output
    )
    assert (
        "1 organisation looks like a duplicate of another record, e.g. 'RSC Outreach' and "
        "'Riverworks Science Center' (same website riverworks.org, same address '12 Pier Rd')."
        in gaps.output
    )


# ---------------------------------------------------------------- field names

headers = st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(headers)
def test_field_names_are_unique_identifiers(given_headers: list[str]) -> None:
    names = field_names(given_headers)
    assert len(names) == len(given_headers)
    made = [n for n in names if n]
    assert len(made) == len(set(made))
    for header, name in zip(given_headers, names, strict=True):
        assert (name == "") == (header == "")
        if name:
            assert re.fullmatch(r"[^\W\d_][\w]*", name), name
            assert "__" not in name
            assert not name.endswith("_")
    assert field_names(given_headers) == names  # the same headers, the same names


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Mission/Summary", "mission_summary"),
        ("Category 1: Integrated Student Support", "category_1_integrated_student_support"),
        ("  E-mail  ", "e_mail"),
        ("Ages (served)", "ages_served"),
        ("Área de Interés", "area_de_interes"),
        ("2024 Budget", "column_2024_budget"),
        ("?!", ""),
    ],
)
def test_field_name(header: str, name: str) -> None:
    assert field_name(header) == name
