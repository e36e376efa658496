"""`flask bench` cases for readiness, on one project sized by `scale` (1.0 is one county project
of the issue's county: 500 concerns, 50 communication actions, 20 training sessions for 3 staff
groups, 4 survey rounds of 1,250 answers, 12 grading issues, and 16 quarterly assessments in
both frameworks):

- "readiness page": GET /projects/<id>/readiness/ (every assessment beside the evidence for its
  date, the history and evidence charts, the evidence today) beside the bare SQL that reads the
  same records, as a ratio of CPU medians measured in the same run.
- "readiness panel": the project home's readiness panel and attention items (service calls, no
  template) beside the same bare SQL.
"""
from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from typing import Callable, Iterator

from sqlalchemy import insert, text

from fossdash.bench import cpu_median, median, ms, row

REPEAT = 7
HTTPS = "https://localhost"  # the session cookie is Secure unless COOKIE_SECURE is turned off

BARE = [
    "SELECT a.id, a.assessed_on, a.framework, s.dimension, s.score, s.note FROM readiness_assessment a "
    "JOIN readiness_score s ON s.assessment_id = a.id WHERE a.project_id = :pid",
    "SELECT raised_on, answered_on FROM concern WHERE project_id = :pid",
    "SELECT due_on, done_on FROM comms_action WHERE project_id = :pid",
    "SELECT created_at, status FROM grading_issue WHERE project_id = :pid",
    "SELECT s.course_id, s.id, a.staff_group_id, s.starts_on, s.ends_on, a.planned, a.attended, a.completed "
    "FROM training_attendance a JOIN training_session s ON a.session_id = s.id WHERE a.project_id = :pid",
    "SELECT course_id, staff_group_id FROM training_target WHERE project_id = :pid",
    "SELECT id, headcount FROM staff_group WHERE project_id = :pid",
    "SELECT round_id, COUNT(*), SUM(q1 + q2 + q3 + q4 + q5) FROM survey_answer "
    "WHERE round_id IN (SELECT id FROM survey_round WHERE project_id = :pid) GROUP BY round_id",
    "SELECT id, closes_on FROM survey_round WHERE project_id = :pid",
    "SELECT * FROM milestone WHERE project_id = :pid",
]


def _insert(model, rows: list[dict]) -> None:
    """A bulk insert (an empty list would insert one row of defaults)."""
    from fossdash.extensions import db

    if rows:
        db.session.execute(insert(model), rows)


def seed(scale: float, today: date) -> int:
    """One project with records sized by `scale`; returns its id."""
    from fossdash.comms.models import CommsAction
    from fossdash.concerns.models import Concern
    from fossdash.extensions import db
    from fossdash.grading.models import GradingIssue
    from fossdash.metrics import readiness as rules
    from fossdash.projects.models import Milestone, Project, StaffGroup
    from fossdash.readiness.models import ReadinessAssessment, ReadinessScore
    from fossdash.surveys.models import SurveyAnswer, SurveyRound, new_key
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    rnd = random.Random(10)
    n = max(1, int(round(scale)))
    start = today - timedelta(days=4 * 365)
    project = Project(name="Readiness benchmark", type="contact_centre", stage="live", go_live_date=today)
    db.session.add(project)
    db.session.flush()
    pid = project.id
    groups = [StaffGroup(project_id=pid, name=f"Group {i}", headcount=40 * n) for i in range(3)]
    db.session.add_all(groups)
    db.session.add_all([Milestone(project_id=pid, kind="go_live", title=f"Milestone {i}",
                                  on=start + timedelta(days=300 * i), description="") for i in range(5)])
    db.session.flush()

    def day(i: int, span: int = 4 * 365) -> date:
        return start + timedelta(days=rnd.randrange(span))

    concerns = []
    for i in range(int(500 * scale)):
        raised = day(i)
        answered = raised + timedelta(days=rnd.randrange(1, 30)) if rnd.random() < 0.8 else None
        concerns.append({"project_id": pid, "kind": "concern", "category": "other", "channel": "briefing",
                         "status": "answered" if answered else "open", "text": "x", "raised_on": raised,
                         "answered_on": answered, "response": "", "actions": "", "illustrative": False,
                         "version": 1, "created_at": datetime(2020, 1, 1), "updated_at": datetime(2020, 1, 1)})
    _insert(Concern, concerns)
    actions = []
    for i in range(int(50 * scale)):
        due = day(i)
        done = due + timedelta(days=rnd.randrange(-5, 10)) if rnd.random() < 0.8 else None
        actions.append({"project_id": pid, "title": f"Action {i}", "technique": "newsletter", "audience": "all_staff",
                        "owner": "Owner", "due_on": due, "done_on": done, "feedback": ""})
    _insert(CommsAction, actions)
    _insert(GradingIssue, [
        {"project_id": pid, "role_title": f"Role {i}", "status": rnd.choice(["raised", "agreed", "hr_review"]),
         "created_at": datetime.combine(day(i), datetime.min.time())} for i in range(int(12 * scale))])
    course = TrainingCourse(project_id=pid, title="Induction", days=5, description="")
    db.session.add(course)
    db.session.flush()
    db.session.add_all([TrainingTarget(project_id=pid, course_id=course.id, staff_group_id=g.id) for g in groups])
    for i in range(int(20 * scale)):
        s = TrainingSession(project_id=pid, course_id=course.id, starts_on=day(i), ends_on=day(i))
        s.ends_on = s.starts_on + timedelta(days=6)
        db.session.add(s)
        db.session.flush()
        db.session.add_all([TrainingAttendance(project_id=pid, session_id=s.id, staff_group_id=g.id, planned=6,
                                               attended=5, completed=5) for g in groups])
    for r in range(4):
        closes = start + timedelta(days=365 * r + 200)
        round_ = SurveyRound(project_id=pid, title=f"Round {r}", opens_on=closes - timedelta(days=14),
                             closes_on=closes, own_items=[])
        db.session.add(round_)
        db.session.flush()
        _insert(SurveyAnswer, [
            {"id": new_key(), "project_id": pid, "round_id": round_.id, "answered_on": closes,
             **{q: rnd.randint(1, 5) for q in ("q1", "q2", "q3", "q4", "q5")}, "recommend": rnd.randint(0, 10)}
            for _ in range(int(1250 * scale))])
    for q in range(16):
        framework = rules.FOSS if q % 2 == 0 else rules.ADKAR
        a = ReadinessAssessment(project_id=pid, assessed_on=start + timedelta(days=91 * q), framework=framework,
                                assessor="Programme manager", summary="")
        for position, key in enumerate(rules.DIMENSIONS[framework]):
            a.scores.append(ReadinessScore(project_id=pid, dimension=key, position=position,
                                           score=rnd.randint(1, 5), note=""))
        db.session.add(a)
    db.session.commit()
    return pid


def _bare(pid: int) -> Callable[[], None]:
    from fossdash.extensions import db

    def go() -> None:
        with db.engine.connect() as conn:
            for sql in BARE:
                conn.execute(text(sql), {"pid": pid}).all()

    return go


_STATE: dict = {}


def _project_id(scale: float) -> int:
    from fossdash.extensions import db

    key = (str(db.engine.url), scale)
    if key not in _STATE:
        _STATE[key] = seed(scale, date.today())
    return _STATE[key]


def _client():
    from flask import current_app

    from fossdash.auth.models import User, UserSession
    from fossdash.extensions import db

    user = User(email=f"bench.readiness.{time.time_ns()}@fossdash.example", name="Bench admin", role="admin")
    user.password_hash = "!"  # never signs in: the session is made directly
    db.session.add(user)
    db.session.flush()
    session_row = UserSession(user_id=user.id)
    db.session.add(session_row)
    db.session.commit()
    c = current_app.test_client()
    with c.session_transaction(base_url=HTTPS) as s:
        s["sid"] = session_row.id
        s["_user_id"] = str(user.id)
        s["_fresh"] = True
        s.permanent = True
    return c


def _compare(name: str, ours: Callable[[], object], pid: int) -> Iterator[str]:
    bare = _bare(pid)
    ours()
    bare()
    took, took_bare = median(ours, REPEAT), median(bare, REPEAT)
    cpu, cpu_bare = cpu_median(ours, REPEAT), cpu_median(bare, REPEAT)
    yield row(name, ms(took), "", f"wall, median of {REPEAT}; CPU {ms(cpu)}")
    yield row("  bare SQL of the same records", ms(took_bare), "", f"wall; CPU {ms(cpu_bare)}")
    yield row("  ours / bare SQL", "", "", f"CPU x{cpu / max(cpu_bare, 1e-9):.2f}; wall x{took / max(took_bare, 1e-9):.2f}")


def page_case(scale: float) -> Iterator[str]:
    from flask import current_app

    pid = _project_id(scale)
    client = _client()

    def page() -> None:
        # A fresh app context per request, as a server gives: the benchmark's own outer context
        # would otherwise share `g` (and whoever flask-login cached in it) between requests.
        with current_app.app_context():
            response = client.get(f"/projects/{pid}/readiness/", base_url=HTTPS)
            assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
            response.close()

    yield from _compare("readiness page (16 assessments)", page, pid)


def panel_case(scale: float) -> Iterator[str]:
    from flask import current_app

    from fossdash.extensions import db
    from fossdash.projects.models import Project
    from fossdash.readiness import service

    pid = _project_id(scale)
    project = db.session.get(Project, pid)

    def panel() -> None:
        # A fresh app and request context, as on the project home: the two share one reading.
        with current_app.app_context(), current_app.test_request_context():
            service.home_panel(project)
            service.attention(project, date.today())

    yield from _compare("readiness panel and attention", panel, pid)


BENCH = {"readiness page": page_case, "readiness panel": panel_case}
