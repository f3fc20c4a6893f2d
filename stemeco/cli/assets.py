"""stemeco assets add | list | review | edit | remove | merge | import"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stemeco.cli import ask as _ask
from stemeco.cli import asset_review, layout
from stemeco.cli.asset_review import organisations, programs
from stemeco.cli.options import ProjectOption, command_group
from stemeco.errors import UsageError
from stemeco.i18n import _, ngettext

if TYPE_CHECKING:
    from stemeco.community.importer import ImportReport
    from stemeco.community.sources import Kind

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
    from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS, labels

    proj = Project.locate(project)
    if name is None or sector is None:
        if not _ask.interactive():
            raise _ask.refuse("stemeco assets add", ["--name", "--sector"])
        name = _ask.text(name, _("Organisation name:"))
        sector = _ask.choice(sector, _("Sector (stakeholder group):"), labels(STAKEHOLDER_GROUPS))
        stage = _ask.choices(stage, _("Stages of the continuum it serves:"), labels(ASSET_STAGES))
        pillar = _ask.choices(pillar, _("Pillars it works on:"), labels(PILLARS))
        location = _ask.text(location, _("Location:"), required=False)
        website = _ask.text(website, _("Website:"), required=False)
        source = _ask.text(source, _("Source (a person or a document):"), required=False)
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
    typer.echo(_("Added {file}.").format(file=path.relative_to(proj.root).as_posix()))


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
    from stemeco.community.reasons import reason_text
    from stemeco.project.folder import Project
    from stemeco.vocab import label

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
        parts = [o.name, label(SECTOR_COLUMNS, o.sector_column), programs(len(o.programs))]
        stages = "; ".join(label(ASSET_STAGES, s) for s in o.served_stages)
        parts.append(stages or _("no stage"))
        if o.needs_review:
            why = reason_text(o.review_reason) if o.review_reason else _("flagged")
            parts.append(_("review: {reason}").format(reason=why))
        layout.echo(" · ".join(parts), hanging="    ")
    layout.echo(organisations(len(orgs)) + ".")
    if needs_review and orgs:
        layout.echo(
            _(
                "Go through them with stemeco assets review (suggestions, merge, accept), or "
                "one by one with stemeco assets edit NAME ... --reviewed."
            )
        )


# review, edit, remove, merge: the asset map without YAML (their own module)
for _name in ("review", "edit", "remove", "merge"):
    app.command(_name)(getattr(asset_review, _name))


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
    from stemeco.community.sources import KINDS

    if kind is not None and kind not in KINDS:
        raise UsageError(_("--kind '{kind}' is not organisations or programs").format(kind=kind))
    overrides: dict[str, str] = {}
    for item in column or []:
        field_name, sep, header = item.partition("=")
        if not sep or not field_name.strip() or not header.strip():
            raise UsageError(
                _("--column '{value}' must be FIELD=HEADER").format(value=item),
                hint=_("e.g. {example}").format(example="name=Partner"),
            )
        overrides[field_name.strip()] = header.strip()
    if len(files) > 2 or (len(files) == 2 and not suggest_map):
        raise UsageError(
            _("one FILE.csv at a time (given: {files})").format(
                files=", ".join(str(f) for f in files)
            ),
            hint=_("a second file (OUT.yaml) only goes with --suggest-map"),
        )
    if suggest_map:
        given = [flag for flag, on in (("--map", map_), ("--allow-unknown", allow_unknown),
                                       ("--dry-run", dry_run)) if on]  # fmt: skip
        _suggest_map(files, kind, overrides, given)
        return
    _import(files[0], project, kind, map_, overrides, allow_unknown, dry_run)


def _suggest_map(
    files: list[Path], kind: Kind | None, overrides: dict[str, str], given: list[str]
) -> None:
    """``--suggest-map``: write a starting mapping file, import nothing."""
    from stemeco.community.suggest_map import suggest_mapping

    if given:
        raise UsageError(
            ngettext(
                "--suggest-map imports nothing: {options} does not apply",
                "--suggest-map imports nothing: {options} do not apply",
                len(given),
            ).format(options=", ".join(given)),
            hint=_("write the mapping first, then import with --map"),
        )
    file = files[0]
    made = suggest_mapping(
        file, files[1] if len(files) == 2 else None, kind=kind, overrides=overrides
    )
    todo = made.flags_open + made.sectors_open
    wrote = (
        _("Wrote {file}: {columns} of organisations, {flags}, {sectors}")
        if made.kind == "organisations"
        else _("Wrote {file}: {columns} of programs, {flags}, {sectors}")
    ).format(
        file=made.path,
        columns=ngettext("{count} column", "{count} columns", made.columns).format(
            count=made.columns
        ),
        flags=ngettext("{count} Yes/No column", "{count} Yes/No columns", made.flags).format(
            count=made.flags
        ),
        sectors=ngettext("{count} sector value", "{count} sector values", made.sectors).format(
            count=made.sectors
        ),
    )
    if todo:
        wrote = _("{wrote}; {count} left for you (marked TO DO).").format(wrote=wrote, count=todo)
    else:
        wrote = _("{wrote}.").format(wrote=wrote)
    typer.echo(wrote)
    typer.echo(
        _("Check it, then: {command}").format(
            command=f"stemeco assets import {file} --map {made.path}"
        )
    )


def _import(
    file: Path,
    project: Path | None,
    kind: Kind | None,
    map_: str | None,
    overrides: dict[str, str],
    allow_unknown: bool,
    dry_run: bool,
) -> None:
    """Import one roster and say what it did (or, with ``dry_run``, would do)."""
    from contextlib import nullcontext

    from stemeco.community.importer import ImportInterrupted, import_csv
    from stemeco.project.folder import Project
    from stemeco.storage.lock import project_lock

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
        done = ", ".join(p.relative_to(proj.root).as_posix() for p in stop.written) or _("none")
        typer.echo(
            "\n"
            + ngettext(
                "Interrupted while writing: {count} of {total} file written, each one whole "
                "({files}). Import the same file again to write the rest.",
                "Interrupted while writing: {count} of {total} files written, each one whole "
                "({files}). Import the same file again to write the rest.",
                stop.total,
            ).format(count=len(stop.written), total=stop.total, files=done),
            err=True,
        )
        raise typer.Exit(130) from None
    _report(file, report)


def _report(file: Path, report: ImportReport) -> None:
    """What an import did: the rows read, every note, the files it wrote."""
    echo = typer.echo
    rows = (
        ngettext("{count} row of organisations", "{count} rows of organisations", report.rows)
        if report.kind == "organisations"
        else ngettext("{count} row of programs", "{count} rows of programs", report.rows)
    )
    from stemeco.community.sources import NO_MAPPING

    mapping = _(NO_MAPPING) if report.mapping == NO_MAPPING else report.mapping
    echo(
        _("{file}: {rows}, mapping: {mapping}.").format(
            file=file.name, rows=rows.format(count=report.rows), mapping=mapping
        )
    )
    if report.placeholders:
        shown = ", ".join(f"'{t}' x{n}" for t, n in report.placeholders.most_common(6))
        more = len(report.placeholders) - 6
        if more > 0:
            shown = _("{names} and {count} more").format(names=shown, count=more)
        total = report.placeholders.total()
        echo(
            ngettext(
                "Read as empty ({count} placeholder text): {texts}.",
                "Read as empty ({count} placeholder texts): {texts}.",
                total,
            ).format(count=total, texts=shown)
        )
    if report.unknown:
        echo(_("Unmapped values (records marked needs_review):"))
        for u in report.unknown:
            field = _("Yes/No column '{header}'").format(header=u.field) if u.flag else u.field
            echo(f"  {field}: '{u.value}' x{len(u.rows)}")
    for notes, heading in (
        (report.duplicates, _("Likely duplicates (marked needs_review):")),
        (report.repeats, _("Rows repeating an earlier row:")),
        (report.loose_links, _("Matched with a slightly different name:")),
    ):
        if notes:
            echo(heading)
            for note in notes:
                echo("  " + _("row {row}: {note}").format(row=note.row, note=note.text))
    if report.unmatched:
        total = sum(len(r) for r in report.unmatched.values())
        echo(
            _(
                "Programs whose partner is not in the list of organisations ({programs}, "
                "{names}; a record marked needs_review holds them):"
            ).format(
                programs=programs(total),
                names=ngettext("{count} name", "{count} names", len(report.unmatched)).format(
                    count=len(report.unmatched)
                ),
            )
        )
        for partner, rows_of in sorted(report.unmatched.items()):
            hint = report.unmatched_hint.get(partner)
            where = ngettext("row {rows}", "rows {rows}", len(rows_of)).format(
                rows=", ".join(str(r) for r in rows_of)
            )
            echo(
                "  "
                + (
                    _("'{name}' ({rows}); closest: '{closest}'") if hint else _("'{name}' ({rows})")
                ).format(name=partner, rows=where, closest=hint)
            )
    counts = {
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": report.unchanged,
    }
    if report.dry_run:
        echo(
            ngettext(
                "Would create {created} file, would update {updated}, {unchanged} unchanged. "
                "Dry run: nothing was written.",
                "Would create {created} files, would update {updated}, {unchanged} unchanged. "
                "Dry run: nothing was written.",
                counts["created"],
            ).format(**counts)
        )
        return
    echo(
        ngettext(
            "Created {created} file, updated {updated}, {unchanged} unchanged.",
            "Created {created} files, updated {updated}, {unchanged} unchanged.",
            counts["created"],
        ).format(**counts)
    )
    echo(_("Next: stemeco gaps, then stemeco render for docs/asset-map.md."))


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
    from stemeco.community.exports import ORGANISATION, PROGRAM, export_assets
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    done = export_assets(proj.root, fmt.lower(), output)
    shown = [shown_path(str(p)) for p in done.paths]
    counted = _("{organisations}, {programs}").format(
        organisations=organisations(done.organisations), programs=programs(done.programs)
    )
    if done.kumu is not None:
        links = len(done.kumu.connections)
        partners = done.kumu.partnerships
        layout.echo(
            ngettext(
                "Wrote {elements} ({counted}) and {connections} ({count} connection: "
                "{offered} offered by, {partners} between partners).",
                "Wrote {elements} ({counted}) and {connections} ({count} connections: "
                "{offered} offered by, {partners} between partners).",
                links,
            ).format(
                elements=shown[0],
                counted=counted,
                connections=shown[1],
                count=links,
                offered=links - partners,
                partners=partners,
            )
        )
        layout.echo(
            _(
                "In Kumu, import the elements file first, then the connections file. Every row "
                "has an ID, so importing a newer export into the same map updates it instead "
                "of adding copies."
            )
        )
        if done.kumu.unlinked:
            layout.echo(_("Partners not on the asset map (no connection drawn):"))
            for link in done.kumu.unlinked:
                layout.echo(
                    _("{file}: {name} names '{partner}'").format(
                        file=link.file, name=link.owner, partner=link.partner
                    ),
                    indent="  ",
                )
        return
    assert done.geo is not None
    located, unlocated = done.geo.located, done.geo.unlocated
    layout.echo(
        _(
            "Wrote {file} ({counted}): {organisations} and {programs} on the map, "
            "{unlocated} without coordinates."
        ).format(
            file=shown[0],
            counted=counted,
            organisations=organisations(located[ORGANISATION]),
            programs=programs(located[PROGRAM]),
            unlocated=len(unlocated),
        )
    )
    if not unlocated:
        return
    layout.echo(
        _(
            "Without coordinates (kept with no geometry: a row of QGIS's attribute table, left "
            "off uMap's map); add latitude and longitude to their records:"
        )
    )
    following = Counter(id(u.node.org) for u in unlocated if u.inherited)
    for missing in unlocated:
        node = missing.node
        if missing.inherited:
            continue  # counted with its organisation
        where = node.org.path.relative_to(proj.root).as_posix()
        more = following[id(node.org)] if node.program is None else 0
        if node.program is None:
            what = _("{name} ({file}): {reason}")
        else:
            what = _("{name}, a program of {organisation} ({file}): {reason}")
        line = what.format(
            name=node.name, organisation=node.org.name, file=where, reason=missing.reason
        )
        if more:
            line = ngettext(
                "{line}; {count} program of it too", "{line}; {count} programs of it too", more
            ).format(line=line, count=more)
        layout.echo(line, indent="  ", hanging="    ")
