"""Home, the accessibility statement, the health check and the error pages."""
from __future__ import annotations

import logging

from flask import Blueprint, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy import text

from fossdash.extensions import db
from fossdash.security import public

log = logging.getLogger("fossdash")
bp = Blueprint("pages", __name__)


@bp.route("/")
def home():
    from fossdash.projects.service import projects_visible_to  # noqa: PLC0415 (optional domain)
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


def _error(template: str, status: int):
    def handler(_exc):
        if status == 500:
            db.session.rollback()
        return render_template(template), status

    return handler


def init_app(app) -> None:
    app.register_error_handler(403, _error("errors/403.html", 403))
    app.register_error_handler(404, _error("errors/404.html", 404))
    app.register_error_handler(405, _error("errors/404.html", 405))
    app.register_error_handler(413, _error("errors/413.html", 413))
    app.register_error_handler(429, _error("errors/429.html", 429))
    app.register_error_handler(500, _error("errors/500.html", 500))
    app.register_error_handler(CSRFError, _error("errors/csrf.html", 400))
