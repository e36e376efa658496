"""Template globals and filters shared by every page."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask, request, url_for
from flask_login import current_user

SERVICE_NAME = "fossdash"


def govuk_date(value, with_time: bool = False) -> str:
    """'21 November 2026' (GOV.UK style), optionally with '2:05pm'."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    text = f"{value.day} {value.strftime('%B %Y')}"
    if with_time and isinstance(value, datetime):
        hour = value.hour % 12 or 12
        text += f" at {hour}:{value.strftime('%M')}{'am' if value.hour < 12 else 'pm'}"
    return text


def number(value, places: int | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        value = float(value)
    if places is None:
        return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,.{places}f}"


def money(value, places: int = 0) -> str:
    return "" if value is None else "£" + number(value, places)


def navigation() -> list[dict]:
    """Service navigation items for the signed-in user's role."""
    if not current_user.is_authenticated:
        return []
    items = [("Home", "pages.home")]
    candidates = [
        ("Projects", "projects.index", None),
        ("Partner agencies", "projects.agencies", None),
        ("Grading", "grading.queue", ("admin", "hr", "union_rep", "programme_manager", "executive")),
        ("Users", "auth.users", ("admin",)),
        ("Audit log", "auth.audit_log", ("admin",)),
    ]
    from flask import current_app

    for text, endpoint, roles in candidates:
        if endpoint in current_app.view_functions and (roles is None or current_user.role in roles):
            items.append((text, endpoint))
    out = []
    path = request.path
    for text, endpoint in items:
        href = url_for(endpoint)
        active = path == href if href == "/" else path.startswith(href)
        out.append({"text": text, "href": href, "active": active})
    return out


def init_app(app: Flask) -> None:
    app.jinja_env.filters["govuk_date"] = govuk_date
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["money"] = money

    @app.context_processor
    def _globals():
        return {"service_name": SERVICE_NAME, "navigation": navigation, "today": date.today()}
