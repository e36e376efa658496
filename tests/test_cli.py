"""The command line: create-user, demo-data, demo-credentials."""
from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select, text


@pytest.fixture
def cli_app(app_factory, tmp_path):
    app = app_factory(DEMO_PASSWORD_FILE=str(tmp_path / "demo_password"))
    with app.app_context():
        yield app


def _run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input, catch_exceptions=False)


def _user(email):
    from fossdash.auth.service import find_by_email

    return find_by_email(email)


def test_create_user_with_a_password(cli_app):
    result = _run(cli_app, "create-user", "Sam.Jones@Example.org", "--role", "hr", "--name", "Sam Jones",
                  "--password", "copper kettle lantern")
    assert result.exit_code == 0, result.output
    assert "Created sam.jones@example.org (HR)." in result.output
    user = _user("sam.jones@example.org")
    assert user.role == "hr" and user.name == "Sam Jones" and user.check_password("copper kettle lantern")
    from fossdash.audit import AuditEvent
    from fossdash.extensions import db

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "user_account"))
    assert event.actor == "cli" and event.action == "create"


def test_create_user_prompts_for_the_password_twice(cli_app):
    result = _run(cli_app, "create-user", "sam@example.org", "--role", "union_rep",
                  input="copper kettle lantern\ncopper kettle lantern\n")
    assert result.exit_code == 0, result.output
    assert "Password" in result.output and "copper kettle lantern" not in result.output
    assert _user("sam@example.org").check_password("copper kettle lantern")


def test_create_user_prompt_mismatch_asks_again(cli_app):
    result = _run(cli_app, "create-user", "sam@example.org", "--role", "hr",
                  input="copper kettle lantern\ncopper kettle\ncopper kettle lantern\ncopper kettle lantern\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output.lower()


@pytest.mark.parametrize("args,message", [
    (["sam@example.org", "--role", "boss", "--password", "copper kettle lantern"], "'boss' is not one of"),
    (["not-an-email", "--role", "hr", "--password", "copper kettle lantern"],
     "Enter an email address in the correct format"),
    (["sam@example.org", "--role", "hr", "--password", "short"], "Password must be 10 characters or more"),
    (["sam@example.org", "--role", "hr", "--password", "password2026"], "Password is too common"),
    (["sam@example.org", "--password", "copper kettle lantern"], "Missing option '--role'"),
    ([], "Missing argument 'EMAIL'"),
])
def test_create_user_bad_arguments_fail_clearly(cli_app, args, message):
    result = _run(cli_app, "create-user", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert _user("sam@example.org") is None


def test_create_user_twice_fails_clearly(cli_app):
    args = ("create-user", "sam@example.org", "--role", "hr", "--password", "copper kettle lantern")
    assert _run(cli_app, *args).exit_code == 0
    result = _run(cli_app, *args)
    assert result.exit_code != 0
    assert "already exists" in result.output


def _counts(db) -> dict:
    names = inspect(db.engine).get_table_names()
    return {t: db.session.scalar(text(f'SELECT COUNT(*) FROM "{t}"')) for t in names if t != "alembic_version"}


def test_demo_data_is_idempotent(cli_app):
    from fossdash.extensions import db

    first = _run(cli_app, "demo-data")
    assert first.exit_code == 0, first.output
    assert "Demo programme loaded: users" in first.output
    once = _counts(db)
    assert once["user_account"] >= 6
    second = _run(cli_app, "demo-data")
    assert second.exit_code == 0, second.output
    db.session.expire_all()
    assert _counts(db) == once, "running demo-data again changed the database"
    password = open(cli_app.config["DEMO_PASSWORD_FILE"]).read().strip()
    assert _user("admin@fossdash.example").check_password(password)
    assert _user("admin@fossdash.example").role == "admin"


def test_demo_data_if_empty_leaves_a_used_database_alone(cli_app):
    from fossdash.auth.models import User
    from fossdash.extensions import db
    from tests.factories import Factory

    Factory().user("admin", email="real.admin@council.example")
    result = _run(cli_app, "demo-data", "--if-empty")
    assert result.exit_code == 0
    assert "Database already has data: demo programme not loaded." in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_demo_credentials_print_the_accounts(cli_app):
    result = _run(cli_app, "demo-credentials", "--url", "http://127.0.0.1:5000")
    assert result.exit_code == 0
    password = open(cli_app.config["DEMO_PASSWORD_FILE"]).read().strip()
    assert password.startswith("demo-") and password in result.output
    for email in ("admin@fossdash.example", "pm@fossdash.example", "hr@fossdash.example",
                  "union@fossdash.example", "exec@fossdash.example"):
        assert email in result.output
    assert "http://127.0.0.1:5000" in result.output
