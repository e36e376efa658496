"""The concerns register as Excel: text stays text, the raiser only for those allowed, audited."""
from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.concerns.helpers import concern
from tests.concerns.world_part import RAISER

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


def _export(client, world, **args):
    resp = client.get(f"/projects/{world.project.id}/concerns/export.xlsx", query_string=args)
    assert resp.status_code == 200, resp.status_code
    assert resp.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in resp.headers["Content-Disposition"]
    return load_workbook(BytesIO(resp.data))["Concerns"]


def _header_row(ws) -> int:
    for row in ws.iter_rows(min_row=1, max_row=12):
        if row[0].value == "Reference":
            return row[0].row
    raise AssertionError("no header row")


def _table(ws) -> list[dict]:
    top = _header_row(ws)
    header = [c.value for c in ws[top]]
    return [dict(zip(header, (c for c in row))) for row in ws.iter_rows(min_row=top + 1) if row[0].value is not None]


def test_hostile_strings_are_saved_as_text(app, world, login):
    for text in HOSTILE:
        concern(world.project, text=text, response=text, raised_by=text)
    ws = _export(login(world.users["programme_manager"]), world)
    rows = [r for r in _table(ws) if r["What was said"].value in HOSTILE]
    assert len(rows) == len(HOSTILE)
    for r in rows:
        for column in ("What was said", "Response", "Raised by"):
            assert r[column].data_type == "s" and r[column].value in HOSTILE


def test_the_workbook_is_typed_frozen_and_filtered(app, world, login):
    ws = _export(login(world.users["programme_manager"]), world)
    top = _header_row(ws)
    assert ws.freeze_panes == f"A{top + 1}"
    assert ws.auto_filter.ref.startswith(f"A{top}:")
    assert ws.cell(row=top, column=1).font.bold
    named = next(r for r in _table(ws) if r["Reference"].value == world.ids["concern_id"])
    assert isinstance(named["Date raised"].value, datetime) and named["Date raised"].value.date() == date(2007, 2, 5)
    assert named["Reference"].data_type == "n" and named["Reference"].number_format == "0"  # no "1,234"
    assert named["Date raised"].number_format == "d mmm yyyy"
    assert ws.column_dimensions["J"].width >= 50  # what was said


@pytest.mark.parametrize("who", ["programme_manager", "hr", "executive", "admin"])
def test_the_raiser_is_exported_only_to_those_allowed_to_see_it(app, world, login, who):
    ws = _export(login(world.users[who]), world)
    rows = {r["Reference"].value: r for r in _table(ws)}
    assert rows[world.ids["concern_id"]]["Raised by"].value == RAISER
    anonymous = world.extra["concerns"]["anonymous"]
    assert rows[anonymous.id]["Raised by"].value == "Anonymous"


def test_union_reps_cannot_export_and_the_writer_can_leave_the_raiser_out(app, world, login):
    from fossdash.concerns.service import anonymity, export_rows
    from fossdash.returns import concerns as concern_returns
    from fossdash.returns.xlsx import write_workbook

    union = login(world.users["union_rep"])
    assert union.get(f"/projects/{world.project.id}/concerns/export.xlsx").status_code == 403
    buf = BytesIO()
    write_workbook(buf, concern_returns.sheets(world.project, export_rows(world.project.id), include_raiser=False,
                                               anonymity=anonymity(world.project)))
    buf.seek(0)
    ws = load_workbook(buf)["Concerns"]
    everything = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Raised by" not in [c.value for c in ws[_header_row(ws)]]
    assert RAISER not in everything and "Janet" not in everything


def test_the_export_follows_the_filters_and_is_audited(app, db, world, login):
    from fossdash.audit import AuditEvent

    concern(world.project, text="Only workload here", category="workload")
    ws = _export(login(world.users["programme_manager"]), world, category="workload")
    texts = [r["What was said"].value for r in _table(ws)]
    assert texts == ["Only workload here"]
    notes = [ws.cell(row=i, column=1).value for i in range(1, _header_row(ws))]
    assert any("Filtered: category: Workload" in (n or "") for n in notes)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.project_id == world.project.id and event.entity == "concern"
    assert event.actor == world.users["programme_manager"].email
    assert "1 row " in event.note and "Workload" in event.note
