"""The concerns register (list, chart, log, edit, answer, close, export), the rumour-busting Q&A
and the management of the project's anonymous staff link. The public staff pages are in
staff_views.py.

Every page here is a `project_route` (the blueprint's prefix carries `<int:project_id>`, so the
access check runs once and the view is handed the project and its records); the edit pages are
`edit_record`, the delete page `delete_record` (fossdash.editing)."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from fossdash import editing
from fossdash.charts.concerns import per_quarter_chart
from fossdash.concerns import answers, bp, service
from fossdash.concerns import staff_link as link_service
from fossdash.concerns.history import history as concern_history
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
from fossdash.downloads import send_workbook
from fossdash.editing import delete_record, edit_record
from fossdash.extensions import db
from fossdash.metrics import concerns as concern_metrics
from fossdash.metrics.milestones import milestones
from fossdash.returns import concerns as concern_returns
from fossdash.security import can, project_route, record_for

EDIT = ["GET", "POST"]
CONCERN = {"concern_id": Concern}
QA = {"qa_id": QuestionAnswer}


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


def _shown(project, concern: Concern) -> str:
    return url_for(".show", project_id=project.id, concern_id=concern.id)


# --- the register ---------------------------------------------------------------------------------

@project_route(bp, "/")
def index(project):
    link_service.release_due(project)
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
        filter_words=service.filter_words(filters, agencies),
        illustrative=service.illustrative_mix(result.items),
        chart_illustrative=bool(quarter_chart) and service.any_illustrative_matching(project.id, filters),
    )


@project_route(bp, "/export.xlsx", "export")
def export(project):
    """The register as filtered on the page, as Excel (fossdash.downloads.send_workbook: written
    streamed, audited, sent); who raised a named concern only for those who may see it."""
    see_raiser = can("see_raiser", project.id)
    where = service.anonymity(project)
    filters = service.register_filters(project, request.args, see_raiser, where)
    words = service.filter_words(filters, service.agencies_in_use(project, where))
    built = concern_returns.sheets(project, service.export_rows(project.id, filters), include_raiser=see_raiser,
                                   anonymity=where, filter_words=words)
    return send_workbook(built, title=concern_returns.TITLE, what="concerns", project=project, entity="concern",
                         note=concern_returns.audit_note(words, see_raiser))


@project_route(bp, "/new", "manage", methods=EDIT)
def new(project):
    concern = service.new_concern(project)
    form = ConcernForm()
    form.set_options(project)
    if not form.is_submitted():
        form.raised_on.data = date.today()
    return edit_record(
        concern, form, template="concerns/form.html", back=url_for(".index", project_id=project.id),
        apply=lambda: service.update_concern(concern, form.values()),
        add=lambda c: _shown(project, c), saved=lambda: f"{concern.kind_label} {concern.id} logged.",
        context={"project": project, "concern": None},
    )


@project_route(bp, "/<int:concern_id>/", records=CONCERN)
def show(project, concern):
    see_raiser = can("see_raiser", project.id)
    return render_template(
        "concerns/show.html", project=project, concern=concern, see_raiser=see_raiser,
        anonymity=service.anonymity(project),
        history=concern_history(concern, see_raiser), answers=answers.answers_from(concern),
    )


@project_route(bp, "/<int:concern_id>/edit", "manage", methods=EDIT, records=CONCERN)
def edit(project, concern):
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
    return edit_record(
        concern, form, template="concerns/form.html", back=_shown(project, concern),
        apply=lambda: service.update_concern(concern, form.values()),
        saved=lambda: f"{concern.kind_label} {concern.id} saved.",
        context={"project": project, "concern": concern},
    )


@project_route(bp, "/<int:concern_id>/answer", "manage", methods=EDIT, records=CONCERN)
def answer(project, concern):
    # Not edit_record: "Save and publish for staff" goes on to word the question and answer, while
    # the conflict page's way back stays the concern.
    form = AnswerForm(obj=concern)
    if not form.is_submitted() and concern.status == "open":
        form.status.data = "answered" if concern.response else "responding"
    cancel = _shown(project, concern)
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


@project_route(bp, "/<int:concern_id>/close", "manage", methods=EDIT, records=CONCERN)
def close(project, concern):
    back = _shown(project, concern)
    if concern.status == "closed" and request.method == "GET":
        flash(f"{concern.kind_label} {concern.id} is already closed.", "info")
        return redirect(back)
    form = CloseForm()
    return edit_record(
        concern, form, template="concerns/close.html", back=back,
        apply=lambda: service.close(concern, form.note.data),
        saved=lambda: f"{concern.kind_label} {concern.id} closed.",
        context={"project": project, "concern": concern},
    )


# --- rumour-busting questions and answers ---------------------------------------------------------

@project_route(bp, "/questions/")
def questions(project):
    published, drafts = answers.published_answers(project.id), answers.draft_answers(project.id)
    return render_template(
        "concerns/questions.html", project=project, published=published, drafts=drafts,
        manage=can("manage", project.id), illustrative=service.illustrative_mix(published + drafts),
    )


def _edit_question(project, qa: QuestionAnswer, source: Concern | None):
    form = QuestionAnswerForm(obj=qa)

    def saved() -> str:
        return "Published to the staff page." if qa.published else "Saved as a draft. Staff cannot see it yet."

    return edit_record(
        qa, form, template="concerns/question_form.html", back=url_for(".questions", project_id=project.id),
        apply=lambda: answers.save_question(qa, form.question.data, form.answer.data, form.position.data,
                                            bool(form.publish.data)),
        saved=saved, context={"project": project, "qa": qa if qa.id else None, "source": source},
    )


@project_route(bp, "/questions/new", "manage", methods=EDIT)
def new_question(project):
    source = None
    source_id = request.args.get("concern", "")
    if source_id:
        if not source_id.isdigit():
            abort(404)
        source = record_for(Concern, int(source_id), project)
    qa = answers.new_question(project, source)
    comment_id = request.args.get("comment", "")
    if comment_id and source is None and not request.form:
        # A survey comment, to be reworded before it is published (fossdash.surveys).
        from fossdash.surveys.models import SurveyAnswer

        answer = db.session.get(SurveyAnswer, comment_id[:32])
        if answer is None or answer.project_id != project.id or not answer.comment or answer.comment_redacted:
            abort(404)
        qa.question = answer.comment
    return _edit_question(project, qa, source)


@project_route(bp, "/questions/<int:qa_id>/edit", "manage", methods=EDIT, records=QA)
def edit_question(project, qa):
    return _edit_question(project, qa, qa.concern)


@project_route(bp, "/questions/<int:qa_id>/publication", "manage", methods=["POST"], records=QA)
def set_question_published(project, qa):
    form = PublicationForm()
    back = redirect(url_for(".questions", project_id=project.id))
    if not form.validate_on_submit() or form.version.data != str(qa.version):
        flash("Someone else changed this question and answer while you were looking at it. "
              "Check it below and try again.", "warning")
        return back
    publish = request.form.get("published") == "1"
    answers.set_published(qa, publish)
    db.session.commit()
    flash("Published to the staff page." if publish else "Taken off the staff page. It is kept as a draft.",
          "success")
    return back


@project_route(bp, "/questions/<int:qa_id>/delete", "manage", methods=EDIT, records=QA)
def delete_question(project, qa):
    consequence = ("It will be taken off the staff page at once. " if qa.published else "") + \
        ("The concern it came from is kept." if qa.concern_id else "")
    return delete_record(
        qa, back=url_for(".questions", project_id=project.id), title="Delete this question and answer?",
        deleted="Question and answer deleted." + (" It is no longer on the staff page." if qa.published else ""),
        consequence=consequence.strip(), quote=qa.question,
        context={"project": project, "nav_current": "concerns.questions"},
    )


# --- the anonymous staff link ------------------------------------------------------------------------

@project_route(bp, "/staff-link", "manage")
def staff_link(project):
    url = url_for("staff.home", token=project.staff_token, _external=True)
    return render_template("concerns/staff_link.html", project=project, url=url)


@project_route(bp, "/staff-link/replace", "manage", methods=EDIT)
def replace_staff_link(project):
    form = ReplaceLinkForm()
    if form.validate_on_submit():
        link_service.replace_staff_link(project)
        db.session.commit()
        flash("The staff link has been replaced. The old link no longer works: share the new one below.",
              "success")
        return redirect(url_for(".staff_link", project_id=project.id))
    return render_template("concerns/replace_link.html", project=project, form=form)


@project_route(bp, "/<int:concern_id>/redact", "manage", methods=EDIT, records=CONCERN)
def redact(project, concern):
    """Replace the words of an anonymous concern that identify someone."""
    if not concern.via_staff_link:
        abort(404)
    from fossdash.forms import ConfirmForm

    form = ConfirmForm()
    back = _shown(project, concern)
    if form.validate_on_submit():
        service.redact_concern(concern)
        db.session.commit()
        flash("The words have been removed. The audit log records that you removed them, not what they said.",
              "success")
        return redirect(back)
    return render_template("surveys/redact.html", project=project, round=None, text=concern.text, form=form,
                           back=back, nav_current="concerns.index")
