"""A submitted return, a finished job (with a file) and a previewed import in project Alpha."""
from __future__ import annotations


def build(world, make) -> None:
    from fossdash.extensions import db
    from fossdash.reporting.models import ImportBatch, Job, SubmittedReturn

    pm = world.users["programme_manager"]
    sub = SubmittedReturn(project_id=world.project.id, quarter_key="2026-27-Q2", quarter_label="2026-27 Q2",
                          submitted_by_id=pm.id, submitted_by_name="PM", sha256="0" * 64, size=3,
                          filename="return.xlsx", content=b"abc")
    job = Job(kind="portfolio", title="Portfolio return", user_id=pm.id, status="done", result_name="p.xlsx",
              result=b"xyz")
    batch = ImportBatch(project_id=world.project.id, kind="concerns", user_id=pm.id, file_sha256="0" * 64,
                        file_type="csv", rows=0, content=b"", preview={"new": 0, "skipped": 0, "head": []})
    db.session.add_all([sub, job, batch])
    db.session.commit()
    world.ids.update(return_id=sub.id, job_id=job.id, batch_id=batch.id, kind="concerns")
