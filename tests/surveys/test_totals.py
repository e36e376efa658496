"""A closed round's answers added up per cell are kept once final (surveys/totals.py), and are the
same figures as counting the answers afresh; a release into the round drops them."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select


def _kept(db, round_id):
    from fossdash.surveys.models import RoundCells

    return db.session.get(RoundCells, round_id)


def test_kept_cells_are_the_counted_figures_and_are_used_once_final(app, db):
    from fossdash.metrics import surveys as m
    from fossdash.surveys import totals
    from fossdash.surveys.bench import seed
    from fossdash.surveys.models import SurveyRound

    pid = seed(1, 3, 300, random.Random(3))[0]
    rounds = list(db.session.execute(select(SurveyRound.id, SurveyRound.closes_on)
                                     .where(SurveyRound.project_id == pid)))
    fresh = m.cell_stats([rid for rid, _ in rounds])
    assert totals.cell_stats(rounds) == fresh
    assert all(_kept(db, rid) is not None for rid, _ in rounds)  # every round closed before today
    db.session.expire_all()
    assert totals.cell_stats(rounds) == fresh  # now read from the kept cells
    # A round extended to another closing date is counted afresh, not read from the old count.
    rid, closes = rounds[0]
    assert totals.cell_stats([(rid, closes + timedelta(days=1))], today=closes + timedelta(days=2)) == {rid: fresh[rid]}


def test_an_open_round_and_a_round_with_held_answers_are_not_kept(app, db, world):
    from fossdash.surveys import service, totals

    r = world.extra["surveys"]["round"]  # open today
    assert r.closes_on >= date.today()
    totals.cell_stats([(r.id, r.closes_on)])
    assert _kept(db, r.id) is None
    service.submit(world.project, r, {"q1": 4, "q2": 4, "q3": 4, "q4": 4, "q5": 4, "recommend": 9})
    r.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    totals.cell_stats([(r.id, r.closes_on)])
    assert _kept(db, r.id) is None  # an answer still held: not final


def test_a_release_into_a_kept_round_drops_its_cells_and_the_page_shows_the_new_answers(app, db, world, login):
    from fossdash.surveys import release, service, totals
    from fossdash.surveys.models import HeldAnswer

    r = world.extra["surveys"]["round"]
    project = world.project
    for _ in range(project.anonymity_k):
        service.submit(project, r, {"q1": 5, "q2": 5, "q3": 5, "q4": 5, "q5": 5, "recommend": 10})
    db.session.commit()
    release.release_held_answers(r.closes_on + timedelta(days=1))  # as the round's closing does
    db.session.commit()
    r.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    before = totals.cell_stats([(r.id, r.closes_on)])[r.id]
    assert _kept(db, r.id) is not None
    # k answers that were held when the round closed (put straight into the holding table, as the
    # daily release finds them), then released: the kept cells go, and the page counts them.
    for _ in range(project.anonymity_k):
        db.session.add(HeldAnswer(project_id=project.id, round_id=r.id, q1=1, q2=1, q3=1, q4=1, q5=1,
                                  recommend=0, answered_on=r.closes_on))
    db.session.commit()
    assert release.release_held_answers() == project.anonymity_k
    db.session.commit()
    assert _kept(db, r.id) is None
    after = totals.cell_stats([(r.id, r.closes_on)])[r.id]
    assert sum(s.n for s in after.values()) == sum(s.n for s in before.values()) + project.anonymity_k
    page = login("admin").get(f"/projects/{project.id}/surveys/").text
    n = sum(s.n for s in after.values())
    assert f">{n}<" in page.replace(" ", "")


def test_cells_are_not_kept_from_a_session_with_changes_of_its_own(app, db, world):
    """Keeping commits: with the caller's own change still unwritten, the cells are counted but not
    kept, so that change is never committed behind its back."""
    from fossdash.surveys import totals

    r = world.extra["surveys"]["round"]
    r.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    world.project.summary = "Being edited"  # a change the caller has not committed
    totals.cell_stats([(r.id, r.closes_on)])
    assert _kept(db, r.id) is None
    db.session.rollback()
    assert world.project.summary != "Being edited"  # nothing committed it
    totals.cell_stats([(r.id, r.closes_on)])
    assert _kept(db, r.id) is not None
