"""The demo programme, drawn from the seeds' case studies. Each domain names its part (a module with
`load(ctx)`) in its declaration (fossdash.domains); `load_all` runs them in the domains' order and
is idempotent (re-running adds nothing)."""
from __future__ import annotations

import importlib
import secrets
from pathlib import Path

from sqlalchemy import func, select

from fossdash.extensions import db

def demo_password(path: str) -> str:
    """The demo accounts' password: random per install, kept in instance/ and printed by make run."""
    file = Path(path)
    if file.exists() and file.read_text().strip():
        return file.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(12)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(password + "\n")
    file.chmod(0o600)
    return password


def is_empty() -> bool:
    from fossdash.auth.models import User

    return (db.session.scalar(select(func.count()).select_from(User)) or 0) == 0


def load_all(password: str) -> list[str]:
    ctx: dict = {"password": password}
    done = []
    from fossdash import domains

    for name in domains.demo_parts():
        module = importlib.import_module(name)
        module.load(ctx)
        db.session.commit()
        done.append(name.rsplit(".", 1)[1])
    return done
