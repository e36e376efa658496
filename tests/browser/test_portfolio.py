"""The portfolio in a real browser, by keyboard only: an executive signs in, lands on the
portfolio, sorts the readiness table by its evidence index, filters it by stage, reads the
verdict and opens a project; then the trends page. Every page passes axe, at desktop width and at
375 px. Screenshots: /tmp/fossdash/shots/portfolio/."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.keyboard import tab_to as _tab_to

pytestmark = pytest.mark.browser


def _press(page, check) -> None:
    _tab_to(page, check)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _link(text: str):
    return lambda f: f["tag"] == "A" and " ".join(f["text"].split()).startswith(text)


def _records(live_server) -> None:
    """Alpha: a FOSS self-assessment with communication green, and one of three briefings done on
    time (with the world's overdue one, 1 of 4: 25), so its evidence contradicts the green."""
    from fossdash.comms.models import CommsAction
    from fossdash.metrics import readiness as rules
    from fossdash.readiness.models import ReadinessAssessment, ReadinessScore

    db, project = live_server.db, live_server.world.project
    today = date.today()
    a = ReadinessAssessment(project_id=project.id, assessed_on=today - timedelta(days=3), framework="foss",
                            assessor="Programme manager", summary="")
    for i, dim in enumerate(rules.DIMENSIONS["foss"]):
        a.scores.append(ReadinessScore(project_id=project.id, dimension=dim, position=i,
                                       score=4 if dim == "communication" else 3, note=""))
    db.session.add(a)
    for i in range(3):
        db.session.add(CommsAction(project_id=project.id, title=f"Briefing {i}", technique="all_staff_briefing",
                                   audience="all_staff", owner="Chief executive", due_on=today - timedelta(days=20),
                                   done_on=today - timedelta(days=21) if i == 0 else None, feedback=""))
    db.session.commit()


def _sign_in_by_keyboard(page, live_server, who: str) -> None:
    from tests.factories import Factory

    page.goto(live_server.url + "/login")
    _tab_to(page, lambda f: f["id"] == "email")
    page.keyboard.type(live_server.world.users[who].email)
    _tab_to(page, lambda f: f["id"] == "password")
    page.keyboard.type(Factory.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("width", [1280, 375])
def test_an_executive_reads_the_portfolio_and_opens_a_project_by_keyboard(page, live_server, axe, shot, width):
    _records(live_server)
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in_by_keyboard(page, live_server, "executive")
    # Executives land on the portfolio.
    assert page.url.endswith("/portfolio/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio readiness")
    table = page.locator("#heatmap")
    alpha = table.get_by_role("row").filter(has_text="Alpha one-stop shop")
    expect(alpha).to_contain_text("Green 4")
    expect(alpha).to_contain_text("Flagged")
    expect(page.locator(".app-portfolio-verdicts")).to_contain_text(
        "Alpha one-stop shop: ADKAR barrier at desire (2 of 5)")  # the world's ADKAR assessment
    axe(page, f"portfolio {width}")
    shot(page, f"portfolio-{width}")
    # A wide page: header, main and footer share one width, beyond GOV.UK's 960px at desktop
    # (the heatmap's ten columns fit); on a phone the table scrolls inside its region, not the page.
    widths = page.evaluate("() => [...document.querySelectorAll('.govuk-width-container')]"
                           ".map(e => Math.round(e.getBoundingClientRect().width))")
    assert len(set(widths)) == 1 and widths[0] == (1220 if width == 1280 else 345), widths
    assert page.evaluate("() => document.documentElement.scrollWidth") == width
    region = page.locator("#heatmap").locator("xpath=ancestor::div[contains(@class, 'app-table-scroll')]")
    overflows = region.evaluate("e => e.scrollWidth > e.clientWidth")
    assert overflows == (width == 375)
    hint = page.locator("[data-app-scroll-region]", has=page.locator("#heatmap")).locator(".app-scroll-region__hint")
    if overflows:
        expect(hint).to_be_visible()
    else:
        expect(hint).to_be_hidden()

    # Sort by the evidence index with a link: the header says how it is sorted.
    _press(page, _link("Evidence index"))
    assert "sort=index" in page.url
    expect(page.locator("#heatmap th[aria-sort='ascending']")).to_contain_text("Evidence index")
    expect(page.locator("#heatmap caption")).to_contain_text("sorted by evidence index, lowest first")
    indexes = [int(t.split()[-1]) for t in page.locator("#heatmap tbody td:nth-child(3)").all_inner_texts()]
    assert indexes == sorted(indexes) and len(indexes) == 2

    # Filter by stage from the keyboard: the select, then Apply filters.
    _tab_to(page, lambda f: f["id"] == "stage")
    page.keyboard.type("Design")  # the select's type-ahead
    expect(page.locator("#stage")).to_have_value("design")
    _press(page, lambda f: f["text"] == "Apply filters")
    assert "stage=design" in page.url and "sort=index" in page.url
    axe(page, f"portfolio filtered {width}")

    # Open the project from its verdict.
    _press(page, _link("Alpha one-stop shop: ADKAR barrier"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha one-stop shop")
    axe(page, f"project home from the portfolio {width}")


def test_the_trends_page_by_keyboard(page, live_server, axe, shot):
    _records(live_server)
    _sign_in_by_keyboard(page, live_server, "executive")
    _press(page, _link("Trends over time"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio trends")
    expect(page.locator("#portfolio-index-table")).to_contain_text("Alpha one-stop shop")
    expect(page.locator("#portfolio-index svg").first).to_be_visible()
    axe(page, "portfolio trends")
    shot(page, "portfolio-trends")
