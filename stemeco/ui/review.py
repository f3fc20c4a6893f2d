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
from stemeco.i18n import _, ngettext
from stemeco.studios.engine import short
from stemeco.ui.prompts import ask_choice, ask_choices, ask_text, console
from stemeco.vocab import PILLARS, STAKEHOLDER_GROUPS, label, labels

if TYPE_CHECKING:
    from collections.abc import Mapping

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
    if more <= 0:
        return shown
    return ngettext("{reasons}; and {count} more", "{reasons}; and {count} more", more).format(
        reasons=shown, count=more
    )


def _said(value: Any) -> bool:
    """A cell worth showing: text or a number, not empty, not No."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return False
    return str(value).strip().casefold() not in ("", "no", "n", "false", "-")


def _labels(values: list[str], vocabulary: Mapping[str, str]) -> str:
    return ", ".join(label(vocabulary, v) for v in values) or _("none")


def _bold(text: str) -> str:
    """A translated heading in bold, its text escaped for rich."""
    return f"[bold]{escape(text)}[/bold]"


class TerminalReviewer:
    def __init__(self, out: Console | None = None) -> None:
        self.out = out or console()

    # ------------------------------------------------------------------ showing

    def show(self, card: Card) -> None:
        from stemeco.community.assets import ASSET_STAGES
        from stemeco.community.reasons import reason_text

        org, out = card.org, self.out
        out.print()
        number = _("{number} of {total}").format(number=card.number, total=card.total)
        out.rule(f"{_bold(number)} · {escape(org.name)}", align="left")
        out.print(f"[dim]{escape(card.file)}[/dim]")
        why, reasons = _("Why:"), "; ".join(reason_text(r) for r in card.reasons)
        out.print(f"{_bold(why)} {escape(reasons)}")
        for heading, value in (
            (_("Location:"), org.location),
            (_("Website:"), org.website),
            (_("Also known as:"), ", ".join(org.aliases)),
        ):
            if value:
                out.print(f"{_bold(heading)} {escape(value)}")
        description = org.data.get("description")
        if isinstance(description, str) and description.strip():
            heading = _("Description:")
            out.print(f"{_bold(heading)} {escape(short(description, DESCRIPTION))}")
        columns = [
            (str(key), value)
            for key, value in org.data.items()
            if key not in NOT_TEXT and key != "description" and _said(value)
        ]
        for key, value in columns[:COLUMNS]:
            out.print(f"[bold]{escape(key)}:[/bold] {escape(short(str(value), COLUMN))}")
        if len(columns) > COLUMNS:
            more = len(columns) - COLUMNS
            hidden = ngettext(
                "and {count} more column in the file", "and {count} more columns in the file", more
            ).format(count=more)
            out.print(f"[dim]{escape(hidden)}[/dim]")
        if org.programs:
            names = ", ".join(p.name for p in org.programs[:5])
            if len(org.programs) > 5:
                names = _("{names} and {count} more").format(
                    names=names, count=len(org.programs) - 5
                )
            stages = _labels(
                [s for s in ASSET_STAGES if any(s in p.stages for p in org.programs)], ASSET_STAGES
            )
            heading = _("Programs ({count}):").format(count=len(org.programs))
            served = _("(stages: {stages})").format(stages=stages)
            out.print(f"{_bold(heading)} {escape(names)} [dim]{escape(served)}[/dim]")
        self._proposal(card)

    def _proposal(self, card: Card) -> None:
        from stemeco.community.assets import ASSET_STAGES

        org, proposal, suggestion = card.org, card.proposal, card.suggestion
        suggested, why_words = _("Suggested"), _("(why: the words found)")
        self.out.print(f"\n{_bold(suggested)} [dim]{escape(why_words)}[/dim]")
        recorded = _("as recorded")
        rows: list[tuple[str, str, str]] = []
        if org.sector is not None:
            rows.append((_("Sector:"), label(STAKEHOLDER_GROUPS, org.sector), recorded))
        elif proposal.sector is not None:
            why = _why(suggestion.reasons("sector", proposal.sector))
            rows.append((_("Sector:"), label(STAKEHOLDER_GROUPS, proposal.sector), why))
        else:
            rows.append((_("Sector:"), _("none found"), _("choose one with Change")))
        for title, kind, have, proposed, vocabulary in (
            (_("Stages:"), "stage", org.served_stages, proposal.stages, ASSET_STAGES),
            (_("Pillars:"), "pillar", org.served_pillars, proposal.pillars, PILLARS),
        ):
            if have:
                rows.append((title, _labels(have, vocabulary), recorded))
            elif proposed:
                by_why: dict[str, list[str]] = {}
                for value in proposed:
                    why = _why(suggestion.reasons(kind, value), 2)
                    by_why.setdefault(why, []).append(label(vocabulary, value))
                whys = (
                    list(by_why)
                    if len(by_why) == 1
                    else [f"{', '.join(values)}: {why}" for why, values in by_why.items()]
                )
                rows.append((title, _labels(proposed, vocabulary), " · ".join(whys)))
            else:
                rows.append((title, _("none found"), _("choose with Change, or leave empty")))
        for title, value, why in rows:
            self.out.print(f"  {_bold(title)} {escape(value)}  [dim]({escape(why)})[/dim]")
        others = [s for s in suggestion.other_sectors if s != proposal.sector][:2]
        if others and org.sector is None:
            hints = "; ".join(
                f"{label(STAKEHOLDER_GROUPS, s)} ({_why(suggestion.reasons('sector', s), 1)})"
                for s in others
            )
            also = _("Also possible: {sectors}").format(sectors=hints)
            self.out.print(f"  [dim]{escape(also)}[/dim]")

    def notify(self, message: str) -> None:
        self.out.print(f"[yellow]! {escape(message)}[/yellow]")

    def saved(self, outcome: Outcome) -> None:
        if outcome.kind == "skipped":
            skipped = _("Skipped: nothing written; it stays on the list.")
            self.out.print(f"[dim]{escape(skipped)}[/dim]")
        elif outcome.kind == "merged":
            merged = _(
                "Merged into {name}: its programs and provenance moved, its name kept as an "
                "alias; {file} removed."
            ).format(name=outcome.into, file=_rel(outcome.removed))
            self.out.print(f"[green]{escape(merged)}[/green]")
        else:
            said = "; ".join(outcome.changes) or _("nothing to change")
            saved = _("Saved {file}: {changes}.").format(file=_rel(outcome.written), changes=said)
            self.out.print(f"[green]{escape(saved)}[/green]")

    # ------------------------------------------------------------------ asking

    def action(self, card: Card) -> Action:
        proposal = card.proposal
        options: dict[str, str] = {}
        if proposal.sector is not None:
            options["accept"] = short(
                _("Accept: {sector}").format(sector=label(STAKEHOLDER_GROUPS, proposal.sector)),
                max(self.out.width - 6, 24),
            )
        options["change"] = _("Change the sector, stages or pillars")
        options["same"] = _("Same organisation as another (merge into it)")
        options["skip"] = _("Skip for now")
        options["stop"] = _("Stop here (the decisions made are saved)")
        default = "accept" if "accept" in options else "change"
        return cast("Action", ask_choice(_("What now?"), options, default=default))

    def sector(self, card: Card) -> str:
        others = card.suggestion.other_sectors
        default = card.proposal.sector or (others[0] if others else None)
        return ask_choice(
            _("Sector (stakeholder group):"), labels(STAKEHOLDER_GROUPS), default=default
        )

    def stages(self, card: Card) -> list[str]:
        from stemeco.community.assets import ASSET_STAGES

        return ask_choices(
            _("Stages it serves:"),
            labels(ASSET_STAGES),
            checked=tuple(card.proposal.stages),
        )

    def pillars(self, card: Card) -> list[str]:
        return ask_choices(
            _("Pillars it works on:"), labels(PILLARS), checked=tuple(card.proposal.pillars)
        )

    def same_as(self, card: Card) -> str:
        options = {name: f"{name} ({why})" for name, why in card.candidates}
        options[TYPE_NAME] = _("Type another name")
        options[BACK] = _("Back")
        answer = ask_choice(_("The same organisation as:"), options)
        if answer == BACK:
            return ""
        if answer == TYPE_NAME:
            return ask_text(_("Its name (or an alias):"), required=False)
        return answer


def _rel(path: Any) -> str:
    """A path under the project as the card shows it (assets/NAME.yaml)."""
    if path is None:
        return ""
    return f"{path.parent.name}/{path.name}"
