"""stemeco calendar [--ics FILE] | add | edit | done | remove"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from stemeco.cli import ask as _ask
from stemeco.cli.options import ProjectOption, command_group
from stemeco.i18n import _, formatting, ngettext

app = command_group(
    "calendar",
    "The design calendar (calendar.yaml): show it, export it, add, edit and remove events.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@app.callback()
def show(
    ctx: typer.Context,
    project: ProjectOption = None,
    today: Annotated[
        str | None,
        typer.Option("--today", metavar="YYYY-MM-DD", help="Judge what is overdue on this date."),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", metavar="FILE", dir_okay=False, help="Also write an iCalendar (.ics) file."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Show the design calendar with what is overdue; --ics exports it."""
    if ctx.invoked_subcommand is not None:
        return

    from stemeco.community.calendar import read_calendar, to_ics
    from stemeco.project.folder import Project
    from stemeco.storage.files import atomic_write_text
    from stemeco.text import require_date
    from stemeco.text import today as current_day

    proj = Project.locate(project)
    now = require_date(today, "--today") if today is not None else current_day()
    events = read_calendar(proj.root)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "today": now.isoformat(),
                    "events": [
                        {
                            "id": e.id,
                            "title": e.title,
                            "date": e.date.isoformat(),
                            "end": e.end.isoformat() if e.end else None,
                            "kind": e.kind,
                            "part_of": e.part_of or None,
                            "done": e.done,
                            "overdue": e.overdue(now),
                        }
                        for e in events
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    elif not events:
        typer.echo(_("The design calendar is empty. Add events with 'stemeco calendar add'."))
    else:
        overdue = [e for e in events if e.overdue(now)]
        for e in events:
            mark = "[x]" if e.done else ("[!]" if e.overdue(now) else "[ ]")
            when = _span(e.date, e.end)
            part = f"  ({e.part_of})" if e.part_of else ""
            typer.echo(f"{mark} {when:<24} {e.kind:<9} {e.title}{part}  [{e.id}]")
        typer.echo("")
        if overdue:
            typer.echo(
                ngettext(
                    "{count} overdue on {date}: {titles}. Mark one done with: {command}",
                    "{count} overdue on {date}: {titles}. Mark one done with: {command}",
                    len(overdue),
                ).format(
                    count=len(overdue),
                    date=formatting.date(now),
                    titles="; ".join(e.title for e in overdue),
                    command="stemeco calendar done ID",
                )
            )
        else:
            typer.echo(_("Nothing is overdue on {date}.").format(date=formatting.date(now)))
    if ics is not None:
        stamp = dt.datetime.combine(now, dt.time(0, 0), tzinfo=dt.UTC)
        data = to_ics(events, proj.manifest.municipality, stamp).decode("utf-8")
        atomic_write_text(ics, data)  # CRLF line ends kept: no newline translation
        wrote = ngettext(
            "Wrote {count} event to {file}.", "Wrote {count} events to {file}.", len(events)
        )
        typer.echo(wrote.format(count=len(events), file=ics), err=as_json)


@app.command("add")
def add(
    project: ProjectOption = None,
    title: Annotated[str | None, typer.Option("--title", help="What happens.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="The (first) day.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", metavar="YYYY-MM-DD", help="The last day, if several.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="studio, milestone, meeting or launch.")
    ] = None,
    part_of: Annotated[
        str | None,
        typer.Option(
            "--part-of", metavar="ID", help="The studio (studio-2) or milestone (milestone-1)."
        ),
    ] = None,
    event_id: Annotated[
        str | None, typer.Option("--id", help="A short id (default: from the title).")
    ] = None,
    done: Annotated[bool, typer.Option("--done", help="It has already happened.")] = False,
) -> None:
    """Add a dated session or milestone to the design calendar."""
    from stemeco.community.calendar import KINDS, add_event
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    if title is None or date is None or kind is None:
        if not _ask.interactive():
            raise _ask.refuse("stemeco calendar add", ["--title", "--date", "--kind"])
        title = _ask.text(title, _("Title:"))
        date = _ask.text(date, _("Date (YYYY-MM-DD):"))
        kind = _ask.choice(kind, _("Kind:"), {k: k for k in KINDS})
    event = add_event(
        proj.root,
        title=title,
        date=date,
        kind=kind,
        end=end,
        part_of=part_of,
        event_id=event_id,
        done=done,
    )
    typer.echo(
        _("Added '{title}' on {date} [{id}] to {file}.").format(
            title=event.title, date=formatting.date(event.date), id=event.id, file="calendar.yaml"
        )
    )


EventId = Annotated[
    str, typer.Argument(metavar="ID", help="The event's id (see 'stemeco calendar').")
]


@app.command("edit")
def edit(
    event_id: EventId,
    project: ProjectOption = None,
    title: Annotated[str | None, typer.Option("--title", help="A new title.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="A new (first) day.")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--end", metavar="YYYY-MM-DD", help="A new last day; --end '' makes it one day."
        ),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="studio, milestone, meeting or launch.")
    ] = None,
    part_of: Annotated[
        str | None,
        typer.Option("--part-of", metavar="ID", help="The studio or milestone; '' for none."),
    ] = None,
    new_id: Annotated[
        str | None, typer.Option("--id", help="A new id (the id stays when the title changes).")
    ] = None,
    done: Annotated[
        bool | None, typer.Option("--done/--not-done", help="Whether it has taken place.")
    ] = None,
) -> None:
    """Change an event of the calendar; options left out keep their value, comments stay."""
    from stemeco.community.calendar import edit_event
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    changes = {
        "title": title,
        "date": date,
        "end": end,
        "kind": kind,
        "part_of": part_of,
        "id": new_id,
        "done": done,
    }
    event = edit_event(proj.root, event_id, changes)
    typer.echo(
        _("Updated '{title}' on {date} [{id}] in {file}.").format(
            title=event.title, date=_span(event.date, event.end), id=event.id, file="calendar.yaml"
        )
    )


@app.command("done")
def mark_done(
    event_id: EventId,
    project: ProjectOption = None,
    undo: Annotated[bool, typer.Option("--undo", help="Mark it not done.")] = False,
) -> None:
    """Mark an event of the calendar done (or not done with --undo); not before it begins."""
    from stemeco.community.calendar import mark_done as mark
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    event = mark(proj.root, event_id, not undo)
    marked = _("'{title}' is marked not done.") if undo else _("'{title}' is marked done.")
    typer.echo(marked.format(title=event.title))


@app.command("remove")
def remove(event_id: EventId, project: ProjectOption = None) -> None:
    """Take an event off the calendar (the other events and their comments stay)."""
    from stemeco.community.calendar import remove_event
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    event = remove_event(proj.root, event_id)
    typer.echo(
        _("Removed '{title}' ({date}) from {file}.").format(
            title=event.title, date=formatting.date(event.date), file="calendar.yaml"
        )
    )


def _span(start: dt.date, end: dt.date | None) -> str:
    """An event's days: ``2026-03-01`` or ``2026-03-01 to 2026-03-03``, in the language."""
    if end is None:
        return formatting.date(start)
    return _("{start} to {end}").format(start=formatting.date(start), end=formatting.date(end))
