"""The grading issue's forms: each agency's terms, the job evaluation, the decision (HR), the union's
position (union reps), workflow moves (HR) and comments. Routes on the `grading` blueprint."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from fossdash import editing
from fossdash.extensions import db
from fossdash.grading import actions, service
from fossdash.grading.forms import (
    posted,
    AddAgencyForm,
    AgencyRowForm,
    CommentForm,
    DecisionForm,
    EvaluationForm,
    MoveForm,
    PositionForm,
)
from fossdash.grading.models import FACTORS, POSITIONS, GradingAgencyRow, UnionPosition
from fossdash.grading import bp
from fossdash.grading.views import issue_for, show_context
from fossdash.projects.models import Partnership
from fossdash.security import project_for, record_for

ISSUE = "/projects/<int:project_id>/grading/<int:issue_id>"


def _back(project, issue, anchor: str = "") -> str:
    return url_for("grading.show", project_id=project.id, issue_id=issue.id) + (f"#{anchor}" if anchor else "")


# --- each agency's terms -------------------------------------------------------------------------

@bp.route(f"{ISSUE}/agencies/new", methods=["GET", "POST"])
def add_row(project_id: int, issue_id: int):
    project = project_for(project_id, "grading")
    issue = issue_for(project, issue_id)
    form = AddAgencyForm(posted())
    form.agency_id.choices = actions.agency_choices(project, exclude={r.agency_id for r in issue.rows})
    if form.agency_id.choices and form.validate_on_submit():
        partnership = db.session.scalar(select(Partnership).filter_by(project_id=project.id, agency_id=form.agency_id.data))
        row = actions.add_row(issue, partnership)
        db.session.commit()
        flash(f"{row.agency.name} added, with grade, hours and leave filled in from their terms. Enter the pay range.",
              "success")
        return redirect(url_for("grading.edit_row", project_id=project.id, issue_id=issue.id, row_id=row.id))
    return render_template("grading/add_agency.html", form=form, project=project, issue=issue)


def _row(project, issue, row_id: int) -> GradingAgencyRow:
    row = record_for(GradingAgencyRow, row_id, project)
    if row.issue_id != issue.id:
        abort(404)
    return row


@bp.route(f"{ISSUE}/agencies/<int:row_id>/edit", methods=["GET", "POST"])
def edit_row(project_id: int, issue_id: int, row_id: int):
    project = project_for(project_id, "grading")
    issue = issue_for(project, issue_id)
    row = _row(project, issue, row_id)
    form = AgencyRowForm(posted(), obj=row)
    back = _back(project, issue, "agencies")
    if form.validate_on_submit():
        clash = editing.conflict(row, form, back)
        if clash:
            return clash
        row.current_grade = (form.current_grade.data or "").strip()
        row.pay_min, row.pay_max = form.pay_min.data, form.pay_max.data
        row.weekly_hours, row.annual_leave_days = form.weekly_hours.data, form.annual_leave_days.data
        row._audit_note = (form.reason.data or "").strip()
        db.session.commit()
        flash(f"{row.agency.name}'s terms saved.", "success")
        return redirect(back)
    editing.stamp(form, row)
    partnership = db.session.scalar(select(Partnership).filter_by(project_id=project.id, agency_id=row.agency_id))
    return render_template("grading/row_form.html", form=form, project=project, issue=issue, row=row,
                           partnership=partnership)


@bp.route(f"{ISSUE}/agencies/<int:row_id>/remove", methods=["GET", "POST"])
def remove_row(project_id: int, issue_id: int, row_id: int):
    project = project_for(project_id, "grading")
    issue = issue_for(project, issue_id)
    row = _row(project, issue, row_id)
    if request.method == "POST":  # CSRFProtect checks the token of every POST
        name = row.agency.name
        row._audit_note = "Removed from the comparison"
        db.session.delete(row)
        db.session.commit()
        flash(f"{name} removed from this grading issue.", "success")
        return redirect(_back(project, issue, "agencies"))
    return render_template("grading/remove_row.html", project=project, issue=issue, row=row)


# --- job evaluation and decision (HR) -----------------------------------------------------------

@bp.route(f"{ISSUE}/evaluation", methods=["GET", "POST"])
def evaluation(project_id: int, issue_id: int):
    project = project_for(project_id, "grading")
    issue = issue_for(project, issue_id)
    current = issue.evaluation
    form = EvaluationForm(posted(), obj=current)
    back = _back(project, issue, "evaluation")
    if form.validate_on_submit():
        if current is not None:
            clash = editing.conflict(current, form, back)
            if clash:
                return clash
        actions.save_evaluation(issue, {k: getattr(form, k).data for k in FACTORS}, form.evaluated_on.data,
                                form.panel.data, form.notes.data)
        db.session.commit()
        total = service.evaluation_total(issue.evaluation)
        flash("Job evaluation saved" + (f": {total} points (illustrative points table)." if total else
                                        ". Some factors have no level yet."), "success")
        return redirect(back)
    if current is not None:
        editing.stamp(form, current)
    return render_template("grading/evaluation.html", form=form, project=project, issue=issue,
                           points=service.POINTS, max_points=service.MAX_POINTS)


@bp.route(f"{ISSUE}/decision", methods=["GET", "POST"])
def decision(project_id: int, issue_id: int):
    project = project_for(project_id, "grading")
    issue = issue_for(project, issue_id)
    current = issue.decision
    back = _back(project, issue, "decision")
    settled = service.settled_problem(issue.status, "decision")
    if settled:  # nothing is saved: say why, with the way on
        return render_template("grading/settled.html", project=project, issue=issue, problem=settled,
                               title="Decision", anchor="decision",
                               refused=request.method == "POST"), (409 if request.method == "POST" else 200)
    form = DecisionForm(posted(), obj=current)
    if current is None and not form.is_submitted():
        hours = sorted({r.weekly_hours for r in issue.rows if r.weekly_hours})
        form.weekly_hours.data = hours[0] if len(hours) == 1 else None
        form.pay_protection_months.data = None
    if form.validate_on_submit():
        if current is not None:
            clash = editing.conflict(current, form, back)
            if clash:
                return clash
        _decision, reset = actions.save_decision(
            issue, current_user, new_grade=form.new_grade.data, pay_min=form.pay_min.data, pay_max=form.pay_max.data,
            weekly_hours=form.weekly_hours.data, effective_date=form.effective_date.data,
            pay_protection_months=form.pay_protection_months.data, notes=form.notes.data,
        )
        db.session.commit()
        flash("Decision saved." + (" The decision's terms changed, so the union's position is back to pending: "
                                   "the union needs to respond to the new terms before the proposal can be agreed."
                                   if reset else ""), "success")
        return redirect(back)
    if current is not None:
        editing.stamp(form, current)
    return render_template("grading/decision.html", form=form, project=project, issue=issue,
                           rates=[service.rates(r) for r in issue.rows])


# --- the union's position (union reps only) ------------------------------------------------------

@bp.route(f"{ISSUE}/union-position", methods=["GET", "POST"])
def union_position(project_id: int, issue_id: int):
    project = project_for(project_id, "union_position")
    issue = issue_for(project, issue_id)
    settled = service.settled_problem(issue.status, "position")
    if settled:  # nothing is saved: say why, with the way on
        return render_template("grading/settled.html", project=project, issue=issue, problem=settled,
                               title="The union's position", anchor="union-position",
                               refused=request.method == "POST"), \
            (409 if request.method == "POST" else 200)
    position = issue.position
    if position is None:  # issues made before positions were kept start pending
        position = UnionPosition(issue_id=issue.id, project_id=project.id, position="pending", version=0)
    form = PositionForm(posted(), obj=position)
    back = _back(project, issue, "union-position")
    if form.validate_on_submit():
        if issue.position is not None:
            clash = editing.conflict(issue.position, form, back)
            if clash:
                return clash
        saved = actions.set_position(issue, form.position.data, form.conditions.data or "", form.reasons.data or "",
                                     current_user)
        db.session.commit()
        flash(f"The union's position is recorded: {POSITIONS[saved.position].lower()}.", "success")
        return redirect(back)
    if issue.position is not None:
        editing.stamp(form, issue.position)
    return render_template("grading/position.html", form=form, project=project, issue=issue)


# --- workflow moves (HR) -------------------------------------------------------------------------

@bp.route(f"{ISSUE}/move", methods=["GET", "POST"])
def move(project_id: int, issue_id: int):
    project = project_for(project_id, "grading")
    issue = issue_for(project, issue_id)
    role = g.project_role.value
    form = MoveForm(posted())

    def offer():
        moves = service.moves_from(issue.status, role)
        form.to_status.choices = [(m.target, m.label) for m in moves]
        return moves

    moves = offer()
    if form.is_submitted() and form.version.data and form.version.data != str(issue.version):
        # Someone moved or changed the issue meanwhile: keep the reason typed, and ask again.
        form.version.data = str(issue.version)
        form.to_status.data = None
        form.to_status.errors = [f"Someone else changed this issue while you were looking at it. It is now at "
                                 f"{issue.status_phrase}: check where it should go next"]
        return render_template("grading/move.html", form=form, project=project, issue=issue, moves=moves), 409
    if form.validate_on_submit():
        problem = service.move_problem(
            issue.status, form.to_status.data, role, position=issue.position_key,
            has_decision=issue.decision is not None,
            evaluation_complete=service.evaluation_total(issue.evaluation) is not None,
        )
        if problem:
            form.to_status.errors = [problem]
        else:
            source = issue.status_phrase
            actions.move(issue, form.to_status.data, form.reason.data, current_user)
            db.session.commit()
            flash(f"Moved from {source} to {issue.status_phrase}.", "success")
            return redirect(_back(project, issue))
    editing.stamp(form, issue)
    return render_template("grading/move.html", form=form, project=project, issue=issue, moves=moves)


# --- comments ------------------------------------------------------------------------------------

@bp.route(f"{ISSUE}/comments", methods=["POST"])
def comment(project_id: int, issue_id: int):
    project = project_for(project_id, "comment")
    issue = issue_for(project, issue_id)
    form = CommentForm(posted())
    if form.validate_on_submit():
        actions.add_comment(issue, form.body.data, current_user)
        db.session.commit()
        flash("Comment added.", "success")
        return redirect(_back(project, issue, "comments"))
    return render_template("grading/show.html", form=form, **show_context(project, issue, comment_form=form))
