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
from wtforms import HiddenField, PasswordField, SubmitField

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
        if isinstance(field, (HiddenField, SubmitField, PasswordField)) or field.name == "version":
            # Nothing the person did not type: the CSRF and one-time tokens (HiddenFields, of
            # whatever class) and the button; a password is never shown back, not even to them.
            continue
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


# --- the edit loop and the delete page, once for every domain ----------------------------------

def edit_record(obj, form, *, template: str, back: str, saved, fields: list[str] | None = None,
                apply=None, check=None, unique: tuple[str, str] | None = None, context: dict | None = None,
                add=None, status: int = 200):
    """The add/edit page of a record, whole: on a valid POST refuse a save made from a stale
    version (the conflict page, 409), copy `fields` from the form onto the record, call
    `apply()` for anything else, add a new record, commit, flash `saved` and go `back`; on a GET
    or an invalid POST, stamp the version and show `template` with the form and its errors.
    `saved` may be a callable (called after saving, for messages that name what was saved).

    `check()` runs after the form validates: it returns {field name: message} for rules the form
    cannot know (nothing is saved, the messages show as field errors), or nothing. `unique` =
    (field name, message) turns a unique-constraint clash at commit (someone saved the same name
    a moment ago) into that field's error. `add(obj)` gives where to go after adding, when it is
    not `back`. Nothing is half-saved: any refusal rolls the session back."""
    from flask import flash, redirect

    from fossdash.forms import save

    from sqlalchemy.exc import IntegrityError

    new = obj is not None and getattr(obj, "id", None) is None
    if form.validate_on_submit() and not _refused(form, check):
        if obj is not None and not new:
            clash = conflict(obj, form, back)
            if clash:
                return clash
        if fields:
            save(form, obj, fields)
        if apply is not None:
            apply()
        if new:
            db.session.add(obj)
        try:
            db.session.commit()
        except IntegrityError:
            if unique is None:
                raise
            db.session.rollback()
            getattr(form, unique[0]).errors.append(unique[1])
        else:
            flash(saved() if callable(saved) else saved, "success")
            return redirect(add(obj) if callable(add) and new else back)
    if obj is not None and not new:
        stamp(form, obj)
    ctx = {"form": form, "record": None if new else obj, "back": back, **(context or {})}
    return render_template(template, **ctx), status


def _refused(form, check) -> bool:
    problems = check() if check is not None else None
    for name, message in (problems or {}).items():
        getattr(form, name).errors.append(message)
    return bool(problems)


def delete_record(obj, *, back: str, title: str, deleted: str, consequence: str = "", problem: str = "",
                  button: str = "Yes, delete it", quote: str = "", before=None, in_use: str = "",
                  context: dict | None = None):
    """The "Are you sure?" page and the delete: GET shows templates/confirm.html; a POST with the
    confirm form (CSRF, and the record's version when the page carried it) deletes the record,
    commits, flashes `deleted` and goes `back`. With `problem`, the page says why it cannot be
    deleted and a POST changes nothing (409). A POST made from an older version of the record, or
    without the version the page carried, is refused (409, nothing deleted): someone changed it
    since the page was loaded. `in_use` is the
    problem to show when the database refuses the delete because other records still refer to it."""
    from flask import flash, redirect, request

    from fossdash.forms import ConfirmForm

    form = ConfirmForm()
    if problem:
        status = 409 if request.method == "POST" else 200
        return _confirm_page(form, back, title, consequence, problem, button, quote, context), status
    if form.validate_on_submit():
        sent = (form.version.raw_data or [""])[0]
        if hasattr(obj, "version"):
            # A confirm without the version it was shown (a forged or an old page) deletes nothing.
            db.session.refresh(obj)
            if sent != str(obj.version):
                form.version.data = str(obj.version)
                page = _confirm_page(form, back, title, consequence, "", button, quote, context,
                                     stale=True)
                return page, 409
        from sqlalchemy.exc import IntegrityError

        if before is not None:
            before()
        db.session.delete(obj)
        try:
            db.session.commit()
        except IntegrityError:
            if not in_use:
                raise
            db.session.rollback()
            return _confirm_page(form, back, title, consequence, in_use, button, quote, context), 409
        flash(deleted, "success")
        return redirect(back)
    if hasattr(obj, "version") and not form.is_submitted():
        form.version.data = str(obj.version)
    return _confirm_page(form, back, title, consequence, "", button, quote, context)


def _confirm_page(form, back, title, consequence, problem, button, quote, context, stale=False):
    return render_template("confirm.html", form=form, problem=problem, title=title, consequence=consequence,
                           button=button, quote=quote, cancel_url=back, stale=stale, **(context or {}))
