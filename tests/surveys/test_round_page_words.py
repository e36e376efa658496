"""What the round page says about held answers and participation (the walkthrough of stop 17)."""
from __future__ import annotations

import re
from datetime import date, timedelta


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _answers(db, model, world, round_, n, on, **values):
    for _ in range(n):
        db.session.add(model(project_id=world.project.id, round_id=round_.id, answered_on=on,
                             **{"q1": 4, "q2": 4, "q3": 4, "q4": 4, "q5": 4, "recommend": 8, **values}))
    db.session.commit()


def test_an_open_rounds_held_answers_are_explained_with_the_rule(world, login, db):
    from fossdash.surveys.models import HeldAnswer

    r = world.extra["surveys"]["round"]  # open today, k = 5
    _answers(db, HeldAnswer, world, r, 3, date.today())
    text = _text(login(world.users["programme_manager"]).get(f"/projects/{world.project.id}/surveys/{r.id}/").text)
    assert "Some answers are held, and the figures below leave them out." in text
    assert "released only once at least 10 are waiting, and the latest 5 always wait for the round to close" in text


def test_late_answers_held_in_a_closed_round_are_counted_and_explained(world, login, db):
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer, SurveyRound

    closed = SurveyRound(project_id=world.project.id, title="Winter pulse", opens_on=date(2026, 1, 5),
                         closes_on=date(2026, 1, 30), own_items=[])
    db.session.add(closed)
    db.session.commit()
    _answers(db, SurveyAnswer, world, closed, 6, date(2026, 1, 20))
    _answers(db, HeldAnswer, world, closed, 2, date(2026, 1, 29))  # imported after the results showed
    text = _text(login(world.users["programme_manager"]).get(f"/projects/{world.project.id}/surveys/{closed.id}/").text)
    assert ("2 answers that came after this round’s results were shown are held, and the figures below leave "
            "them out. They are released once at least 5 have come") in text
    assert "Some answers are held" not in text


def test_participation_over_the_headcount_says_to_check_the_headcounts(world, login, db):
    from fossdash.surveys.models import SurveyAnswer

    r = world.extra["surveys"]["round"]
    headcount = sum(g.headcount or 0 for g in world.project.staff_groups)
    assert headcount
    _answers(db, SurveyAnswer, world, r, headcount + 5, date.today() - timedelta(days=1))
    text = _text(login(world.users["programme_manager"]).get(f"/projects/{world.project.id}/surveys/{r.id}/").text)
    assert "more answers than the staff groups’ headcounts, so check the headcounts on the Staff groups page" in text
