"""Readiness evidence from the records: SQL -> the plain counts fossdash/metrics/readiness.py
turns into components. One provider per component, `provider(project, at_date, target_days)
-> counts dict | None`; a component with no provider (its domain is not built yet) or no records
is "no evidence".

PROVIDERS has one for every component:

    training_counts       {"trained": int, "targeted": int}: completions counted up to each targeted
                          group's headcount, over the places (headcount x courses targeting it)
    comms_counts          {"done_on_time": int, "due": int}: actions settled by the date (done, or
                          overdue), and those done by their due date
    concern_counts        {"answered_in_time": int, "due": int}
    grading_counts        {"agreed": int, "total": int}
    morale_counts         {"index": float 0-100, "respondents": int} of the latest round closed by
                          the date (k applies: a round under k is no evidence)
    participation_counts  {"responses": int, "invited": int}: that round's answers over the
                          headcount of the project's staff groups (k applies too)
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Callable, NamedTuple, Optional

from sqlalchemy import func, select

from fossdash.extensions import db
from fossdash.metrics import readiness as rules

Counts = Optional[dict]
Provider = Callable[[object, date, int], Counts]
DEFAULT_TARGET_DAYS = 10


def concern_counts(project, at: date, target_days: int = DEFAULT_TARGET_DAYS, session=None) -> Counts:
    """Concerns and questions raised by `at` that were due an answer by then (raised at least
    target days before, or already answered), and how many were answered within target days."""
    from fossdash.concerns.models import Concern

    session = session or db.session
    rows = session.execute(
        select(Concern.raised_on, Concern.answered_on)
        .where(Concern.project_id == project.id, Concern.raised_on <= at)
    ).all()
    return concerns_at(rows, at, target_days)


def concerns_at(rows, at: date, target_days: int = DEFAULT_TARGET_DAYS) -> Counts:
    """concern_counts from (raised_on, answered_on) pairs (pure)."""
    due = in_time = 0
    for raised, answered in rows:
        if raised > at:
            continue
        answered = answered if answered is not None and answered <= at else None
        if answered is None and (at - raised).days < target_days:
            continue  # not yet due
        due += 1
        if answered is not None and (answered - raised).days <= target_days:
            in_time += 1
    return {"answered_in_time": in_time, "due": due} if due else None


def grading_counts(project, at: date, target_days: int = DEFAULT_TARGET_DAYS, session=None) -> Counts:
    """Grading issues raised by `at`, and how many are agreed (agreed or closed after agreement:
    the issue's current state; its timeline is not replayed for past dates)."""
    from fossdash.grading.models import GradingIssue

    session = session or db.session
    end = datetime.combine(at + timedelta(days=1), time())
    total, agreed = session.execute(
        select(func.count(), func.count().filter(GradingIssue.status.in_(("agreed", "closed"))))
        .where(GradingIssue.project_id == project.id, GradingIssue.created_at < end)
    ).one()
    return {"agreed": int(agreed), "total": int(total)} if total else None


def training_counts(project, at: date, target_days: int = DEFAULT_TARGET_DAYS, session=None) -> Counts:
    """Staff of the targeted groups who had completed their training by `at` (sessions ended by
    then; each course's completions counted up to the group's headcount), over the places."""
    from fossdash.metrics import training

    cover = training.coverage_at(training.plan(project.id, session=session), at).project
    return {"trained": cover.completed, "targeted": cover.places} if cover.places else None


def comms_counts(project, at: date, target_days: int = DEFAULT_TARGET_DAYS, session=None) -> Counts:
    """Communication actions settled by `at` (done by then, or overdue), and how many of them
    were done by their due date."""
    from fossdash.metrics import comms

    counts = comms.on_time(comms.load(project.id, session=session), at)
    return {"done_on_time": counts.on_time, "due": counts.settled} if counts.settled else None


def latest_round(project, at: date, session=None):
    """The project's latest survey round closed by `at` (None: none yet)."""
    from fossdash.surveys.models import SurveyRound

    session = session or db.session
    return session.scalar(
        select(SurveyRound).where(SurveyRound.project_id == project.id, SurveyRound.closes_on <= at)
        .order_by(SurveyRound.closes_on.desc(), SurveyRound.id.desc()).limit(1))


def _round_totals(project, at: date, session=None):
    """(round, its answers added up) of the latest round closed by `at`, or None when there is no
    such round or it has fewer than the project's k answers (nothing of it may be shown)."""
    from fossdash.metrics import surveys

    round_ = latest_round(project, at, session)
    if round_ is None:
        return None
    total = surveys.Stats()
    for stats in surveys.cell_stats([round_.id], session=session)[round_.id].values():
        total = total.add(stats)
    if total.n < project.anonymity_k:
        return None
    return round_, total


def morale_counts(project, at: date, target_days: int = DEFAULT_TARGET_DAYS, session=None) -> Counts:
    from fossdash.metrics.surveys import morale_shown

    found = _round_totals(project, at, session)
    if found is None or not morale_shown(found[1].n, found[1].core_n, project.anonymity_k):
        return None
    return {"index": found[1].morale, "respondents": found[1].n}


def participation_counts(project, at: date, target_days: int = DEFAULT_TARGET_DAYS, session=None) -> Counts:
    from fossdash.projects.models import StaffGroup

    found = _round_totals(project, at, session)
    if found is None:
        return None
    session = session or db.session
    headcount = session.scalar(select(func.coalesce(func.sum(StaffGroup.headcount), 0))
                               .where(StaffGroup.project_id == project.id)) or 0
    return {"responses": found[1].n, "invited": int(headcount)} if headcount else None


PROVIDERS: dict[str, Provider] = {
    "training": training_counts, "comms": comms_counts, "concerns": concern_counts, "grading": grading_counts,
    "morale": morale_counts, "participation": participation_counts,
}


# --- the same components at many dates, each kind of record read once ---------------------------

class _Round(NamedTuple):
    id: int
    closes_on: date


def series(project, dates, target_days: int = DEFAULT_TARGET_DAYS, session=None,
           round_cells: Callable | None = None) -> dict[date, list[rules.Component]]:
    """Every evidence component at each of `dates` ({date: components}, as `components` gives them
    one date at a time), reading each kind of record once: a fixed number of queries however many
    dates (the history of assessments, each beside the evidence for its own date). `round_cells`, given
    [(round id, closes on)], returns the rounds' answers added up per cell (default: counted
    afresh by metrics.surveys.cell_stats; the surveys domain passes its kept totals)."""
    from fossdash.metrics import comms, surveys, training
    from fossdash.metrics.concerns import timings as concern_timings
    from fossdash.metrics.grading import states as grading_states

    session = session or db.session
    wanted = sorted(set(dates))
    if not wanted:
        return {}
    plan = training.plan(project.id, session=session)
    actions = comms.load(project.id, session=session)
    concerns = [(raised, answered) for raised, answered, _status in concern_timings(project.id, session)]
    grading = [(created, status) for created, status, _changed in grading_states(project.id, session)]
    rounds = [_Round(rid, closes) for rid, _title, _opens, closes in surveys.round_dates(project.id, session)]
    # Only the rounds that are some date's latest closed round are added up.
    needed = {r.id for r in (next((r for r in rounds if r.closes_on <= at), None) for at in wanted) if r is not None}
    closes = {r.id: r.closes_on for r in rounds}
    if not needed:
        cells = {}
    elif round_cells is None:
        cells = surveys.cell_stats(sorted(needed), session=session)
    else:
        cells = round_cells([(rid, closes[rid]) for rid in sorted(needed)])
    headcount = sum(g.headcount for g in plan.groups.values())  # every staff group of the project
    out = {}
    for at in wanted:
        counts: dict[str, Counts] = {}
        cover = training.coverage_at(plan, at).project
        counts["training"] = {"trained": cover.completed, "targeted": cover.places} if cover.places else None
        settled = comms.on_time(actions, at)
        counts["comms"] = {"done_on_time": settled.on_time, "due": settled.settled} if settled.settled else None
        counts["concerns"] = concerns_at(concerns, at, target_days)
        end = datetime.combine(at + timedelta(days=1), time())
        raised = [status for created, status in grading if created < end]
        counts["grading"] = ({"agreed": sum(1 for st in raised if st in ("agreed", "closed")), "total": len(raised)}
                             if raised else None)
        counts["morale"] = counts["participation"] = None
        latest = next((r for r in rounds if r.closes_on <= at), None)
        if latest is not None:
            total = surveys.Stats()
            for stats in cells.get(latest.id, {}).values():
                total = total.add(stats)
            if total.n >= project.anonymity_k:
                if surveys.morale_shown(total.n, total.core_n, project.anonymity_k):
                    counts["morale"] = {"index": total.morale, "respondents": total.n}
                if headcount:
                    counts["participation"] = {"responses": total.n, "invited": headcount}
        out[at] = [rules.component(name, counts.get(name), target_days=target_days) for name in rules.COMPONENTS]
    return out


def components(project, at: date, target_days: int = DEFAULT_TARGET_DAYS,
               providers: dict[str, Provider] | None = None) -> list[rules.Component]:
    """Every evidence component for the project at `at`, in COMPONENTS order."""
    providers = PROVIDERS if providers is None else providers
    out = []
    for name in rules.COMPONENTS:
        provider = providers.get(name)
        counts = provider(project, at, target_days) if provider else None
        out.append(rules.component(name, counts, target_days=target_days))
    return out
