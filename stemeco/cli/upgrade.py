"""stemeco upgrade"""

from __future__ import annotations

import typer

from stemeco.cli.options import ProjectOption


def upgrade(project: ProjectOption = None) -> None:
    """Bring a project made by an older stemeco up to this one (what 'stemeco check' asks for)."""
    from stemeco.project.folder import Project
    from stemeco.project.upgrade import ATTRIBUTES, upgrade

    proj = Project.locate(project)
    done = upgrade(proj.root)
    if not done.changed:
        typer.echo("The project is up to date; nothing was changed.")
        return
    for line in done.attributes:
        typer.echo(f"added to {ATTRIBUTES}: {line}")
    for source, target in done.renamed:
        old, new = (p.relative_to(proj.root).as_posix() for p in (source, target))
        typer.echo(f"renamed {old} to {new}")
    typer.echo("Next: run 'stemeco check', then commit these changes.")
