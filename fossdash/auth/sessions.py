"""Server-side sessions: the signed cookie names a `UserSession` row, so a session can be ended
on every device (sign-out, account disabled) and expires when idle or too old."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import update

from fossdash.auth.models import User, UserSession
from fossdash.extensions import db
from fossdash.records import utcnow

TOUCH_EVERY = timedelta(seconds=60)


def start(user: User) -> UserSession:
    """Sign in: a fresh session id (the old cookie's contents are dropped)."""
    session.clear()
    login_user(user, remember=False, fresh=True)  # first, so the audit log names the user
    row = UserSession(user_id=user.id)
    db.session.add(row)
    user.last_sign_in_at = utcnow()
    db.session.commit()
    session["sid"] = row.id
    session.permanent = True
    return row


def end_all(user_id: int) -> int:
    """End every session of this user, on every device. Returns how many were live."""
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def sign_out() -> None:
    from flask_login import current_user

    if current_user.is_authenticated:
        end_all(current_user.id)
        db.session.commit()
    logout_user()
    session.clear()


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader, with the server-side checks."""
    sid = session.get("sid")
    if not sid:
        return None
    row = db.session.get(UserSession, sid)
    if row is None or row.revoked_at is not None or str(row.user_id) != str(user_id):
        return None
    now = utcnow()
    cfg = current_app.config
    if now - row.last_seen_at > cfg["IDLE_TIMEOUT"] or now - row.created_at > cfg["ABSOLUTE_TIMEOUT"]:
        row.revoked_at = now
        db.session.commit()
        g.session_expired = True
        return None
    user = row.user
    if not user.is_active:
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return user
