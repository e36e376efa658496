"""The readiness sheet of the quarterly return: the latest assessment beside the evidence for its
date, RAG as words, flags in words, and only what was assessed by the quarter's end."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from fossdash.returns.periods import ReturnQuarter
from tests.readiness.helpers import assessment

Q = ReturnQuarter.of(date(2007, 5, 5))  # 2007-08 Q1: April to June 2007


def _values(ws):
    return [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_the_readiness_sheet_puts_self_assessment_beside_evidence_in_words(app, db, make, login):
    from fossdash.comms.models import CommsAction

    project = make.project()
    make.milestone(project, on=date(2007, 1, 1), kind="go_live", title="Go live")  # returns are offered from then
    for due, done in [(date(2007, 4, 1), date(2007, 4, 1)), (date(2007, 4, 10), None), (date(2007, 4, 20), None)]:
        db.session.add(CommsAction(project_id=project.id, title="Briefing", technique="all_staff_briefing",
                                   audience="all_staff", owner="Chief executive", due_on=due, done_on=done,
                                   feedback=""))
    db.session.commit()
    assessment(project, date(2007, 5, 31), "foss", {"communication": 4, "training": 1})
    assessment(project, date(2007, 6, 1), "adkar", {"awareness": 4, "desire": 2})
    assessment(project, date(2007, 7, 15), "foss", {"communication": 1})  # after the quarter: left out
    client = login("union_rep")
    make.member(project, client.user)
    r = client.get(f"/projects/{project.id}/returns/return.xlsx?quarter={Q.key}")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.data))
    ws = book["Readiness"]
    values = _values(ws)
    assert "Readiness as at 30 June 2007." in values
    rows = {(row[0], row[3]): row for row in ws.iter_rows(values_only=True) if row[0] in ("FOSS key learning points",
                                                                                        "ADKAR")}
    comm = rows[("FOSS key learning points", "Communication")]
    assert comm[1].date() == date(2007, 5, 31) and comm[4] == 4 and comm[5] == "Green"
    assert comm[6] == 33.3 and comm[7] == "Red"
    assert comm[8] == "Communication is self-assessed green (4 of 5) but its evidence is 33.3 out of 100, under 50"
    training = rows[("FOSS key learning points", "Training and development")]
    assert training[5] == "Red" and training[6] is None and training[7] == "No evidence"
    assert rows[("ADKAR", "Desire")][9] == "Yes"  # the barrier point
    listing = [row for row in ws.iter_rows(values_only=True) if row[1] in ("FOSS key learning points", "ADKAR")
               and hasattr(row[0], "year")]
    assert len(listing) == 2  # July's assessment is after the quarter


def test_a_project_with_no_assessment_still_gets_its_evidence(app, db, make):
    from fossdash.extensions import db as _db
    from fossdash.readiness import quarterly
    from fossdash.returns.quarterly import ReturnContext

    project = make.project()
    ctx = ReturnContext(project=project, quarter=Q, prepared_by="Test", prepared_on=date(2007, 8, 1),
                        can=lambda _p: True, session=_db.session, k=project.anonymity_k)
    [sheet] = quarterly.sheets(ctx)
    assert "No readiness assessment had been made by then." in sheet.intro
    assert "Evidence readiness index at 30 June 2007: no evidence." in sheet.intro
    assert [t.title for t in sheet.tables] == ["Evidence at 30 June 2007"]
    assert all(row[2] is None and row[3] == "No evidence" for row in sheet.tables[0].rows)
    assert quarterly.portfolio(ctx)[0][2] == "No evidence"
