"""stemeco launch list | set | done"""

from __future__ import annotations

from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption, command_group

app = command_group("launch", "The soft and hard launches of the ecosystem and of its first work.")

KIND_HELP = "ecosystem-soft, ecosystem-hard, work-soft or work-hard."


@app.command("list")
def list_launches(project: ProjectOption = None) -> None:
    """The four launches: date, audience, what is announced, speakers, done or not."""
    from stemeco.plan.launches import read_launches
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    for kind, launch in read_launches(proj).items():
        state = "done" if launch.done else ("planned" if launch.planned else "not planned")
        typer.echo(f"{kind:<15} {launch.date or '----------':<10}  {state:<11} {launch.label}")
        if launch.audience:
            typer.echo(f"{'':<17}audience: {launch.audience}")
        if launch.announcement:
            typer.echo(f"{'':<17}announces: {launch.announcement}")
        if launch.speakers:
            typer.echo(f"{'':<17}speakers: {', '.join(launch.speakers)}")


@app.command("set")
def set_launch(
    kind: Annotated[str, typer.Argument(metavar="KIND", help=KIND_HELP)],
    project: ProjectOption = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="The launch date.")
    ] = None,
    audience: Annotated[str | None, typer.Option("--audience", help="Who is invited.")] = None,
    announcement: Annotated[
        str | None, typer.Option("--announce", help="What is announced.")
    ] = None,
    speakers: Annotated[
        list[str] | None,
        typer.Option("--speaker", help="Who speaks (repeat for each; replaces the list)."),
    ] = None,
    done: Annotated[
        bool | None, typer.Option("--done/--not-done", help="Whether it has taken place.")
    ] = None,
) -> None:
    """Plan a launch or change its details; options left out keep their value."""
    from stemeco.errors import UsageError
    from stemeco.plan.launches import check_kind
    from stemeco.plan.launches import set_launch as store
    from stemeco.project.folder import Project

    check_kind(kind)
    changes = {
        "date": date,
        "audience": audience,
        "announcement": announcement,
        "speakers": speakers or None,
        "done": done,
    }
    if all(v is None for v in changes.values()):
        raise UsageError(
            "nothing to set", hint="give --date, --audience, --announce, --speaker or --done"
        )
    proj = Project.locate(project)
    launch = store(proj, kind, changes)
    state = "done" if launch.done else "planned"
    typer.echo(f"{launch.label}: {launch.date or 'no date yet'}, {state} (launches.yaml).")


@app.command("done")
def mark_done(
    kind: Annotated[str, typer.Argument(metavar="KIND", help=KIND_HELP)],
    project: ProjectOption = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="When it took place (default: as planned)."
        ),
    ] = None,
) -> None:
    """Mark a launch as held."""
    from stemeco.errors import UsageError
    from stemeco.plan.launches import check_kind, read_launches
    from stemeco.plan.launches import set_launch as store
    from stemeco.project.folder import Project
    from stemeco.text import date_option

    check_kind(kind)
    proj = Project.locate(project)
    current = read_launches(proj)[kind]
    when = date_option(date) if date is not None or not current.date else current.date
    if current.done and date is None:
        raise UsageError(f"the {current.label.lower()} is already marked done ({current.date})")
    launch = store(proj, kind, {"date": when, "done": True})
    typer.echo(f"{launch.label} marked done on {launch.date} (launches.yaml).")
