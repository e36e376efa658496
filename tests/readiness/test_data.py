"""Evidence counts from concerns and grading records at a frozen date."""
from datetime import date, datetime

from fossdash.metrics import readiness_data as data

AT = date(2007, 6, 30)


def test_concern_and_grading_counts(app, db, make):
    from fossdash.concerns.models import Concern
    from fossdash.grading.models import GradingIssue

    project = make.project()

    def concern(raised, answered=None):
        db.session.add(Concern(project_id=project.id, category="other", channel="briefing", text="x",
                               raised_on=raised, answered_on=answered))

    concern(date(2007, 6, 1), date(2007, 6, 5))     # due, in time
    concern(date(2007, 6, 1), date(2007, 6, 20))    # due, late
    concern(date(2007, 6, 1))                       # due, unanswered
    concern(date(2007, 6, 25))                      # not yet due
    concern(date(2007, 7, 5), date(2007, 7, 6))     # after the date
    db.session.add_all([
        GradingIssue(project_id=project.id, role_title="Adviser", status="agreed", created_at=datetime(2007, 3, 1)),
        GradingIssue(project_id=project.id, role_title="Clerk", status="raised", created_at=datetime(2007, 3, 1)),
        GradingIssue(project_id=project.id, role_title="Later", status="raised", created_at=datetime(2007, 8, 1)),
    ])
    db.session.commit()
    assert data.concern_counts(project, AT, 10) == {"answered_in_time": 1, "due": 3}
    assert data.grading_counts(project, AT) == {"agreed": 1, "total": 2}
    comps = {c.name: c for c in data.components(project, AT)}
    assert comps["concerns"].working == "1 of 3 concerns answered within 10 days"
    assert comps["training"].score is None and comps["training"].working == "No evidence"


def test_project_without_records_has_no_evidence(app, db, make):
    project = make.project()
    assert data.concern_counts(project, AT) is None
    assert data.grading_counts(project, AT) is None
