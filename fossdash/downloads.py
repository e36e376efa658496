"""Excel downloads: the one way a view sends a workbook.

Recipe for an export view:

    1. check access (project_route / project_for with "export"), load or stream the data;
    2. build the sheets with the domain's returns module, which takes plain data and makes no
       queries:  built = fossdash.returns.<domain>.sheets(project, data, ...)  -> [(Sheet, rows)];
    3. return send_workbook(built, title="Grading register", what="grading-register",
                            project=project, entity="grading_issue", count=len(issues), noun="issue")

send_workbook writes the workbook streamed (openpyxl write-only, via returns/xlsx.py) into an
anonymous temporary file, so memory stays flat however many rows; then records the export in the
audit log and commits; then sends the file as an attachment named by `filename` with the XLSX
mimetype and `Cache-Control: no-store`. If writing fails nothing is logged and nothing is sent.

Rows may be a generator (a streamed query): it is read once, while the workbook is written. With
`count=None` the rows of the first sheet are counted as they are written.
"""
from __future__ import annotations

import re
import tempfile
import unicodedata
from datetime import date
from typing import Any, Iterable, Sequence

from flask import Response, send_file

from fossdash.returns.xlsx import XLSX_MIMETYPE, Sheet, write_workbook

FILENAME_MAX = 80  # the whole name, ".xlsx" included


def slug(text: Any, limit: int = FILENAME_MAX) -> str:
    """Lower-case ASCII words joined by hyphens ("Ynys Môn & Gwynedd" -> "ynys-mon-gwynedd"),
    at most `limit` characters, cut at a hyphen where possible. May be empty."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(out) > limit:
        cut = out.rfind("-", 0, limit + 1)
        out = (out[:cut] if cut > 0 else out[:limit]).strip("-")
    return out


def filename(what: str, project=None, on: date | None = None) -> str:
    """`<what>-<project>-<YYYY-MM-DD>.xlsx`: ASCII, lower case, hyphens, never empty, at most 80
    characters (the project's part is shortened; a name with no ASCII letters becomes
    "project-<id>"). Without a project: `<what>-<YYYY-MM-DD>.xlsx`."""
    day = (on or date.today()).isoformat()
    suffix = f"-{day}.xlsx"
    head = slug(what, 40) or "export"
    if project is not None:
        room = FILENAME_MAX - len(head) - 1 - len(suffix)
        name = slug(getattr(project, "name", ""), room)
        if not name:
            ident = getattr(project, "id", None)
            name = f"project-{ident}" if ident is not None else "project"
        head = f"{head}-{name}"
    return head + suffix


def send_workbook(sheets: Sequence[tuple[Sheet, Iterable[Sequence[Any]]]], *, title: str, what: str,
                  entity: str, project=None, count: int | None = None, noun: str = "row", note: str = "",
                  properties: dict | None = None, on: date | None = None) -> Response:
    """Write `sheets` ([(Sheet, rows)], as the returns modules build them), log the export, send it.

    title: what the file is, in words ("Concerns register"): the workbook's title (with the
        project's name) and the start of the audit note.
    what: the first part of the file name ("concerns" -> concerns-<project>-<date>.xlsx).
    entity: the audit log's entity ("concern", "grading_issue"); project: its project (or None).
    count, noun: the audit note's "N rows" (default: the rows written to the first sheet).
    note: more words for the audit note, e.g. the filters: "Concerns register: 12 rows (<note>)".
    """
    from fossdash import audit
    from fossdash.extensions import db

    props = {"title": f"{title} – {project.name}" if project is not None else title, **(properties or {})}
    # On disk, not in memory (a 50,000-row register is ~4 MB); unnamed, so it goes when closed, and
    # the response closes it once sent.
    file = tempfile.TemporaryFile(prefix="fossdash-export-", suffix=".xlsx")
    try:
        counts = write_workbook(file, list(sheets), properties=props)
        size = file.tell()
        file.seek(0)
        n = count if count is not None else (counts[0] if counts else 0)
        words = f"{title}: {n:,} {noun}{'' if n == 1 else 's'}" + (f" ({note})" if note else "")
        audit.record("export", entity, None, project_id=getattr(project, "id", None), note=words)
        db.session.commit()
    except BaseException:
        file.close()
        raise
    response = send_file(file, mimetype=XLSX_MIMETYPE, as_attachment=True,
                         download_name=filename(what, project, on), conditional=False, etag=False)
    response.content_length = size
    response.headers["Cache-Control"] = "no-store"
    return response
