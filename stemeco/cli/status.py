"""stemeco status"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from stemeco.cli import layout
from stemeco.cli.options import ProjectOption
from stemeco.i18n import _, formatting

MARKS = {"done": "[x]", "in_progress": "[~]", "missing": "[ ]"}


def status(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Where the project stands on the whole process, and the next action."""
    from stemeco.project.folder import Project
    from stemeco.project.status import MILESTONES, milestone_title, report

    proj = Project.locate(project)
    result = report(proj)
    if as_json:
        typer.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    layout.echo(
        _("{municipality} STEM Learning Ecosystem").format(municipality=result.municipality)
    )
    for number in MILESTONES:
        items = [i for i in result.items if i.milestone == number]
        if not items:
            continue
        state = result.milestone_state(number) or "missing"
        typer.echo("")
        layout.echo(f"{MARKS[state]} {number}. {milestone_title(number)}", hanging="    ")
        for item in items:
            detail = f"  ({item.detail})" if item.detail else ""
            layout.echo(f"{MARKS[item.state]} {item.title}{detail}", indent="    ", hanging=" " * 8)
    typer.echo("")
    nxt = result.next_action
    if nxt is not None:
        layout.echo(_("Next: {title}:").format(title=nxt.title), hanging="  ")
        for line in layout.command_lines(nxt.action):
            typer.echo(line)
    elif (due := result.next_due) is not None:
        layout.echo(
            _("Next: nothing to do until {day} ({title}); then:").format(
                day=formatting.date(due.due), title=due.title
            ),
            hanging="  ",
        )
        for line in layout.command_lines(due.action):
            typer.echo(line)
    elif (other := result.unassisted) is not None:
        layout.echo(
            _("Next: {title}: {detail}").format(title=other.title, detail=other.detail),
            hanging="  ",
        )
    else:
        layout.echo(_("Next: nothing is missing. Keep measuring and assessing."), hanging="  ")
