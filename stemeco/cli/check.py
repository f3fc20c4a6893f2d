"""stemeco check"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stemeco.cli.options import ProjectOption
from stemeco.i18n import _, ngettext

if TYPE_CHECKING:
    from stemeco.errors import Problem


def check(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean",
            help="Delete the temporary files that interrupted writes left behind, then check.",
        ),
    ] = False,
) -> None:
    """Validate every file of the project, listing every problem; exit 1 on any."""
    from stemeco.errors import ProjectNotFound
    from stemeco.project.check import project_problems
    from stemeco.project.folder import MANIFEST, find_root

    # Not Project.locate: a broken manifest is a problem to list, not a reason to stop.
    root = project.resolve() if project is not None else find_root(Path.cwd())
    if root is None or not (root / MANIFEST).is_file():
        raise ProjectNotFound(
            _("{path}: not a stemeco project (no {manifest})").format(
                path=project or Path.cwd(), manifest=MANIFEST
            ),
            hint=_("run inside a project or pass --project PATH"),
        )
    leftovers = _leftovers(root, clean=clean, quiet=as_json)
    found = project_problems(root)
    problems, files = found.problems + leftovers, found.files
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
        summary = ngettext(
            "{count} problem found in {folder}.",
            "{count} problems found in {folder}.",
            len(problems),
        )
        typer.echo(summary.format(count=len(problems), folder=root), err=True)
        raise typer.Exit(1)
    if files == 1:
        typer.echo(_("The one YAML file of the project is valid."))
    else:
        typer.echo(_("All {count} YAML files of the project are valid.").format(count=files))


def _leftovers(root: Path, *, clean: bool, quiet: bool) -> list[Problem]:
    """The temporary files interrupted writes left (deleted instead with ``clean``).

    They are looked for under the project lock, so that the temporary file of a
    write under way now is never taken for a leftover; while another command
    writes, ``check`` does not wait for it and reports none.
    """
    from contextlib import AbstractContextManager, nullcontext

    from stemeco.errors import Problem, ProjectBusy
    from stemeco.storage.files import TEMPORARY, leftover_temporary_files, remove_file
    from stemeco.storage.lock import LOCK_FILE, project_lock

    guard: AbstractContextManager[None]
    if clean:
        guard = project_lock(root)
    elif (root / LOCK_FILE).exists():
        guard = project_lock(root, wait=0)
    else:  # no command has written here since stemeco took locks: none is writing now
        guard = nullcontext()
    try:
        with guard:
            found = leftover_temporary_files(root)
            if clean:
                for path in found:
                    remove_file(path)
                    if not quiet:
                        typer.echo(
                            _("deleted {file}").format(file=path.relative_to(root).as_posix())
                        )
                return []
    except ProjectBusy:
        if clean:
            raise
        return []
    problems = []
    for path in found:
        match = TEMPORARY.match(path.name)
        name = match.group("name") if match else path.name
        problems.append(
            Problem(
                _(
                    "a temporary file left by a write that was interrupted ({name} itself is "
                    "whole); delete the leftovers with 'stemeco check --clean'"
                ).format(name=name),
                path=path,
            )
        )
    return problems
