"""Pulse surveys in a real browser, keyboard only and axe clean: a member of staff answers a round
through the staff link (with a mistake first), and a programme manager reads the trend and a
round's results. Screenshots: /tmp/fossdash/shots/surveys/."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _active(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName, name: e.getAttribute('name'),"
        " value: e.value, text: (e.innerText || e.textContent || '').trim()}; }")


def _tab_to(page, check, limit: int = 80) -> dict:
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = _active(page)
        if check(now):
            return now
        seen.append(now.get("name") or now.get("text")[:30] or now.get("tag"))
    raise AssertionError(f"not reachable with Tab; focus went through {seen}")


def _choose(page, name: str, steps: int) -> None:
    """Tab into a radio group, check its first option with Space, then arrow down `steps` times."""
    _tab_to(page, lambda f: f["name"] == name)
    page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def test_staff_answer_a_round_through_the_link_by_keyboard(page, live_server, axe, shot):
    from sqlalchemy import select

    from fossdash.surveys.models import HeldAnswer

    world = live_server.world
    page.goto(f"{live_server.url}/s/{world.project.staff_token}/")
    _tab_to(page, lambda f: f["text"] == "Answer the survey")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring pulse")
    expect(page.get_by_text("We do not record your name, account, IP address")).to_be_visible()
    expect(page.get_by_text("If something is urgent")).to_be_visible()  # where to go meanwhile
    axe(page, "survey start")
    shot(page, "staff-start")
    _tab_to(page, lambda f: f["text"].startswith("Start now"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Send it empty first: the error summary takes focus and nothing is stored.
    _tab_to(page, lambda f: f["text"] == "Send my answers", limit=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Select how much you agree: I feel positive about the change")
    assert page.title().startswith("Error: ")
    axe(page, "survey with errors")
    shot(page, "staff-errors")

    for name in ("q1", "q2", "q3", "q4", "q5"):
        _choose(page, name, 3)  # strongly disagree -> agree
    expect(page.get_by_role("radio", name="Agree", exact=True).first).to_be_checked()
    _choose(page, "recommend", 8)  # 0 -> 8
    _tab_to(page, lambda f: f["name"] == "comment")
    page.keyboard.type("The joint training was good.")
    _tab_to(page, lambda f: f["text"] == "Send my answers", limit=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".govuk-panel")).to_contain_text("Your answers have been sent")
    axe(page, "survey sent")
    shot(page, "staff-done")

    live_server.fresh()
    held = live_server.db.session.scalars(select(HeldAnswer)).all()
    assert [(h.q1, h.q2, h.q3, h.q4, h.q5, h.recommend, h.comment) for h in held] == [
        (4, 4, 4, 4, 4, 8, "The joint training was good.")]


def _results(live_server) -> None:
    """A closed round of eight and six more answers in the open one, released; and a milestone."""
    from fossdash.extensions import db
    from fossdash.projects.models import Milestone
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    world = live_server.world
    today = date.today()
    first = SurveyRound(project_id=world.project.id, title="Winter pulse", opens_on=today - timedelta(days=90),
                        closes_on=today - timedelta(days=76), own_items=[])
    db.session.add(first)
    db.session.add(Milestone(project_id=world.project.id, kind="opening", title="New front office opens",
                             on=today - timedelta(days=40)))
    db.session.flush()
    for i in range(8):
        v = 2 + i % 2
        db.session.add(SurveyAnswer(project_id=world.project.id, round_id=first.id, q1=v, q2=v, q3=v, q4=v, q5=v,
                                    recommend=4 + i % 3, answered_on=first.opens_on))
    spring = world.extra["surveys"]["round"]
    for i in range(6):
        db.session.add(SurveyAnswer(project_id=world.project.id, round_id=spring.id, q1=4, q2=5, q3=4, q4=4, q5=4,
                                    recommend=9, answered_on=spring.opens_on))
    db.session.commit()


def test_a_programme_manager_reads_the_trend_by_keyboard(page, live_server, sign_in, axe, shot):
    _results(live_server)
    world = live_server.world
    sign_in(page, "programme_manager")
    page.goto(f"{live_server.url}/projects/{world.project.id}/surveys/")
    expect(page.get_by_role("heading", level=2, name="Morale over time")).to_be_visible()
    chart = page.locator(".app-chart[data-chart]")
    expect(chart).to_have_class(re.compile(r"\bapp-chart--drawn\b"))
    assert chart.get_attribute("aria-label").startswith("Line chart of the morale index and eNPS")
    expect(page.get_by_text("New front office opens")).to_be_attached()  # the milestone's key
    rows = page.locator("table", has_text="Winter pulse").first.locator("tbody tr")
    expect(rows).to_have_count(2)
    axe(page, "survey trend")
    shot(page, "trend")

    # Keyboard: from the trend to the round, then its results.
    _tab_to(page, lambda f: f["text"] == "Spring pulse" and f["tag"] == "A", limit=150)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring pulse")
    figures = page.locator(".govuk-summary-list").last
    # 7 answers: core items 18 + 6 x 21 = 144 over 35, mean 4.11, (4.11 - 1) x 25 = 78; eNPS 6 of 7 at 9 = 86.
    expect(figures.locator(".govuk-summary-list__row", has_text="Answers")).to_contain_text("7")
    expect(figures.locator(".govuk-summary-list__row", has_text="Morale index")).to_contain_text("78")
    expect(figures.locator(".govuk-summary-list__row", has_text="eNPS")).to_contain_text("86")
    expect(page.locator(".app-chart[data-chart]")).to_have_class(re.compile(r"\bapp-chart--drawn\b"))
    expect(page.get_by_text("The canteen is great.")).to_be_visible()
    axe(page, "survey round results")
    shot(page, "round")
