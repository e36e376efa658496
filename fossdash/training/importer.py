"""Importing training attendance from a spreadsheet (fossdash/reporting/importing.py is the
mechanism): one row per session and staff group, with the places planned, attended and completed.

The same rules as the session's attendance page refuse the impossible, row by row (more completed
than attended, more of a group than its headcount, attendance before the session starts,
completions before it ends), and a group must be one the course is for. A session and group that
already have counts are refused (change them on the session's page), unless the row says exactly
what is recorded: then nothing changes (a file imported twice, or counts typed in by hand too).
Over the session's capacity is allowed, as on the page once confirmed: it is not impossible."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fossdash.extensions import db
from fossdash.modelkit import utcnow
from fossdash.reporting.importing import ImportColumn, Importer
from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession
from fossdash.training.rules import GroupCounts, attendance_problems


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def session_labels(project) -> dict[str, int]:
    """{"Course title – 5 Nov 2026, Place": session id}; a label two sessions share gets its id."""
    rows = db.session.execute(
        select(TrainingSession, TrainingCourse.title).join(TrainingCourse, TrainingSession.course_id == TrainingCourse.id)
        .where(TrainingSession.project_id == project.id)
        .order_by(TrainingSession.starts_on, TrainingCourse.title, TrainingSession.id)).all()
    out: dict[str, int] = {}
    for session, title in rows:
        label = f"{title} – {_day(session.starts_on)}" + (f", {session.place}" if session.place else "")
        if label in out:
            label += f" (session {session.id})"
        out[label] = session.id
    return out


def _groups(project) -> dict[str, int]:
    return {g.name: g.id for g in sorted(project.staff_groups, key=lambda g: g.name.lower())}


def columns(project) -> list[ImportColumn]:
    return [
        ImportColumn("session_id", "Session", "choice", required=True, choices=session_labels, width=50,
                     help="The course and the day the session starts."),
        ImportColumn("staff_group_id", "Staff group", "choice", required=True, choices=_groups, width=30,
                     help="One of the groups the course is for."),
        ImportColumn("planned", "Places planned", "int", required=True, minimum=0, maximum=100_000, width=14,
                     help="Places booked for this group at this session."),
        ImportColumn("attended", "Attended", "int", minimum=0, maximum=100_000, width=12,
                     help="How many came. Leave empty until the session has started."),
        ImportColumn("completed", "Completed", "int", minimum=0, maximum=100_000, width=12,
                     help="How many completed the course. Leave empty until the session has ended."),
    ]


def _existing(session_id: int, staff_group_id: int) -> TrainingAttendance | None:
    return db.session.scalar(select(TrainingAttendance).where(
        TrainingAttendance.session_id == session_id, TrainingAttendance.staff_group_id == staff_group_id))


def _same(row: TrainingAttendance, values: dict) -> bool:
    return (row.planned, row.attended, row.completed) == (values["planned"], values.get("attended"),
                                                            values.get("completed"))


def check(project, values: dict) -> list[tuple[str, str]]:
    from fossdash.projects.models import StaffGroup

    session = db.session.get(TrainingSession, values["session_id"])
    group = db.session.get(StaffGroup, values["staff_group_id"])
    if session is None or group is None or session.project_id != project.id:
        return [("session_id", "Session must be one of the list")]
    if group.id not in {t.staff_group_id for t in session.course.targets}:
        return [("staff_group_id", f"{group.name} is not a group the course ‘{session.course.title}’ is for: "
                                   "add it to the course first")]
    counts = GroupCounts(group.id, group.name, group.headcount, values["planned"], values.get("attended"),
                         values.get("completed"))
    problems = attendance_problems([counts], capacity=session.capacity, confirmed=True, starts_on=session.starts_on,
                                   ends_on=session.ends_on, today=date.today())
    out = [(name.rsplit("_", 1)[0], message) for name, message in problems.items() if name != "confirm_over"]
    if not out:
        row = _existing(session.id, group.id)
        if row is not None and not _same(row, values):
            out.append(("staff_group_id", f"{group.name} already has counts for this session (planned {row.planned:,}"
                                          + (f", attended {row.attended:,}" if row.attended is not None else "")
                                          + "): change them on the session's attendance page"))
    return out


def create(project, values: dict) -> TrainingAttendance:
    row = _existing(values["session_id"], values["staff_group_id"])
    if row is not None:  # exactly these counts are recorded already (check refuses any other)
        return row
    session = db.session.get(TrainingSession, values["session_id"])
    if session is not None:  # check() made sure it is there
        session.attendance_changed_at = utcnow()  # the session's version moves, as on its page
    return TrainingAttendance(project_id=project.id, session_id=values["session_id"],
                              staff_group_id=values["staff_group_id"], planned=values["planned"],
                              attended=values.get("attended"), completed=values.get("completed"))


IMPORTER = Importer(
    kind="training_attendance", title="Training attendance", noun="attendance record", columns=columns,
    check=check, create=create, unique=lambda v: (v["session_id"], v["staff_group_id"]),
    unique_error=("staff_group_id", "The same session and staff group as"),
    done_link=("training.index", "Go to the training plan"),
    instructions=["One row for each staff group at each session: the courses and their sessions must be in the "
                  "training plan first (the Session list has them).",
                  "Counts only: fossdash keeps no one's training record, so no names."],
)
