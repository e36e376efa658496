"""A background job's progress page (refreshed by static/js/job-progress.js where JavaScript runs,
with a plain refresh link where it does not), its status as JSON, and its result. A job is seen
by the person who started it (and administrators); anyone else gets a 404."""
from __future__ import annotations

import io

from flask import abort, jsonify, render_template, send_file, url_for
from flask_login import current_user

from fossdash.auth.models import Role
from fossdash.extensions import db
from fossdash.reporting import bp
from fossdash.reporting.models import Job
from fossdash.returns.xlsx import XLSX_MIMETYPE
from fossdash.security import deny


def job_for(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or (job.user_id != current_user.id and not current_user.has_role(Role.ADMIN)):
        deny("record", f"job {job_id} is not this user's", status=404)
    if job.project_id is not None:
        from fossdash.security import project_for

        project_for(job.project_id, "read")
    assert job is not None
    return job


def status(job: Job) -> dict:
    percent = int(100 * job.done / job.total) if job.total else (100 if job.status == "done" else 0)
    return {"status": job.status, "label": job.status_label, "done": job.done, "total": job.total,
            "percent": percent, "finished": job.finished, "error": job.error,
            "words": words(job), "page": url_for("reporting.job", job_id=job.id)}


def words(job: Job) -> str:
    if job.status == "failed":
        return "The job failed."
    if job.status == "done":
        return "Finished."
    if job.total:
        return f"{job.done:,} of {job.total:,} rows done."
    return "Waiting to start." if job.status == "queued" else "Started."


@bp.route("/jobs/<int:job_id>")
def job(job_id: int):
    j = job_for(job_id)
    return render_template("reporting/job.html", job=j, state=status(j))


@bp.route("/jobs/<int:job_id>/status")
def job_status(job_id: int):
    response = jsonify(status(job_for(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/jobs/<int:job_id>/result")
def job_result(job_id: int):
    j = job_for(job_id)
    if j.status != "done" or not j.result_name or j.result is None:
        abort(404)
    response = send_file(io.BytesIO(j.result), mimetype=XLSX_MIMETYPE, as_attachment=True,
                         download_name=j.result_name, conditional=False, etag=False)
    response.headers["Cache-Control"] = "no-store"
    return response
