"""Fixtures every test uses: an app (SQLite always; PostgreSQL too when TEST_DATABASE_URL is
set), clients, signed-in clients per role, and a `world` of records.

Speed: the app is made once per backend and worker, the world is built once into a database of
its own, and every test runs in a transaction that is rolled back at its end (see `app`).
Tests that need their own settings or real commits take `app_factory` instead.

In CI (CI=true) a skipped PostgreSQL or browser test fails the run: see pytest_sessionfinish.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import g
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, text

from tests.factories import Factory

BASE_PG_URL = os.environ.get("TEST_DATABASE_URL", "")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... under pytest-xdist (-n 2)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
NO_PG = "PostgreSQL tests need TEST_DATABASE_URL (e.g. postgresql+psycopg://user:pw@127.0.0.1/db)"
# PostgreSQL variants are collected only when there is a PostgreSQL to run them on.
BACKENDS = ["sqlite", "postgres"] if BASE_PG_URL else ["sqlite"]


def _worker_url(url: str) -> str:
    """Each xdist worker empties and migrates a database of its own: <name>_gw0, <name>_gw1, ..."""
    if not url or not WORKER:
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=f"{make_url(url).database}_{WORKER}").render_as_string(hide_password=False)


PG_URL = _worker_url(BASE_PG_URL)

TEST_CONFIG = {
    "SECRET_KEY": "test-only-secret-not-used-anywhere-else",
    "WTF_CSRF_ENABLED": False,
    "SESSION_COOKIE_SECURE": False,
    "RATELIMIT_ENABLED": False,  # tests of throttling turn it on
    "RATELIMIT_STORAGE_URI": "memory://",
}


class _MemoryBytecodeCache(BytecodeCache):
    """Apps made by app_factory each have a new Jinja environment; share compiled templates."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


JINJA_CACHE = _MemoryBytecodeCache()


def _upgrade(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(revision="heads")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One migrated SQLite file; each test gets a copy (fast, and proves the migrations)."""
    from fossdash import create_app

    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    _upgrade(app)
    with app.app_context():
        from fossdash.extensions import db

        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated():
    """The PostgreSQL test database, emptied and migrated once per session."""
    if not PG_URL:
        pytest.skip(NO_PG)
    from sqlalchemy.engine import make_url

    from fossdash import create_app

    if PG_URL != BASE_PG_URL:  # this worker's own database, made from the one given
        admin = create_engine(BASE_PG_URL, isolation_level="AUTOCOMMIT")
        name = make_url(PG_URL).database
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": PG_URL})
    _upgrade(app)
    with app.app_context():
        from fossdash.extensions import db

        db.engine.dispose()
    # Copies for the shared app (see _make_shared), made while the migrated database is empty:
    # tests on their own app (app_factory) write to PG_URL itself.
    admin = create_engine(BASE_PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for suffix in ("_empty", "_world"):
            copy = make_url(PG_URL).database + suffix
            conn.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{make_url(PG_URL).database}"'))
    admin.dispose()
    return PG_URL


def _pg_empty(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'")
        ).scalars().all()
        if tables:
            # TRUNCATE fires no row triggers, so the append-only audit table can be emptied here.
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def _fresh_g() -> None:
    g.__dict__.clear()


def _test_app(url: str, **overrides):
    from fossdash import create_app

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, **overrides})
    app.config["TESTING"] = True
    app.jinja_env.bytecode_cache = JINJA_CACHE
    # Tests hold one app context open around their requests, so `g` outlives a request
    # here as it never does in production: start each request with an empty `g`, as in
    # production (Flask-Login's cached user, Flask-WTF's cached CSRF token, ...).
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    return app


@pytest.fixture
def app_factory(request, backend, tmp_path):
    """create(overrides) -> a new app on a fresh database of the current backend, for the few
    tests that need settings of their own or real commits (threads, rate limits, the CLI).
    Most tests take `app`, which is shared and rolled back instead."""
    made = []

    def create(**overrides):
        if backend == "sqlite":
            template = request.getfixturevalue("sqlite_template")
            path = tmp_path / f"test{len(made)}.db"
            shutil.copy(template, path)
            url = f"sqlite:///{path}"
        else:
            url = request.getfixturevalue("pg_migrated")
            _pg_empty(url)
        app = _test_app(url, **overrides)
        made.append(app)
        return app

    yield create
    for app in made:
        with app.app_context():
            from fossdash.extensions import db

            db.session.remove()
            db.engine.dispose()


# --- the shared app: made once per backend, each test rolled back ---------------------------
#
# Per backend and worker there is one app and two databases: "empty" (migrated) and "world"
# (migrated, with tests/world.py built once). A test runs inside a transaction on one
# connection of the database it needs (the world's if it asks for `world`); the app's session
# joins that transaction with savepoints, so the app's own commits and rollbacks work as usual,
# and at the end the transaction is rolled back: the next test finds the database as it was.

def _orm_ref(value):
    """World records as (class, primary key) so each test gets them from its own session."""
    from sqlalchemy import inspect as sa_inspect

    if isinstance(value, dict):
        return {k: _orm_ref(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_orm_ref(v) for v in value)
    state = getattr(value, "_sa_instance_state", None)
    if state is not None:
        return _Ref(type(value), sa_inspect(value).identity)
    return value


class _Ref:
    def __init__(self, cls, identity):
        self.cls, self.identity = cls, identity


def _orm_load(value, session):
    if isinstance(value, dict):
        return {k: _orm_load(v, session) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_orm_load(v, session) for v in value)
    if isinstance(value, _Ref):
        return session.get(value.cls, value.identity)
    return value


@contextmanager
def _savepoint(conn):
    with conn.begin_nested():
        yield conn


class _Shared:
    def __init__(self, app, engines: dict, world_refs):
        self.app, self.engines, self.world_refs = app, engines, world_refs


def _build_world(app, engine):
    from fossdash.extensions import db
    from tests.world import World, build

    engines = db._app_engines[app]
    saved = engines[None]
    engines[None] = engine
    try:
        with app.app_context():
            w = build(Factory())
            refs = World(users=_orm_ref(w.users), project=_orm_ref(w.project), other=_orm_ref(w.other),
                         ids=dict(w.ids), extra=_orm_ref(w.extra))
            db.session.remove()
    finally:
        engines[None] = saved
    return refs


def _make_shared(backend, request) -> _Shared:
    from fossdash.extensions import db

    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        folder = request.getfixturevalue("tmp_path_factory").mktemp("shared")
        urls = {}
        for name in ("empty", "world"):
            shutil.copy(template, folder / f"{name}.db")
            urls[name] = f"sqlite:///{folder / name}.db"
    else:
        from sqlalchemy.engine import make_url

        base = make_url(request.getfixturevalue("pg_migrated"))
        urls = {name: base.set(database=f"{base.database}_{name}").render_as_string(hide_password=False)
                for name in ("empty", "world")}
    app = _test_app(urls["empty"])
    with app.app_context():
        empty_engine = db.engine
    world_engine = create_engine(urls["world"])
    refs = _build_world(app, world_engine)
    return _Shared(app, {"empty": empty_engine, "world": world_engine}, refs)


@pytest.fixture(scope="session")
def _shared_apps():
    from fossdash.extensions import db

    made: dict[str, _Shared] = {}
    # Sessions join the test's transaction with savepoints, so the app's commit ends a savepoint.
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    yield made
    for shared in made.values():
        for engine in shared.engines.values():
            engine.dispose()


@pytest.fixture
def app(request, backend, _shared_apps):
    from fossdash.extensions import db

    if backend not in _shared_apps:
        _shared_apps[backend] = _make_shared(backend, request)
    shared = _shared_apps[backend]
    app = shared.app
    engine = shared.engines["world" if "world" in request.fixturenames else "empty"]
    conn = engine.connect()
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # pysqlite starts transactions itself and would commit at the outer RELEASE: take
        # transactions into our own hands for this connection (SQLAlchemy's documented recipe).
        conn.connection.driver_connection.isolation_level = None
    outer = conn.begin()
    if sqlite:
        conn.exec_driver_sql("BEGIN")
    # Code that writes on "a connection of its own" (`with db.engine.begin() as c:`, as a job's
    # progress does) gets a savepoint on the test's connection instead.
    conn.begin = lambda: _savepoint(conn)
    engines = db._app_engines[app]
    saved_engine, saved_config = engines[None], dict(app.config)
    engines[None] = conn
    ctx = app.app_context()
    ctx.push()
    request.node._fossdash_shared = shared
    try:
        yield app
    finally:
        db.session.remove()
        ctx.pop()
        engines[None] = saved_engine
        app.config.clear()
        app.config.update(saved_config)
        outer.rollback()
        if sqlite:
            conn.connection.driver_connection.isolation_level = ""
        conn.close()


@pytest.fixture
def db(app):
    from fossdash.extensions import db as _db

    return _db


@pytest.fixture
def make(app) -> Factory:
    return Factory()


@pytest.fixture
def client(app):
    return app.test_client()


def signed_in_client(app, user):
    """A test client with a live server-side session for `user` (the sign-in form itself is
    tested in tests/auth; this skips its deliberate slowness)."""
    from fossdash.auth.models import UserSession
    from fossdash.extensions import db

    row = UserSession(user_id=user.id)
    db.session.add(row)
    db.session.commit()
    c = app.test_client()
    with c.session_transaction() as s:
        s["sid"] = row.id
        s["_user_id"] = str(user.id)
        s["_fresh"] = True
        s.permanent = True
    c.user = user
    return c


@pytest.fixture
def login(app, make):
    """login(role or user) -> a test client signed in as a new user of that role (or that user)."""

    def sign_in(who):
        user = make.user(who) if isinstance(who, str) else who
        return signed_in_client(app, user)

    return sign_in


@pytest.fixture
def world(request, app):
    """A small programme every role can be tested against (see tests/world.py), built once per
    backend and handed to each test from its own session; whatever a test changes is rolled back."""
    from fossdash.extensions import db
    from tests.world import World

    refs = request.node._fossdash_shared.world_refs
    session = db.session()
    return World(users=_orm_load(refs.users, session), project=_orm_load(refs.project, session),
                 other=_orm_load(refs.other, session), ids=dict(refs.ids), extra=_orm_load(refs.extra, session))


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped PostgreSQL or browser test is a failure, not a pass."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    bad = [r for r in skipped if any(w in str(r.longrepr) for w in ("PostgreSQL", "Chromium", "browser"))]
    if bad:
        reporter.write_line(f"CI: {len(bad)} PostgreSQL/browser test(s) were skipped; failing the run.", red=True)
        session.exitstatus = 1
