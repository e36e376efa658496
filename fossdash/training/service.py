"""Training plan queries and changes (no request): courses, sessions, attendance, coverage."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from fossdash.domains import Attention
from fossdash.extensions import db
from fossdash.metrics import training as metrics
from fossdash.modelkit import utcnow
from fossdash.projects.models import Project, StaffGroup
from fossdash.projects.service import partner_agencies
from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget
from fossdash.training.rules import GroupCounts

__all__ = ["partner_agencies"]


def _with_everything(query):
    return query.options(joinedload(TrainingCourse.provider_agency),
                         selectinload(TrainingCourse.targets).joinedload(TrainingTarget.staff_group),
                         selectinload(TrainingCourse.sessions).selectinload(TrainingSession.attendance)
                         .joinedload(TrainingAttendance.staff_group))


def load_course(course: TrainingCourse) -> TrainingCourse:
    """The course with its provider, staff groups, sessions and their attendance loaded in a fixed
    number of queries (its page shows them all)."""
    return db.session.scalars(_with_everything(select(TrainingCourse).where(TrainingCourse.id == course.id))).one()


def courses(project: Project) -> list[TrainingCourse]:
    """The project's courses by title, with their provider, staff groups, sessions and attendance
    loaded alongside (what the overview and the export show): a fixed number of queries."""
    return list(db.session.scalars(_with_everything(
        select(TrainingCourse).where(TrainingCourse.project_id == project.id)
        .order_by(TrainingCourse.title, TrainingCourse.id))))


def staff_groups(project: Project) -> list[StaffGroup]:
    return sorted(project.staff_groups, key=lambda g: g.name.lower())


def provider_agencies(project: Project, course: TrainingCourse | None = None):
    agencies = partner_agencies(project)
    if course is not None and course.provider_agency is not None and course.provider_agency not in agencies:
        agencies.append(course.provider_agency)  # a partner since removed keeps its name
    return agencies


def apply_course(course: TrainingCourse, form) -> None:
    """Copy the course form onto the course, its targets included (added and removed, not rebuilt,
    so the audit log shows what changed)."""
    course.title = form.title.data
    course.provider_agency_id = form.provider_agency_id()
    course.provider_name = form.provider_name.data if course.provider_agency_id is None else ""
    course.days = form.days.data
    course.consecutive = form.pace.data == "consecutive"
    course.joint = form.scope.data == "joint"
    course.description = form.description.data or ""
    wanted = set(form.group_ids.data or [])
    for target in list(course.targets):
        if target.staff_group_id not in wanted:
            course.targets.remove(target)
    have = {t.staff_group_id for t in course.targets}
    for gid in sorted(wanted - have):
        course.targets.append(TrainingTarget(project_id=course.project_id, staff_group_id=gid))


def session_groups(session: TrainingSession) -> list[StaffGroup]:
    """The groups whose counts the session's attendance page shows: the course's targets, and any
    group with counts recorded that is no longer a target."""
    groups = {t.staff_group_id: t.staff_group for t in session.course.targets}
    for a in session.attendance:
        groups.setdefault(a.staff_group_id, a.staff_group)
    return sorted(groups.values(), key=lambda g: g.name.lower())


def typed_counts(form, groups) -> list[GroupCounts]:
    return [GroupCounts(g.id, g.name, g.headcount or 0, getattr(form, f"planned_{g.id}").data,
                        getattr(form, f"attended_{g.id}").data, getattr(form, f"completed_{g.id}").data)
            for g in groups]


def fill_attendance_form(form, session: TrainingSession, groups) -> None:
    if form.is_submitted():
        return
    for g in groups:
        row = session.counts_for(g.id)
        if row is not None:
            getattr(form, f"planned_{g.id}").data = row.planned
            getattr(form, f"attended_{g.id}").data = row.attended
            getattr(form, f"completed_{g.id}").data = row.completed


class StoredCounts:
    """The stored attendance, named as the form's fields (for the conflict page)."""

    def __init__(self, session: TrainingSession, groups):
        self.version = session.version
        for g in groups:
            row = session.counts_for(g.id)
            for what in ("planned", "attended", "completed"):
                setattr(self, f"{what}_{g.id}", getattr(row, what) if row is not None else None)
        self.confirm_over = None


def save_attendance(session: TrainingSession, counts: list[GroupCounts]) -> None:
    """Store the counts (a group left wholly blank with no row stays without one); the session's
    version moves with them."""
    for c in counts:
        row = session.counts_for(c.staff_group_id)
        if row is None:
            if c.planned is None and c.attended is None and c.completed is None:
                continue
            row = TrainingAttendance(project_id=session.project_id, staff_group_id=c.staff_group_id)
            session.attendance.append(row)
        row.planned = c.planned or 0
        row.attended = c.attended
        row.completed = c.completed
    session.attendance_changed_at = utcnow()


# --- what the pages show ---------------------------------------------------------------------

@dataclass
class CoverageRow:
    group: metrics.Group
    completed: int
    places: int
    share: float | None


def coverage_rows(plan: metrics.Plan, on: date | None = None) -> tuple[list[CoverageRow], metrics.Coverage]:
    result = metrics.coverage_at(plan, on)
    rows = [CoverageRow(plan.groups[gid], c.completed, c.places, c.share) for gid, c in result.groups.items()]
    rows.sort(key=lambda r: r.group.name.lower())
    return rows, result.project


@dataclass
class SessionTotals:
    planned: int
    attended: int | None
    completed: int | None

    @property
    def recorded(self) -> bool:
        return self.attended is not None


def session_totals(session: TrainingSession) -> SessionTotals:
    rows = session.attendance
    recorded = [a for a in rows if a.attended is not None]
    return SessionTotals(sum(a.planned for a in rows), sum(a.attended or 0 for a in recorded) if recorded else None,
                         sum(a.completed or 0 for a in recorded) if recorded else None)


def percent(share: float | None) -> str:
    return "No staff" if share is None else f"{share * 100:.0f}%"


def home_panel(project: Project):
    plan = metrics.plan(project.id)
    if not plan.courses:
        return None
    rows, total = coverage_rows(plan)
    return {"courses": len(plan.courses), "coverage": total, "percent": percent(total.share),
            "low": len(metrics.low_attendance(plan, date.today()))}


def staff_group_coverage(project: Project):
    """For the staff groups page: coverage per targeted group, or None with no course."""
    plan = metrics.plan(project.id)
    if not plan.targets:
        return None
    rows, total = coverage_rows(plan)
    return {"rows": rows, "total": total, "percent": percent}


def attention(project: Project, today: date) -> list[Attention]:
    plan = metrics.plan(project.id)
    out = []
    low = metrics.low_attendance(plan, today)
    if low:
        out.append(Attention(
            f"{len(low)} past training session{'s' if len(low) != 1 else ''} with attendance under three quarters "
            "of the places planned", "training.index", {"project_id": project.id, "_anchor": "low-attendance"},
            count=len(low)))
    missing = metrics.unrecorded(plan, today)
    if missing:
        out.append(Attention(
            f"{len(missing)} past training session{'s' if len(missing) != 1 else ''} with no attendance recorded",
            "training.index", {"project_id": project.id, "_anchor": "sessions"}, count=len(missing),
            severity="info"))
    return out


def sessions_by_id(project: Project) -> dict[int, TrainingSession]:
    return {s.id: s for s in db.session.scalars(select(TrainingSession).where(
        TrainingSession.project_id == project.id))}


def export_rows(project: Project) -> list[tuple]:
    """(course, provider, session dates, place, group, headcount, planned, attended, completed,
    coverage of the group by this course) per session × group, in course then date order."""
    plan = metrics.plan(project.id)
    out = []
    for course in courses(project):
        course_plan = plan.for_course(course.id)
        for s in course.sessions:
            cov = metrics.coverage_at(course_plan, s.ends_on)  # the group's coverage once this session ended
            for a in sorted(s.attendance, key=lambda a: a.staff_group.name.lower()):
                c = cov.groups.get(a.staff_group_id)
                out.append((course.title, course.provider, s.starts_on, s.ends_on, s.place, a.staff_group.name,
                            a.staff_group.headcount, a.planned, a.attended, a.completed,
                            c.share if c is not None else None, course.illustrative or s.illustrative or a.illustrative))
    return out
