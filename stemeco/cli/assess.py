"""stemeco assess [report]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stemeco.cli.options import ProjectOption, command_group
from stemeco.i18n import _, formatting, ngettext

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
                _("--answers needs --respondent NAME"), hint=_("say whose answers these are")
            )
        ratings = ratings_from_file(answers)
        path = save_response(proj, when, respondent, ratings, replace=replace)
        typer.echo(
            _("Saved the answers of {name} in {file}.").format(
                name=respondent.strip(), file=_shown(proj.root, path)
            )
        )
        return
    if not sys.stdin.isatty():
        raise NotATerminal(
            _("stemeco assess needs a terminal to ask its questions"),
            hint=_(
                "run it in a terminal, or pass --respondent NAME --answers FILE "
                "(a mapping of indicator id to {mapping})"
            ).format(mapping="{rating: 1-4, evidence: text}"),
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
        THRIVING,
        Rating,
        response_path,
        save_response,
        saved_response,
        scale,
        scale_help,
        thriving,
    )
    from stemeco.ui import prompts as ui

    ratings: dict[str, Rating] = {}
    replacing = False
    given = 0  # ratings given in this run (each one is on disk)
    try:
        if not respondent:
            respondent = ui.ask_line(_("Who is answering?"), instruction=_("(your name)")).strip()
            if not respondent:
                raise UsageError(_("a respondent name is needed"), hint=_("pass --respondent NAME"))
        respondent = respondent.strip()
        saved = saved_response(proj, when, respondent)
        if saved is not None and saved.complete:
            if not replace and not ui.confirm(
                _("{name} already answered round {round}. Replace?").format(
                    name=respondent, round=when
                )
            ):
                typer.echo(_("Nothing was changed."))
                return
            replacing = True
        if saved is not None:
            ratings = dict(saved.ratings)
        if replacing:
            typer.echo(
                _(
                    "Thriving self-assessment, round {round}, answers of {name}: each rating "
                    "replaces the earlier one as you give it (the pointer starts on it)."
                ).format(round=when, name=respondent)
            )
        elif ratings:
            typer.echo(
                _(
                    "Resuming the answers of {name} for round {round}: "
                    "{rated} of {total} indicators already rated."
                ).format(name=respondent, round=when, rated=len(ratings), total=len(THRIVING))
            )
        else:
            typer.echo(
                _("Thriving self-assessment, round {round}, answers of {name}.").format(
                    round=when, name=respondent
                )
            )
        total = len(THRIVING)
        path = response_path(proj, when, respondent)
        for number, ident in enumerate(THRIVING, start=1):
            if ident in ratings and not replacing:
                continue
            before = ratings.get(ident)
            ui.show_indicator(number, total, *thriving(ident))
            level = ui.ask_level(scale(), scale_help(), current=before.rating if before else None)
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
        typer.echo("", err=True)  # after the ^C the terminal printed
        _stopped(proj, when, respondent, len(ratings), given, replacing=replacing)
        raise typer.Exit(130) from None
    typer.echo(
        _("Saved the answers of {name} in {file}.").format(
            name=respondent, file=_shown(proj.root, path)
        )
    )
    typer.echo(_("See the round with: {command}").format(command="stemeco assess report"))


def _stopped(
    proj: Project, when: str, respondent: str | None, rated: int, given: int, *, replacing: bool
) -> None:
    """Say exactly what Ctrl-C left on disk, and how to go on."""
    from stemeco.plan.assessment import THRIVING, response_path, resume_command

    if not respondent or not rated or (replacing and not given):
        typer.echo(_("Stopped; nothing was changed."), err=True)
        return
    shown = _shown(proj.root, response_path(proj, when, respondent))
    if replacing:
        typer.echo(
            _(
                "Stopped. {given} of {total} ratings of {name} were replaced in "
                "{file}; the others keep their earlier ratings. Rate again with: {command}"
            ).format(
                given=given,
                total=len(THRIVING),
                name=respondent,
                file=shown,
                command=f"{resume_command(when, respondent)} --replace",
            ),
            err=True,
        )
        return
    typer.echo(
        _(
            "Stopped. {rated} of {total} ratings of {name} are saved in {file} "
            "(unfinished: the report counts it once it is complete). Resume with: {command}"
        ).format(
            rated=rated,
            total=len(THRIVING),
            name=respondent,
            file=shown,
            command=resume_command(when, respondent),
        ),
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
        typer.echo(
            _("No self-assessment round yet. Start one with: {command}").format(
                command="stemeco assess"
            )
        )
        _echo_unfinished(waiting, resume_command)
        return
    typer.echo(
        ngettext(
            "Round {round}: {count} respondent ({names})",
            "Round {round}: {count} respondents ({names})",
            len(result.respondents),
        ).format(
            round=result.round,
            count=len(result.respondents),
            names=", ".join(result.respondents),
        )
    )
    if result.previous_round:
        typer.echo(_("Compared with round {round}.").format(round=result.previous_round))
    typer.echo("")
    heads = (_("Indicator"), _("Average"), _("Change"), _("Spread"))
    typer.echo(f"{heads[0]:<44} {heads[1]:>7} {heads[2]:>7}  {heads[3]}")
    for item in result.indicators:
        average = formatting.fixed(item.average) if item.average is not None else "-"
        change = _signed(item.change) if item.change is not None else "-"
        flag = "  " + _("<- respondents disagree") if item.disagreement else ""
        typer.echo(f"{item.name:<44} {average:>7} {change:>7}  {item.spread}{flag}")
    if result.average is not None:
        level = level_of(result.average)
        if result.previous_average is not None:
            overall = _("Overall: {average} of 4 ({level}), {change} since the last round.")
        else:
            overall = _("Overall: {average} of 4 ({level}).")
        moved = (
            result.average - result.previous_average if result.previous_average is not None else 0
        )
        typer.echo(
            "\n"
            + overall.format(
                average=formatting.fixed(result.average),
                level=level.lower(),
                change=_signed(moved),
            )
        )
    if result.disagreements:
        typer.echo(
            _(
                "Respondents disagree (ratings {levels} or more levels apart) on: {indicators}. "
                "Talk these through at the next convening."
            ).format(
                levels=DISAGREEMENT, indicators="; ".join(i.name for i in result.disagreements)
            )
        )
    _echo_unfinished(waiting, resume_command)


def _echo_unfinished(waiting: list[Any], resume_command: Any) -> None:
    if not waiting:
        return
    from stemeco.plan.assessment import THRIVING

    typer.echo("\n" + _("Not counted yet (unfinished):"))
    for response in waiting:
        command = resume_command(response.round, response.respondent)
        typer.echo(
            "  "
            + _("{name}, round {round}: {rated} of {total} rated; finish with: {command}").format(
                name=response.respondent,
                round=response.round,
                rated=len(response.ratings),
                total=len(THRIVING),
                command=command,
            )
        )


def _signed(change: float) -> str:
    """A change of one decimal with its sign: ``+1.5``, ``-0.3``."""
    return ("+" if change >= 0 else "-") + formatting.fixed(abs(change))
