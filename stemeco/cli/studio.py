"""stemeco studio list | run | providers"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stemeco.cli.options import ProjectOption, command_group
from stemeco.errors import NotATerminal
from stemeco.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from stemeco.project.folder import Project
    from stemeco.studios.definition import Studio

#: A session's state, as ``studio list`` shows it.
STATUS: dict[str, str] = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "complete": N_("complete"),
}

app = command_group("studio", "The Design Studios: list them and run a session.")


@app.command("list")
def list_studios(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """The studios and other guided sessions, with each one's progress."""
    from dataclasses import asdict

    from stemeco.project.folder import Project
    from stemeco.studios.progress import session_progress

    proj = Project.locate(project)
    if as_json:
        rows = [asdict(item) for item in session_progress(proj)]
        typer.echo(json.dumps({"sessions": rows}, indent=2, ensure_ascii=False))
        return
    for item in session_progress(proj):
        number = f"{item.number}" if item.number else "-"
        name = item.name if item.number else item.id  # a session's name is its title
        typer.echo(
            f"{number:>2}  {name:<11} {item.title:<38} "
            f"{item.answered:>2}/{item.total:<2} {_(STATUS.get(item.status, item.status))}"
        )


def _resolve_studio(proj: Project, which: str) -> Studio:
    """A studio by number (1-4) or any session by its id."""
    if which.isdigit():
        return proj.numbered_studio(int(which))
    return proj.studio(which)


@app.command("run")
def run(
    studio: Annotated[
        str, typer.Argument(metavar="N", help="The studio number 1-4 (or a session id).")
    ],
    project: ProjectOption = None,
    step: Annotated[
        str | None, typer.Option("--step", metavar="ID", help="Revisit one step only.")
    ] = None,
    restart: Annotated[
        bool,
        typer.Option("--restart", help="Discard the saved answers and start over (asks first)."),
    ] = False,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            dir_okay=False,
            help="Run without prompts from a YAML mapping of step id to value.",
        ),
    ] = None,
) -> None:
    """Run a studio session: one step at a time, saved as you go, resumable."""
    from stemeco.project.folder import Project
    from stemeco.studios.engine import apply_answers, load_answers_file
    from stemeco.studios.engine import run as run_session

    proj = Project.locate(project)
    definition = _resolve_studio(proj, studio)
    if answers is not None:
        given = load_answers_file(answers)
        outcome = apply_answers(proj, definition, given, source=answers)
        saved = (
            ngettext(
                "Saved {count} answer to {file}; {studio} is complete.",
                "Saved {count} answers to {file}; {studio} is complete.",
                outcome.saved,
            )
            if outcome.complete
            else ngettext(
                "Saved {count} answer to {file}; {studio} is in progress.",
                "Saved {count} answers to {file}; {studio} is in progress.",
                outcome.saved,
            )
        )
        typer.echo(
            saved.format(
                count=outcome.saved, file=definition.session_file, studio=definition.display_name
            )
        )
        return
    if not sys.stdin.isatty():
        raise NotATerminal(
            _("stemeco studio run needs a terminal to ask its questions"),
            hint=_(
                "run it in a terminal, or pass --answers FILE with a mapping of step id to "
                "value (see '{command}')"
            ).format(command=f"stemeco studio run {studio} --help"),
        )
    from stemeco.ui.prompts import TerminalPrompter

    prompter = TerminalPrompter()
    try:
        outcome = run_session(proj, definition, prompter, step_id=step, restart=restart)
    except KeyboardInterrupt:
        typer.echo("\n" + _stopped(proj, definition, studio), err=True)
        raise typer.Exit(130) from None
    if outcome.cancelled:
        typer.echo(_("Nothing was discarded."))
        return
    if step is not None:
        typer.echo(
            _("Saved step '{step}' to {file}.").format(step=step, file=definition.session_file)
        )
    elif outcome.complete:
        typer.echo(
            _("{studio} is complete. Next: stemeco render, then stemeco status.").format(
                studio=definition.display_name
            )
        )


def _stopped(proj: Project, definition: Studio, which: str) -> str:
    """What Ctrl-C left saved, read back from the file: answers and unfinished records."""
    from stemeco.studios.definition import is_answered
    from stemeco.studios.engine import count_records
    from stemeco.studios.sessions import read_session

    saved = read_session(proj.session_path(definition.id), definition.id)
    count = sum(1 for k, v in saved.answers.items() if is_answered(v) and k not in saved.drafts)
    parts = [
        ngettext(
            "Stopped. {count} answer of {studio} is saved in {file}",
            "Stopped. {count} answers of {studio} are saved in {file}",
            count,
        ).format(count=count, studio=definition.display_name, file=definition.session_file)
    ]
    for step_id, draft in saved.drafts.items():
        step = definition.step(step_id)
        if step is None:
            continue
        kept = count_records(step, len(draft.records))
        if draft.open_number is not None and draft.open_fields:
            part = _("with {kept} of '{step}' kept (and the {noun} being typed)")
        else:
            part = _("with {kept} of '{step}' kept")
        parts.append(part.format(kept=kept, step=step_id, noun=step.noun or _("record")))
    resume = _("Resume with: {command}").format(command=f"stemeco studio run {which}")
    return _("{said}. {resume}").format(said=", ".join(parts), resume=resume)


@app.command("providers")
def providers() -> None:
    """The project data that studio steps can offer as defaults (default_from: project:NAME)."""
    from stemeco.registry import providers as known

    for name, item in sorted(known().items()):
        typer.echo(f"project:{name:<22} {_(item.description)}")
