"""stemeco assets review | edit | remove | merge: the asset map without YAML.

The commands are registered on the ``assets`` group by :mod:`stemeco.cli.assets`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from stemeco.cli import ask as _ask
from stemeco.cli import layout
from stemeco.cli.options import ProjectOption
from stemeco.errors import NotATerminal, UsageError
from stemeco.i18n import _, ngettext

NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="The organisation: its name (any case, accents or punctuation) or an alias.",
    ),
]


def file_of(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def organisations(count: int) -> str:
    return ngettext("{count} organisation", "{count} organisations", count).format(count=count)


def programs(count: int) -> str:
    return ngettext("{count} program", "{count} programs", count).format(count=count)


def review(
    project: ProjectOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            dir_okay=False,
            help="Decide without prompts: a YAML mapping of organisation name to {accept: "
            "true}, {sector: S, stages: [...], pillars: [...]}, {same_as: NAME} or {skip: true}.",
        ),
    ] = None,
) -> None:
    """Review the organisations that need it, one at a time, with suggestions.

    Walks the records flagged needs_review or missing a sector, stages or pillars;
    suggests them from the record's own text and says why; accept, change, skip,
    or merge it into the organisation it repeats. Each decision is saved at once.
    """
    from stemeco.community.triage import ANSWER_HELP, apply_answers, to_review
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    if answers is not None:
        outcomes = apply_answers(proj.root, answers)
        for outcome in outcomes:
            layout.echo(_outcome_line(proj.root, outcome), hanging="    ")
        _summary(outcomes, len(to_review(proj.root)))
        return
    waiting = to_review(proj.root)
    if not waiting:
        layout.echo(
            _(
                "Nothing to review: every organisation has a sector, stages and pillars (or was "
                "reviewed), and none is flagged needs_review."
            )
        )
        return
    if not _ask.interactive():
        raise NotATerminal(
            _("stemeco assets review needs a terminal to ask (there is none)"),
            hint=_("run it in a terminal, or pass --answers FILE: {help}").format(
                help=_(ANSWER_HELP)
            ),
        )
    flagged = sum(1 for o in waiting if o.needs_review)
    unsorted = len(waiting) - flagged
    if flagged and unsorted:
        why = _("{flagged} flagged needs_review; {unsorted} with no sector, stage or pillar yet")
    elif flagged:
        why = _("{flagged} flagged needs_review")
    else:
        why = _("{unsorted} with no sector, stage or pillar yet")
    waiting_text = ngettext(
        "{count} organisation to review ({why})",
        "{count} organisations to review ({why})",
        len(waiting),
    ).format(count=len(waiting), why=why.format(flagged=flagged, unsorted=unsorted))
    _walk(proj.root, waiting_text)


def _walk(root: Path, waiting: str) -> None:
    from stemeco.community.triage import Outcome, to_review, walk
    from stemeco.ui.review import TerminalReviewer

    layout.echo(
        _("{waiting}. Each decision is saved as you make it; Ctrl-C stops and keeps them.").format(
            waiting=waiting
        )
    )
    outcomes: list[Outcome] = []
    try:
        walk(root, TerminalReviewer(), outcomes)
    except KeyboardInterrupt:
        saved = [o for o in outcomes if o.saved]
        files = ", ".join(_outcome_files(root, o) for o in saved[:5])
        if len(saved) > 5:
            files = _("{files} and {count} more").format(files=files, count=len(saved) - 5)
        left = len(to_review(root))
        if saved:
            done = ngettext(
                "Stopped. {count} decision was saved ({files}); {left} still to review: run "
                "stemeco assets review again.",
                "Stopped. {count} decisions were saved ({files}); {left} still to review: run "
                "stemeco assets review again.",
                len(saved),
            )
        else:
            done = _(
                "Stopped. No decision was saved; {left} still to review: run stemeco assets "
                "review again."
            )
        typer.echo("\n" + done.format(count=len(saved), files=files, left=left), err=True)
        raise typer.Exit(130) from None
    _summary(outcomes, len(to_review(root)))


def _outcome_files(root: Path, outcome: Any) -> str:
    if outcome.kind == "merged":
        return _("{removed} merged into {file}").format(
            removed=file_of(root, outcome.removed), file=file_of(root, outcome.written)
        )
    return file_of(root, outcome.written)


def _outcome_line(root: Path, outcome: Any) -> str:
    if outcome.kind == "skipped":
        return _("{name}: skipped.").format(name=outcome.name)
    if outcome.kind == "merged":
        return _("{name}: merged into {other} ({file}; {removed} removed).").format(
            name=outcome.name,
            other=outcome.into,
            file=file_of(root, outcome.written),
            removed=file_of(root, outcome.removed),
        )
    said = "; ".join(outcome.changes) or _("nothing to change")
    return _("{name}: {changes} ({file}).").format(
        name=outcome.name, changes=said, file=file_of(root, outcome.written)
    )


def _summary(outcomes: list[Any], left: int) -> None:
    count = {k: sum(o.kind == k for o in outcomes) for k in ("accepted", "changed", "merged")}
    saved = sum(count.values())
    skipped = len(outcomes) - saved
    done = ngettext(
        "Saved {count} decision: {accepted} accepted, {changed} changed, {merged} merged",
        "Saved {count} decisions: {accepted} accepted, {changed} changed, {merged} merged",
        saved,
    ).format(count=saved, **count)
    if skipped:
        done = _("{saved}; {skipped} skipped").format(saved=done, skipped=skipped)
    layout.echo(_("{saved}. {left} still to review.").format(saved=done, left=left))
    layout.echo(_("Next: stemeco gaps shows the continuum."))


def edit(
    name: NameArgument,
    project: ProjectOption = None,
    sector: Annotated[
        str | None,
        typer.Option(
            "--sector", metavar="GROUP", help="Its stakeholder group, as an id or its label."
        ),
    ] = None,
    stage: Annotated[
        list[str] | None,
        typer.Option(
            "--stage",
            metavar="STAGE",
            help="Add a stage it serves (repeat), as an id or its label.",
        ),
    ] = None,
    remove_stage: Annotated[
        list[str] | None,
        typer.Option("--remove-stage", metavar="STAGE", help="Take a stage away (repeat)."),
    ] = None,
    pillar: Annotated[
        list[str] | None,
        typer.Option(
            "--pillar",
            metavar="PILLAR",
            help="Add a pillar it works on (repeat), as an id or its label.",
        ),
    ] = None,
    remove_pillar: Annotated[
        list[str] | None,
        typer.Option("--remove-pillar", metavar="PILLAR", help="Take a pillar away (repeat)."),
    ] = None,
    add_program: Annotated[
        list[str] | None,
        typer.Option("--add-program", metavar="NAME", help="Add a program by its name (repeat)."),
    ] = None,
    location: Annotated[
        str | None,
        typer.Option("--location", metavar="TEXT", help="Where it is (an empty text removes it)."),
    ] = None,
    website: Annotated[
        str | None,
        typer.Option("--website", metavar="URL", help="Its website (an empty text removes it)."),
    ] = None,
    reviewed: Annotated[
        bool,
        typer.Option("--reviewed", help="Mark it reviewed: needs_review false, reason removed."),
    ] = False,
) -> None:
    """Change an organisation of the asset map: sector, stages, pillars, programs, location.

    --stage and --pillar add to what it has; --remove-stage and --remove-pillar take
    away. Comments written in its file are kept.
    """
    from stemeco.community.edits import edit_organisation
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    given = [sector, stage, remove_stage, pillar, remove_pillar, add_program, location, website]
    if all(not g and g != "" for g in given) and not reviewed:
        raise UsageError(
            _("nothing to change for '{name}'").format(name=name),
            hint=_("pass {options} or {last}").format(
                options="--sector, --stage, --remove-stage, --pillar, --remove-pillar, "
                "--add-program, --location, --website",
                last="--reviewed",
            ),
        )
    edited = edit_organisation(
        proj.root,
        name,
        sector=sector,
        add_stages=stage or [],
        remove_stages=remove_stage or [],
        add_pillars=pillar or [],
        remove_pillars=remove_pillar or [],
        programs=add_program or [],
        location=location,
        website=website,
        reviewed=reviewed,
    )
    where = file_of(proj.root, edited.path)
    if not edited.changes:
        layout.echo(
            _("Nothing to change: {name} ({file}) already is so.").format(
                name=edited.name, file=where
            )
        )
        return
    layout.echo(
        _("Updated {file} ({name}): {changes}.").format(
            file=where, name=edited.name, changes="; ".join(edited.changes)
        )
    )


def remove(
    name: NameArgument,
    project: ProjectOption = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove without asking (needed without a terminal).")
    ] = False,
) -> None:
    """Remove an organisation (its file, with its programs) from the asset map."""
    from stemeco.community.edits import lookup, remove_organisation
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    org = lookup(proj.root, name)
    what = f"{org.name} ({file_of(proj.root, org.path)}, {programs(len(org.programs))})"
    if not yes:
        if not _ask.interactive():
            raise NotATerminal(
                _("stemeco assets remove asks before it deletes, and there is no terminal to ask"),
                hint=_("pass --yes to remove {organisation}").format(organisation=what),
            )
        from stemeco.ui.prompts import confirm

        if not confirm(_("Remove {organisation}?").format(organisation=what), default=False):
            typer.echo(_("Nothing was removed."))
            return
    remove_organisation(proj.root, org.name)
    layout.echo(_("Removed {organisation}.").format(organisation=what))


def merge(
    keep: Annotated[
        str, typer.Argument(metavar="KEEP", help="The organisation to keep (name or alias).")
    ],
    other: Annotated[
        str,
        typer.Argument(
            metavar="OTHER", help="The same organisation listed again: merged, removed."
        ),
    ],
    project: ProjectOption = None,
) -> None:
    """Merge OTHER into KEEP: one organisation listed twice under two names.

    KEEP's fields stay and those it lacks are filled from OTHER; OTHER's programs
    and provenance are added (each once); OTHER's file is removed and its name kept
    as an alias of KEEP, so a later import of a roster listing OTHER finds KEEP.
    """
    from stemeco.community.edits import merge_organisations
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    done = merge_organisations(proj.root, keep, other)
    kept, gone = done.keep, done.other
    added = len(done.programs_added)
    parts = [ngettext("{count} program added", "{count} programs added", added).format(count=added)]
    if done.programs_same:
        parts.append(
            ngettext(
                "{count} program already there",
                "{count} programs already there",
                done.programs_same,
            ).format(count=done.programs_same)
        )
    if done.filled:
        parts.append(_("filled in: {fields}").format(fields=", ".join(done.filled)))
    if done.review_resolved:
        parts.append(_("its review note about '{name}' is settled").format(name=gone.name))
    layout.echo(
        _("Merged '{other}' into '{name}': {changes}.").format(
            other=gone.name, name=kept.name, changes="; ".join(parts)
        )
    )
    if done.aliases:
        names = ", ".join(f"'{a}'" for a in done.aliases)
        layout.echo(
            ngettext(
                "{names} kept as an alias of '{name}': an import that lists it finds '{name}'.",
                "{names} kept as aliases of '{name}': an import that lists them finds '{name}'.",
                len(done.aliases),
            ).format(names=names, name=kept.name)
        )
    layout.echo(
        _("Updated {file}; removed {removed}.").format(
            file=file_of(proj.root, kept.path), removed=file_of(proj.root, gone.path)
        )
    )
