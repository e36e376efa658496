"""Import at scale: the number of SQL statements of an import does not grow with its rows, and the
`flask bench` case runs (its times are read from its output, never asserted)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests.conftest import signed_in_client
from tests.reporting.imports import confirm_url, upload


@contextmanager
def counted(engine_or_conn):
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    target = engine_or_conn.engine if hasattr(engine_or_conn, "engine") else engine_or_conn
    event.listen(target, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(target, "before_cursor_execute", before)


def _answers(n: int) -> bytes:
    from fossdash.reporting.bench import survey_file

    return survey_file(n)


def test_an_import_of_ten_times_the_rows_runs_the_same_statements(app, world, db):
    from sqlalchemy import delete

    from fossdash.reporting.bench import _seed_project
    from fossdash.surveys.models import SurveyAnswer

    project, _round = _seed_project()
    pm = signed_in_client(app, world.users["admin"])
    counts = []
    for n in (40, 400):
        # The same start each time: the closed round's released answers taken away again (else
        # its results, shown after the first import, would refuse the second's answers).
        db.session.execute(delete(SurveyAnswer).where(SurveyAnswer.round_id == _round.id))
        db.session.commit()
        url = confirm_url(upload(pm, project.id, "survey_answers", _answers(n)))
        with counted(db.session.connection()) as seen:
            resp = pm.post(url)
        assert resp.status_code == 302
        counts.append(len(seen))
    assert counts[0] == counts[1] and counts[0] > 5, counts


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:
    return request.param


def test_the_benchmark_imports_survey_answers_beside_the_bare_reads():
    from fossdash import bench

    text = "\n".join(bench.run(n_concerns=10, only="survey import", scale=0.0005))
    assert "survey import file (50 rows)" in text and "bare openpyxl read-only" in text
    line = next(li for li in text.splitlines() if li.startswith("survey import (ours)"))
    assert "x cpu of bare" in line and "target" in line
