"""stemeco approve blueprint"""

from __future__ import annotations

from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption
from stemeco.i18n import _, formatting


def approve(
    document: Annotated[
        str, typer.Argument(metavar="DOCUMENT", help="What is approved: blueprint.")
    ],
    by: Annotated[
        str, typer.Option("--by", help="Who approved: the Leadership Team or its chair.")
    ],
    project: ProjectOption = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="When it was approved (default today)."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="A one-line note, e.g. the meeting.")] = "",
) -> None:
    """Record the Leadership Team's approval of the blueprint's current answers."""
    from stemeco.plan.approval import approve as record
    from stemeco.project.folder import STUDIO_IDS, Project
    from stemeco.studios.progress import session_progress
    from stemeco.text import date_option

    proj = Project.locate(project)
    approval = record(proj, document, by, date_option(date, past=True), note)
    unfinished = [
        p.name for p in session_progress(proj) if p.id in STUDIO_IDS and p.status != "complete"
    ]
    typer.echo(
        _("Recorded the approval of the blueprint by {name} on {date} in {file}.").format(
            name=approval.by, date=formatting.date(approval.date), file="approvals.yaml"
        )
    )
    if unfinished:
        typer.echo(_("Note: still unfinished: {studios}.").format(studios=", ".join(unfinished)))
    typer.echo(_("It stays valid until a studio answer changes. Next: stemeco render"))
