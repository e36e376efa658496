"""A project's staff groups, governance bodies and milestones: list, add, edit, delete. The model
for every project-record page: `project_route` checks access once, `edit_record` and
`delete_record` are the edit loop and the delete page."""
from __future__ import annotations

from flask import render_template, url_for

from fossdash.editing import delete_record, edit_record
from fossdash.projects import bp, service
from fossdash.projects.forms import GovernanceForm, MilestoneForm, StaffGroupForm
from fossdash.projects.models import GovernanceBody, Milestone, StaffGroup
from fossdash.security import project_route

EDIT = ["GET", "POST"]

# --- staff groups ----------------------------------------------------------------------------


@project_route(bp, "/<int:project_id>/staff-groups")
def staff_groups(project):
    groups = sorted(project.staff_groups, key=lambda g: ((g.agency.name if g.agency else "~"), g.name.lower()))
    return render_template("projects/staff_groups.html", project=project, groups=groups,
                           total=sum(g.headcount for g in groups),
                           illustrative=any(g.illustrative for g in groups))


def _edit_group(project, group: StaffGroup, verb: str):
    form = StaffGroupForm(obj=group, project=project, record_id=group.id)
    agencies = service.partner_agencies(project)
    if group.agency is not None and group.agency not in agencies:  # a partner since removed
        agencies.append(group.agency)
    form.agency_id.choices = [("", "No particular agency")] + [(str(a.id), a.name) for a in agencies]
    if not form.is_submitted():
        form.agency_id.data = str(group.agency_id) if group.agency_id else ""

    def set_agency():
        group.agency_id = int(form.agency_id.data) if form.agency_id.data else None

    return edit_record(group, form, fields=StaffGroupForm.FIELDS, apply=set_agency,
                       template="projects/staff_group_form.html", context={"project": project},
                       back=url_for("projects.staff_groups", project_id=project.id),
                       saved=lambda: f"Staff group ‘{group.name}’ {verb}.")


@project_route(bp, "/<int:project_id>/staff-groups/new", "manage", methods=EDIT)
def new_staff_group(project):
    return _edit_group(project, StaffGroup(project_id=project.id, headcount=None), "added")


@project_route(bp, "/<int:project_id>/staff-groups/<int:staff_group_id>/edit", "manage", methods=EDIT,
               records={"staff_group_id": StaffGroup})
def edit_staff_group(project, staff_group):
    return _edit_group(project, staff_group, "saved")


@project_route(bp, "/<int:project_id>/staff-groups/<int:staff_group_id>/delete", "manage", methods=EDIT,
               records={"staff_group_id": StaffGroup})
def delete_staff_group(project, staff_group):
    return delete_record(
        staff_group, back=url_for("projects.staff_groups", project_id=project.id),
        title=f"Delete the staff group ‘{staff_group.name}’?", deleted=f"Staff group ‘{staff_group.name}’ deleted.",
        consequence="Records that mention the group (such as concerns or survey answers) will no longer show it.",
        context={"project": project, "nav_current": "projects.staff_groups"})


# --- governance ------------------------------------------------------------------------------


@project_route(bp, "/<int:project_id>/governance")
def governance(project):
    order = {"advisory_board": 0, "project_board": 1, "partnership_forum": 2}
    bodies = sorted(project.governance_bodies, key=lambda b: (order.get(b.kind, 3), b.name.lower()))
    return render_template("projects/governance.html", project=project, bodies=bodies,
                           illustrative=any(b.illustrative for b in bodies))


def _edit_body(project, body: GovernanceBody, saved: str):
    form = GovernanceForm(obj=body if body.id else None)
    return edit_record(body, form, fields=GovernanceForm.FIELDS, template="projects/governance_form.html",
                       context={"project": project}, back=url_for("projects.governance", project_id=project.id),
                       saved=lambda: saved.format(name=body.name))


@project_route(bp, "/<int:project_id>/governance/new", "manage", methods=EDIT)
def new_governance_body(project):
    return _edit_body(project, GovernanceBody(project_id=project.id), "‘{name}’ added to the governance.")


@project_route(bp, "/<int:project_id>/governance/<int:body_id>/edit", "manage", methods=EDIT,
               records={"body_id": GovernanceBody})
def edit_governance_body(project, body):
    return _edit_body(project, body, "‘{name}’ saved.")


@project_route(bp, "/<int:project_id>/governance/<int:body_id>/delete", "manage", methods=EDIT,
               records={"body_id": GovernanceBody})
def delete_governance_body(project, body):
    return delete_record(body, back=url_for("projects.governance", project_id=project.id),
                         title=f"Delete ‘{body.name}’?", deleted=f"‘{body.name}’ deleted.",
                         context={"project": project, "nav_current": "projects.governance"})


# --- milestones ------------------------------------------------------------------------------


@project_route(bp, "/<int:project_id>/milestones")
def milestones(project):
    items = service.timeline(project)
    return render_template("projects/milestones.html", project=project, milestones=items,
                           next_milestone=service.overview(project).next_milestone,
                           illustrative=any(m.illustrative for m in items))


def _edit_milestone(project, milestone: Milestone, verb: str):
    form = MilestoneForm(obj=milestone if milestone.id else None)
    return edit_record(milestone, form, fields=MilestoneForm.FIELDS, template="projects/milestone_form.html",
                       context={"project": project}, back=url_for("projects.milestones", project_id=project.id),
                       saved=lambda: f"Milestone ‘{milestone.title}’ {verb}.")


@project_route(bp, "/<int:project_id>/milestones/new", "manage", methods=EDIT)
def new_milestone(project):
    return _edit_milestone(project, Milestone(project_id=project.id), "added")


@project_route(bp, "/<int:project_id>/milestones/<int:milestone_id>/edit", "manage", methods=EDIT,
               records={"milestone_id": Milestone})
def edit_milestone(project, milestone):
    return _edit_milestone(project, milestone, "saved")


@project_route(bp, "/<int:project_id>/milestones/<int:milestone_id>/delete", "manage", methods=EDIT,
               records={"milestone_id": Milestone})
def delete_milestone(project, milestone):
    return delete_record(milestone, back=url_for("projects.milestones", project_id=project.id),
                         title=f"Delete the milestone ‘{milestone.title}’?",
                         deleted=f"Milestone ‘{milestone.title}’ deleted.",
                         context={"project": project, "nav_current": "projects.milestones"})
