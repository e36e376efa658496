"""Home, the accessibility statement, the health check and the error pages."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from fossdash.extensions import db
from fossdash.security import public

log = logging.getLogger("fossdash")
bp = Blueprint("pages", __name__)


@bp.route("/")
def home():
    from fossdash.projects.service import projects_visible_to
    from flask_login import current_user

    return render_template("pages/home.html", projects=projects_visible_to(current_user))


@bp.route("/accessibility")
@public
def accessibility():
    return render_template("pages/accessibility.html")


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001
        log.exception("health check: database unreachable")
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


def _headers(exc) -> list[tuple[str, str]]:
    """The error's own headers (a 405's Allow, say), without its Content-Type: the page is HTML."""
    if not isinstance(exc, HTTPException):
        return []
    return [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]


def _error(template: str, status: int):
    def handler(exc):
        if status == 500:
            db.session.rollback()
        headers = _headers(exc)
        try:
            return render_template(template), status, headers
        except Exception:  # noqa: BLE001 - e.g. the database is down and the user cannot be loaded
            log.exception("error page %s could not be drawn in full", status)
            db.session.rollback()
            # Draw it as for someone signed out: who they are cannot be looked up just now.
            g._login_user = current_app.login_manager.anonymous_user()
            return render_template(template, minimal_shell=True), status, headers

    return handler


def _csrf_error(exc):
    log.warning("form refused: %s %s (%s)", request.method, request.path, exc.description)
    return _error("errors/csrf.html", 400)(exc)


def init_app(app) -> None:
    app.register_error_handler(400, _error("errors/400.html", 400))
    app.register_error_handler(403, _error("errors/403.html", 403))
    app.register_error_handler(404, _error("errors/404.html", 404))
    app.register_error_handler(405, _error("errors/405.html", 405))
    app.register_error_handler(413, _error("errors/413.html", 413))
    app.register_error_handler(429, _error("errors/429.html", 429))
    app.register_error_handler(500, _error("errors/500.html", 500))
    app.register_error_handler(CSRFError, _csrf_error)
