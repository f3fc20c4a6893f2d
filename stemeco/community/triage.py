"""Reviewing the asset map one organisation at a time (``stemeco assets review``).

The records that need a person (:attr:`Organisation.review_reasons`: flagged
``needs_review``, or no sector, stage or pillar yet) are walked in file order.
Each is shown with the sector, stages and pillars its own text suggests
(:mod:`stemeco.community.suggest`) and why; the person accepts, changes, skips,
or says it is the same organisation as another (the two are merged,
:func:`~stemeco.community.edits.merge_organisations`). Every decision is written
at once, under the project lock, so Ctrl-C keeps the decisions already made.

The walk talks to a person through an :class:`Asker` (the terminal's lives in
``stemeco.ui.review``); ``--answers FILE`` gives the same decisions from a YAML
file, every entry checked before anything is written (:func:`read_answers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from stemeco.community.assets import (
    ASSET_STAGES,
    NameIndex,
    Organisation,
    find_organisation,
    load_assets,
    read_organisation,
    vocabulary_ids,
)
from stemeco.community.edits import RecordChange, apply_change, merge_organisations
from stemeco.community.suggest import Suggestion, suggest
from stemeco.errors import Problem, ProjectFileError, UsageError, ValidationFailed
from stemeco.i18n import N_, _, ngettext
from stemeco.storage.lock import writes
from stemeco.storage.read import line_of, read_yaml_with_lines
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS

Action = Literal["accept", "change", "same", "skip", "stop"]
ANSWER_KEYS = ("accept", "sector", "stages", "pillars", "same_as", "skip")
#: How an entry of an answers file is written (translated where it is shown: ``_()``).
ANSWER_HELP = N_(
    "each entry is {accept: true}, {sector: ..., stages: [...], pillars: [...]} (with "
    "accept: true, the suggestion with these changes), {same_as: OTHER NAME} or {skip: true}"
)

#: Names a review note points at: "likely the same organisation as 'X'", "is it 'X'?"
QUOTED_NAME = re.compile(r"same organisation as '(.+?)'(?=;| \(|:|$)|is it '(.+?)'\?")


@dataclass(frozen=True)
class Proposal:
    """What accepting writes: what the record has, and the suggestion where it has nothing."""

    sector: str | None
    stages: list[str]
    pillars: list[str]


@dataclass(frozen=True)
class Decision:
    kind: Literal["set", "same", "skip"]
    sector: str | None = None
    stages: list[str] | None = None  # None: left as they are
    pillars: list[str] | None = None
    same_as: str = ""
    accepted: bool = False  # the suggestion, as proposed


@dataclass
class Card:
    """One organisation as the person sees it."""

    number: int
    total: int
    org: Organisation
    file: str
    reasons: list[str]
    suggestion: Suggestion
    proposal: Proposal
    candidates: list[tuple[str, str]]  # (name, why it may be the same)


@dataclass
class Outcome:
    name: str
    kind: Literal["accepted", "changed", "merged", "skipped"]
    changes: list[str] = field(default_factory=list)
    written: Path | None = None
    removed: Path | None = None
    into: str = ""

    @property
    def saved(self) -> bool:
        return self.kind != "skipped"


class Asker(Protocol):
    """The person reviewing: the terminal (``stemeco.ui.review``) or a test's script."""

    def show(self, card: Card) -> None: ...

    def action(self, card: Card) -> Action: ...

    def sector(self, card: Card) -> str: ...

    def stages(self, card: Card) -> list[str]: ...

    def pillars(self, card: Card) -> list[str]: ...

    def same_as(self, card: Card) -> str: ...

    def notify(self, message: str) -> None: ...

    def saved(self, outcome: Outcome) -> None: ...


# ---------------------------------------------------------------- what to show


def to_review(root: Path) -> list[Organisation]:
    """The organisations that need a person, in file order."""
    return [org for org in load_assets(root) if org.review_reasons]


def propose(org: Organisation, suggestion: Suggestion) -> Proposal:
    return Proposal(
        sector=org.sector or suggestion.sector,
        stages=org.stages if org.served_stages else suggestion.stages,
        pillars=org.pillars if org.served_pillars else suggestion.pillars,
    )


def _host(url: str) -> str:
    text = url.strip().lower()
    if not text:
        return ""
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    return host.removeprefix("www.")


def candidates(org: Organisation, orgs: list[Organisation]) -> list[tuple[str, str]]:
    """Organisations this one may repeat, with why: named in its review note, the same
    website, or a name alike; at most six."""
    index = NameIndex.of(o for o in orgs if o.path != org.path)
    found: dict[str, str] = {}
    for pair in QUOTED_NAME.findall(org.review_reason):
        named = index.find(pair[0] or pair[1])
        if named is not None:
            found.setdefault(named, _("named in its review note"))
    host = _host(org.website)
    if host:
        for each in orgs:
            if each.path != org.path and _host(each.website) == host:
                found.setdefault(each.name, _("same website ({host})").format(host=host))
    for alike in index.alike(org.name):
        found.setdefault(alike, _("a name alike"))
    return list(found.items())[:6]


def card_for(
    root: Path, org: Organisation, orgs: list[Organisation], number: int, total: int
) -> Card:
    suggestion = suggest(org)
    return Card(
        number=number,
        total=total,
        org=org,
        file=org.path.relative_to(root).as_posix(),
        reasons=org.review_reasons,
        suggestion=suggestion,
        proposal=propose(org, suggestion),
        candidates=candidates(org, orgs),
    )


# ---------------------------------------------------------------- deciding


@writes
def decide(root: Path, path: Path, decision: Decision) -> Outcome:
    """Write one decision about the organisation in ``path`` (read afresh, under the lock)."""
    org = read_organisation(path)
    if decision.kind == "skip":
        return Outcome(org.name, "skipped")
    if decision.kind == "same":
        merged = merge_organisations(root, decision.same_as, org.name)
        return Outcome(
            org.name,
            "merged",
            written=merged.keep.path,
            removed=org.path,
            into=merged.keep.name,
        )
    change = RecordChange(
        sector=decision.sector,
        stages=decision.stages,
        pillars=decision.pillars,
        reviewed=True,
    )
    said = apply_change(root, org.path, change)
    return Outcome(org.name, "accepted" if decision.accepted else "changed", said, written=org.path)


def walk(root: Path, asker: Asker, outcomes: list[Outcome]) -> None:
    """Ask about every organisation that needs review; each decision is saved as it is
    made and added to ``outcomes`` (so that whoever stops the walk can say what was kept)."""
    waiting = to_review(root)
    for number, first in enumerate(waiting, 1):
        if not first.path.exists():
            continue  # merged into another one meanwhile
        org = read_organisation(first.path)
        if not org.review_reasons:
            continue
        orgs = load_assets(root)
        card = card_for(root, org, orgs, number, len(waiting))
        asker.show(card)
        decision = _ask(card, orgs, asker)
        if decision is None:
            return
        outcome = decide(root, org.path, decision)
        outcomes.append(outcome)
        asker.saved(outcome)


def _ask(card: Card, orgs: list[Organisation], asker: Asker) -> Decision | None:
    """The person's decision about one card; None when they stop."""
    while True:
        action = asker.action(card)
        if action == "stop":
            return None
        if action == "skip":
            return Decision("skip")
        if action == "accept":
            if card.proposal.sector is None:
                asker.notify(_("There is no sector to accept: choose one (Change)."))
                continue
            proposal = card.proposal
            return Decision(
                "set", proposal.sector, proposal.stages, proposal.pillars, accepted=True
            )
        if action == "change":
            sector = asker.sector(card)
            stages, pillars = set(asker.stages(card)), set(asker.pillars(card))
            return Decision(
                "set",
                sector,
                [s for s in ASSET_STAGES if s in stages],
                [p for p in PILLARS if p in pillars],
            )
        typed = asker.same_as(card).strip()
        if not typed:
            continue
        try:
            other = find_organisation(orgs, typed)
        except UsageError as error:
            asker.notify(str(error))
            continue
        if other.path == card.org.path:
            asker.notify(
                _("'{name}' is this organisation itself: pick another one.").format(name=typed)
            )
            continue
        return Decision("same", same_as=other.name)


# ---------------------------------------------------------------- --answers FILE


def read_answers(root: Path, path: Path) -> list[tuple[Organisation, Decision]]:
    """Every decision of an answers file, checked; ValidationFailed (nothing written)
    names each bad entry with its file and line."""
    if not path.is_file():
        raise UsageError(_("{path}: no such answers file").format(path=path))
    data, lines = read_yaml_with_lines(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProjectFileError(
            path,
            _("expected a mapping of organisation name to decision"),
            line=1,
            hint=_(ANSWER_HELP),
        )
    if not data:
        raise UsageError(
            _("{path}: no decisions in the file").format(path=path), hint=_(ANSWER_HELP)
        )
    orgs = load_assets(root)
    problems: list[Problem] = []
    out: list[tuple[Organisation, Decision]] = []
    first_line: dict[Path, int | None] = {}
    keys: dict[Path, Any] = {}
    for key, value in data.items():
        name = str(key)
        line = line_of(lines, (key,))

        def bad(message: str, *where: str, key: Any = key, name: str = name) -> None:
            said = f"{name}: {where[-1]}" if where else name
            problems.append(Problem(message, said, line_of(lines, (key, *where)), path))

        try:
            org = find_organisation(orgs, name)
        except UsageError as error:
            bad(str(error))
            continue
        if org.path in first_line:
            bad(
                _("'{name}' has a decision on line {line} already").format(
                    name=org.name, line=first_line[org.path]
                )
            )
            continue
        first_line[org.path] = line
        keys[org.path] = key
        decision = _answer(org, orgs, value, bad)
        if decision is not None:
            out.append((org, decision))
    merged_away = {org.name for org, d in out if d.kind == "same"}
    for org, decision in out:
        if decision.kind == "same" and decision.same_as in merged_away:
            problems.append(
                Problem(
                    _(
                        "'{name}' is itself merged into another one in this file; "
                        "name the organisation it is merged into"
                    ).format(name=decision.same_as),
                    org.name,
                    line_of(lines, (keys[org.path], "same_as")),
                    path,
                )
            )
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise ValidationFailed(
            problems,
            summary=ngettext(
                "{path}: {count} problem; nothing was saved",
                "{path}: {count} problems; nothing was saved",
                len(problems),
            ).format(path=path, count=len(problems)),
            hint=_(ANSWER_HELP),
        )
    return out


def _answer(org: Organisation, orgs: list[Organisation], value: Any, bad: Any) -> Decision | None:
    """One entry of an answers file as a Decision; its problems go to ``bad``."""
    if value in ("accept", "skip"):
        value = {value: True}
    if not isinstance(value, dict) or not value:
        bad(_("expected a mapping; {help}").format(help=_(ANSWER_HELP)))
        return None
    unknown = [str(k) for k in value if k not in ANSWER_KEYS]
    if unknown:
        bad(
            ngettext(
                "unknown key {keys} (keys: {known})",
                "unknown keys {keys} (keys: {known})",
                len(unknown),
            ).format(keys=", ".join(unknown), known=", ".join(ANSWER_KEYS))
        )
        return None
    for flag in ("accept", "skip"):
        if flag in value and value[flag] is not True:
            bad(_("{key}: true, or leave it out").format(key=flag), flag)
            return None
    if "skip" in value or "same_as" in value:
        alone = "skip" if "skip" in value else "same_as"
        if len(value) > 1:
            bad(_("{key} goes alone in an entry").format(key=alone), alone)
            return None
    if "skip" in value:
        return Decision("skip")
    if "same_as" in value:
        target = value["same_as"]
        if not isinstance(target, str) or not target.strip():
            bad(_("same_as: the name of the organisation it repeats"), "same_as")
            return None
        try:
            other = find_organisation(orgs, target.strip())
        except UsageError as error:
            bad(str(error), "same_as")
            return None
        if other.path == org.path:
            bad(_("'{name}' is this organisation itself").format(name=target), "same_as")
            return None
        return Decision("same", same_as=other.name)
    problems: list[Problem] = []
    sector = stages = pillars = None
    if "sector" in value:
        sector_ids = _ids(value["sector"], STAKEHOLDER_GROUPS, "sector", problems, single=True)
        sector = sector_ids[0] if sector_ids else None
    if "stages" in value:
        stages = _ids(value["stages"], ASSET_STAGES, "stages", problems)
    if "pillars" in value:
        pillars = _ids(value["pillars"], PILLARS, "pillars", problems)
    for problem in problems:
        bad(problem.message, problem.where)
    if problems:
        return None
    if "accept" not in value:
        return Decision("set", sector, stages, pillars)
    proposal = propose(org, suggest(org))
    sector = sector or proposal.sector
    if sector is None:
        bad(
            _(
                "no sector could be suggested from its name or text; give one: sector: {choices}"
            ).format(choices=" | ".join(STAKEHOLDER_GROUPS)),
            "accept",
        )
        return None
    return Decision(
        "set",
        sector,
        proposal.stages if stages is None else stages,
        proposal.pillars if pillars is None else pillars,
        accepted=len(value) == 1,
    )


def _ids(
    value: Any,
    vocabulary: dict[str, str],
    where: str,
    problems: list[Problem],
    *,
    single: bool = False,
) -> list[str]:
    if isinstance(value, str) and not single and "," in value:
        value = [v.strip() for v in value.split(",")]
    items = [value] if isinstance(value, str) else value
    if single and not isinstance(value, str):
        problems.append(Problem(_("one sector, as an id or its label"), where))
        return []
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        problems.append(Problem(_("a list of ids or labels, e.g. [elementary, middle]"), where))
        return []
    ids = vocabulary_ids(items, vocabulary, where, problems)
    order = list(vocabulary)
    return sorted(ids, key=order.index)


@writes
def apply_answers(root: Path, path: Path) -> list[Outcome]:
    """``--answers FILE``: check every entry, then write each decision; all or nothing
    for bad entries (the lock is held throughout, so nothing changes in between)."""
    return [decide(root, org.path, decision) for org, decision in read_answers(root, path)]
