"""stemeco interviews add | list"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from stemeco.cli import ask as _ask
from stemeco.cli.options import ProjectOption, command_group
from stemeco.i18n import _, formatting

app = command_group(
    "interviews", "Interviews with the ecosystem's stakeholders (interviews/, one file each)."
)


@app.command("add")
def add(
    project: ProjectOption = None,
    who: Annotated[str | None, typer.Option("--who", help="Who was interviewed.")] = None,
    organisation: Annotated[
        str | None, typer.Option("--organisation", "--organization", help="Their organisation.")
    ] = None,
    role: Annotated[str | None, typer.Option("--role", help="Their role.")] = None,
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="When.")] = None,
    interviewer: Annotated[
        str | None, typer.Option("--interviewer", help="Who led the interview.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="What was said.")] = None,
    theme: Annotated[
        list[str] | None,
        typer.Option("--theme", help="A theme that came up (repeat for several)."),
    ] = None,
) -> None:
    """Record an interview (asks for what is not given)."""
    from stemeco.community.interviews import add_interview
    from stemeco.errors import UsageError
    from stemeco.project.folder import Project
    from stemeco.text import future_problem, parse_date, today

    proj = Project.locate(project)
    if who is None or organisation is None or date is None:
        if not _ask.interactive():
            raise _ask.refuse("stemeco interviews add", ["--who", "--organisation", "--date"])
        who = _ask.text(who, _("Who was interviewed:"))
        organisation = _ask.text(organisation, _("Organisation:"))
        role = _ask.text(role, _("Their role:"), required=False)
        date = _ask.text(date, _("Date (YYYY-MM-DD):"), default=today().isoformat())
        interviewer = _ask.text(interviewer, _("Interviewer:"), required=False)
        notes = _ask.text(notes, _("Notes:"), required=False, multiline=True)
        if theme is None:
            raw = _ask.text(None, _("Themes (separated by commas):"), required=False)
            theme = [t for t in raw.split(",") if t.strip()]
    held = parse_date(date)
    if held is not None and (late := future_problem(held)) is not None:
        raise UsageError(f"--date {late}", hint=_("record an interview once it has taken place"))
    path = add_interview(
        proj.root,
        who=who,
        organisation=organisation,
        date=date,
        interviewer=interviewer or "",
        role=role or "",
        notes=notes or "",
        themes=theme or [],
    )
    typer.echo(_("Saved {file}.").format(file=path.relative_to(proj.root).as_posix()))


@app.command("list")
def list_interviews(
    project: ProjectOption = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="Only interviews that raised this theme.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """The interviews, newest last, and the themes that came up most."""
    from stemeco.community.interviews import read_interviews, theme_counts
    from stemeco.project.folder import Project

    proj = Project.locate(project)
    items = read_interviews(proj.root)
    if theme is not None:
        items = [i for i in items if theme.casefold() in (t.casefold() for t in i.themes)]
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "file": i.path.relative_to(proj.root).as_posix(),
                        "who": i.who,
                        "organisation": i.organisation,
                        "role": i.role,
                        "date": i.date.isoformat(),
                        "interviewer": i.interviewer,
                        "themes": list(i.themes),
                    }
                    for i in items
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not items:
        none = _("No interviews about '{theme}' yet.") if theme else _("No interviews yet.")
        typer.echo(none.format(theme=theme))
        return
    for i in items:
        who = f"{i.who} ({i.organisation})"
        typer.echo(f"{formatting.date(i.date):<11}  {who:<50} {', '.join(i.themes)}")
    counts = theme_counts(items)
    if counts:
        themes = ", ".join(f"{t} ({n})" for t, n in counts[:10])
        typer.echo("\n" + _("Themes: {themes}").format(themes=themes))
