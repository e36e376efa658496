"""`flask bench` cases for the workshops (Domain.bench): the workshop's findings (what the page,
the report and the export all read) and its Excel export, each against its bare cost measured in
the same run (the bare SQL that reads the same rows; bare openpyxl writing the same cells).

Scale 1.0 is a big day: 60 priorities (30 a group), every one scored by both groups, 3 guesses a
group, mood counts, 40 quotes and 20 agreed actions."""
from __future__ import annotations

import io
import tracemalloc
from datetime import date, timedelta
from typing import Iterator

from fossdash.bench import mb, median, ms, row


_made = [0]


def _seed(scale: float):
    from fossdash.extensions import db
    from fossdash.projects.models import Project
    from fossdash.workshops.models import (
        Workshop,
        WorkshopAction,
        WorkshopGroup,
        WorkshopGuess,
        WorkshopMood,
        WorkshopPriority,
        WorkshopQuote,
        WorkshopScore,
    )

    n = max(12, int(60 * scale))  # the guesses below name priorities up to index 11
    _made[0] += 1
    project = Project(name=f"Benchmark workshops {n} ({_made[0]})", type="other", stage="design")
    db.session.add(project)
    db.session.flush()
    pid = project.id
    w = Workshop(project_id=pid, title="Benchmark workshop", held_on=date(2007, 6, 14))
    w.groups = [WorkshopGroup(project_id=pid, position=1, name="Tenants", participants=15),
                WorkshopGroup(project_id=pid, position=2, name="Housing officers", participants=10)]
    db.session.add(w)
    db.session.flush()
    priorities = [WorkshopPriority(project_id=pid, workshop_id=w.id, title=f"Priority {i}", raised_by=1 + i % 2)
                  for i in range(n)]
    db.session.add_all(priorities)
    db.session.flush()
    for i, p in enumerate(priorities):
        if i % 10 == 9:
            p.merged_into_id = priorities[i - 1].id
        db.session.add_all([WorkshopScore(priority_id=p.id, position=1, value=(i * 7) % 16, workshop_id=w.id,
                                          project_id=pid),
                            WorkshopScore(priority_id=p.id, position=2, value=(i * 5) % 11, workshop_id=w.id,
                                          project_id=pid)])
    for pos in (1, 2):
        for rank in (1, 2, 3):
            db.session.add(WorkshopGuess(workshop_id=w.id, position=pos, rank=rank,
                                         priority_id=priorities[rank * 3 + pos].id, project_id=pid))
        for moment in ("start", "end"):
            for measure in ("respect", "trust"):
                db.session.add(WorkshopMood(workshop_id=w.id, position=pos, moment=moment, measure=measure,
                                            n1=1, n2=2, n3=3, n4=2, n5=1, project_id=pid))
    for i in range(max(2, int(40 * scale))):
        db.session.add(WorkshopQuote(project_id=pid, workshop_id=w.id, text=f"Said on the day, number {i}.",
                                     speaker="Tenant", priority_id=priorities[i % n].id))
    for i in range(max(2, int(20 * scale))):
        db.session.add(WorkshopAction(project_id=pid, workshop_id=w.id, title=f"Action {i}", owner="Owner",
                                      due_on=date.today() + timedelta(days=i - 5), priority_id=priorities[i % n].id))
    db.session.commit()
    return project, w, n


def _bare_sql(workshop_id: int) -> None:
    from sqlalchemy import text

    from fossdash.extensions import db

    for table in ("workshop_group", "workshop_priority", "workshop_score", "workshop_guess", "workshop_mood",
                  "workshop_quote", "workshop_action"):
        db.session.execute(text(f"SELECT * FROM {table} WHERE workshop_id = :w"), {"w": workshop_id}).all()


def findings(scale: float) -> Iterator[str]:
    from fossdash.charts.workshops import priorities_chart
    from fossdash.workshops import service

    project, w, n = _seed(scale)

    def ours():
        found = service.report(w.id, date.today())
        priorities_chart(found.result)
        return found

    t_ours = median(ours)
    t_bare = median(lambda: _bare_sql(w.id))
    tracemalloc.start()
    ours()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    yield row(f"workshop findings + chart ({n} pri.)", ms(t_ours), f"tracemalloc peak {mb(peak)}",
              f"{t_ours / t_bare:,.1f}× the bare SQL reading the same rows ({ms(t_bare)})")


def export(scale: float) -> Iterator[str]:
    from openpyxl import Workbook

    from fossdash.returns import workshops as workshop_returns
    from fossdash.returns.xlsx import write_workbook
    from fossdash.workshops import service

    project, w, n = _seed(scale)
    found = service.report(w.id, date.today())
    sizes = [0]

    def ours() -> None:
        out = io.BytesIO()
        write_workbook(out, workshop_returns.sheets(project, found))
        sizes[0] = out.tell()

    cells = [[len(list(rows)), len(sheet.columns)] for sheet, rows in workshop_returns.sheets(project, found)]

    def bare() -> None:
        wb = Workbook(write_only=True)
        for n_rows, n_cols in cells:
            ws = wb.create_sheet()
            for r in range(n_rows):
                ws.append([f"cell {r}-{c}" for c in range(n_cols)])
        wb.save(io.BytesIO())

    t_ours, t_bare = median(ours), median(bare)
    yield row(f"workshop export ({n} pri.)", ms(t_ours), f"file {sizes[0] / 1024:,.0f} KB",
              f"{t_ours / t_bare:,.1f}× bare openpyxl writing the same cells ({ms(t_bare)})")


BENCH = {"workshop findings": findings, "workshop export": export}
