"""Grading pages: the HR / union queue, a project's register, an issue, raising and editing an
issue, and the register's Excel export. The workflow's forms (terms per agency, job evaluation,
union position, decision, moves and comments) are in workflow_views.py, on the same blueprint.

Every project route is a `project_route` (fossdash.security): the access check runs once and the
view is handed the project and its records, each checked to belong to it. Who may do what:
fossdash.security.PERMISSIONS ("grading" = admin and HR, "union_position" = union reps,
"comment" = admin, programme managers, HR and union reps). The rules (pay maths, workflow) are
in rules.py, the database work in actions.py.
"""
from __future__ import annotations

from datetime import date

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from fossdash.downloads import send_workbook
from fossdash.editing import edit_record
from fossdash.extensions import db
from fossdash.grading import actions, bp, queue as queues, rules
from fossdash.grading.forms import CommentForm, IssueForm, NewIssueForm, QueueFilterForm
from fossdash.grading.models import FACTORS, STATUSES, GradingIssue
from fossdash.projects.service import projects_visible_to
from fossdash.returns import grading as register_returns
from fossdash.security import project_route, visible_project_ids

EDIT = ["GET", "POST"]
ISSUE = "/projects/<int:project_id>/grading/<int:issue_id>"


@bp.app_template_filter("grading_gbp")
def _gbp(value, places: int = 2) -> str:
    return rules.gbp(value, places)


@bp.app_template_filter("grading_pct")
def _pct(value, places: int = 1) -> str:
    return rules.pct(value, places)


@bp.app_template_filter("grading_num")
def _num(value) -> str:
    return rules.num(value)


@bp.app_template_filter("grading_hint")
def _hint(text: str) -> dict:
    """A radio item's params with a hint (for the move form)."""
    return {"hint": {"text": text}} if text else {}


def equal_pay_settings() -> tuple[int, float]:
    return (current_app.config.get("EQUAL_PAY_POINTS_MARGIN", 25),
            current_app.config.get("EQUAL_PAY_GAP_PERCENT", 5))


def issue_crumbs(project, issue) -> list[dict]:
    """The issue as the breadcrumb after "Grading register", on the pages of one issue."""
    return [{"text": issue.role_title,
             "href": url_for("grading.show", project_id=project.id, issue_id=issue.id)}]


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

@project_route(bp, "/projects/<int:project_id>/grading/")
def index(project):
    issues = actions.project_issues(project.id)
    margin, gap = equal_pay_settings()
    warnings = rules.equal_pay_warnings(issues, margin, gap)
    rows = [
        {"issue": i, "disparity": rules.disparity(i.rows), "rates": [rules.rates(r) for r in i.rows],
         "points": rules.evaluation_total(i.evaluation),
         "days": queues.days_since(i.status_changed_at, date.today())}
        for i in issues
    ]
    return render_template(
        "grading/index.html", project=project, rows=rows, warnings=warnings, counts=queues.summarise(issues),
        margin=margin, gap=gap, equal_pay_definition=rules.equal_pay_definition(margin, gap),
        definition=rules.DISPARITY_DEFINITION, scope=rules.EQUAL_PAY_SCOPE, statuses=STATUSES,
        illustrative=any(i.illustrative for i in issues),
    )


@project_route(bp, "/projects/<int:project_id>/grading/export.xlsx", "grading_export")
def export(project):
    """The register as Excel (fossdash.downloads.send_workbook: written, logged, sent)."""
    issues = actions.project_issues(project.id)
    margin, gap = equal_pay_settings()
    built = register_returns.sheets(project, issues, margin, gap, today=date.today())
    return send_workbook(built, title=register_returns.TITLE, what="grading-register", project=project,
                         entity="grading_issue", count=len(issues), noun="issue")


# --- one issue ---------------------------------------------------------------------------------

def show_context(project, issue, comment_form=None) -> dict:
    margin, gap = equal_pay_settings()
    project_issues = actions.project_issues(project.id)
    warnings = [w for w in rules.equal_pay_warnings(project_issues, margin, gap) if w.involves(issue.id)]
    evaluation = issue.evaluation
    levels = evaluation.levels() if evaluation else {}
    role = g.get("project_role")
    return {
        "project": project,
        "issue": issue,
        "rates": [rules.rates(r) for r in issue.rows],
        "disparity": rules.disparity(issue.rows),
        "definition": rules.DISPARITY_DEFINITION,
        "factors": [(key, label, levels.get(key), rules.factor_points(key, levels.get(key)))
                    for key, label in FACTORS.items()],
        "points": rules.evaluation_total(evaluation),
        "max_points": rules.MAX_POINTS,
        "warnings": warnings,
        "equal_pay_definition": rules.equal_pay_definition(margin, gap),
        "scope": rules.EQUAL_PAY_SCOPE,
        "impact": rules.decision_impact(issue.rows, issue.decision) if issue.decision else [],
        "decision_rates": rules.rates(issue.decision) if issue.decision else None,
        "moves": rules.moves_from(issue.status, role.value if role else None),
        "comments": sorted(issue.comments, key=lambda c: (c.posted_at, c.id), reverse=True),
        "comment_form": comment_form or CommentForm(formdata=None),
        "timeline": actions.timeline_items(issue),
        "waiting_days": queues.days_since(issue.status_changed_at, date.today()),
        "awaiting": queues.awaiting(issue.status, issue.position_key),
        "statuses": STATUSES,
        "margin": margin,
        "position_settled": rules.settled_problem(issue.status, "position"),
        "decision_settled": rules.settled_problem(issue.status, "decision"),
    }


@project_route(bp, f"{ISSUE}/", records={"issue_id": GradingIssue})
def show(project, issue):
    return render_template("grading/show.html", **show_context(project, issue))


@project_route(bp, "/projects/<int:project_id>/grading/new", "grading", methods=EDIT)
def new_issue(project):
    form = NewIssueForm()
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


@project_route(bp, f"{ISSUE}/edit", "grading", methods=EDIT, records={"issue_id": GradingIssue})
def edit_issue(project, issue):
    form = IssueForm(obj=issue)
    form.staff_group_ids.choices = actions.group_choices(project)

    def apply():
        issue.role_title = form.role_title.data.strip()
        issue.description = (form.description.data or "").strip()
        issue.illustrative = bool(form.illustrative.data)
        actions.set_groups(issue, form.staff_group_ids.data)

    return edit_record(issue, form, apply=apply, template="grading/issue_form.html",
                       back=url_for("grading.show", project_id=project.id, issue_id=issue.id),
                       saved="Issue details saved.", context={"project": project, "issue": issue})
