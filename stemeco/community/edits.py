"""Changing the asset map without editing YAML: edit, remove and merge organisations.

Every function here runs under the project lock, reads the records afresh, checks
everything it was given before it writes, and writes each file whole
(:mod:`stemeco.storage.files`) through the round trip
(:mod:`stemeco.storage.roundtrip`), so the comments a person wrote in a record
survive. An error means nothing was written.

Merging keeps one record (KEEP) and removes the other (OTHER): KEEP's own fields
stay as they are and those it lacks are filled from OTHER; OTHER's programs and
provenance are added unless KEEP has them already; OTHER's name becomes one of
KEEP's ``aliases:``, so a later import of a roster that still lists OTHER finds
KEEP (:class:`~stemeco.community.names.NameIndex`) and does not bring OTHER back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemeco import text
from stemeco.community.assets import (
    ASSET_STAGES,
    FOLDER,
    ORG_KEYS,
    TAIL_KEYS,
    Organisation,
    find_organisation,
    load_assets,
    program_key,
    read_organisation,
    vocabulary_ids,
)
from stemeco.community.names import name_key
from stemeco.errors import Problem, UsageError, ValidationFailed
from stemeco.i18n import N_, _
from stemeco.storage.lock import writes
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS, label

#: Keys a merge never copies from OTHER as fields: they are merged their own way.
MERGED_APART = frozenset(
    {"name", "aliases", "programs", "provenance", "merged_from", "reviewed"}
    | {"needs_review", "review_reason"}
)


@dataclass
class RecordChange:
    """What to change in one organisation's file; None (or empty) leaves a part as it is."""

    sector: str | None = None
    stages: list[str] | None = None  # its own stages, whole
    pillars: list[str] | None = None  # its own pillars, whole
    fields: dict[str, str] = field(default_factory=dict)  # location, website
    programs: list[str] = field(default_factory=list)  # names of programs to add
    reviewed: bool = False  # a person decided: reviewed today, needs_review false


@dataclass
class Edited:
    name: str
    path: Path
    changes: list[str]  # what changed, as a person reads it; empty when nothing did


@dataclass
class Merged:
    keep: Organisation
    other: Organisation
    programs_added: list[str] = field(default_factory=list)
    programs_same: int = 0
    filled: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    review_resolved: bool = False


# ---------------------------------------------------------------- values


def _labels(values: list[str], vocabulary: Mapping[str, str]) -> str:
    return ", ".join(label(vocabulary, v) for v in values) or _("none")


#: How a change of a list reads, by the list and what happened to it.
LIST_CHANGES: dict[tuple[str, str], str] = {
    ("stages", "added"): N_("stages + {added}"),
    ("stages", "removed"): N_("stages - {removed}"),
    ("stages", "both"): N_("stages + {added}, - {removed}"),
    ("pillars", "added"): N_("pillars + {added}"),
    ("pillars", "removed"): N_("pillars - {removed}"),
    ("pillars", "both"): N_("pillars + {added}, - {removed}"),
}


# ---------------------------------------------------------------- the round trip


def _position(doc: Any, key: str) -> int:
    """Where ``key`` goes in a record: in the documented order (assets.ORG_KEYS, then
    hand-added keys, then assets.TAIL_KEYS), before the first key that comes after it."""
    order = [*ORG_KEYS, *TAIL_KEYS]
    keys = list(doc)
    if key in ORG_KEYS:
        rank = order.index(key)
        later = [k for k in keys if k in ORG_KEYS and order.index(k) > rank] + [
            k for k in keys if k not in ORG_KEYS
        ]
    elif key in TAIL_KEYS:
        rank = order.index(key)
        later = [k for k in keys if k in TAIL_KEYS and order.index(k) > rank]
    else:
        later = [k for k in keys if k in TAIL_KEYS]
    return keys.index(later[0]) if later else len(keys)


def _put(doc: Any, key: str, value: Any) -> None:
    """Set ``key`` of a round-trip record (comments kept); a new key goes where it belongs."""
    from stemeco.storage.roundtrip import insert_entry, to_yaml_value

    if key in doc:
        doc[key] = to_yaml_value(value)
    else:
        insert_entry(doc, _position(doc, key), key, to_yaml_value(value))


def _put_list(doc: Any, key: str, values: list[str]) -> None:
    """Make the list ``key`` hold ``values``, in their order, changing the list in place
    so that the comments among and below its items stay where they were."""
    from ruamel.yaml.comments import CommentedSeq

    from stemeco.storage.roundtrip import delete_entry, insert_entry

    seq = doc.get(key)
    if not isinstance(seq, CommentedSeq) or not len(seq):
        _put(doc, key, values)
        return
    for index in reversed(range(len(seq))):
        if seq[index] not in values:
            delete_entry(seq, index)
    for value in values:
        if value not in seq:
            rank = values.index(value)
            at = sum(1 for item in seq if item in values and values.index(item) < rank)
            insert_entry(seq, at, None, value)


def _drop(doc: Any, key: str) -> None:
    from stemeco.storage.roundtrip import delete_entry

    if key in doc:
        delete_entry(doc, key)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _plain(value: Any) -> Any:
    """A round-trip value as plain Python data, for comparing."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


@writes
def apply_change(root: Path, path: Path, change: RecordChange) -> list[str]:
    """Write ``change`` into the organisation of ``assets/NAME.yaml`` (``path``'s name),
    read under the lock; return what changed, as a person reads it. Nothing is written
    when nothing changes."""
    from stemeco.storage.roundtrip import edit_yaml

    org = read_organisation(root / FOLDER / path.name)

    said: list[str] = []
    if change.sector is not None and change.sector != org.sector:
        sector = label(STAKEHOLDER_GROUPS, change.sector)
        said.append(
            _("sector {sector} (was {was})").format(
                sector=sector, was=label(STAKEHOLDER_GROUPS, org.sector)
            )
            if org.sector
            else _("sector {sector} (was none)").format(sector=sector)
        )
    for what, new, old, vocabulary in (
        ("stages", change.stages, org.stages, ASSET_STAGES),
        ("pillars", change.pillars, org.pillars, PILLARS),
    ):
        if new is None or new == old:
            continue
        added = [v for v in new if v not in old]
        gone = [v for v in old if v not in new]
        how = "both" if added and gone else "added" if added else "removed"
        said.append(
            _(LIST_CHANGES[what, how]).format(
                added=_labels(added, vocabulary), removed=_labels(gone, vocabulary)
            )
        )
    for key, value in change.fields.items():
        if str(org.data.get(key) or "") != value:
            said.append(
                _("{field} {value}").format(field=key, value=value)
                if value
                else _("{field} (removed)").format(field=key)
            )
    known = {program_key(p.data) for p in org.programs}
    new_programs = [
        name for name in dict.fromkeys(change.programs) if program_key({"name": name}) not in known
    ]
    said += [_("program '{name}' added").format(name=name) for name in new_programs]
    marks = change.reviewed and (
        org.needs_review or "review_reason" in org.data or org.reviewed != text.today().isoformat()
    )
    if not said and not marks:
        return []
    with edit_yaml(org.path) as doc:
        if change.sector is not None:
            _put(doc, "sector", change.sector)
        for key, values in (("stages", change.stages), ("pillars", change.pillars)):
            if values is not None and values != _plain(doc.get(key) or []):
                if values:
                    _put_list(doc, key, values)
                else:
                    _drop(doc, key)
        for key, value in change.fields.items():
            if value:
                _put(doc, key, value)
            else:
                _drop(doc, key)
        if new_programs:
            _add_programs(doc, [{"name": name} for name in new_programs])
        if change.reviewed:
            _put(doc, "reviewed", text.today().isoformat())
            _put(doc, "needs_review", False)
            _drop(doc, "review_reason")
    if change.reviewed and (org.needs_review or org.review_reason):
        said.append(_("reviewed (needs_review: false)"))
    elif marks:
        said.append(_("reviewed"))
    return said


def _add_programs(doc: Any, programs: list[Any]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    from stemeco.storage.roundtrip import insert_entry, to_yaml_value

    seq = doc.get("programs")
    if not isinstance(seq, CommentedSeq):
        _put(doc, "programs", [_plain(p) for p in programs])
        return
    for program in programs:
        insert_entry(seq, len(seq), None, to_yaml_value(_plain(program)))


# ---------------------------------------------------------------- edit, remove


@writes
def edit_organisation(
    root: Path,
    name: str,
    *,
    sector: str | None = None,
    add_stages: Sequence[str] = (),
    remove_stages: Sequence[str] = (),
    add_pillars: Sequence[str] = (),
    remove_pillars: Sequence[str] = (),
    programs: Sequence[str] = (),
    location: str | None = None,
    website: str | None = None,
    reviewed: bool = False,
) -> Edited:
    """Change one organisation (``stemeco assets edit``). ``--stage`` and ``--pillar``
    add to what it has; ``--remove-stage`` and ``--remove-pillar`` take away."""
    problems: list[Problem] = []
    sector_id = None
    if sector is not None:
        sector_id = next(
            iter(vocabulary_ids([sector], STAKEHOLDER_GROUPS, "--sector", problems)), None
        )
    plus_stages = vocabulary_ids(add_stages, ASSET_STAGES, "--stage", problems)
    minus_stages = vocabulary_ids(remove_stages, ASSET_STAGES, "--remove-stage", problems)
    plus_pillars = vocabulary_ids(add_pillars, PILLARS, "--pillar", problems)
    minus_pillars = vocabulary_ids(remove_pillars, PILLARS, "--remove-pillar", problems)
    fields = {}
    for key, value in (("location", location), ("website", website)):
        if value is not None:
            if "\n" in value or "\r" in value:
                problems.append(Problem(_("must be one line"), f"--{key}"))
            fields[key] = value.strip()
    for program in programs:
        if not program.strip() or "\n" in program or "\r" in program:
            problems.append(
                Problem(_("'{name}' must be a one-line name").format(name=program), "--add-program")
            )
    for what, plus, minus in (
        ("--stage", plus_stages, minus_stages),
        ("--pillar", plus_pillars, minus_pillars),
    ):
        both = [v for v in plus if v in minus]
        if both:
            problems.append(
                Problem(_("both added and removed: {values}").format(values=", ".join(both)), what)
            )
    if problems:
        raise ValidationFailed(problems, summary=_("nothing was changed"))
    org = find_organisation(load_assets(root), name)

    def changed(current: list[str], plus: list[str], minus: list[str], order: Any) -> list[str]:
        wanted = (set(current) | set(plus)) - set(minus)
        return [v for v in order if v in wanted]

    change = RecordChange(
        sector=sector_id,
        stages=changed(org.stages, plus_stages, minus_stages, ASSET_STAGES)
        if plus_stages or minus_stages
        else None,
        pillars=changed(org.pillars, plus_pillars, minus_pillars, PILLARS)
        if plus_pillars or minus_pillars
        else None,
        fields=fields,
        programs=[p.strip() for p in programs],
        reviewed=reviewed,
    )
    return Edited(org.name, org.path, apply_change(root, org.path, change))


def lookup(root: Path, name: str) -> Organisation:
    """The organisation a person named (exact name, alias, loose name), read now."""
    return find_organisation(load_assets(root), name)


@writes
def remove_organisation(root: Path, name: str) -> Organisation:
    """Delete one organisation's file (``stemeco assets remove``); returns what was removed."""
    from stemeco.storage.files import remove_file

    org = find_organisation(load_assets(root), name)
    remove_file(org.path)
    return org


# ---------------------------------------------------------------- merge


@writes
def merge_organisations(root: Path, keep: str, other: str) -> Merged:
    """Merge OTHER into KEEP (``stemeco assets merge``): see the module's documentation."""
    from stemeco.storage.files import remove_file
    from stemeco.storage.roundtrip import edit_yaml

    orgs = load_assets(root)
    kept = find_organisation(orgs, keep)
    gone = find_organisation(orgs, other)
    if gone.path == kept.path:
        if any(name_key(a) == name_key(other) for a in kept.aliases):
            raise UsageError(
                _("'{other}' is already merged into '{name}' (an alias)").format(
                    other=other, name=kept.name
                )
            )
        raise UsageError(
            _("'{keep}' and '{other}' are the same organisation ('{name}')").format(
                keep=keep, other=other, name=kept.name
            )
        )
    result = Merged(kept, gone)
    with edit_yaml(kept.path) as doc:
        for key, value in gone.data.items():
            if key in MERGED_APART or _empty(value) or not _empty(doc.get(key)):
                continue
            _put(doc, key, _plain(value))
            result.filled.append(key)
        known = {program_key(p.data) for p in kept.programs}
        moving = []
        for program in gone.programs:
            key = program_key(program.data)
            if key in known:
                result.programs_same += 1
                continue
            known.add(key)
            moving.append(program.data)
            result.programs_added.append(program.name)
        if moving:
            _add_programs(doc, moving)
        taken = {kept.name, *kept.aliases}
        for name in (gone.name, *gone.aliases):
            if name not in taken:
                taken.add(name)
                result.aliases.append(name)
        if result.aliases:
            _put_list(doc, "aliases", [*kept.aliases, *result.aliases])
        _merge_provenance(doc, gone)
        result.review_resolved = _resolve_review(doc, kept, gone)
    remove_file(gone.path)
    return result


def _merge_provenance(doc: Any, gone: Organisation) -> None:
    """OTHER's provenance (and what was merged into it before) as ``merged_from`` entries
    of KEEP, each once; KEEP's own provenance is left as it is, so that a re-import of
    KEEP's row finds it unchanged."""
    entries: list[dict[str, Any]] = []
    if gone.provenance:
        entries.append({"name": gone.name, **_plain(gone.provenance)})
    earlier = gone.data.get("merged_from")
    if isinstance(earlier, list):
        entries += [_plain(e) for e in earlier if isinstance(e, Mapping)]
    if not entries:
        return
    if "provenance" not in doc and gone.provenance:
        _put(doc, "provenance", _plain(gone.provenance))
        entries = entries[1:]
    have = doc.get("merged_from")
    current = [_plain(e) for e in have] if isinstance(have, list) else []

    def undated(entry: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in entry.items() if k != "imported"}

    seen = [undated(e) for e in current]
    new = []
    for entry in entries:
        if undated(entry) not in seen:
            seen.append(undated(entry))
            new.append(entry)
    if new:
        _put(doc, "merged_from", [*current, *new])


def _resolve_review(doc: Any, kept: Organisation, gone: Organisation) -> bool:
    """A review note of KEEP saying it looks like OTHER is settled by the merge (and
    'no sector given' when the merge gave it one)."""
    if not kept.review_reason:
        return False
    note = f"likely the same organisation as '{gone.name}'"
    settled = {note}
    if kept.sector is None and doc.get("sector"):
        settled.add("no sector given")
    parts = [p for p in kept.review_reason.split("; ") if p]
    # the import adds where and why: "... as 'X' (row 2 of roster.csv): same website x.org"
    left = [p for p in parts if p not in settled and not p.startswith((f"{note} (", f"{note}:"))]
    if len(left) == len(parts):
        return False
    if left:
        _put(doc, "review_reason", "; ".join(left))
    else:
        _drop(doc, "review_reason")
        _put(doc, "needs_review", False)
    return True
