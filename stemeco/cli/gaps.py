"""stemeco gaps"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption
from stemeco.i18n import NC_, _, ngettext, pgettext

#: Column heads of the tables, at most 10 (sectors), 16 (stages) and 11 (pillars)
#: characters in every language: translated with the context "gaps column".
SHORT = {
    "prek12": NC_("gaps column", "PreK-12"),
    "out_of_school": NC_("gaps column", "OST"),
    "stem_rich": NC_("gaps column", "STEM-rich"),
    "post_secondary": NC_("gaps column", "Post-sec"),
    "business": NC_("gaps column", "Business"),
    "community": NC_("gaps column", "Community"),
    "youth_families": NC_("gaps column", "Families"),
    "government": NC_("gaps column", "Gov/fund"),
    "unassigned": NC_("gaps column", "No sector"),
}


STAGE_SHORT = {
    "early_childhood": NC_("gaps column", "Early/PreK"),
    "elementary": NC_("gaps column", "Elementary"),
    "middle": NC_("gaps column", "Middle"),
    "high_school": NC_("gaps column", "High school"),
    "post_secondary": NC_("gaps column", "Post-secondary"),
    "employment": NC_("gaps column", "Employment"),
    "family": NC_("gaps column", "Family"),
}
PILLAR_SHORT = {
    "partnerships": NC_("gaps column", "Partnership"),
    "systems": NC_("gaps column", "Systems"),
    "teaching_learning": NC_("gaps column", "Teach&Learn"),
    "measurement": NC_("gaps column", "Measurement"),
    "workforce": NC_("gaps column", "Workforce"),
}


def gaps(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """The continuum gap analysis of the asset map: stage x sector, gaps, duplicates."""
    from stemeco.community.assets import ASSET_STAGES
    from stemeco.community.gaps import analyse
    from stemeco.project.folder import Project
    from stemeco.vocab import PILLARS, label

    proj = Project.locate(project)
    result = analyse(proj.root, proj.manifest.municipality)
    if as_json:
        typer.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    if not result.organisations:
        typer.echo(
            _("The asset map is empty: stemeco assets import FILE.csv, or stemeco assets add.")
        )
        return
    echo = typer.echo
    echo(
        _("{municipality}: {organisations}, {programs}. {legend}").format(
            municipality=proj.manifest.municipality,
            organisations=ngettext(
                "{count} organisation", "{count} organisations", result.organisations
            ).format(count=result.organisations),
            programs=ngettext("{count} program", "{count} programs", result.programs).format(
                count=result.programs
            ),
            legend=_("Cells: organisations/programs; '--' is an empty cell."),
        )
    )
    width = 10
    echo("")
    stage, by_pillar, by_area = _("Stage"), _("Stage x pillar"), _("Programs by area")
    echo(f"{stage:<16}" + "".join(f"{_short(SHORT, s):>{width}}" for s in result.sectors))
    for stage in ASSET_STAGES:
        row = result.stage_sector[stage]
        texts = [
            f"{row[s].organisations}/{row[s].programs}" if row[s].organisations else "--"
            for s in result.sectors
        ]
        cells = "".join(f"{t:>{width}}" for t in texts)
        echo(f"{_short(STAGE_SHORT, stage):<16}{cells}")
    echo("")
    echo(f"{by_pillar:<16}" + "".join(f"{_short(PILLAR_SHORT, p):>12}" for p in PILLARS))
    for stage in ASSET_STAGES:
        row = result.stage_pillar[stage]
        echo(
            f"{_short(STAGE_SHORT, stage):<16}"
            + "".join(f"{f'{row[p].organisations}/{row[p].programs}':>12}" for p in PILLARS)
        )
    if result.areas:
        echo("")
        echo(f"{by_area:<28}" + "".join(f"{_short(STAGE_SHORT, s)[:11]:>12}" for s in ASSET_STAGES))
        for area in result.areas[:15]:
            echo(
                f"{area[:27]:<28}"
                + "".join(f"{result.stage_area[s][area].programs:>12}" for s in ASSET_STAGES)
            )
        if len(result.areas) > 15:
            more = len(result.areas) - 15
            echo(
                ngettext(
                    "... and {count} more area (see --json)",
                    "... and {count} more areas (see --json)",
                    more,
                ).format(count=more)
            )
    echo("\n" + _("Findings:"))
    for finding in result.findings:
        echo(f"  - {finding}")
    if result.duplicates:
        from stemeco.community.reasons import evidence_text

        echo("\n" + _("Likely duplicate organisations:"))
        for name, path, other, other_path, why in result.duplicates:
            echo(
                "  "
                + _("{name} ({file}) looks like {other} ({other_file}): {why}").format(
                    name=name,
                    file=path,
                    other=other,
                    other_file=other_path,
                    why=evidence_text(why),
                )
            )
    if result.overlaps:
        count = len(result.overlaps)
        echo(
            "\n"
            + ngettext(
                "Programs that overlap in stage and area ({count} group):",
                "Programs that overlap in stage and area ({count} groups, largest first):",
                count,
            ).format(count=count)
        )
        for group in result.overlaps[:5]:
            stages = ", ".join(label(ASSET_STAGES, s) for s in group.stages)
            programs = ngettext("{count} program", "{count} programs", len(group.programs))
            echo(
                f"  {programs.format(count=len(group.programs))} · {stages} · "
                + ", ".join(group.areas)
            )
    echo("\n" + _("The full analysis is written to docs/asset-map.md by 'stemeco render'."))


def _short(heads: dict[str, str], key: str) -> str:
    """A column head in the project's language."""
    english = heads.get(key)
    return key if english is None else pgettext("gaps column", english)
