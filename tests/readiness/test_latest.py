"""latest_assessments: each project's latest whole-project assessment with its scores, in one
statement whatever the number of projects."""
from datetime import date

from sqlalchemy import event


def _assess(db, project, on, framework="foss", group=None, scores=None, assessor="Programme manager"):
    from fossdash.metrics import readiness as rules
    from fossdash.readiness.models import ReadinessAssessment, ReadinessScore

    a = ReadinessAssessment(project_id=project.id, assessed_on=on, framework=framework, assessor=assessor,
                            staff_group_id=group.id if group else None, summary="")
    dims = list(rules.DIMENSIONS[framework])
    for i, dim in enumerate(dims):
        a.scores.append(ReadinessScore(project_id=project.id, dimension=dim, position=i,
                                       score=(scores or {}).get(dim, 3), note=""))
    db.session.add(a)
    db.session.commit()
    return a


def test_latest_assessment_per_project_in_one_statement(app, db, make):
    from fossdash.projects.models import StaffGroup
    from fossdash.readiness import service

    p1, p2, p3 = make.project(), make.project(), make.project()
    group = StaffGroup(project_id=p1.id, name="Advisers", headcount=10)
    db.session.add(group)
    db.session.commit()
    _assess(db, p1, date(2007, 1, 1))
    newest = _assess(db, p1, date(2007, 4, 1), scores={"communication": 5})
    _assess(db, p1, date(2007, 6, 1), group=group)  # a staff group's: not the project's latest
    only_group = _assess(db, p2, date(2007, 2, 1), framework="adkar", group=None, scores={"awareness": 4, "desire": 2})
    ids = [p1.id, p2.id, p3.id]
    newest_id, only_group_id = newest.id, only_group.id
    db.session.expire_all()

    seen: list[str] = []
    engine = db.engine
    def hook(conn, cursor, statement, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE")):
            seen.append(statement)
    event.listen(engine, "before_cursor_execute", hook)
    try:
        found = service.latest_assessments(ids)
        scores = {pid: a.score_map for pid, a in found.items()}
        barrier = found[ids[1]].barrier_label
    finally:
        event.remove(engine, "before_cursor_execute", hook)
    assert len(seen) == 1
    first, second, _third = ids
    assert set(found) == {first, second}
    assert found[first].id == newest_id and scores[first]["communication"] == 5
    assert len(scores[first]) == 6
    assert found[second].id == only_group_id and barrier == "Desire"
    assert service.latest_assessments([first], framework="adkar") == {}
