"""Pulse survey results as plain data: the morale index, eNPS, participation, each item's
distribution, and the breakdown by agency and staff group with the anonymity threshold k applied.

The arithmetic (pure):
- morale index: the mean of every 1–5 answer to the five core items, mapped to 0–100
  ((mean - 1) × 25: all "strongly disagree" is 0, all "strongly agree" 100). Core items only, so
  rounds with different items of their own still compare.
- eNPS: the percentage answering 9 or 10 to the recommend question minus the percentage
  answering 0 to 6 (-100 to 100).
- participation: answers ÷ the headcount of the project's staff groups.

The threshold k (fossdash/metrics/suppression.py):
- a round with fewer than k answers shows nothing at all (`RoundStats.shown` is False);
- the breakdown is one two-way table, agency (or "not given") × staff group (or "not given"),
  suppressed as counts: its row totals are the agency figures, its column totals the group
  figures. Suppressing the two cuts as one table is what stops a subtraction across them (an
  agency's count minus its big group's count is its small group's count);
- every mean or share whose count is hidden is hidden too (None): a mean times its count is a
  sum, and sums subtract just like counts. Where the counts' pattern keeps hidden counts at 0 or k
  or more together, so does every quantity derived from them;
- an imported answer may leave questions empty (a staff link answer never does). A statement's
  spread needs k answers to it (`Distribution.under`). The morale index and the eNPS are shown
  only where every answer they add up answered their questions, all five core statements
  (`morale_shown`) or the recommend question (`enps_shown`): over part of the answers, a hidden
  statement's answers, or a hidden cut's, could be worked out from them (the mean of the five
  beside four statements' spreads; a total beside the other cuts), as independent reviews
  showed. Any figure that adds up an answer with a question left empty is hidden, the total
  too; and then every cut's as well, since the statements' spreads add up the round's core
  answers all the same, so what is hidden cannot be subtracted out of what is shown.

One aggregate query per use, whatever the number of answers (`cell_stats` for any set of
rounds, `distribution` for one round).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from sqlalchemy import bindparam, case, func, select

from fossdash.extensions import db
from fossdash.metrics.suppression import suppress
from fossdash.sqlrows import prepared, rows

CORE = ["q1", "q2", "q3", "q4", "q5"]
NOT_GIVEN = None  # the key of answers that gave no agency or no group


# --- the arithmetic -----------------------------------------------------------------------------

def morale_index(core_sum: int, core_n: int) -> float | None:
    """Mean of 1–5 answers mapped to 0–100; None with no answers."""
    if core_n <= 0:
        return None
    return (core_sum / core_n - 1) * 25


def enps(promoters: int, detractors: int, answered: int) -> float | None:
    """% answering 9–10 minus % answering 0–6; None with no answers."""
    if answered <= 0:
        return None
    return 100 * (promoters - detractors) / answered


def morale_shown(n: int, core_n: int, k: int) -> bool:
    """Whether a morale index may be shown: from k answers or more, each of which answered all five
    core statements (`core_n` answers to them in all). Staff link answers always do."""
    return n >= k and core_n == len(CORE) * n


def enps_shown(n: int, recommend_n: int, k: int) -> bool:
    """Whether an eNPS may be shown: from k answers or more, each of which answered the recommend
    question."""
    return n >= k and recommend_n == n


def participation(answers: int, headcount: int) -> float | None:
    """Answers as a share of the headcount (0.0–1.0 and more if more answered than counted)."""
    if headcount <= 0:
        return None
    return answers / headcount


@dataclass
class Stats:
    """What one set of answers adds up to; `add` merges two sets."""

    n: int = 0
    core_sum: int = 0
    core_n: int = 0
    promoters: int = 0
    detractors: int = 0
    recommend_n: int = 0

    def add(self, other: "Stats") -> "Stats":
        return Stats(self.n + other.n, self.core_sum + other.core_sum, self.core_n + other.core_n,
                     self.promoters + other.promoters, self.detractors + other.detractors,
                     self.recommend_n + other.recommend_n)

    @property
    def morale(self) -> float | None:
        return morale_index(self.core_sum, self.core_n)

    @property
    def enps(self) -> float | None:
        return enps(self.promoters, self.detractors, self.recommend_n)


# --- suppression of the breakdown ---------------------------------------------------------------

@dataclass(frozen=True)
class Cut:
    """One figure of a breakdown (an agency or a staff group): its count, morale and eNPS, each
    None where hidden."""

    key: int | None
    label: str
    n: int | None
    morale: float | None
    enps: float | None

    @property
    def hidden(self) -> bool:
        return self.n is None


@dataclass
class RoundStats:
    k: int
    shown: bool  # False: fewer than k answers, nothing at all may be shown
    total: Stats
    headcount: int
    agencies: list[Cut] = field(default_factory=list)
    groups: list[Cut] = field(default_factory=list)
    # False while the round is open: every cut is hidden (see round_stats).
    breakdown: bool = True

    @property
    def n(self) -> int | None:
        return self.total.n if self.shown else None

    @property
    def morale(self) -> float | None:
        return self.total.morale if morale_shown(self.total.n, self.total.core_n, self.k) else None

    @property
    def enps(self) -> float | None:
        return self.total.enps if enps_shown(self.total.n, self.total.recommend_n, self.k) else None

    @property
    def participation(self) -> float | None:
        return participation(self.total.n, self.headcount) if self.shown else None

    def agency_shown(self, agency_id: int | None) -> bool:
        return any(c.key == agency_id and not c.hidden for c in self.agencies)

    def group_shown(self, group_id: int | None) -> bool:
        return any(c.key == group_id and not c.hidden for c in self.groups)

    @property
    def any_hidden(self) -> bool:
        return any(c.hidden for c in self.agencies + self.groups)


def _cut(key, label, stats: Stats, hidden: bool, k: int, total: Stats) -> Cut:
    """One cut's figures. Its morale index and eNPS only where the round's own are shown too: the
    statements' spreads add up every core answer of the round, so beside them a cut's morale
    would give away the rest of the round's (found by review); the same rule for the eNPS."""
    if hidden:
        return Cut(key, label, None, None, None)
    morale = morale_shown(stats.n, stats.core_n, k) and morale_shown(total.n, total.core_n, k)
    enps_ = enps_shown(stats.n, stats.recommend_n, k) and enps_shown(total.n, total.recommend_n, k)
    return Cut(key, label, stats.n, stats.morale if morale else None, stats.enps if enps_ else None)


def round_stats(cells: dict[tuple[int | None, int | None], Stats], k: int, headcount: int = 0,
                agencies: Iterable[tuple[int, str]] = (), groups: Iterable[tuple[int, str]] = (),
                breakdown: bool = True) -> RoundStats:
    """One round's results from its answers added up per (agency, group) cell, with k applied.
    `agencies` and `groups` are the (id, name) of the breakdown's rows and columns (a cell keyed
    by another id counts under "not given"). `breakdown` False (a round still open): every cut
    hidden. Each release adds at least k answers to the round (fossdash/surveys/release.py), but
    may add fewer than k to one agency or group, whose figures before and after it would then
    give those answers away; once the round has closed, its cuts no longer change that way."""
    agencies, groups = list(agencies), list(groups)
    a_keys = [a for a, _ in agencies] + [NOT_GIVEN]
    g_keys = [g for g, _ in groups] + [NOT_GIVEN]
    a_pos = {key: i for i, key in enumerate(a_keys)}
    g_pos = {key: j for j, key in enumerate(g_keys)}
    # Each cell's answers added into its place in the grid (a cell keyed by another id counts
    # under "not given"), then the rows, the columns and the whole, each added up once.
    empty = Stats()
    grid: list[list[Stats]] = [[empty] * len(g_keys) for _ in a_keys]
    a_none, g_none = a_pos[NOT_GIVEN], g_pos[NOT_GIVEN]
    for (agency_id, group_id), stats in cells.items():
        i, j = a_pos.get(agency_id, a_none), g_pos.get(group_id, g_none)
        grid[i][j] = stats if grid[i][j] is empty else grid[i][j].add(stats)
    by_agency = [_sum(row) for row in grid]
    total = _sum(by_agency)
    result = RoundStats(k=k, shown=total.n >= k, total=total, headcount=headcount, breakdown=breakdown)
    if not result.shown:
        return result
    table = suppress([[s.n for s in row] for row in grid], k)
    a_labels = [name for _, name in agencies] + ["Not given"]
    g_labels = [name for _, name in groups] + ["Not given"]
    for i, key in enumerate(a_keys):
        result.agencies.append(_cut(key, a_labels[i], by_agency[i], table.row_totals[i].hidden or not breakdown, k,
                                    total))
    for j, key in enumerate(g_keys):
        result.groups.append(_cut(key, g_labels[j], _sum(row[j] for row in grid),
                                  table.column_totals[j].hidden or not breakdown, k, total))
    return result


def _sum(items: Iterable[Stats]) -> Stats:
    """Stats added up in one pass (the same as chaining Stats.add, without a Stats per step)."""
    n = core_sum = core_n = promoters = detractors = recommend_n = 0
    for s in items:
        n += s.n
        core_sum += s.core_sum
        core_n += s.core_n
        promoters += s.promoters
        detractors += s.detractors
        recommend_n += s.recommend_n
    return Stats(n, core_sum, core_n, promoters, detractors, recommend_n)


# --- the queries --------------------------------------------------------------------------------

def _stats_columns(model):
    core = [getattr(model, c) for c in CORE]
    core_sum = sum((func.coalesce(c, 0) for c in core[1:]), func.coalesce(core[0], 0))
    core_n = sum((case((c.is_not(None), 1), else_=0) for c in core[1:]), case((core[0].is_not(None), 1), else_=0))
    return [
        func.count().label("n"),
        func.coalesce(func.sum(core_sum), 0).label("core_sum"),
        func.coalesce(func.sum(core_n), 0).label("core_n"),
        func.coalesce(func.sum(case((model.recommend >= 9, 1), else_=0)), 0).label("promoters"),
        func.coalesce(func.sum(case((model.recommend <= 6, 1), else_=0)), 0).label("detractors"),
        func.count(model.recommend).label("recommend_n"),
    ]


def cell_stats(round_ids: list[int], session=None) -> dict[int, dict[tuple[int | None, int | None], Stats]]:
    """round id -> {(agency id, group id): Stats} over the released answers: one query."""
    from fossdash.surveys.models import SurveyAnswer as A

    session = session or db.session
    out: dict[int, dict[tuple[int | None, int | None], Stats]] = {r: {} for r in round_ids}
    if not round_ids:
        return out
    rows = session.execute(
        select(A.round_id, A.agency_id, A.staff_group_id, *_stats_columns(A))
        .where(A.round_id.in_(round_ids)).group_by(A.round_id, A.agency_id, A.staff_group_id)
    ).all()
    for r in rows:
        out[r.round_id][(r.agency_id, r.staff_group_id)] = Stats(
            int(r.n), int(r.core_sum), int(r.core_n), int(r.promoters), int(r.detractors), int(r.recommend_n))
    return out


@dataclass
class Distribution:
    """Per 1–5 item, the count of each answer 1..5; and the recommend question's 0..10."""

    items: dict[str, list[int] | None]  # None: answered by fewer than k people, hidden
    recommend: list[int] | None

    def under(self, k: int) -> "Distribution":
        """The same, with the spread of each question answered by fewer than k people (but some)
        hidden: None."""
        def kept(counts: list[int] | None) -> list[int] | None:
            return None if counts is None or 0 < sum(counts) < k else counts

        return Distribution({c: kept(counts) for c, counts in self.items.items()}, kept(self.recommend))


def distribution(round_id: int, columns: list[str], k: int, session=None) -> Distribution:
    """How many gave each answer to each item of one round (one query), a question answered by
    fewer than k people hidden (Distribution.under)."""
    from fossdash.surveys.models import SurveyAnswer as A

    session = session or db.session
    parts = []
    for col in columns:
        c = getattr(A, col)
        parts += [func.coalesce(func.sum(case((c == v, 1), else_=0)), 0) for v in range(1, 6)]
    parts += [func.coalesce(func.sum(case((A.recommend == v, 1), else_=0)), 0) for v in range(11)]
    row = session.execute(select(*parts).where(A.round_id == round_id)).one()
    values = [int(v) for v in row]
    items = {col: values[i * 5:(i + 1) * 5] for i, col in enumerate(columns)}
    return Distribution(dict(items), values[len(columns) * 5:]).under(k)


def item_mean(counts: list[int]) -> float | None:
    """The 0–100 score of one item from its counts of 1..5."""
    n = sum(counts)
    return morale_index(sum((i + 1) * c for i, c in enumerate(counts)), n)


def agree_share(counts: list[int]) -> tuple[float, float, float] | None:
    """(disagree, neither, agree) as shares of those who answered, or None."""
    n = sum(counts)
    if not n:
        return None
    return ((counts[0] + counts[1]) / n, counts[2] / n, (counts[3] + counts[4]) / n)


def round_dates(project_id: int, session=None) -> list[tuple[int, str, date, date]]:
    """The project's survey rounds as (id, title, opens on, closes on), latest closing first:
    read once per transaction (fossdash/readcache.py), as the project home's readiness evidence
    and its attention list (rounds closing soon) both need them."""
    from fossdash.readcache import shared

    session = session or db.session
    return shared(session, ("surveys.round_dates", project_id), lambda: rows(session, _ROUND_DATES(),
                                                                               project_id=project_id))


def _round_dates():
    from fossdash.surveys.models import SurveyRound as R

    return (select(R.id, R.title, R.opens_on, R.closes_on).where(R.project_id == bindparam("project_id"))
            .order_by(R.closes_on.desc(), R.id.desc()))


_ROUND_DATES = prepared(_round_dates)
