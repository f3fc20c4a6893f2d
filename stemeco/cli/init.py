"""stemeco init"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

EXAMPLE_OPTION = "--example"


class InitCommand(TyperCommand):
    """``init``, whose ``--example`` takes an optional NAME (typer has no such option).

    ``--example`` alone stays the Millbrook example, as it always was. The word after
    it is its NAME when it is an example's name, or when the command line has its
    PATH elsewhere; otherwise (``init --example PATH -m X``) that word is the PATH.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        valued = {
            opt
            for param in self.params
            if getattr(param, "param_type_name", "") == "option"
            and not getattr(param, "is_flag", False)
            and not getattr(param, "count", False)
            and EXAMPLE_OPTION not in param.opts
            for opt in (*param.opts, *param.secondary_opts)
        }
        return super().parse_args(ctx, with_example_value(args, valued))


def with_example_value(args: list[str], valued: set[str]) -> list[str]:
    """``args`` with every bare ``--example`` written ``--example=NAME``.

    ``valued``: the options that take the next word as their value.
    """
    from stemeco.project.create import EXAMPLES, MILLBROOK

    words: list[tuple[str, bool]] = []  # (word, is it a positional argument)
    skip = False
    for index, arg in enumerate(args):
        if arg == "--":
            words.extend((rest, True) for rest in args[index:])
            break
        words.append((arg, not skip and (arg == "-" or not arg.startswith("-"))))
        skip = not skip and arg in valued
    out: list[str] = []
    index = 0
    while index < len(words):
        arg, _ = words[index]
        if arg == "--":
            out.extend(word for word, _ in words[index:])
            break
        if arg != EXAMPLE_OPTION or (index and words[index - 1][0] in valued):
            out.append(arg)
            index += 1
            continue
        following, positional = words[index + 1] if index + 1 < len(words) else ("", False)
        others = sum(1 for at, (_, pos) in enumerate(words) if pos and at != index + 1)
        if positional and following != "--" and (following.casefold() in EXAMPLES or others):
            out.append(f"{EXAMPLE_OPTION}={following}")
            index += 2
        else:
            out.append(f"{EXAMPLE_OPTION}={MILLBROOK}")
            index += 1
    return out


def init(
    path: Annotated[Path, typer.Argument(help="The new project folder (must be new or empty).")],
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's name.")
    ],
    country: Annotated[str, typer.Option("--country", "-c", help="Its country.")] = "",
    example: Annotated[
        str | None,
        typer.Option(
            EXAMPLE_OPTION,
            metavar="[NAME]",
            help="Fill it with an example: alone (or millbrook), a complete fictional "
            "municipality to explore; san-diego, the real San Diego County asset map "
            "(153 partners, 330 programs), imported offline.",
        ),
    ] = None,
    no_git: Annotated[
        bool, typer.Option("--no-git", help="Do not make the folder a git repository.")
    ] = False,
    nested: Annotated[
        bool,
        typer.Option("--nested", help="Allow a project inside the folder of another project."),
    ] = False,
    language: Annotated[
        str,
        typer.Option(
            "--language",
            "-l",
            metavar="CODE",
            help="The project's language: en (English), es (español), he (עברית).",
        ),
    ] = "en",
) -> None:
    """Create a project folder for a municipality's STEM ecosystem."""
    from stemeco.i18n import _, ngettext, set_language
    from stemeco.project.create import create
    from stemeco.project.language import check_code

    set_language(check_code(language))  # the new project's language, from its first word
    created = create(
        path,
        municipality,
        country=country,
        example=example,
        git=not no_git,
        nested=nested,
        language=language,
    )
    values = {"municipality": municipality.strip(), "path": created.path}
    if created.assets is not None:
        organisations, programs, review = created.assets
        said = _(
            "Created the {municipality} project in {path} with its asset map: {organisations} "
            "and {programs} imported, {review} to review (stemeco assets review)."
        ).format(
            organisations=ngettext(
                "{count} organisation", "{count} organisations", organisations
            ).format(count=organisations),
            programs=ngettext("{count} program", "{count} programs", programs).format(
                count=programs
            ),
            review=review,
            **values,
        )
    elif created.example:
        said = _("Created the {municipality} project in {path} with the example filled in.").format(
            **values
        )
    else:
        said = _("Created the {municipality} project in {path}.").format(**values)
    typer.echo(said)
    if not no_git:
        typer.echo(f"  {created.git_note}")
    typer.echo(_("Next: cd {path} && stemeco status").format(path=created.path))


#: The class `cli/app.build_command` builds `init` with.
COMMAND_CLASS = InitCommand
