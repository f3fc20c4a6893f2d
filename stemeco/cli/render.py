"""stemeco render"""

from __future__ import annotations

from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption
from stemeco.i18n import _


def render(
    project: ProjectOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 when a document is out of date.")
    ] = False,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            help="Also write the documents in these languages, e.g. en,es: each beside the "
            "project's own, as docs/es/blueprint.md.",
        ),
    ] = None,
) -> None:
    """Write the documents in docs/ from the project's answers."""
    from stemeco.documents.output import stale_documents, write_documents
    from stemeco.errors import UsageError
    from stemeco.i18n import language_problem
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    languages = [code.strip() for code in (language or "").split(",") if code.strip()]
    for code in languages:
        problem = language_problem(code)
        if problem is not None:
            raise UsageError(f"--language: {problem}")
    if check:
        stale = stale_documents(proj, languages)
        for output in stale:
            typer.echo(_("out of date: {file}").format(file=output), err=True)
        if stale:
            typer.echo(_("Run 'stemeco render' to update them."), err=True)
            raise typer.Exit(1)
        typer.echo(_("All documents are up to date."))
        return
    result = write_documents(proj, languages)
    for output in result.written:
        typer.echo(_("wrote {file}").format(file=output))
    for output in result.unchanged:
        typer.echo(_("unchanged {file}").format(file=output))
