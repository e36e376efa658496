"""Safe edits: refuse a save made from a stale version and show both sides, so nothing is lost.

    form = ThingForm(obj=thing)
    if form.validate_on_submit():
        conflict = editing.conflict(thing, form)
        if conflict:
            return conflict            # the "someone else changed this" page, 409
        form.populate_obj(thing) ...
    editing.stamp(form, thing)     # on GET
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import render_template
from sqlalchemy.orm.exc import StaleDataError

from fossdash.extensions import db

__all__ = ["conflict", "stamp", "StaleDataError", "conflict_page"]


def stamp(form, obj) -> None:
    if not form.is_submitted():
        form.version.data = str(obj.version)


def _display(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (Decimal, float)):
        text = f"{value:,.2f}"
        return text[:-3] if text.endswith(".00") else text  # 37, not 37.00; 37.5 stays 37.50
    return str(value)


def _shown(field, value: Any) -> str:
    """A select or radio value as the label the person chose from, not its code."""
    options = getattr(field, "choices", None)
    if options and value not in (None, ""):
        pairs = options.items() if isinstance(options, dict) else options
        labels = {}
        for option in pairs:
            if isinstance(option, (tuple, list)) and len(option) >= 2:
                labels[str(option[0])] = option[1]
        if str(value) in labels:
            return str(labels[str(value)])
    return _display(value)


def conflict_page(obj, form, cancel_url: str | None = None):
    rows = []
    for field in form:
        if field.type in ("HiddenField", "CSRFTokenField", "SubmitField", "PasswordField") or field.name == "version":
            continue  # (a password is never shown back, not even to the person who typed it)
        stored = getattr(obj, field.name, None)
        yours = field.data
        rows.append(
            {
                "label": field.label.text,
                "yours": _shown(field, yours),
                "stored": _shown(field, stored),
                "differs": _shown(field, yours) != _shown(field, stored),
            }
        )
    form.version.data = str(obj.version)
    return (
        render_template("errors/conflict.html", rows=rows, form=form, cancel_url=cancel_url),
        409,
    )


def conflict(obj, form, cancel_url: str | None = None):
    """If the form was loaded from an older version than the stored one, the conflict page."""
    # What the browser sent, not form.version.data: a POST without the field would otherwise
    # take the stored version from `obj` and slip past the check.
    raw = (form.version.raw_data or [""])[0]
    submitted = int(raw) if str(raw).isdigit() else None
    db.session.refresh(obj)
    if submitted != obj.version:
        return conflict_page(obj, form, cancel_url)
    return None
