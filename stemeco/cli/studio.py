"""stemeco studio list | run | providers"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stemeco.cli.options import ProjectOption, command_group
from stemeco.errors import NotATerminal

if TYPE_CHECKING:
    from stemeco.project.folder import Project
    from stemeco.studios.definition import Studio

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
            f"{item.answered:>2}/{item.total:<2} {item.status.replace('_', ' ')}"
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
        state = "complete" if outcome.complete else "in progress"
        typer.echo(
            f"Saved {outcome.saved} answer(s) to {definition.session_file}; "
            f"{definition.display_name} is {state}."
        )
        return
    if not sys.stdin.isatty():
        raise NotATerminal(
            "stemeco studio run needs a terminal to ask its questions",
            hint=f"run it in a terminal, or pass --answers FILE with a mapping of step id to "
            f"value (see 'stemeco studio run {studio} --help')",
        )
    from stemeco.ui.prompts import TerminalPrompter

    prompter = TerminalPrompter()
    try:
        outcome = run_session(proj, definition, prompter, step_id=step, restart=restart)
    except KeyboardInterrupt:
        typer.echo("\n" + _stopped(proj, definition, studio), err=True)
        raise typer.Exit(130) from None
    if outcome.cancelled:
        typer.echo("Nothing was discarded.")
        return
    if step is not None:
        typer.echo(f"Saved step '{step}' to {definition.session_file}.")
    elif outcome.complete:
        typer.echo(
            f"{definition.display_name} is complete. Next: stemeco render, then stemeco status."
        )


def _stopped(proj: Project, definition: Studio, which: str) -> str:
    """What Ctrl-C left saved, read back from the file: answers and unfinished records."""
    from stemeco.studios.definition import is_answered
    from stemeco.studios.engine import count_records
    from stemeco.studios.sessions import read_session
    from stemeco.text import plural

    saved = read_session(proj.session_path(definition.id), definition.id)
    count = sum(1 for k, v in saved.answers.items() if is_answered(v) and k not in saved.drafts)
    line = (
        f"Stopped. {plural(count, 'answer')} of {definition.display_name} "
        f"{'is' if count == 1 else 'are'} saved in {definition.session_file}"
    )
    for step_id, draft in saved.drafts.items():
        step = definition.step(step_id)
        if step is None:
            continue
        line += f", with {count_records(step, len(draft.records))} of '{step_id}' kept"
        if draft.open_number is not None and draft.open_fields:
            line += f" (and the {step.noun or 'record'} being typed)"
    return line + f". Resume with: stemeco studio run {which}"


@app.command("providers")
def providers() -> None:
    """The project data that studio steps can offer as defaults (default_from: project:NAME)."""
    from stemeco.registry import providers as known

    for name, item in sorted(known().items()):
        typer.echo(f"project:{name:<22} {item.description}")
