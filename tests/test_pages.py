"""The health check, the accessibility statement and the error pages."""
from __future__ import annotations

import pytest

BAD_URLS = {
    "sqlite": "sqlite:////nonexistent-folder/fossdash/unreachable.db",
    "postgres": "postgresql+psycopg://nobody:nothing@127.0.0.1:9/nowhere?connect_timeout=2",
}


def test_healthz_reports_the_database(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok", "database": "ok"}
    assert resp.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_when_the_database_is_unreachable(backend, tmp_path, caplog):
    from fossdash import create_app
    from tests.conftest import TEST_CONFIG

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": BAD_URLS[backend]})
    resp = app.test_client().get("/healthz")
    assert resp.status_code == 503
    assert resp.get_json() == {"status": "error", "database": "unreachable"}
    assert "Traceback" not in resp.text and "nothing@" not in resp.text
    # Pages that need the database say sorry, in the GOV.UK way, without a stack trace.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    page = app.test_client().post("/login", data={"email": "hr@example.org", "password": "whatever it is"})
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.text
    assert "Traceback" not in page.text and "OperationalError" not in page.text
    # Someone signed in when the database went away: the page cannot even load who they are.
    client = app.test_client()
    with client.session_transaction() as s:
        s["sid"], s["_user_id"] = "some-session", "1"
    page = client.get("/")
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.text and "Traceback" not in page.text


def test_accessibility_statement_is_public_and_linked_from_every_page(client, login):
    page = client.get("/accessibility")
    assert page.status_code == 200
    assert "<title>Accessibility statement – fossdash</title>" in page.text
    assert "Accessibility statement for fossdash" in page.text
    for text in (client.get("/login").text, login("hr").get("/").text):
        assert 'href="/accessibility"' in text


def test_the_shell_is_ours_not_govuks(client, login):
    for page in (client.get("/login"), login("admin").get("/")):
        text = page.text
        assert 'class="govuk-generic-header' in text and ">fossdash<" in text.replace("\n", "").replace(" ", "")
        assert "Crown copyright" not in text and "govuk-header__logotype" not in text
        assert "govuk-footer__crown" not in text and "govuk-logo" not in text
        assert 'href="#main-content"' in text and "Skip to main content" in text
        assert 'id="main-content"' in text
        assert '<html lang="en"' in text


def test_flashes_are_notification_banners(login):
    client = login("hr")
    client.post("/logout")
    page = client.get("/login")
    assert 'class="govuk-notification-banner govuk-notification-banner--success"' in page.text
    assert "You have signed out" in page.text


def test_404_page(client, login):
    for c in (client, login("hr")):
        resp = c.get("/no/such/page")
        assert resp.status_code == 404
        assert "<title>Page not found – fossdash</title>" in resp.text
        assert "If you typed the web address, check it is correct." in resp.text


def test_403_page(login):
    resp = login("hr").get("/admin/users")
    assert resp.status_code == 403
    assert "<title>You do not have permission to see this page – fossdash</title>" in resp.text


def test_405_is_not_a_stack_trace(login):
    resp = login("hr").get("/logout")
    assert resp.status_code == 405
    assert "Traceback" not in resp.text and "fossdash" in resp.text


@pytest.fixture
def broken_app(app_factory):
    """An app with a test-only route that fails, run as in production (no propagation)."""
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.route("/test-only/boom")
    def boom():
        raise RuntimeError("secret internals: password=hunter2 at /srv/fossdash/views.py line 42")

    from fossdash.security import public

    app.view_functions["boom_public"] = public(lambda: 1 / 0)
    app.add_url_rule("/test-only/boom-public", "boom_public", app.view_functions["boom_public"])
    with app.app_context():
        yield app


def test_500_page_shows_no_stack_trace(broken_app, caplog):
    from tests.conftest import signed_in_client
    from tests.factories import Factory

    for client in (broken_app.test_client(), signed_in_client(broken_app, Factory().user("hr"))):
        resp = client.get("/test-only/boom-public")
        assert resp.status_code == 500
        assert "<title>Sorry, there is a problem with the service – fossdash</title>" in resp.text
        assert "ZeroDivisionError" not in resp.text and "Traceback" not in resp.text
    client = signed_in_client(broken_app, Factory().user("hr"))
    resp = client.get("/test-only/boom")
    assert resp.status_code == 500
    assert "hunter2" not in resp.text and "RuntimeError" not in resp.text and "views.py" not in resp.text
    assert "Sign out" in resp.text  # the normal shell, still signed in
    # ... but the log has it, for whoever runs the service.
    assert any("hunter2" in (r.exc_text or "") or "hunter2" in str(r.exc_info) for r in caplog.records)


def test_expired_form_page(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        resp = app.test_client().post("/login", data={"email": "a@example.org", "password": "x"})
        assert resp.status_code == 400
        assert "The page you were using has expired" in resp.text
        assert "Nothing was saved." in resp.text
