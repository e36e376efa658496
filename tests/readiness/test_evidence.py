"""The evidence providers for training, communication and the pulse survey, on hand-checked
records at frozen dates; "no evidence" (None) is never 0."""
from datetime import date

from fossdash.metrics import readiness as rules
from fossdash.metrics import readiness_data as data


def _course(db, project, groups, sessions):
    """A one-day course for `groups`, with sessions [(ends_on, {group: completed})]."""
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    course = TrainingCourse(project_id=project.id, title="Gateway induction", days=1, description="")
    db.session.add(course)
    db.session.flush()
    for g in groups:
        db.session.add(TrainingTarget(project_id=project.id, course_id=course.id, staff_group_id=g.id))
    for ends, done in sessions:
        s = TrainingSession(project_id=project.id, course_id=course.id, starts_on=ends, ends_on=ends)
        db.session.add(s)
        db.session.flush()
        for g, n in done.items():
            db.session.add(TrainingAttendance(project_id=project.id, session_id=s.id, staff_group_id=g.id,
                                              planned=n, attended=n, completed=n))
    db.session.commit()


def test_training_coverage_of_targeted_groups_at_a_date(app, db, make):
    project = make.project()
    advisers = make.staff_group(project, name="Advisers", headcount=20)
    clerks = make.staff_group(project, name="Clerks", headcount=10)
    make.staff_group(project, name="Untargeted", headcount=50)  # no course targets it: not counted
    _course(db, project, [advisers, clerks], [
        (date(2007, 3, 1), {advisers: 8, clerks: 2}),
        (date(2007, 5, 1), {advisers: 4, clerks: 12}),  # clerks: 14 completions count as 10
    ])
    # before anything: no evidence is not 0 when nothing is targeted...
    assert data.training_counts(make.project(), date(2007, 6, 1)) is None
    # ...but targeted staff with no one trained yet is 0 of 30
    assert data.training_counts(project, date(2007, 2, 1)) == {"trained": 0, "targeted": 30}
    assert data.training_counts(project, date(2007, 3, 1)) == {"trained": 10, "targeted": 30}
    assert data.training_counts(project, date(2007, 6, 1)) == {"trained": 22, "targeted": 30}
    comp = rules.component("training", data.training_counts(project, date(2007, 6, 1)))
    assert comp.score == 73.3 and comp.working == "22 of 30 targeted staff trained"


def test_communication_actions_done_by_their_due_date(app, db, make):
    from fossdash.comms.models import CommsAction

    project = make.project()

    def action(due, done=None):
        db.session.add(CommsAction(project_id=project.id, title="Briefing", technique="all_staff_briefing",
                                   audience="all_staff", owner="Chief executive", due_on=due, done_on=done,
                                   feedback=""))

    action(date(2007, 3, 1), date(2007, 3, 1))    # on time
    action(date(2007, 3, 1), date(2007, 2, 20))   # early: on time
    action(date(2007, 4, 1), date(2007, 4, 9))    # late
    action(date(2007, 5, 1))                      # overdue by 30 June
    action(date(2007, 7, 15))                     # not yet due: not counted
    action(date(2007, 6, 1), date(2007, 7, 2))    # done after 30 June: overdue on 30 June
    db.session.commit()
    at = date(2007, 6, 30)
    assert data.comms_counts(project, at) == {"done_on_time": 2, "due": 5}
    comp = rules.component("comms", data.comms_counts(project, at))
    assert comp.score == 40.0 and comp.working == "2 of 5 actions done by their due date"
    # on 2 April the late action is overdue already: 2 of 3
    assert data.comms_counts(project, date(2007, 4, 2)) == {"done_on_time": 2, "due": 3}
    # before anything fell due: no evidence
    assert data.comms_counts(project, date(2007, 2, 1)) is None
    assert data.comms_counts(make.project(), at) is None


def _round(db, project, opens, closes, answers):
    """A round with `answers` answers, each a q1..q5 value (the same for every core item)."""
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    r = SurveyRound(project_id=project.id, title=f"Round closing {closes}", opens_on=opens, closes_on=closes,
                    own_items=[])
    db.session.add(r)
    db.session.flush()
    for value in answers:
        db.session.add(SurveyAnswer(project_id=project.id, round_id=r.id, q1=value, q2=value, q3=value, q4=value,
                                    q5=value, answered_on=opens))
    db.session.commit()
    return r


def test_morale_and_participation_from_the_latest_round_closed_by_the_date(app, db, make):
    project = make.project(anonymity_k=5)
    make.staff_group(project, headcount=30)
    make.staff_group(project, headcount=10)
    _round(db, project, date(2007, 1, 1), date(2007, 1, 31), [2] * 5 + [4] * 5)   # mean 3: index 50
    _round(db, project, date(2007, 4, 1), date(2007, 4, 30), [4] * 6 + [5] * 2)   # mean 4.25: 81.25
    _round(db, project, date(2007, 6, 20), date(2007, 7, 10), [1] * 12)           # still open on 30 June

    assert data.morale_counts(project, date(2007, 2, 15)) == {"index": 50.0, "respondents": 10}
    assert data.participation_counts(project, date(2007, 2, 15)) == {"responses": 10, "invited": 40}
    at = date(2007, 6, 30)
    assert data.morale_counts(project, at) == {"index": 81.25, "respondents": 8}
    assert data.participation_counts(project, at) == {"responses": 8, "invited": 40}
    comps = {c.name: c for c in data.components(project, at)}
    assert comps["morale"].score == 81.2  # 81.25 to one place (half to even)
    assert comps["participation"].score == 20.0
    assert comps["participation"].working == "8 of 40 staff invited took part"
    # before the first round closed: no evidence
    assert data.morale_counts(project, date(2007, 1, 15)) is None
    assert data.participation_counts(project, date(2007, 1, 15)) is None


def test_a_round_under_k_is_no_evidence_not_zero(app, db, make):
    project = make.project(anonymity_k=10)
    make.staff_group(project, headcount=40)
    _round(db, project, date(2007, 4, 1), date(2007, 4, 30), [1] * 9)   # 9 answers, k is 10
    at = date(2007, 6, 30)
    assert data.morale_counts(project, at) is None
    assert data.participation_counts(project, at) is None
    comps = {c.name: c for c in data.components(project, at)}
    assert comps["morale"].score is None and comps["morale"].working == "No evidence"
    assert comps["participation"].score is None
    # one more answer reaches k: the same round is evidence, and its morale really is 0
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    r = db.session.scalars(db.select(SurveyRound).where(SurveyRound.project_id == project.id)).one()
    db.session.add(SurveyAnswer(project_id=project.id, round_id=r.id, q1=1, q2=1, q3=1, q4=1, q5=1,
                                answered_on=date(2007, 4, 2)))
    db.session.commit()
    comps = {c.name: c for c in data.components(project, at)}
    assert comps["morale"].score == 0.0 and comps["morale"].has_evidence
    assert comps["participation"].score == 25.0


def test_the_series_gives_what_each_date_gives_in_a_fixed_number_of_queries(app, db, make):
    from datetime import datetime

    from sqlalchemy import event

    from fossdash.comms.models import CommsAction
    from fossdash.concerns.models import Concern
    from fossdash import readcache
    from fossdash.grading.models import GradingIssue

    project = make.project(anonymity_k=5)
    advisers = make.staff_group(project, name="Advisers", headcount=20)
    _course(db, project, [advisers], [(date(2007, 3, 1), {advisers: 8}), (date(2007, 5, 1), {advisers: 4})])
    for due, done in [(date(2007, 3, 1), date(2007, 3, 1)), (date(2007, 4, 1), date(2007, 4, 9)),
                      (date(2007, 5, 1), None)]:
        db.session.add(CommsAction(project_id=project.id, title="Briefing", technique="all_staff_briefing",
                                   audience="all_staff", owner="Chief executive", due_on=due, done_on=done,
                                   feedback=""))
    for raised, answered in [(date(2007, 2, 1), date(2007, 2, 5)), (date(2007, 4, 1), None)]:
        db.session.add(Concern(project_id=project.id, category="other", channel="briefing", text="x",
                               raised_on=raised, answered_on=answered))
    db.session.add_all([
        GradingIssue(project_id=project.id, role_title="Adviser", status="agreed", created_at=datetime(2007, 3, 1)),
        GradingIssue(project_id=project.id, role_title="Clerk", status="raised", created_at=datetime(2007, 5, 1)),
    ])
    db.session.commit()
    _round(db, project, date(2007, 1, 1), date(2007, 1, 31), [2] * 5 + [4] * 5)
    _round(db, project, date(2007, 4, 1), date(2007, 4, 30), [4] * 3)  # under k: no evidence
    dates = [date(2007, 1, 15), date(2007, 2, 28), date(2007, 3, 31), date(2007, 4, 15), date(2007, 6, 30)]
    one_by_one = {d: data.components(project, d, 10) for d in dates}

    seen: list[str] = []

    def hook(conn, cursor, statement, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", hook)
    try:
        readcache.forget(db.session)  # as a new transaction would: nothing read before is shared
        together = data.series(project, dates, 10)
        few = len(seen)
        readcache.forget(db.session)
        data.series(project, dates[-1:], 10)
    finally:
        event.remove(db.engine, "before_cursor_execute", hook)
    assert together == one_by_one
    assert len(seen) == 2 * few  # the same queries for one date as for five
    assert {c.name: c.score for c in together[date(2007, 3, 31)]} == {
        "training": 40.0, "comms": 100.0, "concerns": 100.0, "grading": 100.0, "morale": 50.0, "participation": 50.0}
    # by 30 June the latest round is April's, under k: no evidence (never an older round's figure)
    assert {c.name: c.score for c in together[date(2007, 6, 30)]} == {
        "training": 60.0, "comms": 33.3, "concerns": 50.0, "grading": 50.0, "morale": None, "participation": None}


def test_a_morale_index_over_answers_that_leave_core_statements_empty_is_no_evidence(app, db, make):
    """k = 5, five answers, one of them alone to the core statements (the others only to the
    recommend question: an import may leave questions empty). The round page hides the morale
    index; the readiness evidence, its history and the project's dashboard do too (they showed
    that one person's mean, as a review found), while participation (a count) is still evidence."""
    from fossdash.surveys.models import SurveyAnswer

    project = make.project(anonymity_k=5)
    make.staff_group(project, headcount=40)
    r = _round(db, project, date(2007, 4, 1), date(2007, 4, 30), [1])
    for _ in range(4):
        db.session.add(SurveyAnswer(project_id=project.id, round_id=r.id, recommend=9, answered_on=date(2007, 4, 1)))
    db.session.commit()
    at = date(2007, 6, 30)
    assert data.morale_counts(project, at) is None
    assert data.participation_counts(project, at) == {"responses": 5, "invited": 40}
    comps = {c.name: c for c in data.components(project, at)}
    assert comps["morale"].score is None and comps["morale"].working == "No evidence"
    assert {c.name: c for c in data.series(project, [at])[at]}["morale"].score is None
