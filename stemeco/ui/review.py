"""The terminal side of ``stemeco assets review``: one organisation at a time.

:class:`TerminalReviewer` is the :class:`~stemeco.community.triage.Asker` of a
person at a terminal. It prints each record and the suggestion with its reasons
(rich, wrapped on words), and asks with the prompt kinds of
:mod:`stemeco.ui.prompts`: a choice for the action and the sector, tick lists for
stages and pillars, a line of text for a name typed by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.markup import escape

from stemeco.community.suggest import NOT_TEXT
from stemeco.studios.engine import short
from stemeco.ui.prompts import ask_choice, ask_choices, ask_text, console
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS

if TYPE_CHECKING:
    from rich.console import Console

    from stemeco.community.suggest import Evidence
    from stemeco.community.triage import Action, Card, Outcome

DESCRIPTION = 320  # characters of a description shown
COLUMNS, COLUMN = 6, 120  # other columns kept by the import: how many, how long
TYPE_NAME = "\x00type"
BACK = "\x00back"


def _why(evidence: list[Evidence], limit: int = 3) -> str:
    shown = "; ".join(str(e) for e in evidence[:limit])
    more = len(evidence) - limit
    return shown + (f"; and {more} more" if more > 0 else "")


def _said(value: Any) -> bool:
    """A cell worth showing: text or a number, not empty, not No."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return False
    return str(value).strip().casefold() not in ("", "no", "n", "false", "-")


def _labels(values: list[str], vocabulary: dict[str, str]) -> str:
    return ", ".join(vocabulary.get(v, v) for v in values) or "none"


class TerminalReviewer:
    def __init__(self, out: Console | None = None) -> None:
        self.out = out or console()

    # ------------------------------------------------------------------ showing

    def show(self, card: Card) -> None:
        from stemeco.community.assets import ASSET_STAGES

        org, out = card.org, self.out
        out.print()
        out.rule(f"[bold]{card.number} of {card.total}[/bold] · {escape(org.name)}", align="left")
        out.print(f"[dim]{escape(card.file)}[/dim]")
        out.print(f"[bold]Why:[/bold] {escape('; '.join(card.reasons))}")
        for label, value in (
            ("Location", org.location),
            ("Website", org.website),
            ("Also known as", ", ".join(org.aliases)),
        ):
            if value:
                out.print(f"[bold]{label}:[/bold] {escape(value)}")
        description = org.data.get("description")
        if isinstance(description, str) and description.strip():
            out.print(f"[bold]Description:[/bold] {escape(short(description, DESCRIPTION))}")
        columns = [
            (str(key), value)
            for key, value in org.data.items()
            if key not in NOT_TEXT and key != "description" and _said(value)
        ]
        for key, value in columns[:COLUMNS]:
            out.print(f"[bold]{escape(key)}:[/bold] {escape(short(str(value), COLUMN))}")
        if len(columns) > COLUMNS:
            out.print(f"[dim]and {len(columns) - COLUMNS} more columns in the file[/dim]")
        if org.programs:
            names = ", ".join(p.name for p in org.programs[:5])
            more = f" and {len(org.programs) - 5} more" if len(org.programs) > 5 else ""
            stages = _labels(
                [s for s in ASSET_STAGES if any(s in p.stages for p in org.programs)], ASSET_STAGES
            )
            out.print(
                f"[bold]Programs ({len(org.programs)}):[/bold] {escape(names + more)} "
                f"[dim](stages: {escape(stages)})[/dim]"
            )
        self._proposal(card)

    def _proposal(self, card: Card) -> None:
        from stemeco.community.assets import ASSET_STAGES

        org, proposal, suggestion = card.org, card.proposal, card.suggestion
        self.out.print("\n[bold]Suggested[/bold] [dim](why: the words found)[/dim]")
        rows: list[tuple[str, str, str]] = []
        if org.sector is not None:
            rows.append(("Sector", STAKEHOLDER_GROUPS[org.sector], "as recorded"))
        elif proposal.sector is not None:
            why = _why(suggestion.reasons("sector", proposal.sector))
            rows.append(("Sector", STAKEHOLDER_GROUPS[proposal.sector], why))
        else:
            rows.append(("Sector", "none found", "choose one with Change"))
        for title, kind, have, proposed, vocabulary in (
            ("Stages", "stage", org.served_stages, proposal.stages, ASSET_STAGES),
            ("Pillars", "pillar", org.served_pillars, proposal.pillars, PILLARS),
        ):
            if have:
                rows.append((title, _labels(have, vocabulary), "as recorded"))
            elif proposed:
                by_why: dict[str, list[str]] = {}
                for value in proposed:
                    why = _why(suggestion.reasons(kind, value), 2)
                    by_why.setdefault(why, []).append(vocabulary[value])
                whys = (
                    list(by_why)
                    if len(by_why) == 1
                    else [f"{', '.join(values)}: {why}" for why, values in by_why.items()]
                )
                rows.append((title, _labels(proposed, vocabulary), " · ".join(whys)))
            else:
                rows.append((title, "none found", "choose with Change, or leave empty"))
        for title, value, why in rows:
            self.out.print(f"  [bold]{title}:[/bold] {escape(value)}  [dim]({escape(why)})[/dim]")
        others = [s for s in suggestion.other_sectors if s != proposal.sector][:2]
        if others and org.sector is None:
            hints = "; ".join(
                f"{STAKEHOLDER_GROUPS[s]} ({_why(suggestion.reasons('sector', s), 1)})"
                for s in others
            )
            self.out.print(f"  [dim]Also possible: {escape(hints)}[/dim]")

    def notify(self, message: str) -> None:
        self.out.print(f"[yellow]! {escape(message)}[/yellow]")

    def saved(self, outcome: Outcome) -> None:
        if outcome.kind == "skipped":
            self.out.print("[dim]Skipped: nothing written; it stays on the list.[/dim]")
        elif outcome.kind == "merged":
            self.out.print(
                f"[green]Merged into {escape(outcome.into)}[/green]: its programs and "
                f"provenance moved, its name kept as an alias; {escape(_rel(outcome.removed))} "
                "removed."
            )
        else:
            said = "; ".join(outcome.changes) or "nothing to change"
            self.out.print(f"[green]Saved[/green] {escape(_rel(outcome.written))}: {escape(said)}.")

    # ------------------------------------------------------------------ asking

    def action(self, card: Card) -> Action:
        proposal = card.proposal
        options: dict[str, str] = {}
        if proposal.sector is not None:
            options["accept"] = short(
                f"Accept: {STAKEHOLDER_GROUPS[proposal.sector]}", max(self.out.width - 6, 24)
            )
        options["change"] = "Change the sector, stages or pillars"
        options["same"] = "Same organisation as another (merge into it)"
        options["skip"] = "Skip for now"
        options["stop"] = "Stop here (the decisions made are saved)"
        default = "accept" if "accept" in options else "change"
        return cast("Action", ask_choice("What now?", options, default=default))

    def sector(self, card: Card) -> str:
        others = card.suggestion.other_sectors
        default = card.proposal.sector or (others[0] if others else None)
        return ask_choice("Sector (stakeholder group):", STAKEHOLDER_GROUPS, default=default)

    def stages(self, card: Card) -> list[str]:
        from stemeco.community.assets import ASSET_STAGES

        return ask_choices(
            "Stages it serves:",
            ASSET_STAGES,
            checked=tuple(card.proposal.stages),
        )

    def pillars(self, card: Card) -> list[str]:
        return ask_choices("Pillars it works on:", PILLARS, checked=tuple(card.proposal.pillars))

    def same_as(self, card: Card) -> str:
        options = {name: f"{name} ({why})" for name, why in card.candidates}
        options[TYPE_NAME] = "Type another name"
        options[BACK] = "Back"
        answer = ask_choice("The same organisation as:", options)
        if answer == BACK:
            return ""
        if answer == TYPE_NAME:
            return ask_text("Its name (or an alias):", required=False)
        return answer


def _rel(path: Any) -> str:
    """A path under the project as the card shows it (assets/NAME.yaml)."""
    if path is None:
        return ""
    return f"{path.parent.name}/{path.name}"
