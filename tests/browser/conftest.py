"""Browser harness: the real app served over HTTP on 127.0.0.1, driven by Debian's Chromium.

Fixtures (keep these names; every domain's tests/browser/test_<domain>.py uses them):

- `browser` (session): the Playwright Browser (headless /usr/bin/chromium; never downloaded).
- `live_server` (per test): a fresh migrated SQLite database, the app with CSRF ON (real forms),
  `tests.world.build(Factory())` already run, served by werkzeug in a thread.
  Attributes: `.url` ("http://127.0.0.1:PORT"), `.app`, `.world`, `.db`.
  The test thread keeps an app context open, so `live_server.world.users["hr"].email` and
  queries work; call `live_server.fresh()` before reading what the browser just saved.
- `page` (per test): a new context (1280x900) and page that records problems: console errors,
  uncaught exceptions, failed requests, any response >= 500, any sub-resource (CSS, JS, image)
  that answers >= 400, and any request that leaves the live server's host (data:/blob: allowed).
  The test fails at teardown if any happened; `page.problems` is the list, and
  `page.assert_no_problems()` checks mid-way. A page whose own status is 4xx (a 404 page, the
  expired-form page) is not a problem: assert its status in the test if it matters.
- `sign_in`: `sign_in(page, who)` signs in through the real form as world.users[who]
  ("admin", "programme_manager", "hr", "union_rep", "executive", "outsider").
- `axe` (alias `assert_no_axe_violations`): `axe(page, context="")` runs axe-core (WCAG 2.2 A/AA
  and best practice) on the current page and fails listing every violation.
- `shot`: `shot(page, "name", full_page=True)` saves a screenshot to /tmp/fossdash/shots/<module>/.

Browser tests run on the SQLite backend only (they test the browser, not the database).
"""
from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import WSGIRequestHandler

from tests.conftest import JINJA_CACHE, TEST_CONFIG
from tests.factories import Factory

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_SOURCE = ROOT / "static" / "vendor" / "axe" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SHOTS = Path("/tmp/fossdash/shots")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def backend() -> str:
    """Browser tests run on SQLite only (overrides the sqlite/postgres parametrization)."""
    return "sqlite"


# --- the browser --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def _playwright():
    if not CHROMIUM.exists():
        pytest.skip("Chromium not found at /usr/bin/chromium: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    b = _playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield b
    b.close()


# --- the app, served ----------------------------------------------------------------------------

class _QuietHandler(WSGIRequestHandler):
    """No access log line per request (errors are still logged, and 500s fail the page)."""

    def log_request(self, *args, **kwargs) -> None:
        pass


class LiveServer:
    def __init__(self, app, world, url, db):
        self.app = app
        self.world = world
        self.url = url
        self.db = db
        self.host = urlsplit(url).netloc

    def fresh(self) -> None:
        """End the test thread's read transaction so queries see what the server saved."""
        self.db.session.rollback()

    def __repr__(self) -> str:
        return f"<LiveServer {self.url}>"


@pytest.fixture
def live_server(request, tmp_path, sqlite_template):
    from werkzeug.serving import make_server

    from fossdash import create_app
    from fossdash.extensions import db
    from tests.world import build

    path = tmp_path / "live.db"
    shutil.copy(sqlite_template, path)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "WTF_CSRF_ENABLED": True})
    app.config["TESTING"] = True
    app.jinja_env.bytecode_cache = JINJA_CACHE
    ctx = app.app_context()
    ctx.push()
    try:
        world = build(Factory())
        db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        live = LiveServer(app, world, f"http://127.0.0.1:{server.server_port}", db)
        try:
            yield live
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
    finally:
        db.session.remove()
        db.engine.dispose()
        ctx.pop()


# --- the page, watched ----------------------------------------------------------------------------

_RESOURCE_FAILED = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


class _Watch:
    """Listens to one page and keeps a readable list of everything that went wrong."""

    def __init__(self, page, host: str):
        self.page = page
        self.host = host
        self.problems: list[str] = []
        self.documents: dict[str, int] = {}  # url -> status of pages the test navigated to
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught exception: {exc}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, msg) -> None:
        if msg.type != "error":
            return
        m = _RESOURCE_FAILED.search(msg.text)
        url = (msg.location or {}).get("url", "")
        if m and int(m.group(1)) < 500 and self.documents.get(url) == int(m.group(1)):
            return  # the page's own 4xx status (a 404 page), already visible to the test
        self.problems.append(f"console error: {msg.text} ({url})")

    def _request(self, req) -> None:
        parts = urlsplit(req.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != self.host:
            self.problems.append(f"request left the server: {req.method} {req.url}")

    def _failed(self, req) -> None:
        failure = req.failure or ""
        if "ERR_ABORTED" in failure:  # navigation away or a download: not a fault
            return
        if urlsplit(req.url).netloc != self.host:
            return  # already reported as leaving the server
        self.problems.append(f"request failed: {req.method} {req.url} ({failure})")

    def _response(self, resp) -> None:
        req = resp.request
        if req.resource_type == "document" and req.frame == self.page.main_frame:
            self.documents[resp.url] = resp.status
            if resp.status >= 500:
                self.problems.append(f"server error: {resp.status} for {req.method} {resp.url}")
            return
        if resp.status >= 400:
            self.problems.append(f"{req.resource_type} answered {resp.status}: {req.method} {resp.url}")


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url,
                                  locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    p = context.new_page()
    watch = _Watch(p, live_server.host)
    p.problems = watch.problems
    p.documents = watch.documents

    def assert_no_problems(where: str = "") -> None:
        if watch.problems:
            found = "\n  ".join(watch.problems)
            watch.problems.clear()
            raise AssertionError(f"browser problems{' ' + where if where else ''}:\n  {found}")

    p.assert_no_problems = assert_no_problems
    yield p
    try:
        p.wait_for_load_state("load", timeout=5_000)
    except Exception:  # noqa: BLE001 - a closed page has nothing more to report
        pass
    problems = list(watch.problems)
    context.close()
    assert not problems, "browser problems during the test:\n  " + "\n  ".join(problems)


# --- helpers ------------------------------------------------------------------------------------------

@pytest.fixture
def sign_in(live_server):
    """sign_in(page, who): sign in through the real form as world.users[who]."""

    def do(page, who: str):
        from playwright.sync_api import expect

        user = live_server.world.users[who]
        email = user.email
        page.goto(live_server.url + "/login")
        page.get_by_label("Email address", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(Factory.PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        assert "/login" not in page.url, f"still on the sign-in page after signing in as {who}"
        return user

    return do


def _axe_check(page, context: str = "") -> None:
    source = AXE_SOURCE.read_text(encoding="utf-8")
    # Evaluated, not added as a <script>: the CSP (rightly) refuses inline scripts.
    page.evaluate(source + "\n;undefined")
    result = page.evaluate(
        """async (tags) => {
            const r = await window.axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                      resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
                summary: v.nodes.slice(0, 3).map(n => n.failureSummary)}));
        }""",
        AXE_TAGS,
    )
    if result:
        where = context or page.url
        lines = []
        for v in result:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for target in v["targets"][:8]:
                lines.append(f"    at {target}")
            for summary in v["summary"][:1]:
                lines.append("    " + (summary or "").replace("\n", "\n    "))
        raise AssertionError(f"axe found {len(result)} violation(s) on {where}:\n" + "\n".join(lines))


@pytest.fixture
def axe():
    """axe(page, context="") -> fails with every WCAG 2.2 A/AA (and best-practice) violation."""
    return _axe_check


@pytest.fixture
def assert_no_axe_violations():
    """The same check under the name the brief uses."""
    return _axe_check


@pytest.fixture
def shot(request):
    """shot(page, name): a full-page screenshot in /tmp/fossdash/shots/<test module>/<name>.png."""
    folder = SHOTS / request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = True) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
