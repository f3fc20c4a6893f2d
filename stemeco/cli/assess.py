"""stemeco assess [report]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption, command_group

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
    from stemeco.plan.assessment import (
        SCALE,
        SCALE_HELP,
        THRIVING,
        Rating,
        ratings_from_file,
        response_path,
        save_response,
    )
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
    from stemeco.ui import prompts as ui

    try:
        if not respondent:
            respondent = ui.ask_line("Who is answering?", instruction="(your name)").strip()
            if not respondent:
                raise UsageError("a respondent name is needed", hint="pass --respondent NAME")
        path = response_path(proj, when, respondent)
        if path.exists() and not replace:
            if not ui.confirm(f"{respondent} already answered round {when}. Replace?"):
                typer.echo("Nothing was changed.")
                return
            replace = True
        typer.echo(f"Thriving self-assessment, round {when}, answers of {respondent}.")
        given = ui.ask_thriving(THRIVING, SCALE, SCALE_HELP)
    except KeyboardInterrupt:
        typer.echo("\nStopped; nothing was saved for this round.", err=True)
        raise typer.Exit(130) from None
    ratings = {ident: Rating(level, text) for ident, (level, text) in given.items()}
    path = save_response(proj, when, respondent, ratings, replace=replace)
    typer.echo(f"Saved the answers of {respondent} in {_shown(proj.root, path)}.")
    typer.echo("See the round with: stemeco assess report")


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
    from stemeco.plan.assessment import DISAGREEMENT, SCALE, round_report
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    result = round_report(proj, round_date)
    if result is None:
        typer.echo("No self-assessment round yet. Start one with: stemeco assess")
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
        level = SCALE[round(result.average)]
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
