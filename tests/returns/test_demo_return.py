"""A programme manager downloads Kent Gateway's quarterly return, for the last complete quarter and
for the current one, and finds every sheet ready to send: the Training sheet has sessions and
coverage, the Communication sheet has actions due in the quarter (read back with openpyxl)."""
from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import signed_in_client


def _rows(ws) -> list[list]:
    return [[v for v in row if v not in (None, "")] for row in ws.iter_rows(values_only=True)
            if any(v not in (None, "") for v in row)]


def _after(rows, heading: str) -> list[list]:
    """The rows of the table under `heading` (its header row first), up to the next blank-led table."""
    at = next(i for i, r in enumerate(rows) if r and str(r[0]).startswith(heading))
    return rows[at + 1:]


@pytest.mark.parametrize("which", ["last complete", "current"])
def test_kent_gateways_return_has_content_on_every_sheet(app, db, which):
    from fossdash.auth.models import User
    from fossdash.demo import load_all
    from fossdash.projects.models import Project
    from fossdash.returns.periods import ReturnQuarter

    load_all("demo-password-for-tests")
    kent = db.session.scalar(select(Project).where(Project.name.contains("Kent")))
    pm = db.session.scalar(select(User).filter_by(email="pm.kent@fossdash.example"))
    client = signed_in_client(app, pm)
    url = f"/projects/{kent.id}/returns/return.xlsx"
    quarter = ReturnQuarter.of(date.today())
    if which == "current":
        url += f"?quarter={quarter.key}"
    else:
        quarter = quarter.previous(1)  # the download's default
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    sheets = {ws.title: _rows(ws) for ws in book.worksheets}
    assert {"Cover", "Milestones", "Concerns", "Morale", "Training", "Communication", "Readiness"} <= set(sheets)
    for title, rows in sheets.items():
        assert len(rows) >= 2, title  # a title and something under it
    assert quarter.label in sheets["Cover"][1][0]

    training = sheets["Training"]
    assert not any("No training courses are recorded" in str(r[0]) for r in training)
    coverage = _after(training, "Coverage per staff group")
    assert coverage[0][0] == "Staff group"
    groups = {r[0]: r for r in coverage[1:5]}
    assert set(groups) == {"Kent County Council contact advisers", "Ashford Borough Council customer service staff",
                           "Jobcentre Plus advisers", "Kent Police front counter staff"}
    assert all(0 < r[-1] <= 1 for r in groups.values())  # everyone has some training done
    sessions = _after(training, f"Training sessions in {quarter.label}")
    assert sessions[0][0] == "Course" and sessions[1][0].startswith("Cross-skilling at the Gateway")
    assert book["Training"]._charts  # charts ready to paste

    comms = sheets["Communication"]
    assert not any(str(r[0]).startswith("No communication actions were due or done") for r in comms)
    due = next(r for r in comms if r[0] == "Due in the quarter")
    assert due[1] >= 3
    assert book["Communication"]._charts
