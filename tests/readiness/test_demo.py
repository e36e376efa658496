"""The demo assessments tell the issue's three stories, truthfully against the demo's records:
Kent self-assesses communication green while its actions (a visit among them) are overdue, and is
flagged; Braintree's barrier point is desire in every ADKAR assessment; Northumbria's training
score and its training coverage both climb before go-live."""
from fossdash import domains


def _project(db, word):
    from fossdash.projects.models import Project

    return db.session.scalar(db.select(Project).where(Project.name.contains(word)))


def test_demo_assessments_load_once_and_tell_their_stories(app, db):
    from fossdash.demo import load_all
    from fossdash.readiness import service
    from fossdash.readiness.models import ReadinessAssessment

    load_all("demo-password-for-tests")
    count = db.session.scalar(db.select(db.func.count()).select_from(ReadinessAssessment))
    load_all("demo-password-for-tests")  # idempotent
    assert db.session.scalar(db.select(db.func.count()).select_from(ReadinessAssessment)) == count == 12
    assert all(a.illustrative for a in db.session.scalars(db.select(ReadinessAssessment)))
    today = service.today()

    kent = _project(db, "Kent")
    latest = service.latest_assessments([kent.id])[kent.id]
    flags = service.evaluate(kent, latest).flags
    assert [f.dimension for f in flags] == ["Communication"]
    assert "self-assessed green (5 of 5)" in flags[0].reason
    texts = [a.text for a in domains.attention(kent, today)]
    assert any(t.startswith("Communication is self-assessed green") for t in texts)

    braintree = _project(db, "Braintree")
    adkar = [a for a in service.assessments(braintree.id) if a.framework == "adkar"]
    assert len(adkar) == 4 and {a.barrier for a in adkar} == {"desire"}

    north = _project(db, "Northumbria")
    history = sorted(service.assessments(north.id), key=lambda a: a.assessed_on)
    scores = [a.score_map["training"] for a in history]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    coverage = [{c.name: c.score for c in service.evidence(north, a.assessed_on)[0]}["training"] for a in history]
    assert coverage[0] == 0.0 and coverage[-1] > 0.0  # targeted staff, then the first cohorts trained
    assert north.go_live_date is not None and north.go_live_date > history[-1].assessed_on  # before go-live
