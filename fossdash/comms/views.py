"""The communication plan's pages: the plan (filters, on-time share, chart), an action, adding,
changing, recording as done and deleting one, the communications lead, and the Excel export.
Views validate, call the service and return edit_record / delete_record (fossdash.editing)."""
from __future__ import annotations

from datetime import date

from flask import abort, render_template, request, url_for

from fossdash.charts.comms import per_month_chart
from fossdash.comms import bp, rules, service
from fossdash.comms.forms import ActionForm, DoneForm, FilterForm, LeadForm
from fossdash.comms.models import CommsAction
from fossdash.downloads import send_workbook
from fossdash.editing import delete_record, edit_record
from fossdash.metrics import comms as comms_metrics
from fossdash.metrics.milestones import milestones
from fossdash.returns import comms as comms_returns
from fossdash.security import record_for, project_route

EDIT = ["GET", "POST"]
ACTION = {"action_id": CommsAction}


def _plan_url(project) -> str:
    return url_for(".index", project_id=project.id)


def _shown(project, action) -> str:
    return url_for(".show", project_id=project.id, action_id=action.id)


@project_route(bp, "/")
def index(project):
    on = service.today()
    filters = service.Filters.from_args(request.args)
    plan = service.plan(project.id, filters, on)
    marks = milestones(project.id)
    data = comms_metrics.per_month(comms_metrics.load(project.id), on, extend_to=[m.on for m in marks])
    chart = per_month_chart(data, marks) if data.months else None
    everything = [a for _m, items in plan.months for a in items] + plan.overdue
    return render_template(
        "comms/index.html", project=project, plan=plan, filters=filters, filter_form=FilterForm(request.args),
        chart=chart, on=on, lead=service.lead_words(service.settings(project)), rules=rules, service=service,
        open_months=service.open_months(on),
        illustrative=service.illustrative_mix(everything),
    )


@project_route(bp, "/export.xlsx", "export")
def export(project):
    on = service.today()
    rows = service.export_rows(project.id, on)
    built = comms_returns.sheets(project, rows, lead=service.lead_words(service.settings(project)), exported_on=on)
    return send_workbook(built, title=comms_returns.TITLE, what="communication-plan", project=project,
                         entity="comms_action", count=len(rows), noun="action")


def _concern_choices(project, action):
    choices = service.linkable_concerns(project, action)
    wanted = request.args.get("concern", "")
    if wanted and action.id is None:  # "Plan an action for this concern", from the concern's page
        if not wanted.isdigit():
            abort(404)
        from fossdash.concerns.models import Concern

        concern = record_for(Concern, int(wanted), project)
        if concern.id not in {c.id for c in choices}:
            choices = [concern] + choices
    return choices


def _edit(project, action, template_back):
    form = ActionForm(obj=action if action.id else None)
    choices = _concern_choices(project, action)
    form.set_options(project, choices)
    new = action.id is None
    if new and not form.is_submitted() and request.args.get("concern", "").isdigit():
        form.concern_ids.data = [int(request.args["concern"])]
    return edit_record(
        action, form, template="comms/form.html", back=template_back,
        check=lambda: rules.audience_problem(form.audience.data, *form.chosen()),
        apply=lambda: service.apply(action, form, choices),
        add=lambda a: _shown(project, a),
        saved=lambda: f"Communication action “{action.title}” {'added' if new else 'saved'}.",
        context={"project": project, "action": None if new else action, "today": service.today()},
    )


@project_route(bp, "/new", "manage", methods=EDIT)
def new(project):
    return _edit(project, service.new_action(project), _plan_url(project))


@project_route(bp, "/<int:action_id>/", records=ACTION)
def show(project, action):
    return render_template("comms/show.html", project=project, action=action, on=service.today())


@project_route(bp, "/<int:action_id>/edit", "manage", methods=EDIT, records=ACTION)
def edit(project, action):
    return _edit(project, action, _shown(project, action))


@project_route(bp, "/<int:action_id>/done", "manage", methods=EDIT, records=ACTION)
def done(project, action):
    form = DoneForm(obj=action)
    if not form.is_submitted() and action.done_on is None:
        form.done_on.data = date.today()
    on = service.today()

    def saved() -> str:
        return f"“{action.title}” recorded as {rules.STATUSES[action.status(on)].lower()}."

    return edit_record(
        action, form, template="comms/done.html", back=_shown(project, action),
        apply=lambda: service.record_done(action, form), saved=saved,
        context={"project": project, "action": action},
    )


@project_route(bp, "/<int:action_id>/delete", "manage", methods=EDIT, records=ACTION)
def delete(project, action):
    return delete_record(
        action, back=_plan_url(project), title="Delete this communication action?",
        deleted=f"Communication action “{action.title}” deleted.",
        consequence="The concerns it answers are kept; they no longer list it." if action.concern_links else "",
        quote=action.title, context={"project": project, "nav_current": "comms.index"},
    )


@project_route(bp, "/lead", "manage", methods=EDIT)
def lead(project):
    found = service.settings_for_edit(project)
    form = LeadForm(obj=found if found.id else None)
    return edit_record(
        found, form, template="comms/lead.html", back=_plan_url(project), fields=["lead_name", "lead_role"],
        saved=lambda: f"{found.lead_name} is now the project’s communications lead.",
        unique=("lead_name", "Someone else named a communications lead a moment ago. Check the plan page and try again."),
        context={"project": project, "found": found if found.id else None},
    )


@project_route(bp, "/lead/remove", "manage", methods=EDIT)
def remove_lead(project):
    """Set the project back to having nobody named as its communications lead (audited as the
    removal of the lead; naming one again later starts afresh)."""
    found = service.settings_for_edit(project)
    named = service.lead_words(found if found.id else None)
    return delete_record(
        found, back=_plan_url(project), title="Remove the communications lead?",
        deleted="Nobody is named as the communications lead now.",
        consequence="The plan and the project home will say that nobody is named, until you name someone.",
        problem="" if named else "Nobody is named as the communications lead, so there is nobody to remove.",
        button="Yes, remove the lead", quote=named or "",
        context={"project": project, "nav_current": "comms.index"},
    )
