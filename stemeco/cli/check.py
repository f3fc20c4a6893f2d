"""stemeco check"""

from __future__ import annotations

from pathlib import Path

import typer

from stemeco.cli.options import ProjectOption


def check(project: ProjectOption = None) -> None:
    """Validate every file of the project; exit 1 on any problem."""
    from stemeco.errors import ProjectNotFound
    from stemeco.project.check import validate
    from stemeco.project.folder import MANIFEST, find_root

    # Not Project.locate: a broken manifest is a problem to list, not a reason to stop.
    root = project.resolve() if project is not None else find_root(Path.cwd())
    if root is None or not (root / MANIFEST).is_file():
        raise ProjectNotFound(
            f"{project or Path.cwd()}: not a stemeco project (no {MANIFEST})",
            hint="run inside a project or pass --project PATH",
        )
    problems, files = validate(root)
    for line in problems:
        typer.echo(line, err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) found in {root}.", err=True)
        raise typer.Exit(1)
    typer.echo(f"All {files} YAML files of the project are valid.")
