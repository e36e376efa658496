"""Settings from the environment, with `instance/` for local files (database, secret key)."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str | None:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip() or None
    return None


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the driver-less scheme; psycopg 3 is the only driver we ship.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return f"sqlite:///{instance_path / 'fossdash.db'}"


def load(instance_path: Path, overrides: dict | None = None) -> dict:
    """Every setting the app reads, as a plain dict (documented in README.md)."""
    overrides = overrides or {}
    secure = _flag("COOKIE_SECURE", True)
    idle = int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30"))
    absolute = int(os.environ.get("ABSOLUTE_TIMEOUT_HOURS", "12"))
    cfg = {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # hide_parameters: a database error never logs the values sent (an anonymous answer, a comment).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "SESSION_COOKIE_NAME": "fossdash_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=absolute),
        # The cookie is set at sign-in to last as long as the session may (the absolute timeout);
        # sending it again with every response would not let it live any longer.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "IDLE_TIMEOUT": timedelta(minutes=idle),
        "ABSOLUTE_TIMEOUT": timedelta(hours=absolute),
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": idle * 60 * 2,
        "TRUST_PROXY_HOPS": int(os.environ.get("TRUST_PROXY_HOPS", "0")),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Failed sign-ins per address and account, and per address across all accounts.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "5 per minute;20 per hour"),
        "LOGIN_IP_RATE_LIMIT": os.environ.get("LOGIN_IP_RATE_LIMIT", "30 per minute;200 per hour"),
        "STAFF_LINK_RATE_LIMIT": os.environ.get("STAFF_LINK_RATE_LIMIT", "10 per minute;100 per day"),
        # Survey answers, per round and (hashed) address: room for a whole building behind one address.
        "SURVEY_RATE_LIMIT": os.environ.get("SURVEY_RATE_LIMIT", "60 per minute;600 per day"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))),
        "DEMO_PASSWORD_FILE": str(instance_path / "demo_password"),
        # Equal-pay warning: like work (job-evaluation totals within this many points) paid more
        # than this many per cent apart per hour.
        "EQUAL_PAY_POINTS_MARGIN": int(os.environ.get("EQUAL_PAY_POINTS_MARGIN", "25")),
        "EQUAL_PAY_GAP_PERCENT": float(os.environ.get("EQUAL_PAY_GAP_PERCENT", "5")),
        # Background jobs (fossdash/reporting/jobs.py): Redis when named, else SQLite in instance/.
        "HUEY_REDIS_URL": os.environ.get("HUEY_REDIS_URL", ""),
        "HUEY_SQLITE_PATH": os.environ.get("HUEY_SQLITE_PATH", str(instance_path / "huey.db")),
        "JOBS_IMMEDIATE": _flag("JOBS_IMMEDIATE", False),
    }
    cfg.update(overrides)
    return cfg
