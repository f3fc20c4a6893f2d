"""stemeco init"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    path: Annotated[Path, typer.Argument(help="The new project folder (must be new or empty).")],
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's name.")
    ],
    country: Annotated[str, typer.Option("--country", "-c", help="Its country.")] = "",
    example: Annotated[
        bool,
        typer.Option(
            "--example", help="Fill it with a complete fictional municipality to explore."
        ),
    ] = False,
    no_git: Annotated[
        bool, typer.Option("--no-git", help="Do not make the folder a git repository.")
    ] = False,
    nested: Annotated[
        bool,
        typer.Option("--nested", help="Allow a project inside the folder of another project."),
    ] = False,
    language: Annotated[
        str,
        typer.Option(
            "--language",
            "-l",
            metavar="CODE",
            help="The project's language: en (English), es (español), he (עברית).",
        ),
    ] = "en",
) -> None:
    """Create a project folder for a municipality's STEM ecosystem."""
    from stemeco.project.create import create
    from stemeco.project.language import check_code

    created = create(
        path,
        municipality,
        country=country,
        example=example,
        git=not no_git,
        nested=nested,
        language=check_code(language),
    )
    typer.echo(
        f"Created the {municipality.strip()} project in {created.path}"
        + (" with the example filled in." if example else ".")
    )
    if not no_git:
        typer.echo(f"  {created.git_note}")
    typer.echo(f"Next: cd {created.path} && stemeco status")
