"""The programme's survey pages: rounds, results, trend, codes, redaction and export."""
from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for

from fossdash.charts.surveys import distribution_chart, trend_chart
from fossdash.downloads import send_workbook
from fossdash.editing import edit_record
from fossdash.extensions import db
from fossdash.forms import ConfirmForm
from fossdash.metrics import surveys as m
from fossdash.metrics.milestones import milestones
from fossdash.metrics.suppression import key_text
from fossdash.returns import surveys as survey_returns
from fossdash.security import can, project_route
from fossdash.surveys import bp, release, service
from fossdash.surveys.forms import CodesForm, RoundForm
from fossdash.surveys.models import SurveyRound

EDIT = ["GET", "POST"]
ROUND = {"round_id": SurveyRound}


def _n(v) -> dict:
    return {"text": "[x]" if v is None else (f"{v:.0f}" if isinstance(v, float) else v), "format": "numeric"}


NUM = {"format": "numeric"}


def _none() -> dict:
    """No answers at all: nothing to average (not hidden, so not [x])."""
    return {"html": '<span aria-hidden="true">–</span><span class="govuk-visually-hidden">No answers</span>',
            "format": "numeric"}


def _mean(cut, value) -> dict:
    """A cut's morale or eNPS: [x] where its count is hidden, a dash where it had no answers."""
    return _none() if cut.n == 0 else _n(value)


def _round_rows(project, points) -> list:
    from markupsafe import escape

    rows = []
    on = service.today()
    for p in points:
        href = url_for(".show", project_id=project.id, round_id=p.round.id)
        rows.append([{"html": f'<a class="govuk-link" href="{href}">{escape(p.round.title)}</a>'},
                     f"{p.round.opens_on:%-d %b %Y} to {p.round.closes_on:%-d %b %Y}",
                     p.round.state(on),
                     _n(p.stats.n) if p.stats.shown else {"text": f"Fewer than {project.anonymity_k}", **NUM},
                     _n(p.stats.morale), _n(p.stats.enps)])
    return rows


def _breakdown_rows(points, measure: str = "morale"):
    """Round by round, one measure ("morale" or "enps") for each agency, then each staff group."""
    shown = [p for p in points if p.stats.shown]
    if not shown:
        return None, []
    head = ["Round"] + [{"text": c.label, **NUM} for c in shown[0].stats.agencies + shown[0].stats.groups]
    rows = [[p.round.title] + [_mean(c, getattr(c, measure)) for c in p.stats.agencies + p.stats.groups]
            for p in shown]
    return head, rows


def _cut_tables(stats):
    out = []
    for title, what, cuts in (("By agency", "Agency", stats.agencies), ("By staff group", "Staff group", stats.groups)):
        head = [what, {"text": "Answers", **NUM}, {"text": "Morale index", **NUM}, {"text": "eNPS", **NUM}]
        out.append((title, head, [[c.label, _n(c.n), _mean(c, c.morale), _mean(c, c.enps)] for c in cuts]))
    return out


def _release(project) -> None:
    release.release_held(project_id=project.id)


@project_route(bp, "/")
def index(project):
    _release(project)
    points = service.trend(project)
    marks = milestones(project.id)
    chart = trend_chart(points, marks) if any(p.stats.shown for p in points) else None
    head, rows = _breakdown_rows(points)
    _, enps_rows = _breakdown_rows(points, "enps")
    return render_template("surveys/index.html", project=project, points=points, chart=chart,
                           round_rows=_round_rows(project, points), breakdown_head=head, breakdown_rows=rows,
                           enps_rows=enps_rows, any_open=any(p.stats.shown and not p.stats.breakdown for p in points),
                           manage=can("manage", project.id), k=project.anonymity_k, key=key_text(project.anonymity_k))


def _save(round_, form, fixed: bool) -> None:
    round_.title = form.title.data
    round_.opens_on = form.opens_on.data
    round_.closes_on = form.closes_on.data
    if not fixed:
        round_.own_items = form.own_list()
        round_.ask_comment = bool(form.ask_comment.data)
        round_.ask_agency = bool(form.ask_agency.data)
        round_.ask_group = bool(form.ask_group.data)
    if round_.id is None:
        db.session.add(round_)


def _edit(project, round_):
    fixed = service.items_fixed(round_)
    form = RoundForm(obj=round_)
    if fixed:
        form.answered_today, form.closed_on = service.today(), round_.closes_on
    if not form.is_submitted():
        form.own_items.data = "\n".join(round_.own_items or [])
    if fixed:
        for name in ("own_items", "ask_comment", "ask_agency", "ask_group"):
            delattr(form, name)
    back = url_for(".index", project_id=project.id)
    return edit_record(round_, form, template="surveys/form.html", back=back,
                       apply=lambda: _save(round_, form, fixed),
                       add=lambda r: url_for(".show", project_id=project.id, round_id=r.id),
                       saved=lambda: f"Survey round “{round_.title}” saved.",
                       context={"project": project, "round": round_ if round_.id else None, "fixed": fixed})


@project_route(bp, "/new", "manage", methods=EDIT)
def new(project):
    return _edit(project, SurveyRound(project_id=project.id, own_items=[], ask_comment=True, ask_agency=True,
                                      ask_group=True, uses_codes=False))


@project_route(bp, "/<int:round_id>/edit", "manage", methods=EDIT, records=ROUND)
def edit(project, round):  # noqa: A002
    return _edit(project, round)


@project_route(bp, "/<int:round_id>/", records=ROUND)
def show(project, round):  # noqa: A002
    _release(project)
    stats = service.round_results(project, round)
    dist = m.distribution(round.id, [c for c, _ in round.items], project.anonymity_k) if stats.shown else None
    chart = distribution_chart(round, dist, project.anonymity_k) if dist else None
    state = round.state(service.today())
    return render_template(
        "surveys/show.html", project=project, round=round, stats=stats, chart=chart, dist=dist,
        comments=service.comments(project, round, stats), cut_tables=_cut_tables(stats) if stats.shown else [], manage=can("manage", project.id),
        codes=service.code_counts(round), k=project.anonymity_k, key=key_text(project.anonymity_k),
        held=service.answer_count(round) - (stats.total.n), state=state, closed=state == "Closed",
    )


@project_route(bp, "/<int:round_id>/export.xlsx", "export", records=ROUND)
def export(project, round):  # noqa: A002
    _release(project)  # as the page does: never the figures from before a release that is due
    stats = service.round_results(project, round)
    dist = m.distribution(round.id, [c for c, _ in round.items], project.anonymity_k) if stats.shown else None
    built = survey_returns.sheets(project, round, stats, dist)
    return send_workbook(built, title=survey_returns.TITLE, what="survey-results", project=project,
                         entity="survey_round", count=stats.n or 0, noun="answer", note=round.title)


@project_route(bp, "/<int:round_id>/codes", "manage", methods=EDIT, records=ROUND)
def codes(project, round):  # noqa: A002
    form = CodesForm()
    if form.validate_on_submit():
        made = service.make_codes(round, form.count.data)
        db.session.commit()
        flash(f"{len(made):,} answer codes made. Print them or download them below.", "success")
        return redirect(url_for(".codes", project_id=project.id, round_id=round.id))
    unspent, spent = service.code_counts(round)
    return render_template("surveys/codes.html", project=project, round=round, form=form, unspent=unspent,
                           spent=spent)


@project_route(bp, "/<int:round_id>/codes/print", "manage", records=ROUND)
def codes_print(project, round):  # noqa: A002
    codes_ = [service.format_code(c) for c in service.unspent_codes(round)]
    url = url_for("survey_staff.start", token=project.staff_token, round_id=round.id, _external=True)
    return render_template("surveys/codes_print.html", project=project, round=round, codes=codes_, url=url)


@project_route(bp, "/<int:round_id>/codes.csv", "manage", records=ROUND)
def codes_csv(project, round):  # noqa: A002
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Answer code"])
    for c in service.unspent_codes(round):
        writer.writerow([service.format_code(c)])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename=answer-codes-round-{round.id}.csv"
    response.headers["Cache-Control"] = "no-store"
    return response


@project_route(bp, "/<int:round_id>/comments/<answer_id>/redact", "manage", methods=EDIT, records=ROUND)
def redact_comment(project, round, answer_id: str):  # noqa: A002
    answer = service.answer_with_comment(round, answer_id)
    if answer is None or answer.comment_redacted:
        abort(404)
    form = ConfirmForm()
    back = url_for(".show", project_id=project.id, round_id=round.id)
    if form.validate_on_submit():
        service.redact_comment(answer)
        db.session.commit()
        flash("The comment has been removed. The audit log records that you removed it, not what it said.",
              "success")
        return redirect(back)
    return render_template("surveys/redact.html", project=project, round=round, text=answer.comment, form=form,
                           back=back)


@project_route(bp, "/<int:round_id>/comments/<answer_id>/publish", "manage", records=ROUND)
def publish_comment(project, round, answer_id: str):  # noqa: A002
    answer = service.answer_with_comment(round, answer_id)
    if answer is None or answer.comment_redacted:
        abort(404)
    return redirect(url_for("concerns.new_question", project_id=project.id, comment=answer.id, round=round.id))


__all__ = ["request"]
