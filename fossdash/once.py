"""A form sent twice creates its record once, with or without JavaScript.

The submit button ignores a second click within a second where JavaScript runs (GOV.UK
preventDoubleClick). Without it, or with a slow network and a second press, the browser sends
the form again. So every edit form carries a one-time token (`OnceField`, made when the page is
drawn), and the first time a request *creates* something with it the token is stored in the same
transaction (`submitted_form`, its primary key): a second request with the same token cannot
store it again, so it creates nothing and is sent where the first one went, told "it was saved
once". The token is stored only when the request creates records (not when a form is refused, so
a corrected form can still be sent), and only for signed-in people: the staff link's anonymous
forms store nothing that could place them in time.

Two at once: in PostgreSQL the second's insert of the token waits for the first's transaction and
then fails; in SQLite writers take turns. Either way the second creates nothing.
"""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from flask import Flask, flash, has_request_context, redirect, render_template, request
from sqlalchemy import Date, String, delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from wtforms import HiddenField

from fossdash.extensions import db

FIELD = "once"
KEEP_DAYS = 2  # a form page older than this that is sent again is no longer recognised
_STORED = "fossdash.once"  # request.environ key: the token this request stored (per request, as g
# is not where an app context outlives its requests)


class SubmittedForm(db.Model):
    """A form's one-time token, stored by the request that first created something with it, and
    where that request went (its redirect). The day only, to forget old tokens."""

    __tablename__ = "submitted_form"
    __audit__ = False

    token: Mapped[str] = mapped_column(String(43), primary_key=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    location: Mapped[str | None] = mapped_column(String(1000))


class OnceField(HiddenField):
    """The form's one-time token: a new one each time the page is drawn, the posted one after."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, default=lambda: secrets.token_urlsafe(16), **kwargs)


class AlreadySent(Exception):
    def __init__(self, token: str):
        super().__init__("form sent twice")
        self.token = token


def _token() -> str | None:
    """The posted token of a signed-in person's form, if this request may store it."""
    if not has_request_context() or request.method != "POST" or request.environ.get(_STORED):
        return None
    token = request.form.get(FIELD, "")
    if not (16 <= len(token) <= 43) or request.blueprint in ANONYMOUS_BLUEPRINTS:
        return None
    from flask_login import current_user

    return token if current_user.is_authenticated else None


ANONYMOUS_BLUEPRINTS = {"staff", "survey_staff"}  # the staff link: nothing of a submission is stored


def _before_flush(session: Session, _flush_context, _instances) -> None:
    from fossdash.audit import AuditEvent

    if not any(not isinstance(o, (AuditEvent, SubmittedForm)) for o in session.new):
        return  # nothing created (an edit, a delete, only an audit row)
    token = _token()
    if token is None:
        return
    # In the session's own transaction, with what the flush writes (no savepoint: in SQLite,
    # pysqlite begins its transaction only at a write, and a savepoint released before that
    # would commit the token on its own).
    try:
        session.connection().execute(insert(SubmittedForm.__table__).values(token=token, on=date.today()))
    except IntegrityError:
        raise AlreadySent(token) from None
    _record(token)


def _record(token: str) -> None:
    request.environ[_STORED] = token


def _after_request(response):
    """Where the request that stored a token went, for a second sending of the same form."""
    token = request.environ.get(_STORED)
    if token and response.status_code in (301, 302, 303) and response.location:
        try:
            db.session.execute(update(SubmittedForm.__table__).where(SubmittedForm.token == token)
                               .values(location=response.location[:1000]))
            db.session.execute(delete(SubmittedForm.__table__).where(
                SubmittedForm.on < date.today() - timedelta(days=KEEP_DAYS)))
            db.session.commit()
        except Exception:  # pragma: no cover - the record is saved; only the way back is lost
            db.session.rollback()
    return response


def _already_sent(error: AlreadySent):
    db.session.rollback()
    went = db.session.scalar(select(SubmittedForm.location).where(SubmittedForm.token == error.token))
    if went:
        flash("This form was sent twice. It was saved once.", "success")
        return redirect(went, 303)
    return render_template("errors/already_sent.html"), 409


def init_app(app: Flask) -> None:
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
    app.after_request(_after_request)
    app.register_error_handler(AlreadySent, _already_sent)
