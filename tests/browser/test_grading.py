"""Grading in a real browser: HR moves an issue to union consultation through the form (with a
reason), a union rep records "supports with conditions", and axe passes on every page visited.
Screenshots in /tmp/fossdash/shots/grading/."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _issue_url(live_server, suffix=""):
    w = live_server.world
    return f"{live_server.url}/projects/{w.project.id}/grading/{w.ids['issue_id']}/{suffix}"


def test_hr_moves_to_consultation_and_the_union_supports_with_conditions(page, live_server, sign_in, axe, shot):
    from fossdash.grading.models import GradingIssue

    # HR: the queue, the register, the issue, then the move form.
    sign_in(page, "hr")
    page.goto(live_server.url + "/grading/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grading queue")
    axe(page, "HR queue")
    page.get_by_role("link", name="Customer service adviser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer service adviser")
    axe(page, "issue page (HR)")
    page.get_by_role("button", name="Move this issue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move the issue on")
    axe(page, "move form")
    page.get_by_label("Start HR review").check()
    page.get_by_label("Reason").fill("Pay data from both employers is in.")
    page.get_by_role("button", name="Move the issue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Moved from raised to HR review")

    # The second move, with a mistake first: no reason gives a GOV.UK error and keeps the choice.
    page.get_by_role("button", name="Move this issue").click()
    page.get_by_label("Consult the union now (no job evaluation needed)").check()
    page.get_by_role("button", name="Move the issue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the reason for this move")
    assert page.title().startswith("Error: ")
    axe(page, "move form with an error")
    shot(page, "browser-move-error")
    summary.get_by_role("link", name="Enter the reason for this move").click()
    expect(page.get_by_label("Reason")).to_be_focused()
    page.get_by_label("Reason").fill("Roles are the same job: consult the branch.")
    page.get_by_role("button", name="Move the issue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Moved from HR review to union consultation")
    timeline = page.locator(".moj-timeline")
    expect(timeline.locator(".moj-timeline__item").first).to_contain_text("Roles are the same job")
    shot(page, "browser-issue-after-move")
    page.get_by_role("button", name="Sign out").click()

    # The union rep: the queue shows the consultation first, then the position form.
    sign_in(page, "union_rep")
    page.goto(live_server.url + "/grading/")
    expect(page.locator("tbody tr").first).to_contain_text("Union position needed")
    axe(page, "union queue")
    page.goto(_issue_url(live_server))
    axe(page, "issue page (union rep)")
    page.get_by_role("button", name="Record the union's position").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the union's position")
    axe(page, "position form")
    page.get_by_label("Supports with conditions").check()
    page.get_by_role("button", name="Save the union's position").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the union's conditions")
    axe(page, "position form with an error")
    page.get_by_label("The union's conditions").fill("No one's annual leave goes down.")
    page.get_by_role("button", name="Save the union's position").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("supports with conditions")
    expect(page.locator("#union-position ~ p .govuk-tag").first).to_have_text("Supports with conditions")
    expect(timeline.locator(".moj-timeline__item").first).to_contain_text("Union position: Supports with conditions")
    axe(page, "issue page after the position")
    shot(page, "browser-issue-after-position")

    live_server.fresh()
    saved = live_server.db.session.get(GradingIssue, live_server.world.ids["issue_id"])
    assert saved.status == "union_consultation"
    assert (saved.position.position, saved.position.conditions) == ("supports_with_conditions",
                                                                    "No one's annual leave goes down.")
    assert [t.reason for t in saved.transitions] == ["Pay data from both employers is in.",
                                                     "Roles are the same job: consult the branch."]


def test_register_and_forms_pass_axe(page, live_server, sign_in, axe, shot):
    sign_in(page, "hr")
    w = live_server.world
    base = f"{live_server.url}/projects/{w.project.id}/grading/"
    for name, url in [("register", base), ("new-issue", base + "new"),
                      ("terms", _issue_url(live_server, f"agencies/{w.ids['row_id']}/edit")),
                      ("add-agency", _issue_url(live_server, "agencies/new")),
                      ("remove-agency", _issue_url(live_server, f"agencies/{w.ids['row_id']}/remove")),
                      ("evaluation", _issue_url(live_server, "evaluation")),
                      ("decision", _issue_url(live_server, "decision")),
                      ("edit-issue", _issue_url(live_server, "edit"))]:
        page.goto(url)
        axe(page, name)
        shot(page, f"browser-{name}")
    # A form with errors of every kind (dates, numbers) passes too.
    page.goto(_issue_url(live_server, "decision"))
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("2")
    page.get_by_label("Year", exact=True).fill("2027")
    page.get_by_label("Lowest pay in the new range").fill("abc")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a number")
    axe(page, "decision form with errors")
    # The Excel download works from the register.
    page.goto(base)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the register (Excel)").click()
    assert download.value.suggested_filename.startswith("grading-register-")


def test_agreement_waits_for_the_union_and_the_union_can_answer_by_keyboard(page, live_server, sign_in, axe, shot):
    from fossdash.grading.models import GradingIssue
    from tests.grading.helpers import put_in_state

    put_in_state(live_server.world, "proposal", position="pending")

    # HR tries to mark the proposal agreed: refused, with the reason typed kept.
    sign_in(page, "hr")
    page.goto(_issue_url(live_server, "move"))
    page.get_by_label("Mark the proposal agreed").check()
    page.get_by_label("Reason").fill("Agreed at the joint consultative committee.")
    page.get_by_role("button", name="Move the issue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The proposal cannot be agreed while the union's position is pending")
    expect(page.get_by_label("Reason")).to_have_value("Agreed at the joint consultative committee.")
    axe(page, "agreement refused")
    shot(page, "browser-agreement-refused")
    page.get_by_role("button", name="Sign out").click()

    # The union rep answers with the keyboard only: Tab to the button, arrows through the radios.
    sign_in(page, "union_rep")
    page.goto(_issue_url(live_server))
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Record the union's position":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the union's position")
    for _ in range(60):  # past the header, the breadcrumbs and the project navigation
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "position":
            break
    for _ in range(3):  # pending -> supports -> supports with conditions -> opposes
        page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Opposes")).to_be_checked()
    page.keyboard.press("Tab")  # the conditions box (not needed for "opposes")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Why the union opposes it")).to_be_focused()
    page.keyboard.type("Twelve months' protection is too short.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save the union's position")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("opposes")
    axe(page, "issue page after opposing")
    live_server.fresh()
    saved = live_server.db.session.get(GradingIssue, live_server.world.ids["issue_id"])
    assert (saved.position.position, saved.position.reasons) == ("opposes", "Twelve months' protection is too short.")


def test_removing_an_agency_goes_through_the_confirm_page(page, live_server, sign_in, axe, shot):
    """The remove link opens the shared confirm page (CSRF on, as in production); confirming
    removes the agency from the comparison and nothing else."""
    from fossdash.grading.models import GradingAgencyRow, GradingIssue

    w = live_server.world
    sign_in(page, "hr")
    page.goto(_issue_url(live_server))
    page.get_by_role("link", name="Remove Grading world police").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove Grading world police from this grading issue?")
    expect(page.locator(".govuk-breadcrumbs")).to_contain_text("Customer service adviser")
    axe(page, "remove an agency")
    shot(page, "browser-remove-agency-confirm")
    page.get_by_role("button", name="Remove Grading world police").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Grading world police removed from this grading issue.")
    terms = page.locator("table", has_text="Current terms for Customer service adviser")
    expect(terms).to_contain_text("Grading world council")
    expect(terms).not_to_contain_text("Grading world police")
    live_server.fresh()
    assert live_server.db.session.get(GradingAgencyRow, w.ids["row_id"]) is None
    assert len(live_server.db.session.get(GradingIssue, w.ids["issue_id"]).rows) == 1
