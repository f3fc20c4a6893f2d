"""The thriving self-assessment (milestone 5), repeated in dated rounds.

Each respondent rates the guide's eleven indicators of a healthy, growing
ecosystem on a four-level scale, with evidence. One file per respondent per
round, ``assessments/<round date>/<respondent-slug>.yaml``, so that several
people answering in parallel never edit the same file. A round is the set of
files in one dated folder. Reads use PyYAML only.

**Saved as given.** ``stemeco assess`` writes the respondent's file after every
rating and every piece of evidence, so Ctrl-C loses nothing. Until every
indicator is rated the file says ``complete: false``; running ``stemeco assess``
again for the same round and respondent resumes at the first indicator not
rated, and the last rating removes the mark. An unfinished response is valid
(its ratings are checked, the missing ones are not asked for) but it does not
count: averages, changes and disagreements use complete responses only, a
round holding only unfinished responses is not yet a round, and the report
names the unfinished ones.

**Levels.** An average is read as a level by a threshold rule: Thriving from
3.5, Developing from 2.5, Emerging from 1.5, Not yet below 1.5 (at least half
way to a level counts as that level). The rule is applied to the average as
shown, to one decimal, so that the level always agrees with the number
printed beside it (2.45 is shown as 2.5 and so is Developing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stemeco.errors import Problem, ProjectFileError, UsageError, ValidationFailed
from stemeco.i18n import N_, _, ngettext
from stemeco.storage.lock import writes
from stemeco.storage.read import read_yaml_with_lines
from stemeco.storage.records import refuse
from stemeco.text import parse_date, slugify

if TYPE_CHECKING:
    from stemeco.project.folder import Project

FOLDER = "assessments"

#: The guide's indicators of a thriving ecosystem: id -> (short name, statement rated).
THRIVING: dict[str, tuple[str, str]] = {
    "champion": (
        N_("A visible champion"),
        N_(
            "A respected, well-known leader champions the ecosystem and wins money and "
            "programs for it."
        ),
    ),
    "prek12": (
        N_("PreK-12 schools engaged"),
        N_("The PreK-12 school system takes an active part in the ecosystem."),
    ),
    "out_of_school": (
        N_("Out-of-school programs engaged"),
        N_("After-school, expanded learning and youth development programs take an active part."),
    ),
    "stem_rich": (
        N_("STEM-rich institutions engaged"),
        N_("Museums, science centres, libraries and similar institutions take an active part."),
    ),
    "post_secondary": (
        N_("Post-secondary engaged"),
        N_("Colleges, universities and technical training take an active part."),
    ),
    "backbone": (
        N_("A backbone organisation"),
        N_(
            "A backbone organisation finds partners, runs communication among them and "
            "coordinates meetings and events."
        ),
    ),
    "leadership_team": (
        N_("A small representative leadership team"),
        N_("A compact leadership team, drawn from every stakeholder group, steers the work."),
    ),
    "governance": (
        N_("A clear governance structure"),
        N_("Members agreed on how the ecosystem is governed, and that structure serves them well."),
    ),
    "mission": (
        N_("A shared mission"),
        N_("The mission is clearly written, and every stakeholder understands and supports it."),
    ),
    "strengths_needs": (
        N_("Community strengths and needs in the plan"),
        N_(
            "The community's STEM strengths and needs are known and shape the goals and "
            "action plan."
        ),
    ),
    "connected_learning": (
        N_("School and out-of-school learning connected"),
        N_(
            "STEM learning in PreK-12 schools is linked with out-of-school programs held elsewhere."
        ),
    ),
}

SCALE: dict[int, str] = {
    1: N_("Not yet"),
    2: N_("Emerging"),
    3: N_("Developing"),
    4: N_("Thriving"),
}
SCALE_HELP: dict[int, str] = {
    1: N_("nothing in place yet"),
    2: N_("first steps, depends on a few people"),
    3: N_("in place and working, not yet everywhere"),
    4: N_("strong, shared and lasting"),
}
DISAGREEMENT = 2  # a spread of this many levels or more between respondents
#: The least average (as shown, to one decimal) that reaches each level.
THRESHOLDS: dict[int, float] = {4: 3.5, 3: 2.5, 2: 1.5, 1: 0.0}


def thriving(ident: str) -> tuple[str, str]:
    """An indicator's short name and statement in the project's language."""
    name, statement = THRIVING[ident]
    return _(name), _(statement)


def scale() -> dict[int, str]:
    """The levels' names in the project's language."""
    return {level: _(name) for level, name in SCALE.items()}


def scale_help() -> dict[int, str]:
    """What each level means, in the project's language."""
    return {level: _(meaning) for level, meaning in SCALE_HELP.items()}


def level_of(average: float) -> str:
    """The level an average reaches (module docstring: the threshold rule)."""
    shown = float(f"{average:.1f}")
    return next(_(SCALE[level]) for level, least in THRESHOLDS.items() if shown >= least)


@dataclass(frozen=True)
class Rating:
    rating: int
    evidence: str = ""


@dataclass(frozen=True)
class Response:
    round: str
    respondent: str
    ratings: dict[str, Rating]
    path: Path
    complete: bool = True

    @property
    def unrated(self) -> list[str]:
        return [ident for ident in THRIVING if ident not in self.ratings]


@dataclass
class IndicatorSummary:
    id: str
    name: str
    ratings: list[int]
    previous: float | None = None

    @property
    def average(self) -> float | None:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None

    @property
    def spread(self) -> int:
        return max(self.ratings) - min(self.ratings) if self.ratings else 0

    @property
    def disagreement(self) -> bool:
        return self.spread >= DISAGREEMENT

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous is None:
            return None
        return self.average - self.previous


@dataclass
class RoundReport:
    round: str
    respondents: list[str]
    indicators: list[IndicatorSummary]
    previous_round: str | None = None
    evidence: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: Responses of this round not finished yet: (respondent, how many indicators rated).
    unfinished: list[tuple[str, int]] = field(default_factory=list)

    @property
    def average(self) -> float | None:
        values = [i.average for i in self.indicators if i.average is not None]
        return sum(values) / len(values) if values else None

    @property
    def previous_average(self) -> float | None:
        values = [i.previous for i in self.indicators if i.previous is not None]
        return sum(values) / len(values) if values else None

    @property
    def disagreements(self) -> list[IndicatorSummary]:
        return [i for i in self.indicators if i.disagreement]


# --------------------------------------------------------------------------- checking


def check_answers(
    given: Any,
    lines: Mapping[tuple[str | int, ...], int] | None = None,
    *,
    prefix: str = "",
    partial: bool = False,
) -> tuple[dict[str, Rating], list[Problem]]:
    """Validate a mapping of indicator id -> {rating, evidence} (or a bare rating).

    ``lines`` (key path -> line, below ``prefix``) places each problem on its line;
    ``partial`` (an unfinished response) lets indicators be missing.
    """
    problems: list[Problem] = []
    lines = lines or {}
    top = (prefix,) if prefix else ()

    def bad(key: str, where: str, message: str) -> None:
        line = lines.get((*top, key), lines.get(top))
        problems.append(Problem(message, f"{prefix}.{where}" if prefix else where, line))

    if partial and given is None:
        return {}, []
    if not isinstance(given, Mapping):
        return {}, [
            Problem(
                _("expected a mapping of indicator id to rating and evidence"),
                prefix,
                lines.get(top, 1),
            )
        ]
    out: dict[str, Rating] = {}
    for key in given:
        if key not in THRIVING:
            bad(
                str(key),
                str(key),
                _("not an indicator; use {ids}").format(ids=", ".join(THRIVING)),
            )
    for ident in THRIVING:
        if ident not in given:
            if not partial:
                bad(ident, ident, _("missing; rate every indicator"))
            continue
        item = given[ident]
        raw, evidence = (
            (item.get("rating"), item.get("evidence"))
            if isinstance(item, Mapping)
            else (item, None)
        )
        rating = _rating(raw)
        if rating is None:
            levels = ", ".join(f"{k} {v}" for k, v in scale().items())
            message = (
                _("{value} is not a level 1-4 ({levels})")
                if raw is not None
                else _("no rating: give a level 1-4 ({levels})")
            )
            bad(ident, f"{ident}.rating", message.format(value=raw, levels=levels))
            continue
        if evidence is not None and not isinstance(evidence, str):
            bad(ident, f"{ident}.evidence", _("must be text"))
            continue
        out[ident] = Rating(rating, (evidence or "").strip())
    return out, problems


def ratings_from_file(path: Path) -> dict[str, Rating]:
    """Read ``--answers FILE``: every indicator rated, or ValidationFailed naming each problem."""
    from stemeco.studios.engine import load_answers_file

    given = load_answers_file(path)
    ratings, problems = check_answers(given)
    if problems:
        raise ValidationFailed(
            [p.at(path) for p in problems],
            summary=ngettext(
                "{file}: {count} problem; nothing was saved",
                "{file}: {count} problems; nothing was saved",
                len(problems),
            ).format(file=path, count=len(problems)),
            hint=_("rate each indicator 1-4: {ids}").format(ids=", ".join(THRIVING)),
        )
    return ratings


def _rating(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw in SCALE else None
    if isinstance(raw, str):
        text = raw.strip()
        if text.isdigit() and int(text) in SCALE:
            return int(text)
        for level, name in SCALE.items():
            if text.casefold() in (name.casefold(), _(name).casefold()):
                return level
    return None


def response_path(project: Project, round_date: str, respondent: str) -> Path:
    slug = slugify(respondent, limit=48)
    if not slug:
        raise UsageError(
            _("the respondent name {name} has no letters or digits").format(name=repr(respondent)),
            hint=_("use a name"),
        )
    return project.path(FOLDER, round_date, f"{slug}.yaml")


@writes
def save_response(
    project: Project,
    round_date: str,
    respondent: str,
    ratings: Mapping[str, Rating],
    *,
    replace: bool = False,
    complete: bool = True,
) -> Path:
    """Write one respondent's answers for one round, atomically, in one file.

    ``complete=False`` marks the response unfinished (module docstring); an
    unfinished response of the same respondent is continued without ``replace``.
    Comments written by hand in the file are kept.
    """
    respondent = respondent.strip()
    if not respondent or "\n" in respondent:
        raise UsageError(_("--respondent needs a one-line name"))
    if parse_date(round_date) is None:
        raise UsageError(
            _("--round '{round}' is not a date").format(round=round_date),
            hint=_("write it as YYYY-MM-DD"),
        )
    path = response_path(project, round_date, respondent)
    if path.exists() and not replace and not is_unfinished(path):
        raise UsageError(
            _("{file} exists: {name} already answered round {round}").format(
                file=path.relative_to(project.root).as_posix(), name=respondent, round=round_date
            ),
            hint=_("pass --replace to overwrite it"),
        )
    from ruamel.yaml.comments import CommentedMap

    from stemeco.storage.roundtrip import edit_yaml, to_yaml_value

    header = (
        f"Thriving self-assessment, round {round_date}, answers of {respondent}.\n"
        "Levels: " + ", ".join(f"{k} {v.lower()}" for k, v in SCALE.items()) + "."
    )
    with edit_yaml(path, header=header) as doc:
        if not isinstance(doc, CommentedMap):
            raise ProjectFileError(path, _("expected a mapping with 'respondent' and 'ratings'"))
        for position, (key, value) in enumerate(
            (("round", round_date), ("respondent", respondent))
        ):
            if key in doc:
                doc[key] = to_yaml_value(value)
            else:
                doc.insert(position, key, to_yaml_value(value))
        if complete:
            doc.pop("complete", None)
        elif "complete" not in doc:
            doc.insert(2, "complete", False)
            doc.yaml_add_eol_comment(
                f"unfinished: {resume_command(round_date, respondent)} finishes it", "complete"
            )
        old = doc.get("ratings")
        given = CommentedMap()
        for ident in THRIVING:
            if ident not in ratings:
                continue
            rating = ratings[ident]
            item = old.get(ident) if isinstance(old, CommentedMap) else None
            if not isinstance(item, CommentedMap):
                item = CommentedMap()
            item["rating"] = rating.rating
            if rating.evidence:
                item["evidence"] = to_yaml_value(rating.evidence)
            else:
                item.pop("evidence", None)
            given[ident] = item
        if isinstance(old, CommentedMap):
            for ident in list(old):
                if ident not in given:
                    del old[ident]
            for ident, item in given.items():
                old[ident] = item
        else:
            doc["ratings"] = given
    return path


def resume_command(round_date: str, respondent: str) -> str:
    """The command that continues (or finishes) this respondent's answers."""
    import shlex

    return f"stemeco assess --round {round_date} --respondent {shlex.quote(respondent)}"


def is_unfinished(path: Path) -> bool:
    """Does this response file say ``complete: false``? (a broken file: no)"""
    from stemeco.storage.read import read_yaml

    try:
        data = read_yaml(path)
    except ProjectFileError:
        return False
    return isinstance(data, dict) and data.get("complete") is False


def saved_response(project: Project, round_date: str, respondent: str) -> Response | None:
    """The response this respondent saved for the round, if any (to resume or replace)."""
    path = response_path(project, round_date, respondent)
    if not path.exists():
        return None
    response, problems = read_response(path)
    if response is None:
        refuse(path, problems)
    return response


# --------------------------------------------------------------------------- reading


def rounds(project: Project) -> list[str]:
    """The dated rounds holding at least one complete response, oldest first."""
    folder = project.root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_dir()
        and parse_date(p.name) is not None
        and any(not is_unfinished(f) for f in p.glob("*.yaml"))
    )


def unfinished_responses(project: Project) -> list[Response]:
    """Every response saved with ``complete: false``, by round then respondent."""
    folder = project.root / FOLDER
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*/*.yaml")):
        if parse_date(path.parent.name) is not None and is_unfinished(path):
            response, _problems = read_response(path)
            if response is not None:
                out.append(response)
    return out


def read_response(path: Path) -> tuple[Response | None, list[Problem]]:
    data, lines = read_yaml_with_lines(path)
    if not isinstance(data, dict):
        return None, [Problem(_("expected a mapping with 'respondent' and 'ratings'"), line=1)]
    respondent = data.get("respondent")
    if not isinstance(respondent, str) or not respondent.strip():
        return None, [Problem(_("must be a name"), "respondent", lines.get(("respondent",), 1))]
    complete = data.get("complete", True)
    if not isinstance(complete, bool):
        return None, [
            Problem(
                _("must be false while unfinished (or left out)"),
                "complete",
                lines.get(("complete",), 1),
            )
        ]
    ratings, problems = check_answers(
        data.get("ratings"), lines, prefix="ratings", partial=not complete
    )
    if problems:
        return None, problems
    return Response(path.parent.name, respondent, ratings, path, complete), []


def read_round(project: Project, round_date: str) -> list[Response]:
    folder = project.root / FOLDER / round_date
    out = []
    for path in sorted(folder.glob("*.yaml")):
        response, problems = read_response(path)
        if response is None:
            refuse(path, problems)
        out.append(response)
    return out


def round_report(project: Project, round_date: str | None = None) -> RoundReport | None:
    """The summary of one round (default the latest) compared with the round before."""
    known = rounds(project)
    waiting = [r for r in unfinished_responses(project) if r.round == round_date]
    if not known and not waiting:
        return None
    if round_date is None:
        round_date = known[-1]
    elif round_date not in known:
        if waiting:
            pending = "; ".join(
                f"{r.respondent} ({resume_command(r.round, r.respondent)})" for r in waiting
            )
            raise UsageError(
                _("round {round} has no complete response yet").format(round=round_date),
                hint=_("unfinished: {responses}").format(responses=pending),
            )
        raise UsageError(
            _("no self-assessment round {round}").format(round=round_date),
            hint=_("the rounds are: {rounds}").format(rounds=", ".join(known)),
        )
    everyone = read_round(project, round_date)
    responses = [r for r in everyone if r.complete]
    unfinished = [(r.respondent, len(r.ratings)) for r in everyone if not r.complete]
    index = known.index(round_date)
    previous_round = known[index - 1] if index > 0 else None
    before = (
        [r for r in read_round(project, previous_round) if r.complete] if previous_round else []
    )
    summaries = []
    evidence: dict[str, list[tuple[str, str]]] = {}
    for ident in THRIVING:
        name = thriving(ident)[0]
        ratings = [r.ratings[ident].rating for r in responses if ident in r.ratings]
        old = [r.ratings[ident].rating for r in before if ident in r.ratings]
        summaries.append(
            IndicatorSummary(ident, name, ratings, sum(old) / len(old) if old else None)
        )
        evidence[ident] = [
            (r.respondent, r.ratings[ident].evidence)
            for r in responses
            if ident in r.ratings and r.ratings[ident].evidence
        ]
    return RoundReport(
        round_date,
        [r.respondent for r in responses],
        summaries,
        previous_round,
        evidence,
        unfinished,
    )


def as_context(report: RoundReport | None) -> dict[str, Any] | None:
    """Plain values for templates."""
    if report is None:
        return None
    return {
        "round": report.round,
        "previous_round": report.previous_round,
        "respondents": report.respondents,
        "average": report.average,
        "previous_average": report.previous_average,
        "indicators": [
            {
                "id": i.id,
                "name": i.name,
                "average": i.average,
                "previous": i.previous,
                "change": i.change,
                "spread": i.spread,
                "disagreement": i.disagreement,
                "level": level_of(i.average) if i.average is not None else None,
            }
            for i in report.indicators
        ],
        "disagreements": [i.name for i in report.disagreements],
    }
