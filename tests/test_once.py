"""A form sent twice creates its record once, without JavaScript too (fossdash/once.py): the
second sending creates nothing and goes where the first went, saying so; a refused form does not
use up its token; the staff link's anonymous forms store nothing."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, select


def _token(page: str) -> str:
    found = re.search(r'name="once" type="hidden" value="([^"]+)"', page) or re.search(
        r'type="hidden" name="once" value="([^"]+)"', page) or re.search(r'name="once"[^>]*value="([^"]+)"', page)
    assert found, "the form carries no one-time token"
    return found.group(1)


def _action(title="Newsletter", due=None, **kw):
    due = due or date.today() + timedelta(days=30)
    data = {"title": title, "technique": "newsletter", "audience": "all_staff", "owner": "Comms lead",
            "due_on": [str(due.day), str(due.month), str(due.year)], "done_on": ["", "", ""],
            "people_reached": "", "feedback": "", "agency_id": "", "staff_group_id": ""}
    data.update(kw)
    return data


def _count(db, title):
    from fossdash.comms.models import CommsAction

    return db.session.scalar(select(func.count()).select_from(CommsAction).filter_by(title=title))


def test_a_form_sent_twice_creates_its_record_once_and_the_second_goes_where_the_first_went(world, login, db):
    pm = login(world.users["programme_manager"])
    url = f"/projects/{world.project.id}/communication/new"
    token = _token(pm.get(url).text)
    first = pm.post(url, data={**_action("Double-clicked briefing"), "once": token})
    assert first.status_code == 302
    second = pm.post(url, data={**_action("Double-clicked briefing"), "once": token})
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    assert _count(db, "Double-clicked briefing") == 1
    assert "This form was sent twice. It was saved once." in pm.get(second.headers["Location"]).text
    # The page drawn again gives a new token: a second, deliberate action is saved.
    again = pm.post(url, data={**_action("Double-clicked briefing"), "once": _token(pm.get(url).text)})
    assert again.status_code == 302 and _count(db, "Double-clicked briefing") == 2


def test_a_refused_form_keeps_its_token_for_the_corrected_one(world, login, db):
    pm = login(world.users["programme_manager"])
    url = f"/projects/{world.project.id}/communication/new"
    token = _token(pm.get(url).text)
    refused = pm.post(url, data={**_action("Fixed later", owner=""), "once": token})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.text
    assert _token(refused.text) == token  # the page with its errors carries the same token
    fixed = pm.post(url, data={**_action("Fixed later"), "once": token})
    assert fixed.status_code == 302 and _count(db, "Fixed later") == 1


def test_the_second_of_two_at_once_creates_nothing(world, login, db):
    """The first request's transaction has stored the token (committed just before the second
    stores it): the second creates nothing and, not knowing yet where the first went, says so."""
    from fossdash.once import SubmittedForm

    pm = login(world.users["programme_manager"])
    url = f"/projects/{world.project.id}/communication/new"
    token = _token(pm.get(url).text)
    db.session.add(SubmittedForm(token=token, on=date.today()))
    db.session.commit()
    resp = pm.post(url, data={**_action("Raced"), "once": token})
    assert resp.status_code == 409 and "This form was sent twice" in resp.text
    assert _count(db, "Raced") == 0


def test_only_creating_stores_a_token_and_old_ones_are_forgotten(world, login, db):
    from fossdash.once import KEEP_DAYS, SubmittedForm

    pm = login(world.users["programme_manager"])
    db.session.add(SubmittedForm(token="x" * 22, on=date.today() - timedelta(days=KEEP_DAYS + 1)))
    db.session.commit()
    url = f"/projects/{world.project.id}/communication/new"
    assert pm.post(url, data={**_action("Kept"), "once": _token(pm.get(url).text)}).status_code == 302
    tokens = db.session.scalars(select(SubmittedForm)).all()
    assert len(tokens) == 1 and tokens[0].location and tokens[0].on == date.today()


def test_the_staff_link_stores_no_token_even_for_someone_signed_in(world, login, db):
    """A staff-link concern is anonymous whoever sends it: no token, nothing that places it in time."""
    from fossdash.concerns.models import HeldConcern
    from fossdash.once import SubmittedForm

    pm = login(world.users["programme_manager"])
    resp = pm.post(f"/s/{world.ids['token']}/raise", data={
        "kind": "concern", "category": "job_security", "text": "Will we keep our jobs?", "agency_id": "",
        "staff_group_id": "", "once": "y" * 22})
    assert resp.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(HeldConcern)) == 1
    assert db.session.scalar(select(func.count()).select_from(SubmittedForm)) == 0


def test_what_a_request_stored_is_that_requests_not_its_app_contexts(app, world):
    """Two requests under one app context (a CLI, a harness): the first's stored token does not
    stop the second from storing its own (it would, were it kept in `g`)."""
    from flask_login import login_user

    from fossdash import once

    with app.app_context():
        for token in ("a" * 22, "b" * 22):
            with app.test_request_context("/x", method="POST", data={"once": token}):
                login_user(world.users["programme_manager"])
                assert once._token() == token
                once._record(token)
