"""Projects: the list, create and edit, the project home page, its members, and the project
sub-navigation every project page shows. Partners and terms are in partners.py; staff groups,
governance and milestones in records.py (same blueprint)."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from fossdash import domains
from fossdash.auth.models import ROLE_LABELS, ProjectMembership, Role, User
from fossdash.editing import delete_record, edit_record, stamp
from fossdash.extensions import db
from fossdash.projects import bp, service
from fossdash.projects.forms import (
    PROJECT_ROLES,
    AddMemberForm,
    MemberRoleForm,
    ProjectForm,
)
from fossdash.projects.models import PROJECT_STAGES, PROJECT_TYPES
from fossdash.security import project_route, roles_required

EDIT = ["GET", "POST"]


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

@project_route(bp, "/<int:project_id>/")
def show(project):
    return render_template("projects/show.html", project=project, overview=service.overview(project),
                           concerns=service.concerns_at_a_glance(project), panels=domains.panels_for(project),
                           attention=domains.attention(project, date.today()))


@project_route(bp, "/<int:project_id>/edit", "manage", methods=EDIT)
def edit(project):
    form = ProjectForm(obj=project, record_id=project.id)
    return edit_record(project, form, fields=ProjectForm.FIELDS, template="projects/project_form.html",
                       back=url_for("projects.show", project_id=project.id), context={"project": project},
                       unique=("name", f"A project called {form.name.data} already exists"),
                       saved="Project details saved.")


# --- members ---------------------------------------------------------------------------------

def _members(project) -> str:
    return url_for("projects.members", project_id=project.id)


def _role_words(membership) -> str:
    return PROJECT_ROLES.get(membership.role, membership.role).lower()


@project_route(bp, "/<int:project_id>/members")
def members(project):
    return render_template("projects/members.html", project=project, memberships=service.memberships(project),
                           role_labels={r.value: label for r, label in ROLE_LABELS.items()})


@project_route(bp, "/<int:project_id>/members/new", "manage", methods=EDIT)
def add_member(project):
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
            flash(f"{user.name} added to the project as {_role_words(membership)}.", "success")
            return redirect(_members(project))
    return render_template("projects/member_form.html", form=form, project=project, membership=None,
                           nobody_to_add=not people)


@project_route(bp, "/<int:project_id>/members/<int:membership_id>/edit", "manage", methods=EDIT,
               records={"membership_id": ProjectMembership})
def edit_member(project, membership):
    form = MemberRoleForm(obj=membership)
    context = {"project": project, "membership": membership}
    problem = service.member_change_problem(membership, current_user)
    if problem:  # nothing can be saved: say why
        stamp(form, membership)
        return render_template("projects/member_form.html", form=form, problem=problem, **context), \
            (409 if request.method == "POST" else 200)
    return edit_record(
        membership, form, fields=MemberRoleForm.FIELDS, template="projects/member_form.html",
        back=_members(project), context=context,
        check=lambda: service.project_role_problem(membership.user, form.role.data),
        saved=lambda: f"{membership.user.name}’s role on this project is now {_role_words(membership)}.")


@project_route(bp, "/<int:project_id>/members/<int:membership_id>/remove", "manage", methods=EDIT,
               records={"membership_id": ProjectMembership})
def remove_member(project, membership):
    return delete_record(
        membership, back=_members(project), title=f"Remove {membership.user.name} from this project?",
        deleted=f"{membership.user.name} removed from the project.",
        problem=service.member_change_problem(membership, current_user),
        consequence="They will no longer see this project's records, unless their account role lets them "
                    "read every project.",
        button="Yes, remove them", context={"project": project, "nav_current": "projects.members"})
