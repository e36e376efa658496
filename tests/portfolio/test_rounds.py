"""A survey round's answers added up are kept once final (closed before the day counted, nothing
held back), and the kept figures are the ones counting gives."""
from datetime import date

from sqlalchemy import select

TODAY = date(2027, 2, 1)


def _round(db, project, closes_on, answers, held=0):
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer, SurveyRound

    r = SurveyRound(project_id=project.id, title="Pulse", opens_on=date(2027, 1, 1), closes_on=closes_on)
    db.session.add(r)
    db.session.flush()
    for score in answers:
        db.session.add(SurveyAnswer(project_id=project.id, round_id=r.id, answered_on=date(2027, 1, 2),
                                    q1=score, q2=score, q3=score, q4=score, q5=None))
    for _ in range(held):
        db.session.add(HeldAnswer(project_id=project.id, round_id=r.id, answered_on=date(2027, 1, 2), q1=1))
    db.session.commit()
    return r


def _kept(db):
    from fossdash.portfolio.models import PortfolioRoundTotal

    return {t.round_id: (t.answers, t.core_sum, t.core_n) for t in db.session.scalars(select(PortfolioRoundTotal))}


def test_final_rounds_are_kept_and_others_counted_afresh(app, db, make):
    from fossdash.portfolio import rounds

    p = make.project()
    closed = _round(db, p, date(2027, 1, 14), [4, 2, 5])  # 3 answers, 4 core answers each
    still_held = _round(db, p, date(2027, 1, 20), [3], held=2)
    still_open = _round(db, p, date(2027, 2, 1), [1, 1])
    empty = _round(db, p, date(2027, 1, 10), [])
    args = [(r.id, p.id, r.closes_on) for r in (closed, still_held, still_open, empty)]
    first = rounds.totals(db.session, args, today=TODAY)
    assert first == {closed.id: (3, 44, 12), still_held.id: (1, 12, 4), still_open.id: (2, 8, 8), empty.id: (0, 0, 0)}
    assert _kept(db) == {closed.id: (3, 44, 12), empty.id: (0, 0, 0)}
    assert rounds.totals(db.session, args, today=TODAY) == first  # from what is kept: the same
    # The round is extended: what was kept for the old closing date is not used.
    closed.closes_on = date(2027, 2, 10)
    db.session.commit()
    from fossdash.surveys.models import SurveyAnswer

    db.session.add(SurveyAnswer(project_id=p.id, round_id=closed.id, answered_on=date(2027, 1, 30), q1=5))
    db.session.commit()
    again = rounds.totals(db.session, [(closed.id, p.id, closed.closes_on)], today=TODAY)
    assert again == {closed.id: (4, 49, 13)}
