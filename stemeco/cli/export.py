"""stemeco export DOCUMENT --format html|docx [--output PATH] [--language CODE]"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption, shown_path
from stemeco.i18n import _


def export(
    document: Annotated[
        str,
        typer.Argument(
            metavar="DOCUMENT",
            help="blueprint, business-plan, indicators, asset-map, or all.",
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="html|docx", help="An HTML page (default) or a Word file."
        ),
    ] = "html",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="The file to write (a folder for 'all'; default: exports/ in the project).",
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            metavar="CODE",
            help="The copy's language (en, es, he; default: the project's); "
            "another language than the project's goes to exports/<CODE>/.",
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write a review copy to read, print or mark up: one HTML page or one Word file.

    The same words as the Markdown in docs/, with drawn diagrams, a table of
    contents, the approval state on the first page and, when the approval is
    stale, what changed since.
    """
    from stemeco.documents.export import export as write
    from stemeco.errors import UsageError
    from stemeco.i18n import language_problem
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    if language is not None and (problem := language_problem(language)) is not None:
        raise UsageError(f"--language: {problem}")
    for done in write(proj, document, fmt.lower(), output, language):
        typer.echo(
            _("wrote {file} ({state})").format(
                file=shown_path(str(done.path)), state=done.state.lower()
            )
        )
