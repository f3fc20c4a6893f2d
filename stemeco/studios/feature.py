"""The studios feature: Design Studios I-IV and the design blueprint they build.

Everything the feature adds to stemeco, read top to bottom (see :mod:`stemeco.registry`).
The business plan is run by the same engine but belongs to the plan feature.
"""

from __future__ import annotations

from typing import Any

from stemeco.errors import StemecoError
from stemeco.i18n import _, ngettext
from stemeco.project.folder import STUDIO_IDS, Project
from stemeco.project.status import Item, State
from stemeco.registry import Document, Feature
from stemeco.studios.progress import session_progress

BLUEPRINT = Document("docs/blueprint.md", "blueprint.md.j2", "Strategic plan / design blueprint")

#: Every command the studio items offer; ``{field}`` is filled in by the item.
ACTIONS: dict[str, str] = {
    "studio": "stemeco studio run {number}",
    "render": "stemeco render",
}


def studio_items(project: Project) -> list[Item]:
    """One item per Design Studio: done, begun, or not begun."""
    items = []
    for progress in session_progress(project):
        if progress.id not in STUDIO_IDS:
            continue
        state: State
        if progress.status == "complete":
            state = "done"
        elif progress.answered:
            state = "in_progress"
        else:
            state = "missing"
        items.append(
            Item(
                1,
                progress.id,
                f"{progress.name}: {progress.title}",
                state,
                ngettext(
                    "{answered} of {total} step answered",
                    "{answered} of {total} steps answered",
                    progress.total,
                ).format(answered=progress.answered, total=progress.total),
                ACTIONS["studio"].format(number=progress.number),
            )
        )
    return items


def blueprint_item(project: Project) -> list[Item]:
    """The design blueprint: done when the four studios it draws on are complete and
    docs/ holds what rendering would write now (the rule of ``render --check``).

    Before that it says which studios it waits for; it offers ``stemeco render``
    only when docs/ is out of date, so "Next:" never points at a command that
    would change nothing.
    """
    from stemeco.documents.output import stale_documents

    title = _("Design blueprint")
    try:
        stale = stale_documents(project)
    except StemecoError as exc:
        return [Item(1, "blueprint", title, "in_progress", str(exc), ACTIONS["render"])]
    output = BLUEPRINT.output
    studios = [p for p in session_progress(project) if p.id in STUDIO_IDS]
    waiting = [p.name for p in studios if p.status != "complete"]
    notes: list[str] = []
    if waiting:
        notes.append(_("waits for {studios}").format(studios=", ".join(waiting)))
    if not (project.root / output).is_file():
        notes.append(_("{file} does not exist").format(file=output))
    elif stale:
        notes.append(_("docs/ out of date: {files}").format(files=", ".join(stale)))
    if not notes:
        done = _("{file}, from the four complete studios").format(file=output)
        return [Item(1, "blueprint", title, "done", done)]
    state: State = "in_progress" if any(p.answered for p in studios) else "missing"
    action = ACTIONS["render"] if stale else ""
    # Rendering is upkeep: "Next:" asks for it in its place in the process (before the
    # business plan and the approval), not after every answer.
    return [Item(1, "blueprint", title, state, "; ".join(notes), action, resume=False)]


def resource_totals(project: Project, ctx: dict[str, Any]) -> None:  # noqa: ARG001
    """Studio IV's resources: committed, prospective and the total."""
    committed = prospective = 0.0
    for resource in ctx["s4"].get("resources", []):
        amount = resource.get("amount")
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            if resource.get("committed") is True:
                committed += amount
            else:
                prospective += amount
    ctx["resource_totals"] = {
        "committed": committed,
        "prospective": prospective,
        "total": committed + prospective,
    }


FEATURE = Feature(
    name="studios",
    status=(studio_items, blueprint_item),
    documents=(BLUEPRINT,),
    context=(resource_totals,),
)
