"""An uploaded file checked (in the request, or by a background job for a large one) and a large
import run as a background job, with progress. Part of the import mechanism
(fossdash/reporting/importing.py, which these call through, so its settings apply)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Callable


from fossdash.extensions import db
from fossdash.returns.upload import UploadRefused

from fossdash.reporting import importing
from fossdash.reporting.import_check import Checked, RowError



def display(importer: importing.Importer, project, values: dict) -> list[str]:
    """One row's values as the preview shows them (a choice by its label, a date as words)."""
    out = []
    labels = {c.key: {v: k for k, v in c.choices(project).items()} if c.kind == "choice" and c.choices else {}
              for c in importer.columns(project)}
    for c in importer.columns(project):
        v = values.get(c.key)
        if v is not None and labels[c.key]:
            v = labels[c.key].get(v, v)
        if isinstance(v, date):
            v = f"{v.day} {v.strftime('%b %Y')}"
        out.append("" if v is None else str(v)[:120])
    return out


def errors_sentence(count: int) -> str:
    return (f"{count:,} problem{'s' if count != 1 else ''} in the file: nothing has been imported. "
            f"Fix {'them' if count != 1 else 'it'} and upload the file again")


def evaluate(project, importer: importing.Importer, batch, mapping: dict | None = None,
             progress: Callable[[int, int], None] | None = None) -> Checked | None:
    """Read and check the batch's file and set its status: "mapping" (a person must say which column
    is which), "refused" (preview: the message and the first row errors; the file is not kept) or
    "previewed" (preview: what will be created). The caller commits (or, for a refusal it shows at
    once, need not keep the batch)."""
    try:
        rows = importing.read_rows(batch.content, importer, max_bytes=len(batch.content) + 1)
    except UploadRefused as refused:
        _refuse(batch, refused.message, [])
        return None
    checked = importing.check(importer, project, rows, progress, mapping=mapping)
    if checked.needs_mapping and mapping is None:
        batch.status = "mapping"
        batch.preview = {"mapping": checked.mapping, "unsure": checked.unsure, "headers": checked.headers}
    elif not rows or (checked.ok and not checked.rows):
        _refuse(batch, f"The file has no {importer.plural} in it", [])
    elif checked.missing_headers:
        _refuse(batch, "The file must have the template's header row: "
                + ", ".join(f"‘{m}’" for m in checked.missing_headers) + " missing", [])
    elif checked.errors:
        _refuse(batch, errors_sentence(len(checked.errors)), checked.errors)
    else:
        todo = importing.plan(project, importer, checked)
        if todo.refused:  # told as the checks' own errors are
            checked.errors.extend(todo.refused)
            _refuse(batch, errors_sentence(len(todo.refused)), todo.refused)
            return checked
        batch.status, batch.rows = "previewed", len(checked.rows)
        batch.preview = {"new": len(todo.new), "skipped": todo.skipped, "mapping": checked.mapping,
                         "head": [[n, *display(importer, project, v)] for n, v, _h in todo.new[:importing.PREVIEW_ROWS]]}
    return checked


KEEP_UNCONFIRMED = timedelta(days=1)


def forget_unconfirmed(project, now: datetime | None = None) -> int:
    """Delete the files of the project's uploads left unconfirmed for more than a day (a survey
    tool's export may hold respondents' details: a file is kept only while it is needed)."""
    from sqlalchemy import update

    from fossdash.modelkit import utcnow
    from fossdash.reporting.models import ImportBatch

    cutoff = (now or utcnow()) - KEEP_UNCONFIRMED
    result = db.session.execute(update(ImportBatch).where(
        ImportBatch.project_id == project.id, ImportBatch.status.in_(("previewed", "mapping")),
        ImportBatch.created_at < cutoff).values(
        status="refused", content=b"",
        preview={"message": "This file was uploaded more than a day ago and not imported, so it has been "
                            "deleted: upload it again", "errors": [], "error_count": 0}))
    return getattr(result, "rowcount", 0) or 0


def _refuse(batch, message: str, errors: list[RowError]) -> None:
    batch.status, batch.content = "refused", b""
    batch.preview = {"message": message, "error_count": len(errors),
                     "errors": [[e.row, e.column, e.message] for e in errors[:importing.MAX_ERRORS]]}


def import_batch(project, importer: importing.Importer, batch,
                 progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """The import proper, as the confirm page (a small file) and the import job (a large one) both
    run it: the kept file read and checked again, the plan against what is already imported, the
    records made, the batch marked imported, then the importer's after_import; returns (created,
    skipped). UploadRefused, with nothing written, if the file no longer passes its checks. The
    caller commits."""
    rows = importing.read_rows(batch.content, importer, max_bytes=len(batch.content) + 1)
    checked = importing.check(importer, project, rows, progress, mapping=(batch.preview or {}).get("mapping"))
    if checked.missing_headers:
        raise UploadRefused("The file no longer has the columns it was checked with, nothing was imported: "
                            "upload it again", "changed")
    if not checked.ok:
        raise _changed(checked.errors)
    todo = importing.plan(project, importer, checked)
    if todo.refused:
        raise _changed(todo.refused)
    if progress is not None:
        progress(0, len(todo.new))
    created = importing.create_all(project, importer, batch, todo, progress)
    importing.finish(project, importer, batch, created, todo.skipped)
    if importer.after_import is not None:
        importer.after_import(project)
    return created, todo.skipped


def _changed(errors: list[RowError]) -> UploadRefused:
    """The file, checked again when imported, no longer passes: how many problems, the first named."""
    first = errors[0] if errors else None
    return UploadRefused(f"{len(errors):,} problem{'' if len(errors) == 1 else 's'} in the file, nothing was imported"
                         + (f" (first: row {first.row}, {first.column}: {first.message})" if first else ""), "changed")


def _job_parts(job):
    """The job's batch, project and importer; JobFailed if any is gone or they do not belong."""
    from fossdash.projects.models import Project
    from fossdash.reporting import jobs
    from fossdash.reporting.models import ImportBatch

    batch = db.session.get(ImportBatch, job.params["batch_id"])
    project = db.session.get(Project, job.project_id)
    importer = importing.importers().get(job.params["kind"])
    if batch is None or project is None or importer is None or batch.project_id != project.id:
        raise jobs.JobFailed("The uploaded file is no longer there: upload it again.")
    return batch, project, importer


def _check_job(job, progress):
    from fossdash.reporting import jobs

    batch, project, importer = _job_parts(job)
    if batch.status != "checking":
        raise jobs.JobFailed("This file has been checked already.")
    evaluate(project, importer, batch, mapping=job.params.get("mapping"), progress=progress)
    if batch.status == "previewed":
        new = batch.preview["new"]
        note = (f"Every row passed the checks: {new:,} {importer.noun if new == 1 else importer.plural} to import."
                " Check them, then import.")
    elif batch.status == "mapping":
        note = "Some of the file's columns need you to say which is which."
    else:
        note = batch.preview["message"] + "."
    return jobs.Result(note=note, needs_action=batch.status != "previewed")


# --- the background job for a large import -------------------------------------------------------------

def _job(job, progress):
    from fossdash.reporting import jobs

    batch, project, importer = _job_parts(job)
    if batch.status == "imported":
        raise jobs.JobFailed("This file has already been imported.")
    try:
        created, skipped = import_batch(project, importer, batch, progress)
    except UploadRefused as refused:
        raise jobs.JobFailed(refused.message) from refused
    return jobs.Result(note=f"{created:,} {importer.plural if created != 1 else importer.noun} imported"
                            + (f"; {skipped:,} rows were already imported and were skipped." if skipped else "."))


def _register() -> None:
    from fossdash.reporting import jobs

    jobs.kind("import")(_job)
    jobs.kind("import_check")(_check_job)


_register()
