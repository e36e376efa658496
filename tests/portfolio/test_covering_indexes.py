"""Issue 10: the portfolio's concern and action counts read their covering indexes alone (migration
0012), on both backends, and still count by hand what they counted before: several dates in one
pass, actions not done yet, the latest survey round however many came before."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import event, update

TODAY = date(2027, 2, 1)


def _concerns(db, project, pairs):
    from fossdash.concerns.models import Concern

    for raised, answered in pairs:
        db.session.add(Concern(project_id=project.id, category="job_security", channel="meeting", text="Jobs?",
                               raised_on=raised, answered_on=answered))
    db.session.commit()


def _run(db, client, url: str) -> tuple[list, object]:
    """GET the page, keeping every statement it ran with its parameters."""
    seen: list = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        return seen, client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)


def _plan(db, statement: str, parameters) -> str:
    """The query plan of a statement as the page ran it. PostgreSQL is told to avoid plain and
    bitmap table scans (its tables here are tiny): then it reads an index alone only if the index
    covers every column the statement needs ("Index Only Scan")."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        return "\n".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
    return "\n".join(str(r[0]) for r in conn.exec_driver_sql("EXPLAIN " + statement, parameters))


def test_the_portfolio_counts_concerns_and_actions_from_their_covering_indexes(app, db, make, login, monkeypatch):
    from fossdash.comms.models import CommsAction
    from fossdash.portfolio import views

    monkeypatch.setattr(views, "_today", lambda: TODAY)
    p = make.project("Tameside")
    _concerns(db, p, [(date(2027, 1, 1), date(2027, 1, 8)), (date(2027, 1, 2), None)])
    db.session.add(CommsAction(project_id=p.id, title="Briefing", technique="all_staff_briefing", audience="all_staff",
                               owner="Chief executive", due_on=date(2027, 1, 10), done_on=date(2027, 1, 9),
                               feedback=""))
    db.session.commit()
    seen, page = _run(db, login("executive"), "/portfolio/")
    assert page.status_code == 200
    wanted = {"concern": "ix_concern_project_raised_answered_status", "comms_action": "ix_comms_action_project_due_done"}
    for table, index in wanted.items():
        found = [(s, ps) for s, ps in seen if f"FROM {table} " in s and "count(*) FILTER" in s]
        assert len(found) == 1, (table, [s for s, _ in seen])
        plan = _plan(db, *found[0])
        assert index in plan, plan
        assert "COVERING INDEX" in plan or "Index Only Scan" in plan, plan


def test_concern_counts_at_several_dates_in_one_pass_by_hand(app, db, make):
    """Target 10 days. On 10 January only the concern answered on 8 January is due (answered in
    time); the others were raised under 10 days before or not yet. On 1 February: 4 due, 1 in time
    (as test_portfolio's hand count). On 31 December 2026 nothing had been raised: no evidence."""
    from fossdash.metrics import portfolio as batch

    p = make.project()
    _concerns(db, p, [(date(2027, 1, 1), date(2027, 1, 8)), (date(2027, 1, 1), date(2027, 1, 20)),
                      (date(2027, 1, 1), None), (date(2027, 1, 28), None), (date(2027, 1, 2), date(2027, 2, 3))])
    dates = [date(2026, 12, 31), date(2027, 1, 10), TODAY]
    many = batch.components_at_dates([p.id], dates)
    concerns = {at: next(c for c in many[at][p.id] if c.name == "concerns") for at in dates}
    assert concerns[date(2026, 12, 31)].score is None
    assert concerns[date(2027, 1, 10)].working == "1 of 1 concern answered within 10 days"
    assert concerns[date(2027, 1, 10)].score == 100.0
    assert concerns[TODAY].working == "1 of 4 concerns answered within 10 days"
    assert concerns[TODAY].score == 25.0


def test_action_counts_by_hand_with_actions_not_done(app, db, make):
    """Due 10 January: done 9 January (on time), done 12 January (late), not done (overdue); due
    10 February: not done (not settled yet), done 20 January (early). On 1 February 4 are settled,
    2 on time. On 11 January: done 9 January, and the two overdue (the 12 January one was not done
    yet): 3 settled, 1 on time."""
    from fossdash.comms.models import CommsAction
    from fossdash.metrics import portfolio as batch

    p = make.project()
    for due, done in [((1, 10), (1, 9)), ((1, 10), (1, 12)), ((1, 10), None), ((2, 10), None), ((2, 10), (1, 20))]:
        db.session.add(CommsAction(project_id=p.id, title="Briefing", technique="all_staff_briefing",
                                   audience="all_staff", owner="Chief executive", due_on=date(2027, *due),
                                   done_on=date(2027, *done) if done else None, feedback=""))
    db.session.commit()
    assert batch.counts_at([p.id], TODAY)[p.id]["comms"] == {"done_on_time": 2, "due": 4}
    assert batch.counts_at([p.id], date(2027, 1, 11))[p.id]["comms"] == {"done_on_time": 1, "due": 3}
    assert batch.counts_at([p.id], date(2027, 1, 9))[p.id]["comms"] == {"done_on_time": 1, "due": 1}
    assert batch.counts_at([p.id], date(2027, 1, 1))[p.id]["comms"] is None


def test_morale_comes_from_the_latest_round_closed_by_the_date(app, db, make):
    """Three rounds: all 2s closed 31 January (morale 25), all 4s closed 15 January (75), all 5s
    still open on 1 February. Read on 1 February: the 31 January round; on 20 January: the 15
    January round; the open round never counts."""
    from fossdash.metrics import portfolio as batch
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    p = make.project(anonymity_k=5)
    make.staff_group(p, headcount=20)
    for title, closes, value, n in [("Early", date(2027, 1, 15), 4, 6), ("Late", date(2027, 1, 31), 2, 5),
                                    ("Open", date(2027, 2, 14), 5, 7)]:
        r = SurveyRound(project_id=p.id, title=title, opens_on=date(2027, 1, 1), closes_on=closes)
        db.session.add(r)
        db.session.flush()
        for _ in range(n):
            db.session.add(SurveyAnswer(project_id=p.id, round_id=r.id, answered_on=date(2027, 1, 2),
                                        q1=value, q2=value, q3=value, q4=value, q5=value))
    db.session.commit()
    k = {p.id: 5}
    now = batch.counts_at([p.id], TODAY, k=k)[p.id]
    assert now["morale"] == {"index": 25.0, "respondents": 5}
    assert now["participation"] == {"responses": 5, "invited": 20}
    before = batch.counts_at([p.id], date(2027, 1, 20), k=k)[p.id]
    assert before["morale"] == {"index": 75.0, "respondents": 6}
    assert batch.counts_at([p.id], date(2027, 1, 14), k=k)[p.id]["morale"] is None


def test_a_morale_index_from_fewer_than_k_people_is_not_evidence(app, db, make):
    """Six answers closed a round (k is 5), but only four people answered the core statements (an
    import may leave them empty): their mean is not shown as the portfolio's morale evidence, nor on
    the portfolio's trend, though participation (a count of six) still is."""
    from fossdash.metrics import portfolio as batch
    from fossdash.portfolio.trends import morale_per_round
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    p = make.project(anonymity_k=5)
    make.staff_group(p, headcount=20)
    r = SurveyRound(project_id=p.id, title="Partial", opens_on=date(2027, 1, 1), closes_on=date(2027, 1, 15))
    db.session.add(r)
    db.session.flush()
    for i in range(6):
        core = 4 if i < 4 else None
        db.session.add(SurveyAnswer(project_id=p.id, round_id=r.id, answered_on=date(2027, 1, 2), recommend=8,
                                    q1=core, q2=core, q3=core, q4=core, q5=core))
    db.session.commit()
    now = batch.counts_at([p.id], TODAY, k={p.id: 5})[p.id]
    assert now["morale"] is None and now["participation"] == {"responses": 6, "invited": 20}
    (point,) = morale_per_round([p], TODAY)
    assert point.n == 6 and point.morale is None


def test_the_project_home_reads_its_concerns_from_indexes_alone_and_once(app, db, make, login):
    """The home's concern figures (waiting, past the target days, the readiness evidence) come
    from one read of the covering index; "any illustrative?" is one probe of the partial index
    (migration 0014), not a read of every row; and the figures are still the hand-counted ones."""
    from datetime import timedelta

    from fossdash.concerns.models import Concern

    p = make.project("Bury")
    today = date.today()
    _concerns(db, p, [(today - timedelta(days=30), None), (today - timedelta(days=2), None),
                      (today - timedelta(days=40), today - timedelta(days=35))])
    db.session.add(Concern(project_id=p.id, category="job_security", channel="meeting", text="Jobs?",
                           raised_on=today, illustrative=True))
    db.session.execute(update(Concern).where(Concern.answered_on.is_not(None)).values(status="answered"))
    db.session.commit()
    seen, response = _run(db, login("executive"), f"/projects/{p.id}/")
    page = response.text
    reads = [(s, ps) for s, ps in seen if "FROM concern" in s]
    assert len(reads) == 2, [s for s, _ in reads]
    assert "ix_concern_project_raised_answered_status" in _plan(db, *next(r for r in reads if "raised_on" in r[0]))
    assert "ix_concern_project_illustrative" in _plan(db, *next(r for r in reads if "illustrative" in r[0]))
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    # Hand-counted: 3 open (30 days, 2 days, today's); 1 waiting more than 10 days; 1 invented.
    assert "3 concerns and questions waiting for an answer Illustrative figures" in text
    assert "1 concern or question has waited more than 10 days for an answer" in text
