"""The admin pages for accounts: create users, set roles, disable accounts, and nobody else may."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import Factory


def _count_users(db):
    from fossdash.auth.models import User

    return db.session.scalar(select(func.count()).select_from(User))


def _new(client, **kw):
    data = {"name": "Sam Jones", "email": "sam.jones@example.org", "role": "union_rep",
            "password": "copper kettle lantern", "active": "y"}
    data.update(kw)
    return client.post("/admin/users/new", data={k: v for k, v in data.items() if v is not None})


def _edit(client, user, **kw):
    data = {"name": user.name, "email": user.email, "role": user.role, "active": "y" if user.active else None,
            "version": str(user.version)}
    data.update(kw)
    return client.post(f"/admin/users/{user.id}", data={k: v for k, v in data.items() if v is not None})


def test_admin_lists_accounts(app, make, login):
    make.user("hr", name="Helen Rowe", email="helen@example.org")
    make.user("union_rep", name="Uzma Khan", active=False)
    page = login("admin").get("/admin/users")
    assert page.status_code == 200
    assert "Helen Rowe" in page.text and "helen@example.org" in page.text and "HR" in page.text
    assert "Disabled" in page.text and "Union representative" in page.text
    assert "<title>Users – fossdash</title>" in page.text


def test_admin_creates_a_user_who_can_then_sign_in(app, db, login):
    admin = login("admin")
    resp = _new(admin, email="Sam.Jones@Example.org")
    assert resp.status_code == 302 and resp.location == "/admin/users"
    assert "Account created for sam.jones@example.org" in admin.get("/admin/users").text
    from fossdash.auth.service import find_by_email

    user = find_by_email("sam.jones@example.org")
    assert user.role == "union_rep" and user.name == "Sam Jones" and user.active
    assert user.password_hash.startswith("scrypt:")
    fresh = app.test_client()
    resp = fresh.post("/login", data={"email": "sam.jones@example.org", "password": "copper kettle lantern"})
    assert resp.status_code == 302


@pytest.mark.parametrize("changes,message,field", [
    ({"name": ""}, "Enter the person&#39;s full name", "name"),
    ({"email": ""}, "Enter an email address", "email"),
    ({"email": "sam at example"}, "Enter an email address in the correct format", "email"),
    ({"password": "short"}, "Password must be 10 characters or more", "password"),
    ({"password": "password2026"}, "Password is too common", "password"),
    ({"password": "sam.jones@example.org"}, "Password must not be your email address", "password"),
    ({"role": "superuser"}, "Select a role", "role"),  # (never WTForms' "Not a valid choice")
])
def test_new_user_errors_keep_what_was_typed(app, db, login, changes, message, field):
    admin = login("admin")
    before = _count_users(db)
    resp = _new(admin, **changes)
    assert resp.status_code == 200
    assert message in resp.text
    assert "govuk-error-summary" in resp.text and f'href="#{field}"' in resp.text
    assert resp.text.startswith("<!DOCTYPE html>") and "<title>Error: Add a user – fossdash</title>" in resp.text
    if field != "name":
        assert 'value="Sam Jones"' in resp.text
    assert _count_users(db) == before


def test_email_already_in_use(app, db, make, login):
    make.user("hr", email="sam.jones@example.org")
    resp = _new(login("admin"), email="SAM.JONES@example.org")
    assert resp.status_code == 200
    assert "An account with the email address sam.jones@example.org already exists" in resp.text


def test_admin_sets_a_role_and_disables_and_re_enables(app, db, make, login):
    from fossdash.audit import AuditEvent

    user = make.user("hr")
    admin = login("admin")
    page = admin.get(f"/admin/users/{user.id}")
    assert page.status_code == 200 and f"Edit {user.name}" in page.text
    assert _edit(admin, user, role="executive").status_code == 302
    db.session.refresh(user)
    assert user.role == "executive" and user.active

    assert _edit(admin, user, active=None).status_code == 302
    db.session.refresh(user)
    assert not user.active
    assert "Disabled" in admin.get("/admin/users").text

    assert _edit(admin, user, active="y").status_code == 302
    db.session.refresh(user)
    assert user.active
    changes = db.session.scalars(select(AuditEvent.changes).where(
        AuditEvent.entity == "user_account", AuditEvent.entity_id == str(user.id), AuditEvent.action == "update")).all()
    assert {"role": ["hr", "executive"]} in changes
    assert {"active": [True, False]} in changes and {"active": [False, True]} in changes


def test_admin_cannot_disable_or_demote_themselves(app, db, make, login):
    admin = login("admin")
    me = admin.user
    resp = _edit(admin, me, active=None)
    assert resp.status_code == 200
    assert "You cannot disable your own account" in resp.text
    resp = _edit(admin, me, role="hr")
    assert resp.status_code == 200
    assert "You cannot remove your own administrator role" in resp.text
    db.session.refresh(me)
    assert me.active and me.role == "admin"
    assert admin.get("/admin/users").status_code == 200


def test_email_cannot_be_changed_to_another_accounts(app, db, make, login):
    make.user("hr", email="taken@example.org")
    user = make.user("hr")
    resp = _edit(login("admin"), user, email="taken@example.org")
    assert "Another account already uses this email address" in resp.text


def test_two_admins_editing_one_account_the_second_is_told(app, db, make, login):
    user = make.user("hr")
    first, second = login("admin"), login("admin")
    stale = str(user.version)
    assert _edit(first, user, role="executive").status_code == 302
    resp = _edit(second, user, role="union_rep", version=stale)
    assert resp.status_code == 409
    assert "Someone else changed this record" in resp.text
    db.session.refresh(user)
    assert user.role == "executive"


@pytest.mark.parametrize("who", ["programme_manager", "hr", "union_rep", "executive"])
def test_non_admin_forged_posts_change_nothing(app, db, make, login, who):
    victim = make.user("hr", name="Victim")
    client = login(who)
    before = _count_users(db)
    assert _new(client, email="sneaky@example.org", role="admin").status_code == 403
    assert _edit(client, victim, role="admin", active=None).status_code == 403
    assert _edit(client, client.user, role="admin").status_code == 403
    db.session.expire_all()
    assert _count_users(db) == before
    assert victim.role == "hr" and victim.active
    assert client.user.role == who
    for path in ("/admin/users", "/admin/users/new", f"/admin/users/{victim.id}", "/admin/audit"):
        assert client.get(path).status_code == 403


def test_refused_access_is_logged(app, db, login, caplog):
    from fossdash.audit import AuditEvent

    client = login("hr")
    client.get("/admin/users")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "access_refused"))
    assert event.actor == client.user.email and event.entity_id == "/admin/users"
    assert any("access refused" in r.getMessage() for r in caplog.records)


def test_unknown_user_is_404(login):
    assert login("admin").get("/admin/users/99999").status_code == 404


def test_create_user_service_rejects_bad_input(app, db):
    from fossdash.auth.service import AccountError, create_user

    with pytest.raises(AccountError, match="correct format"):
        create_user("not-an-email", "hr", "copper kettle lantern")
    with pytest.raises(AccountError, match="Unknown role"):
        create_user("a@example.org", "boss", "copper kettle lantern")
    with pytest.raises(AccountError, match="10 characters"):
        create_user("a@example.org", "hr", "short")
    create_user("a@example.org", "hr", Factory.PASSWORD)
    with pytest.raises(AccountError, match="already exists"):
        create_user("A@example.org", "hr", Factory.PASSWORD)


def test_admin_resets_a_forgotten_password(app, db, make, login):
    user = make.user("hr")
    theirs = login(user)
    admin = login("admin")
    resp = _edit(admin, user, new_password="short")
    assert resp.status_code == 200 and "Password must be 10 characters or more" in resp.text
    resp = _edit(admin, user, new_password="copper kettle lantern")
    assert resp.status_code == 302
    assert "with a new temporary password" in admin.get("/admin/users").text
    db.session.refresh(user)
    assert user.check_password("copper kettle lantern")
    assert theirs.get("/").status_code == 302  # signed out everywhere
    # Leaving it blank keeps the password.
    _edit(admin, user, name="Helen Rowe", new_password="")
    db.session.refresh(user)
    assert user.name == "Helen Rowe" and user.check_password("copper kettle lantern")


def test_admin_cannot_reset_their_own_password_here(app, db, login):
    admin = login("admin")
    resp = _edit(admin, admin.user, new_password="copper kettle lantern")
    assert "Change your own password" in resp.text
    db.session.refresh(admin.user)
    assert admin.user.check_password(Factory.PASSWORD)


def test_a_conflict_never_shows_a_typed_password(app, db, make, login):
    user = make.user("hr")
    first, second = login("admin"), login("admin")
    stale = str(user.version)
    _edit(first, user, role="executive")
    resp = _edit(second, user, role="union_rep", version=stale, new_password="copper kettle lantern")
    assert resp.status_code == 409
    assert "copper kettle lantern" not in resp.text
