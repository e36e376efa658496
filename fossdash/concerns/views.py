"""The concerns register (list, chart, log, edit, answer, close, export), the rumour-busting Q&A
and the management of the project's anonymous staff link. The public staff pages are in
staff_views.py."""
from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from fossdash import audit, editing
from fossdash.charts.concerns import per_quarter_chart
from fossdash.concerns import bp, service
from fossdash.concerns.filters import Filters
from fossdash.concerns.forms import (
    SORTS,
    AnswerForm,
    CloseForm,
    ConcernForm,
    FilterForm,
    PublicationForm,
    QuestionAnswerForm,
    ReplaceLinkForm,
)
from fossdash.concerns.models import Concern, QuestionAnswer
from fossdash.extensions import db
from fossdash.metrics import concerns as concern_metrics
from fossdash.projects.forms import ConfirmForm
from fossdash.metrics.milestones import milestones
from fossdash.returns import concerns as concern_returns
from fossdash.returns.xlsx import XLSX_MIMETYPE
from fossdash.security import can, project_for, record_for



def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def _sort_headers(project_id: int, filters: Filters) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it (toggling direction) and its aria-sort."""
    out = {}
    for key in SORTS:
        current = filters.sort == key
        if current:
            direction = "asc" if filters.descending else "desc"
            aria = "descending" if filters.descending else "ascending"
        else:
            direction = "desc" if key in ("raised_on", "severity") else "asc"
            aria = "none"
        out[key] = {"href": url_for(".index", project_id=project_id, **filters.args(sort=key, dir=direction)),
                    "aria": aria}
    return out


# --- the register ---------------------------------------------------------------------------------

@bp.route("/")
def index(project_id: int):
    project = project_for(project_id, "read")
    see_raiser = can("see_raiser", project.id)
    where = service.anonymity(project)
    filters = service.register_filters(project, request.args, see_raiser, where)
    filter_form = FilterForm(request.args)
    agencies = service.agencies_in_use(project, where)
    filter_form.set_options(agencies)
    result = service.register_page(project.id, filters, _page_number())
    marks = milestones(project.id)
    k = service.breakdown_k(project, filters)
    data = concern_metrics.per_quarter(project.id, filters, extend_to=[m.on for m in marks], k=k)
    quarter_chart = per_quarter_chart(data, marks) if data.quarters else None
    return render_template(
        "concerns/index.html", project=project, filters=filters, filter_form=filter_form, result=result,
        quarter_chart=quarter_chart, counts=service.status_counts(project.id), see_raiser=see_raiser,
        sort_headers=_sort_headers(project.id, filters), anonymity=where, breakdown_k=k,
        filter_words=filters.describe(next((a.name for a in agencies if a.id == filters.agency_id), None)),
        illustrative=service.any_illustrative(result.items),
        chart_illustrative=bool(quarter_chart) and service.any_illustrative_matching(project.id, filters),
    )


@bp.route("/export.xlsx")
def export(project_id: int):
    project = project_for(project_id, "export")
    see_raiser = can("see_raiser", project.id)
    where = service.anonymity(project)
    filters = service.register_filters(project, request.args, see_raiser, where)
    agency = next((a.name for a in service.agencies_in_use(project, where) if a.id == filters.agency_id), None)
    words = filters.describe(agency)
    buf = BytesIO()
    count = concern_returns.write(buf, project, include_raiser=see_raiser, filters=filters, filter_words=words,
                                  anonymity=where)
    audit.record("export", "concern", None, project_id=project.id,
                 note=f"Concerns register: {count:,} row{'' if count == 1 else 's'}" + (f" ({'; '.join(words)})" if words else "")
                 + ("" if see_raiser else "; without who raised them"))
    db.session.commit()
    buf.seek(0)
    return send_file(buf, mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=concern_returns.filename(project))


@bp.route("/new", methods=["GET", "POST"])
def new(project_id: int):
    project = project_for(project_id, "manage")
    form = ConcernForm()
    form.set_options(project)
    if not form.is_submitted():
        form.raised_on.data = date.today()
    if form.validate_on_submit():
        concern = service.log_concern(project, form.values())
        db.session.commit()
        flash(f"{concern.kind_label} {concern.id} logged.", "success")
        return redirect(url_for(".show", project_id=project.id, concern_id=concern.id))
    return render_template("concerns/form.html", project=project, form=form, concern=None)


@bp.route("/<int:concern_id>/")
def show(project_id: int, concern_id: int):
    project = project_for(project_id, "read")
    concern = record_for(Concern, concern_id, project)
    see_raiser = can("see_raiser", project.id)
    return render_template(
        "concerns/show.html", project=project, concern=concern, see_raiser=see_raiser,
        anonymity=service.anonymity(project),
        history=service.history(concern, see_raiser), answers=service.answers_from(concern),
    )


@bp.route("/<int:concern_id>/edit", methods=["GET", "POST"])
def edit(project_id: int, concern_id: int):
    project = project_for(project_id, "manage")
    concern = record_for(Concern, concern_id, project)
    form = ConcernForm(obj=concern)
    if concern.via_staff_link:
        # Raised anonymously through the staff link: it has no author, its channel is fixed, and
        # the agency and staff group are as its sender gave them (not even shown here: for a small
        # group they are hidden, see service.Anonymity).
        del form.raised_by
        del form.channel
        del form.agency_id
        del form.staff_group_id
    form.set_options(project)
    cancel = url_for(".show", project_id=project.id, concern_id=concern.id)
    if form.validate_on_submit():
        clash = editing.conflict(concern, form, cancel)
        if clash:
            return clash
        service.update_concern(concern, form.values())
        db.session.commit()
        flash(f"{concern.kind_label} {concern.id} saved.", "success")
        return redirect(cancel)
    editing.stamp(form, concern)
    return render_template("concerns/form.html", project=project, form=form, concern=concern)


@bp.route("/<int:concern_id>/answer", methods=["GET", "POST"])
def answer(project_id: int, concern_id: int):
    project = project_for(project_id, "manage")
    concern = record_for(Concern, concern_id, project)
    form = AnswerForm(obj=concern)
    if not form.is_submitted() and concern.status == "open":
        form.status.data = "answered" if concern.response else "responding"
    cancel = url_for(".show", project_id=project.id, concern_id=concern.id)
    if form.validate_on_submit():
        clash = editing.conflict(concern, form, cancel)
        if clash:
            return clash
        service.answer(concern, form.response.data, form.actions.data, form.status.data, current_user)
        db.session.commit()
        if form.and_publish.data:
            flash(f"Response to {concern.kind_label.lower()} {concern.id} saved. Now word it for the staff "
                  "page: nothing is published until you choose to.", "success")
            return redirect(url_for(".new_question", project_id=project.id, concern=concern.id))
        flash(f"Response to {concern.kind_label.lower()} {concern.id} saved.", "success")
        return redirect(cancel)
    editing.stamp(form, concern)
    return render_template("concerns/answer.html", project=project, form=form, concern=concern)


@bp.route("/<int:concern_id>/close", methods=["GET", "POST"])
def close(project_id: int, concern_id: int):
    project = project_for(project_id, "manage")
    concern = record_for(Concern, concern_id, project)
    cancel = url_for(".show", project_id=project.id, concern_id=concern.id)
    if concern.status == "closed" and request.method == "GET":
        flash(f"{concern.kind_label} {concern.id} is already closed.", "info")
        return redirect(cancel)
    form = CloseForm()
    if form.validate_on_submit():
        clash = editing.conflict(concern, form, cancel)
        if clash:
            return clash
        service.close(concern, form.note.data)
        db.session.commit()
        flash(f"{concern.kind_label} {concern.id} closed.", "success")
        return redirect(cancel)
    editing.stamp(form, concern)
    return render_template("concerns/close.html", project=project, form=form, concern=concern)


# --- rumour-busting questions and answers ---------------------------------------------------------

@bp.route("/questions/")
def questions(project_id: int):
    project = project_for(project_id, "read")
    return render_template(
        "concerns/questions.html", project=project,
        published=service.published_answers(project.id), drafts=service.draft_answers(project.id),
        manage=can("manage", project.id),
    )


def _save_question(project, qa: QuestionAnswer, form: QuestionAnswerForm):
    publish = bool(form.publish.data)
    service.save_question(qa, form.question.data, form.answer.data, form.position.data, publish)
    db.session.commit()
    flash("Published to the staff page." if publish else "Saved as a draft. Staff cannot see it yet.", "success")
    return redirect(url_for(".questions", project_id=project.id))


@bp.route("/questions/new", methods=["GET", "POST"])
def new_question(project_id: int):
    project = project_for(project_id, "manage")
    source = None
    source_id = request.args.get("concern", "")
    if source_id:
        if not source_id.isdigit():
            abort(404)
        source = record_for(Concern, int(source_id), project)
    qa = service.new_question(project, source)
    form = QuestionAnswerForm(obj=qa)
    if form.validate_on_submit():
        return _save_question(project, qa, form)
    return render_template("concerns/question_form.html", project=project, form=form, qa=None, source=source)


@bp.route("/questions/<int:qa_id>/edit", methods=["GET", "POST"])
def edit_question(project_id: int, qa_id: int):
    project = project_for(project_id, "manage")
    qa = record_for(QuestionAnswer, qa_id, project)
    form = QuestionAnswerForm(obj=qa)
    if form.validate_on_submit():
        clash = editing.conflict(qa, form, url_for(".questions", project_id=project.id))
        if clash:
            return clash
        return _save_question(project, qa, form)
    editing.stamp(form, qa)
    return render_template("concerns/question_form.html", project=project, form=form, qa=qa, source=qa.concern)


@bp.route("/questions/<int:qa_id>/publication", methods=["POST"])
def set_question_published(project_id: int, qa_id: int):
    project = project_for(project_id, "manage")
    qa = record_for(QuestionAnswer, qa_id, project)
    form = PublicationForm()
    back = redirect(url_for(".questions", project_id=project.id))
    if not form.validate_on_submit() or form.version.data != str(qa.version):
        flash("Someone else changed this question and answer while you were looking at it. "
              "Check it below and try again.", "warning")
        return back
    publish = request.form.get("published") == "1"
    service.set_published(qa, publish)
    db.session.commit()
    flash("Published to the staff page." if publish else "Taken off the staff page. It is kept as a draft.",
          "success")
    return back


@bp.route("/questions/<int:qa_id>/delete", methods=["GET", "POST"])
def delete_question(project_id: int, qa_id: int):
    project = project_for(project_id, "manage")
    qa = record_for(QuestionAnswer, qa_id, project)
    form = ConfirmForm()
    back = url_for(".questions", project_id=project.id)
    if form.validate_on_submit():
        was_published = qa.published
        db.session.delete(qa)
        db.session.commit()
        flash("Question and answer deleted." + (" It is no longer on the staff page." if was_published else ""),
              "success")
        return redirect(back)
    consequence = ("It will be taken off the staff page at once. " if qa.published else "") + \
        ("The concern it came from is kept." if qa.concern_id else "")
    return render_template(
        "projects/confirm_delete.html", form=form, project=project, problem=None, nav_current="concerns.questions",
        title="Delete this question and answer?", consequence=consequence.strip(), quote=qa.question,
        button="Yes, delete it", cancel_url=back,
    )


# --- the anonymous staff link ------------------------------------------------------------------------

@bp.route("/staff-link")
def staff_link(project_id: int):
    project = project_for(project_id, "manage")
    url = url_for("staff.home", token=project.staff_token, _external=True)
    return render_template("concerns/staff_link.html", project=project, url=url)


@bp.route("/staff-link/replace", methods=["GET", "POST"])
def replace_staff_link(project_id: int):
    project = project_for(project_id, "manage")
    form = ReplaceLinkForm()
    if form.validate_on_submit():
        service.replace_staff_link(project)
        db.session.commit()
        flash("The staff link has been replaced. The old link no longer works: share the new one below.",
              "success")
        return redirect(url_for(".staff_link", project_id=project.id))
    return render_template("concerns/replace_link.html", project=project, form=form)
