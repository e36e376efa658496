"""The grading register in Excel: numbers are numbers with formats, strings are text."""
from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from tests.grading.helpers import base, issue, put_in_state


def _sheet(resp):
    assert resp.status_code == 200
    assert resp.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(BytesIO(resp.data))
    return wb


def _table(ws):
    rows = list(ws.iter_rows())
    header_at = next(n for n, r in enumerate(rows) if r[0].value == "Issue")
    header = [c.value for c in rows[header_at]]
    return header, [dict(zip(header, r)) for r in rows[header_at + 1:] if r[0].value is not None]


def test_export_one_row_per_issue_and_agency_with_typed_values(app, world, login):
    from fossdash.extensions import db
    from fossdash.audit import AuditEvent

    i = issue(world)
    i.role_title = '=HYPERLINK("http://evil.example","x")'
    for r in i.rows:
        r.pay_min = r.pay_max = Decimal("20000")
    db.session.commit()
    put_in_state(world, "proposal", position="supports_with_conditions")
    wb = _sheet(login(world.users["hr"]).get(f"{base(world)}/export.xlsx"))
    ws = wb["Grading register"]
    assert "Alpha one-stop shop" in ws["A1"].value
    header, rows = _table(ws)
    assert len(rows) == 2  # two agencies
    by_agency = {r["Agency"].value: r for r in rows}
    police, council = by_agency["Grading world police"], by_agency["Grading world council"]
    # £20,000 at 39 hours = £9.8349 an hour; at 37 hours £10.3665; disparity 5.4054%
    assert police["Hourly midpoint"].data_type == "n" and round(police["Hourly midpoint"].value, 4) == 9.8349
    assert round(council["Hourly midpoint"].value, 4) == 10.3665
    assert police["Hourly midpoint"].number_format == "£#,##0.00"
    assert round(police["Role disparity (per hour)"].value, 6) == 0.054054
    assert police["Role disparity (per hour)"].number_format == "0.0%"
    assert police["Pay from (£ a year)"].value == 20000 and police["Weekly hours"].value == 39
    assert police["Job evaluation points"].value == 328 and police["Job evaluation points"].data_type == "n"
    role = police["Role"]
    assert role.value == '=HYPERLINK("http://evil.example","x")' and role.data_type == "s"
    assert police["Status"].value == "Proposal" and police["Union position"].value == "Supports with conditions"
    assert police["Union conditions or reasons"].value == "Conditions"
    assert police["New grade"].value == "Scale 5" and police["Pay protection (months)"].value == 12
    assert police["Takes effect"].is_date
    assert police["Staff groups"].value == "Grading world council advisers"
    assert police["Figures illustrative"].value == "No"
    assert ws.freeze_panes is not None
    assert AuditEvent.query.filter_by(action="export", entity="grading_issue").count() == 1


def test_an_issue_without_agencies_still_has_a_row(app, world, login):
    from fossdash.extensions import db
    from fossdash.grading import actions

    actions.create_issue(world.project, world.users["hr"], "Receptionist", "", True, [], [])
    db.session.commit()
    wb = _sheet(login(world.users["executive"]).get(f"{base(world)}/export.xlsx"))
    _header, rows = _table(wb["Grading register"])
    receptionist = [r for r in rows if r["Role"].value == "Receptionist"]
    assert len(receptionist) == 1 and receptionist[0]["Agency"].value is None
    assert receptionist[0]["Figures illustrative"].value == "Yes"
    notes = [c.value for c in next(wb["Grading register"].iter_cols(max_col=1)) if c.value]
    assert any("ILLUSTRATIVE" in str(n) for n in notes)


def test_the_download_is_named_logged_and_not_cached(app, world, login):
    """Sent by fossdash.downloads.send_workbook, like every export."""
    from datetime import date

    from fossdash.audit import AuditEvent

    resp = login(world.users["hr"]).get(f"{base(world)}/export.xlsx")
    assert resp.status_code == 200
    disposition = resp.headers["Content-Disposition"]
    assert "attachment" in disposition
    assert f"grading-register-alpha-one-stop-shop-{date.today().isoformat()}.xlsx" in disposition
    assert resp.headers["Cache-Control"] == "no-store"
    event = AuditEvent.query.filter_by(action="export", entity="grading_issue").one()
    assert (event.project_id, event.note) == (world.project.id, "Grading register: 1 issue")
