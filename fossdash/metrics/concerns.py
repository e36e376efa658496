"""Concerns counted per calendar quarter and category: one SQL aggregate, returned as plain data."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from sqlalchemy import Integer, cast, extract, func, select

from fossdash.concerns.filters import Filters, conditions
from fossdash.concerns.models import CATEGORIES, Concern
from fossdash.extensions import db
from fossdash.metrics.periods import Quarter, quarters_between

# A chart over more quarters than this stops stretching to reach far-off milestones.
MAX_QUARTERS = 60


@dataclass
class PerQuarter:
    quarters: list[Quarter]
    categories: list[str]  # category keys with at least one concern, in the paper's order
    counts: dict[str, list[int]]  # category -> count per quarter (same order as `quarters`)
    totals: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.totals)

    def labels(self) -> dict[str, str]:
        return {k: CATEGORIES.get(k, k) for k in self.categories}


def per_quarter(project_id: int, filters: Filters | None = None, extend_to: Iterable[date] = (),
                session=None) -> PerQuarter:
    """Concerns raised per quarter, by category. The quarters run without gaps from the first
    concern to the last, stretched to take in the dates in `extend_to` (milestones) unless that
    would make the chart longer than MAX_QUARTERS."""
    session = session or db.session
    year = cast(extract("year", Concern.raised_on), Integer).label("year")
    month = cast(extract("month", Concern.raised_on), Integer).label("month")
    rows = session.execute(
        select(year, month, Concern.category, func.count(Concern.id))
        .where(*conditions(project_id, filters))
        .group_by(year, month, Concern.category)
    ).all()
    by_quarter: dict[tuple[Quarter, str], int] = {}
    for y, m, category, n in rows:
        key = (Quarter(int(y), (int(m) - 1) // 3 + 1), category)
        by_quarter[key] = by_quarter.get(key, 0) + int(n)
    if not by_quarter:
        return PerQuarter([], [], {}, [])
    seen = sorted({q for q, _c in by_quarter})
    first, last = seen[0], seen[-1]
    for day in extend_to:
        q = Quarter.of(day)
        lo, hi = min(first, q), max(last, q)
        if len(quarters_between(lo, hi)) <= MAX_QUARTERS:
            first, last = lo, hi
    quarters = quarters_between(first, last)
    present = {c for _q, c in by_quarter}
    categories = [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))
    counts = {c: [by_quarter.get((q, c), 0) for q in quarters] for c in categories}
    totals = [sum(counts[c][i] for c in categories) for i in range(len(quarters))]
    return PerQuarter(quarters, categories, counts, totals)
