"""stemeco assess [report]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stemeco.cli.options import ProjectOption, command_group

if TYPE_CHECKING:
    from stemeco.project.folder import Project

app = command_group(
    "assess",
    "Rate each indicator of a thriving ecosystem from 1 (not yet) to 4 (thriving), with evidence.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@app.callback()
def assess(
    ctx: typer.Context,
    project: ProjectOption = None,
    respondent: Annotated[
        str | None, typer.Option("--respondent", help="Who is answering (asked if left out).")
    ] = None,
    round_date: Annotated[
        str | None,
        typer.Option("--round", metavar="YYYY-MM-DD", help="The round's date (default today)."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            dir_okay=False,
            help="Answer without prompts: a YAML mapping of indicator id to {rating, evidence}.",
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite this respondent's answers in the round.")
    ] = False,
) -> None:
    """Rate each indicator of a thriving ecosystem from 1 (not yet) to 4 (thriving), with evidence.

    Each respondent's answers are saved in assessments/ROUND/RESPONDENT.yaml;
    'stemeco assess report' compares the latest round with the one before.
    """
    if ctx.invoked_subcommand is not None:
        return
    from stemeco.errors import NotATerminal, UsageError
    from stemeco.plan.assessment import ratings_from_file, save_response
    from stemeco.project.folder import Project
    from stemeco.text import date_option

    proj = Project.locate(project)
    when = date_option(round_date, "--round")
    if answers is not None:
        if not respondent:
            raise UsageError(
                "--answers needs --respondent NAME", hint="say whose answers these are"
            )
        ratings = ratings_from_file(answers)
        path = save_response(proj, when, respondent, ratings, replace=replace)
        typer.echo(f"Saved the answers of {respondent.strip()} in {_shown(proj.root, path)}.")
        return
    if not sys.stdin.isatty():
        raise NotATerminal(
            "stemeco assess needs a terminal to ask its questions",
            hint="run it in a terminal, or pass --respondent NAME --answers FILE "
            "(a mapping of indicator id to {rating: 1-4, evidence: text})",
        )
    _interactive(proj, when, respondent, replace=replace)


def _interactive(proj: Project, when: str, respondent: str | None, *, replace: bool) -> None:
    """Ask each indicator; save each rating and each piece of evidence as it is given.

    A new response is saved ``complete: false`` until the last rating; an
    unfinished one is resumed at the first indicator not rated; a complete one
    being replaced stays complete, each new rating replacing the earlier one.
    """
    from stemeco.errors import UsageError
    from stemeco.plan.assessment import (
        SCALE,
        SCALE_HELP,
        THRIVING,
        Rating,
        response_path,
        save_response,
        saved_response,
    )
    from stemeco.ui import prompts as ui

    ratings: dict[str, Rating] = {}
    replacing = False
    given = 0  # ratings given in this run (each one is on disk)
    try:
        if not respondent:
            respondent = ui.ask_line("Who is answering?", instruction="(your name)").strip()
            if not respondent:
                raise UsageError("a respondent name is needed", hint="pass --respondent NAME")
        respondent = respondent.strip()
        saved = saved_response(proj, when, respondent)
        if saved is not None and saved.complete:
            if not replace and not ui.confirm(
                f"{respondent} already answered round {when}. Replace?"
            ):
                typer.echo("Nothing was changed.")
                return
            replacing = True
        if saved is not None:
            ratings = dict(saved.ratings)
        if replacing:
            typer.echo(
                f"Thriving self-assessment, round {when}, answers of {respondent}: each rating "
                "replaces the earlier one as you give it (the pointer starts on it)."
            )
        elif ratings:
            typer.echo(
                f"Resuming the answers of {respondent} for round {when}: "
                f"{len(ratings)} of {len(THRIVING)} indicators already rated."
            )
        else:
            typer.echo(f"Thriving self-assessment, round {when}, answers of {respondent}.")
        total = len(THRIVING)
        path = response_path(proj, when, respondent)
        for number, (ident, (name, statement)) in enumerate(THRIVING.items(), start=1):
            if ident in ratings and not replacing:
                continue
            before = ratings.get(ident)
            ui.show_indicator(number, total, name, statement)
            level = ui.ask_level(SCALE, SCALE_HELP, current=before.rating if before else None)
            ratings[ident] = Rating(level, before.evidence if before else "")
            path = save_response(
                proj, when, respondent, ratings, replace=True, complete=len(ratings) == total
            )
            given += 1
            evidence = ui.ask_evidence(current=before.evidence if before else "")
            ratings[ident] = Rating(level, evidence)
            save_response(
                proj, when, respondent, ratings, replace=True, complete=len(ratings) == total
            )
        if not given:  # every indicator was rated already: only the mark was left
            save_response(proj, when, respondent, ratings, replace=True)
    except KeyboardInterrupt:
        typer.echo("", err=True)
        _stopped(proj, when, respondent, len(ratings), given, replacing=replacing)
        raise typer.Exit(130) from None
    typer.echo(f"Saved the answers of {respondent} in {_shown(proj.root, path)}.")
    typer.echo("See the round with: stemeco assess report")


def _stopped(
    proj: Project, when: str, respondent: str | None, rated: int, given: int, *, replacing: bool
) -> None:
    """Say exactly what Ctrl-C left on disk, and how to go on."""
    from stemeco.plan.assessment import THRIVING, response_path, resume_command

    if not respondent or not rated or (replacing and not given):
        typer.echo("Stopped; nothing was changed.", err=True)
        return
    shown = _shown(proj.root, response_path(proj, when, respondent))
    if replacing:
        typer.echo(
            f"Stopped. {given} of {len(THRIVING)} ratings of {respondent} were replaced in "
            f"{shown}; the others keep their earlier ratings. "
            f"Rate again with: {resume_command(when, respondent)} --replace",
            err=True,
        )
        return
    typer.echo(
        f"Stopped. {rated} of {len(THRIVING)} ratings of {respondent} are saved in {shown} "
        "(unfinished: the report counts it once it is complete). "
        f"Resume with: {resume_command(when, respondent)}",
        err=True,
    )


def _shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


@app.command("report")
def report(
    project: ProjectOption = None,
    round_date: Annotated[
        str | None,
        typer.Option("--round", metavar="YYYY-MM-DD", help="The round to show (default latest)."),
    ] = None,
) -> None:
    """The latest round: average per indicator, change since the last round, disagreements."""
    from stemeco.plan.assessment import (
        DISAGREEMENT,
        level_of,
        resume_command,
        round_report,
        unfinished_responses,
    )
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    result = round_report(proj, round_date)
    waiting = [r for r in unfinished_responses(proj) if result is None or r.round == result.round]
    if result is None:
        typer.echo("No self-assessment round yet. Start one with: stemeco assess")
        _echo_unfinished(waiting, resume_command)
        return
    typer.echo(
        f"Round {result.round}: {len(result.respondents)} respondent(s) "
        f"({', '.join(result.respondents)})"
    )
    if result.previous_round:
        typer.echo(f"Compared with round {result.previous_round}.")
    typer.echo("")
    typer.echo(f"{'Indicator':<44} {'Average':>7} {'Change':>7}  Spread")
    for item in result.indicators:
        average = f"{item.average:.1f}" if item.average is not None else "-"
        change = f"{item.change:+.1f}" if item.change is not None else "-"
        flag = "  <- respondents disagree" if item.disagreement else ""
        typer.echo(f"{item.name:<44} {average:>7} {change:>7}  {item.spread}{flag}")
    if result.average is not None:
        level = level_of(result.average)
        line = f"\nOverall: {result.average:.1f} of 4 ({level.lower()})"
        if result.previous_average is not None:
            line += f", {result.average - result.previous_average:+.1f} since the last round"
        typer.echo(line + ".")
    if result.disagreements:
        typer.echo(
            f"Respondents disagree (ratings {DISAGREEMENT} or more levels apart) on: "
            + "; ".join(i.name for i in result.disagreements)
            + ". Talk these through at the next convening."
        )
    _echo_unfinished(waiting, resume_command)


def _echo_unfinished(waiting: list[Any], resume_command: Any) -> None:
    if not waiting:
        return
    from stemeco.plan.assessment import THRIVING

    typer.echo("\nNot counted yet (unfinished):")
    for response in waiting:
        command = resume_command(response.round, response.respondent)
        typer.echo(
            f"  {response.respondent}, round {response.round}: {len(response.ratings)} of "
            f"{len(THRIVING)} rated; finish with: {command}"
        )
