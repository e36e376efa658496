"""The project dashboard: the readiness panel (latest assessment beside the evidence, RAG in
words), the attention items for a barrier point and a divergence flag on a crafted project, and
a number of queries that does not grow with the records."""
from __future__ import annotations

from datetime import date

from sqlalchemy import event

from fossdash import domains
from tests.readiness.helpers import assessment

TODAY = date(2007, 6, 30)


def _comms(db, project, due, done=None):
    from fossdash.comms.models import CommsAction

    db.session.add(CommsAction(project_id=project.id, title="Briefing", technique="all_staff_briefing",
                               audience="all_staff", owner="Chief executive", due_on=due, done_on=done, feedback=""))


def test_attention_names_the_barrier_point_and_the_divergence(app, db, make, login, monkeypatch):
    from fossdash.readiness import service

    monkeypatch.setattr(service, "today", lambda: TODAY)
    project = make.project()
    assert domains.attention(project, TODAY) == []
    # Communication: 1 of 3 actions done by the due date at 31 May (33.3).
    _comms(db, project, date(2007, 4, 1), date(2007, 4, 1))
    _comms(db, project, date(2007, 4, 15))
    _comms(db, project, date(2007, 5, 1))
    db.session.commit()
    old = assessment(project, date(2007, 3, 31), "foss", {"communication": 5})  # 1 of 1 then: agrees
    foss = assessment(project, date(2007, 5, 31), "foss", {"communication": 4})
    adkar = assessment(project, date(2007, 6, 1), "adkar",
                       {"awareness": 4, "desire": 4, "knowledge": 2, "ability": 3, "reinforcement": 3})
    mine = [a for a in domains.attention(project, TODAY) if a.endpoint == "readiness.show"]
    assert [(a.text, a.params["assessment_id"]) for a in mine] == [
        ("Communication is self-assessed green (4 of 5) but its evidence is 33.3 out of 100, under 50 "
         "(assessment of 31 May 2007)", foss.id),
        ("Barrier point at knowledge: the ADKAR assessment of 1 June 2007 scores knowledge 2 of 5", adkar.id),
        # ADKAR's awareness is evidenced by the communication actions too
        ("Awareness is self-assessed green (4 of 5) but its evidence is 33.3 out of 100, under 50 "
         "(assessment of 1 June 2007)", adkar.id),
    ]
    assert old.id not in {a.params["assessment_id"] for a in mine}

    page = login("executive").get(f"/projects/{project.id}/").get_data(as_text=True)
    assert "Barrier point at knowledge" in page
    assert f'href="/projects/{project.id}/readiness/{foss.id}/"' in page
    # The panel shows the latest assessment (the ADKAR one) beside the evidence, RAG as words.
    assert "Latest assessment:" in page and "ADKAR, 1 June 2007" in page
    assert "Self-assessed 1 June 2007" in page and "Evidence today" in page
    assert "Red</strong> <span class=\"app-rag__score\">2 of 5" in page


def test_a_project_with_no_assessment_shows_its_evidence(app, db, make, login):
    project = make.project()
    page = login("executive").get(f"/projects/{project.id}/").get_data(as_text=True)
    assert "No readiness assessment yet" in page
    assert "add one" not in page  # an executive changes nothing
    assert "Evidence readiness index today:" in page and "No evidence" in page


def _seed(db, make, project, n: int) -> None:
    from fossdash.concerns.models import Concern

    group = make.staff_group(project, headcount=10 * n)
    for i in range(n):
        _comms(db, project, date(2007, 1, 1 + i % 28), date(2007, 1, 1 + i % 28))
        db.session.add(Concern(project_id=project.id, category="other", channel="briefing", text="x",
                               raised_on=date(2007, 2, 1), answered_on=date(2007, 2, 5)))
        assessment(project, date(2007, 3, 1 + i % 28), "foss" if i % 2 else "adkar",
                   group=group if i % 3 == 0 else None)
    db.session.commit()


def _statements(app, db, project) -> int:
    from fossdash.readiness import service

    seen = []

    def hook(conn, cursor, statement, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE")):
            seen.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", hook)
    try:
        panel = service.home_panel(project)
        items = service.attention(project, TODAY)
        _ = [(r.label, r.score, r.evidence) for r in panel.then.rows + panel.now.rows], items
    finally:
        event.remove(db.engine, "before_cursor_execute", hook)
    return len(seen)


def test_the_readiness_panel_and_attention_run_the_same_queries_at_1x_and_10x(app, db, make):
    small, big = make.project(), make.project()
    _seed(db, make, small, 2)
    _seed(db, make, big, 20)
    assert _statements(app, db, small) == _statements(app, db, big)
