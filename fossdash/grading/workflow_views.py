"""The grading issue's forms: each agency's terms, the job evaluation, the decision (HR), the union's
position (union reps), workflow moves (HR) and comments. Routes on the `grading` blueprint.

Every route is a `project_route`: it is handed the project and the issue (and the agency row),
each checked to belong to the project. The forms that save one record are `edit_record`s;
removing an agency row is a `delete_record` (the confirm page, refused if the row changed)."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from fossdash.editing import delete_record, edit_record, stamp
from fossdash.extensions import db
from fossdash.grading import actions, bp, rules
from fossdash.grading.forms import (
    AddAgencyForm,
    AgencyRowForm,
    CommentForm,
    DecisionForm,
    EvaluationForm,
    MoveForm,
    PositionForm,
)
from fossdash.grading.models import FACTORS, POSITIONS, GradingAgencyRow, GradingIssue, UnionPosition
from fossdash.grading.views import EDIT, ISSUE, issue_crumbs, show_context
from fossdash.security import project_route

ON_ISSUE = {"issue_id": GradingIssue}
ON_ROW = {"issue_id": GradingIssue, "row_id": GradingAgencyRow}


def _back(project, issue, anchor: str = "") -> str:
    return url_for("grading.show", project_id=project.id, issue_id=issue.id) + (f"#{anchor}" if anchor else "")


def _context(project, issue, **more) -> dict:
    """What every page of one issue is rendered with: the project layout's section and crumbs."""
    return {"project": project, "issue": issue, "nav_current": "grading.index",
            "crumbs": issue_crumbs(project, issue), **more}


def _settled_page(project, issue, problem: str, title: str, anchor: str):
    """A settled issue's position or decision: say why nothing can change, with the way on."""
    refused = request.method == "POST"
    page = render_template("grading/settled.html", project=project, issue=issue, problem=problem, title=title,
                           anchor=anchor, refused=refused)
    return page, (409 if refused else 200)


# --- each agency's terms -------------------------------------------------------------------------

@project_route(bp, f"{ISSUE}/agencies/new", "grading", methods=EDIT, records=ON_ISSUE)
def add_row(project, issue):
    form = AddAgencyForm()
    form.agency_id.choices = actions.agency_choices(project, exclude={r.agency_id for r in issue.rows})
    if form.agency_id.choices and form.validate_on_submit():
        row = actions.add_row(issue, actions.partnership(project, form.agency_id.data))
        db.session.commit()
        flash(f"{row.agency.name} added, with grade, hours and leave filled in from their terms. Enter the pay range.",
              "success")
        return redirect(url_for("grading.edit_row", project_id=project.id, issue_id=issue.id, row_id=row.id))
    return render_template("grading/add_agency.html", form=form, project=project, issue=issue)


def _of_issue(issue, row: GradingAgencyRow) -> GradingAgencyRow:
    """The row, if it is one of this issue's (not merely of the same project)."""
    if row.issue_id != issue.id:
        abort(404)
    return row


@project_route(bp, f"{ISSUE}/agencies/<int:row_id>/edit", "grading", methods=EDIT, records=ON_ROW)
def edit_row(project, issue, row):
    _of_issue(issue, row)
    form = AgencyRowForm(obj=row)

    def apply():
        row.current_grade = (form.current_grade.data or "").strip()
        row.pay_min, row.pay_max = form.pay_min.data, form.pay_max.data
        row.weekly_hours, row.annual_leave_days = form.weekly_hours.data, form.annual_leave_days.data
        row._audit_note = (form.reason.data or "").strip()

    return edit_record(row, form, apply=apply, template="grading/row_form.html", back=_back(project, issue, "agencies"),
                       saved=lambda: f"{row.agency.name}'s terms saved.",
                       context={"project": project, "issue": issue, "row": row,
                                "partnership": actions.partnership(project, row.agency_id)})


@project_route(bp, f"{ISSUE}/agencies/<int:row_id>/remove", "grading", methods=EDIT, records=ON_ROW)
def remove_row(project, issue, row):
    _of_issue(issue, row)
    name = row.agency.name

    def note():
        row._audit_note = "Removed from the comparison"

    return delete_record(
        row, back=_back(project, issue, "agencies"), title=f"Remove {name} from this grading issue?",
        deleted=f"{name} removed from this grading issue.", button=f"Remove {name}", before=note,
        quote=_terms(row),
        consequence="Their terms will no longer be compared for this role. What was entered stays on the "
                    "issue's timeline.",
        context=_context(project, issue))


def _terms(row: GradingAgencyRow) -> str:
    """The row's terms in a line, so the person removing it can see it is the one they mean."""
    pay = (f"{rules.gbp(row.pay_min, 0)} to {rules.gbp(row.pay_max, 0)} a year"
           if row.pay_min is not None and row.pay_max is not None else "no pay range entered")
    parts = [f"{row.agency.name}: {row.current_grade or 'no grade entered'}", pay]
    if row.weekly_hours is not None:
        parts.append(f"{rules.num(row.weekly_hours)} hours a week")
    if row.annual_leave_days is not None:
        parts.append(f"{rules.num(row.annual_leave_days)} days' leave")
    return ", ".join(parts)


# --- job evaluation and decision (HR) -----------------------------------------------------------

@project_route(bp, f"{ISSUE}/evaluation", "grading", methods=EDIT, records=ON_ISSUE)
def evaluation(project, issue):
    current = issue.evaluation  # None until the first save, which makes it
    form = EvaluationForm(obj=current)

    def apply():
        actions.save_evaluation(issue, {k: getattr(form, k).data for k in FACTORS}, form.evaluated_on.data,
                                form.panel.data, form.notes.data)

    def saved():
        total = rules.evaluation_total(issue.evaluation)
        return "Job evaluation saved" + (f": {total} points (illustrative points table)." if total else
                                         ". Some factors have no level yet.")

    return edit_record(current, form, apply=apply, saved=saved, template="grading/evaluation.html",
                       back=_back(project, issue, "evaluation"),
                       context={"project": project, "issue": issue, "points": rules.POINTS,
                                "max_points": rules.MAX_POINTS})


@project_route(bp, f"{ISSUE}/decision", "grading", methods=EDIT, records=ON_ISSUE)
def decision(project, issue):
    settled = rules.settled_problem(issue.status, "decision")
    if settled:  # nothing is saved: say why, with the way on
        return _settled_page(project, issue, settled, "Decision", "decision")
    current = issue.decision
    form = DecisionForm(obj=current)
    if current is None and not form.is_submitted():
        hours = sorted({r.weekly_hours for r in issue.rows if r.weekly_hours})
        form.weekly_hours.data = hours[0] if len(hours) == 1 else None
        form.pay_protection_months.data = None
    outcome = {"reset": False}

    def apply():
        _decision, outcome["reset"] = actions.save_decision(
            issue, current_user, new_grade=form.new_grade.data, pay_min=form.pay_min.data, pay_max=form.pay_max.data,
            weekly_hours=form.weekly_hours.data, effective_date=form.effective_date.data,
            pay_protection_months=form.pay_protection_months.data, notes=form.notes.data,
        )

    def saved():
        return "Decision saved." + (" The decision's terms changed, so the union's position is back to pending: "
                                    "the union needs to respond to the new terms before the proposal can be agreed."
                                    if outcome["reset"] else "")

    return edit_record(current, form, apply=apply, saved=saved, template="grading/decision.html",
                       back=_back(project, issue, "decision"),
                       context={"project": project, "issue": issue, "rates": [rules.rates(r) for r in issue.rows]})


# --- the union's position (union reps only) ------------------------------------------------------

@project_route(bp, f"{ISSUE}/union-position", "union_position", methods=EDIT, records=ON_ISSUE)
def union_position(project, issue):
    settled = rules.settled_problem(issue.status, "position")
    if settled:  # nothing is saved: say why, with the way on
        return _settled_page(project, issue, settled, "The union's position", "union-position")
    # Issues made before positions were kept start pending (shown, not stored, until saved).
    shown = issue.position or UnionPosition(issue_id=issue.id, project_id=project.id, position="pending", version=0)
    form = PositionForm(obj=shown)

    def apply():
        actions.set_position(issue, form.position.data, form.conditions.data or "", form.reasons.data or "",
                             current_user)

    return edit_record(issue.position, form, apply=apply, template="grading/position.html",
                       back=_back(project, issue, "union-position"),
                       saved=lambda: f"The union's position is recorded: {POSITIONS[issue.position.position].lower()}.",
                       context={"project": project, "issue": issue})


# --- workflow moves (HR) -------------------------------------------------------------------------

@project_route(bp, f"{ISSUE}/move", "grading", methods=EDIT, records=ON_ISSUE)
def move(project, issue):
    """Not an edit_record: a stale move keeps the reason typed and asks again on the same form,
    and the move's rules (rules.move_problem) show as the choice's error."""
    role = g.project_role.value
    form = MoveForm()
    moves = rules.moves_from(issue.status, role)
    form.to_status.choices = [(m.target, m.label) for m in moves]
    context = {"form": form, "project": project, "issue": issue, "moves": moves}
    if form.is_submitted() and form.version.data and form.version.data != str(issue.version):
        # Someone moved or changed the issue meanwhile: keep the reason typed, and ask again.
        form.version.data = str(issue.version)
        form.to_status.data = None
        form.to_status.errors = [f"Someone else changed this issue while you were looking at it. It is now at "
                                 f"{issue.status_phrase}: check where it should go next"]
        return render_template("grading/move.html", **context), 409
    if form.validate_on_submit():
        problem = rules.move_problem(
            issue.status, form.to_status.data, role, position=issue.position_key,
            has_decision=issue.decision is not None,
            evaluation_complete=rules.evaluation_total(issue.evaluation) is not None,
        )
        if problem:
            form.to_status.errors = [problem]
        else:
            source = issue.status_phrase
            actions.move(issue, form.to_status.data, form.reason.data, current_user)
            db.session.commit()
            flash(f"Moved from {source} to {issue.status_phrase}.", "success")
            return redirect(_back(project, issue))
    stamp(form, issue)
    return render_template("grading/move.html", **context)


# --- comments ------------------------------------------------------------------------------------

@project_route(bp, f"{ISSUE}/comments", "comment", methods=["POST"], records=ON_ISSUE)
def comment(project, issue):
    form = CommentForm()
    if form.validate_on_submit():
        actions.add_comment(issue, form.body.data, current_user)
        db.session.commit()
        flash("Comment added.", "success")
        return redirect(_back(project, issue, "comments"))
    return render_template("grading/show.html", form=form, **show_context(project, issue, comment_form=form))
