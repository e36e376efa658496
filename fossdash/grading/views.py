"""Grading pages: the HR / union queue, a project's register, an issue, raising and editing an
issue, and the register's Excel export. The workflow's forms (terms per agency, job evaluation,
union position, decision, moves and comments) are in workflow_views.py, on the same blueprint.

Every project route starts with `project_for(project_id, permission)`; child records come through
`record_for`. Who may do what: fossdash.security.PERMISSIONS ("grading" = admin and HR,
"union_position" = union reps, "comment" = admin, programme managers, HR and union reps).
"""
from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from fossdash import audit, editing
from fossdash.extensions import db
from fossdash.grading import actions, bp, queue as queues, service
from fossdash.grading.forms import CommentForm, IssueForm, NewIssueForm, QueueFilterForm, posted
from fossdash.grading.models import FACTORS, STATUSES, GradingIssue
from fossdash.projects.service import projects_visible_to
from fossdash.returns.grading import register_sheet
from fossdash.returns.xlsx import XLSX_MIMETYPE, write_workbook
from fossdash.security import project_for, record_for, visible_project_ids



@bp.app_template_filter("grading_gbp")
def _gbp(value, places: int = 2) -> str:
    return service.gbp(value, places)


@bp.app_template_filter("grading_pct")
def _pct(value, places: int = 1) -> str:
    return service.pct(value, places)


@bp.app_template_filter("grading_num")
def _num(value) -> str:
    return service.num(value)


@bp.app_template_filter("grading_hint")
def _hint(text: str) -> dict:
    """A radio item's params with a hint (for the move form)."""
    return {"hint": {"text": text}} if text else {}


def equal_pay_settings() -> tuple[int, float]:
    return (current_app.config.get("EQUAL_PAY_POINTS_MARGIN", 25),
            current_app.config.get("EQUAL_PAY_GAP_PERCENT", 5))


def issue_for(project, issue_id: int) -> GradingIssue:
    return record_for(GradingIssue, issue_id, project)


# --- the queue ---------------------------------------------------------------------------------

@bp.route("/grading/")
def queue():
    projects = projects_visible_to(current_user)
    form = QueueFilterForm(request.args)
    form.project.choices = [("", "All your projects")] + [(str(p.id), p.name) for p in projects]
    form.status.choices = [("", "Any status")] + list(STATUSES.items())
    args = request.args
    mine = queues.mine_means(current_user.role)
    if mine == "all":  # nothing waits for a programme manager, an executive or an admin: no "Waiting for me"
        form.awaiting.choices = [(k, v) for k, v in queues.AWAITING.items() if k != "mine"]
    offered = {k for k, _ in form.awaiting.choices}
    awaiting = args.get("awaiting") if args.get("awaiting") in offered else ("mine" if "mine" in offered else "all")
    form.awaiting.data = awaiting
    chosen = mine if awaiting == "mine" else awaiting
    project_id = int(args["project"]) if args.get("project", "").isdigit() else None
    status = args.get("status") if args.get("status") in STATUSES else ""
    older = int(args["older_than"]) if args.get("older_than") in queues.AGES and args.get("older_than") else None
    sort = args.get("sort") if args.get("sort") in queues.SORTS else "disparity"
    form.sort.data = sort

    issues = actions.issues_in(visible_project_ids(current_user))
    margin, gap = equal_pay_settings()
    warnings = actions.warnings_by_project(issues, margin, gap)
    rows = queues.queue_rows(issues, date.today(), awaiting_filter=chosen, project_id=project_id, status=status,
                              older_than=older, sort=sort, warnings=actions.warning_counts(warnings))
    return render_template("grading/queue.html", form=form, rows=rows, chosen=chosen, awaiting=awaiting,
                           filtered=bool(project_id or status or older), total=len(issues),
                           illustrative=any(r.issue.illustrative for r in rows))


# --- a project's register ----------------------------------------------------------------------

@bp.route("/projects/<int:project_id>/grading/")
def index(project_id: int):
    project = project_for(project_id, "read")
    issues = actions.project_issues(project.id)
    margin, gap = equal_pay_settings()
    warnings = service.equal_pay_warnings(issues, margin, gap)
    rows = [
        {"issue": i, "disparity": service.disparity(i.rows), "rates": [service.rates(r) for r in i.rows],
         "points": service.evaluation_total(i.evaluation),
         "days": queues.days_since(i.status_changed_at, date.today())}
        for i in issues
    ]
    return render_template(
        "grading/index.html", project=project, rows=rows, warnings=warnings, summary=queues.summarise(issues),
        margin=margin, gap=gap, equal_pay_definition=service.equal_pay_definition(margin, gap),
        definition=service.DISPARITY_DEFINITION, scope=service.EQUAL_PAY_SCOPE, statuses=STATUSES,
        illustrative=any(i.illustrative for i in issues),
    )


@bp.route("/projects/<int:project_id>/grading/export.xlsx")
def export(project_id: int):
    project = project_for(project_id, "export")
    issues = actions.project_issues(project.id)
    margin, gap = equal_pay_settings()
    sheets = register_sheet(project, issues, margin, gap, today=date.today())
    buf = BytesIO()
    write_workbook(buf, sheets, properties={"title": f"Grading register – {project.name}"})
    buf.seek(0)
    audit.record("export", "grading_issue", None, project_id=project.id,
                 note=f"Grading register ({len(issues)} issues) to Excel")
    db.session.commit()
    name = "".join(ch if ch.isalnum() else "-" for ch in project.name.lower()).strip("-")
    return send_file(buf, mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=f"grading-register-{name}-{date.today().isoformat()}.xlsx")


# --- one issue ---------------------------------------------------------------------------------

def show_context(project, issue, comment_form=None) -> dict:
    margin, gap = equal_pay_settings()
    project_issues = actions.project_issues(project.id)
    warnings = [w for w in service.equal_pay_warnings(project_issues, margin, gap) if w.involves(issue.id)]
    evaluation = issue.evaluation
    levels = evaluation.levels() if evaluation else {}
    role = g.get("project_role")
    return {
        "project": project,
        "issue": issue,
        "rates": [service.rates(r) for r in issue.rows],
        "disparity": service.disparity(issue.rows),
        "definition": service.DISPARITY_DEFINITION,
        "factors": [(key, label, levels.get(key), service.factor_points(key, levels.get(key)))
                    for key, label in FACTORS.items()],
        "points": service.evaluation_total(evaluation),
        "max_points": service.MAX_POINTS,
        "warnings": warnings,
        "equal_pay_definition": service.equal_pay_definition(margin, gap),
        "scope": service.EQUAL_PAY_SCOPE,
        "impact": service.decision_impact(issue.rows, issue.decision) if issue.decision else [],
        "decision_rates": service.rates(issue.decision) if issue.decision else None,
        "moves": service.moves_from(issue.status, role.value if role else None),
        "comments": sorted(issue.comments, key=lambda c: (c.posted_at, c.id), reverse=True),
        "comment_form": comment_form or CommentForm(formdata=None),
        "timeline": actions.timeline_items(issue),
        "waiting_days": queues.days_since(issue.status_changed_at, date.today()),
        "awaiting": queues.awaiting(issue.status, issue.position_key),
        "statuses": STATUSES,
        "margin": margin,
        "position_settled": service.settled_problem(issue.status, "position"),
        "decision_settled": service.settled_problem(issue.status, "decision"),
    }


@bp.route("/projects/<int:project_id>/grading/<int:issue_id>/")
def show(project_id: int, issue_id: int):
    project = project_for(project_id, "read")
    issue = issue_for(project, issue_id)
    return render_template("grading/show.html", **show_context(project, issue))


@bp.route("/projects/<int:project_id>/grading/new", methods=["GET", "POST"])
def new_issue(project_id: int):
    project = project_for(project_id, "grading")
    form = NewIssueForm(posted())
    form.staff_group_ids.choices = actions.group_choices(project)
    form.agencies.choices = actions.agency_choices(project)
    if request.method == "GET":  # tick the agencies whose terms are recorded
        partnerships = actions.partnerships(project)
        form.agencies.data = [p.agency_id for p in partnerships if actions.has_terms(p)]
        # Terms recorded as illustrative fill in illustrative figures: say so unless HR says otherwise.
        form.illustrative.data = any(p.terms_illustrative for p in partnerships if actions.has_terms(p))
    if form.validate_on_submit():
        issue = actions.create_issue(project, current_user, form.role_title.data, form.description.data,
                                     form.illustrative.data, form.staff_group_ids.data, form.agencies.data or [])
        db.session.commit()
        flash(f"Grading issue raised for {issue.role_title}. Enter each agency's pay range next.", "success")
        return redirect(url_for("grading.show", project_id=project.id, issue_id=issue.id))
    return render_template("grading/issue_form.html", form=form, project=project, issue=None)


@bp.route("/projects/<int:project_id>/grading/<int:issue_id>/edit", methods=["GET", "POST"])
def edit_issue(project_id: int, issue_id: int):
    project = project_for(project_id, "grading")
    issue = issue_for(project, issue_id)
    form = IssueForm(posted(), obj=issue)
    form.staff_group_ids.choices = actions.group_choices(project)
    back = url_for("grading.show", project_id=project.id, issue_id=issue.id)
    if form.validate_on_submit():
        clash = editing.conflict(issue, form, back)
        if clash:
            return clash
        issue.role_title = form.role_title.data.strip()
        issue.description = (form.description.data or "").strip()
        issue.illustrative = bool(form.illustrative.data)
        actions.set_groups(issue, form.staff_group_ids.data)
        db.session.commit()
        flash("Issue details saved.", "success")
        return redirect(back)
    editing.stamp(form, issue)
    return render_template("grading/issue_form.html", form=form, project=project, issue=issue)

