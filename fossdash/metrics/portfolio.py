"""Readiness evidence for many projects at once: the same counts as the per-project providers
(fossdash/metrics/readiness_data.py), gathered with one aggregate query per component for every
project together, so the portfolio runs the same number of queries for 1 project or 100, and for
1,000 concerns or 50,000.

    counts_at(project_ids, at, target_days) -> {project id: {component name: counts | None}}
    components_at(...)                      -> {project id: [metrics.readiness.Component]}

Counts per component (metrics.readiness.component turns them into 0–100 with its working):
- concerns: raised by `at` and due an answer by then (answered by then, or raised at least the
  project's target days before), and of those, answered within the target days;
- comms: actions settled by `at` (done by then, or past their due date) and those done on or
  before their due date;
- grading: issues raised by `at` and those agreed or closed (their current state);
- training: completions up to each targeted group's headcount per course, over the places
  (headcount × courses targeting the group), sessions ended by `at`;
- morale and participation: the latest round closed by `at` and its released answers, over the
  headcount of the project's staff groups; with fewer than the project's k answers, neither is
  shown ("no evidence": k applies).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Callable, Mapping

from sqlalchemy import Date, DateTime, and_, bindparam, case, func, or_, select

from fossdash import sqlrows
from fossdash.extensions import db
from fossdash.metrics import readiness as rules
from fossdash.metrics.surveys import morale_shown

DEFAULT_TARGET_DAYS = 10
Counts = dict[int, dict[str, dict | None]]


def _days(session, start, end):
    """Whole days from `start` to `end` (SQL dates), in the dialect at hand."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start


def _concerns(session, ids, at: date, target_days: Mapping[int, int]) -> dict[int, dict]:
    return _concerns_at(session, ids, [at], target_days)[at]


def _concerns_at(session, ids, dates: list[date], target_days: Mapping[int, int]) -> dict[date, dict[int, dict]]:
    """Concern counts at each date in one pass over the concerns (two counts per date), read from
    the (project, raised on, answered on, status) index alone: the rows behind it are never read."""
    from fossdash.concerns.models import Concern as C

    out: dict[date, dict[int, dict]] = {at: {} for at in dates}
    if not dates:
        return out
    last = max(dates)
    # One query per distinct target (a handful: 10 unless a project changed it), never per project.
    by_target: dict[int, list[int]] = {}
    for pid in ids:
        by_target.setdefault(int(target_days.get(pid, DEFAULT_TARGET_DAYS)), []).append(pid)
    for target, pids in sorted(by_target.items()):
        in_target = _days(session, C.raised_on, C.answered_on) <= target
        counts = []
        for at in dates:
            # Raised by `at` (the WHERE says so for the last date); an unanswered concern's
            # answered_on is NULL, so "answered by `at`" is never true for it.
            raised = [] if at == last else [C.raised_on <= at]
            answered = C.answered_on <= at
            counts.append(func.count().filter(and_(*raised, or_(answered, C.raised_on <= at - timedelta(days=target)))))
            counts.append(func.count().filter(and_(*raised, answered, in_target)))
        rows = session.execute(
            select(C.project_id, *counts).where(C.project_id.in_(pids), C.raised_on <= last)
            .group_by(C.project_id)
        ).all()
        for pid, *values in rows:
            for i, at in enumerate(dates):
                n_due, n_in = values[2 * i], values[2 * i + 1]
                if n_due:
                    out[at][pid] = {"answered_in_time": int(n_in or 0), "due": int(n_due)}
    return out


def _comms(session, ids, at: date) -> dict[int, dict]:
    """Read from the (project, due on, done on) index alone. A NULL done_on (not done) is never
    "done by `at`"."""
    rows = sqlrows.rows(session, _COMMS(), ids=ids, at=at)
    return {pid: {"done_on_time": int(n_on or 0), "due": int(n)} for pid, n, n_on in rows if n}


def _comms_statement():
    from fossdash.comms.models import CommsAction as A

    at = bindparam("at", type_=Date)
    done = A.done_on <= at
    return (select(A.project_id, func.count().filter(or_(done, A.due_on < at)),
                   func.count().filter(and_(done, A.done_on <= A.due_on)))
            .where(A.project_id.in_(bindparam("ids", expanding=True))).group_by(A.project_id))


_COMMS = sqlrows.prepared(_comms_statement)


def _grading(session, ids, at: date) -> dict[int, dict]:
    end = datetime.combine(at + timedelta(days=1), time())
    rows = sqlrows.rows(session, _GRADING(), ids=ids, end=end)
    return {pid: {"agreed": int(agreed), "total": int(total)} for pid, total, agreed in rows if total}


def _grading_statement():
    from fossdash.grading.models import GradingIssue as G

    return (select(G.project_id, func.count(), func.count().filter(G.status.in_(("agreed", "closed"))))
            .where(G.project_id.in_(bindparam("ids", expanding=True)), G.created_at < bindparam("end", type_=DateTime))
            .group_by(G.project_id))


_GRADING = sqlrows.prepared(_grading_statement)


def headcounts(session, ids) -> dict[int, dict[int, int]]:
    """project id -> {staff group id: headcount}: one query."""
    out: dict[int, dict[int, int]] = {pid: {} for pid in ids}
    for gid, pid, n in sqlrows.rows(session, _HEADCOUNTS(), ids=list(ids)):
        out.setdefault(pid, {})[gid] = int(n or 0)
    return out


def _headcounts_statement():
    from fossdash.projects.models import StaffGroup

    return (select(StaffGroup.id, StaffGroup.project_id, StaffGroup.headcount)
            .where(StaffGroup.project_id.in_(bindparam("ids", expanding=True))))


_HEADCOUNTS = sqlrows.prepared(_headcounts_statement)


def _training_statements():
    from fossdash.training.models import TrainingAttendance as TA
    from fossdash.training.models import TrainingSession as TS
    from fossdash.training.models import TrainingTarget as TT

    ids: Any = bindparam("ids", expanding=True)
    return (select(TT.project_id, TT.course_id, TT.staff_group_id).where(TT.project_id.in_(ids)),
            select(TS.course_id, TA.staff_group_id, func.sum(TA.completed))
            .join(TS, TA.session_id == TS.id)
            .where(TA.project_id.in_(ids), TS.ends_on <= bindparam("at", type_=Date), TA.completed.is_not(None))
            .group_by(TS.course_id, TA.staff_group_id))


_TRAINING = sqlrows.prepared(_training_statements)


def _training(session, ids, at: date, groups: Mapping[int, Mapping[int, int]]) -> dict[int, dict]:
    targets_q, done_q = _TRAINING()
    # Plain tuples: sorting SQLAlchemy rows compares them field by field through Python methods.
    targets = [tuple(r) for r in sqlrows.rows(session, targets_q, ids=ids)]
    if not targets:
        return {}
    done = {(course, group): int(n or 0) for course, group, n in sqlrows.rows(session, done_q, ids=ids, at=at)}
    out: dict[int, dict] = {}
    for pid, course, group in sorted(set(targets)):
        head = groups.get(pid, {}).get(group)
        if head is None:
            continue
        c = out.setdefault(pid, {"trained": 0, "targeted": 0})
        c["trained"] += min(done.get((course, group), 0), head)
        c["targeted"] += head
    return {pid: c for pid, c in out.items() if c["targeted"]}


def _core_sum(A):
    core = [A.q1, A.q2, A.q3, A.q4, A.q5]
    return sum((func.coalesce(c, 0) for c in core[1:]), func.coalesce(core[0], 0))


def _core_n(A):
    core = [A.q1, A.q2, A.q3, A.q4, A.q5]
    return sum((case((c.is_not(None), 1), else_=0) for c in core[1:]), case((core[0].is_not(None), 1), else_=0))


# (session, [(round id, project id, closes on)]) -> {round id: (answers, core sum, core n)}
RoundTotals = Callable[[object, list], Mapping[int, tuple[int, int, int]]]


def _latest_rounds_statement():
    """Only each project's rounds on its latest closing date by `at` (however many rounds it has run)."""
    from fossdash.surveys.models import SurveyRound as R

    last = (select(R.project_id, func.max(R.closes_on).label("closes_on"))
            .where(R.project_id.in_(bindparam("ids", expanding=True)), R.closes_on <= bindparam("at", type_=Date))
            .group_by(R.project_id).subquery())
    return (select(R.id, R.project_id, R.closes_on)
            .join(last, and_(R.project_id == last.c.project_id, R.closes_on == last.c.closes_on))
            .order_by(R.closes_on, R.id))


_LATEST_ROUNDS = sqlrows.prepared(_latest_rounds_statement)


def _surveys(session, ids, at: date, groups: Mapping[int, Mapping[int, int]],
             k: Mapping[int, int], round_totals: RoundTotals | None = None) -> tuple[dict[int, dict], dict[int, dict]]:
    from fossdash.surveys.models import SurveyAnswer as A

    latest: dict[int, int] = {}
    closes: dict[int, date] = {}
    for rid, pid, on in sqlrows.rows(session, _LATEST_ROUNDS(), ids=ids, at=at):
        latest[pid] = rid  # ordered, so the last one seen is the latest
        closes[rid] = on
    if not latest:
        return {}, {}
    by_round: Mapping[int, tuple[int, int, int]]
    if round_totals is None:
        rows = session.execute(
            select(A.round_id, func.count(), func.sum(_core_sum(A)), func.sum(_core_n(A)))
            .where(A.round_id.in_(list(latest.values()))).group_by(A.round_id)
        ).all()
        by_round = {rid: (int(n), int(s or 0), int(cn or 0)) for rid, n, s, cn in rows}
    else:
        by_round = round_totals(session, [(rid, pid, closes[rid]) for pid, rid in latest.items()])
    morale: dict[int, dict] = {}
    participation: dict[int, dict] = {}
    for pid, rid in latest.items():
        n, s, cn = by_round.get(rid, (0, 0, 0))
        if n < k.get(pid, 5):
            continue  # under k: nothing from this round may be shown
        if morale_shown(n, cn, k.get(pid, 5)):  # (every answer answered the five: metrics/surveys.py)
            morale[pid] = {"index": (s / cn - 1) * 25, "respondents": n}
        invited = sum(groups.get(pid, {}).values())
        if invited:
            participation[pid] = {"responses": n, "invited": invited}
    return morale, participation


def counts_at(project_ids, at: date, target_days: Mapping[int, int] | None = None,
              k: Mapping[int, int] | None = None, session=None,
              groups: Mapping[int, Mapping[int, int]] | None = None,
              round_totals: RoundTotals | None = None, concerns: Mapping[int, dict] | None = None) -> Counts:
    """Every component's counts for every project at `at` (None: no evidence). `round_totals`
    adds up a survey round's answers (default: one aggregate over them; the portfolio passes
    one that keeps the totals of closed rounds). `concerns`: the concern counts at `at` when
    already gathered (counts_at_dates gathers every date's in one pass)."""
    session = session or db.session
    ids = sorted(set(project_ids))
    out: Counts = {pid: {name: None for name in rules.COMPONENTS} for pid in ids}
    if not ids:
        return out
    groups = headcounts(session, ids) if groups is None else groups
    morale, participation = _surveys(session, ids, at, groups, k or {}, round_totals)
    found = {
        "training": _training(session, ids, at, groups),
        "comms": _comms(session, ids, at),
        "concerns": _concerns(session, ids, at, target_days or {}) if concerns is None else concerns,
        "grading": _grading(session, ids, at),
        "morale": morale,
        "participation": participation,
    }
    for name, per_project in found.items():
        for pid, counts in per_project.items():
            if pid in out:
                out[pid][name] = counts
    return out


def components_at(project_ids, at: date, target_days: Mapping[int, int] | None = None,
                  k: Mapping[int, int] | None = None, session=None,
                  groups: Mapping[int, Mapping[int, int]] | None = None,
                  round_totals: RoundTotals | None = None) -> dict[int, list[rules.Component]]:
    counts = counts_at(project_ids, at, target_days, k, session, groups, round_totals)
    target_days = target_days or {}
    return {
        pid: [rules.component(name, c.get(name), target_days=int(target_days.get(pid, DEFAULT_TARGET_DAYS)))
              for name in rules.COMPONENTS]
        for pid, c in counts.items()
    }



def components_at_dates(project_ids, dates: list[date], target_days: Mapping[int, int] | None = None,
                        k: Mapping[int, int] | None = None, session=None,
                        groups: Mapping[int, Mapping[int, int]] | None = None,
                        round_totals: RoundTotals | None = None) -> dict[date, dict[int, list[rules.Component]]]:
    """components_at for several dates, the concerns (the largest table) read once for all."""
    session = session or db.session
    ids = sorted(set(project_ids))
    target_days = target_days or {}
    concerns = _concerns_at(session, ids, list(dates), target_days) if ids else {at: {} for at in dates}
    out = {}
    for at in dates:
        counts = counts_at(ids, at, target_days, k, session, groups, round_totals, concerns=concerns[at])
        out[at] = {
            pid: [rules.component(name, c.get(name), target_days=int(target_days.get(pid, DEFAULT_TARGET_DAYS)))
                  for name in rules.COMPONENTS]
            for pid, c in counts.items()
        }
    return out
