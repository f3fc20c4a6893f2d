"""Suggesting an organisation's sector, stages and pillars from its own text.

``stemeco assets review`` shows these suggestions, each with the words that made
it, for a person to accept or change. The rules are data (:data:`RULES`): a few
phrases and what they suggest. Grade and age ranges ("Grades 6-8", "ages 6-18",
"K-12") are read by :func:`ranges`.

Where the words are found counts:

- the roster's own categories weigh most (3): a column whose header says type,
  category, sector or group; a Yes column of a Yes/No sheet (its header is the
  category); the roster's value an import could not map (kept in the record's
  ``review_reason`` as ``unknown sector '...'``);
- the organisation's name (and its aliases) next (2);
- its description, other columns and its programs least (1).

A rule's sector counts wherever its words are found, by that weight; the sector
with the most weight is suggested (a tie goes to the stronger single place, then
the longer words). A rule that names a sector gives its stages and pillars only
when found in the name or a category; a rule that names no sector (stages and
pillars only) counts anywhere. ``anywhere=False`` rules count only in the name
and the categories.

In a phrase, a space matches spaces, a dash, a slash or nothing ("after school"
finds "afterschool", "after-school" and "After/School"); phrases are otherwise
regular expressions, matched as whole words in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from stemeco.community.assets import ASSET_STAGES, ORG_KEYS, TAIL_KEYS, Organisation
from stemeco.i18n import N_, _
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS

CATEGORY, NAME, TEXT = 3, 2, 1
ENOUGH = 2  # the weight a sector needs to be suggested


@dataclass(frozen=True)
class Rule:
    words: str  # phrases separated by "|"
    sector: str | None = None
    stages: str = ""  # stage ids separated by spaces
    pillars: str = ""  # pillar ids separated by spaces
    anywhere: bool = True


E, M, H = "elementary", "middle", "high_school"

RULES: tuple[Rule, ...] = (
    # ------------------------------------------------ PreK-12 schools and districts
    Rule(
        "school district|district school|schools district|unified school district"
        "|county office of education|office of education|board of education|school board"
        "|distrito escolar",
        "prek12",
        f"{E} {M} {H}",
        "systems",
    ),
    Rule("unified|charter schools?|public schools?|schools?|escuela", "prek12", anywhere=False),
    Rule("elementary schools?|primary schools?|primaria", "prek12", E, anywhere=False),
    Rule("middle schools?|junior high|secundaria", "prek12", M, anywhere=False),
    Rule("high schools?|secondary schools?|bachillerato|preparatoria", "prek12", H, anywhere=False),
    Rule(
        "pre ?schools?|pre-?k|nursery schools?|head start|early learning cent(er|re)s?"
        "|child ?care cent(er|re)s?|day ?care|kindergartens?|preescolar",
        "prek12",
        "early_childhood",
        anywhere=False,
    ),
    # ------------------------------------------------ STEM-rich institutions
    Rule(
        "museums?|science cent(er|re)s?|discovery cent(er|re)s?|nature cent(er|re)s?"
        "|planetarium|aquarium|zoos?|botanic(al)? gardens?|arboretum|observatory"
        "|exploratorium|science park|museo",
        "stem_rich",
        pillars="teaching_learning",
    ),
    Rule("children'?s (discovery )?museum", "stem_rich", "early_childhood elementary family"),
    Rule("librar(y|ies)|biblioteca", "stem_rich", "family", "teaching_learning"),
    Rule("gardens?|farms?", "stem_rich", pillars="teaching_learning", anywhere=False),
    # ------------------------------------------------ colleges, universities, training
    Rule(
        "universit(y|ies)|colleges?|community colleges?|polytechnic|institute of technology"
        "|graduate school|school of education|extended studies|universidad"
        "|uc san diego|ucsd|sdsu|csusm|cal state|state university",
        "post_secondary",
        "post_secondary",
        "teaching_learning",
    ),
    Rule("certificates?|credentials?", "post_secondary", "post_secondary", anywhere=False),
    Rule(
        "technical (college|training|institute)|trade schools?|vocational|training institute",
        "post_secondary",
        "post_secondary employment",
        "workforce",
    ),
    # ------------------------------------------------ business and industry
    Rule(
        "chamber of commerce|economic development|employers? (association|council)"
        "|workforce (development )?board",
        "business",
        "employment",
        "workforce partnerships",
    ),
    Rule(
        "business(es)?|industry|industries|corporation|corp|incorporated|llc|ltd"
        "|company|companies|pharmaceuticals?|biotech|manufactur(er|ers|ing)",
        "business",
    ),
    Rule("curriculum (provider|company)", "business", pillars="teaching_learning"),
    Rule(
        "professional,? trade|trade associations?|professional associations?"
        "|professional societ(y|ies)|society of (\\w+ )?engineers|engineers? (society|association)",
        "business",
        pillars="workforce",
    ),
    # ------------------------------------------------ government and funders
    Rule("foundation", "government", pillars="partnerships", anywhere=False),
    Rule(
        "philanthrop(y|ic)|grantmak(er|ers|ing)|funders?|endowment",
        "government",
        pillars="partnerships",
    ),
    Rule(
        "government|city of|county of|municipal(ity)?|ministry|public agency|agency"
        "|authority|water district|conservation district|advocacy",
        "government",
        pillars="systems",
    ),
    Rule(
        "conservancy|river park|regional park|parks (and|&) recreation",
        "government",
        anywhere=False,
    ),
    # ------------------------------------------------ community organisations
    Rule(
        "community based|community organi[sz]ations?|cbos?|community cent(er|re)s?"
        "|neighbo(u)?rhood associations?|faith based|church(es)?|rotary|kiwanis|lions club"
        "|youth organizing|advisory groups?",
        "community",
        pillars="partnerships",
    ),
    # ------------------------------------------------ out-of-school programs
    Rule(
        "after school|out of school|ost|summer camps?|day camps?|camps?|clubs?|tutoring"
        "|enrichment|scouts?|boys (and|&) girls clubs?|ymca|ywca|4-h|maker ?spaces?",
        "out_of_school",
        pillars="teaching_learning",
    ),
    Rule(
        "robotics|coding|coders?|code|programmers|makers|stem (academy|club|circle|lab)",
        "out_of_school",
        pillars="teaching_learning",
        anywhere=False,
    ),
    # ------------------------------------------------ youth and families
    Rule(
        "parent teacher (association|organi[sz]ation)|pta|pto"
        "|parents? (groups?|associations?|councils?)|youth (councils?|commissions?)"
        "|student councils?",
        "youth_families",
        "family",
        "partnerships",
    ),
    # ------------------------------------------------ stages, anywhere
    Rule(
        "pre-?k|prekindergarten|pre ?school(ers|s)?|early (learning|childhood|education|learners)"
        "|toddlers?|infants?|babies|head start|nursery|child ?care|preescolar",
        stages="early_childhood",
    ),
    Rule(
        "elementary|primary grades|grade school|kindergarten|tk|young children|children|kids",
        stages=E,
    ),
    Rule("middle (school|schools|schoolers|grades)|junior high|tweens?|secundaria", stages=M),
    Rule(
        "high (school|schools|schoolers)|secondary students|teens?|teenagers?|adolescents?"
        "|pre-college|bachillerato|preparatoria",
        stages=H,
    ),
    Rule(
        "undergraduates?|graduate students?|college students?|university students?"
        "|community colleges?|post ?secondary|higher education",
        stages="post_secondary",
    ),
    Rule(
        "adults?|adult learners|job seekers|workforce (development|training)|job training"
        "|apprentices?|apprenticeships?|career changers?|veterans",
        stages="employment",
    ),
    Rule("famil(y|ies)|parents|caregivers|familias", stages="family"),
    # ------------------------------------------------ pillars, anywhere
    Rule(
        "curricul(um|a|ar)|classrooms?|lessons?|hands on|stem (education|learning|programs?)"
        "|steam|workshops?|field trips?|tutoring|professional development|teacher training"
        "|teachers?|educators?|robotics|coding|programming|computer science|science fairs?"
        "|after school|camps?",
        pillars="teaching_learning",
    ),
    Rule(
        "careers?|workforce|internships?|interns|apprenticeships?|jobs"
        "|job (training|shadow(ing)?|skills|placement|fairs?)|employment|work based learning"
        "|pathways?|industry (certifications?|credentials?)",
        pillars="workforce",
    ),
    Rule(
        "partners?|partnerships?|partnering|collaborat(e|es|ion|ions|ive)|networks?"
        "|coalitions?|alliances?|volunteer(s|ing)?|grants?|funding|philanthrop(y|ic)"
        "|donations?|sponsors?|sponsorships?|collective impact",
        pillars="partnerships",
    ),
    Rule(
        "polic(y|ies)|advocacy|advocates?|governance|legislat(ion|ive|ors?)|systems? change"
        "|school districts?",
        pillars="systems",
    ),
    Rule(
        "evaluation|evaluat(e|es|ing)|assessments?|data (collection|analysis|sharing|systems?)"
        "|metrics|indicators|outcomes|measur(e|es|ing|ement|ements)|impact (study|studies|report)",
        pillars="measurement",
    ),
)

# ---------------------------------------------------------------- grade and age ranges

GRADE_STAGES = ((-1, "early_childhood"), (5, E), (8, M), (12, H))  # up to grade N: stage
_DASH = r"\s*(?:-|to|through|thru)\s*"
_ORD = r"(?:st|nd|rd|th)?"
_GRADE = r"(pre-?k|tk|k|\d{1,2})"
GRADE_PATTERNS = (
    re.compile(rf"\b(pre-?k|tk|k){_DASH}(\d{{1,2}})\b", re.I),  # K-12, PreK-8, TK to 5
    re.compile(
        rf"\bgrades?\s+{_GRADE}{_ORD}(?:(?:{_DASH}|\s*(?:and|&)\s*){_GRADE}{_ORD})?\b", re.I
    ),
    re.compile(
        rf"\b(\d{{1,2}}){_ORD}(?:(?:{_DASH}|\s*(?:and|&)\s*)(\d{{1,2}}){_ORD})?\s*grades?\b", re.I
    ),
)
AGE_RANGE = (
    re.compile(rf"\bages?\s+(\d{{1,2}}){_DASH}(\d{{1,2}})\b", re.I),
    re.compile(rf"\b(\d{{1,2}}){_DASH}(\d{{1,2}})[\s-]*(?:years?|yrs?)[\s-]*olds?\b", re.I),
)
AGE_UP = re.compile(r"\bages?\s+(\d{1,2})\s*(?:\+|and (?:up|over|older)|or older)", re.I)


def _grade(token: str) -> int | None:
    token = token.lower().replace("-", "")
    if token == "prek":
        return -1
    if token in ("k", "tk"):
        return 0
    number = int(token)
    return number if number <= 12 else None


def grade_stages(low: int, high: int) -> list[str]:
    """The stages of grades ``low`` to ``high`` (-1 PreK, 0 kindergarten, 1-12)."""
    found = []
    start = -2
    for top, stage in GRADE_STAGES:
        if low <= top and high > start:
            found.append(stage)
        start = top
    return found


def age_stages(low: int, high: int) -> list[str]:
    """The stages of ages ``low`` to ``high``: 0-4 early childhood, 5-10 elementary, 11-13
    middle, 14-17 high school (18 too when the range starts younger), 18-24 post-secondary,
    25 and over employment."""
    bands = [
        (0, 4, "early_childhood"),
        (5, 10, E),
        (11, 13, M),
        (14, 18 if low < 18 else 17, H),
        (18 if low >= 18 else 19, 24, "post_secondary"),
        (25, 200, "employment"),
    ]
    return [stage for start, end, stage in bands if low <= end and high >= start]


def ranges(text: str) -> list[tuple[int, int, list[str]]]:
    """The grade and age ranges in ``text`` (:func:`normalise` d): where each is (start,
    end) and the stages it covers. A range inside a longer one ("K-5" in "Grades K-5")
    is read once."""
    found: list[tuple[int, int, list[str]]] = []
    for pattern in GRADE_PATTERNS:
        for match in pattern.finditer(text):
            low, high = _grade(match.group(1)), _grade(match.group(2) or match.group(1))
            if low is not None and high is not None and low <= high:
                found.append((match.start(), match.end(), grade_stages(low, high)))
    for pattern in AGE_RANGE:
        for match in pattern.finditer(text):
            low, high = int(match.group(1)), int(match.group(2))
            if low <= high:
                found.append((match.start(), match.end(), age_stages(low, high)))
    for match in AGE_UP.finditer(text):
        low = int(match.group(1))
        found.append((match.start(), match.end(), age_stages(low, 18 if low < 18 else 200)))
    return [
        (start, end, stages)
        for start, end, stages in found
        if not any(s <= start and end <= e and e - s > end - start for s, e, _ in found)
    ]


# ---------------------------------------------------------------- matching


@cache
def _compiled() -> list[tuple[Rule, re.Pattern[str]]]:
    out = []
    for rule in RULES:
        phrases = [p.strip().replace(" ", r"[\s\-/]*") for p in rule.words.split("|")]
        out.append((rule, re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)", re.I)))
    return out


_SAME_WIDTH = str.maketrans(
    {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"} | {"\u2019": "'", "\xa0": " "}
)


def normalise(text: str) -> str:
    """Dashes as '-', typographic apostrophes as "'": one character for one, so that a
    match's place is the same in the text as written."""
    return text.translate(_SAME_WIDTH)


#: Where words were found, as a reason says it: kind -> its frame (the words, and
#: the column, field or program they were in, stay as they are written).
PLACES: dict[str, str] = {
    "name": N_("'{words}' in name"),
    "alias": N_("'{words}' in an alias"),
    "column": N_("'{words}' in {column}"),
    "roster": N_("'{words}' in the roster's {column}"),
    "program": N_("'{words}' in program '{column}'"),
}


@dataclass(frozen=True)
class Where:
    """A place of a record that says what the organisation is: its kind (a key of
    :data:`PLACES`) and the column, field or program it is."""

    kind: str
    column: str = ""


@dataclass(frozen=True)
class Evidence:
    words: str  # as written
    where: Where

    def __str__(self) -> str:
        return _(PLACES[self.where.kind]).format(words=self.words, column=self.where.column)


@dataclass
class Suggestion:
    sector: str | None = None
    stages: list[str] = field(default_factory=list)
    pillars: list[str] = field(default_factory=list)
    #: (kind, value) -> the words that suggest it: ("sector", "stem_rich") -> [...]
    why: dict[tuple[str, str], list[Evidence]] = field(default_factory=dict)
    #: other sectors with some evidence, the most likely first
    other_sectors: list[str] = field(default_factory=list)

    def reasons(self, kind: str, value: str) -> list[Evidence]:
        return self.why.get((kind, value), [])


# Record keys that are not text about the organisation.
#: Keys of a record that are not text about what the organisation is.
NOT_TEXT = frozenset(
    {*ORG_KEYS, *TAIL_KEYS, "latitude", "longitude", "source_id", "id", "email", "phone"}
) - {"description"}
_CATEGORY_KEY = re.compile(r"type|categor|sector|kind|group|classification", re.I)
_YES = frozenset({"yes", "y", "true", "x", "1", "si", "sí", "✓", "✔"})
_NO = frozenset({"no", "n", "false", "0", "", "-"})
UNKNOWN = re.compile(r"unknown (\w+) '([^']*)'")


def sources(org: Organisation) -> list[tuple[Where, str, int]]:
    """The texts of an organisation that say what it is: (where, text, weight)."""
    found = [(Where("name"), org.name, NAME)]
    found += [(Where("alias"), alias, NAME) for alias in org.aliases]
    for key, value in org.data.items():
        key = str(key)
        if key in NOT_TEXT:
            continue
        found += _cells(key, value)
    for fld, value in UNKNOWN.findall(org.review_reason):
        found.append((Where("roster", fld), value, CATEGORY))
    for program in org.programs:
        where = Where("program", program.name)
        found.append((where, program.name, TEXT))
        for key, value in program.data.items():
            if key in ("type", "areas", "description", "stages", "audience"):
                found += [(where, text, TEXT) for _, text, _ in _cells(key, value)]
        reason = program.data.get("review_reason")
        if isinstance(reason, str):
            found += [(where, value, TEXT) for _, value in UNKNOWN.findall(reason)]
    return found


def _cells(key: str, value: Any) -> list[tuple[Where, str, int]]:
    """A column of a record as text: a Yes cell says its header; a No cell says nothing."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value if isinstance(v, str | int | float))
    if not isinstance(value, str):
        return []
    folded = value.strip().casefold()
    where = Where("column", key)
    if folded in _YES:
        return [(where, key.replace("_", " "), CATEGORY)]
    if folded in _NO:
        return []
    return [(where, value, CATEGORY if _CATEGORY_KEY.search(key) else TEXT)]


def matches(text: str, *, strong: bool) -> list[tuple[Rule, int, int]]:
    """The rules whose words are in ``text``, with where: (rule, start, end). Words inside
    longer words another rule found do not count ("School" in "Out-of-School")."""
    found = []
    for rule, pattern in _compiled():
        if rule.anywhere or strong:
            found += [(rule, m.start(), m.end()) for m in pattern.finditer(text)]
    return [
        (rule, start, end)
        for rule, start, end in found
        if not any(s <= start and end <= e and e - s > end - start for _, s, e in found)
    ]


def suggest(org: Organisation) -> Suggestion:
    """The sector, stages and pillars an organisation's own text suggests, with why.

    A sector is suggested when its weight reaches :data:`ENOUGH`: found once in the
    name or a category, or by two different words of the description (a description
    never weighs more than a name); weaker evidence only lists it among
    ``other_sectors``.
    """
    result = Suggestion()
    score: dict[str, int] = {}
    strongest: dict[str, int] = {}
    longest: dict[str, int] = {}
    votes: dict[tuple[Where, str], set[str]] = {}  # (where, sector) -> the words that voted

    def note(kind: str, value: str, evidence: Evidence) -> None:
        found = result.why.setdefault((kind, value), [])
        if all(e.words.casefold() != evidence.words.casefold() for e in found):
            found.append(evidence)

    for where, raw, weight in sources(org):
        text = normalise(raw)
        strong = weight >= NAME
        for rule, start, end in matches(text, strong=strong):
            evidence = Evidence(raw[start:end], where)
            if rule.sector is not None:
                note("sector", rule.sector, evidence)
                # a name or a category votes once; a description once per different word,
                # never more than a name does
                voted = votes.setdefault((where, rule.sector), set())
                word = "" if strong else evidence.words.casefold()
                if word not in voted and (strong or len(voted) < NAME):
                    voted.add(word)
                    score[rule.sector] = score.get(rule.sector, 0) + weight
                strongest[rule.sector] = max(strongest.get(rule.sector, 0), weight)
                longest[rule.sector] = max(longest.get(rule.sector, 0), end - start)
            if rule.sector is None or strong:
                for stage in rule.stages.split():
                    note("stage", stage, evidence)
                for pillar in rule.pillars.split():
                    note("pillar", pillar, evidence)
        for start, end, stages in ranges(text):
            for stage in stages:
                note("stage", stage, Evidence(raw[start:end].strip(), where))
    order = list(STAKEHOLDER_GROUPS)
    ranked = sorted(score, key=lambda s: (-score[s], -strongest[s], -longest[s], order.index(s)))
    if ranked and score[ranked[0]] >= ENOUGH:
        result.sector, ranked = ranked[0], ranked[1:]
    result.other_sectors = ranked
    result.stages = [s for s in ASSET_STAGES if ("stage", s) in result.why]
    result.pillars = [p for p in PILLARS if ("pillar", p) in result.why]
    return result
