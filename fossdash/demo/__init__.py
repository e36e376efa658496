"""The demo programme, drawn from the seeds' case studies. Each domain adds its part as a module
here with `load(ctx)`; `load_all` runs them in order and is idempotent (re-running adds nothing)."""
from __future__ import annotations

import importlib
import secrets
from pathlib import Path

from sqlalchemy import func, select

from fossdash.extensions import db

PARTS = ["fossdash.demo.users", "fossdash.demo.projects", "fossdash.demo.concerns", "fossdash.demo.grading"]


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
    for name in PARTS:
        module = importlib.import_module(name)
        module.load(ctx)
        db.session.commit()
        done.append(name.rsplit(".", 1)[1])
    return done
