"""The audit log: every change written with who, when, before and after; append-only at the
database; an admin page that lists and filters it."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

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
    assert "archive@example.org" in page.text
    # A short date and the time on two lines that do not wrap (UK time: 12:00 UTC in January).
    assert ('<time datetime="2026-01-15T12:00:00Z"><span class="app-nowrap">15 Jan 2026</span><br>'
            '<span class="app-nowrap">12:00pm</span></time>') in page.text
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


# --- refused access: hidden by default, shown on request -------------------------------------------

def _table(page) -> str:
    return page.text.split("<table", 1)[1].split("</table>", 1)[0]


def _refusal_and_sign_in(db, login):
    """An HR user refused the users page, then an admin signing in and out (a non-refusal)."""
    hr = login("hr")
    assert hr.get("/admin/users").status_code == 403  # logged as access_refused, route /admin/users
    admin = login("admin")
    from fossdash import audit

    with admin.application.test_request_context("/"):
        audit.record("export", "project", note="exported the project list")
    db.session.commit()
    return hr, admin


def test_refused_access_is_hidden_unless_asked_for(app, db, make, login):
    hr, admin = _refusal_and_sign_in(db, login)

    page = admin.get("/admin/audit")  # the default: refusals hidden, said so in the caption
    body = _table(page)
    assert "Access refused" not in body and "exported the project list" in body
    assert "Events, newest first, without refused access" in body
    assert 'name="refused" type="radio" value="hide" checked' in page.text
    assert "Clear filters" not in page.text  # the default is not a filter

    page = _page(admin, refused="hide")
    assert "Access refused" not in _table(page) and "Clear filters" not in page.text

    page = _page(admin, refused="only")
    body = _table(page)
    assert "Access refused" in body and "/admin/users" in body and "exported the project list" not in body
    assert "Matching events, newest first</caption>" in body
    assert 'value="only" checked' in page.text and "Clear filters" in page.text

    page = _page(admin, refused="all")
    body = _table(page)
    assert "Access refused" in body and "exported the project list" in body

    # Refusals combine with the other filters: only this person's.
    assert "Access refused" in _table(_page(admin, refused="only", actor=hr.user.name))
    assert "No events match these filters." in _table(_page(admin, refused="only", actor=admin.user.email))


def test_refused_access_is_not_one_of_the_actions_and_old_links_still_work(app, db, make, login):
    _hr, admin = _refusal_and_sign_in(db, login)
    page = admin.get("/admin/audit")
    assert '<option value="access_refused"' not in page.text  # the radios cover it
    assert '<option value="export"' in page.text
    page = _page(admin, action="access_refused")  # a link made before the radios
    assert "Access refused" in _table(page) and 'value="only" checked' in page.text


@pytest.mark.parametrize("args,message", [
    ({"refused": "only", "action": "export"}, "To show only refused access, set the action to ‘Any’"),
    ({"refused": "sometimes"}, "Choose whether to show refused access"),
])
def test_refused_access_filter_errors(app, db, make, login, args, message):
    _hr, admin = _refusal_and_sign_in(db, login)
    page = _page(admin, **args)
    assert page.status_code == 200 and message in page.text
    assert "<title>Error: Audit log – fossdash</title>" in page.text
    assert "No events match these filters." in page.text


def test_search_returns_plain_rows_and_paging(app, db, make):
    from fossdash import audit_search
    from fossdash.audit import AuditEvent

    alice = make.user("hr", email="alice@example.org", name="Alice Archer")
    db.session.execute(AuditEvent.__table__.insert(), [
        {"at": datetime(2026, 3, 1, 9, i), "actor": "alice@example.org", "actor_id": alice.id,
         "action": "update" if i % 2 else "access_refused", "entity": "project", "changes": {}, "note": str(i)}
        for i in range(7)])
    db.session.commit()

    first = audit_search.search(audit_search.Filters(actor="Archer"), page=1, per_page=2)
    assert [r.note for r in first.rows] == ["5", "3"]  # newest first, refusals hidden
    assert first.has_next and not first.has_previous
    row = first.rows[0]
    assert (row.who, row.name, row.actor, row.action_label, row.entity_label) == (
        "Alice Archer", "Alice Archer", "alice@example.org", "Changed", "Project")
    last = audit_search.search(audit_search.Filters(actor="Archer"), page=2, per_page=2)
    assert [r.note for r in last.rows] == ["1"] and not last.has_next and last.has_previous
    only = audit_search.search(audit_search.Filters(refused=audit_search.REFUSED_ONLY), per_page=50)
    assert [r.note for r in only.rows] == ["6", "4", "2", "0"]
    everything = audit_search.search(audit_search.Filters(actor="alice@", refused=audit_search.REFUSED_ALL))
    assert len(everything.rows) == 7
    # Days are UK days: 1 March 2026 is GMT, so 09:00 UTC is that morning.
    assert len(audit_search.search(audit_search.Filters(from_date=date(2026, 3, 1), to_date=date(2026, 3, 1))).rows) == 3
    assert audit_search.search(audit_search.Filters(from_date=date(2026, 3, 2), to_date=date(2026, 3, 31))).rows == []


# --- names, not email addresses ---------------------------------------------------------------------

class _Queries:
    def __init__(self, engine):
        self.engine, self.statements = engine, []

    def __enter__(self):
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, *_args):
        self.statements.append(statement)


def test_actor_names_in_one_query_by_account_and_never_for_anonymous(app, db, make):
    from fossdash import audit_search
    from fossdash.audit import AuditEvent

    helen = make.user("hr", email="helen@example.org", name="Helen Rowe")
    uzma = make.user("union_rep", email="uzma@example.org", name="Uzma Khan")
    # Accounts named like the non-people, to show they are never looked up.
    make.user("hr", email="anonymous", name="Not the anonymous staff")
    make.user("hr", email="system", name="Not the system")
    renamed = make.user("executive", email="old@example.org", name="Eve Exec")
    renamed.email = "new@example.org"
    db.session.commit()
    events = [
        AuditEvent(actor="helen@example.org", actor_id=helen.id),
        AuditEvent(actor="old@example.org", actor_id=renamed.id),  # logged before the change of email
        AuditEvent(actor="gone@example.org", actor_id=999_999),  # that account no longer exists
        AuditEvent(actor="anonymous", actor_id=None),
        AuditEvent(actor="system", actor_id=None),
        AuditEvent(actor="not signed in", actor_id=None),
    ]
    with _Queries(db.engine) as q:
        names = audit_search.actor_names(events + ["UZMA@example.org", "nobody@example.org"])
    assert len(q.statements) == 1
    assert names == {"helen@example.org": "Helen Rowe", "old@example.org": "Eve Exec",
                     "UZMA@example.org": "Uzma Khan"}
    assert names.get("gone@example.org", "gone@example.org") == "gone@example.org"  # falls back
    with _Queries(db.engine) as q:
        assert audit_search.actor_names(["anonymous", "system", "demo-data", "cli", "not signed in"]) == {}
        assert audit_search.actor_names([]) == {}
    assert q.statements == []  # nothing to look up: no query at all
    assert uzma  # (named by email above)


def test_audit_page_shows_names_with_the_email_as_secondary_text(app, db, make, login):
    from fossdash.audit import AuditEvent

    helen = make.user("hr", email="helen@example.org", name="Helen Rowe")
    db.session.execute(AuditEvent.__table__.insert(), [
        {"at": datetime(2026, 1, 2, 9, 5), "actor": "helen@example.org", "actor_id": helen.id,
         "action": "update", "entity": "project", "changes": {}, "note": "by helen"},
        {"at": datetime(2026, 1, 2, 10, 0), "actor": "gone@example.org", "actor_id": 999_999,
         "action": "update", "entity": "project", "changes": {}, "note": "by someone gone"},
        {"at": datetime(2026, 1, 2), "actor": "anonymous", "actor_id": None,
         "action": "create", "entity": "concern", "changes": {}, "note": "by staff"},
    ])
    db.session.commit()
    admin = login("admin")
    body = _table(_page(admin, from_date=["2", "1", "2026"], to_date=["2", "1", "2026"]))
    assert ('Helen Rowe<br><span class="govuk-body-s app-secondary-text">helen@example.org</span>') in body
    assert ">gone@example.org</td>" in body  # no account: the email address is all there is
    assert ">anonymous</td>" in body
    # Anonymous staff: the day only, never a time.
    assert '<time datetime="2026-01-02"><span class="app-nowrap">2 Jan 2026</span></time>' in body
    assert '<span class="app-nowrap">9:05am</span>' in body
    # "Who" finds people by name as well as by email address.
    body = _table(_page(admin, actor="rowe"))
    assert "by helen" in body and "by someone gone" not in body and "by staff" not in body


def test_grading_timeline_names_people_not_email_addresses(app, db, make):
    from fossdash.grading import timeline

    helen = make.user("hr", email="helen@example.org", name="Helen Rowe")

    class E:
        def __init__(self, id, actor, actor_id):
            self.id, self.actor, self.actor_id = id, actor, actor_id
            self.entity, self.entity_id, self.action = "grading_comment", str(id), "create"
            self.changes, self.note = {"body": [None, f"comment {id}"]}, ""
            self.at = datetime(2027, 1, 1, 9, id)

    events = [E(1, "helen@example.org", None),  # an email but no account id: looked up
              E(2, "gone@example.org", 999_999),  # an account that no longer exists
              E(3, "anonymous", None),
              E(4, "helen@example.org", helen.id)]
    names = timeline.Names(users={helen.id: "Helen Rowe"})
    with _Queries(db.engine) as q:
        by = {i.body: i.by for i in timeline.items(events, names)}
    assert len(q.statements) == 1
    assert by == {"comment 1": "Helen Rowe", "comment 2": "gone@example.org", "comment 3": "anonymous",
                  "comment 4": "Helen Rowe"}
    assert names.actors is None  # the caller's Names is left as it was
    # Names given in full: pure formatting, no database.
    with _Queries(db.engine) as q:
        timeline.items(events, timeline.Names(users={helen.id: "Helen Rowe"}, actors={}))
    assert q.statements == []
