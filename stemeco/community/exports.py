"""The asset map for tools people already use: Kumu's network maps, and GeoJSON maps.

**Kumu** (kumu.io) imports a sheet of *elements* and a sheet of *connections*
("Structure your data for Kumu" in its documentation). A CSV file holds one
sheet, so the export is two CSV files, imported in that order: every
organisation and every program is an element (Label, Type, Description, Tags
joined by ``|``, and fields Kumu can filter and colour by); every program is
connected to the organisation offering it, and an organisation or program to
each partner it names (``partners:`` in its record) that is on the asset map.
Every element and connection has an ID, made from the record's file name and
the program's key, so that importing a newer export into the same Kumu map
updates what is there instead of adding copies (Kumu matches elements on ID
when there is one, and connections must then name IDs). An ID is lower-case
words joined by dashes: Kumu cannot pick an element found by search whose ID
has an underscore. Two CSV files need no new dependency, open in every
spreadsheet, and Kumu reads them as it reads a workbook's two sheets.

**GeoJSON** (RFC 7946) for QGIS, ArcGIS or uMap: one FeatureCollection with a
Point (longitude, latitude) for every organisation whose record holds
``latitude`` and ``longitude`` (an import keeps those columns), and for every
program, at its own coordinates or else at its organisation's. Those without
coordinates are kept as features whose geometry is ``null`` (RFC 7946 §3.2: an
unlocated feature), with the reason in ``coordinates_problem``: QGIS keeps them
as rows of the attribute table, Leaflet-based maps such as uMap leave them off
the map, and the command lists them; nothing is dropped.

Text is written as typed, every cell through :func:`stemeco.text.csv_cell`
(a cell a spreadsheet would run as a formula starts with ``'``).

**Languages.** The column headers and the GeoJSON property names are a file
format other tools read, and stay English whatever the project's language:
Kumu needs ``ID``, ``Label``, ``Type``, ``Description``, ``Tags``, ``From``,
``To``, ``Direction``, and a map's views and filters name the other fields, so
an export in another language still updates the same map. What people read in
the cells follows the project's language: the Type of an element (Organisation,
Program) and of a connection (Offered by, Partner), the sector, stage and pillar
labels and the Tags made of them, Needs review's yes or no, and why a GeoJSON
feature has no coordinates. Kumu's own words (``directed``, ``mutual``) and the
GeoJSON values read as codes (``type``: ``organisation``/``program``,
``coordinates_from``) stay as they are.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemeco.community.assets import (
    ASSET_STAGES,
    Organisation,
    Program,
    load_assets,
    name_key,
)
from stemeco.errors import UsageError
from stemeco.i18n import N_, _
from stemeco.storage.lock import writes
from stemeco.text import csv_cell, slugify
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS, label

FORMATS = ("kumu", "geojson")
ELEMENTS_FILE = "asset-map-elements.csv"
CONNECTIONS_FILE = "asset-map-connections.csv"
GEOJSON_FILE = "asset-map.geojson"

#: The Types of elements and connections, in English (the Type cells are translated).
ORGANISATION = N_("Organisation")
PROGRAM = N_("Program")
OFFERED_BY = N_("Offered by")
PARTNER = N_("Partner")

ELEMENT_COLUMNS = (
    "ID",
    "Label",
    "Type",
    "Description",
    "Tags",
    "Sector",
    "Stages",
    "Pillars",
    "Areas",
    "Organisation",
    "Location",
    "Website",
    "Cost",
    "Program type",
    "Needs review",
    "File",
)
CONNECTION_COLUMNS = ("ID", "From", "To", "Type", "Direction")

#: The record fields that hold coordinates, first found first used.
LATITUDE_FIELDS = ("latitude", "lat")
LONGITUDE_FIELDS = ("longitude", "lon", "lng", "long")
#: Where a program's web page may be kept (``link`` is the San Diego roster's column).
WEBSITE_FIELDS = ("website", "link", "url")


# ---------------------------------------------------------------- the elements


@dataclass(frozen=True)
class Node:
    """One organisation or one program, with its stable ID."""

    id: str
    org: Organisation
    program: Program | None = None

    @property
    def kind(self) -> str:
        return PROGRAM if self.program is not None else ORGANISATION

    @property
    def name(self) -> str:
        return self.program.name if self.program is not None else self.org.name

    @property
    def data(self) -> Mapping[str, Any]:
        return self.program.data if self.program is not None else self.org.data

    @property
    def stages(self) -> list[str]:
        return self.program.stages if self.program is not None else self.org.served_stages

    @property
    def pillars(self) -> list[str]:
        return self.program.pillars if self.program is not None else self.org.served_pillars

    def text(self, *keys: str) -> str:
        """The first of ``keys`` the record holds as text or a number, else ''."""
        for key in keys:
            value = self.data.get(key)
            if isinstance(value, str) and value.strip():
                return value
            if isinstance(value, int | float) and not isinstance(value, bool):
                return str(value)
        return ""

    @property
    def website(self) -> str:
        return self.org.website if self.program is None else self.text(*WEBSITE_FIELDS)

    @property
    def location(self) -> str:
        return self.org.location if self.program is None else self.text("location")


def nodes(orgs: Iterable[Organisation]) -> list[Node]:
    """Every organisation followed by its programs, each with an ID no other has.

    An organisation's ID is its file's slug; a program's is that slug, ``--`` and
    the slug of its key (its ``id``, else its name). Slugs never hold ``--``, so the
    two kinds never meet; a repeat (two programs of one name) gets ``-2``, ``-3``...
    in file order.
    """
    taken: set[str] = set()

    def unique(wanted: str) -> str:
        found, number = wanted, 1
        while found in taken:
            number += 1
            found = f"{wanted}-{number}"
        taken.add(found)
        return found

    out: list[Node] = []
    for org in orgs:
        org_id = unique(slugify(org.slug, fallback="organisation"))
        out.append(Node(org_id, org))
        for program in org.programs:
            key = slugify(program.id or program.name, fallback="program")
            out.append(Node(unique(f"{org_id}--{key}"), org, program))
    return out


def _labels(ids: Iterable[str], vocabulary: Mapping[str, str]) -> list[str]:
    return [label(vocabulary, i) for i in ids]


def _sector(node: Node) -> str:
    return label(STAKEHOLDER_GROUPS, node.org.sector) if node.org.sector else ""


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# ---------------------------------------------------------------- Kumu


@dataclass(frozen=True)
class Unlinked:
    """A partner named by a record that is not on the asset map: no connection drawn."""

    file: str
    owner: str
    partner: str


@dataclass
class KumuSheets:
    elements: list[dict[str, str]] = field(default_factory=list)
    connections: list[dict[str, str]] = field(default_factory=list)
    unlinked: list[Unlinked] = field(default_factory=list)
    #: connections between partners (the others link a program to its organisation)
    partnerships: int = 0


def _items(values: Iterable[str]) -> str:
    """Kumu's list cell: values joined by ``|`` (a ``|`` inside a value becomes ``/``)."""
    return "|".join(v.replace("|", "/") for v in values if v)


def _element(node: Node, root: Path) -> dict[str, str]:
    sector = _sector(node)
    stages = _labels(node.stages, ASSET_STAGES)
    pillars = _labels(node.pillars, PILLARS)
    program = node.program
    return {
        "ID": node.id,
        "Label": node.name,
        "Type": _(node.kind),
        "Description": node.text("description"),
        "Tags": _items([sector, *stages, *pillars]),
        "Sector": sector,
        "Stages": _items(stages),
        "Pillars": _items(pillars),
        "Areas": _items(program.areas if program is not None else []),
        "Organisation": node.org.name if program is not None else "",
        "Location": node.location,
        "Website": node.website,
        "Cost": program.cost if program is not None else "",
        "Program type": program.type if program is not None else "",
        "Needs review": _("yes")
        if (program.needs_review if program is not None else node.org.needs_review)
        else _("no"),
        "File": _relative(node.org.path, root),
    }


def _partner_names(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class _Directory:
    """Finds an organisation of the asset map by its name or an alias, loosely."""

    def __init__(self, all_nodes: list[Node]) -> None:
        self.by_key: dict[str, Node] = {}
        for node in all_nodes:
            if node.program is not None:
                continue
            names = [node.org.name, *_partner_names(node.org.data.get("aliases"))]
            for name in names:
                if isinstance(name, str) and name_key(name):
                    self.by_key.setdefault(name_key(name), node)

    def find(self, name: str) -> Node | None:
        return self.by_key.get(name_key(name))


def kumu_sheets(orgs: list[Organisation], root: Path) -> KumuSheets:
    """The elements and connections of the asset map; connections name only element IDs."""
    all_nodes = nodes(orgs)
    by_org = {id(n.org): n for n in all_nodes if n.program is None}
    directory = _Directory(all_nodes)
    sheets = KumuSheets(elements=[_element(n, root) for n in all_nodes])
    seen: set[str] = set()

    def connect(source: str, target: str, kind: str, connection_id: str, direction: str) -> None:
        if connection_id in seen:
            return
        seen.add(connection_id)
        sheets.partnerships += kind == PARTNER
        row = {"ID": connection_id, "From": source, "To": target}
        sheets.connections.append({**row, "Type": _(kind), "Direction": direction})

    for node in all_nodes:
        owner = by_org[id(node.org)]
        if node.program is not None:
            connect(node.id, owner.id, OFFERED_BY, f"{node.id}--offered-by", "directed")
        for name in _partner_names(node.data.get("partners")):
            partner = directory.find(name) if isinstance(name, str) else None
            if partner is None:
                shown = name if isinstance(name, str) else json.dumps(name, ensure_ascii=False)
                sheets.unlinked.append(Unlinked(_relative(node.org.path, root), node.name, shown))
                continue
            if partner.id == node.id:
                continue  # an organisation naming itself draws no line
            # Two organisations naming each other are one partnership, one connection.
            pair = sorted((node.id, partner.id)) if node.program is None else [node.id, partner.id]
            connect(pair[0], pair[1], PARTNER, "--partner--".join(pair), "mutual")
    return sheets


def csv_text(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    """One sheet as CSV: the header row, then every row, each cell by :func:`csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(column, "")) for column in columns])
    return buffer.getvalue()


# ---------------------------------------------------------------- GeoJSON


@dataclass(frozen=True)
class Point:
    longitude: float
    latitude: float


def _coordinate(value: Any) -> float | None:
    """A coordinate as written in a record: a number, or text holding one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace("\u2212", "-"))  # the typographic minus too
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _first(data: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, Any]:
    for key in keys:
        value = data.get(key)
        if value is not None and value != "":
            return key, value
    return keys[0], None


def coordinates(data: Mapping[str, Any]) -> tuple[Point | None, str]:
    """The point a record's ``latitude`` and ``longitude`` name, or None and why not.

    Both must be numbers in range (latitude -90..90, longitude -180..180); 0, 0
    (the usual stand-in for a missing value) is taken as missing. A record holding
    neither says so with an empty reason: the caller knows better where to look.
    """
    lat_key, lat = _first(data, LATITUDE_FIELDS)
    lon_key, lon = _first(data, LONGITUDE_FIELDS)
    if lat is None and lon is None:
        return None, ""
    if lat is None or lon is None:
        have, missing = (lat_key, "longitude") if lon is None else (lon_key, "latitude")
        return None, _("it has a {field} but no {missing}").format(field=have, missing=missing)
    latitude, longitude = _coordinate(lat), _coordinate(lon)
    if latitude is None:
        return None, _("{field} '{value}' is not a number").format(field=lat_key, value=lat)
    if longitude is None:
        return None, _("{field} '{value}' is not a number").format(field=lon_key, value=lon)
    if not -90 <= latitude <= 90:
        return None, _("{field} {value} is outside {range}").format(
            field=lat_key, value=lat, range="-90..90"
        )
    if not -180 <= longitude <= 180:
        return None, _("{field} {value} is outside {range}").format(
            field=lon_key, value=lon, range="-180..180"
        )
    if latitude == 0 and longitude == 0:
        return None, _("latitude 0 and longitude 0 (a missing value?)")
    return Point(round(longitude, 7), round(latitude, 7)), ""


@dataclass(frozen=True)
class Unlocated:
    """A feature written with no geometry, and why."""

    node: Node
    reason: str
    #: a program with no coordinates of its own whose organisation has none either
    inherited: bool = False


@dataclass
class GeoMap:
    features: list[dict[str, Any]] = field(default_factory=list)
    located: dict[str, int] = field(default_factory=lambda: {ORGANISATION: 0, PROGRAM: 0})
    unlocated: list[Unlocated] = field(default_factory=list)

    def text(self) -> str:
        """The FeatureCollection as JSON, one feature per line."""
        lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in self.features]
        body = ",\n".join(lines)
        return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def _properties(node: Node, root: Path) -> dict[str, Any]:
    program = node.program
    return {
        "id": node.id,
        "name": node.name,
        "type": node.kind.lower(),
        "organisation": node.org.name if program is not None else None,
        "sector": _sector(node) or None,
        "stages": "; ".join(_labels(node.stages, ASSET_STAGES)),
        "pillars": "; ".join(_labels(node.pillars, PILLARS)),
        "areas": "; ".join(program.areas) if program is not None else "",
        "location": node.location,
        "website": node.website,
        "description": node.text("description"),
        "needs_review": program.needs_review if program is not None else node.org.needs_review,
        "file": _relative(node.org.path, root),
    }


def geo_map(orgs: list[Organisation], root: Path) -> GeoMap:
    """Every organisation and program as a GeoJSON feature, located where it can be."""
    found = GeoMap()
    org_points: dict[int, tuple[Point | None, str]] = {}
    for node in nodes(orgs):
        point, reason = coordinates(node.data)
        where, inherited = "own", False
        if node.program is None:
            org_points[id(node.org)] = (point, reason)
            if point is None and not reason:
                reason = _("no latitude and longitude")
        elif point is None and not reason:  # none of its own: its organisation's
            point, org_reason = org_points[id(node.org)]
            where = "organisation"
            if point is None:
                inherited = True
                reason = (
                    _("no coordinates of its own, nor its organisation ({reason})").format(
                        reason=org_reason
                    )
                    if org_reason
                    else _("no coordinates of its own, nor its organisation")
                )
        properties = _properties(node, root)
        if point is None:
            properties["coordinates_problem"] = reason
            found.unlocated.append(Unlocated(node, reason, inherited))
            geometry = None
        else:
            properties["coordinates_from"] = where
            found.located[node.kind] += 1
            geometry = {"type": "Point", "coordinates": [point.longitude, point.latitude]}
        found.features.append(
            {"type": "Feature", "id": node.id, "geometry": geometry, "properties": properties}
        )
    return found


# ---------------------------------------------------------------- writing


@dataclass
class Exported:
    """What ``stemeco assets export`` wrote."""

    format: str
    paths: list[Path]
    organisations: int
    programs: int
    kumu: KumuSheets | None = None
    geo: GeoMap | None = None


def _targets(root: Path, fmt: str, output: Path | None) -> list[Path]:
    from stemeco.documents.export import FOLDER

    if fmt == "kumu":
        folder = root / FOLDER if output is None else output
        if folder.exists() and not folder.is_dir():
            raise UsageError(
                _("--output {path} is a file; the Kumu export is two files").format(path=output),
                hint=_("name a folder (it is made when missing)"),
            )
        return [folder / ELEMENTS_FILE, folder / CONNECTIONS_FILE]
    if output is None:
        return [root / FOLDER / GEOJSON_FILE]
    if output.is_dir():
        return [output / GEOJSON_FILE]
    if output.parent.exists() and not output.parent.is_dir():
        raise UsageError(
            _("--output {path}: {folder} is not a folder").format(path=output, folder=output.parent)
        )
    return [output]


@writes
def export_assets(root: Path, fmt: str, output: Path | None = None) -> Exported:
    """Write the asset map for Kumu (two CSV files) or as GeoJSON; nothing on an error.

    Default place: ``exports/`` in the project, which git ignores (as for
    ``stemeco export``); ``output`` is a folder for Kumu, a file (or a folder) for
    GeoJSON.
    """
    from stemeco.documents.export import FOLDER, ignored_folder
    from stemeco.storage.files import atomic_write_many

    if fmt not in FORMATS:
        raise UsageError(
            _("no format '{format}'").format(format=fmt),
            hint=_("use --format kumu or --format geojson"),
        )
    targets = _targets(root, fmt, output)
    orgs = load_assets(root)
    if not orgs:
        raise UsageError(
            _("the asset map is empty: nothing to export"),
            hint=_("add organisations with stemeco assets import FILE.csv or stemeco assets add"),
        )
    programs = sum(len(o.programs) for o in orgs)
    done = Exported(fmt, targets, len(orgs), programs)
    if fmt == "kumu":
        done.kumu = kumu_sheets(orgs, root)
        texts = [
            csv_text(ELEMENT_COLUMNS, done.kumu.elements),
            csv_text(CONNECTION_COLUMNS, done.kumu.connections),
        ]
    else:
        done.geo = geo_map(orgs, root)
        texts = [done.geo.text()]
    if output is None:
        ignored_folder(root / FOLDER)
    atomic_write_many(list(zip(targets, texts, strict=True)))
    return done
