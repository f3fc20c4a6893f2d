"""stemeco indicators list | record | add | edit | remove"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption, command_group
from stemeco.i18n import _, formatting

app = command_group(
    "indicators",
    "Indicators of success: list them, record measurements, add, edit and remove added ones.",
)


@app.command("list")
def list_indicators(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Every indicator with its id, latest value, progress and whether it is on track."""
    from stemeco.plan.indicator_sheet import rows
    from stemeco.plan.indicators import overview
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    if as_json:
        typer.echo(json.dumps({"indicators": rows(proj)}, indent=2, ensure_ascii=False))
        return
    table = overview(proj)
    if not table:
        typer.echo(_("No indicators yet: define them in Studio IV (stemeco studio run 4)"))
        typer.echo(_("or add one with 'stemeco indicators add'."))
        return
    for indicator, prog in table:
        latest = (
            _("latest {value} on {date}").format(
                value=f"{prog.latest.value:g}", date=formatting.date(prog.latest.date)
            )
            if prog.latest
            else _("no measurement yet")
        )
        typer.echo(f"{indicator.id}")
        pillar = indicator.pillar_label or _("no pillar")
        typer.echo(f"    {indicator.name} ({pillar})")
        line = _("baseline {baseline} -> target {target} by {date}").format(
            baseline=indicator.baseline or "?",
            target=indicator.target or "?",
            date=formatting.date(indicator.target_date) or "?",
        )
        typer.echo(f"    {line}")
        typer.echo(f"    {latest}; {prog.label}: {prog.explanation}")


@app.command("record")
def record(
    indicator: Annotated[str, typer.Argument(metavar="ID", help="The indicator's id (see list).")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The measured value, a number.")],
    project: ProjectOption = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="When it was measured (default today)."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="A one-line note on the measurement.")] = "",
) -> None:
    """Record a measurement of an indicator (appended to measurements/ID.yaml)."""
    from stemeco.plan.indicators import progress, read_measurements, record_measurement
    from stemeco.project.folder import Project
    from stemeco.text import date_option

    proj = Project.locate(project)
    when = date_option(date, past=True)
    found, measurement, path = record_measurement(proj, indicator, value, when, note)
    prog = progress(found, read_measurements(proj, found.id))
    typer.echo(
        _("Recorded {value} for '{name}' on {date} in {file}.").format(
            value=f"{measurement.value:g}",
            name=found.name,
            date=formatting.date(measurement.date),
            file=path.relative_to(proj.root).as_posix(),
        )
    )
    typer.echo(f"{prog.label}: {prog.explanation}")


@app.command("add")
def add(
    name: Annotated[str, typer.Option("--name", help="A short name partners recognise.")],
    pillar: Annotated[
        str,
        typer.Option(
            "--pillar",
            help="partnerships, systems, teaching_learning, measurement or workforce.",
        ),
    ],
    project: ProjectOption = None,
    definition: Annotated[
        str | None, typer.Option("--definition", help="Exactly what is counted, and how.")
    ] = None,
    baseline: Annotated[str | None, typer.Option("--baseline", help="Where we are today.")] = None,
    baseline_date: Annotated[
        str | None,
        typer.Option("--baseline-date", metavar="YYYY-MM-DD", help="When the baseline held."),
    ] = None,
    target: Annotated[str | None, typer.Option("--target", help="The value we aim for.")] = None,
    target_date: Annotated[
        str | None, typer.Option("--target-date", metavar="YYYY-MM-DD", help="By when.")
    ] = None,
    data_source: Annotated[
        str | None, typer.Option("--data-source", help="Where the numbers come from.")
    ] = None,
    frequency: Annotated[
        str | None,
        typer.Option("--frequency", help="monthly, quarterly, twice_yearly or yearly."),
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Who is responsible.")] = None,
    ident: Annotated[
        str | None, typer.Option("--id", help="The id (default: made from the name).")
    ] = None,
) -> None:
    """Add an indicator beyond Studio IV's (written to indicators/ID.yaml)."""
    from stemeco.plan.indicators import add_indicator
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    values = {
        "name": name,
        "pillar": pillar,
        "definition": definition,
        "baseline": baseline,
        "baseline_date": baseline_date,
        "target": target,
        "target_date": target_date,
        "data_source": data_source,
        "frequency": frequency,
        "owner": owner,
    }
    path = add_indicator(proj, values, ident)
    typer.echo(
        _("Added the indicator '{id}' in {file}.").format(
            id=path.stem, file=path.relative_to(proj.root).as_posix()
        )
    )
    typer.echo(
        _("Record a measurement with: {command}").format(
            command=f"stemeco indicators record {path.stem} VALUE"
        )
    )


IndicatorId = Annotated[
    str, typer.Argument(metavar="ID", help="An added indicator's id (see 'indicators list').")
]


@app.command("edit")
def edit(
    indicator: IndicatorId,
    project: ProjectOption = None,
    name: Annotated[str | None, typer.Option("--name", help="A new name (the id stays).")] = None,
    pillar: Annotated[
        str | None,
        typer.Option(
            "--pillar", help="partnerships, systems, teaching_learning, measurement or workforce."
        ),
    ] = None,
    definition: Annotated[
        str | None, typer.Option("--definition", help="Exactly what is counted, and how.")
    ] = None,
    baseline: Annotated[str | None, typer.Option("--baseline", help="Where we started.")] = None,
    baseline_date: Annotated[
        str | None,
        typer.Option("--baseline-date", metavar="YYYY-MM-DD", help="When the baseline held."),
    ] = None,
    target: Annotated[str | None, typer.Option("--target", help="The value we aim for.")] = None,
    target_date: Annotated[
        str | None, typer.Option("--target-date", metavar="YYYY-MM-DD", help="By when.")
    ] = None,
    data_source: Annotated[
        str | None, typer.Option("--data-source", help="Where the numbers come from.")
    ] = None,
    frequency: Annotated[
        str | None,
        typer.Option("--frequency", help="monthly, quarterly, twice_yearly or yearly."),
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Who is responsible.")] = None,
) -> None:
    """Change an added indicator (indicators/ID.yaml); '' empties an optional field.

    Studio IV's indicators are changed in the studio: stemeco studio run 4 --step indicators.
    """
    from stemeco.plan.indicators import edit_indicator
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    values = {
        "name": name,
        "pillar": pillar,
        "definition": definition,
        "baseline": baseline,
        "baseline_date": baseline_date,
        "target": target,
        "target_date": target_date,
        "data_source": data_source,
        "frequency": frequency,
        "owner": owner,
    }
    path = edit_indicator(proj, indicator, values)
    typer.echo(
        _("Updated the indicator '{id}' in {file}.").format(
            id=indicator, file=path.relative_to(proj.root).as_posix()
        )
    )


@app.command("remove")
def remove(
    indicator: IndicatorId,
    project: ProjectOption = None,
    with_measurements: Annotated[
        bool,
        typer.Option("--with-measurements", help="Delete its recorded measurements too."),
    ] = False,
) -> None:
    """Remove an added indicator; refused while it has measurements, unless asked.

    Studio IV's indicators are removed in the studio: stemeco studio run 4 --step indicators.
    """
    from stemeco.plan.indicators import remove_indicator
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    deleted = remove_indicator(proj, indicator, with_measurements=with_measurements)
    shown = formatting.conjoined([p.relative_to(proj.root).as_posix() for p in deleted])
    typer.echo(
        _("Removed the indicator '{id}' (deleted {files}).").format(id=indicator, files=shown)
    )
