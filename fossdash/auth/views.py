"""Sign in, sign out, change password; admin pages for accounts and the audit log."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from fossdash import audit, editing
from fossdash.audit import AuditEvent
from fossdash.auth import service, sessions
from fossdash.auth.forms import ChangePasswordForm, NewUserForm, SignInForm, UserForm
from fossdash.auth.models import Role, User
from fossdash.extensions import db, limiter
from fossdash.security import public, roles_required

log = logging.getLogger("fossdash.auth")
bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("pages.home")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("pages.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is None:
            log.warning("failed sign-in for %r from %s", form.email.data[:254], request.remote_addr)
            audit.record("sign_in_failed", "user_account", note=form.email.data[:254])
            db.session.commit()
            form.password.errors.append("Enter a correct email address and password")
            form.email.errors.append("Enter a correct email address and password")
        else:
            sessions.start(user)
            audit.record("sign_in", "user_account", user.id)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    elif request.method == "GET" and request.args.get("next") and not current_user.is_authenticated:
        if g.get("session_expired"):
            flash("You were signed out because you had not done anything for a while. Sign in again.", "info")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    audit.record("sign_out", "user_account", current_user.id)
    sessions.sign_out()
    flash("You have signed out on every device.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    form._email = current_user.email
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append("Your current password is not correct")
        else:
            user = current_user._get_current_object()
            user.set_password(form.new_password.data)
            # Every other device is signed out; this one carries on with a fresh session.
            sessions.end_all(user.id)
            db.session.commit()
            sessions.start(user)
            flash("Your password has been changed. Any other devices have been signed out.", "success")
            return redirect(url_for("pages.home"))
    return render_template("auth/change_password.html", form=form)


# --- admin: accounts --------------------------------------------------------------------------

@bp.route("/admin/users")
@roles_required(Role.ADMIN)
def users():
    rows = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("admin/users.html", users=rows)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = service.create_user(form.email.data, form.role.data, form.password.data, form.name.data)
        except service.AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            user.active = form.active.data
            db.session.commit()
            flash(f"Account created for {user.email}.", "success")
            return redirect(url_for("auth.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        clash = editing.conflict(user, form, url_for("auth.users"))
        if clash:
            return clash
        other = service.find_by_email(form.email.data)
        if other is not None and other.id != user.id:
            form.email.errors.append("Another account already uses this email address")
        elif user.id == current_user.id and (not form.active.data or form.role.data != Role.ADMIN.value):
            form.role.errors.append("You cannot remove your own administrator access or disable yourself")
        else:
            user.name = form.name.data.strip()
            user.email = service.normalise_email(form.email.data)
            user.role = form.role.data
            service.set_active(user, form.active.data)
            db.session.commit()
            flash(f"Account for {user.email} saved.", "success")
            return redirect(url_for("auth.users"))
    editing.stamp(form, user)
    return render_template("admin/user_form.html", form=form, user=user)


# --- admin: the audit log ---------------------------------------------------------------------

PAGE_SIZE = 50


@bp.route("/admin/audit")
@roles_required(Role.ADMIN)
def audit_log():
    args = request.args
    q = select(AuditEvent)
    filters = {k: (args.get(k) or "").strip() for k in ("actor", "entity", "action", "project", "from", "to")}
    if filters["actor"]:
        q = q.where(AuditEvent.actor.ilike(f"%{filters['actor']}%"))
    if filters["entity"]:
        q = q.where(AuditEvent.entity == filters["entity"])
    if filters["action"]:
        q = q.where(AuditEvent.action == filters["action"])
    if filters["project"].isdigit():
        q = q.where(AuditEvent.project_id == int(filters["project"]))
    errors = {}
    for key, bound in (("from", "ge"), ("to", "lt")):
        if filters[key]:
            try:
                day = datetime.strptime(filters[key], "%Y-%m-%d")
            except ValueError:
                errors[key] = "Enter a date like 2026-11-21"
                continue
            q = q.where(AuditEvent.at >= day if bound == "ge" else AuditEvent.at < day + timedelta(days=1))
    page = max(int(args.get("page", "1")) if args.get("page", "1").isdigit() else 1, 1)
    events = db.session.scalars(
        q.order_by(AuditEvent.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    ).all()
    entities = db.session.scalars(select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)).all()
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    return render_template(
        "admin/audit.html", events=events[:PAGE_SIZE], has_next=len(events) > PAGE_SIZE, page=page,
        filters=filters, errors=errors, entities=entities, actions=actions,
    )


def init_app(app) -> None:
    from fossdash.extensions import login_manager

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # our own server-side session checks instead
    login_manager.user_loader(sessions.load_user)
