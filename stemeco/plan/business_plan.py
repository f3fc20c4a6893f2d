"""The business plan / governance sustainability session (milestone 1, last step).

Its questions live in ``studios/business-plan.yaml`` and are asked by the
same engine as the Design Studios (``stemeco studio run business-plan``); the
answers land in ``sessions/business-plan.yaml``. This module adds the budget
arithmetic for ``docs/business-plan.md`` and the status item. Cheap reads only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

SESSION = "business-plan"


@dataclass
class YearTotals:
    year: int
    costs: float = 0.0
    committed: float = 0.0
    prospective: float = 0.0

    @property
    def revenue(self) -> float:
        return self.committed + self.prospective

    @property
    def gap(self) -> float:
        """Costs not covered by committed revenue (negative: a surplus)."""
        return self.costs - self.committed

    @property
    def gap_if_all_come_in(self) -> float:
        return self.costs - self.committed - self.prospective


@dataclass
class Budget:
    years: list[YearTotals] = field(default_factory=list)

    @property
    def total(self) -> YearTotals:
        out = YearTotals(0)
        for year in self.years:
            out.costs += year.costs
            out.committed += year.committed
            out.prospective += year.prospective
        return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def budget(lines: Iterable[Any]) -> Budget:
    """Totals per year. Revenue without a status counts as prospective (not yet promised)."""
    years: dict[int, YearTotals] = {}
    for line in lines:
        if not isinstance(line, dict):
            continue
        year, amount = line.get("year"), _number(line.get("amount"))
        if isinstance(year, bool) or not isinstance(year, int) or amount is None:
            continue
        totals = years.setdefault(year, YearTotals(year))
        if line.get("kind") == "cost":
            totals.costs += amount
        elif line.get("kind") == "revenue":
            if line.get("status") == "committed":
                totals.committed += amount
            else:
                totals.prospective += amount
    return Budget([years[y] for y in sorted(years)])


def budget_context(lines: Iterable[Any]) -> dict[str, Any]:
    result = budget(lines)

    def plain(t: YearTotals) -> dict[str, Any]:
        return {
            "year": t.year,
            "costs": t.costs,
            "committed": t.committed,
            "prospective": t.prospective,
            "revenue": t.revenue,
            "gap": t.gap,
            "gap_if_all_come_in": t.gap_if_all_come_in,
        }

    return {"years": [plain(y) for y in result.years], "total": plain(result.total)}
