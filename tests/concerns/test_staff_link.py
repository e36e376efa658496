"""The anonymous staff link: it stores only what it says, forgets who and when, and can be replaced."""
from __future__ import annotations

import logging
from datetime import datetime

import pytest
from sqlalchemy import select

UA = "Mozilla/5.0 (X11; Linux x86_64) FossdashDistinctiveAgent/7.7"
IP = "203.0.113.77"


def _raise(client, token, **overrides):
    data = {"kind": "concern", "category": "job_security", "text": "They're after our jobs.",
            "agency_id": "", "staff_group_id": ""}
    data.update(overrides)
    return client.post(f"/s/{token}/raise", data=data, headers={"User-Agent": UA},
                       environ_base={"REMOTE_ADDR": IP})


def _release(db):
    """The next day's release: held link concerns go into the register."""
    from datetime import date, timedelta

    from fossdash.surveys.release import release_held

    release_held(date.today() + timedelta(days=1))


def _newest(db):
    from fossdash.concerns.models import Concern

    _release(db)
    return db.session.scalars(select(Concern).order_by(Concern.id.desc())).first()


def _everything_stored(db) -> str:
    """Every value in every table, as one string (SQLite and PostgreSQL alike)."""
    out = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).all():
            out.append(repr(tuple(row)))
    return "\n".join(out)


def test_the_link_stores_only_what_the_page_says(app, db, world, make, client, caplog):
    from fossdash.audit import AuditEvent

    caplog.set_level(logging.DEBUG)
    agency = make.agency("Northumbria Police Authority", "police_authority")
    make.partnership(world.project, agency)
    group = make.staff_group(world.project, agency, name="Police call handlers")
    before = datetime.utcnow()

    resp = _raise(client, world.ids["token"], kind="question", category="pay_grading",
                  text="Will we be paid the same as the county staff?", agency_id=str(agency.id),
                  staff_group_id=str(group.id))

    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/s/{world.ids['token']}/sent?kind=question")
    db.session.expire_all()
    c = _newest(db)
    assert (c.project_id, c.kind, c.category, c.text) == (
        world.project.id, "question", "pay_grading", "Will we be paid the same as the county staff?")
    assert (c.agency_id, c.staff_group_id, c.channel) == (agency.id, group.id, "staff_link")
    assert c.raised_by is None and c.answered_by_id is None and c.severity is None and c.status == "open"
    assert c.raised_on == before.date()
    midnight = datetime(before.year, before.month, before.day)
    assert c.created_at == midnight and c.updated_at == midnight  # no time of day

    # No audit row per concern (its time would place it): the release logs a count instead.
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "concern", AuditEvent.entity_id == str(c.id))).all()
    assert events == []
    release = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "release")).one()
    assert release.note == "1 concern from the staff link released to the register" and release.entity_id is None

    stored = _everything_stored(db)
    for secret in (IP, UA, "FossdashDistinctiveAgent", "127.0.0.1"):
        assert secret not in stored
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (IP, UA, "FossdashDistinctiveAgent", "127.0.0.1", world.ids["token"]):
        assert secret not in logged


def test_a_signed_in_user_opening_the_link_is_still_anonymous(app, db, world, login):
    from fossdash.audit import AuditEvent

    pm = login(world.users["programme_manager"])
    resp = _raise(pm, world.ids["token"], text="Sent while signed in by mistake.")
    assert resp.status_code == 302
    db.session.expire_all()
    c = _newest(db)
    assert c.text == "Sent while signed in by mistake." and c.raised_by is None
    events = db.session.scalars(select(AuditEvent)).all()
    assert all(world.users["programme_manager"].email not in repr(e.changes) + e.note + e.actor
               for e in events if e.entity in ("concern", "concern_held"))


def test_the_staff_pages_never_load_or_touch_a_signed_in_account(app, db, world, login):
    """Opening the anonymous pages while signed in must leave no trace on the account: its session
    row is not even read, so its last-seen time cannot record when someone used the link."""
    from datetime import timedelta

    from fossdash.auth.models import UserSession

    pm = login(world.users["programme_manager"])
    with pm.session_transaction() as cookie:
        sid = cookie["sid"]
    row = db.session.get(UserSession, sid)
    earlier = row.last_seen_at - timedelta(minutes=10)
    row.last_seen_at = earlier
    db.session.commit()
    token = world.ids["token"]
    assert pm.get(f"/s/{token}/").status_code == 200
    assert pm.get(f"/s/{token}/raise").status_code == 200
    assert _raise(pm, token, text="Sent while signed in.").status_code == 302
    assert pm.get(f"/s/{token}/sent").status_code == 200
    assert pm.get("/s/not-a-real-token-at-all/").status_code == 404
    db.session.expire_all()
    row = db.session.get(UserSession, sid)
    assert row.last_seen_at == earlier and row.revoked_at is None
    # The same session on a signed-in page is touched as usual (so the check above can fail).
    assert pm.get(f"/projects/{world.project.id}/").status_code == 200
    db.session.expire_all()
    assert db.session.get(UserSession, sid).last_seen_at > earlier


def test_the_staff_pages_set_no_cookie_but_the_forms_and_that_one_dies_with_the_browser(app_factory):
    from tests.factories import Factory
    from tests.world import build

    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        world = build(Factory())
        client = app.test_client()
        home = client.get(f"/s/{world.ids['token']}/")
        assert home.status_code == 200 and "Set-Cookie" not in home.headers
        form = client.get(f"/s/{world.ids['token']}/raise")
        cookies = form.headers.getlist("Set-Cookie")
        assert len(cookies) == 1 and cookies[0].startswith("fossdash_session=")
        assert "Expires" not in cookies[0] and "Max-Age" not in cookies[0]
        assert "HttpOnly" in cookies[0]
        # Without the form's token nothing is saved.
        resp = client.post(f"/s/{world.ids['token']}/raise", data={"kind": "concern", "category": "other",
                                                                  "text": "No token"})
        assert resp.status_code == 400


def test_the_page_says_what_it_records(world, client):
    page = client.get(f"/s/{world.ids['token']}/raise").get_data(as_text=True)
    assert "We record your words, the category you chose, the agency and staff group if you give them, and the date." in page
    assert "We do not record your name, account, IP address, browser or the time of day." in page
    assert "temporary cookie" in page


def test_the_development_server_does_not_log_staff_pages(app, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    log = logging.getLogger("werkzeug")
    log.info('%s - - [%s] %s', IP, "21/Nov/2026 10:03:12", '"POST /s/abcdefghijklmnopqrstuvwxyz/raise HTTP/1.1" 302 -')
    log.info('%s - - [%s] %s', "10.0.0.1", "21/Nov/2026 10:03:13", '"GET /projects/ HTTP/1.1" 200 -')
    messages = [r.getMessage() for r in caplog.records]
    assert not any("/s/" in m for m in messages)
    assert any("/projects/" in m for m in messages)


@pytest.mark.parametrize("code", [200, 302, 400, 404, 429, 500])
def test_the_development_server_logs_no_staff_page_whatever_the_status(app, caplog, code):
    # Werkzeug writes the request line itself, and colours every status but 200 with ANSI
    # escapes: a redirect after sending, a refused form or a mistyped link must not leak either.
    from werkzeug.serving import WSGIRequestHandler

    class Request(WSGIRequestHandler):
        def __init__(self, path):  # no socket: just what log_request reads
            self.path, self.command, self.request_version = path, "POST", "HTTP/1.1"
            self.client_address = (IP, 50000)

        def address_string(self):
            return IP

    caplog.set_level(logging.INFO, logger="werkzeug")
    Request("/s/abcdefghijklmnopqrstuvwxyz/raise").log_request(code, "-")
    Request("/projects/").log_request(code, "-")
    messages = [r.getMessage() for r in caplog.records]
    assert not any("/s/" in m or IP in m for m in messages if "/projects/" not in m)
    assert [m for m in messages if "/projects/" in m]
    assert not any("abcdefghijklmnopqrstuvwxyz" in m for m in messages)


def test_bad_input_shows_gov_uk_errors_and_saves_nothing(app, db, world, client):
    from fossdash.concerns.models import Concern

    count = db.session.query(Concern).count()
    resp = client.post(f"/s/{world.ids['token']}/raise", data={})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "There is a problem" in page
    for message in ("Select whether you want to raise a concern or ask a question", "Select what it is about",
                    "Enter your concern or question"):
        assert message in page
    resp = _raise(client, world.ids["token"], text="x" * 5001)
    assert "must be 5,000 characters or fewer" in resp.get_data(as_text=True)
    forged = _raise(client, world.ids["token"], kind="complaint", category="gossip").get_data(as_text=True)
    assert "Select whether you want to raise a concern or ask a question" in forged
    assert "Select what it is about" in forged and "Not a valid choice" not in forged
    db.session.expire_all()
    assert db.session.query(Concern).count() == count


def test_an_agency_or_group_of_another_project_is_refused(app, db, world, make, client):
    from fossdash.concerns.models import Concern

    elsewhere = make.agency("Bravo agency")
    make.partnership(world.other, elsewhere)
    count = db.session.query(Concern).count()
    resp = _raise(client, world.ids["token"], agency_id=str(elsewhere.id))
    assert resp.status_code == 200
    assert "Select who you work for from the list" in resp.get_data(as_text=True)
    assert db.session.query(Concern).count() == count


@pytest.mark.parametrize("token", ["not-a-real-token-but-long-enough-aaaa", "short", "x" * 200, "../../etc"])
def test_an_unknown_link_is_a_plain_not_found(world, client, token):
    for path in (f"/s/{token}/", f"/s/{token}/raise", f"/s/{token}/sent"):
        resp = client.get(path)
        assert resp.status_code == 404
        assert world.project.name not in resp.get_data(as_text=True)


def test_replacing_the_link_kills_the_old_one(app, db, world, login):
    from fossdash.audit import AuditEvent

    old = world.ids["token"]
    pm = login(world.users["programme_manager"])
    confirm = pm.get(f"/projects/{world.project.id}/concerns/staff-link/replace")
    assert "Are you sure you want to replace the staff link?" in confirm.get_data(as_text=True)
    resp = pm.post(f"/projects/{world.project.id}/concerns/staff-link/replace", data={})
    assert resp.status_code == 302
    db.session.expire_all()
    new = world.project.staff_token
    assert new != old and len(new) >= 40
    anonymous = pm.application.test_client()
    assert anonymous.get(f"/s/{old}/").status_code == 404
    assert _raise(anonymous, old).status_code == 404
    assert anonymous.get(f"/s/{new}/").status_code == 200
    page = pm.get(f"/projects/{world.project.id}/concerns/staff-link").get_data(as_text=True)
    assert f"/s/{new}/" in page and old not in page
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "project", AuditEvent.action == "update")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.changes["staff_token"] == ["(hidden)", "(changed)"]
    assert old not in repr(event.changes) and new not in repr(event.changes)


@pytest.mark.parametrize("who", ["union_rep", "executive", "hr"])
def test_only_managers_see_the_link(world, login, who):
    client = login(world.users[who])
    assert client.get(f"/projects/{world.project.id}/concerns/staff-link").status_code == 403
    for path in ("", f"{world.ids['concern_id']}/", "questions/"):
        page = client.get(f"/projects/{world.project.id}/concerns/{path}")
        assert page.status_code == 200
        assert world.ids["token"] not in page.get_data(as_text=True)


def test_the_staff_form_is_rate_limited_without_keeping_addresses(app_factory):
    from fossdash.extensions import limiter
    from tests.factories import Factory
    from tests.world import build

    app = app_factory(RATELIMIT_ENABLED=True, STAFF_LINK_RATE_LIMIT="2 per minute")
    with app.app_context():
        world = build(Factory())
        client = app.test_client()
        assert _raise(client, world.ids["token"]).status_code == 302
        assert _raise(client, world.ids["token"]).status_code == 302
        third = _raise(client, world.ids["token"])
        assert third.status_code == 429
        # Reading the page is never limited.
        assert client.get(f"/s/{world.ids['token']}/raise").status_code == 200
        # Another address is not affected.
        other = client.post(f"/s/{world.ids['token']}/raise",
                            data={"kind": "concern", "category": "other", "text": "From elsewhere"},
                            environ_base={"REMOTE_ADDR": "198.51.100.9"})
        assert other.status_code == 302
        keys = " ".join(str(k) for k in getattr(limiter.storage, "storage", {}))
        assert keys and IP not in keys and "198.51.100.9" not in keys


def test_only_published_answers_show_on_the_staff_page(app, db, world, client):
    from fossdash.concerns.models import QuestionAnswer

    db.session.add(QuestionAnswer(project_id=world.project.id, question="Draft: is the canteen closing?",
                                  answer="Not decided", published=False))
    db.session.commit()
    page = client.get(f"/s/{world.ids['token']}/").get_data(as_text=True)
    assert "Will I lose my job when we move to the 101 centre?" in page
    assert "Draft: is the canteen closing?" not in page
    other = client.get(f"/s/{world.other.staff_token}/").get_data(as_text=True)
    assert "Will I lose my job when we move to the 101 centre?" not in other


def test_a_concern_from_the_link_shows_in_the_register_with_no_author(app, db, world, login, client):
    _raise(client, world.ids["token"], text="Nobody tells us anything about the move.")
    _release(db)
    pm = login(world.users["programme_manager"])
    page = pm.get(f"/projects/{world.project.id}/concerns/").get_data(as_text=True)
    assert "Nobody tells us anything about the move." in page
    assert "through the staff link" in page
    c = _newest(db)
    detail = pm.get(f"/projects/{world.project.id}/concerns/{c.id}/").get_data(as_text=True)
    assert "Raised through the staff link" in detail
    assert "by an anonymous member of staff" in detail


def test_the_staff_pages_send_their_secret_address_nowhere_and_are_not_indexed(world, client):
    token = world.ids["token"]
    for path in ("", "raise", "sent"):
        page = client.get(f"/s/{token}/{path}").get_data(as_text=True)
        assert '<meta name="referrer" content="no-referrer">' in page
        assert '<meta name="robots" content="noindex, nofollow">' in page


def test_the_form_tells_staff_a_small_group_is_not_shown(world, make, client):
    agency = make.agency("Kent Police", "police")
    make.partnership(world.project, agency, staff_moving_in=3)
    make.staff_group(world.project, agency, name="Front counter", headcount=3)
    page = client.get(f"/s/{world.ids['token']}/raise").get_data(as_text=True)
    assert "The programme team sees it only if at least 5 of that organisation’s staff are part of this change." in page
    assert "The programme team sees it only if at least 5 people are in your group" in page


def test_the_audit_log_keeps_no_agency_or_group_of_a_link_concern(app, db, world, make, client):
    from fossdash.audit import AuditEvent
    from fossdash.concerns.models import Concern

    agency = make.agency("Tiny district council")
    make.partnership(world.project, agency)
    group = make.staff_group(world.project, agency, name="Two-person reception team", headcount=2)
    assert _raise(client, world.ids["token"], agency_id=str(agency.id), staff_group_id=str(group.id)).status_code == 302
    concern = _newest(db)
    assert concern.agency_id == agency.id  # kept for the programme, shown only where safe
    # Released without an audit row of its own; a later change logs no agency, group or words.
    concern.status = "responding"
    concern.text = "Edited words"
    db.session.commit()
    event = db.session.scalars(
        select(AuditEvent).filter_by(entity="concern", entity_id=str(concern.id), action="update")
    ).one()
    assert event.changes["text"] == ["(hidden)", "(changed)"]
    assert "agency_id" not in event.changes
    # A concern logged by staff with a name is not anonymous, and keeps its full history.
    named = Concern(project_id=world.project.id, kind="concern", category="workload", channel="briefing",
                    text="Too many calls", raised_on=concern.raised_on, agency_id=agency.id, raised_by="A Person")
    db.session.add(named)
    db.session.commit()
    event = db.session.scalars(
        select(AuditEvent).filter_by(entity="concern", entity_id=str(named.id), action="create")
    ).one()
    assert event.changes["agency_id"] == [None, agency.id]


def test_an_unknown_staff_address_does_not_touch_a_signed_in_account(app, db, world, login):
    from datetime import timedelta

    from fossdash.auth.models import UserSession

    pm = login("programme_manager")
    row = db.session.scalars(select(UserSession).filter_by(user_id=pm.user.id)).one()
    row.last_seen_at = row.last_seen_at - timedelta(minutes=5)
    db.session.commit()
    before = row.last_seen_at
    assert pm.get(f"/s/{world.ids['token']}/no-such-page").status_code == 404
    db.session.refresh(row)
    assert row.last_seen_at == before
