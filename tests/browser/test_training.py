"""The training plan in a real browser, by keyboard only: a programme manager adds a course and a
session and records attendance (an impossible count first, refused), HR records attendance too.
Every page visited passes axe. Screenshots: /tmp/fossdash/shots/training/."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.keyboard import to_id as _to_id, press_link as _press_link

pytestmark = pytest.mark.browser


def _type_into(page, ident: str, text: str) -> None:
    _to_id(page, ident)
    page.keyboard.type(text)


def _submit(page, ident: str = "submit") -> None:
    _to_id(page, ident)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_programme_manager_plans_a_course_and_records_attendance_by_keyboard(page, live_server, sign_in, axe,
                                                                                 shot):
    world = live_server.world
    group = world.extra["training"]["group"]
    sign_in(page, "programme_manager")
    page.goto(f"{live_server.url}/projects/{world.project.id}/training")
    axe(page, "training plan")
    _press_link(page, "Add a course")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a course")

    _type_into(page, "title", "101 joint induction")
    _to_id(page, "provider")
    page.keyboard.type("An outside")  # the select's type-ahead
    _type_into(page, "provider_name", "Tyne Training")
    _type_into(page, "days", "10")
    _to_id(page, "pace")
    page.keyboard.press("Space")
    _to_id(page, "scope")
    page.keyboard.press("Space")
    _to_id(page, "group_ids")
    page.keyboard.press("Space")
    axe(page, "course form")
    _submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Course ‘101 joint induction’ added")
    expect(page.get_by_role("heading", level=1)).to_have_text("101 joint induction")
    axe(page, "course page")

    _press_link(page, "Add a session")
    start = date.today() - timedelta(days=20)
    end = start + timedelta(days=4)
    for prefix, d in (("starts_on", start), ("ends_on", end)):
        _type_into(page, f"{prefix}-day", str(d.day))
        page.keyboard.press("Tab")
        page.keyboard.type(str(d.month))
        page.keyboard.press("Tab")
        page.keyboard.type(str(d.year))
    _type_into(page, "place", "Civic centre")
    _type_into(page, "capacity", "10")
    axe(page, "session form")
    _submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance: session starting")

    _type_into(page, f"planned_{group.id}", "8")
    _type_into(page, f"attended_{group.id}", "6")
    _type_into(page, f"completed_{group.id}", "7")  # more than attended: refused
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be no more than attended (6)")
    axe(page, "attendance with an error")
    shot(page, "attendance-error")
    _to_id(page, f"completed_{group.id}")
    page.keyboard.press("Control+A")
    page.keyboard.type("6")
    _submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Attendance saved")
    # The world's course already had 6 of the group's 12 completing it; this new one has 6 of 12.
    expect(page.locator("table", has_text="Coverage of this course")).to_contain_text("50%")
    axe(page, "course page with attendance")
    shot(page, "course")

    page.goto(f"{live_server.url}/projects/{world.project.id}/training")
    expect(page.locator("#training-coverage svg.main-svg").first).to_be_attached()
    axe(page, "training plan with charts")
    shot(page, "overview")


def test_hr_records_attendance_by_keyboard(page, live_server, sign_in, axe):
    world = live_server.world
    t = world.extra["training"]
    sign_in(page, "hr")
    page.goto(f"{live_server.url}/projects/{world.project.id}/training/courses/{t['course'].id}")
    _press_link(page, "Record attendance for the session starting 2 March 2026")
    _to_id(page, f"attended_{t['group'].id}")
    page.keyboard.press("Control+A")
    page.keyboard.type("8")
    _to_id(page, f"completed_{t['group'].id}")
    page.keyboard.press("Control+A")
    page.keyboard.type("8")
    axe(page, "attendance form")
    _submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Attendance saved")
    expect(page.locator("table", has_text="Coverage of this course")).to_contain_text("67%")
