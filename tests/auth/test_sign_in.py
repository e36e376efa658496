"""Signing in and out, server-side sessions, expiry, the `next` address and throttling."""
from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from tests.factories import Factory


def _sign_in(client, email, password=Factory.PASSWORD, next_=None):
    url = "/login" + (f"?next={next_}" if next_ else "")
    return client.post(url, data={"email": email, "password": password})


def _sid(client):
    with client.session_transaction() as s:
        return s.get("sid")


def _sessions(db, user):
    from fossdash.auth.models import UserSession

    db.session.expire_all()
    return db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all()


def _events(db, action):
    from fossdash.audit import AuditEvent

    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_sign_in_then_home_then_sign_out(app, db, client, make):
    user = make.user("hr", name="Helen Rowe")
    resp = _sign_in(client, user.email.upper())  # emails are not case-sensitive
    assert resp.status_code == 302 and resp.location == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Hello, Helen Rowe" in page.text
    assert [e.actor for e in _events(db, "sign_in")] == [user.email]

    resp = client.post("/logout")
    assert resp.status_code == 302 and resp.location == "/login"
    assert "You have signed out" in client.get("/login").text
    assert client.get("/").status_code == 302
    assert all(s.revoked_at is not None for s in _sessions(db, user))
    assert [e.actor for e in _events(db, "sign_out")] == [user.email]


def test_wrong_password_and_unknown_email_get_the_same_answer(app, db, client, make, caplog):
    user = make.user("hr")
    with caplog.at_level(logging.WARNING, logger="fossdash.auth"):
        wrong = _sign_in(client, user.email, "not the right password")
        unknown = _sign_in(client, "nobody@example.org", "not the right password")
    for resp in (wrong, unknown):
        assert resp.status_code == 200
        assert "Enter a correct email address and password" in resp.text
        assert "<title>Error: Sign in – fossdash</title>" in resp.text
        assert "govuk-error-summary" in resp.text
        assert 'value="not the right password"' not in resp.text  # the password is never echoed
    assert _sid(client) is None
    failed = [r for r in caplog.records if "failed sign-in" in r.getMessage()]
    assert len(failed) == 2 and user.email in failed[0].getMessage()
    notes = [e.note for e in _events(db, "sign_in_failed")]
    assert notes == [user.email, "nobody@example.org"]


def test_empty_form_says_what_to_enter(client):
    resp = client.post("/login", data={})
    assert "Enter your email address" in resp.text and "Enter your password" in resp.text


def test_disabled_account_cannot_sign_in(app, client, make):
    user = make.user("hr", active=False)
    resp = _sign_in(client, user.email)
    assert resp.status_code == 200 and "Enter a correct email address and password" in resp.text


def test_session_id_changes_at_sign_in(app, db, client, make):
    """A session cookie planted before sign-in (session fixation) is not the one signed in."""
    from fossdash.auth.models import UserSession

    attacker = make.user("hr")
    victim = make.user("programme_manager")
    planted = _sign_in(client, attacker.email) and _sid(client)  # the attacker's own session
    with client.session_transaction() as s:
        s["marker"] = "planted"
    _sign_in(client, victim.email)
    sid = _sid(client)
    assert sid and sid != planted
    with client.session_transaction() as s:
        assert "marker" not in s  # nothing from the old cookie survives
    row = db.session.get(UserSession, sid)
    assert row.user_id == victim.id and row.revoked_at is None
    db.session.expire_all()
    assert db.session.get(UserSession, planted).revoked_at is not None  # and the old one is ended

    # A made-up session id is not honoured either.
    other = app.test_client()
    with other.session_transaction() as s:
        s["sid"] = "made-up"
        s["_user_id"] = str(victim.id)
    assert other.get("/").status_code == 302


def test_sign_out_ends_the_session_on_every_device(app, db, make):
    user = make.user("hr")
    laptop, phone = app.test_client(), app.test_client()
    _sign_in(laptop, user.email)
    _sign_in(phone, user.email)
    assert laptop.get("/").status_code == 200 and phone.get("/").status_code == 200
    assert _sid(laptop) != _sid(phone)

    laptop.post("/logout")
    resp = phone.get("/account/password")
    assert resp.status_code == 302 and resp.location.startswith("/login")
    assert "You have been signed out" in phone.get(resp.location).text


def test_disabling_an_account_ends_its_sessions_at_once(app, db, make, login):
    user = make.user("hr")
    victim = app.test_client()
    _sign_in(victim, user.email)
    assert victim.get("/").status_code == 200
    admin = login("admin")
    resp = admin.post(f"/admin/users/{user.id}", data={
        "name": user.name, "email": user.email, "role": user.role, "version": str(user.version),
    })  # the "Account is active" box unticked
    assert resp.status_code == 302
    assert victim.get("/").status_code == 302
    assert all(s.revoked_at is not None for s in _sessions(db, user))
    # Even a session the database still thought live is refused while the account is disabled.
    from fossdash.auth.models import UserSession

    db.session.execute(UserSession.__table__.update().values(revoked_at=None))
    db.session.commit()
    assert victim.get("/").status_code == 302


def _age(db, client, **delta):
    from fossdash.auth.models import UserSession

    row = db.session.get(UserSession, _sid(client))
    if "idle" in delta:
        row.last_seen_at -= delta["idle"]
    if "age" in delta:
        row.created_at -= delta["age"]
        row.last_seen_at -= timedelta(minutes=1)
    db.session.commit()


def test_idle_session_expires_and_says_why(app, db, make, login):
    client = login("hr")
    _age(db, client, idle=timedelta(minutes=29))
    assert client.get("/").status_code == 200  # 29 idle minutes: still signed in (and touched)

    _age(db, client, idle=timedelta(minutes=31))
    resp = client.get("/account/password")
    assert resp.status_code == 302 and resp.location == "/login?next=/account/password"
    page = client.get(resp.location)
    assert "You were signed out because you had not done anything for 30 minutes" in page.text
    assert page.text.count("You were signed out") == 1
    assert _sid(client) is None
    assert client.get("/").status_code == 302


def test_idle_timeout_is_a_setting(app_factory, make):
    from tests.conftest import signed_in_client

    app = app_factory(IDLE_TIMEOUT=timedelta(minutes=5))
    with app.app_context():
        from fossdash.extensions import db

        client = signed_in_client(app, Factory().user("hr"))
        _age(db, client, idle=timedelta(minutes=6))
        resp = client.get("/")
        assert resp.status_code == 302
        assert "for 5 minutes" in client.get(resp.location).text


def test_absolute_expiry_after_twelve_hours_even_when_busy(app, db, login):
    client = login("hr")
    _age(db, client, age=timedelta(hours=11, minutes=50))
    assert client.get("/").status_code == 200
    _age(db, client, age=timedelta(minutes=20))
    resp = client.get("/")
    assert resp.status_code == 302
    assert "signed in for 12 hours" in client.get(resp.location).text


def test_session_expiry_shown_when_going_straight_to_sign_in(app, db, login):
    client = login("hr")
    _age(db, client, idle=timedelta(hours=1))
    page = client.get("/login")
    assert page.status_code == 200
    assert "had not done anything for 30 minutes" in page.text


@pytest.mark.parametrize("target,expected", [
    ("/account/password", "/account/password"),
    ("/admin/users?page=2", "/admin/users?page=2"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example/", "/"),
    ("\\\\evil.example", "/"),
    ("/%09/evil.example", "/%09/evil.example"),  # still a path on this site
    ("javascript:alert(1)", "/"),
    ("", "/"),
])
def test_next_only_goes_to_this_site(app, client, make, target, expected):
    from urllib.parse import quote

    user = make.user("admin")
    resp = client.post("/login?next=" + quote(target, safe=""), data={"email": user.email, "password": Factory.PASSWORD})
    assert resp.status_code == 302
    assert resp.location == expected


def test_a_signed_in_user_is_sent_on_from_sign_in(login):
    client = login("hr")
    assert client.get("/login").location == "/"
    assert client.get("/login?next=/account/password").location == "/account/password"


def test_anonymous_visitor_goes_to_sign_in_with_the_page_remembered(client):
    resp = client.get("/admin/audit?action=sign_in")
    assert resp.status_code == 302
    assert resp.location == "/login?next=/admin/audit?action%3Dsign_in"
    page = client.get(resp.location)
    assert "Sign in to fossdash" in page.text
    assert "govuk-notification-banner" not in page.text  # no "please sign in" nagging


def test_repeated_failed_sign_ins_are_throttled(app_factory, caplog):
    app = app_factory(RATELIMIT_ENABLED=True)
    with app.app_context():
        from fossdash.audit import AuditEvent
        from fossdash.extensions import db

        user = Factory().user("hr")
        client = app.test_client()
        with caplog.at_level(logging.WARNING, logger="fossdash.auth"):
            for _ in range(5):
                assert _sign_in(client, user.email, "wrong password 123").status_code == 200
            resp = _sign_in(client, user.email, "wrong password 123")
            assert resp.status_code == 429
            assert "Too many attempts" in resp.text
            assert "<title>Too many attempts – fossdash</title>" in resp.text
            # Even the right password is refused until the minute is up.
            assert _sign_in(client, user.email).status_code == 429
        assert sum("failed sign-in" in r.getMessage() for r in caplog.records) == 5
        assert any("sign-in throttled" in r.getMessage() for r in caplog.records)
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "user_account")).all()
        assert actions.count("sign_in_failed") == 5 and "sign_in_throttled" in actions
        # Another account from the same address is not locked out by someone else's typing.
        other = Factory().user("union_rep")
        assert _sign_in(client, other.email).status_code == 302


def test_successful_sign_ins_are_not_counted_as_attempts(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    with app.app_context():
        user = Factory().user("hr")
        for _ in range(7):
            client = app.test_client()
            assert _sign_in(client, user.email).status_code == 302


def test_sign_out_needs_a_post(login):
    client = login("hr")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def _bump_version_elsewhere(db, user_id):
    """What another device's sign-in (or an admin saving the account) does meanwhile: a write on
    the account, on its own connection, committed at once, that moves its version on."""
    from fossdash.modelkit import utcnow

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE user_account SET version = version + 1, last_sign_in_at = :now WHERE id = :id"),
                     {"now": utcnow(), "id": user_id})


def test_two_sign_ins_to_one_account_at_once_both_succeed(app_factory, monkeypatch):
    """The race, made certain: between loading the account and saving the sign-in, another
    device writes to it. Saving last_sign_in_at through the versioned model used to fail then
    with a StaleDataError (a 500 for about half of simultaneous sign-ins)."""
    # Its own app and database: the write "elsewhere" needs a connection of its own, committed.
    from fossdash.extensions import db
    from tests.factories import Factory

    app = app_factory()
    with app.app_context():
        _race(app, db, Factory(), monkeypatch)


def _race(app, db, make, monkeypatch):
    from fossdash.auth import service
    from fossdash.auth.models import User

    user = make.user("hr")
    start_version = user.version
    real = service.authenticate

    def authenticate_then_someone_else_signs_in(email, password):
        found = real(email, password)
        if found is not None:
            found.version  # loaded: this request holds the version it read
            _bump_version_elsewhere(db, found.id)
        return found

    monkeypatch.setattr(service, "authenticate", authenticate_then_someone_else_signs_in)
    laptop, phone = app.test_client(), app.test_client()
    for client in (laptop, phone):
        resp = _sign_in(client, user.email, next_="/account/password")
        assert resp.status_code == 302 and resp.location == "/account/password"
        assert _sid(client)
    for client in (laptop, phone):
        assert client.get("/").status_code == 200  # both sessions are live
    live = [s for s in _sessions(db, user) if s.revoked_at is None]
    assert {s.id for s in live} == {_sid(laptop), _sid(phone)}
    assert len(_events(db, "sign_in")) == 2
    fresh = db.session.get(User, user.id)
    assert fresh.last_sign_in_at is not None
    # Only the two writes "elsewhere" moved the version: a sign-in is not an edit of the account.
    assert fresh.version == start_version + 2


def test_a_sign_in_does_not_spoil_an_admins_edit_of_the_account(app, db, make, login):
    """An admin opens the account, the person signs in, the admin saves: no conflict page."""
    user = make.user("hr", name="Helen Rowe")
    admin = login("admin")
    version = str(user.version)
    assert _sign_in(app.test_client(), user.email).status_code == 302
    resp = admin.post(f"/admin/users/{user.id}", data={"name": "Helen Rowe-Smith", "email": user.email,
                                                       "role": "hr", "active": "y", "version": version})
    assert resp.status_code == 302, resp.text[:500]


def test_a_server_error_at_sign_in_is_not_counted_as_a_failed_attempt(app_factory, monkeypatch):
    app = app_factory(RATELIMIT_ENABLED=True)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # draw the 500 page, as in production
    with app.app_context():
        from fossdash.auth import sessions

        user = Factory().user("hr")
        client = app.test_client()
        real = sessions.start

        def broken(_user):
            raise RuntimeError("database went away")

        monkeypatch.setattr(sessions, "start", broken)
        for _ in range(7):  # more than the 5 a minute allowed for wrong passwords
            resp = _sign_in(client, user.email)
            assert resp.status_code == 500
            assert "Sorry, there is a problem with the service" in resp.text
        monkeypatch.setattr(sessions, "start", real)
        assert _sign_in(client, user.email).status_code == 302
        # Wrong passwords still count, and are still stopped.
        other = Factory().user("union_rep")
        for _ in range(5):
            assert _sign_in(app.test_client(), other.email, "wrong password 123").status_code == 200
        assert _sign_in(app.test_client(), other.email, "wrong password 123").status_code == 429
