"""stemeco changes"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from stemeco.cli.options import ProjectOption
from stemeco.i18n import _


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
        typer.echo(
            _("When the Leadership Team approves it: {command}").format(
                command="stemeco approve blueprint --by NAME"
            )
        )
        return
    if found.state == "stale" and not found.recorded:
        typer.echo(
            _(
                "Next: once the Leadership Team has approved the current answers,"
                " record it with: {command}"
            ).format(command="stemeco approve blueprint --by NAME")
        )
        typer.echo(
            _("(In a git repository, {command} shows how the answers changed.)").format(
                command="'git log -p sessions/'"
            )
        )
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
        for tag, key in ((_("approved"), "before"), (_("now"), "after")):
            if not item["label"] or item[key] is not None:  # an item added: nothing approved
                lines += _said(indent, tag, item[key])
    return lines


def _said(indent: str, tag: str, text: str | None) -> list[str]:
    width = max(10, len(_("approved")) + 2, len(_("now")) + 2)
    head = f"{indent}{tag + ':':<{width}}"
    if text is None or text == "":
        return [head + _("(no answer)")]
    rows = text.rstrip("\n").split("\n")
    return [head + rows[0]] + [indent + " " * width + row for row in rows[1:]]
