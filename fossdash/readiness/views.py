"""Readiness pages: the assessments (each naming its barrier point) with their history charts,
adding, changing and deleting an assessment, an assessment beside the evidence for its date (with
divergence flags), and the project's readiness settings. Views validate, call the service and
return edit_record / delete_record (fossdash.editing)."""
from __future__ import annotations

from flask import abort, render_template, request, url_for

from fossdash.charts.readiness import evidence_chart, history_chart
from fossdash.editing import delete_record, edit_record
from fossdash.metrics import readiness as rules
from fossdash.metrics.milestones import milestones
from fossdash.readiness import bp, service
from fossdash.readiness.forms import SettingsForm, assessment_form
from fossdash.readiness.models import ReadinessAssessment
from fossdash.security import project_route

EDIT = ["GET", "POST"]
ASSESSMENT = {"assessment_id": ReadinessAssessment}


def _list_url(project) -> str:
    return url_for(".index", project_id=project.id)


def _shown(project, assessment) -> str:
    return url_for(".show", project_id=project.id, assessment_id=assessment.id)


@project_route(bp, "/")
def index(project):
    on = service.today()
    found = service.assessments(project.id)
    marks = milestones(project.id)
    evaluations = service.evaluations(project, found)
    charts = []
    for h in service.history(found):
        points = [(a.assessed_on, {r.key: r.evidence for r in evaluations[a.id].rows}) for a in h.assessments]
        charts.append((h, history_chart(h.framework, h.assessments, marks, on),
                       evidence_chart(h.framework, points, marks, on)))
    comps, idx = service.evidence(project, on)
    found_settings = service.settings_for(project.id)
    weighted = found_settings is not None and len(set(found_settings.weights.values())) > 1
    return render_template(
        "readiness/index.html", project=project, assessments=found, charts=charts, on=on, rules=rules,
        components=comps, index=idx, rag_counts=service.rag_counts, evaluations=evaluations,
        illustrative=service.illustrative_mix(found), settings=found_settings, weighted=weighted,
    )


def _edit(project, assessment):
    Form = assessment_form(assessment.framework)
    new = assessment.id is None
    form = Form(obj=None if new else assessment)
    form.set_options(project)
    if not new and not form.is_submitted():
        service.fill(form, assessment)
    back = _list_url(project) if new else _shown(project, assessment)
    label = rules.FRAMEWORKS[assessment.framework]
    return edit_record(
        assessment, form, template="readiness/form.html", back=back,
        apply=lambda: service.apply(assessment, form),
        add=lambda a: _shown(project, a),
        saved=lambda: f"{label} assessment of {assessment.assessed_on:%-d %B %Y} {'added' if new else 'saved'}.",
        context={"project": project, "assessment": None if new else assessment, "framework": assessment.framework,
                 "framework_label": label},
    )


@project_route(bp, "/new", "assess", methods=EDIT)
def new(project):
    framework = request.args.get("framework", rules.FOSS)
    if framework not in rules.FRAMEWORKS:
        abort(404)
    return _edit(project, service.new_assessment(project, framework))


@project_route(bp, "/<int:assessment_id>/", records=ASSESSMENT)
def show(project, assessment):
    evaluation = service.evaluate(project, assessment)
    return render_template("readiness/show.html", project=project, assessment=assessment, evaluation=evaluation,
                           rules=rules)


@project_route(bp, "/<int:assessment_id>/edit", "assess", methods=EDIT, records=ASSESSMENT)
def edit(project, assessment):
    return _edit(project, assessment)


@project_route(bp, "/<int:assessment_id>/delete", "assess", methods=EDIT, records=ASSESSMENT)
def delete(project, assessment):
    label = f"{assessment.framework_label} assessment of {assessment.assessed_on:%-d %B %Y}"
    return delete_record(
        assessment, back=_list_url(project), title="Delete this readiness assessment?",
        deleted=f"{label} deleted.", consequence="Its scores and notes are deleted with it.",
        quote=f"{label} by {assessment.assessor}", context={"project": project, "nav_current": "readiness.index"},
    )


@project_route(bp, "/settings", "manage", methods=EDIT)
def settings(project):
    found = service.settings_for_edit(project)
    form = SettingsForm(obj=found if found.id else None)
    if not found.id and not form.is_submitted():
        form.target_days.data = found.target_days
        for f in form.weight_fields():
            f.data = 1

    def check():
        if all((f.data or 0) == 0 for f in form.weight_fields()):
            return {"weight_training": "Give at least one kind of evidence a weight above 0"}
        return None

    return edit_record(
        found, form, template="readiness/settings.html", back=_list_url(project), fields=SettingsForm.FIELDS,
        check=check, saved="Readiness settings saved.",
        unique=("target_days", "Someone else saved the settings a moment ago. Check them and try again."),
        context={"project": project, "found": found if found.id else None, "rules": rules},
    )
