"""stemeco launch list | set | done"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption, command_group
from stemeco.i18n import _, formatting

app = command_group("launch", "The soft and hard launches of the ecosystem and of its first work.")

KIND_HELP = "ecosystem-soft, ecosystem-hard, work-soft or work-hard."


@app.command("list")
def list_launches(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """The four launches: date, audience, what is announced, speakers, done or not."""
    from stemeco.plan.launches import read_launches
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    launches = read_launches(proj)
    if as_json:
        rows = [
            {
                "kind": kind,
                "label": launch.label,
                "milestone": launch.milestone,
                "date": launch.date or None,
                "audience": launch.audience or None,
                "announcement": launch.announcement or None,
                "speakers": list(launch.speakers),
                "done": launch.done,
            }
            for kind, launch in launches.items()
        ]
        typer.echo(json.dumps({"launches": rows}, indent=2, ensure_ascii=False))
        return
    for kind, launch in launches.items():
        state = _state(launch.done, launch.planned)
        when = formatting.date(launch.date) or "----------"
        typer.echo(f"{kind:<15} {when:<11} {state:<11} {launch.label}")
        if launch.audience:
            typer.echo(f"{'':<17}" + _("audience: {text}").format(text=launch.audience))
        if launch.announcement:
            typer.echo(f"{'':<17}" + _("announces: {text}").format(text=launch.announcement))
        if launch.speakers:
            speakers = ", ".join(launch.speakers)
            typer.echo(f"{'':<17}" + _("speakers: {names}").format(names=speakers))


def _state(done: bool, planned: bool) -> str:
    if done:
        return _("done")
    return _("planned") if planned else _("not planned")


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
            _("nothing to set"), hint=_("give --date, --audience, --announce, --speaker or --done")
        )
    proj = Project.locate(project)
    launch, notes = store(proj, kind, changes)
    typer.echo(
        _("{launch}: {date}, {state} ({file}).").format(
            launch=launch.label,
            date=formatting.date(launch.date) or _("no date yet"),
            state=_state(launch.done, True),
            file="launches.yaml",
        )
    )
    for note in notes:
        typer.echo(_("Note: {note}.").format(note=note))


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
    """Mark a launch as held: on its planned date, or on --date (not in the future)."""
    from stemeco.errors import UsageError
    from stemeco.plan.launches import check_kind, read_launches
    from stemeco.plan.launches import set_launch as store
    from stemeco.project.folder import Project
    from stemeco.text import date_option, future_problem

    check_kind(kind)
    proj = Project.locate(project)
    current = read_launches(proj)[kind]
    if current.done and date is None:
        raise UsageError(
            _("the {launch} is already marked done ({date})").format(
                launch=current.label.lower(), date=formatting.date(current.date)
            )
        )
    if date is not None or not current.date:
        when = date_option(date, past=True)
    else:
        when = current.date
        planned = current.day
        late = future_problem(planned) if planned is not None else None
        if late is not None:
            raise UsageError(
                _("the {launch} has not taken place yet: {problem}").format(
                    launch=current.label.lower(), problem=late
                ),
                hint=_(
                    "mark it done once it has; if it took place early, give the day with --date"
                ),
            )
    launch, notes = store(proj, kind, {"date": when, "done": True})
    typer.echo(
        _("{launch} marked done on {date} ({file}).").format(
            launch=launch.label, date=formatting.date(launch.date), file="launches.yaml"
        )
    )
    for note in notes:
        typer.echo(_("Note: {note}.").format(note=note))
