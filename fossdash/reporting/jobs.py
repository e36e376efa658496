"""Background jobs on huey: long work (a large import, the portfolio return) runs in the worker,
not in the request, and reports its progress in a `Job` row the progress page reads.

    job = jobs.start("portfolio", "Portfolio return 2026-27 Q3", user, params={...}, project=None)
    return redirect(url_for("reporting.job", job_id=job.id))

A kind of job is a function registered with `@jobs.kind("portfolio")`: `run(job, progress)` does
the work in the job's own session and either returns a `Result` or raises `JobFailed("why")`
(any other exception fails the job too, with a general message); on failure everything it
wrote is rolled back, so a failed job writes nothing. `progress(done, total)` records how far it
is, in a separate short transaction (readable by the progress page at once).

Where the queue lives (config):
- `HUEY_REDIS_URL` (env `HUEY_REDIS_URL`): Redis, for several hosts;
- otherwise SQLite in `instance/huey.db` (`HUEY_SQLITE_PATH`), for one host;
- tests (`TESTING`) and `JOBS_IMMEDIATE=1`: huey's immediate mode, the job runs at once in the
  request (in-memory queue).

The worker is `flask --app app worker` (`make run` starts it beside gunicorn).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from flask import current_app, has_app_context, has_request_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import update

from fossdash.extensions import db
from fossdash.modelkit import utcnow

log = logging.getLogger("fossdash.jobs")

huey = Huey("fossdash", storage_class=MemoryStorage, results=False)
_state: dict = {}
KINDS: dict[str, Callable] = {}


class JobFailed(Exception):
    """A job that cannot finish: `message` is shown to the user on the progress page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Result:
    note: str = ""
    name: str = ""  # a file to download, with its bytes
    content: bytes | None = None
    needs_action: bool = False  # finished, but the person must act (a file with problems): no success banner


def kind(name: str) -> Callable:
    def register(fn: Callable) -> Callable:
        KINDS[name] = fn
        return fn

    return register


def configure(app) -> None:
    """Point huey at the queue the app's config names (once per setting)."""
    immediate = bool(app.config.get("TESTING") or app.config.get("JOBS_IMMEDIATE"))
    redis_url = app.config.get("HUEY_REDIS_URL") or ""
    path = app.config.get("HUEY_SQLITE_PATH") or ""
    key = (immediate, redis_url, path)
    if _state.get("key") == key:
        return
    _state["key"] = key
    _state["app"] = app
    if immediate:
        huey._immediate = True  # noqa: SLF001 - the setter would rebuild the live storage first
        huey.storage = huey.get_immediate_storage()
        return
    huey._immediate = False  # noqa: SLF001
    if redis_url:
        huey.storage = RedisStorage("fossdash", url=redis_url)
    else:
        huey.storage = SqliteStorage("fossdash", filename=path)


def init_app(app) -> None:
    from fossdash.reporting import importing, portfolio  # noqa: F401 - register their job kinds

    _state.setdefault("app", app)

    @app.cli.command("worker")
    def worker() -> None:  # pragma: no cover - a long-running process
        """Run the background-job worker (huey consumer)."""
        from huey.consumer import Consumer

        configure(app)
        _state["app"] = app
        Consumer(huey, workers=2, worker_type="thread").run()


def start(kind_name: str, title: str, user, *, params: dict | None = None, project=None, total: int = 0):
    from fossdash.reporting.models import Job

    job = Job(kind=kind_name, title=title[:200], user_id=user.id if user is not None else None,
              project_id=project.id if project is not None else None, params=params or {}, total=total)
    db.session.add(job)
    db.session.commit()
    configure(current_app._get_current_object())  # noqa: SLF001
    run_job(job.id)
    db.session.expire(job)
    return job


def progress_writer(job_id: int) -> Callable[[int, int], None]:
    from fossdash.reporting.models import Job

    def progress(done: int, total: int) -> None:
        # A connection of its own, committed at once: the job's session may hold its work open.
        # SQLite has one writer at a time: while the job's own transaction is writing (an import
        # storing its rows), this update cannot be, and is skipped at once rather than waited
        # for (which would fail the job); the count moves on when it can, and is whole at the end.
        from sqlalchemy.exc import OperationalError

        sqlite = db.engine.dialect.name == "sqlite"
        try:
            with db.engine.begin() as conn:
                waits = conn.exec_driver_sql("PRAGMA busy_timeout").scalar() if sqlite else None
                if sqlite:
                    conn.exec_driver_sql("PRAGMA busy_timeout = 0")
                try:
                    conn.execute(update(Job.__table__).where(Job.__table__.c.id == job_id)
                                 .values(done=done, total=total))
                finally:
                    if sqlite:
                        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(waits or 0)}")
        except OperationalError as exc:
            if not (sqlite and "locked" in str(exc.orig)):
                raise

    return progress


def execute(job_id: int) -> None:
    """Run one job to its end (the worker calls this; immediate mode calls it in the request)."""
    from fossdash.reporting.models import Job

    session = db.session
    job = session.get(Job, job_id)
    if job is None or job.status != "queued":
        return
    job.status = "running"
    session.commit()
    try:
        result = KINDS[job.kind](job, progress_writer(job_id))
    except Exception as failure:  # noqa: BLE001 - every failure is told, none escapes the worker
        session.rollback()
        message = failure.message if isinstance(failure, JobFailed) else (
            f"Something went wrong and nothing was saved ({type(failure).__name__}). Try again, or tell "
            f"your administrator if it happens again.")
        if not isinstance(failure, JobFailed):
            log.exception("job %s (%s) failed", job_id, job.kind if job else "?")
        job = session.get(Job, job_id)
        job.status, job.error, job.finished_at = "failed", message, utcnow()
        session.commit()
        return
    job.status, job.finished_at = "done", utcnow()
    job.result_note = result.note
    if result.needs_action:
        job.params = {**(job.params or {}), "needs_action": True}
    job.result_name = result.name
    job.result = result.content
    if job.total:
        job.done = job.total
    session.commit()


@huey.task()
def run_job(job_id: int) -> None:
    if has_request_context():  # immediate mode: inside the request that started it
        with current_app.app_context():
            execute(job_id)
        return
    app = current_app._get_current_object() if has_app_context() else _state["app"]  # noqa: SLF001
    with app.app_context():
        # The worker: act as the person who started the job, so the audit log names them.
        from fossdash.auth.models import User
        from fossdash.reporting.models import Job

        job = db.session.get(Job, job_id)
        user = db.session.get(User, job.user_id) if job is not None and job.user_id else None
        with app.test_request_context("/jobs"):
            from flask import g

            if user is not None:
                g._login_user = user
            execute(job_id)
