"""What changed since the Leadership Team approved the blueprint (``stemeco changes``).

The answers approved are the project's own record (:mod:`.approved_answers`),
checked against the fingerprint in ``approvals.yaml``; they are compared with
the answers now, step by step. Each changed answer is named with its studio
and question, with the text approved and the text now (for a list or a table
of records, only the items that changed).

Which blueprint section shows a step is read from the blueprint template
itself (the project's own, when it has one, includes followed): a ``##``
heading opens a section, and every ``sN.step`` (or ``answers["studio-N"]``)
the template prints below it belongs to that section; a step printed in two
sections belongs to both. A step the template never prints is listed under
:data:`NOT_SHOWN`.

An approval made before stemeco kept the answers has only a fingerprint:
the report says so plainly, and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stemeco.i18n import N_, _, formatting, ngettext
from stemeco.plan import approval as approvals
from stemeco.plan.approved_answers import kept, record_path
from stemeco.project.folder import STUDIO_IDS

if TYPE_CHECKING:
    from stemeco.project.folder import Project
    from stemeco.studios.definition import Step

FIRST_PAGE = N_("The first page")
NOT_SHOWN = N_("Not shown in the blueprint")
_HEADING = re.compile(r"^##(?!#)\s*(.*?)\s*#*\s*$")
_REFERENCE = re.compile(
    r"\bs([1-4])\s*\.\s*([a-z][a-z0-9_]*)"
    r"|\banswers\s*\[\s*['\"](studio-[1-4])['\"]\s*\]\s*"
    r"(?:\.\s*([a-z][a-z0-9_]*)|\[\s*['\"]([a-z][a-z0-9_]*)['\"]\s*\])"
)
_INCLUDE = re.compile(r"""\{%-?\s*include\s+['"]([^'"]+)['"]""")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
#: A heading's words written for translation: ``{{ _("Action plan") }}``.
_GETTEXT = re.compile(r"""\{\{-?\s*_\(\s*(["'])(.*?)\1\s*\)\s*-?\}\}""")


@dataclass
class Report:
    """The approval and the answers changed since, grouped by blueprint section."""

    state: str  # not_approved | approved | stale
    approval: approvals.Approval | None
    current: str
    recorded: bool = False
    record: str = ""
    sections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One paragraph for the "Changed since approval" box and the command's first lines."""
        a = self.approval
        if a is None:
            return _("The blueprint has not been approved yet: there is nothing to compare with.")
        who = {"name": a.by, "date": formatting.date(a.date)}
        if self.state == "approved":
            return _("No changes since {name} approved the blueprint on {date}.").format(**who)
        if not self.recorded:
            return _(
                "{name} approved the blueprint on {date}, and the studio answers have changed"
                " since. What they approved was not recorded: approvals made before stemeco kept"
                " the approved answers have only a fingerprint of them, so the sections that"
                " changed cannot be named. Once the Leadership Team approves the current answers,"
                " stemeco keeps them and shows every later change."
            ).format(**who)
        count = len(self.sections)
        return ngettext(
            "{name} approved the blueprint on {date}. Since then the answers behind {count}"
            " section have changed; each change shows the text approved and the text now.",
            "{name} approved the blueprint on {date}. Since then the answers behind {count}"
            " sections have changed; each change shows the text approved and the text now.",
            count,
        ).format(count=count, **who)

    def as_json(self) -> dict[str, Any]:
        a = self.approval
        return {
            "document": "blueprint",
            "state": self.state,
            "approval": None
            if a is None
            else {"by": a.by, "date": a.date, "note": a.note, "fingerprint": a.fingerprint},
            "current": self.current,
            "recorded": self.recorded,
            "record": self.record or None,
            "summary": self.summary,
            "sections": self.sections,
        }


def report(project: Project) -> Report:
    """Compare the answers the Leadership Team last approved with the answers now."""
    state = approvals.state(project)
    approval = state.approval
    if approval is None:
        return Report("not_approved", None, state.current)
    old = kept(project, approval.fingerprint)
    if old is None or approvals.fingerprint(old) != approval.fingerprint:
        return Report("approved" if state.valid else "stale", approval, state.current)
    record = record_path(project, approval.fingerprint).relative_to(project.root).as_posix()
    if state.valid:
        return Report("approved", approval, state.current, True, record)
    new = approvals.blueprint_answers(project)
    sections = group(project, compare(project, old, new))
    return Report("stale", approval, state.current, True, record, sections)


def context(project: Project) -> dict[str, Any] | None:
    """``approval_changes`` of the render context: only when the approval is stale."""
    if not approvals.state(project).stale:
        return None  # without reading the record of the approved answers
    found = report(project)
    return {"summary": found.summary, "recorded": found.recorded, "sections": found.sections}


# ------------------------------------------------------------------ sections of the blueprint


def step_sections(project: Project) -> dict[tuple[str, str], list[str]]:
    """(studio id, step id) -> the blueprint sections (``##`` headings) that print it,
    named as the blueprint in the current language names them."""
    from stemeco.documents.words import say

    source = _blueprint_source(project)
    found: dict[tuple[str, str], list[str]] = {}
    section = _(FIRST_PAGE)
    for line in source.splitlines():
        heading = _HEADING.match(line)
        if heading:
            words = _GETTEXT.sub(lambda m: say(m.group(2)), heading.group(1))
            section = " ".join(_JINJA.sub("", words).split()) or section
            continue
        for match in _REFERENCE.finditer(line):
            if match.group(1):
                key = (f"studio-{match.group(1)}", match.group(2))
            else:
                key = (match.group(3), match.group(4) or match.group(5))
            places = found.setdefault(key, [])
            if section not in places:
                places.append(section)
    return found


def _blueprint_source(project: Project) -> str:
    """The blueprint template's text with its includes in place ("" when it cannot be read)."""
    from stemeco.documents.render import environment
    from stemeco.registry import documents

    names = [d.template for d in documents() if d.output == "docs/blueprint.md"]
    if not names:
        return ""
    env = environment(project)
    seen: set[str] = set()

    def source(name: str) -> str:
        if name in seen or len(seen) > 50:
            return ""
        seen.add(name)
        try:
            assert env.loader is not None
            text = env.loader.get_source(env, name)[0]
        except Exception:  # a missing or unreadable template: no sections from it
            return ""
        return _INCLUDE.sub(lambda m: "\n" + source(m.group(1)) + "\n", text)

    return source(names[0])


# ------------------------------------------------------------------ comparing answers


def compare(
    project: Project, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Every answer that differs, in the order of the studios and their steps."""
    out = []
    for sid in STUDIO_IDS:
        studio = project.studios.get(sid)
        before, after = old.get(sid) or {}, new.get(sid) or {}
        order = [s.id for s in studio.steps] if studio else []
        order += sorted(k for k in {*before, *after} if k not in order)
        name = studio.display_name if studio else sid
        for step_id in order:
            a, b = before.get(step_id), after.get(step_id)
            if a == b:
                continue
            step = studio.step(step_id) if studio else None
            question = step.prompt if step else step_id
            out.append(
                {
                    "studio": sid,
                    "step": step_id,
                    "where": f"{name}: {question}",
                    "change": "added" if a is None else "removed" if b is None else "changed",
                    "before": as_text(step, a),
                    "after": as_text(step, b),
                    "items": items(step, a, b),
                }
            )
    return out


def group(project: Project, changed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The changed answers by blueprint section, sections in the blueprint's order."""
    places = step_sections(project)
    order = list(dict.fromkeys(s for names in places.values() for s in names))
    by_section: dict[str, list[dict[str, Any]]] = {}
    for entry in changed:
        for section in places.get((entry["studio"], entry["step"]), [_(NOT_SHOWN)]):
            by_section.setdefault(section, []).append(entry)
    ranked = sorted(by_section, key=lambda s: order.index(s) if s in order else len(order))
    return [{"section": s, "answers": by_section[s]} for s in ranked]


def _label(step: Step | None, value: Any) -> str:
    if step is not None:
        for choice in step.choices:
            if choice.value == value:
                return choice.label
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def as_text(step: Step | None, value: Any) -> str | None:
    """An answer as a person reads it (labels for choices), typed text as typed."""
    if value is None:
        return None
    kind = step.type if step else ""
    if kind == "records" and isinstance(value, list) and step is not None:
        return "\n\n".join(_record_text(step, r) for r in value if isinstance(r, Mapping))
    if isinstance(value, list):
        return "\n".join(_label(step, v) for v in value)
    if isinstance(value, Mapping):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    return _label(step, value)


def _record_text(step: Step, record: Mapping[str, Any], only: set[str] | None = None) -> str:
    lines = []
    ids = [f.id for f in step.fields] + sorted(k for k in record if step.field(k) is None)
    for key in ids:
        if key not in record or (only is not None and key not in only):
            continue
        text = as_text(step.field(key), record[key]) or ""
        lines.append(f"{key.replace('_', ' ')}: {text}")
    return "\n".join(lines)


def items(step: Step | None, a: Any, b: Any) -> list[dict[str, Any]]:
    """For a list or a table of records answered before and now: only what changed in it."""
    if not (isinstance(a, list) and isinstance(b, list)):
        return []
    if step is not None and step.type == "records":
        return _record_items(step, a, b)
    out: list[dict[str, Any]] = []
    removed = [v for v in a if v not in b]
    added = [v for v in b if v not in a]
    out += [{"label": _("removed"), "before": as_text(step, v), "after": None} for v in removed]
    out += [{"label": _("added"), "before": None, "after": as_text(step, v)} for v in added]
    if not out:  # the same items in another order
        out.append({"label": _("order"), "before": as_text(step, a), "after": as_text(step, b)})
    return out


def _record_items(step: Step, a: list[Any], b: list[Any]) -> list[dict[str, Any]]:
    key = step.label or (step.fields[0].id if step.fields else "")
    noun = step.noun or step.label or _("record")
    old = [r for r in a if isinstance(r, Mapping)]
    new = [r for r in b if isinstance(r, Mapping)]
    names_old = [str(r.get(key, "")) for r in old]
    names_new = [str(r.get(key, "")) for r in new]
    pairs: list[tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]]
    if len(set(names_old)) == len(names_old) and len(set(names_new)) == len(names_new):
        pairs = [
            (r, new[names_new.index(n)] if n in names_new else None)
            for r, n in zip(old, names_old, strict=True)
        ]
        pairs += [(None, r) for r, n in zip(new, names_new, strict=True) if n not in names_old]
    else:  # names repeat: compare by position
        pairs = [
            (old[i] if i < len(old) else None, new[i] if i < len(new) else None)
            for i in range(max(len(old), len(new)))
        ]
    out: list[dict[str, Any]] = []
    for before, after in pairs:
        if before == after:
            continue
        named = str((after or before or {}).get(key, "")).strip()
        label = _("{noun} “{name}”").format(noun=noun, name=named) if named else noun
        if before is None:
            out.append(
                {
                    "label": _("{record} added").format(record=label),
                    "before": None,
                    "after": _record_text(step, after or {}),
                }
            )
        elif after is None:
            out.append(
                {
                    "label": _("{record} removed").format(record=label),
                    "before": _record_text(step, before),
                    "after": None,
                }
            )
        else:
            fields = {k for k in {*before, *after} if before.get(k) != after.get(k)}
            out.append(
                {
                    "label": _("{record} changed").format(record=label),
                    "before": _record_text(step, before, fields) or None,
                    "after": _record_text(step, after, fields) or None,
                }
            )
    if not out:
        out.append({"label": _("order"), "before": as_text(step, a), "after": as_text(step, b)})
    return out
