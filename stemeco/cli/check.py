"""stemeco check"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption


def check(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Validate every file of the project, listing every problem; exit 1 on any."""
    from stemeco.errors import ProjectNotFound
    from stemeco.project.check import project_problems
    from stemeco.project.folder import MANIFEST, find_root
    from stemeco.text import plural

    # Not Project.locate: a broken manifest is a problem to list, not a reason to stop.
    root = project.resolve() if project is not None else find_root(Path.cwd())
    if root is None or not (root / MANIFEST).is_file():
        raise ProjectNotFound(
            f"{project or Path.cwd()}: not a stemeco project (no {MANIFEST})",
            hint="run inside a project or pass --project PATH",
        )
    found = project_problems(root)
    problems, files = found.problems, found.files
    if as_json:
        rows = []
        for problem in problems:
            shown = None
            if problem.path is not None:
                try:
                    shown = problem.path.relative_to(root).as_posix()
                except ValueError:
                    shown = str(problem.path)
            rows.append(
                {
                    "file": shown,
                    "line": problem.line,
                    "where": problem.where or None,
                    "message": problem.message,
                    "text": problem.render(root),
                }
            )
        report = {"project": str(root), "files": files, "valid": not problems, "problems": rows}
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        if problems:
            raise typer.Exit(1)
        return
    for problem in problems:
        typer.echo(problem.render(root), err=True)
    if problems:
        typer.echo(f"{plural(len(problems), 'problem')} found in {root}.", err=True)
        raise typer.Exit(1)
    if files == 1:
        typer.echo("The one YAML file of the project is valid.")
    else:
        typer.echo(f"All {files} YAML files of the project are valid.")
