"""Speed and memory benchmarks, run by `flask --app app bench` on a throwaway SQLite database.

    run(n_concerns=50_000, only=None) -> yields printable lines (a table)

Benchmarks: "export" (the concerns register as .xlsx: wall time, tracemalloc peak, maxrss
growth, file size), "metrics" (concerns per quarter), "register" (the register's first page with
its count, and a text search). `only` picks benchmarks whose name contains it. Speed targets live
here, not in timed tests.
"""
from __future__ import annotations

import gc
import logging
import platform
import random
import resource
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

BENCHMARKS = ("export", "metrics", "register")
CHUNK = 5_000
SAMPLE_TEXTS = [
    "They're after our jobs – this looks like a take-over by the county.",
    "We can't change the way we work.",
    "They earn more than we do for the same job.",
    "We used to work behind screens. In an open-plan office, who keeps us safe?",
    "Who covers our phones while we are on ten days of training?",
    '=HYPERLINK("http://example.invalid","click me")',
    "+cmd|' /C calc'!A0",
    "Nobody has told us which services migrate first or when, and the rumours are worse than the truth.",
]


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 1_048_576:,.1f} MB"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def _maxrss_bytes() -> int:
    # Linux reports kilobytes, macOS bytes.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if platform.system() == "Darwin" else rss * 1024


def _median(fn: Callable[[], object], repeat: int = 5, clock: Callable[[], float] = time.perf_counter) -> float:
    """Median time of `repeat` runs by `clock` (wall time unless told)."""
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def seed_partners(project, label: str) -> tuple[list[int], list]:
    """Four partner agencies (county, district, police, Jobcentre Plus) named `label 1..4`, each with
    a staff group of 40 advisers in `project`: the agencies' ids and the staff groups."""
    from fossdash.extensions import db
    from fossdash.projects.models import Agency, Partnership, StaffGroup

    agencies, groups = [], []
    for i, kind in enumerate(["county_council", "district_council", "police", "jobcentre_plus"]):
        agency = Agency(name=f"{label} {i + 1}", kind=kind)
        db.session.add(agency)
        db.session.flush()
        db.session.add(Partnership(project_id=project.id, agency_id=agency.id))
        group = StaffGroup(project_id=project.id, agency_id=agency.id, name=f"Advisers {i + 1}", headcount=40)
        db.session.add(group)
        db.session.flush()
        agencies.append(agency.id)
        groups.append(group)
    return agencies, groups


def _seed(n: int):
    """A project with partners, groups and milestones, and `n` concerns inserted in chunks."""
    from sqlalchemy import insert

    from fossdash.concerns.models import CATEGORIES, CHANNELS, SEVERITIES, STATUSES, Concern
    from fossdash.extensions import db
    from fossdash.projects.models import Milestone, Project

    project = Project(name="Benchmark shared contact centre", type="contact_centre", stage="live")
    db.session.add(project)
    db.session.flush()
    agencies, staff_groups = seed_partners(project, "Benchmark agency")
    groups = [g.id for g in staff_groups]
    start = date(2024, 1, 1)
    for k, days in enumerate((200, 420, 700)):
        db.session.add(Milestone(project_id=project.id, kind="go_live", title=f"Milestone {k + 1}",
                                 on=start + timedelta(days=days)))
    db.session.commit()

    rng = random.Random(2007)
    categories, channels = list(CATEGORIES), list(CHANNELS)
    severities, statuses = list(SEVERITIES), list(STATUSES)
    now = datetime(2026, 1, 1)
    table = Concern.__table__
    done = 0
    while done < n:
        rows = []
        for i in range(done, min(done + CHUNK, n)):
            raised = start + timedelta(days=rng.randrange(0, 1000))
            status = rng.choice(statuses)
            rows.append({
                "project_id": project.id, "kind": "question" if i % 5 == 0 else "concern",
                "category": rng.choice(categories), "channel": rng.choice(channels),
                "agency_id": rng.choice(agencies + [None]), "staff_group_id": rng.choice(groups + [None]),
                "severity": rng.choice(severities), "status": status,
                "text": f"{rng.choice(SAMPLE_TEXTS)} (#{i + 1})", "raised_on": raised,
                "raised_by": f"Adviser {i}" if i % 10 == 0 else None,
                "response": "Answered at the team briefing." if status in ("answered", "closed") else "",
                "answered_on": raised + timedelta(days=9) if status in ("answered", "closed") else None,
                "closed_on": raised + timedelta(days=20) if status == "closed" else None,
                "actions": "", "illustrative": True, "version": 1, "created_at": now, "updated_at": now,
            })
        db.session.execute(insert(table), rows)
        done += len(rows)
    db.session.commit()
    return project


def row(name: str, seconds: str, memory: str, notes: str) -> str:
    """One line of the printed table (domains' benchmarks use it too)."""
    return f"{name:<34} {seconds:>10}  {memory:<34} {notes}"


def cpu_median(fn: Callable[[], object], repeat: int = 7) -> float:
    """Median CPU time of this process over `repeat` runs: it holds when other processes share
    the machine (wall time does not), so the ratios are of CPU times."""
    return _median(fn, repeat, time.process_time)


class Pair(NamedTuple):
    """Medians of ours and of the bare cost, by CPU time and by wall time, from the same runs."""

    cpu: float
    cpu_bare: float
    wall: float
    wall_bare: float


def side_by_side(ours: Callable[[], object], bare: Callable[[], object], repeat: int = 9) -> Pair:
    """Ours and bare run alternately `repeat` times each, so that a machine slowing down or
    speeding up mid-run slows both alike; each run timed by both clocks."""
    cpu: tuple[list[float], list[float]] = ([], [])
    wall: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for i, fn in enumerate((ours, bare)):
            w, c = time.perf_counter(), time.process_time()
            fn()
            cpu[i].append(time.process_time() - c)
            wall[i].append(time.perf_counter() - w)
    return Pair(*map(statistics.median, (cpu[0], cpu[1], wall[0], wall[1])))


_row = row
ms, mb, median, maxrss_bytes = _ms, _mb, _median, _maxrss_bytes


def names() -> list[str]:
    """The concerns benchmarks, then every domain's (Domain.bench)."""
    from fossdash import domains

    return [*BENCHMARKS, *domains.benchmarks()]


def run(n_concerns: int = 50_000, only: str | None = None, scale: float = 1.0) -> Iterator[str]:
    """`scale` sizes the domains' benchmarks (1.0 = each issue's target size)."""
    from flask_migrate import upgrade

    from fossdash import create_app, domains
    from fossdash.extensions import db

    every = names()
    wanted = [b for b in every if not only or only in b]
    if not wanted:
        yield f"No benchmark matches {only!r}: choose from {', '.join(every)}."
        return
    with tempfile.TemporaryDirectory(prefix="fossdash-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark-only",
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
        with app.app_context():
            logging.disable(logging.INFO)  # Alembic's "Running upgrade ..." lines
            try:
                upgrade(revision="heads")
            finally:
                logging.disable(logging.NOTSET)
            yield (f"fossdash benchmarks: {n_concerns:,} concerns on a throwaway SQLite {sqlite3.sqlite_version} "
                   f"database, Python {platform.python_version()}")
            yield _row("benchmark", "time", "memory", "notes")
            yield _row("-" * 34, "-" * 10, "-" * 34, "-" * 30)
            t0 = time.perf_counter()
            project = _seed(n_concerns)
            took = time.perf_counter() - t0
            yield _row(f"insert {n_concerns:,} concerns", _ms(took), "",
                       f"{n_concerns / took:,.0f} rows/s (chunks of {CHUNK:,})")
            extra = domains.benchmarks()
            try:
                for name in wanted:
                    if name in BENCH:
                        yield from BENCH[name](project, n_concerns)
                    else:
                        yield from extra[name](scale)
            finally:
                db.session.remove()
                db.engine.dispose()


def _export(project, n: int) -> Iterator[str]:
    """The export as a view sends it (downloads.send_workbook: streamed write to a temporary file,
    audit row, response), against bare openpyxl write-only writing the same query's rows in the
    same run: the ratio is what fossdash's typing, text-forcing and styling cost."""
    from flask import current_app
    from openpyxl import Workbook

    from fossdash.concerns.service import anonymity, export_rows
    from fossdash.downloads import send_workbook
    from fossdash.returns import concerns as concern_returns

    where = anonymity(project)

    def ours() -> tuple[int, int]:
        counted = [0]

        def rows():
            for row in export_rows(project.id):
                counted[0] += 1
                yield row

        built = concern_returns.sheets(project, rows(), include_raiser=True, anonymity=where)
        with current_app.test_request_context():
            response = send_workbook(built, title=concern_returns.TITLE, what="concerns", project=project,
                                     entity="concern", note="benchmark")
            size = response.content_length or 0
            response.close()
        return counted[0], size

    def bare() -> None:
        with tempfile.TemporaryFile() as out:
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("Concerns")
            for row in export_rows(project.id):
                ws.append(tuple(row))
            wb.save(out)

    gc.collect()
    t0, cpu0 = time.perf_counter(), time.process_time()
    bare()
    bare_took, bare_cpu = time.perf_counter() - t0, time.process_time() - cpu0
    gc.collect()
    rss_before = _maxrss_bytes()
    t0, cpu0 = time.perf_counter(), time.process_time()
    rows, size = ours()
    took, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rss_growth = max(_maxrss_bytes() - rss_before, 0)
    gc.collect()
    tracemalloc.start()
    ours()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    yield _row("concerns export (.xlsx, streamed)", _ms(took),
               f"peak {_mb(peak)} (tracemalloc)", f"{rows:,} rows, file {_mb(size)}")
    yield _row("", "", f"maxrss +{_mb(rss_growth)} (process {_mb(_maxrss_bytes())})",
               f"{rows / took:,.0f} rows/s, CPU {_ms(cpu)}; file on disk, audited, sent")
    # CPU time makes the ratio: it holds when other processes share the machine (wall time does not).
    yield _row("bare openpyxl, same rows", _ms(bare_took), "",
               f"CPU {_ms(bare_cpu)}: export x{cpu / max(bare_cpu, 1e-9):.2f} of bare write-only openpyxl "
               f"(same query, same run)")


def _metrics(project, n: int) -> Iterator[str]:
    from fossdash.charts.concerns import per_quarter_chart
    from fossdash.metrics import concerns as concern_metrics
    from fossdash.metrics.milestones import milestones

    marks = milestones(project.id)
    data = concern_metrics.per_quarter(project.id, extend_to=[m.on for m in marks])
    took = _median(lambda: concern_metrics.per_quarter(project.id, extend_to=[m.on for m in marks]))
    yield _row("concerns per quarter (SQL)", _ms(took), "",
               f"{len(data.quarters)} quarters x {len(data.categories)} categories, median of 5")
    took = _median(lambda: per_quarter_chart(data, marks))
    yield _row("chart figure JSON (plotly)", _ms(took), "", "median of 5")


def _register(project, n: int) -> Iterator[str]:
    from fossdash.concerns import service
    from fossdash.concerns.filters import Filters

    took = _median(lambda: service.register_page(project.id, Filters(), 1))
    yield _row("register page 1 (50 rows + count)", _ms(took), "", "newest first, median of 5")
    by_category = Filters(sort="category", descending=False)
    last = service.register_page(project.id, by_category, 10**6).page
    took = _median(lambda: service.register_page(project.id, by_category, last))
    yield _row(f"register page {last:,} (last), sorted", _ms(took), "", "by category, median of 5")
    search = Filters(q="open-plan")
    total = service.register_page(project.id, search, 1).total
    took = _median(lambda: service.register_page(project.id, search, 1))
    yield _row('register search "open-plan"', _ms(took), "", f"{total:,} matches, median of 5")


BENCH = {"export": _export, "metrics": _metrics, "register": _register}
