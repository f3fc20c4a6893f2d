"""stemeco gaps"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from stemeco.cli.options import ProjectOption

SHORT = {
    "prek12": "PreK-12",
    "out_of_school": "OST",
    "stem_rich": "STEM-rich",
    "post_secondary": "Post-sec",
    "business": "Business",
    "community": "Community",
    "youth_families": "Families",
    "government": "Gov/fund",
    "unassigned": "No sector",
}


STAGE_SHORT = {
    "early_childhood": "Early/PreK",
    "elementary": "Elementary",
    "middle": "Middle",
    "high_school": "High school",
    "post_secondary": "Post-secondary",
    "employment": "Employment",
    "family": "Family",
}
PILLAR_SHORT = {
    "partnerships": "Partnership",
    "systems": "Systems",
    "teaching_learning": "Teach&Learn",
    "measurement": "Measurement",
    "workforce": "Workforce",
}


def gaps(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """The continuum gap analysis of the asset map: stage x sector, gaps, duplicates."""
    from stemeco.community.assets import ASSET_STAGES
    from stemeco.community.gaps import analyse
    from stemeco.project.folder import Project
    from stemeco.text import plural
    from stemeco.vocab import PILLARS

    proj = Project.locate(project)
    result = analyse(proj.root, proj.manifest.municipality)
    if as_json:
        typer.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    if not result.organisations:
        typer.echo("The asset map is empty: stemeco assets import FILE.csv, or stemeco assets add.")
        return
    echo = typer.echo
    echo(
        f"{proj.manifest.municipality}: {plural(result.organisations, 'organisation')}, "
        f"{plural(result.programs, 'program')}. "
        "Cells: organisations/programs; '--' is an empty cell."
    )
    width = 10
    echo("")
    echo(f"{'Stage':<16}" + "".join(f"{SHORT[s]:>{width}}" for s in result.sectors))
    for stage in ASSET_STAGES:
        row = result.stage_sector[stage]
        texts = [
            f"{row[s].organisations}/{row[s].programs}" if row[s].organisations else "--"
            for s in result.sectors
        ]
        cells = "".join(f"{t:>{width}}" for t in texts)
        echo(f"{STAGE_SHORT[stage]:<16}{cells}")
    echo("")
    echo(f"{'Stage x pillar':<16}" + "".join(f"{PILLAR_SHORT[p]:>12}" for p in PILLARS))
    for stage in ASSET_STAGES:
        row = result.stage_pillar[stage]
        echo(
            f"{STAGE_SHORT[stage]:<16}"
            + "".join(f"{f'{row[p].organisations}/{row[p].programs}':>12}" for p in PILLARS)
        )
    if result.areas:
        echo("")
        echo(
            f"{'Programs by area':<28}"
            + "".join(f"{STAGE_SHORT[s][:11]:>12}" for s in ASSET_STAGES)
        )
        for area in result.areas[:15]:
            echo(
                f"{area[:27]:<28}"
                + "".join(f"{result.stage_area[s][area].programs:>12}" for s in ASSET_STAGES)
            )
        if len(result.areas) > 15:
            echo(f"... and {len(result.areas) - 15} more areas (see --json)")
    echo("\nFindings:")
    for finding in result.findings:
        echo(f"  - {finding}")
    if result.duplicates:
        echo("\nLikely duplicate organisations:")
        for name, path, other, other_path, why in result.duplicates:
            echo(f"  {name} ({path}) looks like {other} ({other_path}): {why}")
    if result.overlaps:
        count = len(result.overlaps)
        largest = ", largest first" if count > 1 else ""
        echo(f"\nPrograms that overlap in stage and area ({plural(count, 'group')}{largest}):")
        for group in result.overlaps[:5]:
            stages = ", ".join(ASSET_STAGES[s] for s in group.stages)
            echo(
                f"  {plural(len(group.programs), 'program')} · {stages} · {', '.join(group.areas)}"
            )
    echo("\nThe full analysis is written to docs/asset-map.md by 'stemeco render'.")
