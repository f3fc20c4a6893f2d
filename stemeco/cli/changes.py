"""stemeco changes"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from stemeco.cli.options import ProjectOption


def changes(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """What changed in the blueprint since the Leadership Team approved it.

    Names each section whose answers changed, with the text approved and the
    text now, from the answers 'stemeco approve' kept (not from git).
    """
    from stemeco.plan.changes import report
    from stemeco.project.folder import Project

    found = report(Project.locate(project))
    if as_json:
        typer.echo(json.dumps(found.as_json(), indent=2, ensure_ascii=False))
        return
    typer.echo(found.summary)
    if found.state == "not_approved":
        typer.echo("When the Leadership Team approves it: stemeco approve blueprint --by NAME")
        return
    if found.state == "stale" and not found.recorded:
        typer.echo(
            "Next: once the Leadership Team has approved the current answers,"
            " record it with: stemeco approve blueprint --by NAME"
        )
        typer.echo("(In a git repository, 'git log -p sessions/' shows how the answers changed.)")
        return
    for section in found.sections:
        typer.echo("")
        typer.echo(section["section"])
        for answer in section["answers"]:
            for line in _answer_lines(answer):
                typer.echo(line)


def _answer_lines(answer: dict[str, Any]) -> list[str]:
    lines = [f"  {answer['where']} ({answer['step']})"]
    pieces = answer["items"] or [{"label": "", **answer}]
    for item in pieces:
        indent = "    "
        if item["label"]:
            lines.append(f"    {item['label']}:")
            indent = "      "
        for tag, key in (("approved", "before"), ("now", "after")):
            if not item["label"] or item[key] is not None:  # an item added: nothing approved
                lines += _said(indent, tag, item[key])
    return lines


def _said(indent: str, tag: str, text: str | None) -> list[str]:
    head = f"{indent}{tag + ':':<10}"
    if text is None or text == "":
        return [head + "(no answer)"]
    rows = text.rstrip("\n").split("\n")
    return [head + rows[0]] + [indent + " " * 10 + row for row in rows[1:]]
