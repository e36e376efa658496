"""Server-side sessions: the signed cookie names a `UserSession` row, so a session can be ended
on every device (sign-out, account disabled) and expires when idle or too old."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from fossdash.auth.models import User, UserSession
from fossdash.extensions import db
from fossdash.modelkit import utcnow
from fossdash.sqlrows import prepared

TOUCH_EVERY = timedelta(seconds=60)


ENDED_MESSAGES = {
    "idle": "You were signed out because you had not done anything for {minutes} minutes. "
            "Sign in again to carry on.",
    "absolute": "You were signed out because you had been signed in for {hours} hours. "
                "Sign in again to carry on.",
    "revoked": "You have been signed out. Sign in again to carry on.",
}


def ended_message() -> str | None:
    """Why this request's session just ended (idle, too old, or ended elsewhere), in words."""
    why = g.get("session_ended")
    if not why:
        return None
    cfg = current_app.config
    return ENDED_MESSAGES[why].format(
        minutes=int(cfg["IDLE_TIMEOUT"].total_seconds() // 60),
        hours=int(cfg["ABSOLUTE_TIMEOUT"].total_seconds() // 3600),
    )


def forget_cookie() -> None:
    """Drop a dead session's keys from the cookie (the flash that explains it can follow)."""
    for key in ("sid", "_user_id", "_fresh", "_id"):
        session.pop(key, None)


def start(user: User) -> UserSession:
    """Sign in: a fresh session id. Whatever the cookie held before (an attacker could have
    planted one) is dropped, and a session it named is ended."""
    old = session.get("sid")
    if old:
        db.session.execute(
            update(UserSession).where(UserSession.id == str(old), UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    session.clear()
    login_user(user, remember=False, fresh=True)  # first, so the audit log names the user
    row = UserSession(user_id=user.id)
    db.session.add(row)
    # A plain UPDATE, outside the optimistic lock: the account's `version` is for people editing
    # it, and a sign-in is not an edit. Saving this through the model would check and bump the
    # version, so two devices signing in at once (or an admin saving the account meanwhile) made
    # one of them fail with a StaleDataError. Neither bumps the version nor counts as a change.
    now = utcnow()
    db.session.execute(
        update(User).where(User.id == user.id).values(last_sign_in_at=now, updated_at=User.updated_at)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(user, "last_sign_in_at", now)
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


def touch() -> None:
    """Mark the current session as in use now (it was checked when the user was loaded)."""
    sid = session.get("sid")
    if sid:
        db.session.execute(
            update(UserSession).where(UserSession.id == sid, UserSession.revoked_at.is_(None))
            .values(last_seen_at=utcnow())
        )
        db.session.commit()


def sign_out() -> None:
    from flask_login import current_user

    if current_user.is_authenticated:
        end_all(current_user.id)
        db.session.commit()
    logout_user()
    session.clear()


_WITH_USER = prepared(lambda: select(UserSession).options(joinedload(UserSession.user))
                      .where(UserSession.id == bindparam("sid")))


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader, with the server-side checks."""
    sid = session.get("sid")
    if not sid or not isinstance(sid, str):
        return None
    # The session row and its user in one query: every signed-in request asks for both.
    row = db.session.scalar(_WITH_USER(), {"sid": sid})
    if row is None or str(row.user_id) != str(user_id):
        return None
    if row.revoked_at is not None:
        g.session_ended = "revoked"  # signed out on another device, or the account was disabled
        return None
    now = utcnow()
    cfg = current_app.config
    expired = None
    if now - row.created_at > cfg["ABSOLUTE_TIMEOUT"]:
        expired = "absolute"
    elif now - row.last_seen_at > cfg["IDLE_TIMEOUT"]:
        expired = "idle"
    if expired:
        row.revoked_at = now
        db.session.commit()
        g.session_ended = expired
        return None
    user = row.user
    if not user.is_active:
        g.session_ended = "revoked"
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return user
