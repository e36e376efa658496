"""The audit log: every change written with who, when, before and after; append-only at the
database; an admin page that lists and filters it."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from tests.factories import Factory


def _events(db, **where):
    from fossdash.audit import AuditEvent

    q = select(AuditEvent).order_by(AuditEvent.id)
    for key, value in where.items():
        q = q.where(getattr(AuditEvent, key) == value)
    return db.session.scalars(q).all()


def test_create_update_delete_are_logged_with_who_and_values(app, db, make, login):
    admin = login("admin")
    assert admin.post("/admin/users/new", data={
        "name": "Sam Jones", "email": "sam@example.org", "role": "hr", "password": "copper kettle lantern",
        "active": "y"}).status_code == 302
    from fossdash.auth.service import find_by_email

    sam = find_by_email("sam@example.org")
    [created] = _events(db, entity="user_account", entity_id=str(sam.id), action="create")
    assert created.actor == admin.user.email and created.actor_id == admin.user.id
    assert abs(created.at - datetime.utcnow()) < timedelta(minutes=1)
    assert created.changes["email"] == [None, "sam@example.org"]
    assert created.changes["role"] == [None, "hr"]
    assert created.changes["password_hash"] == [None, "(set)"]

    admin.post(f"/admin/users/{sam.id}", data={"name": "Sam Jones", "email": "sam@example.org",
                                              "role": "union_rep", "active": "y", "version": str(sam.version)})
    updates = _events(db, entity="user_account", entity_id=str(sam.id), action="update")
    assert [u.changes for u in updates] == [{"role": ["hr", "union_rep"]}]
    updated = updates[0]
    assert updated.changes == {"role": ["hr", "union_rep"]}
    assert updated.actor == admin.user.email

    # A delete (no page deletes accounts; the hook logs any delete, from anywhere).
    project = make.project("Delete me")
    db.session.delete(project)
    db.session.commit()
    [deleted] = _events(db, entity="project", action="delete")
    assert deleted.changes["name"] == ["Delete me", None]
    assert deleted.actor == "system" and deleted.project_id == project.id


def test_password_hashes_never_reach_the_log(app, db, make, login):
    client = login(make.user("hr"))
    client.post("/account/password", data={"current_password": Factory.PASSWORD,
                                           "new_password": "copper kettle lantern",
                                           "confirm": "copper kettle lantern"})
    from fossdash.audit import AuditEvent

    dumped = json.dumps([e.changes for e in db.session.scalars(select(AuditEvent))])
    assert "password_hash" in dumped  # the change is recorded ...
    assert "scrypt" not in dumped and "copper kettle" not in dumped  # ... but never the secret
    page = login("admin").get("/admin/audit")
    assert "scrypt" not in page.text and "(changed)" in page.text


def test_audit_notes_and_events(app, db, make):
    from fossdash import audit

    project = make.project()
    project._audit_note = "Renamed at the board's request"
    project.name = "Renamed"
    db.session.commit()
    [event] = _events(db, entity="project", action="update")
    assert event.note == "Renamed at the board's request" and event.project_id == project.id
    audit.record("export", "concern", None, project_id=project.id, note="12 rows")
    db.session.commit()
    assert [e.note for e in audit.history("concern", None, project.id)] == ["12 rows"]


def test_anonymous_actions_are_logged_to_the_day_only(app, db, make):
    from flask import g

    from fossdash import audit

    project = make.project()
    with app.test_request_context("/"):
        g.audit_anonymous = True
        audit.record("create", "concern", 1, project_id=project.id)
        db.session.commit()
    [event] = _events(db, entity="concern")
    assert event.actor == "anonymous" and event.actor_id is None
    assert (event.at.hour, event.at.minute, event.at.second, event.at.microsecond) == (0, 0, 0, 0)


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET actor = 'someone else'",
    "DELETE FROM audit_event",
])
def test_the_database_refuses_to_change_or_delete_events(app, db, make, statement):
    make.user("hr")
    before = len(_events(db))
    assert before > 0
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
        db.session.flush()
    db.session.rollback()
    assert len(_events(db)) == before
    assert {e.actor for e in _events(db)} == {"system"}


def _page(client, **args):
    from urllib.parse import urlencode

    return client.get("/admin/audit?" + urlencode(args, doseq=True))


def test_admin_page_lists_and_filters(app, db, make, login):
    from fossdash.audit import AuditEvent

    alpha, bravo = make.project("Alpha one-stop shop"), make.project("Bravo contact centre")
    make.user("hr", email="helen@example.org")
    admin = login("admin")
    old = AuditEvent.__table__.insert().values(
        at=datetime(2026, 1, 15, 12, 0), actor="archive@example.org", action="update", entity="project",
        entity_id=str(alpha.id), project_id=alpha.id, changes={"stage": ["design", "build"]}, note="")
    db.session.execute(old)
    db.session.commit()

    page = admin.get("/admin/audit")
    assert page.status_code == 200 and "<title>Audit log – fossdash</title>" in page.text
    assert "Alpha one-stop shop" in page.text and "helen@example.org" in page.text

    page = _page(admin, actor="ARCHIVE@")
    assert "archive@example.org" in page.text and "15 January 2026 at 12:00pm" in page.text
    assert "helen@example.org" not in page.text
    assert "design" in page.text and "build" in page.text

    page = _page(admin, entity="user_account")
    assert "helen@example.org" in page.text and "Bravo contact centre" not in page.text.split("<table")[1]

    page = _page(admin, project=str(bravo.id))
    body = page.text.split("<table")[1]
    assert "Bravo contact centre" in body and "Alpha one-stop shop" not in body

    page = _page(admin, action="update", entity="project")
    body = page.text.split("<table")[1]
    assert "archive@example.org" in body and "Created" not in body

    page = _page(admin, from_date=["1", "1", "2026"], to_date=["31", "1", "2026"])
    body = page.text.split("<table")[1]
    assert "archive@example.org" in body and "helen@example.org" not in body

    page = _page(admin, from_date=["16", "1", "2026"], to_date=["", "", ""])
    body = page.text.split("<table")[1]
    assert "archive@example.org" not in body and "helen@example.org" in body

    page = _page(admin, actor="nobody-at-all")
    assert "No events match these filters." in page.text
    assert "Clear filters" in page.text


@pytest.mark.parametrize("args,message,href", [
    ({"from_date": ["31", "2", "2026"]}, "From date must be a real date", "#from_date-day"),
    ({"from_date": ["1", "", "2026"]}, "From date must include a month", "#from_date-day"),
    ({"from_date": ["2", "3", "2026"], "to_date": ["1", "3", "2026"]},
     "To date must be the same as or after the from date", "#to_date-day"),
])
def test_admin_page_filter_errors(app, db, make, login, args, message, href):
    make.user("hr")
    page = _page(login("admin"), **args)
    assert page.status_code == 200
    assert message in page.text
    assert f'href="{href}"' in page.text
    assert "<title>Error: Audit log – fossdash</title>" in page.text
    assert "No events match these filters." in page.text  # not an unfiltered list


def test_admin_page_pages(app, db, make, login):
    from fossdash.audit import AuditEvent

    db.session.execute(AuditEvent.__table__.insert(), [
        {"at": datetime(2026, 1, 1), "actor": f"person{i}@example.org", "action": "update", "entity": "project",
         "changes": {}, "note": ""} for i in range(60)])
    db.session.commit()
    admin = login("admin")
    first = _page(admin, entity="project")
    assert "person59@example.org" in first.text and "person5@example.org" not in first.text
    assert "entity=project" in first.text and "page=2" in first.text
    second = _page(admin, entity="project", page="2")
    assert "person5@example.org" in second.text and "person59@example.org" not in second.text


def test_rows_removed_from_a_relationship_list_are_logged_as_deletes(app, db, make):
    from fossdash.audit import AuditEvent

    project = make.project()
    partnership = make.partnership(project)
    pid = partnership.id
    project.partnerships.remove(partnership)  # delete-orphan: never passes through session.delete
    db.session.commit()
    events = db.session.scalars(
        db.select(AuditEvent).filter_by(entity="partnership", entity_id=str(pid), action="delete")
    ).all()
    assert len(events) == 1
    assert events[0].project_id == project.id
    assert events[0].changes["weekly_hours"][1] is None


def test_an_audit_note_goes_with_one_change_only(app, db, make):
    from fossdash.audit import AuditEvent

    project = make.project()
    project._audit_note = "renamed at the board's request"
    project.summary = "first"
    db.session.commit()
    project.summary = "second"
    db.session.commit()
    notes = db.session.scalars(
        db.select(AuditEvent.note).filter_by(entity="project", entity_id=str(project.id), action="update")
        .order_by(AuditEvent.id)
    ).all()
    assert notes == ["renamed at the board's request", ""]
