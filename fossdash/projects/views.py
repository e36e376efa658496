"""Projects: the list, create and edit, the project home page, its members, and the project
sub-navigation every project page shows. Partners and terms are in partners.py; staff groups,
governance and milestones in records.py (same blueprint)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from fossdash import editing
from fossdash.auth.models import ROLE_LABELS, ProjectMembership, Role, User
from fossdash.extensions import db
from fossdash.projects import bp, service
from fossdash.projects.forms import (
    PROJECT_ROLES,
    AddMemberForm,
    ConfirmForm,
    MemberRoleForm,
    ProjectForm,
    save,
)
from fossdash.projects.models import PROJECT_STAGES, PROJECT_TYPES
from fossdash.security import PERMISSIONS, project_for, project_role, record_for, roles_required


def may_create_projects() -> bool:
    return current_user.is_authenticated and current_user.has_role(Role.ADMIN, Role.PROGRAMME_MANAGER)


# --- the list --------------------------------------------------------------------------------

@bp.route("/")
def index():
    stage = request.args.get("stage", "")
    type_ = request.args.get("type", "")
    stage = stage if stage in PROJECT_STAGES else ""
    type_ = type_ if type_ in PROJECT_TYPES else ""
    rows, total = service.project_rows(current_user, stage or None, type_ or None)
    return render_template(
        "projects/index.html", rows=rows, total=total, stage=stage, type=type_,
        stages=PROJECT_STAGES, types=PROJECT_TYPES, stage_order=service.stage_order,
        may_create=may_create_projects(),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.PROGRAMME_MANAGER)
def new():
    form = ProjectForm()
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in ProjectForm.FIELDS}
        project = service.create_project(values, current_user)
        try:
            db.session.commit()
        except IntegrityError:  # the same name saved a moment ago by someone else
            db.session.rollback()
            form.name.errors.append(f"A project called {form.name.data} already exists")
        else:
            flash(f"Project ‘{project.name}’ created.", "success")
            return redirect(url_for("projects.show", project_id=project.id))
    return render_template("projects/project_form.html", form=form, project=None)


# --- one project -----------------------------------------------------------------------------

@bp.route("/<int:project_id>/")
def show(project_id: int):
    project = project_for(project_id, "read")
    return render_template("projects/show.html", project=project, overview=service.overview(project),
                           concerns=_concerns_at_a_glance(project))


def _concerns_at_a_glance(project) -> dict | None:
    """How many of the project's concerns and questions still wait for an answer (None when the
    concerns pages are not part of this app)."""
    if "concerns.index" not in current_app.view_functions:
        return None
    from fossdash.concerns import service as concerns

    counts = concerns.status_counts(project.id)
    return {"waiting": counts["open"] + counts["responding"], "total": sum(counts.values()),
            "illustrative": concerns.any_illustrative_matching(project.id)}


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
def edit(project_id: int):
    project = project_for(project_id, "manage")
    form = ProjectForm(obj=project, record_id=project.id)
    if form.validate_on_submit():
        clash = editing.conflict(project, form, url_for("projects.show", project_id=project.id))
        if clash:
            return clash
        save(form, project, ProjectForm.FIELDS)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.name.errors.append(f"A project called {form.name.data} already exists")
        else:
            flash("Project details saved.", "success")
            return redirect(url_for("projects.show", project_id=project.id))
    editing.stamp(form, project)
    return render_template("projects/project_form.html", form=form, project=project)


# --- members ---------------------------------------------------------------------------------

@bp.route("/<int:project_id>/members")
def members(project_id: int):
    project = project_for(project_id, "read")
    return render_template("projects/members.html", project=project, memberships=service.memberships(project),
                           role_labels={r.value: label for r, label in ROLE_LABELS.items()})


@bp.route("/<int:project_id>/members/new", methods=["GET", "POST"])
def add_member(project_id: int):
    project = project_for(project_id, "manage")
    form = AddMemberForm()
    people = service.addable_users(project)
    form.user_id.choices = [("", "Select a person")] + [
        (str(u.id), f"{u.name} ({u.email}) – {ROLE_LABELS[Role(u.role)]}") for u in people
    ]
    if form.validate_on_submit():
        user = db.session.get(User, int(form.user_id.data))
        membership = None
        try:
            service.check_project_role(user, form.role.data or user.role)
        except service.RuleError as exc:
            form.role.errors.append(str(exc))
        else:
            try:
                membership = service.add_member(project, user, form.role.data)
            except service.RuleError as exc:
                form.user_id.errors.append(str(exc))
        if membership is not None:
            db.session.commit()
            flash(f"{user.name} added to the project as {PROJECT_ROLES.get(membership.role, membership.role).lower()}.",
                  "success")
            return redirect(url_for("projects.members", project_id=project.id))
    return render_template("projects/member_form.html", form=form, project=project, membership=None,
                           nobody_to_add=not people)


@bp.route("/<int:project_id>/members/<int:membership_id>/edit", methods=["GET", "POST"])
def edit_member(project_id: int, membership_id: int):
    project = project_for(project_id, "manage")
    membership = record_for(ProjectMembership, membership_id, project)
    form = MemberRoleForm(obj=membership)
    problem = None
    try:
        service.check_member_change(membership, current_user)
    except service.RuleError as exc:
        problem = str(exc)
    valid = problem is None and form.validate_on_submit()
    if valid:
        try:
            service.check_project_role(membership.user, form.role.data)
        except service.RuleError as exc:
            form.role.errors.append(str(exc))
            valid = False
    if valid:
        clash = editing.conflict(membership, form, url_for("projects.members", project_id=project.id))
        if clash:
            return clash
        save(form, membership, MemberRoleForm.FIELDS)
        db.session.commit()
        flash(f"{membership.user.name}’s role on this project is now "
              f"{PROJECT_ROLES.get(membership.role, membership.role).lower()}.", "success")
        return redirect(url_for("projects.members", project_id=project.id))
    editing.stamp(form, membership)
    status = 409 if problem and request.method == "POST" else 200
    return render_template("projects/member_form.html", form=form, project=project, membership=membership,
                           problem=problem), status


@bp.route("/<int:project_id>/members/<int:membership_id>/remove", methods=["GET", "POST"])
def remove_member(project_id: int, membership_id: int):
    project = project_for(project_id, "manage")
    membership = record_for(ProjectMembership, membership_id, project)
    form = ConfirmForm()
    problem = None
    try:
        service.check_member_change(membership, current_user)
    except service.RuleError as exc:
        problem = str(exc)
    if problem is None and form.validate_on_submit():
        name = membership.user.name
        db.session.delete(membership)
        db.session.commit()
        flash(f"{name} removed from the project.", "success")
        return redirect(url_for("projects.members", project_id=project.id))
    status = 409 if problem and request.method == "POST" else 200
    return render_template(
        "projects/confirm_delete.html", form=form, project=project, problem=problem, nav_current="projects.members",
        title=f"Remove {membership.user.name} from this project?",
        consequence="They will no longer see this project's records, unless their account role lets them "
                    "read every project.",
        button="Yes, remove them", cancel_url=url_for("projects.members", project_id=project.id),
    ), status



