"""Concerns in a real browser: log one and find it in the chart's table; raise one through the
anonymous staff link, answer it and publish it, and read it on the staff page. The chart is drawn
by plotly (an SVG, no console error) and every page visited passes axe.
Screenshots: /tmp/fossdash/shots/concerns/."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from fossdash.metrics.periods import Quarter

pytestmark = pytest.mark.browser


def _chart_drawn(page) -> None:
    chart = page.locator(".app-chart[data-chart]")
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("svg.main-svg").first).to_be_attached()
    expect(chart).to_have_class(re.compile(r"\bapp-chart--drawn\b"))
    label = chart.get_attribute("aria-label")
    assert label.startswith("Bar chart of ") and "table below" in label
    assert chart.locator("svg").first.get_attribute("aria-hidden") == "true"
    # plotly drew one bar group per category and the axis labels.
    assert chart.locator("g.barlayer g.trace").count() >= 1
    page.assert_no_problems("drawing the chart")


def test_log_a_concern_and_find_it_in_the_chart_table(page, live_server, sign_in, axe, shot):
    world = live_server.world
    base = f"{live_server.url}/projects/{world.project.id}/concerns/"
    sign_in(page, "programme_manager")
    page.goto(base)
    _chart_drawn(page)
    axe(page, "concerns register")
    shot(page, "register")

    page.get_by_role("button", name="Log a concern or question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a concern or question")
    page.get_by_role("button", name="Save").click()  # nothing filled in: errors, nothing saved
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what they said")
    assert page.title().startswith("Error: ")
    axe(page, "log a concern, with errors")
    shot(page, "log-errors")

    page.get_by_label("Concern", exact=True).check()
    page.get_by_label("What did they say?").fill("We heard the front desk closes in the spring.")
    page.get_by_label("Category").select_option("communication")
    page.get_by_label("How was it raised?").select_option("team_meeting")
    page.get_by_label("High").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("logged")
    axe(page, "concern page")

    page.goto(base)
    _chart_drawn(page)
    this_quarter = Quarter.of(date.today()).label.replace(" ", "\u00a0")
    row = page.locator("#concerns-per-quarter-table tbody tr", has=page.locator("th", has_text=this_quarter))
    expect(row).to_have_count(1)
    header = [h.strip() for h in page.locator("#concerns-per-quarter-table thead th").all_inner_texts()]
    cells = row.locator("td").all_inner_texts()
    values = dict(zip(header[1:], cells))
    assert values["Total"] == "1" and values["Communication and involvement"] == "1"
    expect(page.locator("table").last).to_contain_text("We heard the front desk closes in the spring.")


def test_a_concern_from_the_staff_link_answered_and_published(page, live_server, sign_in, axe, shot, browser):
    world = live_server.world
    token = world.project.staff_token
    question = "Is it true the front desk closes when the contact centre opens?"

    # A member of staff, no account.
    staff = browser.new_context(base_url=live_server.url, locale="en-GB")
    sp = staff.new_page()
    errors = []
    sp.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sp.goto(f"{live_server.url}/s/{token}/")
    expect(sp.get_by_role("heading", level=1)).to_have_text("Questions and answers for staff")
    axe(sp, "staff page")
    sp.get_by_role("button", name="Raise a concern or ask a question").click()
    expect(sp.get_by_text("We do not record your name, account, IP address, browser or the time of day.")).to_be_visible()
    axe(sp, "staff form")
    sp.get_by_role("button", name="Send").click()
    expect(sp.locator(".govuk-error-summary")).to_contain_text("Enter your concern or question")
    axe(sp, "staff form with errors")
    sp.get_by_label("Ask a question").check()
    sp.get_by_label("My job, or a take-over by another organisation").check()
    sp.get_by_label("Your concern or question").fill(question)
    sp.get_by_role("button", name="Send").click()
    expect(sp.locator(".govuk-panel")).to_contain_text("Your question has been sent")
    axe(sp, "sent")
    shot(sp, "staff-sent")
    assert not errors, errors
    staff.close()

    # Held until the daily release (so its place in the register says nothing of when it came);
    # the release a day later puts it in the register.
    from datetime import date, timedelta

    from fossdash.surveys.release import release_held
    assert release_held(on=date.today() + timedelta(days=1))[1] == 1

    # The programme manager answers it and publishes it.
    sign_in(page, "programme_manager")
    page.goto(f"{live_server.url}/projects/{world.project.id}/concerns/")
    page.get_by_role("link", name=question).click()
    expect(page.locator(".moj-timeline")).to_contain_text("Raised through the staff link")
    axe(page, "concern from the link")
    shot(page, "concern-from-link")
    page.get_by_role("button", name="Respond").click()
    page.get_by_label("Response").fill("No. The front desk stays open: its staff are trained for both.")
    page.get_by_label("Answered").check()
    axe(page, "respond")
    # Saved, and straight on to the wording for the staff page (nothing is published yet).
    page.get_by_role("button", name="Save and publish for staff").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Now word it for the staff page")
    expect(page.get_by_label("Question", exact=True)).to_have_value(question)
    expect(page.get_by_label("Answer", exact=True)).to_have_value(
        "No. The front desk stays open: its staff are trained for both.")
    page.get_by_label("Question", exact=True).fill("Will the front desk close when the contact centre opens?")
    axe(page, "publish form")
    page.get_by_role("button", name="Publish to the staff page").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Published to the staff page")
    axe(page, "questions and answers")
    shot(page, "questions")
    page.goto(f"{live_server.url}/projects/{world.project.id}/concerns/staff-link")
    axe(page, "staff link")
    page.get_by_role("button", name="Replace the link").click()
    axe(page, "replace the link")

    # Back on the staff page, without an account.
    reader = browser.new_context(base_url=live_server.url, locale="en-GB")
    rp = reader.new_page()
    rp.goto(f"{live_server.url}/s/{token}/")
    expect(rp.get_by_role("heading", name="Will the front desk close when the contact centre opens?")).to_be_visible()
    expect(rp.get_by_text("No. The front desk stays open: its staff are trained for both.")).to_be_visible()
    shot(rp, "staff-page")
    reader.close()


def test_one_agency_s_chart_hides_small_counts_and_a_small_group_stays_anonymous(page, live_server, sign_in, axe,
                                                                                 shot):
    """Filtering by an agency suppresses counts under k on the chart and its table; a concern from
    the staff link by a group under k shows neither agency nor group; a milestone title with markup
    is drawn as text, never as a link."""
    from tests.concerns.helpers import concern
    from tests.factories import Factory

    world = live_server.world
    make = Factory()
    big = make.agency("Newcastle City Council", "unitary_council")
    small = make.agency("Kent Police", "police")
    make.partnership(world.project, big, staff_moving_in=24)
    make.partnership(world.project, small, staff_moving_in=3)
    make.staff_group(world.project, small, name="Police front counter staff", headcount=3)
    for n in range(6):
        concern(world.project, text=f"Training {n}", category="skills", channel="briefing",
                raised_on=date(2007, 3, 1 + n), agency_id=big.id)
    concern(world.project, text="One pay worry", category="pay_grading", channel="briefing",
            raised_on=date(2007, 3, 20), agency_id=big.id)
    hidden = concern(world.project, text="Will the police run our counter?", channel="staff_link", severity=None,
                     agency_id=small.id, raised_on=date(2007, 3, 21))
    make.milestone(world.project, on=date(2007, 3, 15), kind="staff_move",
                   title='<a href="https://evil.example/">Staff move</a>')

    sign_in(page, "programme_manager")
    page.goto(f"{live_server.url}/projects/{world.project.id}/concerns/")
    page.get_by_label("Agency").select_option(label="Newcastle City Council")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("You are looking at one agency’s concerns and questions")).to_be_visible()
    _chart_drawn(page)
    chart = page.locator(".app-chart[data-chart]")
    assert chart.locator("svg a").count() == 0  # the milestone's title is text, not a link
    expect(page.locator("figcaption")).to_contain_text("[x]: hidden to protect anonymity")
    row = page.locator("#concerns-per-quarter-table tbody tr", has=page.locator("th", has_text="Jan\u00a0to\u00a0Mar\u00a02007"))
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "7" and cells[1:] == ["[x]", "[x]"]  # 6 skills and 1 pay: the 1 and the 6 both hidden
    axe(page, "one agency's concerns")
    shot(page, "agency-breakdown")

    page.goto(f"{live_server.url}/projects/{world.project.id}/concerns/{hidden.id}/")
    agency = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text="Agency"))
    expect(agency.locator("dd")).to_have_text("Not shown (not given, or a small group)")
    expect(page.locator("main")).not_to_contain_text("Kent Police")
    axe(page, "a small group's concern from the link")


def _boxes_overlap(a, b) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_the_chart_s_quarter_labels_can_be_read_on_a_phone(page, live_server, sign_in, shot):
    """Many quarters on a 375px phone: plotly would turn their labels and run them into each other;
    only some quarters are labelled, no two labels overlap, and the table has every quarter."""
    from tests.concerns.helpers import concern

    world = live_server.world
    for n in range(10):  # a concern in each of ten quarters
        concern(world.project, text=f"Quarter {n}", category="skills", channel="briefing",
                raised_on=date(2004 + (n * 3) // 12, 1 + (n * 3) % 12, 10))
    sign_in(page, "programme_manager")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/projects/{world.project.id}/concerns/")
    _chart_drawn(page)
    quarters = page.locator("#concerns-per-quarter-table tbody tr").count() - 1  # less the total
    ticks = page.locator(".app-chart[data-chart] g.xtick text")
    expect(ticks).not_to_have_count(quarters)  # thinned once drawn at this width
    shown = [ticks.nth(i).bounding_box() for i in range(ticks.count()) if ticks.nth(i).text_content()]
    assert quarters >= 10 and 2 <= len(shown) < quarters
    assert not any(_boxes_overlap(a, b) for i, a in enumerate(shown) for b in shown[i + 1:])
    shot(page, "chart-phone")
