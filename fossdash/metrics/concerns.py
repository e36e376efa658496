"""Concerns counted per calendar quarter and category: one SQL aggregate, returned as plain data.

Broken down by agency or staff group, the counts go through the anonymity threshold
(`PerQuarter.suppressed(k)`, see fossdash/metrics/suppression.py) before anything draws them: a
hidden figure is None from then on, so no chart, table or export can show it. The whole project's
counts are not a breakdown by agency or group and are shown as they are, even where the project's
own total is under k: that figure is the project's, not any group's."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Sequence
from typing import cast as type_cast

from sqlalchemy import Integer, bindparam, cast, extract, func, select

from fossdash.concerns.filters import Filters, conditions
from fossdash.concerns.models import CATEGORIES, Concern
from fossdash.extensions import db
from fossdash.metrics.periods import Quarter, quarters_between
from fossdash.metrics.suppression import suppress
from fossdash.sqlrows import prepared, rows

# A chart over more quarters than this stops stretching to reach far-off milestones.
MAX_QUARTERS = 60


@dataclass
class PerQuarter:
    quarters: list[Quarter]
    categories: list[str]  # category keys with at least one concern, in the paper's order
    # category -> count per quarter (same order as `quarters`); None where hidden (see `k`)
    counts: dict[str, list[int | None]]
    totals: list[int | None] = field(default_factory=list)  # per quarter
    category_totals: dict[str, int | None] | None = None  # per category, over every quarter
    grand_total: int | None = None
    # The anonymity threshold the figures were suppressed with; None: every figure is as counted.
    k: int | None = None

    def __post_init__(self) -> None:
        if self.category_totals is None:
            self.category_totals = {c: sum(v or 0 for v in self.counts[c]) for c in self.categories}
        if self.k is None and self.grand_total is None:
            self.grand_total = sum(t or 0 for t in self.totals)

    @property
    def total(self) -> int | None:
        """Every concern counted, or None where that figure is hidden."""
        return self.grand_total

    @property
    def any_hidden(self) -> bool:
        if self.k is None:
            return False
        if self.grand_total is None or None in self.totals:
            return True
        assert self.category_totals is not None  # filled in by __post_init__
        return (any(v is None for v in self.category_totals.values())
                or any(v is None for c in self.categories for v in self.counts[c]))

    def labels(self) -> dict[str, str]:
        return {k: CATEGORIES.get(k, k) for k in self.categories}

    def suppressed(self, k: int) -> PerQuarter:
        """The same figures with the anonymity threshold applied: quarters are the rows, categories
        the columns; a hidden figure becomes None."""
        if self.k is not None:
            raise ValueError("These figures have already been suppressed")
        # Not yet suppressed, so no figure is None; `suppress` itself rejects one (ValueError) if it is.
        rows = type_cast(Sequence[Sequence[int]],
                         [[self.counts[c][i] for c in self.categories] for i in range(len(self.quarters))])
        table = suppress(rows, k)
        counts = {c: [table.cells[i][j].shown for i in range(len(self.quarters))]
                  for j, c in enumerate(self.categories)}
        return PerQuarter(
            list(self.quarters), list(self.categories), counts, [f.shown for f in table.row_totals],
            {c: table.column_totals[j].shown for j, c in enumerate(self.categories)}, table.total.shown, k,
        )


def per_quarter(project_id: int, filters: Filters | None = None, extend_to: Iterable[date] = (),
                session=None, k: int | None = None) -> PerQuarter:
    """Concerns raised per quarter, by category. The quarters run without gaps from the first
    concern to the last, stretched to take in the dates in `extend_to` (milestones) unless that
    would make the chart longer than MAX_QUARTERS. With `k`, the figures come back suppressed
    (for a breakdown by agency or staff group)."""
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
        return PerQuarter([], [], {}, [], k=k, grand_total=0)
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
    counts: dict[str, list[int | None]] = {c: [by_quarter.get((q, c), 0) for q in quarters] for c in categories}
    totals: list[int | None] = [sum(by_quarter.get((q, c), 0) for c in categories) for q in quarters]
    data = PerQuarter(quarters, categories, counts, totals)
    return data.suppressed(k) if k is not None else data


def timings(project_id: int, session=None) -> list[tuple[date, date | None, str]]:
    """Every concern of the project as (raised on, answered on, status), read from the covering
    index alone, once per transaction (fossdash/readcache.py): the project home needs them three
    times over (its concerns at a glance, its attention item, the readiness evidence)."""
    from fossdash.readcache import shared

    session = session or db.session
    return shared(session, ("concerns.timings", project_id), lambda: rows(session, _TIMINGS(), project_id=project_id))


_TIMINGS = prepared(lambda: select(Concern.raised_on, Concern.answered_on, Concern.status)
                    .where(Concern.project_id == bindparam("project_id")))
