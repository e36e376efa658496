"""The project's staff pages behind its secret link: published questions and answers, and a form to
raise a concern or ask a question anonymously. No account needed.

What these pages keep is exactly what the form says: the words, the category, the agency and staff
group if given, and the day. Not the account (if someone happens to be signed in), not the IP
address or browser, not the time of day: the audit log records the actor as "anonymous" at
midnight, the concern's own timestamps are set to midnight, nothing is logged by this module, and
the development server's request log leaves these paths out (gunicorn's is configured likewise in
fossdash/gunicorn_conf.py). The rate limit is keyed by a keyed hash of the address, never the address.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import re

from flask import Flask, abort, current_app, g, redirect, render_template, request, session, url_for

from fossdash.concerns import answers, staff_link, staff_bp as bp
from fossdash.concerns.forms import StaffConcernForm
from fossdash.concerns.models import CATEGORY_HINTS, STAFF_CATEGORY_LABELS
from fossdash.extensions import db, limiter
from fossdash.security import public


# The development server's request line: '"POST /s/<token>/raise HTTP/1.1" 302 -'. Werkzeug colours
# every line that is not a 200 with ANSI escapes before the method ('"\x1b[32mPOST /s/...'), so
# those are allowed for: a redirect or an error must not leak the token and address either.
STAFF_PATH = re.compile(r'"(?:\x1b\[[0-9;]*m)*[A-Z]+ /s/')


def _limit() -> str:
    return current_app.config["STAFF_LINK_RATE_LIMIT"]


def _client_key() -> str:
    """The rate limiter's key: an HMAC of the address (with the app's secret), so the limiter's
    storage never holds an address and cannot be reversed by trying every address."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    address = (request.remote_addr or "").encode()
    return "staff:" + hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


@bp.before_request
def _anonymous():
    # The audit log records "anonymous" (day only) even if a signed-in user opens the link.
    g.audit_anonymous = True
    # Nobody is signed in here, whatever the cookie says: Flask-Login never loads the account, so
    # the account's session row is not read or touched (its last_seen_at would otherwise record
    # when a signed-in member of staff opened the anonymous pages).
    g._login_user = current_app.login_manager.anonymous_user()
    # Only the form's CSRF cookie is set here, and it must not outlive the browser session.
    if session.get("_permanent") and "_user_id" not in session:
        session.permanent = False


def _project(token: str):
    project = staff_link.project_for_token(token)
    if project is None:
        abort(404)
    return project


@bp.route("/<token>/")
@public
def home(token: str):
    project = _project(token)
    return render_template("staff/home.html", project=project, token=token,
                           answers=answers.published_answers(project.id))


@bp.route("/<token>/raise", methods=["GET", "POST"])
@public
@limiter.limit(_limit, methods=["POST"], key_func=_client_key)
def raise_concern(token: str):
    project = _project(token)
    form = StaffConcernForm()
    form.set_options(project, STAFF_CATEGORY_LABELS)
    if form.validate_on_submit():
        concern = staff_link.raise_via_link(project, form.values())
        db.session.commit()
        return redirect(url_for(".sent", token=token, kind=concern.kind))
    hints = [{"hint": {"text": CATEGORY_HINTS[key]}} for key in STAFF_CATEGORY_LABELS]
    return render_template("staff/raise.html", project=project, token=token, form=form, category_hints=hints)


@bp.route("/<token>/sent")
@public
def sent(token: str):
    project = _project(token)
    kind = "question" if request.args.get("kind") == "question" else "concern"
    return render_template("staff/sent.html", project=project, token=token, kind=kind)


class _NoStaffPaths(logging.Filter):
    """Drops the development server's request-log lines for the staff pages (they carry the
    client's address and the secret token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            return not STAFF_PATH.search(record.getMessage())
        except Exception:  # noqa: BLE001 - a malformed record is not ours to judge
            return True


def init_app(app: Flask) -> None:
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _NoStaffPaths) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(_NoStaffPaths())
