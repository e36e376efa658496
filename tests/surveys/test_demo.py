"""The demo rounds tell the case studies' stories: Bury St Edmunds steps up after its opening,
Braintree falls during Better Working Together and recovers, Essex Police stays suppressed, Kent
uses answer codes."""
from __future__ import annotations

from sqlalchemy import func, select


def _load(db):
    from fossdash.demo import projects, surveys

    ctx: dict = {}
    projects.load(ctx)
    surveys.load(ctx)
    db.session.commit()
    return ctx["projects"]


def _trend(name, projects):
    from fossdash.surveys import service

    return service.trend(next(p for n, p in projects.items() if name in n))


def test_the_demo_rounds_tell_the_case_studies(app, db):
    from fossdash.metrics.milestones import milestones
    from fossdash.surveys.models import AnswerCode, SurveyAnswer, SurveyRound

    projects = _load(db)
    bury = _trend("Bury St Edmunds", projects)
    opening = next(m for m in milestones(bury[0].round.project_id)
               if m.kind == "Building opens" and m.on < bury[-1].round.opens_on)
    before = [p.stats.morale for p in bury if p.round.closes_on < opening.on]
    after = [p.stats.morale for p in bury if p.round.opens_on > opening.on]
    assert len(before) >= 3 and len(after) >= 2
    assert min(after) - max(before) >= 10  # the step change

    braintree = [p.stats.morale for p in _trend("Braintree", projects)]
    low = braintree.index(min(braintree))
    assert 0 < low < len(braintree) - 1
    assert braintree[0] - braintree[low] >= 15 and braintree[-1] - braintree[low] >= 15
    for p in _trend("Braintree", projects):
        assert p.stats.shown
        police = next(c for c in p.stats.agencies if c.label == "Essex Police")
        assert police.hidden and police.morale is None  # two staff: never shown
        assert sum(c.hidden for c in p.stats.agencies) >= 2  # and not subtractable

    kent = _trend("Kent Gateway", projects)
    assert all(p.round.uses_codes for p in kent)
    for p in kent:
        spent = db.session.scalar(select(func.count()).select_from(AnswerCode)
                                  .where(AnswerCode.round_id == p.round.id, AnswerCode.spent.is_(True)))
        assert spent == p.stats.n
    assert all(r.illustrative for r in db.session.scalars(select(SurveyRound)))
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)
                             .where(SurveyAnswer.illustrative.is_(False))) == 0
    n = db.session.scalar(select(func.count()).select_from(SurveyAnswer))
    _load(db)  # idempotent
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == n
