"""Training as plain data: coverage per staff group at a date, staff-days away from the front
line per week, and sessions with low attendance. `plan(project_id)` reads the database once; every
other function is pure and works on what it returns (so readiness, dashboards and returns reuse
them, and tests hand-check them on plain values).

Coverage of a staff group = completed ÷ headcount, for each course that targets the group (a
course's completions for a group count up to the group's headcount); over several courses, the
completions over the places (headcount × courses targeting it). The project's coverage is the same
sum over every targeted group. A completion counts from the day its session ends.

Staff-days away: each session's attendees (attended once recorded, else the places planned) ×
the course's days, laid on the working days (Monday to Friday) of the session: the first `days`
of them for a course on consecutive days, evenly over all of them for one spread over weeks (a
session with no working day uses its calendar days). Summed per week, starting Monday.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from fossdash import sqlrows
from fossdash.training.rules import is_low


@dataclass(frozen=True)
class Group:
    id: int
    name: str
    headcount: int


@dataclass(frozen=True)
class Row:
    """One session × staff group's counts, with what the session and course say."""

    course_id: int
    session_id: int
    staff_group_id: int
    starts_on: date
    ends_on: date
    days: int
    consecutive: bool
    planned: int
    attended: int | None
    completed: int | None


@dataclass
class Plan:
    groups: dict[int, Group]
    targets: set[tuple[int, int]]  # (course id, staff group id)
    rows: list[Row]
    courses: dict[int, str] = field(default_factory=dict)  # id -> title

    def for_course(self, course_id: int) -> Plan:
        return Plan(self.groups, {t for t in self.targets if t[0] == course_id},
                    [r for r in self.rows if r.course_id == course_id], {course_id: self.courses.get(course_id, "")})

    def for_group(self, group_id: int) -> Plan:
        return Plan({group_id: self.groups[group_id]} if group_id in self.groups else {},
                    {t for t in self.targets if t[1] == group_id},
                    [r for r in self.rows if r.staff_group_id == group_id], dict(self.courses))


@dataclass(frozen=True)
class Coverage:
    completed: int  # counted (each course's completions up to the group's headcount)
    places: int  # headcount × courses targeting

    @property
    def share(self) -> float | None:
        return self.completed / self.places if self.places else None


@dataclass
class CoverageAt:
    on: date | None
    groups: dict[int, Coverage]  # every targeted group
    project: Coverage


def coverage_at(plan: Plan, on: date | None = None) -> CoverageAt:
    """Coverage per targeted group and for the project, counting sessions ended by `on` (every
    session when `on` is None)."""
    done: dict[tuple[int, int], int] = {}
    for r in plan.rows:
        if r.completed and (on is None or r.ends_on <= on):
            key = (r.course_id, r.staff_group_id)
            done[key] = done.get(key, 0) + r.completed
    groups: dict[int, Coverage] = {}
    for course_id, group_id in sorted(plan.targets):
        group = plan.groups.get(group_id)
        if group is None:
            continue
        counted = min(done.get((course_id, group_id), 0), group.headcount)
        before = groups.get(group_id, Coverage(0, 0))
        groups[group_id] = Coverage(before.completed + counted, before.places + group.headcount)
    project = Coverage(sum(c.completed for c in groups.values()), sum(c.places for c in groups.values()))
    return CoverageAt(on, groups, project)


def coverage_over_time(plan: Plan, until: date | None = None) -> list[CoverageAt]:
    """Coverage at each date a session with completions ended (up to `until`), after a first
    point of none at the first session's start."""
    ends = sorted({r.ends_on for r in plan.rows if r.completed and (until is None or r.ends_on <= until)})
    if not ends:
        return []
    start = min(r.starts_on for r in plan.rows)
    points = [coverage_at(plan, start - timedelta(days=1))] if start < ends[0] else []
    return points + [coverage_at(plan, d) for d in ends]


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def training_days(starts_on: date, ends_on: date, days: int, consecutive: bool) -> dict[date, Fraction]:
    """The share of one attendee's `days` of training on each day of the session (sums to `days`)."""
    span = [starts_on + timedelta(days=i) for i in range((ends_on - starts_on).days + 1)]
    working = [d for d in span if d.weekday() < 5] or span
    if consecutive and len(working) > days:
        working = working[:days]
    each = Fraction(days, len(working))
    return {d: each for d in working}


@dataclass
class Week:
    monday: date
    by_group: dict[int, float]  # staff-days per staff group
    recorded: float  # of them, from sessions whose attendance is recorded
    planned: float  # from sessions counted on the places planned

    @property
    def total(self) -> float:
        return self.recorded + self.planned


def staff_days_per_week(plan: Plan) -> list[Week]:
    """Staff-days away per week, every week from the first session's to the last's (no gaps)."""
    loads: dict[date, dict[int, Fraction]] = {}
    basis: dict[date, list[Fraction]] = {}
    for r in plan.rows:
        people = r.attended if r.attended is not None else r.planned
        if not people:
            continue
        for day, share in training_days(r.starts_on, r.ends_on, r.days, r.consecutive).items():
            week = monday(day)
            loads.setdefault(week, {}).setdefault(r.staff_group_id, Fraction(0))
            loads[week][r.staff_group_id] += people * share
            pair = basis.setdefault(week, [Fraction(0), Fraction(0)])
            pair[0 if r.attended is not None else 1] += people * share
    if not loads:
        return []
    first, last = min(loads), max(loads)
    out = []
    week = first
    while week <= last:
        load = loads.get(week, {})
        rec, plan_ = basis.get(week, [Fraction(0), Fraction(0)])
        out.append(Week(week, {g: float(v) for g, v in load.items()}, float(rec), float(plan_)))
        week += timedelta(days=7)
    return out


@dataclass(frozen=True)
class Low:
    session_id: int
    course_id: int
    starts_on: date
    ends_on: date
    planned: int
    attended: int

    @property
    def share(self) -> float:
        return self.attended / self.planned


def low_attendance(plan: Plan, today: date) -> list[Low]:
    """Sessions that have ended (before `today`) whose recorded attendance, over the groups with
    attendance recorded, is under three quarters of the places planned for them."""
    sessions: dict[int, list[Row]] = {}
    for r in plan.rows:
        if r.ends_on < today and r.attended is not None:
            sessions.setdefault(r.session_id, []).append(r)
    out = []
    for sid, rows in sessions.items():
        planned, attended = sum(r.planned for r in rows), sum(r.attended or 0 for r in rows)
        if is_low(planned, attended):
            out.append(Low(sid, rows[0].course_id, rows[0].starts_on, rows[0].ends_on, planned, attended))
    return sorted(out, key=lambda x: (x.ends_on, x.session_id))


def unrecorded(plan: Plan, today: date) -> list[int]:
    """Ids of sessions that have ended with places planned but no attendance recorded."""
    seen: dict[int, bool] = {}
    for r in plan.rows:
        if r.ends_on < today and r.planned:
            seen[r.session_id] = seen.get(r.session_id, True) and r.attended is None
    return sorted(sid for sid, none in seen.items() if none)


def plan(project_id: int, session=None) -> Plan:
    """The project's training plan as plain data (four queries), read once per transaction
    (fossdash/readcache.py: the project home's panels and attention items share it)."""
    from fossdash.extensions import db
    from fossdash.readcache import shared

    session = session or db.session
    return shared(session, ("training.plan", project_id), lambda: _plan(project_id, session))


def _plan(project_id: int, session) -> Plan:
    s = _STATEMENTS()
    groups = {gid: Group(gid, name, headcount or 0)
              for gid, name, headcount in sqlrows.rows(session, s["groups"], project_id=project_id)}
    courses = dict(sqlrows.rows(session, s["courses"], project_id=project_id))
    targets = {(c, g) for c, g in sqlrows.rows(session, s["targets"], project_id=project_id)}
    attendance = [Row(*r) for r in sqlrows.rows(session, s["attendance"], project_id=project_id)]
    return Plan(groups, targets, attendance, courses)


def _statements():
    from sqlalchemy import bindparam, select

    from fossdash.projects.models import StaffGroup
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    pid: Any = bindparam("project_id")
    return {
        "groups": select(StaffGroup.id, StaffGroup.name, StaffGroup.headcount).where(StaffGroup.project_id == pid)
        .order_by(StaffGroup.id),
        "courses": select(TrainingCourse.id, TrainingCourse.title).where(TrainingCourse.project_id == pid),
        "targets": select(TrainingTarget.course_id, TrainingTarget.staff_group_id).where(TrainingTarget.project_id == pid),
        "attendance": select(TrainingSession.course_id, TrainingSession.id, TrainingAttendance.staff_group_id,
                             TrainingSession.starts_on, TrainingSession.ends_on, TrainingCourse.days,
                             TrainingCourse.consecutive, TrainingAttendance.planned, TrainingAttendance.attended,
                             TrainingAttendance.completed)
        .join(TrainingSession, TrainingAttendance.session_id == TrainingSession.id)
        .join(TrainingCourse, TrainingSession.course_id == TrainingCourse.id)
        .where(TrainingAttendance.project_id == pid)
        .order_by(TrainingSession.starts_on, TrainingSession.id, TrainingAttendance.id),
    }


_STATEMENTS = sqlrows.prepared(_statements)
