"""Likely duplicate organisations: the same website, address or e-mail domain, or a like name.

One home for record-level duplicate detection, used by ``stemeco assets import``
(rows against each other and against the asset map) and by ``stemeco gaps``.

Each record yields *keys*: its website (scheme, ``www.``, the home page's path,
case ignored), its street address (case, punctuation and the usual
abbreviations ignored: Street is St, Avenue is Ave...), and the domains of its
e-mail addresses (public providers such as gmail.com left out). Records that
share a key are compared; so are records whose names look alike
(:class:`~stemeco.community.assets.NameIndex`, itself blocked). Nothing
compares all pairs: records meet only through a shared key or name block, so
20,000 organisations take about as long per record as 200.

A key that more than :data:`COMMON` records share is common, not evidence (a
district's e-mail domain shared by its schools, one building housing several
organisations), and is left out.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stemeco.community.assets import NameIndex
from stemeco.community.reasons import EVIDENCE, evidence_text

#: A key shared by more records than this is common (a district's e-mail domain).
COMMON = 4

#: E-mail providers anybody can use: the same one says nothing about the organisation.
PUBLIC_MAIL = frozenset(
    """
    aol.com att.net bellsouth.net charter.net comcast.net cox.net earthlink.net gmail.com
    gmx.com gmx.net googlemail.com hotmail.com icloud.com live.com mac.com mail.com me.com
    msn.com outlook.com proton.me protonmail.com sbcglobal.net verizon.net yahoo.com
    ymail.com zoho.com hotmail.co.uk yahoo.co.uk btinternet.com web.de t-online.de
    orange.fr free.fr laposte.net wanadoo.fr libero.it qq.com 163.com
    """.split()
)

#: Hosts where many organisations have their own page: only a page there is a website.
SHARED_HOSTS = frozenset(
    """
    facebook.com instagram.com twitter.com x.com linkedin.com youtube.com tiktok.com
    linktr.ee sites.google.com google.com eventbrite.com meetup.com wixsite.com
    wordpress.com blogspot.com squarespace.com github.io
    """.split()
)

#: The last part of a path that is only the home page.
_HOME_PAGES = frozenset({"index.html", "index.htm", "index.php", "default.aspx", "home", "en"})

#: Street words and their one spelling (USPS abbreviations, the common British ones).
_STREET_WORDS = {
    "street": "st",
    "str": "st",
    "avenue": "ave",
    "av": "ave",
    "road": "rd",
    "boulevard": "blvd",
    "drive": "dr",
    "lane": "ln",
    "court": "ct",
    "place": "pl",
    "square": "sq",
    "terrace": "ter",
    "parkway": "pkwy",
    "highway": "hwy",
    "circle": "cir",
    "way": "way",
    "trail": "trl",
    "suite": "ste",
    "unit": "ste",
    "room": "rm",
    "building": "bldg",
    "floor": "fl",
    "apartment": "apt",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "northeast": "ne",
    "northwest": "nw",
    "southeast": "se",
    "southwest": "sw",
    "mount": "mt",
    "saint": "st",
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
    "fourth": "4th",
    "fifth": "5th",
}
_PO_BOX = re.compile(r"\b(?:p\.?\s*o\.?|post\s+office)\s*box\b")
_ADDRESS_NOISE = re.compile(r"[^\w\s]")
_NUMBERED = re.compile(r"\b\d+[a-z]?\b")
_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(r"[\w.+'-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
_URL_SPLIT = re.compile(r"[\s;,|]+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_HOST = re.compile(r"[\w.-]+")
_WWW = re.compile(r"^www\d?\.")

# ---------------------------------------------------------------- keys


def website_key(text: str) -> str | None:
    """``https://www.Example.org/`` and ``example.org/index.html`` are ``example.org``;
    ``example.org/robotics`` stays a page of its own. None when it is no web address."""
    url = text.strip().casefold()
    if "://" in url:
        url = _SCHEME.sub("", url)
    host, _, rest = url.partition("/")
    if not host or "@" in host:
        return None  # an e-mail address, not a website
    host = _WWW.sub("", host.split(":", 1)[0].rstrip("."))
    if "." not in host or not _HOST.fullmatch(host):
        return None
    if not rest:
        return None if _shared(host) else host
    path, _, query = rest.split("#", 1)[0].partition("?")
    parts = [p for p in path.split("/") if p]
    if parts and parts[-1] in _HOME_PAGES:
        parts.pop()
    params = "&".join(p for p in query.split("&") if p and not p.startswith("utm_"))
    key = "/".join([host, *parts]) + (f"?{params}" if params else "")
    return None if key == host and _shared(host) else key


def _shared(host: str) -> bool:
    """``facebook.com`` (or ``m.facebook.com``) alone names nobody: many have a page there."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in SHARED_HOSTS for i in range(len(labels) - 1))


def address_key(text: str) -> str | None:
    """A street address compared loosely: ``1420 Marina Way, Suite 3`` is ``1420 Marina
    Way Ste. 3``. None for a place without a number (a city, "Countywide"), which many
    organisations share."""
    if not _DIGIT.search(text):
        return None
    folded = text.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _PO_BOX.sub(" pobox ", folded.replace("#", " ste "))
    words = [_STREET_WORDS.get(w, w) for w in _ADDRESS_NOISE.sub(" ", folded).split()]
    key = " ".join(words)
    return key if len(words) >= 2 and _NUMBERED.search(key) else None


def email_domains(text: str) -> list[str]:
    """The domains of the e-mail addresses in ``text``, public providers left out."""
    found = []
    for match in _EMAIL.finditer(text.casefold()):
        domain = match.group(1).rstrip(".")
        if domain not in PUBLIC_MAIL:
            found.append(domain)
    return list(dict.fromkeys(found))


#: The kinds of key, in the order a reason gives them ("same website example.org"; the
#: words of each are :data:`stemeco.community.reasons.EVIDENCE`).
KINDS = ("website", "address", "email")
#: The words of a field's name that say it holds each kind (``contact_email``).
_FIELD_WORDS = {
    "website": ("website", "url", "homepage", "web_site"),
    "address": ("location", "address"),
    "email": ("email", "e_mail", "mail"),
}


@functools.lru_cache(maxsize=4096)
def _kinds_of(name: str) -> tuple[str, ...]:
    """The kinds of key a field of this name holds (most hold none): asked once a name."""
    return tuple(kind for kind, words in _FIELD_WORDS.items() if any(w in name for w in words))


Key = tuple[str, str]  # (kind, key): ("website", "example.org")


def record_keys(data: Mapping[str, Any]) -> dict[Key, str]:
    """The keys of one record (the fields of an asset file, or of an imported row): its
    website(s), address(es) and e-mail domains, each with the text to show for it (an
    address as the record writes it). Fields are found by name: ``website``, ``url``...;
    ``location``, ``address``, ``street_address``...; ``email``, ``contact_email``..."""
    keys: dict[Key, str] = {}
    for name, value in data.items():
        if not isinstance(name, str) or not isinstance(value, str) or not value:
            continue
        for kind in _kinds_of(name):
            if kind == "website":
                for part in _URL_SPLIT.split(value):
                    key = website_key(part) if part else None
                    if key is not None:
                        keys.setdefault(("website", key), key)
            elif kind == "address":
                key = None if "@" in value else address_key(value)
                if key is not None:
                    keys.setdefault(("address", key), "'" + " ".join(value.split()) + "'")
            elif "@" in value:
                for domain in email_domains(value):
                    keys.setdefault(("email", domain), domain)
    if len(keys) < 2:
        return keys
    return {k: keys[k] for k in sorted(keys, key=lambda k: _ORDER[k[0]])}  # as KINDS


_ORDER = {kind: n for n, kind in enumerate(KINDS)}


def contact_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Only the fields :func:`record_keys` reads (to keep little of many records in memory)."""
    return {k: v for k, v in data.items() if isinstance(k, str) and _kinds_of(k)}


# ---------------------------------------------------------------- matching


@dataclass(slots=True)
class Record:
    """One organisation to compare: ``ref`` says which (a file, a row), for reports."""

    ref: object
    name: str
    keys: Mapping[Key, str] = field(default_factory=dict)  # see :func:`record_keys`


@dataclass
class Duplicate:
    """``record`` is likely the same organisation as the earlier ``other``, for ``reasons``
    (in English: an import writes them into the record's ``review_reason``)."""

    record: Record
    other: Record
    reasons: list[str] = field(default_factory=list)

    @property
    def why(self) -> str:
        return ", ".join(self.reasons)

    @property
    def said(self) -> str:
        """:attr:`why` in the project's language."""
        return evidence_text(self.why)


#: Evidence too weak to stand against a different website or address.
_WEAK = EVIDENCE["email"].split("{", 1)[0]


def _differ(a: Record, b: Record, kind: str) -> bool:
    """Both records name a ``kind`` (a website, an address) and share none."""
    ka = {k for k in a.keys if k[0] == kind}
    kb = {k for k in b.keys if k[0] == kind}
    return bool(ka) and bool(kb) and not ka & kb


def _drop_contradicted(
    record: Record, records: Sequence[Record], evidence: dict[int, list[str]]
) -> None:
    """Leave out the records that only share an e-mail domain and differ in website or address."""
    weak = [o for o, why in evidence.items() if all(w.startswith(_WEAK) for w in why)]
    for other in weak:
        if _differ(record, records[other], "website") or _differ(record, records[other], "address"):
            del evidence[other]


def find_duplicates(records: Sequence[Record], *, check_from: int = 0) -> list[Duplicate]:
    """Each record from ``check_from`` on that looks like an earlier record, with the earlier
    record that shares the most evidence (the first one on a tie) and every reason. An
    e-mail domain alone does not count when the two records give different websites or
    addresses (the schools of one district share its domain).

    Records before ``check_from`` (an asset map already checked) are only compared against.
    """
    counts: dict[Key, int] = {}
    for record in records:
        for key in record.keys:
            counts[key] = counts.get(key, 0) + 1
    seen: dict[Key, list[int]] = {}
    names = NameIndex()
    first_of_name: dict[str, int] = {}
    found: list[Duplicate] = []
    for at, record in enumerate(records):
        keys = [k for k in record.keys if counts[k] <= COMMON] if record.keys else []
        if at >= check_from:
            evidence: dict[int, list[str]] = {}
            for key in keys:
                for other in seen.get(key, ()):
                    shown = record.keys[key]
                    said = EVIDENCE[key[0]].format(key=shown)
                    evidence.setdefault(other, []).append(said)
            if record.name in first_of_name:
                evidence.setdefault(first_of_name[record.name], []).append(EVIDENCE["name"])
            else:
                alike = names.resembling(record.name)
                if alike is not None:
                    evidence.setdefault(first_of_name[alike], []).append(EVIDENCE["alike"])
            if evidence:
                _drop_contradicted(record, records, evidence)
            if evidence:
                best = min(evidence, key=lambda o: (-len(evidence[o]), o))
                found.append(Duplicate(record, records[best], evidence[best]))
        for key in keys:
            seen.setdefault(key, []).append(at)
        if record.name not in first_of_name:
            first_of_name[record.name] = at
            names.add(record.name)
    return found
