"""Readiness in a real browser, by keyboard only: a programme manager adds an ADKAR assessment
(a score left out first: the error summary names it and nothing is saved), then reads its barrier
point and the evidence beside it; an executive reads the project home's readiness panel and the
readiness page and is offered nothing to change. Every page visited passes axe. Screenshots:
/tmp/fossdash/shots/readiness/."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.keyboard import to_id as _to_id, press_link as _press_link

pytestmark = pytest.mark.browser


def _score(page, key: str, score: int) -> None:
    """Tab to the dimension's radios (the first is focused), choose 1 with Space, arrow to the score."""
    _to_id(page, f"score_{key}")
    page.keyboard.press("Space")
    for _ in range(score - 1):
        page.keyboard.press("ArrowDown")


def test_a_programme_manager_assesses_by_keyboard_and_an_executive_reads_it(page, live_server, sign_in, axe, shot,
                                                                          browser):
    from fossdash.readiness.models import ReadinessAssessment

    world = live_server.world
    pid = world.project.id
    sign_in(page, "programme_manager")
    page.goto(f"{live_server.url}/projects/{pid}/readiness/")
    axe(page, "readiness page")
    _press_link(page, "Add an ADKAR assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an ADKAR assessment")
    today = date.today()
    _to_id(page, "assessed_on-day")
    page.keyboard.type(str(today.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(today.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(today.year))
    _to_id(page, "assessor")
    page.keyboard.type("Programme manager")
    for key, score in (("awareness", 4), ("knowledge", 3), ("ability", 4), ("reinforcement", 2)):
        _score(page, key, score)
    axe(page, "assessment form")
    _to_id(page, "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a score for desire")
    axe(page, "assessment form with an error")
    shot(page, "assessment-error")
    live_server.fresh()
    before = live_server.db.session.query(ReadinessAssessment).count()

    _score(page, "desire", 2)
    _to_id(page, "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("ADKAR assessment of")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Desire (2 of 5), the first element scoring 3 or less")
    expect(page.locator("#dimension-desire")).to_contain_text("Red")
    axe(page, "assessment page")
    shot(page, "assessment")
    live_server.fresh()
    assert live_server.db.session.query(ReadinessAssessment).count() == before + 1

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    ex = context.new_page()
    sign_in(ex, "executive")
    ex.goto(f"{live_server.url}/projects/{pid}/")
    panel = ex.locator("table", has_text="Readiness per dimension")
    expect(panel).to_contain_text("Desire")
    expect(panel).to_contain_text("Red")
    expect(ex.locator("body")).to_contain_text(f"Barrier point at desire: the ADKAR assessment of "
                                               f"{today.day} {today:%B %Y} scores desire 2 of 5")
    axe(ex, "project home")
    _press_link(ex, "Readiness")
    expect(ex.get_by_role("heading", level=1)).to_have_text("Readiness")
    expect(ex.get_by_text("Add an ADKAR assessment")).to_have_count(0)
    axe(ex, "readiness page for an executive")
    context.close()
