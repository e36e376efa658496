"""The portfolio over time, as plain data for the charts: the evidence index per project at the end
of each of the last quarters, morale per project per survey round (k applies), and concerns per
quarter across the portfolio. A fixed number of queries: one set per quarter shown (QUARTERS of
them), a few for the rounds and their totals (fossdash/portfolio/rounds.py), one for the concerns."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Integer, cast, extract, func, select

from fossdash.extensions import db
from fossdash.metrics import portfolio as evidence
from fossdash.metrics import readiness as rules
from fossdash.metrics.milestones import Mark, milestones
from fossdash.metrics.periods import Quarter, quarters_between
from fossdash.metrics.surveys import morale_shown
from fossdash.portfolio import rounds as round_totals
from fossdash.portfolio.service import settings, visible_projects
from fossdash.projects.models import PROJECT_STAGES, PROJECT_TYPES, Project

QUARTERS = 6


@dataclass
class RoundPoint:
    project: Project
    title: str
    closes_on: date
    n: int | None  # None: under k, nothing shown
    morale: float | None


@dataclass
class Trends:
    today: date
    projects: list[Project]
    visible: int
    stage: str | None
    type_: str | None
    quarters: list[Quarter]
    index: dict[int, list[float | None]]  # project id -> index at each quarter's end (or today)
    rounds: list[RoundPoint]
    concerns: list[int]  # across the portfolio, per quarter of `concern_quarters`
    concern_quarters: list[Quarter]
    marks: list[Mark] = field(default_factory=list)  # one project shown: its milestones
    stages: dict[str, str] = field(default_factory=lambda: dict(PROJECT_STAGES))
    types: dict[str, str] = field(default_factory=lambda: dict(PROJECT_TYPES))
    project_id: int | None = None
    choices: list[Project] = field(default_factory=list)  # every visible project, for the filter

    @property
    def single(self) -> Project | None:
        return self.projects[0] if len(self.projects) == 1 else None


def quarter_ends(today: date, n: int = QUARTERS) -> list[tuple[Quarter, date]]:
    """The last `n` quarters up to today's, each with the day its evidence is read: the quarter's
    last day, or today for the current quarter."""
    last = Quarter.of(today)
    first = last
    for _ in range(n - 1):
        first = Quarter(first.year - (first.number == 1), (first.number - 2) % 4 + 1)
    return [(q, min(q.end - timedelta(days=1), today)) for q in quarters_between(first, last)]


def index_per_quarter(projects: list[Project], today: date, session=None) -> tuple[list[Quarter], dict]:
    session = session or db.session
    ids = [p.id for p in projects]
    target_days, weights = settings(ids, session)
    k = {p.id: p.anonymity_k for p in projects}
    groups = evidence.headcounts(session, ids)
    ends = quarter_ends(today)
    out: dict[int, list[float | None]] = {pid: [] for pid in ids}
    every = evidence.components_at_dates(ids, [at for _q, at in ends], target_days, k, session, groups,
                                         round_totals=round_totals.totals)
    for _q, at in ends:
        comps = every[at]
        for pid in ids:
            out[pid].append(rules.index(comps.get(pid, []), weights.get(pid)))
    return [q for q, _ in ends], out


def morale_per_round(projects: list[Project], today: date, session=None) -> list[RoundPoint]:
    from fossdash.surveys.models import SurveyRound

    session = session or db.session
    by_id = {p.id: p for p in projects}
    if not by_id:
        return []
    found = list(session.execute(
        select(SurveyRound.id, SurveyRound.project_id, SurveyRound.title, SurveyRound.closes_on)
        .where(SurveyRound.project_id.in_(list(by_id)), SurveyRound.opens_on <= today)
        .order_by(SurveyRound.closes_on, SurveyRound.id)
    ))
    added = round_totals.totals(session, [(r.id, r.project_id, r.closes_on) for r in found])
    points = []
    for r in found:
        project = by_id[r.project_id]
        n, core_sum, core_n = added.get(r.id, (0, 0, 0))
        shown = n >= project.anonymity_k
        morale = (core_sum / core_n - 1) * 25 if morale_shown(n, core_n, project.anonymity_k) else None
        points.append(RoundPoint(project, r.title, r.closes_on, n if shown else None, morale))
    return points


def concerns_per_quarter(projects: list[Project], session=None) -> tuple[list[Quarter], list[int]]:
    """Concerns raised per quarter across these projects (the whole portfolio's count: not a
    breakdown by agency or staff group, so k does not hide it)."""
    from fossdash.concerns.models import Concern

    session = session or db.session
    ids = [p.id for p in projects]
    if not ids:
        return [], []
    year = cast(extract("year", Concern.raised_on), Integer)
    month = cast(extract("month", Concern.raised_on), Integer)
    counts: dict[Quarter, int] = {}
    for y, m, n in session.execute(
        select(year, month, func.count()).where(Concern.project_id.in_(ids)).group_by(year, month)
    ):
        q = Quarter(int(y), (int(m) - 1) // 3 + 1)
        counts[q] = counts.get(q, 0) + int(n)
    if not counts:
        return [], []
    quarters = quarters_between(min(counts), max(counts))
    return quarters, [counts.get(q, 0) for q in quarters]


def trends(user, today: date, stage: str | None = None, type_: str | None = None, session=None,
           project_id: int | None = None) -> Trends:
    session = session or db.session
    stage = stage if stage in PROJECT_STAGES else None
    type_ = type_ if type_ in PROJECT_TYPES else None
    visible = visible_projects(user, session)
    chosen = [p for p in visible if (not stage or p.stage == stage) and (not type_ or p.type == type_)
              and (project_id is None or p.id == project_id)]
    quarters, index = index_per_quarter(chosen, today, session)
    cq, cn = concerns_per_quarter(chosen, session)
    marks = milestones(chosen[0].id, session) if len(chosen) == 1 else []
    return Trends(today, chosen, len(visible), stage, type_, quarters, index, morale_per_round(chosen, today, session),
                  cn, cq, marks, project_id=project_id, choices=visible)
