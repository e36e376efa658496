"""The demo training plans: Northumbria's ten consecutive days in cohorts, Rushcliffe, Tameside."""
from datetime import date

from fossdash.metrics import training as m


def test_demo_plans_load_once_and_show_every_state(app, db):
    from fossdash.demo import load_all
    from fossdash.projects.models import Project
    from fossdash.training.models import TrainingCourse

    load_all("demo-password-for-tests")
    load_all("demo-password-for-tests")  # idempotent
    north = db.session.scalar(db.select(Project).where(Project.name.contains("Northumbria")))
    courses = db.session.scalars(db.select(TrainingCourse).filter_by(project_id=north.id)).all()
    assert [c.title for c in courses] == ["101 joint contact centre training"]
    course = courses[0]
    assert course.days == 10 and course.consecutive and course.joint and course.illustrative
    assert len(course.sessions) == 8 and len(course.groups) == 7
    plan = m.plan(north.id)
    today = date.today()
    assert len(m.low_attendance(plan, today)) == 1
    share = m.coverage_at(plan).project.share
    assert share is not None and 0 < share < 1
    for word in ("Rushcliffe", "Tameside"):
        project = db.session.scalar(db.select(Project).where(Project.name.contains(word)))
        assert m.coverage_at(m.plan(project.id)).project.completed > 0
