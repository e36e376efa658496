"""The training pages read the database a fixed number of times, however long the plan: the same
statements for 4 courses as for 31, and for a course with 3 sessions as with 30."""
from __future__ import annotations

from datetime import date, timedelta

from tests.comms.test_query_count import _count


def test_the_training_overview_queries_do_not_grow_with_the_plan(world, login, db):
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    pid, gid = world.project.id, world.ids["staff_group_id"]

    def add(n, start):
        for i in range(start, start + n):
            course = TrainingCourse(project_id=pid, title=f"Course {i}", provider_name="College", days=2)
            course.targets.append(TrainingTarget(project_id=pid, staff_group_id=gid))
            s = TrainingSession(project_id=pid, course=course, starts_on=date(2026, 1, 5) + timedelta(days=7 * i),
                                ends_on=date(2026, 1, 6) + timedelta(days=7 * i), capacity=10, place="Hall")
            s.attendance.append(TrainingAttendance(project_id=pid, staff_group_id=gid, planned=4, attended=3,
                                                   completed=2))
            db.session.add(course)
        db.session.commit()

    client = login(world.users["hr"])
    url = f"/projects/{pid}/training"
    add(3, 0)
    small = _count(db, client, url)
    add(27, 3)
    large = _count(db, client, url)
    assert large == small, f"{small} statements for 4 courses, {large} for 31"


def test_the_course_page_queries_do_not_grow_with_its_sessions(world, login, db):
    from fossdash.training.models import TrainingAttendance, TrainingSession

    pid, course, gid = world.project.id, world.extra["training"]["course"], world.ids["staff_group_id"]

    def add(n, start):
        for i in range(start, start + n):
            s = TrainingSession(project_id=pid, course_id=course.id, capacity=10, place="Hall",
                                starts_on=date(2026, 4, 6) + timedelta(days=7 * i),
                                ends_on=date(2026, 4, 7) + timedelta(days=7 * i))
            s.attendance.append(TrainingAttendance(project_id=pid, staff_group_id=gid, planned=4, attended=3,
                                                   completed=1))
            db.session.add(s)
        db.session.commit()

    client = login(world.users["executive"])
    url = f"/projects/{pid}/training/courses/{course.id}"
    add(2, 0)
    small = _count(db, client, url)
    add(27, 2)
    large = _count(db, client, url)
    assert large == small, f"{small} statements for 3 sessions, {large} for 30"
