"""A Shared Solutions workshop captured live in a real browser, by keyboard only: the facilitator
types the tenants' priorities and every score, the officers' scores, the officers' guess, and
reads what both groups share and what surprised them. Every page visited passes axe.
Screenshots: /tmp/fossdash/shots/workshops/."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.keyboard import FOCUSED, press_link as _press_link, to_id as _to_id

pytestmark = pytest.mark.browser


def _submit(page) -> None:
    _to_id(page, "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _scores(page, ids: dict[str, int], values: dict[str, int]) -> None:
    """Tab from box to box typing each score: the boxes come in the order the priorities were listed."""
    order = sorted(values, key=lambda t: ids[t])
    _to_id(page, f"p{ids[order[0]]}")
    for n, title in enumerate(order):
        if n:
            page.keyboard.press("Tab")
            assert page.evaluate(FOCUSED)["id"] == f"p{ids[title]}"
        page.keyboard.press("Control+A")
        page.keyboard.type(str(values[title]))


def test_a_facilitator_captures_priorities_scores_and_guesses_by_keyboard(page, live_server, sign_in, axe, shot):
    from fossdash.workshops.models import WorkshopPriority

    world = live_server.world
    pid, wid = world.project.id, world.ids["workshop_id"]
    sign_in(page, "programme_manager")
    page.goto(f"{live_server.url}/projects/{pid}/workshops/{wid}/")
    axe(page, "workshop page")

    _press_link(page, "Priorities and scores from Tenants")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tenants: priorities and scores")
    _to_id(page, "lines")
    page.keyboard.type("Anti-social behaviour")
    page.keyboard.press("Enter")
    page.keyboard.type("Repairs done right first time")
    axe(page, "capture form")
    _submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "2 priorities from tenants added and scores saved")
    live_server.fresh()
    ids = {p.title: p.id for p in live_server.db.session.scalars(
        live_server.db.select(WorkshopPriority).filter_by(workshop_id=wid))}
    _scores(page, ids, {"Knowing when repairs will be done": 9, "Speed of repairs": 1, "Anti-social behaviour": 8,
                        "Repairs done right first time": 2})
    shot(page, "capture-tenants")
    _submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Scores from tenants saved")

    _press_link(page, "Priorities and scores from Housing officers")
    _scores(page, ids, {"Knowing when repairs will be done": 1, "Speed of repairs": 10, "Anti-social behaviour": 9,
                        "Repairs done right first time": 0})
    _submit(page)

    _press_link(page, "Guesses from Housing officers")
    axe(page, "guesses form")
    _to_id(page, "guess_1")
    page.keyboard.type("Speed")  # the select's type-ahead
    _submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Guesses from housing officers saved")

    shared = page.locator("ol[aria-label='Shared priorities']")
    expect(shared).to_contain_text("Anti-social behaviour")
    expect(shared).not_to_contain_text("Speed of repairs")
    expect(page.locator("ul[aria-label='Surprises']")).to_contain_text(
        "Housing officers expected tenants to put speed of repairs first; tenants put knowing when repairs will be "
        "done first.")
    expect(page.locator("ul[aria-label='Divergent priorities']")).to_contain_text(
        "Knowing when repairs will be done: high for Tenants (1.00), low for Housing officers (0.10).")
    axe(page, "workshop page with findings")
    shot(page, "workshop-page")
