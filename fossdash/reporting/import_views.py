"""Import records from a spreadsheet: the template, the upload (checked, then a preview or the
errors), and the confirmation that imports every row in one transaction (a large file as a
background job with progress). The uploaded file's name is never used (not as a path, not shown)."""
from __future__ import annotations

import hashlib

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from openpyxl.utils import get_column_letter
from sqlalchemy.exc import IntegrityError

from fossdash.extensions import db
from fossdash.forms import ConfirmForm
from fossdash.reporting import bp, importing, jobs
from fossdash.reporting.forms import UploadForm
from fossdash.reporting.models import ImportBatch
from fossdash.reporting.template_book import template_bytes
from fossdash.returns.upload import UploadRefused
from fossdash.security import project_route

EDIT = ["GET", "POST"]


def _importer(kind: str) -> importing.Importer:
    found = importing.importers().get(kind)
    if found is None:
        abort(404)
    return found


@project_route(bp, "/projects/<int:project_id>/returns/imports/", "manage")
def imports(project):
    return render_template("reporting/imports.html", project=project, importers=importing.importers().values())


@project_route(bp, "/projects/<int:project_id>/returns/imports/<kind>/template.xlsx", "manage")
def import_template(project, kind: str):
    from fossdash.downloads import filename
    from fossdash.reporting.views import _xlsx

    importer = _importer(kind)
    return _xlsx(template_bytes(importer, project), filename(f"{importer.kind}-import-template", project))


def _problems(first: str | None, errors: list[importing.RowError]) -> dict | None:
    """The GOV.UK error summary: the file's problem, then each row's (row, column, message)."""
    items = [{"text": first, "href": "#file"}] if first else []
    items += [{"text": f"Row {e.row}, {e.column}: {e.message}", "href": f"#error-{i}"}
              for i, e in enumerate(errors[:importing.MAX_ERRORS])]
    return {"titleText": "There is a problem", "errorList": items} if items else None


def _refused(batch: ImportBatch) -> tuple[str, list[importing.RowError], int]:
    p = batch.preview or {}
    return p.get("message", ""), [importing.RowError(*e) for e in p.get("errors", [])], p.get("error_count", 0)


def _upload_page(project, importer, form, errors: list[importing.RowError], count: int | None = None):
    summary = _problems(form.file.errors[0] if form.file.errors else None, errors)
    count = len(errors) if count is None else count
    if summary and count > importing.MAX_ERRORS:
        summary["errorList"].append({"text": f"And {count - importing.MAX_ERRORS:,} more problems", "href": "#errors"})
    return render_template("reporting/import_upload.html", project=project, importer=importer, upload_form=form,
                           row_errors=errors[:importing.MAX_ERRORS], problems=summary)


def _check_in_job(project, importer, batch: ImportBatch, mapping: dict | None = None):
    batch.status = "checking"
    db.session.commit()
    job = jobs.start("import_check", f"Checking the {importer.title.lower()} file for {project.name}", current_user,
                     project=project, params={"batch_id": batch.id, "kind": importer.kind, "mapping": mapping,
                                              "next": url_for(".import_confirm", project_id=project.id,
                                                              kind=importer.kind, batch_id=batch.id),
                                              "next_text": "See the result of the checks"})
    return redirect(url_for(".job", job_id=job.id))


@project_route(bp, "/projects/<int:project_id>/returns/imports/<kind>/upload", "manage", methods=EDIT)
def import_upload(project, kind: str):
    importer = _importer(kind)
    form = UploadForm()
    if form.validate_on_submit():
        storage = form.file.data
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 10 * 1024 * 1024
        data = storage.read(limit + 1) if storage else b""
        if not storage or not getattr(storage, "filename", None) and not data:
            form.file.errors = ["Select a file"]
        elif not data:
            form.file.errors = ["The selected file is empty"]
        elif len(data) > limit:
            form.file.errors = [f"The file must be smaller than {limit // 1048576} MB"]
        else:
            importing.forget_unconfirmed(project)
            batch = ImportBatch(project_id=project.id, kind=importer.kind, user_id=current_user.id,
                                file_sha256=hashlib.sha256(data).hexdigest(), file_type=importing.file_type(data),
                                rows=0, content=data, preview={})
            if len(data) > importing.CHECK_IN_JOB_BYTES:  # a large file: read and checked by the worker
                db.session.add(batch)
                return _check_in_job(project, importer, batch)
            checked = importing.evaluate(project, importer, batch)
            if batch.status == "refused":  # shown now; nothing is kept
                message, errors, count = _refused(batch)
                form.file.errors = [message]
                return _upload_page(project, importer, form, checked.errors if checked else [], count)
            db.session.add(batch)
            db.session.commit()
            target = ".import_columns" if batch.status == "mapping" else ".import_confirm"
            return redirect(url_for(target, project_id=project.id, kind=kind, batch_id=batch.id))
    elif form.is_submitted():
        form.file.errors = form.file.errors or ["Select a file"]
    return _upload_page(project, importer, form, [])


def _column_options(column: importing.ImportColumn, headers: list[str], project) -> list[tuple[str, str]]:
    options = [("", "Not in the file")]
    options += [(f"c:{j}", f"Column {get_column_letter(j + 1)}: {h}") for j, h in enumerate(headers) if h.strip()]
    if column.kind == "choice" and column.choices:
        options += [(f"v:{label}", f"Not in the file: every row is {label}") for label in column.choices(project)]
    return options


@project_route(bp, "/projects/<int:project_id>/returns/imports/<kind>/<int:batch_id>/columns", "manage",
               methods=EDIT, records={"batch_id": ImportBatch})
def import_columns(project, batch, kind: str):
    """The mapping step: which of the file's columns is which (shown when a header was a guess
    or a required one was not found)."""
    importer = _importer(kind)
    if batch.kind != importer.kind:
        abort(404)
    if batch.status == "imported":
        return redirect(url_for(".import_confirm", project_id=project.id, kind=kind, batch_id=batch.id))
    form = ConfirmForm()
    columns = importer.columns(project)
    preview = batch.preview or {}
    headers = preview.get("headers")
    if headers is None:  # a batch previewed without the mapping step: read its header row again
        rows = importing.read_rows(batch.content, importer, max_bytes=len(batch.content) + 1) if batch.content else []
        found = importing.find_header(columns, rows)
        headers = ["" if v is None else str(v)[:200] for v in rows[found[0]]] if found else []
    chosen = dict(preview.get("mapping") or {})
    unsure = set(preview.get("unsure") or [])
    field_errors: dict[str, str] = {}
    errors: list[importing.RowError] = []
    first = None
    if form.validate_on_submit():
        options = {c.key: {v for v, _label in _column_options(c, headers, project)} for c in columns}
        chosen = {c.key: request.form.get(f"col-{c.key}", "") for c in columns}
        used: dict[str, str] = {}
        for c in columns:
            value = chosen[c.key]
            if value not in options[c.key]:
                field_errors[c.key] = f"Select which column of the file is {c.header.lower()}"
            elif c.required and not value:
                field_errors[c.key] = f"Select which column of the file is {c.header.lower()}"
            elif value.startswith("c:") and value in used:
                field_errors[c.key] = f"{c.header} cannot be the same column as {used[value].lower()}"
            elif value.startswith("c:"):
                used[value] = c.header
        if not field_errors:
            if len(batch.content or b"") > importing.CHECK_IN_JOB_BYTES:
                return _check_in_job(project, importer, batch, mapping=chosen)
            checked = importing.evaluate(project, importer, batch, mapping=chosen)
            if batch.status == "previewed":
                db.session.commit()
                return redirect(url_for(".import_confirm", project_id=project.id, kind=kind, batch_id=batch.id))
            first, _shown, _count = _refused(batch)
            errors = checked.errors if checked else []
            db.session.rollback()  # the file stays for another try at the columns
    summary = None
    if field_errors:
        summary = {"titleText": "There is a problem",
                   "errorList": [{"text": m, "href": f"#col-{k}"} for k, m in field_errors.items()]}
    elif first:
        summary = _problems(first, errors)
    rows_out = [{"column": c, "options": _column_options(c, headers, project), "value": chosen.get(c.key, ""),
                 "unsure": c.key in unsure, "error": field_errors.get(c.key)} for c in columns]
    return render_template("reporting/import_columns.html", project=project, importer=importer, batch=batch,
                           form=form, columns=rows_out, problems=summary, first=first,
                           row_errors=errors[:importing.MAX_ERRORS])


@project_route(bp, "/projects/<int:project_id>/returns/imports/<kind>/<int:batch_id>", "manage", methods=EDIT,
               records={"batch_id": ImportBatch})
def import_confirm(project, batch, kind: str):
    importer = _importer(kind)
    if batch.kind != importer.kind:
        abort(404)
    form = ConfirmForm()
    if batch.status == "imported":
        return render_template("reporting/import_done.html", project=project, importer=importer, batch=batch)
    if batch.status == "mapping":
        return redirect(url_for(".import_columns", project_id=project.id, kind=kind, batch_id=batch.id))
    if batch.status in ("refused", "checking"):
        upload = UploadForm()
        message, errors, count = _refused(batch)
        upload.file.errors = [message or "The file is still being checked: wait a moment and refresh this page"]
        return _upload_page(project, importer, upload, errors, count)
    if form.validate_on_submit():
        if batch.rows > importing.JOB_ROWS:
            job = jobs.start("import", f"Importing {importer.title.lower()} into {project.name}", current_user,
                             project=project, params={"batch_id": batch.id, "kind": importer.kind,
                                     "next": url_for(".import_confirm", project_id=project.id, kind=kind,
                                                     batch_id=batch.id),
                                     "next_text": f"See the {importer.title.lower()} imported"},
                             total=batch.rows)
            return redirect(url_for(".job", job_id=job.id))
        try:
            created, skipped = importing.import_batch(project, importer, batch)
            db.session.commit()
        except UploadRefused as refused:
            db.session.rollback()
            flash(refused.message, "error")
            return redirect(url_for(".import_upload", project_id=project.id, kind=kind))
        except IntegrityError:
            # The same confirmation sent twice at once (a double-click): the other one imported the
            # rows (each row's identity is unique per project), so this one shows what it did.
            db.session.rollback()
            flash("These rows have already been imported.", "success")
            return redirect(url_for(".import_confirm", project_id=project.id, kind=kind, batch_id=batch.id))
        except Exception:
            db.session.rollback()
            raise
        words = f"{created:,} {importer.noun if created == 1 else importer.plural} imported"
        if skipped:
            words += f"; {skipped:,} already imported, so skipped"
        flash(words + ".", "success")
        return redirect(url_for(".import_confirm", project_id=project.id, kind=kind, batch_id=batch.id))
    return render_template("reporting/import_preview.html", project=project, importer=importer, batch=batch,
                           form=form, headers=[c.header for c in importer.columns(project)])
