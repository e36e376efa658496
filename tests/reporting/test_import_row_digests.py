"""Survey answers' row identities are kept on their batch (one value per file), not a row each:
a file imported before that change is still recognised, a file imported twice at once still
creates its answers once, and the identities place no answer finer than the day."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import select, update

from tests.reporting.imports import confirm_url, upload, xlsx_bytes

Q = ["I understand why our services are being brought together", "I feel positive about the change",
     "I have the training I need for the new way of working", "My views are listened to",
     "I feel secure about my job"]
HEADER = ["Respondent email", "Submitted at", *Q, "Survey round"]


def _file(autumn, rows):
    return xlsx_bytes([HEADER] + [[f"p{i}@example.org", f"2026-10-0{1 + i % 5} 0{i % 9}:1{i % 6}:07", *answers,
                                   autumn.title] for i, answers in enumerate(rows)])


def _held(db, pid):
    """The project's imported answers (of the autumn round), held or already released."""
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer, SurveyRound

    autumn = select(SurveyRound.id).where(SurveyRound.project_id == pid, SurveyRound.title == "Autumn pulse")
    return [a for model in (HeldAnswer, SurveyAnswer)
            for a in db.session.scalars(select(model).where(model.round_id.in_(autumn))).all()]


ROWS = [[1, 2, 3, 4, 5], [5, 5, 5, 5, 5], [5, 5, 5, 5, 5], [2, 2, 2, 2, 2]]


def _earlier_form(world, autumn, rows) -> list[str]:
    """The rows' identities as imports before migration 0017 kept them: each of identical rows
    by its occurrence, the first one too (the hash of '<hash>#1')."""
    from fossdash.reporting import importing

    importer = importing.importers()["survey_answers"]
    checked = importing.check(importer, world.project, importing.read_rows(_file(autumn, rows), importer, 10**7))
    assert checked.ok and len(checked.hashes) == len(rows)
    firsts = {importing.row_hash(importer.kind, values) for _n, values in checked.rows}
    return [importing.occurrence_hash(h, 1) if h in firsts else h for h in checked.hashes]


@pytest.mark.parametrize("kept", ["imported_row", "row_digests"])
def test_answers_imported_before_the_changes_are_still_recognised(pm, world, autumn, db, kept):
    """A file imported before: its rows kept the old way (a row each in imported_row, before
    migration 0015) or as digests on the batch, both in the identities' earlier form (before
    0017). The same file again is nothing new; a later export that repeats its rows imports only
    the new ones, kept in the form of now; and that export again is nothing new."""
    from fossdash.reporting.import_write import digests_of
    from fossdash.reporting.models import DIGEST_FORM, ImportBatch, ImportedRow

    pid = world.project.id
    earlier = _earlier_form(world, autumn, ROWS)
    old = ImportBatch(project_id=pid, kind="survey_answers", file_sha256="0" * 64, file_type="xlsx", rows=4,
                      status="imported", created=4, content=b"", preview={}, digest_form=1,
                      row_digests=digests_of(earlier) if kept == "row_digests" else None)
    db.session.add(old)
    db.session.flush()
    if kept == "imported_row":
        db.session.add_all([ImportedRow(project_id=pid, kind="survey_answers", row_hash=h, record_id=None,
                                        batch_id=old.id) for h in earlier])
    db.session.commit()
    page = pm.get(confirm_url(upload(pm, pid, "survey_answers", _file(autumn, ROWS)))).get_data(as_text=True)
    assert "there is nothing new to import" in page
    # A later export: the same four rows, a third [5, 5, 5, 5, 5] and a new one.
    later = _file(autumn, ROWS + [[5, 5, 5, 5, 5], [3, 3, 3, 3, 3]])
    url = confirm_url(upload(pm, pid, "survey_answers", later))
    batch = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    assert (batch.preview["new"], batch.preview["skipped"]) == (2, 4)
    pm.post(url)
    assert sorted(h.q1 for h in _held(db, pid)) == [3, 5]
    db.session.refresh(batch)
    assert batch.digest_form == DIGEST_FORM and len(batch.row_digests) == 2 * 16
    # And that file once more: nothing new, by the digests of the new batch and the old rows.
    page = pm.get(confirm_url(upload(pm, pid, "survey_answers", later))).get_data(as_text=True)
    assert "there is nothing new to import" in page


def test_a_file_confirmed_while_another_request_imports_it_creates_nothing_twice(pm, world, autumn, db,
                                                                                monkeypatch):
    """Two confirmations at once: the second waits for the first (one_at_a_time), then finds the
    file imported, rolls back and says so; the answers are there once. Simulated: the batch is
    marked imported in the database, as the other request's commit would, just after the plan."""
    from fossdash.reporting import importing
    from fossdash.reporting.models import ImportBatch

    pid = world.project.id
    url = confirm_url(upload(pm, pid, "survey_answers", _file(autumn, ROWS)))
    batch_id = db.session.scalars(select(ImportBatch.id).order_by(ImportBatch.id.desc())).first()
    real_plan = importing.plan

    def other_request_finished(project, importer, checked):
        todo = real_plan(project, importer, checked)
        db.session.execute(update(ImportBatch.__table__).where(ImportBatch.__table__.c.id == batch_id)
                           .values(status="imported"))
        return todo

    monkeypatch.setattr(importing, "plan", other_request_finished)
    resp = pm.post(url, follow_redirects=True)
    assert resp.status_code == 200
    assert "These rows have already been imported." in resp.get_data(as_text=True)
    assert _held(db, pid) == []  # (the other request's answers were rolled back with the simulation)
    monkeypatch.setattr(importing, "plan", real_plan)
    pm.post(url)
    assert len(_held(db, pid)) == 4


def test_the_row_identities_hold_the_day_never_the_time_or_the_respondent(world, autumn, db):
    """What is hashed is the kind and the answer's own values, the day only: a row's identity is
    the same whatever its respondent and time of day (so neither can be recovered from it)."""
    from fossdash.reporting import importing

    importer = importing.importers()["survey_answers"]
    rows = [HEADER + ["Date answered"],
            ["a@example.org", "2026-10-03 08:00:01", 4, 4, 4, 4, 4, autumn.title, "2026-10-03 08:00:01"],
            ["b@example.org", "2026-10-03 17:59:59", 4, 4, 4, 4, 4, autumn.title, "2026-10-03 17:59:59"]]
    checked = importing.check(importer, world.project, rows)
    assert checked.ok and [v["answered_on"] for _n, v in checked.rows] == [date(2026, 10, 3)] * 2
    first = importing.row_hash("survey_answers", checked.rows[0][1])
    assert checked.rows[0][1] == checked.rows[1][1]
    # Two identical answers: the first known by that identity, the second as its #2, nothing else.
    assert checked.hashes == [first, hashlib.sha256(f"{first}#2".encode()).hexdigest()]
    assert "a@example.org" not in str(checked.rows) and "08:00" not in str(checked.rows)
