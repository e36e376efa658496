"""Migrations: from an empty database to the head on both backends, and the models agree with
what the migrations built (a model change without its migration fails here)."""
from __future__ import annotations

from sqlalchemy import create_engine, inspect, text


def _differences(url: str) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from fossdash.extensions import db
    from fossdash.domains import load_models as load_all

    load_all()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
            return compare_metadata(ctx, db.metadata)
    finally:
        engine.dispose()


def _migrated_url(backend: str, request, tmp_path) -> str:
    """Upgrade a brand-new empty database to the heads, as `flask db upgrade` does."""
    if backend == "postgres":
        return request.getfixturevalue("pg_migrated")  # dropped, recreated and migrated from empty
    from flask_migrate import upgrade

    from fossdash import create_app
    from tests.conftest import TEST_CONFIG

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="heads")
        from fossdash.extensions import db

        db.engine.dispose()
    return url


def test_migration_upgrade_from_empty_and_models_agree(backend, request, tmp_path):
    url = _migrated_url(backend, request, tmp_path)
    engine = create_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            heads = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    finally:
        engine.dispose()
    assert {"user_account", "user_session", "audit_event", "project", "project_membership"} <= tables
    assert heads, "alembic_version is empty"
    diffs = _differences(url)
    assert not diffs, "models and migrations disagree (write a migration):\n" + "\n".join(map(str, diffs))


def test_migration_history_starts_at_the_foundation():
    """Every domain's migration hangs off 0001_foundation, and revision ids are unique."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from fossdash import ROOT

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "fossdash" / "migrations"))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_bases() == ["0001_foundation"]
    # One head, so `flask db upgrade` (as `make run` and production run it) knows where to go.
    assert len(script.get_heads()) == 1, f"several migration heads: {script.get_heads()}"
    revisions = list(script.walk_revisions())
    assert len({r.revision for r in revisions}) == len(revisions)
    for rev in revisions:
        assert rev.module.__file__.endswith(f"{rev.revision}.py"), f"{rev.revision} is in {rev.module.__file__}"


def test_migration_sqlite_audit_triggers_exist(tmp_path, request):
    url = _migrated_url("sqlite", request, tmp_path)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            triggers = conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")).scalars().all()
    finally:
        engine.dispose()
    assert {"audit_event_no_update", "audit_event_no_delete"} <= set(triggers)
