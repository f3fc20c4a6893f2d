"""stemeco upgrade"""

from __future__ import annotations

import typer

from stemeco.cli.options import ProjectOption
from stemeco.i18n import _


def upgrade(project: ProjectOption = None) -> None:
    """Bring a project made by an older stemeco up to this one (what 'stemeco check' asks for)."""
    from stemeco.project.folder import Project
    from stemeco.project.upgrade import ATTRIBUTES, upgrade

    proj = Project.locate(project)
    done = upgrade(proj.root)
    if not done.changed:
        typer.echo(_("The project is up to date; nothing was changed."))
        return
    for line in done.attributes:
        typer.echo(_("added to {file}: {line}").format(file=ATTRIBUTES, line=line))
    for source, target in done.renamed:
        old, new = (p.relative_to(proj.root).as_posix() for p in (source, target))
        typer.echo(_("renamed {old} to {new}").format(old=old, new=new))
    typer.echo(_("Next: run 'stemeco check', then commit these changes."))
