"""Sign in, sign out, change password; admin pages for accounts and the audit log."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from fossdash import audit, audit_search, editing
from fossdash.auth import service, sessions
from fossdash.auth.forms import AuditFilterForm, ChangePasswordForm, EditUserForm, NewUserForm, SignInForm
from fossdash.auth.models import Role, User
from fossdash.extensions import db, limiter
from flask_limiter.util import get_remote_address
from fossdash.security import public, roles_required

log = logging.getLogger("fossdash.auth")
bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, whatever tricks the address uses."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        if "\\" not in target and all(ord(ch) >= 32 and ord(ch) != 127 for ch in target):
            parts = urlsplit(target)
            if not parts.scheme and not parts.netloc:
                return target
    return _landing()


def _landing() -> str:
    """Where a sign-in lands without a `next`: executives on the portfolio (readiness at a
    glance is what they come for), everyone else on the home page."""
    if current_user.is_authenticated and current_user.has_role(Role.EXECUTIVE) and "portfolio.index" in \
            current_app.view_functions:
        return url_for("portfolio.index")
    return url_for("pages.home")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_ip_limit() -> str:
    return current_app.config["LOGIN_IP_RATE_LIMIT"]


def _account_key() -> str:
    """Failed sign-ins are counted per address and account, so one person mistyping in a shared
    office does not lock out their colleagues behind the same address."""
    return f"{get_remote_address()}|{service.normalise_email(request.form.get('email', ''))[:254]}"


def _failed(response) -> bool:
    """Only failed attempts count: a successful sign-in redirects, and a server error (5xx) is
    our fault, not a wrong guess, so it must not lock anyone out."""
    return response.status_code != 302 and response.status_code < 500


def _throttled(limit) -> None:
    email = service.normalise_email(request.form.get("email", ""))[:254]
    log.warning("sign-in throttled for %r from %s (%s)", email, request.remote_addr, limit.limit)
    try:
        audit.record("sign_in_throttled", "user_account", note=email)
        db.session.commit()
    except Exception:  # noqa: BLE001 - never let logging hide the refusal
        log.exception("could not write the throttling to the audit log")
        db.session.rollback()


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed,
               on_breach=_throttled, scope="login-account")
@limiter.limit(_login_ip_limit, methods=["POST"], deduct_when=_failed, on_breach=_throttled,
               scope="login-address")
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    ended = sessions.ended_message()
    if ended:  # came straight here with a session that has just ended
        sessions.forget_cookie()
        flash(ended, "info")
    form = SignInForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is None:
            log.warning("failed sign-in for %r from %s", form.email.data[:254], request.remote_addr)
            audit.record("sign_in_failed", "user_account", note=service.normalise_email(form.email.data)[:254])
            db.session.commit()
            # One message, on the first field: which of the two was wrong is not revealed.
            form.email.errors.append("Enter a correct email address and password")
        else:
            sessions.start(user)
            audit.record("sign_in", "user_account", user.id)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
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
        elif form.new_password.data == form.current_password.data:
            form.new_password.errors.append("Your new password must be different from your current password")
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


@bp.route("/session/keep-alive", methods=["POST"])
def keep_alive():
    """The page says its user is still busy on it (typing, or chose "Stay signed in")."""
    sessions.touch()
    return "", 204


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
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        clash = editing.conflict(user, form, url_for("auth.users"))
        if clash:
            return clash
        other = service.find_by_email(form.email.data)
        yourself = user.id == current_user.id
        if other is not None and other.id != user.id:
            form.email.errors.append("Another account already uses this email address")
        elif yourself and form.role.data != Role.ADMIN.value:
            form.role.errors.append("You cannot remove your own administrator role: ask another administrator")
        elif yourself and not form.active.data:
            form.active.errors.append("You cannot disable your own account: ask another administrator")
        elif yourself and form.new_password.data:
            form.new_password.errors.append("Change your own password on the ‘Change your password’ page")
        else:
            user.name = form.name.data.strip()
            user.email = service.normalise_email(form.email.data)
            user.role = form.role.data
            service.set_active(user, form.active.data)
            message = f"Account for {user.email} saved."
            if form.new_password.data:
                user.set_password(form.new_password.data)
                sessions.end_all(user.id)
                message = f"Account for {user.email} saved with a new temporary password. They have been signed out everywhere."
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("auth.users"))
    editing.stamp(form, user)
    return render_template("admin/user_form.html", form=form, user=user)


# --- admin: the audit log ---------------------------------------------------------------------

PAGE_SIZE = 50


def _project_names() -> dict[int, str]:
    try:
        from fossdash.projects.models import Project
    except ImportError:  # pragma: no cover - the projects domain is part of every install
        return {}
    return dict(db.session.execute(select(Project.id, Project.name).order_by(Project.name)).all())


FILTER_KEYS = ("actor", "entity", "action", "project", "from_date", "to_date")


@bp.route("/admin/audit")
@roles_required(Role.ADMIN)
def audit_log():
    projects = _project_names()
    entities, actions = audit_search.choices()
    form = AuditFilterForm(request.args)
    form.entity.choices = [("", "Any")] + sorted(((e, audit_search.entity_label(e)) for e in entities), key=lambda c: c[1])
    # Refused access has its own choice (the radios), so it is not one of the actions to pick.
    form.action.choices = [("", "Any")] + sorted(((a, audit_search.action_label(a)) for a in actions if a != audit_search.REFUSED),
                                                 key=lambda c: c[1])
    form.project.choices = [("", "Any")] + [(str(pid), name) for pid, name in projects.items()]
    if not form.refused.data:
        form.refused.data = audit_search.REFUSED_HIDE
    if form.action.data == audit_search.REFUSED:  # an older link: ?action=access_refused
        form.action.data, form.refused.data = "", audit_search.REFUSED_ONLY

    arg = request.args.get("page", "1")
    page = max(int(arg), 1) if arg.isdigit() else 1
    refused = request.args.get("refused") or audit_search.REFUSED_HIDE
    filtered = any(request.args.get(k) for k in FILTER_KEYS) or refused != audit_search.REFUSED_HIDE
    if not filtered:
        results = audit_search.search(audit_search.Filters(), page, PAGE_SIZE)
    elif form.validate():
        results = audit_search.search(audit_search.Filters(
            actor=(form.actor.data or "").strip(),
            entity=form.entity.data or "",
            action=form.action.data or "",
            project_id=int(form.project.data) if (form.project.data or "").isdigit() else None,
            from_date=form.from_date.data,
            to_date=form.to_date.data,
            refused=form.refused.data,
        ), page, PAGE_SIZE)
    else:  # show the errors, not an unfiltered log that looks filtered
        results = audit_search.Results(page=page, per_page=PAGE_SIZE)
    return render_template(
        "admin/audit.html", results=results, form=form, filtered=filtered, projects=projects,
        refused_hidden=form.refused.data == audit_search.REFUSED_HIDE, when=audit_search.when, display=audit_search.display,
    )


def init_app(app) -> None:
    from fossdash.extensions import login_manager

    login_manager.login_view = "auth.login"
    # The gate in fossdash.security sends anonymous requests to sign in and says why only when a
    # session has just ended; Flask-Login's own "please log in" flash would repeat it.
    login_manager.login_message = None
    login_manager.session_protection = None  # our own server-side session checks instead
    login_manager.user_loader(sessions.load_user)
