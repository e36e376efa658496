"""Security headers, cookies, CSRF and the sign-in gate on every route."""
from __future__ import annotations

import re

import pytest

from tests.factories import Factory

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "base-uri": "'none'",
}


def _csp(resp) -> dict:
    out = {}
    for part in resp.headers["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        out[name] = value
    return out


@pytest.mark.parametrize("path,who", [
    ("/login", None), ("/accessibility", None), ("/healthz", None), ("/no-such-page", None),
    ("/", "hr"), ("/admin/users", "admin"), ("/admin/users", "hr"), ("/account/password", "hr"),
])
def test_security_headers_on_every_response(app, client, login, path, who):
    resp = (login(who) if who else client).get(path)
    csp = _csp(resp)
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9_-]{16,})'", csp.pop("script-src")).group(1)
    assert csp == CSP_DIRECTIVES
    assert "unsafe-eval" not in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in resp.headers  # plain http: no HSTS
    assert resp.headers["Cache-Control"] == "no-store"
    if resp.mimetype == "text/html":
        scripts = re.findall(r"<script\b[^>]*>", resp.text)
        inline = [s for s in scripts if "src=" not in s]
        assert inline == [f'<script nonce="{nonce}">'], "exactly one inline script, with the nonce"
        assert all('type="module"' in s for s in scripts if "src=" in s)
        assert not re.search(r"\son[a-z]+=", resp.text), "no inline event handlers"
        assert not re.search(r"\sstyle=", resp.text), "no style attributes"


def test_nonce_changes_on_every_response(client):
    first = _csp(client.get("/login"))["script-src"]
    second = _csp(client.get("/login"))["script-src"]
    assert first != second


def test_hsts_over_https(client):
    resp = client.get("/login", base_url="https://localhost")
    assert resp.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_static_files_may_be_cached(client):
    resp = client.get("/static/favicon.svg")
    assert resp.status_code == 200
    assert resp.headers.get("Cache-Control") != "no-store"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def _set_cookie(resp, name="fossdash_session") -> str:
    return next(c for c in resp.headers.getlist("Set-Cookie") if c.startswith(name + "="))


@pytest.fixture
def plain_app(tmp_path, sqlite_template):
    """create_app as production calls it (settings from the environment), on a copy of the
    migrated SQLite template; only the secret key and the database are given."""
    import shutil

    from fossdash import create_app

    def make():
        path = tmp_path / "plain.db"
        shutil.copy(sqlite_template, path)
        return create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                           "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})

    return make


def _signed_in_cookie(app) -> str:
    with app.app_context():
        from fossdash.extensions import db

        user = Factory().user("hr")
        resp = app.test_client().post("/login", data={"email": user.email, "password": Factory.PASSWORD})
        assert resp.status_code == 302
        db.session.remove()
        db.engine.dispose()
    return _set_cookie(resp)


def test_session_cookie_is_secure_by_default(plain_app, monkeypatch):
    monkeypatch.delenv("COOKIE_SECURE", raising=False)
    cookie = _signed_in_cookie(plain_app())
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookie_secure_can_be_turned_off_for_local_http(plain_app, monkeypatch):
    monkeypatch.setenv("COOKIE_SECURE", "0")
    cookie = _signed_in_cookie(plain_app())
    assert "Secure" not in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_create_app_reads_cookie_secure_from_the_environment(monkeypatch, tmp_path):
    """The real factory, with no test overrides at all."""
    from fossdash import create_app

    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("FOSSDASH_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("COOKIE_SECURE", raising=False)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["WTF_CSRF_ENABLED"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'fossdash.db'}"
    monkeypatch.setenv("COOKIE_SECURE", "0")
    assert create_app().config["SESSION_COOKIE_SECURE"] is False


def test_no_secret_key_no_app(monkeypatch, tmp_path):
    from fossdash import create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("FOSSDASH_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="No secret key"):
        create_app()
    (tmp_path / "secret_key").write_text("from-the-instance-folder\n")
    assert create_app().config["SECRET_KEY"] == "from-the-instance-folder"


def test_database_url_switches_to_postgresql(monkeypatch, tmp_path):
    from fossdash import config

    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db.example:5432/fossdash")
    assert config.load(tmp_path)["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example:5432/fossdash"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@db/fossdash")
    assert config.load(tmp_path)["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/fossdash"


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(plain_app):
    from sqlalchemy import text

    app = plain_app()
    with app.app_context():
        from fossdash.extensions import db

        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        db.engine.dispose()


# --- CSRF ---------------------------------------------------------------------------------------

@pytest.fixture
def csrf_app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


def test_post_to_sign_in_without_a_token_is_refused(csrf_app):
    user = Factory().user("hr")
    client = csrf_app.test_client()
    resp = client.post("/login", data={"email": user.email, "password": Factory.PASSWORD})
    assert resp.status_code == 400
    assert "The page you were using has expired" in resp.text
    assert "<title>The page you were using has expired – fossdash</title>" in resp.text
    with client.session_transaction() as s:
        assert "sid" not in s


def test_sign_in_with_the_token_works(csrf_app):
    user = Factory().user("hr")
    client = csrf_app.test_client()
    page = client.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    resp = client.post("/login", data={"email": user.email, "password": Factory.PASSWORD, "csrf_token": token})
    assert resp.status_code == 302


def test_admin_form_without_a_token_is_refused_and_saves_nothing(csrf_app):
    from sqlalchemy import func, select

    from fossdash.auth.models import User
    from fossdash.extensions import db
    from tests.conftest import signed_in_client

    admin = signed_in_client(csrf_app, Factory().user("admin"))
    before = db.session.scalar(select(func.count()).select_from(User))
    resp = admin.post("/admin/users/new", data={"name": "Sam", "email": "sam@example.org", "role": "admin",
                                                "password": "copper kettle lantern", "active": "y"})
    assert resp.status_code == 400
    assert "The page you were using has expired" in resp.text
    assert db.session.scalar(select(func.count()).select_from(User)) == before
    # A token from another session does not do either.
    other = csrf_app.test_client()
    stolen = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', other.get("/login").text).group(1)
    resp = admin.post("/admin/users/new", data={"name": "Sam", "email": "sam@example.org", "role": "admin",
                                                "password": "copper kettle lantern", "csrf_token": stolen})
    assert resp.status_code == 400


def test_sign_out_form_carries_a_token(csrf_app):
    from tests.conftest import signed_in_client

    client = signed_in_client(csrf_app, Factory().user("hr"))
    page = client.get("/")
    form = re.search(r'<form method="post" action="/logout".*?</form>', page.text, re.S).group(0)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


# --- the gate -----------------------------------------------------------------------------------

def test_every_route_needs_sign_in_unless_on_the_public_list(app):
    from fossdash.security import is_public_endpoint

    public = sorted(e for e in app.view_functions if is_public_endpoint(app, e))
    allowed = {"static", "pages.accessibility", "pages.healthz", "auth.login"}
    extra = [e for e in public if e not in allowed and not e.startswith(("concerns.staff", "staff.", "survey_staff."))]
    assert not extra, f"public routes outside the allow-list: {extra}"
