"""A programme manager sets up a project in a real browser: creates it (after an error), adds two
partner agencies with different terms, and sees the differences highlighted side by side. axe
checks every projects page on the way (screenshots in /tmp/fossdash/shots/projects/)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _add_partner(page, name: str, kind: str, role: str, staff: str) -> None:
    page.get_by_role("button", name="Add a partner", exact=True).click()
    page.get_by_role("link", name="Add a new partner agency").click()
    page.get_by_label("Agency name").fill(name)
    page.get_by_label("Kind of body").select_option(label=kind)
    page.get_by_role("button", name="Save agency").click()
    # Back on the partner form the agency was added from.
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a partner")
    page.get_by_label("Partner agency").select_option(label=name)
    page.get_by_label(role, exact=True).check()
    page.get_by_label("Staff moving into the shared front office").fill(staff)
    page.get_by_role("button", name="Save partner").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"{name} added as a partner")
    # On to its terms and conditions, the next thing to record; the partners list is a click away.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Terms and conditions: {name}")
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Partners and terms").click()


def _set_terms(page, agency: str, hours: str, leave: str, pay_scale: str) -> None:
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Partners and terms").click()
    page.get_by_role("link", name=f"Terms and conditions of {agency}").click()
    page.get_by_label("Weekly hours").fill(hours)
    page.get_by_label("Annual leave (days)").fill(leave)
    page.get_by_label("Pay scale").fill(pay_scale)
    page.get_by_role("button", name="Save terms and conditions").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"Terms and conditions for {agency} saved")


def test_programme_manager_sets_up_a_project_and_compares_terms(page, live_server, sign_in, axe, shot):
    sign_in(page, "programme_manager")

    # The list, then the new-project form with errors.
    page.goto(live_server.url + "/projects/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects")
    axe(page, "project list")
    shot(page, "list")
    page.get_by_role("button", name="Create a project").click()
    page.get_by_label("Project name").fill("Ashford Gateway")
    page.get_by_label("Anonymity threshold (k)").fill("2")
    page.get_by_role("button", name="Save project").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Select the type of shared service")
    expect(summary).to_contain_text("Anonymity threshold must be 3 or more")
    assert page.title().startswith("Error: ")
    expect(page.get_by_label("Project name")).to_have_value("Ashford Gateway")  # nothing typed is lost
    axe(page, "new project form with errors")
    shot(page, "new-project-errors")
    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link", name="Anonymity threshold must be 3 or more").click()
    expect(page.get_by_label("Anonymity threshold (k)")).to_be_focused()

    page.get_by_label("One-stop shop").check()
    page.get_by_label("Design", exact=True).check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Lead body").fill("Kent County Council")
    page.get_by_label("Anonymity threshold (k)").fill("5")
    page.get_by_role("button", name="Save project").click()

    # The project home page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashford Gateway")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Project ‘Ashford Gateway’ created.")
    nav = page.get_by_role("navigation", name="Project")
    expect(nav.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    expect(page.locator(".govuk-summary-list")).to_contain_text("1 April 2027")
    axe(page, "project home")
    shot(page, "home")

    # Two partners, each a new agency, with different terms.
    nav.get_by_role("link", name="Partners and terms").click()
    _add_partner(page, "Kent County Council", "County council", "Lead", "14")
    _add_partner(page, "Kent Police", "Police", "Partner", "3")
    expect(page.locator("table")).to_contain_text("Kent County Council")
    axe(page, "partners")
    shot(page, "partners")
    _set_terms(page, "Kent County Council", "37", "25", "NJC spinal points")
    _set_terms(page, "Kent Police", "39", "28", "Police staff pay scales")

    # The comparison: partners in columns, the differing terms highlighted.
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare terms and conditions")
    expect(page.locator("#terms-summary")).to_have_text(
        "Partners differ on 3 of 6 terms: weekly hours (37 to 39), annual leave (25 to 28 days) and pay scale.")
    table = page.locator("table.app-terms-table")
    headers = table.locator("thead th")
    expect(headers.nth(1)).to_contain_text("Kent County Council")
    expect(headers.nth(2)).to_contain_text("Kent Police")
    for term in ("weekly_hours", "annual_leave_days", "pay_scale"):
        expect(table.locator(f'tr:has(th[data-term="{term}"]) td.app-diff')).to_have_count(2)
        expect(table.locator(f'th[data-term="{term}"]')).to_contain_text("Differs")
    expect(table.locator("td.app-diff")).to_have_count(6)
    expect(table.locator('tr:has(th[data-term="weekly_hours"]) td').nth(1)).to_have_text(re.compile(r"^\s*39 \(differs\)\s*$"))
    axe(page, "compare terms")
    shot(page, "compare")

    # The other project pages.
    nav = page.get_by_role("navigation", name="Project")
    nav.get_by_role("link", name="Staff groups").click()
    page.get_by_role("button", name="Add a staff group").click()
    page.get_by_label("Staff group name").fill("Kent County Council contact advisers")
    page.get_by_label("Agency").select_option(label="Kent County Council")
    page.get_by_label("Headcount", exact=True).fill("24")
    page.get_by_role("button", name="Save staff group").click()
    expect(page.locator("table")).to_contain_text("24")
    axe(page, "staff groups")

    page.get_by_role("navigation", name="Project").get_by_role("link", name="Governance").click()
    page.get_by_role("button", name="Add a governance body").click()
    page.get_by_label("Multi-agency advisory board").check()
    page.get_by_label("Name", exact=True).fill("Multi-Agency Advisory Board")
    page.get_by_label("Members").fill("Kent County Council\nKent Police")
    page.get_by_role("button", name="Save governance body").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Kent Police")
    axe(page, "governance")

    page.get_by_role("navigation", name="Project").get_by_role("link", name="Milestones").click()
    page.get_by_role("button", name="Add a milestone").click()
    page.get_by_label("Building opens").check()
    page.get_by_label("Title").fill("Ashford Gateway opens")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Save milestone").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Ashford Gateway opens")
    axe(page, "milestones timeline")
    shot(page, "milestones")

    page.get_by_role("navigation", name="Project").get_by_role("link", name="Members").click()
    expect(page.locator("table")).to_contain_text(live_server.world.users["programme_manager"].email)
    axe(page, "members")
    shot(page, "members")
