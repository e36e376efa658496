"""A project's staff groups, governance bodies and milestones: list, add, edit, delete."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from fossdash import editing
from fossdash.extensions import db
from fossdash.projects import service
from fossdash.projects.forms import ConfirmForm, GovernanceForm, MilestoneForm, StaffGroupForm, save
from fossdash.projects.models import GovernanceBody, Milestone, StaffGroup
from fossdash.projects import bp
from fossdash.security import project_for, record_for


def _edit(project, obj, form, fields, list_endpoint: str, saved: str, template: str, apply=None):
    """The add/edit page of a project record: on a valid POST refuse a stale version, then save
    the fields (and `apply()` anything else); otherwise show the form with its errors."""
    back = url_for(list_endpoint, project_id=project.id)
    if form.validate_on_submit():
        clash = editing.conflict(obj, form, back) if obj.id is not None else None
        if clash:
            return clash
        save(form, obj, fields)
        if apply is not None:
            apply()
        if obj.id is None:
            db.session.add(obj)
        db.session.commit()
        flash(saved, "success")
        return redirect(back)
    if obj.id is not None:
        editing.stamp(form, obj)
    return render_template(template, form=form, project=project, record=obj if obj.id is not None else None,
                           back=back)


def _delete(project, obj, list_endpoint: str, title: str, deleted: str, consequence: str = ""):
    form = ConfirmForm()
    back = url_for(list_endpoint, project_id=project.id)
    if form.validate_on_submit():
        db.session.delete(obj)
        db.session.commit()
        flash(deleted, "success")
        return redirect(back)
    return render_template("projects/confirm_delete.html", form=form, project=project, problem=None,
                           nav_current=list_endpoint, title=title, consequence=consequence,
                           button="Yes, delete it", cancel_url=back)


# --- staff groups ----------------------------------------------------------------------------

@bp.route("/<int:project_id>/staff-groups")
def staff_groups(project_id: int):
    project = project_for(project_id, "read")
    groups = sorted(project.staff_groups, key=lambda g: ((g.agency.name if g.agency else "~"), g.name.lower()))
    return render_template("projects/staff_groups.html", project=project, groups=groups,
                           total=sum(g.headcount for g in groups),
                           illustrative=any(g.illustrative for g in groups))


def _staff_group_form(project, group: StaffGroup) -> StaffGroupForm:
    form = StaffGroupForm(obj=group, project=project, record_id=group.id)
    agencies = service.partner_agencies(project)
    if group.agency is not None and group.agency not in agencies:  # a partner since removed
        agencies.append(group.agency)
    form.agency_id.choices = [("", "No particular agency")] + [(str(a.id), a.name) for a in agencies]
    if not form.is_submitted():
        form.agency_id.data = str(group.agency_id) if group.agency_id else ""
    return form


def _set_group_agency(form, group) -> None:
    group.agency_id = int(form.agency_id.data) if form.agency_id.data else None


@bp.route("/<int:project_id>/staff-groups/new", methods=["GET", "POST"])
def new_staff_group(project_id: int):
    project = project_for(project_id, "manage")
    group = StaffGroup(project_id=project.id, headcount=None)
    form = _staff_group_form(project, group)
    return _edit(project, group, form, StaffGroupForm.FIELDS, "projects.staff_groups",
                 f"Staff group ‘{form.name.data}’ added.", "projects/staff_group_form.html",
                 apply=lambda: _set_group_agency(form, group))


@bp.route("/<int:project_id>/staff-groups/<int:staff_group_id>/edit", methods=["GET", "POST"])
def edit_staff_group(project_id: int, staff_group_id: int):
    project = project_for(project_id, "manage")
    group = record_for(StaffGroup, staff_group_id, project)
    form = _staff_group_form(project, group)
    return _edit(project, group, form, StaffGroupForm.FIELDS, "projects.staff_groups",
                 f"Staff group ‘{form.name.data}’ saved.", "projects/staff_group_form.html",
                 apply=lambda: _set_group_agency(form, group))


@bp.route("/<int:project_id>/staff-groups/<int:staff_group_id>/delete", methods=["GET", "POST"])
def delete_staff_group(project_id: int, staff_group_id: int):
    project = project_for(project_id, "manage")
    group = record_for(StaffGroup, staff_group_id, project)
    return _delete(project, group, "projects.staff_groups", f"Delete the staff group ‘{group.name}’?",
                   f"Staff group ‘{group.name}’ deleted.",
                   "Records that mention the group (such as concerns or survey answers) will no longer show it.")


# --- governance ------------------------------------------------------------------------------

@bp.route("/<int:project_id>/governance")
def governance(project_id: int):
    project = project_for(project_id, "read")
    order = {"advisory_board": 0, "project_board": 1, "partnership_forum": 2}
    bodies = sorted(project.governance_bodies, key=lambda b: (order.get(b.kind, 3), b.name.lower()))
    return render_template("projects/governance.html", project=project, bodies=bodies,
                           illustrative=any(b.illustrative for b in bodies))


@bp.route("/<int:project_id>/governance/new", methods=["GET", "POST"])
def new_governance_body(project_id: int):
    project = project_for(project_id, "manage")
    body = GovernanceBody(project_id=project.id)
    form = GovernanceForm()
    return _edit(project, body, form, GovernanceForm.FIELDS, "projects.governance",
                 f"‘{form.name.data}’ added to the governance.", "projects/governance_form.html")


@bp.route("/<int:project_id>/governance/<int:body_id>/edit", methods=["GET", "POST"])
def edit_governance_body(project_id: int, body_id: int):
    project = project_for(project_id, "manage")
    body = record_for(GovernanceBody, body_id, project)
    form = GovernanceForm(obj=body)
    return _edit(project, body, form, GovernanceForm.FIELDS, "projects.governance",
                 f"‘{form.name.data}’ saved.", "projects/governance_form.html")


@bp.route("/<int:project_id>/governance/<int:body_id>/delete", methods=["GET", "POST"])
def delete_governance_body(project_id: int, body_id: int):
    project = project_for(project_id, "manage")
    body = record_for(GovernanceBody, body_id, project)
    return _delete(project, body, "projects.governance", f"Delete ‘{body.name}’?", f"‘{body.name}’ deleted.")


# --- milestones ------------------------------------------------------------------------------

@bp.route("/<int:project_id>/milestones")
def milestones(project_id: int):
    project = project_for(project_id, "read")
    items = service.timeline(project)
    overview = service.overview(project)
    return render_template("projects/milestones.html", project=project, milestones=items,
                           next_milestone=overview.next_milestone,
                           illustrative=any(m.illustrative for m in items))


@bp.route("/<int:project_id>/milestones/new", methods=["GET", "POST"])
def new_milestone(project_id: int):
    project = project_for(project_id, "manage")
    milestone = Milestone(project_id=project.id)
    form = MilestoneForm()
    return _edit(project, milestone, form, MilestoneForm.FIELDS, "projects.milestones",
                 f"Milestone ‘{form.title.data}’ added.", "projects/milestone_form.html")


@bp.route("/<int:project_id>/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
def edit_milestone(project_id: int, milestone_id: int):
    project = project_for(project_id, "manage")
    milestone = record_for(Milestone, milestone_id, project)
    form = MilestoneForm(obj=milestone)
    return _edit(project, milestone, form, MilestoneForm.FIELDS, "projects.milestones",
                 f"Milestone ‘{form.title.data}’ saved.", "projects/milestone_form.html")


@bp.route("/<int:project_id>/milestones/<int:milestone_id>/delete", methods=["GET", "POST"])
def delete_milestone(project_id: int, milestone_id: int):
    project = project_for(project_id, "manage")
    milestone = record_for(Milestone, milestone_id, project)
    return _delete(project, milestone, "projects.milestones", f"Delete the milestone ‘{milestone.title}’?",
                   f"Milestone ‘{milestone.title}’ deleted.")
