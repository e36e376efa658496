"""Password rules, hashing, and changing your own password."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import Factory


@pytest.mark.parametrize("password,message", [
    ("short9chr", "Password must be 10 characters or more"),
    ("password123", "Password is too common, choose one that is harder to guess"),
    ("Password1234", "Password is too common, choose one that is harder to guess"),
    ("Welcome2027!", "Password is too common, choose one that is harder to guess"),
    ("aaaaaaaaaaaa", "Password is too common, choose one that is harder to guess"),
    ("sam.jones@example.org", "Password must not be your email address"),
    ("SAM.JONES@EXAMPLE.ORG", "Password must not be your email address"),
    ("sam.jones1", "Password must not be your email address"),
    ("copper kettle lantern", None),
])
def test_password_rules(password, message):
    from fossdash.auth.passwords import problem

    email = "sam.jones1@example.org" if password == "sam.jones1" else "sam.jones@example.org"
    assert problem(password, email) == message


def test_passwords_are_hashed_with_scrypt(app, db, make):
    from fossdash.auth.service import create_user

    user = create_user("sam@example.org", "hr", "copper kettle lantern")
    assert user.password_hash.startswith("scrypt:")
    assert "copper kettle lantern" not in user.password_hash
    assert user.check_password("copper kettle lantern") and not user.check_password("copper kettle")


def _change(client, current, new, confirm=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new,
        "confirm": new if confirm is None else confirm,
    })


def test_change_own_password(app, db, make, login):
    from fossdash.auth.models import UserSession

    user = make.user("hr")
    elsewhere = login(user)  # a second device
    client = login(user)
    page = client.get("/account/password")
    assert page.status_code == 200 and "Change your password" in page.text
    resp = _change(client, Factory.PASSWORD, "copper kettle lantern")
    assert resp.status_code == 302 and resp.location == "/"
    assert "Your password has been changed" in client.get("/").text
    db.session.expire_all()
    assert user.check_password("copper kettle lantern")
    # This browser carries on; any other device is signed out.
    assert client.get("/account/password").status_code == 200
    assert elsewhere.get("/").status_code == 302
    live = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id,
                                                         UserSession.revoked_at.is_(None))).all()
    assert len(live) == 1


@pytest.mark.parametrize("current,new,confirm,message", [
    ("wrong password here", "copper kettle lantern", None, "Your current password is not correct"),
    (Factory.PASSWORD, "short", None, "Password must be 10 characters or more"),
    (Factory.PASSWORD, "qwertyuiop", None, "Password is too common"),
    (Factory.PASSWORD, "copper kettle lantern", "copper kettle lanter", "The passwords do not match"),
    ("", "", "", "Enter your current password"),
])
def test_change_password_errors(app, db, make, login, current, new, confirm, message):
    user = make.user("hr")
    client = login(user)
    resp = _change(client, current, new, confirm)
    assert resp.status_code == 200
    assert message in resp.text
    assert "<title>Error: Change your password – fossdash</title>" in resp.text
    assert "govuk-error-summary" in resp.text
    db.session.expire_all()
    assert user.check_password(Factory.PASSWORD)


def test_new_password_must_not_be_the_email(app, db, make, login):
    user = make.user("hr", email="helen.rowe@example.org")
    resp = _change(login(user), Factory.PASSWORD, "helen.rowe@example.org")
    assert "Password must not be your email address" in resp.text


def test_new_password_must_differ_from_the_current_one(app, db, make, login):
    user = make.user("hr")
    resp = _change(login(user), Factory.PASSWORD, Factory.PASSWORD)
    assert "Your new password must be different from your current password" in resp.text
