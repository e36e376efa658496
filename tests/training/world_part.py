"""A course in the world's project Alpha for its council contact advisers (headcount 12), with one
past session whose attendance is recorded; and a course in Bravo, for the "ids swapped" tests."""
from __future__ import annotations

from datetime import date


def build(world, make) -> None:
    from fossdash.extensions import db
    from fossdash.projects.models import StaffGroup
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    alpha = world.project
    group = db.session.get(StaffGroup, world.ids["staff_group_id"])
    course = TrainingCourse(project_id=alpha.id, title="Alpha joint induction", provider_name="Alpha College",
                            days=5, consecutive=True, joint=True, description="Five days together.")
    course.targets.append(TrainingTarget(project_id=alpha.id, staff_group_id=group.id))
    session = TrainingSession(project_id=alpha.id, course=course, starts_on=date(2026, 3, 2),
                              ends_on=date(2026, 3, 6), place="Alpha civic centre", capacity=10, trainer="Trainer")
    session.attendance.append(TrainingAttendance(project_id=alpha.id, staff_group_id=group.id, planned=8,
                                                 attended=7, completed=6))
    db.session.add(course)

    bravo_group = db.session.get(StaffGroup, world.extra["projects"]["bravo_staff_group_id"])
    bravo = TrainingCourse(project_id=world.other.id, title="Bravo course", provider_name="Bravo College", days=1)
    bravo.targets.append(TrainingTarget(project_id=world.other.id, staff_group_id=bravo_group.id))
    bravo_session = TrainingSession(project_id=world.other.id, course=bravo, starts_on=date(2026, 3, 2),
                                    ends_on=date(2026, 3, 2), capacity=10)
    db.session.add_all([bravo, bravo_session])
    db.session.commit()
    world.ids.update(course_id=course.id, training_session_id=session.id)
    world.extra["training"] = {"course": course, "session": session, "group": group,
                               "bravo_course_id": bravo.id, "bravo_session_id": bravo_session.id}
