"""The shell in a real browser: keyboard sign-in and sign-out, the error summary, the header and
footer, and axe on every foundation page (screenshots in /tmp/fossdash/shots/foundation/)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import Factory

pytestmark = pytest.mark.browser


def _focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName, id: e.id, name: e.getAttribute('name'), text: (e.innerText || '').trim()}; }"
    )


def _tab_to(page, check, limit: int = 15) -> dict:
    """Press Tab until check(focused) is true; fail if it is never reached by keyboard."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = _focused(page)
        if check(now):
            return now
        seen.append(now.get("id") or now.get("text") or now.get("tag"))
    raise AssertionError(f"not reachable with Tab; focus went through {seen}")


def _assert_shell(page) -> None:
    """Our own generic header and footer: no crown, crest, GOV.UK logo or Crown copyright."""
    header = page.locator("header.govuk-template__header")
    expect(header.locator(".govuk-generic-header__homepage-link")).to_have_text("fossdash")
    html = page.content()
    for banned in ("Crown copyright", "govuk-header", "govuk-logo", "govuk-footer__crown",
                   "govuk-footer__copyright-logo", 'aria-label="GOV.UK"', ">GOV.UK<"):
        assert banned not in html, f"{banned!r} appears on {page.url}"
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name="Accessibility statement")).to_be_visible()
    assert page.title().endswith(" – fossdash"), page.title()


def test_keyboard_sign_in_and_sign_out(page, live_server, shot):
    admin = live_server.world.users["admin"]
    page.goto(live_server.url + "/login")
    # The first Tab reaches the skip link.
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Skip to main content"
    _tab_to(page, lambda f: f["id"] == "email")
    page.keyboard.type(admin.email)
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "password"
    page.keyboard.type(Factory.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {admin.name}")
    assert page.url.rstrip("/") == live_server.url
    _assert_shell(page)
    nav = page.get_by_role("navigation", name="fossdash")
    for name in ("Home", "Projects", "Users", "Audit log"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Home", exact=True)).to_have_attribute("aria-current", "page")
    shot(page, "home")

    # Sign out from the service navigation, by keyboard too.
    _tab_to(page, lambda f: f["text"] == "Sign out", limit=25)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/login")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    # Signed out means signed out: the home page now asks for sign-in.
    page.goto(live_server.url + "/")
    assert "/login" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to fossdash")


def test_sign_in_returns_to_the_page_asked_for(page, live_server):
    page.goto(live_server.url + "/accessibility")
    page.goto(live_server.url + "/account/password")
    assert "/login?next=" in page.url
    page.get_by_label("Email address", exact=True).fill(live_server.world.users["hr"].email)
    page.get_by_label("Password", exact=True).fill(Factory.PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url.endswith("/account/password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")


def test_wrong_password_shows_error_summary_that_moves_focus(page, live_server, axe, shot):
    page.goto(live_server.url + "/login")
    page.get_by_label("Email address", exact=True).fill(live_server.world.users["hr"].email)
    page.get_by_label("Password", exact=True).fill("not the password at all")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.title().startswith("Error: Sign in – fossdash")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    # GOV.UK Frontend moves focus to the summary on load.
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Enter a correct email address and password")
    expect(link).to_have_count(1)
    link.click()
    expect(page.get_by_label("Email address", exact=True)).to_be_focused()
    # What they typed is kept (except the password).
    expect(page.get_by_label("Email address", exact=True)).to_have_value(live_server.world.users["hr"].email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    shot(page, "login-errors")
    axe(page, "sign-in page with errors")

    page.get_by_label("Email address", exact=True).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your password")).to_be_visible()
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()


def test_signed_out_pages_are_accessible(page, live_server, axe, shot):
    for path, name, heading in (
        ("/login", "login", "Sign in to fossdash"),
        ("/accessibility", "accessibility-signed-out", "Accessibility statement for fossdash"),
    ):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        _assert_shell(page)
        shot(page, name)
        axe(page, path)
    response = page.goto(live_server.url + "/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    _assert_shell(page)
    axe(page, "404 signed out")


def test_admin_pages_are_accessible(page, live_server, sign_in, axe, shot):
    sign_in(page, "admin")
    pages = [
        ("/", "home-admin", None),
        ("/accessibility", "accessibility", "Accessibility statement for fossdash"),
        ("/account/password", "change-password", "Change your password"),
        ("/admin/users", "users", "Users"),
        ("/admin/users/new", "new-user", "Add a user"),
        (f"/admin/users/{live_server.world.users['hr'].id}", "edit-user", None),
        ("/admin/audit", "audit", "Audit log"),
    ]
    for path, name, heading in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path}: {response.status}"
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        _assert_shell(page)
        shot(page, name, full_page=name != "audit")
        axe(page, path)
        page.assert_no_problems(f"on {path}")

    # The new-user form with errors: the summary lists each, and nothing typed is lost.
    page.goto(live_server.url + "/admin/users/new")
    page.get_by_label("Full name").fill("Sam Example")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_label("Temporary password").fill("short")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(summary).to_contain_text("Password must be 10 characters or more")
    expect(page.get_by_label("Full name")).to_have_value("Sam Example")
    assert page.title().startswith("Error: ")
    shot(page, "new-user-errors")
    axe(page, "new user with errors")

    # The audit log, filtered.
    page.goto(live_server.url + "/admin/audit")
    page.get_by_label("Action").select_option("sign_in")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "action=sign_in" in page.url
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)  # the one sign-in of this test
    expect(rows.first).to_contain_text("Signed in")
    expect(page.get_by_label("Action")).to_have_value("sign_in")
    shot(page, "audit-filtered")
    axe(page, "audit log filtered")

    response = page.goto(live_server.url + "/admin/users/999999")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    shot(page, "404")
    axe(page, "404 signed in")


def test_non_admin_gets_the_permission_page(page, live_server, sign_in, axe, shot):
    sign_in(page, "executive")
    nav = page.get_by_role("navigation", name="fossdash")
    expect(nav.get_by_role("link", name="Users", exact=True)).to_have_count(0)
    response = page.goto(live_server.url + "/admin/users")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to see this page")
    _assert_shell(page)
    shot(page, "403")
    axe(page, "403")


def _session_row(live_server, user):
    from sqlalchemy import select

    from fossdash.auth.models import UserSession

    live_server.fresh()
    return live_server.db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    ).one()


def test_session_timeout_warning_keeps_typing_safe(page, live_server, sign_in, axe, shot):
    from datetime import timedelta

    user = sign_in(page, "hr")
    page.clock.install()
    page.goto(live_server.url + "/account/password")
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_hidden()

    # Busy typing for 40 minutes: the page tells the server, so the session stays alive.
    for _ in range(8):
        page.clock.fast_forward("05:00")
        page.get_by_label("Current password").press_sequentially("ab")
    page.wait_for_timeout(300)
    expect(dialog).to_be_hidden()
    seen = _session_row(live_server, user).last_seen_at

    # Then nothing for 28 minutes: the warning.
    page.clock.fast_forward("28:10")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    shot(page, "timeout-warning", full_page=False)
    axe(page, "session timeout warning")
    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive") and r.status == 204):
        dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    assert _session_row(live_server, user).last_seen_at >= seen

    # Nothing again, past the end: the page goes to sign in and says why.
    row = _session_row(live_server, user)
    row.last_seen_at -= timedelta(minutes=31)
    live_server.db.session.commit()
    page.clock.fast_forward("28:10")
    expect(dialog).to_be_visible()
    with page.expect_navigation():
        page.clock.fast_forward("02:10")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to fossdash")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You were signed out because you had not done anything for 30 minutes")
    assert "next=/account/password" in page.url
