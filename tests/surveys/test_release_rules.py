"""When held survey answers are released (found by the security probe of 2026-12-04, and the
round's last batch by the review of stop 16): never on the day they came; while the round is open
only batches of at least k that leave k held for its closing, so the last release adds k or more
too; after a shown round closed, late answers wait for k; and a round with answers cannot be
closed in the past or reopened. So nobody can read fewer than k answers by comparing the results
before and after a release."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

FIVE = {"q1": 4, "q2": 3, "q3": 2, "q4": 5, "q5": 4, "recommend": 9}


def _held(db) -> int:
    from fossdash.surveys.models import HeldAnswer

    return db.session.scalar(select(func.count()).select_from(HeldAnswer))


def _submit(world, n: int, on: date | None = None, **values):
    from fossdash.extensions import db
    from fossdash.surveys import service
    from fossdash.surveys.models import HeldAnswer

    r = world.extra["surveys"]["round"]
    made = [service.submit(world.project, r, {**FIVE, **values}) for _ in range(n)]
    if on is not None:
        for h in made:
            h.answered_on = on
    db.session.commit()
    return [h.id for h in made if isinstance(h, HeldAnswer)]


def test_todays_answers_stay_held_even_when_the_round_has_closed(db, world):
    from fossdash.surveys.release import release_held_answers

    r = world.extra["surveys"]["round"]
    _submit(world, 6)
    r.closes_on = date.today() - timedelta(days=1)  # as if the round's dates were moved back
    db.session.commit()
    assert release_held_answers() == 0
    assert _held(db) == 6
    assert release_held_answers(date.today() + timedelta(days=1)) == 6  # tomorrow: all of them


def test_an_open_round_releases_only_batches_of_at_least_k_and_keeps_k_for_its_closing(db, world):
    from fossdash.surveys.release import release_held_answers

    assert world.project.anonymity_k == 5
    yesterday, tomorrow = date.today() - timedelta(days=1), date.today() + timedelta(days=1)
    _submit(world, 1, on=yesterday)
    assert release_held_answers() == 0  # one answer on its own would be readable by difference
    _submit(world, 3)
    assert release_held_answers(tomorrow) == 0  # 4 due: fewer than k
    _submit(world, 5)
    assert release_held_answers(tomorrow) == 0  # 9 due: a batch of k would leave fewer than k for the closing
    _submit(world, 3)
    assert release_held_answers(tomorrow) == 7  # 12 due: all but k
    assert _held(db) == 5
    assert release_held_answers(tomorrow) == 0  # the k kept stay held while the round is open


def test_the_newest_answers_are_the_ones_kept_for_the_closing(db, world):
    from fossdash.surveys.models import HeldAnswer
    from fossdash.surveys.release import release_held_answers

    old = _submit(world, 6, on=date.today() - timedelta(days=3))
    new = _submit(world, 5, on=date.today() - timedelta(days=1))
    assert release_held_answers() == 6
    assert set(db.session.scalars(select(HeldAnswer.id))) == set(new) and not set(old) & set(new)


def test_every_release_of_a_round_adds_at_least_k_answers_the_last_one_too(db, world):
    """The results after each release, less the results before it, never cover fewer than k
    answers: however few come in the round's last days, its closing releases at least the k kept."""
    from fossdash.surveys.release import release_held_answers

    r = world.extra["surveys"]["round"]
    k = world.project.anonymity_k
    released = [1]  # the world's answer, released before the round had k
    day = date.today() - timedelta(days=3)
    for arrivals in (4, 7, 1, 2):  # a busy start, then a trickle
        _submit(world, arrivals, on=day)
        day += timedelta(days=1)
        n = release_held_answers(day)
        if n:
            released.append(n)
    closing = release_held_answers(r.closes_on + timedelta(days=1))
    assert closing >= k and _held(db) == 0
    released.append(closing)
    assert sum(released) == 1 + 4 + 7 + 1 + 2
    assert all(n >= k for n in released[1:])


def test_answers_imported_after_a_shown_round_closed_wait_for_k(db, make):
    """A round closed with its results shown: a few answers imported later would be readable by
    the difference, so fewer than k wait; k or more are released."""
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer, SurveyRound
    from fossdash.surveys.release import release_held_answers

    project = make.project(anonymity_k=3)
    round_ = SurveyRound(project_id=project.id, title="Pulse", opens_on=date(2020, 1, 1), closes_on=date(2020, 1, 31))
    db.session.add(round_)
    db.session.flush()

    def add(model, n, on):
        for _ in range(n):
            db.session.add(model(project_id=project.id, round_id=round_.id, answered_on=on,
                                 q1=3, q2=3, q3=3, q4=3, q5=3, recommend=7))
        db.session.commit()

    add(SurveyAnswer, 4, date(2020, 1, 10))
    add(HeldAnswer, 2, date(2020, 3, 1))
    assert release_held_answers(date(2020, 3, 2), project.id) == 0
    add(HeldAnswer, 1, date(2020, 3, 5))
    assert release_held_answers(date(2020, 3, 6), project.id) == 3


def test_a_closed_round_whose_results_were_never_shown_releases_everything(db, make):
    from fossdash.surveys.models import HeldAnswer, SurveyRound
    from fossdash.surveys.release import release_held_answers

    project = make.project(anonymity_k=3)
    round_ = SurveyRound(project_id=project.id, title="Pulse", opens_on=date(2020, 1, 1), closes_on=date(2020, 1, 31))
    db.session.add(round_)
    db.session.flush()
    for _ in range(2):
        db.session.add(HeldAnswer(project_id=project.id, round_id=round_.id, answered_on=date(2020, 1, 30),
                                  q1=3, q2=3, q3=3, q4=3, q5=3, recommend=7))
    db.session.commit()
    assert release_held_answers(date(2020, 2, 1), project.id) == 2  # under k in all: the pages hide it


@pytest.mark.parametrize("due, k, closed, released, expected", [
    (9, 5, False, 0, 0), (10, 5, False, 0, 5), (12, 5, False, 30, 7),
    (2, 5, True, 0, 2), (4, 5, True, 4, 4), (4, 5, True, 5, 0), (5, 5, True, 5, 5), (7, 5, True, 12, 7),
])
def test_releasable_at_every_boundary(due, k, closed, released, expected):
    from fossdash.surveys.release import releasable

    assert releasable(due, k, closed, released) == expected


def test_the_last_batch_under_k_is_released_when_the_round_closes(db, world):
    from fossdash.surveys.release import release_held_answers

    r = world.extra["surveys"]["round"]
    _submit(world, 2, on=r.closes_on)
    assert release_held_answers(r.closes_on) == 0
    assert release_held_answers(r.closes_on + timedelta(days=1)) == 2


def _round_form(r, closes: date) -> dict:
    return {"version": str(r.version), "title": r.title,
            "opens_on": [str(r.opens_on.day), str(r.opens_on.month), str(r.opens_on.year)],
            "closes_on": [str(closes.day), str(closes.month), str(closes.year)]}


def test_a_round_with_answers_cannot_be_closed_in_the_past(db, world, login):
    r = world.extra["surveys"]["round"]
    pm = login(world.users["programme_manager"])
    edit = f"/projects/{world.project.id}/surveys/{r.id}/edit"
    resp = pm.post(edit, data=_round_form(r, date.today() - timedelta(days=1)))
    assert resp.status_code == 200
    assert "Closes must be today or later: this round has answers" in resp.get_data(as_text=True)
    db.session.refresh(r)
    assert r.closes_on == date.today() + timedelta(days=10)
    # Today or later is fine.
    assert pm.post(edit, data=_round_form(r, date.today())).status_code == 302


def test_a_closed_round_with_answers_cannot_be_reopened(db, world, login):
    r = world.extra["surveys"]["round"]
    r.closes_on = date.today() - timedelta(days=2)
    db.session.commit()
    pm = login(world.users["programme_manager"])
    resp = pm.post(f"/projects/{world.project.id}/surveys/{r.id}/edit",
                   data=_round_form(r, date.today() + timedelta(days=5)))
    assert "This round has closed and has answers, so its closing date cannot change" in resp.get_data(as_text=True)
    db.session.refresh(r)
    assert r.closes_on == date.today() - timedelta(days=2)


def test_a_closed_round_with_answers_can_still_be_renamed(db, world, login):
    """Its closing date kept as it is, a closed round with answers takes a new title (it was refused
    as "closes must be today or later", found trying the edit page as its manager)."""
    r = world.extra["surveys"]["round"]
    closed = date.today() - timedelta(days=2)
    r.closes_on = closed
    db.session.commit()
    pm = login(world.users["programme_manager"])
    resp = pm.post(f"/projects/{world.project.id}/surveys/{r.id}/edit", data={**_round_form(r, closed),
                                                                              "title": "Spring pulse (final)"})
    assert resp.status_code == 302
    db.session.refresh(r)
    assert (r.title, r.closes_on) == ("Spring pulse (final)", closed)


def test_two_answers_with_one_code_at_the_same_moment_spend_it_once(db, world, monkeypatch):
    """Both requests pass the check before either spends the code (as two at once would): the
    conditional write lets only the first through."""
    import pytest

    from fossdash.surveys import service

    r = world.extra["surveys"]["round"]
    r.uses_codes = True
    code = service.make_codes(r, 1)[0]
    db.session.commit()
    monkeypatch.setattr(service, "check_code", lambda round_, code: None)
    service.submit(world.project, r, FIVE, code=code)
    with pytest.raises(ValueError, match="already been used"):
        service.submit(world.project, r, FIVE, code=code)


def test_a_released_answer_drops_its_closed_rounds_kept_total(db, make):
    """The portfolio keeps a closed round's totals once final; an answer released into the round
    later (an imported answer, held and released the next day) makes it count afresh."""
    from fossdash.portfolio import rounds
    from fossdash.portfolio.models import PortfolioRoundTotal
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer, SurveyRound
    from fossdash.surveys.release import release_held

    closed = date(2020, 1, 31)
    project = make.project(anonymity_k=3)
    round_ = SurveyRound(project_id=project.id, title="Pulse", opens_on=date(2020, 1, 1), closes_on=closed)
    db.session.add(round_)
    db.session.flush()
    for score in (5, 5, 4):
        db.session.add(SurveyAnswer(project_id=project.id, round_id=round_.id, answered_on=date(2020, 1, 2),
                                    q1=score, q2=score, q3=score, q4=score, q5=score, recommend=9))
    db.session.commit()
    args = [(round_.id, project.id, closed)]
    first = rounds.totals(db.session, args, today=date(2020, 3, 1))[round_.id]
    assert first[0] == 3 and db.session.get(PortfolioRoundTotal, round_.id) is not None
    for _ in range(3):  # k answers imported after the closing
        db.session.add(HeldAnswer(project_id=project.id, round_id=round_.id, answered_on=date(2020, 3, 1),
                                  q1=1, q2=1, q3=1, q4=1, q5=1, recommend=0))
    db.session.commit()
    assert release_held(on=date(2020, 3, 2), project_id=project.id)[0] == 3
    assert db.session.scalar(select(PortfolioRoundTotal).where(PortfolioRoundTotal.round_id == round_.id)) is None
    assert rounds.totals(db.session, args, today=date(2020, 3, 3))[round_.id][0] == 6


def test_a_release_that_loses_a_race_undoes_only_itself(db, make, monkeypatch):
    """Two releases at once: the second finds some of its held answers already claimed. In an
    import's transaction only the release is undone (the imported answers stay, held, for the
    next release); from a page, the release is rolled back and reports nothing."""
    from fossdash.surveys import release
    from fossdash.surveys.importer import release_due
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer, SurveyRound

    project = make.project(anonymity_k=3)
    round_ = SurveyRound(project_id=project.id, title="Pulse", opens_on=date(2020, 1, 1), closes_on=date(2020, 1, 31))
    db.session.add(round_)
    db.session.flush()
    real_claim = release._claim
    monkeypatch.setattr(release, "_claim", lambda *args: real_claim(*args) - 1)  # one already gone
    for _ in range(4):  # as an import adds them, in its own transaction
        db.session.add(HeldAnswer(project_id=project.id, round_id=round_.id, answered_on=date(2020, 1, 20),
                                  q1=3, q2=3, q3=3, q4=3, q5=3, recommend=7))
    db.session.flush()
    assert release_due(project) == 0
    db.session.commit()
    assert len(db.session.scalars(select(HeldAnswer).filter_by(round_id=round_.id)).all()) == 4
    assert db.session.scalars(select(SurveyAnswer).filter_by(round_id=round_.id)).all() == []
    assert release.release_held(project_id=project.id) == (0, 0)
    assert len(db.session.scalars(select(HeldAnswer).filter_by(round_id=round_.id)).all()) == 4
    monkeypatch.setattr(release, "_claim", real_claim)
    assert release.release_held(project_id=project.id) == (4, 0)


def test_the_answers_kept_for_the_closing_are_released_once_it_has_closed_whatever_their_agencies(db, make):
    """The newest k, kept back while the round was open, go with the first release after it closes,
    spread over agencies as they are: they came while it was open, before any breakdown was shown."""
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer, SurveyRound
    from fossdash.surveys.release import release_held_answers

    project = make.project(anonymity_k=3)
    round_ = SurveyRound(project_id=project.id, title="Pulse", opens_on=date(2020, 1, 1), closes_on=date(2020, 1, 31))
    db.session.add(round_)
    db.session.flush()
    for i in range(9):  # three agencies, three answers each, one a day
        db.session.add(HeldAnswer(project_id=project.id, round_id=round_.id, answered_on=date(2020, 1, 10 + i),
                                  agency_id=1 + i % 3, q1=3, q2=3, q3=3, q4=3, q5=3, recommend=7))
    db.session.commit()
    assert release_held_answers(date(2020, 1, 25), project.id) == 6  # open: all but the newest k
    assert release_held_answers(date(2020, 2, 1), project.id) == 3  # closed: the rest
    assert db.session.scalar(select(func.count()).select_from(HeldAnswer).filter_by(round_id=round_.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer).filter_by(round_id=round_.id)) == 9


def test_the_excel_export_releases_what_is_due_first_as_the_page_does(app, world, db):
    """The day after a round closed, its newest k answers are still held until something releases
    them. Downloading the results first must not give the breakdown without them, for the page (which
    releases) would then show one agency moved by one answer (found by review): the export releases
    first, so both show the same."""
    import io

    from openpyxl import load_workbook

    from fossdash.surveys.models import HeldAnswer, SurveyAnswer, SurveyRound
    from tests.conftest import signed_in_client

    pm = signed_in_client(app, world.users["programme_manager"])
    pid, k = world.project.id, world.project.anonymity_k
    council, police = world.ids["agency_id"], world.extra["projects"]["police"].id
    today = date.today()
    r = SurveyRound(project_id=pid, title="Review pulse", opens_on=today - timedelta(days=20),
                    closes_on=today - timedelta(days=1))
    db.session.add(r)
    db.session.flush()
    for i in range(2 * k):  # released while open
        db.session.add(SurveyAnswer(project_id=pid, round_id=r.id, answered_on=today - timedelta(days=15),
                                    agency_id=council if i < k else police, **FIVE))
    for i in range(k):  # the newest k, kept for the closing: one of them a police officer's
        db.session.add(HeldAnswer(project_id=pid, round_id=r.id, answered_on=today - timedelta(days=2),
                                  agency_id=police if i == 0 else council, **{**FIVE, "q1": 1}))
    db.session.commit()

    def police_row(data: bytes):
        wb = load_workbook(io.BytesIO(data))
        return next(row[2:] for row in wb["Breakdown"].iter_rows(values_only=True) if row and row[1] == "Alpha Police")

    first = police_row(pm.get(f"/projects/{pid}/surveys/{r.id}/export.xlsx").data)
    assert _held(db) == 0
    pm.get(f"/projects/{pid}/surveys/{r.id}/")
    assert police_row(pm.get(f"/projects/{pid}/surveys/{r.id}/export.xlsx").data) == first and first[0] == k + 1


def test_the_oldest_days_go_first_and_of_the_last_day_taken_some_at_random():
    """release.oldest, as the release and the import's release on arrival both choose: none, all,
    and five of eight (days 1, 2 and 3 with 2, 4 and 2 answers): both of day 1 and three of day 2's
    four, not always the same three (nor the first three to come)."""
    from fossdash.surveys.release import oldest

    items = [(0, 3), (1, 1), (2, 2), (3, 2), (4, 1), (5, 2), (6, 3), (7, 2)]  # (which, day)
    day = lambda item: item[1]  # noqa: E731
    assert oldest(items, 0, day) == [] and sorted(oldest(items, 8, day)) == items
    chosen = set()
    for _ in range(60):
        five = oldest(items, 5, day)
        assert sorted(map(day, five)) == [1, 1, 2, 2, 2]
        chosen.add(frozenset(which for which, d in five if d == 2))
    assert len(chosen) > 1


def test_the_second_of_two_edits_of_a_round_sees_only_what_people_typed(db, world, login):
    """Two managers save the same round from the same version: the second gets the conflict page,
    both titles side by side, and no row for the form's one-time token (it showed as 'Once')."""
    r = world.extra["surveys"]["round"]
    url = f"/projects/{world.project.id}/surveys/{r.id}/edit"
    first, second = login(world.users["programme_manager"]), login("admin")
    form = _round_form(r, r.closes_on)
    assert first.post(url, data={**form, "title": "Spring pulse, first", "once": "a" * 22}).status_code == 302
    clash = second.post(url, data={**form, "title": "Spring pulse, second", "once": "b" * 22})
    page = clash.get_data(as_text=True)
    assert clash.status_code == 409 and "Spring pulse, first" in page and "Spring pulse, second" in page
    assert "Once" not in re.sub(r"<[^>]+>", " ", page)  # (the token's hidden input stays, unshown)
