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


def test_kent_has_a_training_plan_with_sessions_in_each_of_the_last_quarters(app, db):
    """Kent Gateway's joint training before the move and its cross-skilling cohorts since, so its
    quarterly return has training in the last complete quarter and in the current one."""
    from fossdash.demo import load_all
    from fossdash.projects.models import Project
    from fossdash.returns.periods import ReturnQuarter
    from fossdash.training.models import TrainingCourse

    load_all("demo-password-for-tests")
    load_all("demo-password-for-tests")  # idempotent
    kent = db.session.scalar(db.select(Project).where(Project.name.contains("Kent")))
    courses = db.session.scalars(db.select(TrainingCourse).filter_by(project_id=kent.id)
                                 .order_by(TrainingCourse.title)).all()
    assert [c.title for c in courses] == [
        "Cross-skilling at the Gateway: answering for each other",
        "One Gateway: the brand and every partner’s services",
        "Working in the open: personal safety at the Gateway front desk",
    ]
    assert all(c.joint and c.illustrative for c in courses)
    assert all(len(c.groups) == 4 for c in courses)  # every Gateway agency's staff
    today = date.today()
    now = ReturnQuarter.of(today)
    starts = [s.starts_on for c in courses for s in c.sessions]
    for quarter in (now, now.previous(1), now.previous(2)):
        assert any(quarter.start <= d < quarter.end for d in starts), quarter.label
    cover = m.coverage_at(m.plan(kent.id), today).project
    assert cover.places == 42 * 3 and 0.5 < cover.share < 1  # trained before the move, cohorts still running
    staff_move = min(ms.on for ms in kent.milestones)
    before = [s for c in courses if not c.title.startswith("Cross") for s in c.sessions]
    assert before and all(s.ends_on < staff_move for s in before)  # trained before the move
