"""stemeco status"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from stemeco.cli import layout
from stemeco.cli.options import ProjectOption

MARKS = {"done": "[x]", "in_progress": "[~]", "missing": "[ ]"}


def status(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Where the project stands on the whole process, and the next action."""
    from stemeco.project.folder import Project
    from stemeco.project.status import MILESTONES, report

    proj = Project.locate(project)
    result = report(proj)
    if as_json:
        typer.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    layout.echo(f"{result.municipality} STEM Learning Ecosystem")
    for number, title in MILESTONES.items():
        items = [i for i in result.items if i.milestone == number]
        if not items:
            continue
        state = result.milestone_state(number) or "missing"
        typer.echo("")
        layout.echo(f"{MARKS[state]} {number}. {title}", hanging="    ")
        for item in items:
            detail = f"  ({item.detail})" if item.detail else ""
            layout.echo(f"{MARKS[item.state]} {item.title}{detail}", indent="    ", hanging=" " * 8)
    typer.echo("")
    nxt = result.next_action
    if nxt is not None:
        layout.echo(f"Next: {nxt.title}:", hanging="  ")
        for line in layout.command_lines(nxt.action):
            typer.echo(line)
    elif (due := result.next_due) is not None:
        layout.echo(f"Next: nothing to do until {due.due} ({due.title}); then:", hanging="  ")
        for line in layout.command_lines(due.action):
            typer.echo(line)
    elif (other := result.unassisted) is not None:
        layout.echo(f"Next: {other.title}: {other.detail}", hanging="  ")
    else:
        layout.echo("Next: nothing is missing. Keep measuring and assessing.", hanging="  ")
