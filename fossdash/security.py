"""One access mechanism for every route, and the security headers on every response.

- Every endpoint needs a signed-in user unless it is on the public allow-list (`@public`).
- `@roles_required(...)` limits a route to account roles.
- `project_for(project_id, permission)` is the per-project check every project record goes
  through: members only (admins and executives read all), with the permission decided by the
  member's role in that project. A miss is a 404 (nothing is revealed) and is logged.
"""
from __future__ import annotations

import functools
import logging
import secrets
from typing import Callable

from flask import Flask, abort, current_app, g, has_request_context, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam

from fossdash.auth.models import ProjectMembership, Role
from fossdash.extensions import db
from fossdash.sqlrows import prepared

log = logging.getLogger("fossdash.security")

PUBLIC_ENDPOINTS: set[str] = {"static"}


def public(view: Callable) -> Callable:
    """Mark a view as reachable without signing in: the explicit allow-list."""
    view._fossdash_public = True  # type: ignore[attr-defined]
    return view


def is_public_endpoint(app: Flask, endpoint: str | None) -> bool:
    if endpoint is None:
        return True  # 404s: let the error handler answer
    if endpoint in PUBLIC_ENDPOINTS or endpoint.endswith(".static"):
        return True
    view = app.view_functions.get(endpoint)
    return bool(view and getattr(view, "_fossdash_public", False))


def roles_required(*roles: Role) -> Callable:
    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not current_user.has_role(*roles):
                deny("role", f"needs one of {[r.value for r in roles]}")
            return view(*args, **kwargs)

        wrapped._fossdash_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


# What each role may do on a project it belongs to. Admin may do everything on every project;
# an executive reads every project and changes nothing. These are the permissions every domain
# shares; a domain adds its own in its declaration (fossdash.domains), merged in here by create_app.
PERMISSIONS: dict[str, set[Role]] = {
    "read": {Role.ADMIN, Role.PROGRAMME_MANAGER, Role.HR, Role.UNION_REP, Role.EXECUTIVE},
    "manage": {Role.ADMIN, Role.PROGRAMME_MANAGER},  # project, partners, concerns, members, link
    "see_raiser": {Role.ADMIN, Role.PROGRAMME_MANAGER, Role.HR, Role.EXECUTIVE},
    "export": {Role.ADMIN, Role.PROGRAMME_MANAGER, Role.HR, Role.EXECUTIVE},
}


_MEMBERSHIP = prepared(lambda: db.select(ProjectMembership).where(
    ProjectMembership.project_id == bindparam("project_id"), ProjectMembership.user_id == bindparam("user_id")))


def project_role(user, project_id: int) -> Role | None:
    """The role the user plays on this project, or None if they have no business there.

    Answered once per request and project: pages ask `can(...)` many times while rendering."""
    if not user.is_authenticated:
        return None
    if user.has_role(Role.ADMIN):
        return Role.ADMIN
    cache = request.environ.setdefault("fossdash.project_roles", {}) if has_request_context() else {}
    key = (user.id, user.role, project_id)
    if key not in cache:
        membership = db.session.scalar(_MEMBERSHIP(), {"project_id": project_id, "user_id": user.id})
        if membership is not None:
            cache[key] = effective_role(user.role_enum, Role(membership.role))
        elif user.has_role(Role.EXECUTIVE):
            cache[key] = Role.EXECUTIVE
        else:
            cache[key] = None
    return cache[key]


def _powers(role: Role) -> set[str]:
    return {name for name, roles in PERMISSIONS.items() if role in roles}


def allowed_project_roles(account_role: Role) -> list[Role]:
    """The roles an account may be given on a project: a membership can narrow what the account
    role allows (a programme manager reading one project as an executive), never widen it (a
    union rep made "programme manager" of a project must still never see who raised a concern)."""
    return [r for r in Role if r is not Role.ADMIN and _powers(r) <= _powers(account_role)]


def effective_role(account_role: Role, membership_role: Role) -> Role:
    """The membership's role if it is within the account's powers, else the account's own role
    (so demoting an account takes effect on every project at once)."""
    if account_role is Role.ADMIN:
        return Role.ADMIN
    return membership_role if _powers(membership_role) <= _powers(account_role) else account_role


def can(permission: str, project_id: int, user=None) -> bool:
    user = user or current_user
    role = project_role(user, project_id)
    return role is not None and role in PERMISSIONS[permission]


def deny(kind: str, detail: str, project_id: int | None = None, status: int = 403):
    """Refuse, log it (audit and app log), and stop the request."""
    from fossdash import audit

    who = current_user.email if current_user.is_authenticated else "anonymous"
    log.warning("access refused: %s %s %s (%s) %s", who, request.method, request.path, kind, detail)
    db.session.rollback()  # a refused request saves nothing it may have started
    try:
        audit.record("access_refused", "route", request.path, project_id=project_id,
                     note=f"{request.method} {kind}: {detail}")
        db.session.commit()
    except Exception:  # pragma: no cover - never let logging hide the refusal
        db.session.rollback()
    abort(status)


def project_for(project_id: int, permission: str = "read"):
    """The project if the current user may do `permission` on it; 404 if not a member, 403 if the
    member's role does not allow it. Every project-scoped view calls this first."""
    from fossdash.projects.models import Project

    project = db.session.get(Project, project_id)
    if project is None:
        deny("project", f"no project {project_id}", None, status=404)
    role = project_role(current_user, project_id)
    if role is None:
        deny("project", f"not a member of project {project_id}", project_id, status=404)
    if role not in PERMISSIONS[permission]:
        deny("project", f"{role.value} may not {permission} on project {project_id}", project_id)
    g.project_role = role
    return project


def record_for(model, record_id: int, project, permission_checked: bool = True):
    """A child record of `project` by id; 404 if it belongs to another project (and logged)."""
    obj = db.session.get(model, record_id)
    if obj is None:
        deny("record", f"no {model.__tablename__} {record_id}", project.id, status=404)
    if getattr(obj, "project_id", None) != project.id:
        deny("record", f"{model.__tablename__} {record_id} is not in project {project.id}",
             project.id, status=404)
    return obj


def project_route(bp, rule: str, permission: str = "read", *, methods=("GET",), records=None, **options):
    """Route a project page: the rule takes `<int:project_id>`; the access check runs once and
    the view is handed the project (and each record named in `records`, an {argument: model}
    mapping, checked to belong to the project) instead of the ids.

        @project_route(bp, "/<int:project_id>/plans/<int:plan_id>/edit", "manage",
                       methods=["GET", "POST"], records={"plan_id": TrainingPlan})
        def edit_plan(project, plan): ...

    Arguments named in `records` reach the view by the argument's name less "_id"."""
    records = dict(records or {})

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(project_id: int, **kwargs):
            project = project_for(project_id, permission)
            for argument, model in records.items():
                kwargs[argument.removesuffix("_id")] = record_for(model, kwargs.pop(argument), project)
            return view(project, **kwargs)

        wrapped._fossdash_permission = permission  # type: ignore[attr-defined]
        bp.add_url_rule(rule, view_func=wrapped, methods=list(methods), **options)
        return wrapped

    return decorator


def visible_project_ids(user=None):
    """Ids of the projects the user may read, or None meaning all."""
    user = user or current_user
    if user.has_role(Role.ADMIN, Role.EXECUTIVE):
        return None
    return [m.project_id for m in user.memberships]


def _to_sign_in():
    """Send an anonymous request to the sign-in page, saying why if their session just ended."""
    from flask import flash

    from fossdash.auth import sessions

    message = sessions.ended_message()
    if message:
        sessions.forget_cookie()
        flash(message, "info")
    target = request.full_path if request.query_string else request.path
    if request.method != "GET":
        # A form post cannot be replayed: return to the form's page if it has one.
        target = request.path if _has_get(request.path) else None
    return redirect(url_for("auth.login", next=target) if target and target != "/" else url_for("auth.login"))


def _has_get(path: str) -> bool:
    from werkzeug.exceptions import HTTPException

    try:
        current_app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:
        return False
    return True


# --- headers ---------------------------------------------------------------------------------

def _csp(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            # plotly.js sets inline styles on the chart elements it draws.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ]
    )


def _sent_a_nul() -> bool:
    """A NUL character anywhere in the address, the query or a posted form: no database column
    can hold one (PostgreSQL refuses it), so the request is refused before anything reads it."""
    if "\x00" in request.path:
        return True
    values = [*request.args.keys(), *request.args.values()]
    if request.method == "POST" and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [*request.form.keys(), *request.form.values()]
    return any("\x00" in v for v in values)


def init_app(app: Flask) -> None:
    @app.before_request
    def _nonce_and_gate():
        g.csp_nonce = secrets.token_urlsafe(16)
        if _sent_a_nul():
            abort(400)
        if request.path.startswith("/s/"):
            # Anonymous staff pages (and their 404s) never load, or touch, a signed-in account.
            g._login_user = current_app.login_manager.anonymous_user()
        g.pop("session_ended", None)
        if is_public_endpoint(app, request.endpoint):
            return None
        if not current_user.is_authenticated:
            return _to_sign_in()
        return None

    @app.after_request
    def _headers(response):
        nonce = getattr(g, "csp_nonce", secrets.token_urlsafe(16))
        response.headers["Content-Security-Policy"] = _csp(nonce)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.path.startswith("/s/"):
            # The anonymous staff pages' secret address must not leak to other sites.
            response.headers["Referrer-Policy"] = "no-referrer"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint != "static" and not (request.endpoint or "").endswith(".static"):
            # Signed-in pages and the staff link's pages are never cached.
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.context_processor
    def _security_context():
        return {"cspNonce": getattr(g, "csp_nonce", ""), "can": can, "Role": Role}
