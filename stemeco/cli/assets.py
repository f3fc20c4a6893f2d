"""stemeco assets add | list | review | edit | remove | merge | import"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from stemeco.cli import ask as _ask
from stemeco.cli import layout
from stemeco.cli.options import ProjectOption, command_group
from stemeco.errors import NotATerminal, UsageError

app = command_group(
    "assets",
    "The STEM asset map (assets/, one file per organisation): add, list, review, edit, "
    "remove, merge, import.",
)


@app.command("add")
def add(
    project: ProjectOption = None,
    name: Annotated[str | None, typer.Option("--name", help="The organisation's name.")] = None,
    sector: Annotated[
        str | None,
        typer.Option(
            "--sector",
            metavar="GROUP",
            help='Its stakeholder group, as an id or its label: e.g. stem_rich or "Business '
            'and industry".',
        ),
    ] = None,
    stage: Annotated[
        list[str] | None,
        typer.Option(
            "--stage",
            help="A stage it serves (repeat), as an id or its label: early_childhood, "
            "elementary, middle, high_school, post_secondary, employment or family.",
        ),
    ] = None,
    pillar: Annotated[
        list[str] | None,
        typer.Option(
            "--pillar",
            help="A pillar it works on (repeat), as an id or its label: partnerships, "
            "systems, teaching_learning, measurement or workforce.",
        ),
    ] = None,
    location: Annotated[str | None, typer.Option("--location", help="Where it is.")] = None,
    website: Annotated[str | None, typer.Option("--website", help="Its website.")] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Who or which document the information came from."),
    ] = None,
) -> None:
    """Add an organisation to the asset map (asks for what is not given)."""
    from stemeco.community.assets import ASSET_STAGES, new_organisation
    from stemeco.project.folder import Project
    from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS

    proj = Project.locate(project)
    if name is None or sector is None:
        if not _ask.interactive():
            raise _ask.refuse("stemeco assets add", ["--name", "--sector"])
        name = _ask.text(name, "Organisation name:")
        sector = _ask.choice(sector, "Sector (stakeholder group):", STAKEHOLDER_GROUPS)
        stage = _ask.choices(stage, "Stages of the continuum it serves:", ASSET_STAGES)
        pillar = _ask.choices(pillar, "Pillars it works on:", PILLARS)
        location = _ask.text(location, "Location:", required=False)
        website = _ask.text(website, "Website:", required=False)
        source = _ask.text(source, "Source (a person or a document):", required=False)
    path = new_organisation(
        proj.root,
        name=name,
        sector=sector,
        stages=stage or [],
        pillars=pillar or [],
        location=location or "",
        website=website or "",
        source=source or "entered with stemeco assets add",
    )
    typer.echo(f"Added {path.relative_to(proj.root).as_posix()}.")


@app.command("list")
def list_assets(
    project: ProjectOption = None,
    sector: Annotated[
        str | None,
        typer.Option(
            "--sector",
            metavar="GROUP",
            help="Only this stakeholder group, as an id or its label (or unassigned).",
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help="Only those serving this stage, as an id or its label."),
    ] = None,
    needs_review: Annotated[
        bool, typer.Option("--needs-review", help="Only records flagged for review.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """The organisations of the asset map, filtered by sector, stage or review flag."""
    from stemeco.community.assets import ASSET_STAGES, SECTOR_COLUMNS, filter_assets, load_assets
    from stemeco.project.folder import Project
    from stemeco.text import plural

    proj = Project.locate(project)
    orgs = filter_assets(
        load_assets(proj.root),
        sector=sector,
        stage=stage,
        needs_review=True if needs_review else None,
    )
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "file": o.path.relative_to(proj.root).as_posix(),
                        "name": o.name,
                        "sector": o.sector,
                        "stages": o.served_stages,
                        "programs": len(o.programs),
                        "needs_review": o.needs_review,
                        "review_reason": o.review_reason or None,
                    }
                    for o in orgs
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for o in orgs:
        # One paragraph per organisation, every part whole: name, sector, programs, stages.
        parts = [o.name, SECTOR_COLUMNS[o.sector_column], plural(len(o.programs), "program")]
        parts.append("; ".join(ASSET_STAGES[s] for s in o.served_stages) or "no stage")
        if o.needs_review:
            parts.append("review: " + (o.review_reason or "flagged"))
        layout.echo(" · ".join(parts), hanging="    ")
    layout.echo(f"{len(orgs)} organisation(s).")
    if needs_review and orgs:
        layout.echo(
            "Go through them with stemeco assets review (suggestions, merge, accept), or "
            "one by one with stemeco assets edit NAME ... --reviewed."
        )


# ---------------------------------------------------------------- review, edit, remove, merge
# (issue 12: the asset map without YAML; kept together, before import)

NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="The organisation: its name (any case, accents or punctuation) or an alias.",
    ),
]


def _file(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


@app.command("review")
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
    from stemeco.community.triage import apply_answers, to_review
    from stemeco.project.folder import Project
    from stemeco.text import plural

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
            "Nothing to review: every organisation has a sector, stages and pillars (or was "
            "reviewed), and none is flagged needs_review."
        )
        return
    if not _ask.interactive():
        raise NotATerminal(
            "stemeco assets review needs a terminal to ask (there is none)",
            hint="run it in a terminal, or pass --answers FILE: a YAML mapping of organisation "
            "name to {accept: true}, {sector: ..., stages: [...], pillars: [...]}, "
            "{same_as: NAME} or {skip: true}",
        )
    flagged = sum(1 for o in waiting if o.needs_review)
    parts = [f"{flagged} flagged needs_review"] if flagged else []
    if len(waiting) > flagged:
        parts.append(f"{len(waiting) - flagged} with no sector, stage or pillar yet")
    _walk(proj.root, f"{plural(len(waiting), 'organisation')} to review ({'; '.join(parts)})")


def _walk(root: Path, waiting: str) -> None:
    from stemeco.community.triage import Outcome, to_review, walk
    from stemeco.ui.review import TerminalReviewer

    layout.echo(f"{waiting}. Each decision is saved as you make it; Ctrl-C stops and keeps them.")
    outcomes: list[Outcome] = []
    try:
        walk(root, TerminalReviewer(), outcomes)
    except KeyboardInterrupt:
        saved = [o for o in outcomes if o.saved]
        files = ", ".join(_outcome_files(root, o) for o in saved[:5])
        if len(saved) > 5:
            files += f" and {len(saved) - 5} more"
        left = len(to_review(root))
        done = f"{_decisions(len(saved))} saved ({files})" if saved else "no decision was saved"
        typer.echo(
            f"\nStopped. {done[0].upper()}{done[1:]}; {left} still to review: run stemeco "
            "assets review again.",
            err=True,
        )
        raise typer.Exit(130) from None
    _summary(outcomes, len(to_review(root)))


def _decisions(count: int) -> str:
    return f"{count} decision" + (" was" if count == 1 else "s were")


def _outcome_files(root: Path, outcome: Any) -> str:
    if outcome.kind == "merged":
        return f"{_file(root, outcome.removed)} merged into {_file(root, outcome.written)}"
    return _file(root, outcome.written)


def _outcome_line(root: Path, outcome: Any) -> str:
    if outcome.kind == "skipped":
        return f"{outcome.name}: skipped."
    if outcome.kind == "merged":
        return (
            f"{outcome.name}: merged into {outcome.into} ({_file(root, outcome.written)}; "
            f"{_file(root, outcome.removed)} removed)."
        )
    said = "; ".join(outcome.changes) or "nothing to change"
    return f"{outcome.name}: {said} ({_file(root, outcome.written)})."


def _summary(outcomes: list[Any], left: int) -> None:
    from stemeco.text import plural

    count = {k: sum(o.kind == k for o in outcomes) for k in ("accepted", "changed", "merged")}
    skipped = len(outcomes) - sum(count.values())
    layout.echo(
        f"Saved {plural(sum(count.values()), 'decision')}: {count['accepted']} accepted, "
        f"{count['changed']} changed, {count['merged']} merged"
        + (f"; {skipped} skipped" if skipped else "")
        + f". {left} still to review."
    )
    layout.echo("Next: stemeco gaps shows the continuum.")


@app.command("edit")
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
            f"nothing to change for '{name}'",
            hint="pass --sector, --stage, --remove-stage, --pillar, --remove-pillar, "
            "--add-program, --location, --website or --reviewed",
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
    where = _file(proj.root, edited.path)
    if not edited.changes:
        layout.echo(f"Nothing to change: {edited.name} ({where}) already is so.")
        return
    layout.echo(f"Updated {where} ({edited.name}): " + "; ".join(edited.changes) + ".")


@app.command("remove")
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
    from stemeco.text import plural

    proj = Project.locate(project)
    org = lookup(proj.root, name)
    what = f"{org.name} ({_file(proj.root, org.path)}, {plural(len(org.programs), 'program')})"
    if not yes:
        if not _ask.interactive():
            raise NotATerminal(
                "stemeco assets remove asks before it deletes, and there is no terminal to ask",
                hint=f"pass --yes to remove {what}",
            )
        from stemeco.ui.prompts import confirm

        if not confirm(f"Remove {what}?", default=False):
            typer.echo("Nothing was removed.")
            return
    remove_organisation(proj.root, org.name)
    layout.echo(f"Removed {what}.")


@app.command("merge")
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
    from stemeco.text import plural

    proj = Project.locate(project)
    done = merge_organisations(proj.root, keep, other)
    kept, gone = done.keep, done.other
    parts = [f"{plural(len(done.programs_added), 'program')} added"]
    if done.programs_same:
        parts.append(f"{plural(done.programs_same, 'program')} already there")
    if done.filled:
        parts.append("filled in: " + ", ".join(done.filled))
    if done.review_resolved:
        parts.append(f"its review note about '{gone.name}' is settled")
    layout.echo(f"Merged '{gone.name}' into '{kept.name}': " + "; ".join(parts) + ".")
    if done.aliases:
        names = ", ".join(f"'{a}'" for a in done.aliases)
        layout.echo(
            f"{names} kept as an alias of '{kept.name}': an import that lists it finds "
            f"'{kept.name}'."
        )
    layout.echo(f"Updated {_file(proj.root, kept.path)}; removed {_file(proj.root, gone.path)}.")


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE.csv [OUT.yaml]",
            dir_okay=False,
            help="A CSV export (and, with --suggest-map, where to write the mapping).",
        ),
    ],
    project: ProjectOption = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="organisations or programs (default: guessed from the columns)."
        ),
    ] = None,
    map_: Annotated[
        str | None,
        typer.Option(
            "--map",
            metavar="FILE_OR_NAME",
            help="A mapping file of columns and values, or a built-in one (san-diego).",
        ),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column", metavar="FIELD=HEADER", help="Read FIELD from the column HEADER (repeat)."
        ),
    ] = None,
    allow_unknown: Annotated[
        bool,
        typer.Option(
            "--allow-unknown",
            help="Import rows with unmapped values anyway, marked needs_review.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    suggest_map: Annotated[
        bool,
        typer.Option(
            "--suggest-map",
            help="Import nothing: write a starting mapping file from the roster's headers and "
            "values to OUT.yaml (default: FILE.map.yaml beside it); never overwrites.",
        ),
    ] = False,
) -> None:
    """Import organisations or programs from a spreadsheet or survey export (CSV), or write
    a starting mapping file for one (--suggest-map)."""
    from contextlib import nullcontext

    from stemeco.community.importer import ImportInterrupted, import_csv
    from stemeco.community.sources import KINDS
    from stemeco.project.folder import Project
    from stemeco.storage.lock import project_lock
    from stemeco.text import plural

    if kind is not None and kind not in KINDS:
        raise UsageError(f"--kind '{kind}' is not organisations or programs")
    overrides: dict[str, str] = {}
    for item in column or []:
        field_name, sep, header = item.partition("=")
        if not sep or not field_name.strip() or not header.strip():
            raise UsageError(f"--column '{item}' must be FIELD=HEADER", hint="e.g. name=Partner")
        overrides[field_name.strip()] = header.strip()
    if len(files) > 2 or (len(files) == 2 and not suggest_map):
        raise UsageError(
            f"one FILE.csv at a time (given: {', '.join(str(f) for f in files)})",
            hint="a second file (OUT.yaml) only goes with --suggest-map",
        )
    file = files[0]
    if suggest_map:
        from stemeco.community.suggest_map import suggest_mapping

        given = [flag for flag, on in (("--map", map_), ("--allow-unknown", allow_unknown),
                                       ("--dry-run", dry_run)) if on]  # fmt: skip
        if given:
            raise UsageError(
                f"--suggest-map imports nothing: {', '.join(given)} does not apply",
                hint="write the mapping first, then import with --map",
            )
        made = suggest_mapping(
            file,
            files[1] if len(files) == 2 else None,
            kind=kind,
            overrides=overrides,
        )
        todo = made.flags_open + made.sectors_open
        typer.echo(
            f"Wrote {made.path}: {plural(made.columns, 'column')} of {made.kind}, "
            f"{plural(made.flags, 'Yes/No column')}, {plural(made.sectors, 'sector value')}"
            + (f"; {todo} left for you (marked TO DO)." if todo else ".")
        )
        typer.echo(f"Check it, then: stemeco assets import {file} --map {made.path}")
        return
    proj = Project.locate(project)
    try:
        with nullcontext() if dry_run else project_lock(proj.root):
            report = import_csv(
                proj.root,
                file,
                kind=kind,
                mapping_spec=map_,
                overrides=overrides,
                allow_unknown=allow_unknown,
                dry_run=dry_run,
            )
    except ImportInterrupted as stop:
        done = ", ".join(p.relative_to(proj.root).as_posix() for p in stop.written) or "none"
        typer.echo(
            f"\nInterrupted while writing: {len(stop.written)} of {stop.total} file(s) written, "
            f"each one whole ({done}). Import the same file again to write the rest.",
            err=True,
        )
        raise typer.Exit(130) from None
    echo = typer.echo
    echo(f"{file.name}: {report.rows} {report.kind} rows, mapping: {report.mapping}.")
    if report.placeholders:
        shown = ", ".join(f"'{t}' x{n}" for t, n in report.placeholders.most_common(6))
        more = len(report.placeholders) - 6
        echo(
            f"Read as empty ({plural(report.placeholders.total(), 'placeholder text')}): "
            f"{shown}" + (f" and {more} more" if more > 0 else "") + "."
        )
    if report.unknown:
        echo("Unmapped values (records marked needs_review):")
        for u in report.unknown:
            echo(f"  {u.shown_field}: '{u.value}' x{len(u.rows)}")
    if report.duplicates:
        echo("Likely duplicates (marked needs_review):")
        for note in report.duplicates:
            echo(f"  row {note.row}: {note.text}")
    if report.repeats:
        echo("Rows repeating an earlier row:")
        for note in report.repeats:
            echo(f"  row {note.row}: {note.text}")
    if report.loose_links:
        echo("Matched with a slightly different name:")
        for note in report.loose_links:
            echo(f"  row {note.row}: {note.text}")
    if report.unmatched:
        total = sum(len(r) for r in report.unmatched.values())
        echo(
            f"Programs whose partner is not in the list of organisations "
            f"({total} programs, {len(report.unmatched)} names; a record marked needs_review "
            "holds them):"
        )
        for partner, rows in sorted(report.unmatched.items()):
            hint = report.unmatched_hint.get(partner)
            rows_text = ", ".join(str(r) for r in rows)
            echo(f"  '{partner}' (row {rows_text})" + (f"; closest: '{hint}'" if hint else ""))
    verb = "Would create" if dry_run else "Created"
    echo(
        f"{verb} {len(report.created)} file(s), "
        f"{'would update' if dry_run else 'updated'} {len(report.updated)}, "
        f"{report.unchanged} unchanged." + (" Dry run: nothing was written." if dry_run else "")
    )
    if not dry_run:
        echo("Next: stemeco gaps, then stemeco render for docs/asset-map.md.")


@app.command("export")
def export_(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="kumu|geojson",
            help="kumu: two CSV files (elements, then connections) to import into a Kumu map; "
            "geojson: a map layer for QGIS, ArcGIS or uMap.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="A folder for kumu, a file for geojson (default: exports/ in the project, "
            "which git ignores).",
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Export the asset map for Kumu (a network map) or as GeoJSON (a map of places)."""
    from collections import Counter

    from stemeco.cli.options import shown_path
    from stemeco.community.exports import export_assets
    from stemeco.project.folder import Project
    from stemeco.text import plural

    proj = Project.locate(project)
    done = export_assets(proj.root, fmt.lower(), output)
    shown = [shown_path(str(p)) for p in done.paths]
    counted = f"{plural(done.organisations, 'organisation')}, {plural(done.programs, 'program')}"
    if done.kumu is not None:
        links = len(done.kumu.connections)
        partners = done.kumu.count("Type", "Partner", of="connections")
        layout.echo(
            f"Wrote {shown[0]} ({counted}) and {shown[1]} ({plural(links, 'connection')}: "
            f"{links - partners} offered by, {partners} between partners)."
        )
        layout.echo(
            "In Kumu, import the elements file first, then the connections file. Every row "
            "has an ID, so importing a newer export into the same map updates it instead "
            "of adding copies."
        )
        if done.kumu.unlinked:
            layout.echo("Partners not on the asset map (no connection drawn):")
            for link in done.kumu.unlinked:
                layout.echo(f"{link.file}: {link.owner} names '{link.partner}'", indent="  ")
        return
    assert done.geo is not None
    located, unlocated = done.geo.located, done.geo.unlocated
    layout.echo(
        f"Wrote {shown[0]} ({counted}): {plural(located['Organisation'], 'organisation')} and "
        f"{plural(located['Program'], 'program')} on the map, {len(unlocated)} without "
        "coordinates."
    )
    if not unlocated:
        return
    layout.echo(
        "Without coordinates (kept with no geometry: a row of QGIS's attribute table, left "
        "off uMap's map); add latitude and longitude to their records:"
    )
    following = Counter(id(u.node.org) for u in unlocated if u.inherited)
    for missing in unlocated:
        node = missing.node
        if missing.inherited:
            continue  # counted with its organisation
        where = node.org.path.relative_to(proj.root).as_posix()
        what = node.name if node.program is None else f"{node.name}, a program of {node.org.name}"
        more = following[id(node.org)] if node.program is None else 0
        also = f"; {plural(more, 'program')} of it too" if more else ""
        layout.echo(f"{what} ({where}): {missing.reason}{also}", indent="  ", hanging="    ")
