"""The indicator sheet: one plain row per indicator, for the templates and docs/indicators.csv.

The CSV is written by Python's csv module; a cell a spreadsheet would run as a
formula starts with ``'`` unless it is a number (:func:`stemeco.text.csv_cell`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stemeco.plan.indicators import FIELDS, overview
from stemeco.text import csv_cell

if TYPE_CHECKING:
    from stemeco.project.folder import Project

#: The columns of docs/indicators.csv, in this order (documented in the README).
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    *FIELDS,  # an indicator's own fields, in their order
    "measurements",
    "latest_value",
    "latest_date",
    "progress_percent",
    "status",
    "source",
)


def rows(project: Project) -> list[dict[str, Any]]:
    """One plain row per indicator, for the templates and the CSV."""
    out = []
    for indicator, prog in overview(project):
        latest = prog.latest
        out.append(
            {
                "id": indicator.id,
                "name": indicator.name,
                "pillar": indicator.pillar,
                "pillar_label": indicator.pillar_label,
                "definition": indicator.definition,
                "baseline": indicator.baseline,
                "target": indicator.target,
                "target_date": indicator.target_date,
                "data_source": indicator.data_source,
                "frequency": indicator.frequency,
                "frequency_label": indicator.frequency_label,
                "owner": indicator.owner,
                "source": indicator.source,
                "measurements": [
                    {"date": m.date, "value": m.value, "note": m.note} for m in prog.measurements
                ],
                "latest_value": latest.value if latest else None,
                "latest_date": latest.date if latest else None,
                "progress_percent": None if prog.percent is None else round(prog.percent, 1),
                # the numbers the progress rule reads, for the charts of the review copies
                "baseline_value": prog.baseline,
                "target_value": prog.target,
                "baseline_date": indicator.baseline_date,
                "state": prog.state,
                "status": prog.label,
                "explanation": prog.explanation,
            }
        )
    return out


def csv_text(table: list[dict[str, Any]]) -> str:
    """docs/indicators.csv: CSV_COLUMNS in order, LF line endings, empty cell when unknown."""
    import csv  # only when the sheet is rendered, not on the status path
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in table:
        cells = {
            **row,
            "pillar": row["pillar_label"],
            "frequency": row["frequency_label"],
            "measurements": len(row["measurements"]),
        }
        writer.writerow([csv_cell(cells.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()
