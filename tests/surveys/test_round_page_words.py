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


def test_an_open_rounds_breakdown_waits_for_its_closing(world, login, db):
    """Each release adds k or more answers to the round but may add one to an agency: its figures
    before and after would give that answer away. So while the round is open no agency or group
    figure is shown anywhere (page, export, trend), and once it has closed they are."""
    from io import BytesIO

    from openpyxl import load_workbook

    from sqlalchemy import update

    from fossdash.surveys import service
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    r = world.extra["surveys"]["round"]  # open today
    group = world.project.staff_groups[0]
    _answers(db, SurveyAnswer, world, r, 12, date.today() - timedelta(days=1), staff_group_id=group.id)
    _answers(db, SurveyAnswer, world, r, 5, date.today() - timedelta(days=1))  # with the world's: 6 not given
    pm = login(world.users["programme_manager"])
    url = f"/projects/{world.project.id}/surveys/{r.id}/"
    text = _text(pm.get(url).text)
    assert "The figures for each agency and staff group are shown once the round has closed" in text
    assert service.round_results(world.project, r).groups and all(
        c.n is None for c in service.round_results(world.project, r).groups)
    trend = _text(pm.get(f"/projects/{world.project.id}/surveys/").text)
    assert "A round still open shows its figures for each agency and group once it has closed." in trend
    sheet = load_workbook(BytesIO(pm.get(url + "export.xlsx").data))["Breakdown"]
    counts = [row[2] for row in sheet.iter_rows(values_only=True) if row[0] in ("Agency", "Staff group")]
    assert counts and set(counts) == {"[x]"}
    db.session.execute(update(SurveyRound).where(SurveyRound.id == r.id)
                       .values(closes_on=date.today() - timedelta(days=1)))
    db.session.commit()
    db.session.expire_all()  # as the next request's own session would read it
    text = _text(pm.get(url).text)
    assert "shown once the round has closed" not in text
    assert f"{group.name} 12" in text and "Not given 6" in text


def test_a_round_says_whether_it_is_open_closed_or_not_open_yet(world, login, db):
    from fossdash.surveys.models import SurveyRound

    today = date.today()
    rounds = {
        "Closed": SurveyRound(project_id=world.project.id, title="Spring pulse", opens_on=today - timedelta(days=60),
                              closes_on=today - timedelta(days=30), own_items=[]),
        "Not open yet": SurveyRound(project_id=world.project.id, title="Autumn pulse",
                                    opens_on=today + timedelta(days=3), closes_on=today + timedelta(days=30),
                                    own_items=[]),
    }
    db.session.add_all(rounds.values())
    db.session.commit()
    client = login(world.users["programme_manager"])
    for state, r in {**rounds, "Open": world.extra["surveys"]["round"]}.items():
        text = _text(client.get(f"/projects/{world.project.id}/surveys/{r.id}/").text)
        assert f"Status {state} How staff answer" in text, state
    listing = _text(client.get(f"/projects/{world.project.id}/surveys/").text)
    assert re.search(r"Spring pulse \d+ \w+ \d{4} to \d+ \w+ \d{4} Closed", listing)
    assert re.search(r"Autumn pulse \d+ \w+ \d{4} to \d+ \w+ \d{4} Not open yet", listing)
