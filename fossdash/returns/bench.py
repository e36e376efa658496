"""`flask bench --only return`: the quarterly return at 1,000,000 cells (scale 1.0) against bare
openpyxl write-only writing the same cells, in the same run (declared as RETURN_BENCH by the
reporting DOMAIN).

The return is the real one (quarterly.build: cover, every domain's sheets, native charts, formats,
print set-up), for a project whose quarter holds enough concerns that the whole workbook comes to
about a million cells; most of them are the register's. The bare side runs the same sheet builders
(the same queries and the same values) and appends each row's plain values to a write-only
openpyxl sheet: the ratio is what fossdash's writer costs (typing, text-forcing, styles, widths,
frozen panes, filters, print set-up and charts). CPU time makes the ratio, since other processes
share the machine. Targets: at most 1.3x the bare time; peak memory growth under 100 MB.
"""
from __future__ import annotations

import gc
import random
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from typing import Iterator

from fossdash.bench import maxrss_bytes, mb, ms, row

TARGET_CELLS = 1_000_000
CHUNK = 5_000
QUARTER_DAY = date(2025, 11, 15)  # 2025-26 Q3


def _seed(n: int):
    """A project with four partners and their staff groups, a course, a few communication actions
    and `n` concerns, every one raised in the benchmark's quarter."""
    from sqlalchemy import insert

    from fossdash.comms.models import CommsAction
    from fossdash.concerns.models import CATEGORIES, CHANNELS, SEVERITIES, STAFF_LINK, STATUSES, Concern
    from fossdash.extensions import db
    from fossdash.bench import seed_partners
    from fossdash.projects.models import Milestone, Project
    from fossdash.returns.periods import ReturnQuarter
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    q = ReturnQuarter.of(QUARTER_DAY)
    project = Project(name="Benchmark quarterly return", type="one_stop_shop", stage="live",
                      lead_body="Benchmark County Council")
    db.session.add(project)
    db.session.flush()
    agencies, groups = seed_partners(project, "Return benchmark agency")
    db.session.add(Milestone(project_id=project.id, kind="go_live", title="Go-live", on=q.start + timedelta(days=30)))
    course = TrainingCourse(project_id=project.id, title="Joint induction", provider_name="College", days=2)
    for g in groups:
        course.targets.append(TrainingTarget(project_id=project.id, staff_group_id=g.id))
    db.session.add(course)
    for week in range(10):
        day = q.start + timedelta(days=7 * week)
        s = TrainingSession(project_id=project.id, course=course, starts_on=day, ends_on=day + timedelta(days=1),
                            capacity=20)
        for g in groups:
            s.attendance.append(TrainingAttendance(project_id=project.id, staff_group_id=g.id, planned=5,
                                                   attended=4, completed=4))
        db.session.add(s)
        db.session.add(CommsAction(project_id=project.id, title=f"Briefing {week + 1}", technique="newsletter",
                                   audience="all_staff", owner="Lead", due_on=day,
                                   done_on=day + timedelta(days=week % 3), people_reached=30, feedback=""))
    db.session.commit()

    rng = random.Random(2026)
    categories, channels, severities, statuses = list(CATEGORIES), list(CHANNELS), list(SEVERITIES), list(STATUSES)
    span = (q.end - q.start).days
    now = datetime(2026, 1, 1)
    done = 0
    while done < n:
        rows = []
        for i in range(done, min(done + CHUNK, n)):
            raised = q.start + timedelta(days=rng.randrange(span))
            status = rng.choice(statuses)
            rows.append({
                "project_id": project.id, "kind": "question" if i % 5 == 0 else "concern",
                "category": rng.choice(categories), "channel": rng.choice([c for c in channels if c != STAFF_LINK]),
                "agency_id": rng.choice(agencies), "staff_group_id": rng.choice(groups).id,
                "severity": rng.choice(severities), "status": status,
                "text": f"Who covers our phones while we are on training? (#{i + 1})", "raised_on": raised,
                "raised_by": f"Adviser {i}" if i % 10 == 0 else None,
                "response": "Answered at the team briefing." if status in ("answered", "closed") else "",
                "answered_on": raised + timedelta(days=9) if status in ("answered", "closed") else None,
                "closed_on": raised + timedelta(days=20) if status == "closed" else None,
                "actions": "", "illustrative": True, "version": 1, "created_at": now, "updated_at": now,
            })
        db.session.execute(insert(Concern.__table__), rows)
        done += len(rows)
    db.session.commit()
    return project, q


def _context(project, quarter):
    from fossdash.extensions import db
    from fossdash.returns.quarterly import ReturnContext

    return ReturnContext(project=project, quarter=quarter, prepared_by="Benchmark", prepared_on=date(2026, 1, 5),
                         can=lambda permission: True, session=db.session, k=project.anonymity_k)


def _ours(project, quarter) -> int:
    from fossdash.returns import quarterly

    return len(quarterly.return_bytes(_context(project, quarter)))


def _bare(project, quarter) -> int:
    """The same sheet builders (same queries, same values), each row appended as plain values."""
    from openpyxl import Workbook

    from fossdash.returns import quarterly

    cells = 0
    wb = Workbook(write_only=True)
    for sheet in quarterly.build(_context(project, quarter)):
        ws = wb.create_sheet(sheet.title[:31])
        for t in sheet.tables:
            for values in t.rows:
                values = tuple(values)
                ws.append(values)
                cells += len(values)
    with tempfile.TemporaryFile() as out:
        wb.save(out)
    return cells


def _cells_per_concern() -> int:
    from fossdash.returns import concerns as register

    return len(register.columns(True))


def _return(scale: float) -> Iterator[str]:
    n = max(1, int(TARGET_CELLS * scale / _cells_per_concern()))
    t0 = time.perf_counter()
    project, quarter = _seed(n)
    yield row(f"seed {n:,} concerns in one quarter", ms(time.perf_counter() - t0), "", "for the return")

    gc.collect()
    t0, cpu0 = time.perf_counter(), time.process_time()
    cells = _bare(project, quarter)
    bare_took, bare_cpu = time.perf_counter() - t0, time.process_time() - cpu0

    gc.collect()
    rss_before = maxrss_bytes()
    t0, cpu0 = time.perf_counter(), time.process_time()
    size = _ours(project, quarter)
    took, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rss_growth = max(maxrss_bytes() - rss_before, 0)

    gc.collect()
    tracemalloc.start()
    _ours(project, quarter)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    ratio = cpu / max(bare_cpu, 1e-9)
    yield row(f"quarterly return ({cells:,} cells)", ms(took), f"peak {mb(peak)} (tracemalloc)",
              f"file {mb(size)}; CPU {ms(cpu)}; charts, formats, print set-up")
    yield row("", "", f"maxrss +{mb(rss_growth)}", f"target: peak growth under 100 MB "
                                                    f"({'met' if peak < 100 * 1_048_576 else 'MISSED'})")
    yield row("bare openpyxl, same cells", ms(bare_took), "",
              f"CPU {ms(bare_cpu)}: return x{ratio:.2f} of bare (target x1.30: "
              f"{'met' if ratio <= 1.3 else 'MISSED'})")


RETURN_BENCH = {"return": _return}
