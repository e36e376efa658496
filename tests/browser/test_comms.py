"""The communication plan in a real browser, by keyboard only: a programme manager finds the
overdue all-staff briefing at the top of the plan, records it as done late (a date in the future
refused first), and finds it in its month, folded away, tagged "Done late". Every page visited
passes axe, at desktop width and on a phone. Screenshots: /tmp/fossdash/shots/comms/."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.keyboard import press_link as _press_link, tab_to as _tab_to, to_id as _to_id
from tests.browser.test_training import _submit

pytestmark = pytest.mark.browser


def _retype(page, ident: str, text: str) -> None:
    _to_id(page, ident)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _date(page, prefix: str, d: date) -> None:
    for part, value in (("day", d.day), ("month", d.month), ("year", d.year)):
        _retype(page, f"{prefix}-{part}", str(value))


def test_a_programme_manager_marks_a_briefing_done_late_by_keyboard(page, live_server, sign_in, axe, shot):
    world = live_server.world
    action = world.extra["comms"]["action"]  # due 1 March 2007, not done: overdue
    sign_in(page, "programme_manager")
    plan = f"{live_server.url}/projects/{world.project.id}/communication/"
    page.goto(plan, wait_until="domcontentloaded")  # (the chart script may take a while on a busy machine)
    expect(page.locator("#overdue")).to_be_visible()
    overdue = page.locator("#overdue")
    expect(overdue).to_contain_text("1 action not done by their due date")
    expect(page.locator("table", has_text=action.title).locator(".govuk-tag")).to_have_text("Overdue")
    axe(page, "plan with an overdue action")

    _press_link(page, action.title)
    expect(page.get_by_role("heading", level=1)).to_have_text(action.title)
    expect(page.locator(".govuk-tag")).to_have_text("Overdue")
    axe(page, "action page")
    _press_link(page, "Record it as done")
    expect(page.get_by_role("heading", level=1)).to_contain_text("as done")

    future = date.today() + timedelta(days=2)
    _date(page, "done_on", future)
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be today or in the past")
    axe(page, "done form with an error")
    shot(page, "done-error")

    _date(page, "done_on", date(2007, 3, 5))
    _retype(page, "people_reached", "120")
    _to_id(page, "feedback")
    page.keyboard.type("Questions about shift patterns at the new centre.")
    _submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"“{action.title}” recorded as done late.")
    expect(page.locator(".govuk-tag")).to_have_text("Done late")
    expect(page.locator(".govuk-summary-list")).to_contain_text("5 March 2007")
    axe(page, "action done late")
    live_server.fresh()
    from fossdash.comms.models import CommsAction

    saved = live_server.db.session.get(CommsAction, action.id)
    assert (saved.done_on, saved.people_reached, saved.status()) == (date(2007, 3, 5), 120, "done_late")

    # Back on the plan: nothing overdue; March 2007 is folded, says what it holds, and opens by keyboard.
    page.goto(plan, wait_until="domcontentloaded")  # (the chart script may take a while on a busy machine)
    expect(page.locator(".govuk-accordion__show-all")).to_be_visible()
    expect(page.locator("#overdue")).to_have_count(0)
    section = page.locator(".govuk-accordion__section", has_text="March 2007")
    expect(section).to_contain_text("1 action: 1 done late")
    expect(section.locator("table")).to_be_hidden()
    _tab_to(page, lambda f: f["text"].startswith("March 2007"))
    page.keyboard.press("Enter")
    expect(section.locator("table")).to_be_visible()
    expect(section.locator("table .govuk-tag")).to_have_text("Done late")
    axe(page, "plan with March opened")
    shot(page, "plan")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(plan, wait_until="domcontentloaded")  # (the chart script may take a while on a busy machine)
    expect(page.locator(".govuk-accordion__show-all")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the plan is {width}px wide on a 375px phone"
    axe(page, "plan on a phone")
    shot(page, "plan-phone")


def test_a_double_click_on_save_adds_the_action_once(page, live_server, sign_in):
    from fossdash.comms.models import CommsAction

    world = live_server.world
    sign_in(page, "programme_manager")
    page.goto(f"{live_server.url}/projects/{world.project.id}/communication/new")
    page.locator("#title").fill("Rumour-busting column, issue 3")
    page.get_by_label("Rumour-busting section").check()
    page.get_by_label("All staff").check()
    page.locator("#owner").fill("Communications officer")
    due = date.today() + timedelta(days=20)
    for part, value in (("day", due.day), ("month", due.month), ("year", due.year)):
        page.locator(f"#due_on-{part}").fill(str(value))
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    # Two clicks 40 ms apart, the way a double-click lands: the first request is already on its way.
    with page.expect_navigation():
        page.evaluate("() => { const b = document.getElementById('submit'); b.click(); "
                      "setTimeout(() => b.click(), 40); }")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rumour-busting column, issue 3")
    page.wait_for_timeout(1500)  # (time for a second request, had one been sent)
    assert len(posts) == 1, posts
    live_server.fresh()
    db = live_server.db
    assert db.session.scalar(db.select(db.func.count()).select_from(CommsAction)
                             .filter_by(title="Rumour-busting column, issue 3")) == 1


def test_milestone_numbers_a_week_apart_can_both_be_read_on_a_phone(page, live_server, sign_in, shot):
    """Two milestones a week apart sit a few pixels apart on a 375px phone: their numbered labels
    are moved apart so that neither covers the other (static/js/charts.js, spreadLabels)."""
    from fossdash.extensions import db
    from fossdash.projects.models import Milestone

    world = live_server.world
    for title, on in (("Joint induction starts", date(2007, 3, 5)), ("Building opens", date(2007, 3, 12))):
        db.session.add(Milestone(project_id=world.project.id, kind="opening", title=title, on=on))
    db.session.commit()
    sign_in(page, "programme_manager")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/projects/{world.project.id}/communication/")
    chart = page.locator(".app-chart[data-chart]")
    expect(chart).to_have_class(re.compile(r"\bapp-chart--drawn\b"))
    labels = chart.locator("g.annotation")
    expect(labels.filter(has_text="2")).to_have_count(1)
    page.wait_for_timeout(300)  # the labels are spread once drawn at this width
    one, two = (labels.filter(has_text=re.compile(f"^{n}$")).bounding_box() for n in (1, 2))
    assert one["x"] + one["width"] <= two["x"], (one, two)
    shot(page, "milestones-phone")
