"""Removing an agency from a grading issue: the shared confirm page (fossdash.editing.delete_record),
refused when the row changed since the page was loaded, and kept in the audit log with its note."""
from __future__ import annotations

from decimal import Decimal

from tests.grading.helpers import issue, issue_url, snapshot


def _row(world):
    return next(r for r in issue(world).rows if r.id == world.ids["row_id"])


def _remove_url(world, row_id=None):
    return issue_url(world, f"agencies/{row_id or world.ids['row_id']}/remove")


def test_the_remove_page_is_the_confirm_page_inside_the_project(app, world, login):
    row = _row(world)
    page = login(world.users["hr"]).get(_remove_url(world)).text
    assert "Remove Grading world police from this grading issue?" in page
    assert "Their terms will no longer be compared for this role." in page
    # What is being removed, so the person can check it is the one they mean.
    assert "Grading world police: Police staff C, £20,000 to £22,000 a year, 39 hours a week, 24 days&#39; leave" in page
    button = page.split('govuk-button--warning', 1)[1].split("</button>", 1)[0]
    assert "Remove Grading world police" in button
    assert f'name="version" type="hidden" value="{row.version}"' in page  # posted back with the confirm
    assert 'class="app-project-nav"' in page  # the project layout, with its navigation
    crumbs = page.split('class="govuk-breadcrumbs', 1)[1].split("</nav>", 1)[0]
    assert "Grading register" in crumbs and "Customer service adviser" in crumbs
    assert f'href="{issue_url(world)}#agencies"' in page  # "No, go back" returns to the agencies
    assert _row(world) is not None  # a GET removes nothing


def test_a_remove_confirmed_from_an_older_version_of_the_row_deletes_nothing(app, world, login):
    """The defect: any POST removed the row. Now a confirm made before someone changed the row is
    refused (409) and the row stays, with what they saved."""
    hr, admin = login(world.users["hr"]), login(world.users["admin"])
    seen = str(_row(world).version)  # HR opens the remove page
    row = _row(world)
    resp = admin.post(issue_url(world, f"agencies/{row.id}/edit"), data={
        "current_grade": "Police staff D", "pay_min": "20500", "pay_max": "22500", "weekly_hours": "37",
        "annual_leave_days": "25", "reason": "Pay award", "version": seen})
    assert resp.status_code == 302  # meanwhile an admin enters this year's pay award
    before = snapshot(world)
    resp = hr.post(_remove_url(world), data={"version": seen})
    assert resp.status_code == 409
    assert "Someone else changed this while you were looking at it" in resp.text
    assert "Nothing was deleted" in resp.text
    assert snapshot(world) == before
    assert _row(world).pay_min == Decimal("20500.00")
    # The refusal carries the current version: confirming again removes it.
    fresh = str(_row(world).version)
    assert f'value="{fresh}"' in resp.text
    assert hr.post(_remove_url(world), data={"version": fresh}).status_code == 302
    assert world.ids["row_id"] not in {r.id for r in issue(world).rows}


def test_removing_flashes_goes_back_and_keeps_the_note_in_the_audit_log(app, world, login):
    from sqlalchemy import select

    from fossdash.audit import AuditEvent
    from fossdash.extensions import db

    hr = login(world.users["hr"])
    resp = hr.post(_remove_url(world), data={"version": str(_row(world).version)})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"{issue_url(world)}#agencies")
    assert len(issue(world).rows) == 1
    page = hr.get(issue_url(world)).text
    assert "Grading world police removed from this grading issue." in page
    assert "Agency removed: Grading world police" in page
    event = db.session.scalars(select(AuditEvent).filter_by(entity="grading_agency_row", action="delete",
                                                            entity_id=str(world.ids["row_id"]))).one()
    assert event.note == "Removed from the comparison"


def test_a_row_already_removed_is_not_found(app, world, login):
    hr = login(world.users["hr"])
    version = str(_row(world).version)
    assert hr.post(_remove_url(world), data={"version": version}).status_code == 302
    assert hr.post(_remove_url(world), data={"version": version}).status_code == 404
    assert hr.get(_remove_url(world)).status_code == 404
