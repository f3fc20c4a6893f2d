"""stemeco status"""

from __future__ import annotations

import json
from typing import Annotated

import typer

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
    typer.echo(f"{result.municipality} STEM Learning Ecosystem")
    for number, title in MILESTONES.items():
        items = [i for i in result.items if i.milestone == number]
        if not items:
            continue
        state = result.milestone_state(number) or "missing"
        typer.echo(f"\n{MARKS[state]} {number}. {title}")
        for item in items:
            detail = f"  ({item.detail})" if item.detail else ""
            typer.echo(f"    {MARKS[item.state]} {item.title}{detail}")
    nxt = result.next_action
    typer.echo("")
    if nxt is None:
        typer.echo("Next: nothing is missing. Keep measuring and assessing.")
    else:
        typer.echo(f"Next: {nxt.title}: {nxt.action}")
