"""A survey round in Alpha, open today, with one released answer carrying a comment."""
from __future__ import annotations

from datetime import date, timedelta


def build(world, make) -> None:
    from fossdash.extensions import db
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    today = date.today()
    r = SurveyRound(project_id=world.project.id, title="Spring pulse", opens_on=today - timedelta(days=3),
                    closes_on=today + timedelta(days=10), own_items=[])
    db.session.add(r)
    db.session.flush()
    a = SurveyAnswer(project_id=world.project.id, round_id=r.id, q1=4, q2=3, q3=2, q4=4, q5=5, recommend=8,
                     comment="The canteen is great.", answered_on=today)
    db.session.add(a)
    db.session.commit()
    world.ids.update(round_id=r.id, answer_id=a.id)
    world.extra["surveys"] = {"round": r, "answer": a}
