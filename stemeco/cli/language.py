"""stemeco language"""

from __future__ import annotations

from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption


def language(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="[CODE]", help="The new language: en (English), es (español), he (עברית)."
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Show the project's language, or change it (stemeco.yaml's language:, comments kept)."""
    from stemeco.i18n import NAMES, _
    from stemeco.project.folder import Project
    from stemeco.project.language import change_language, check_code

    if code is not None:
        check_code(code)  # a wrong code is refused before the project is even looked for
    proj = Project.locate(project)
    if code is None:
        typer.echo(
            _("The project's language is {name} ({code}).").format(
                name=NAMES[proj.language], code=proj.language
            )
        )
        return
    if not change_language(proj, code):
        typer.echo(
            _("The project's language is already {name} ({code}); nothing was changed.").format(
                name=NAMES[code], code=code
            )
        )
        return
    typer.echo(
        _("The project's language is now {name} ({code}).").format(name=NAMES[code], code=code)
    )
    typer.echo(_("Next: stemeco render (the documents follow the new language)"))
