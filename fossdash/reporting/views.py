"""The project's Returns page: download a quarter's return, submit it, read back what was
submitted, and choose how the project counts its quarters."""
from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from fossdash.downloads import send_workbook  # noqa: F401 - the house export path, for sheets of rows
from fossdash.extensions import db
from fossdash.reporting import bp, service
from fossdash.reporting.forms import QuarterForm, SchemeForm
from fossdash.reporting.models import SubmittedReturn
from fossdash.returns.periods import SCHEMES
from fossdash.returns.xlsx import XLSX_MIMETYPE
from fossdash.auth.models import Role
from fossdash.security import can, project_route, roles_required

EDIT = ["GET", "POST"]


def _can(project):
    return lambda permission: can(permission, project.id)


def _xlsx(content: bytes, name: str):
    response = send_file(io.BytesIO(content), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=name,
                         conditional=False, etag=False)
    response.content_length = len(content)
    response.headers["Cache-Control"] = "no-store"
    return response


@project_route(bp, "/projects/<int:project_id>/returns/")
def index(project):
    quarters = service.quarters(project)
    form = QuarterForm(request.args or None)
    form.set_quarters(quarters, service.default_quarter(project))
    submitted = service.history(project) if can("read_submitted", project.id) else []
    return render_template("reporting/index.html", project=project, form=form, history=submitted,
                           scheme=SCHEMES[service.scheme(project)], quarters=quarters)


@project_route(bp, "/projects/<int:project_id>/returns/return.xlsx")
def download(project):
    """The return as it stands today for the quarter asked for (the last complete one by default)."""
    from fossdash import audit

    key = request.args.get("quarter")
    quarter = service.quarter_from(project, key) if key else service.default_quarter(project)
    if quarter is None:
        flash("Select a quarter from the list", "error")
        return redirect(url_for(".index", project_id=project.id))
    content = service.build_bytes(project, quarter, current_user, _can(project))
    audit.record("export", "submitted_return", None, project_id=project.id,
                 note=f"Quarterly return {quarter.label} downloaded")
    db.session.commit()
    return _xlsx(content, service.filename(project, quarter))


@project_route(bp, "/projects/<int:project_id>/returns/submit", "submit_return", methods=EDIT)
def submit(project):
    quarters = service.quarters(project)
    form = QuarterForm()
    form.set_quarters(quarters, service.default_quarter(project))
    if form.validate_on_submit():
        quarter = service.quarter_from(project, form.quarter.data)
        if quarter is not None:
            row = service.submit(project, quarter, current_user, _can(project))
            flash(f"Return for {quarter.label} marked as submitted. The file is kept exactly as it is now.",
                  "success")
            return redirect(url_for(".index", project_id=project.id, _anchor=f"return-{row.id}"))
        form.quarter.errors = ["Select the quarter the return is for"]
    return render_template("reporting/submit.html", project=project, form=form)


@project_route(bp, "/projects/<int:project_id>/returns/submitted/<int:return_id>.xlsx", "read_submitted",
               records={"return_id": SubmittedReturn})
def submitted(project, **kwargs):
    row = kwargs["return"]
    return _xlsx(row.content, row.filename)


@project_route(bp, "/projects/<int:project_id>/returns/settings", "manage", methods=EDIT)
def settings(project):
    form = SchemeForm()
    if request.method == "GET":
        form.scheme.data = service.scheme(project)
    if form.validate_on_submit():
        service.set_scheme(project, form.scheme.data)
        flash(f"Quarters are now counted by the {SCHEMES[form.scheme.data].lower()}.", "success")
        return redirect(url_for(".index", project_id=project.id))
    return render_template("reporting/settings.html", project=project, form=form)


# --- the portfolio return (executives) -----------------------------------------------------------

@bp.route("/returns/portfolio", methods=EDIT)
@roles_required(Role.ADMIN, Role.EXECUTIVE)
def portfolio():
    from datetime import date

    from fossdash.reporting import portfolio as portfolio_return
    from fossdash.returns.periods import recent

    quarters = recent(date.today(), count=12)
    form = QuarterForm()
    form.set_quarters(quarters, quarters[1])
    if form.validate_on_submit():
        quarter = next((q for q in quarters if q.key == form.quarter.data), None)
        if quarter is not None:
            job = portfolio_return.start(current_user, quarter)
            return redirect(url_for(".job", job_id=job.id))
        form.quarter.errors = ["Select the quarter the return is for"]
    return render_template("reporting/portfolio.html", form=form)
