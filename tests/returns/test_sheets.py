"""The quarterly return's training, communication and morale sheets: their figures are the pages'
at the same date, their charts are drawn from their own cells, suppression is the survey pages',
every user string is text, and the sheets cost the same number of queries at 1× and 10× the data."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from fossdash.returns.periods import ReturnQuarter

Q = ReturnQuarter.of(date(2007, 2, 5))  # 2006-07 Q4: January to March 2007
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _rows(ws):
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def _table(ws, header_first: str, header_second: str | None = None):
    """(header row number, data rows) of the table whose header row starts with these cells."""
    rows = _rows(ws)
    for i, r in enumerate(rows):
        if r and r[0] == header_first and (header_second is None or r[1] == header_second):
            out = []
            for data in rows[i + 1:]:
                if data[0] is None or all(v is None for v in data[1:]):  # a blank or a note
                    break
                out.append(data)
            return i + 1, out
    raise AssertionError(f"no table headed {header_first!r} in {ws.title}")


def _download(login, world, who="programme_manager", quarter=Q):
    r = login(world.users[who]).get(f"/projects/{world.project.id}/returns/return.xlsx?quarter={quarter.key}")
    assert r.status_code == 200, r.status_code
    return _book(r.data)


def _chart_refs(ws):
    return [[(s.tx.strRef.f if s.tx and s.tx.strRef else None, s.val.numRef.f, s.cat.strRef.f
              if s.cat.strRef else s.cat.numRef.f) for s in chart.series] for chart in ws._charts]


# --- training -------------------------------------------------------------------------------------

def test_training_sheet_coverage_is_the_pages_at_the_same_date(app, world, login, db, make):
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    # Alpha's advisers (12): 6 completed the induction in March 2026 (the world's session). A second
    # group (8 police staff) completes 2 of a course ending in the current quarter, before today.
    police = make.staff_group(world.project, world.extra["projects"]["police"], name="Police front counter",
                              headcount=8)
    today = date.today()
    current = ReturnQuarter.of(today)
    ends = max(current.start, today - timedelta(days=1))
    course = TrainingCourse(project_id=world.project.id, title=FORMULA, provider_name="College", days=1)
    course.targets.append(TrainingTarget(project_id=world.project.id, staff_group_id=police.id))
    s = TrainingSession(project_id=world.project.id, course=course, starts_on=ends, ends_on=ends, place="Hall",
                        capacity=8)
    s.attendance.append(TrainingAttendance(project_id=world.project.id, staff_group_id=police.id, planned=4,
                                           attended=3, completed=2))
    db.session.add(course)
    db.session.commit()

    page = login(world.users["hr"]).get(f"/projects/{world.project.id}/training").text
    book = _download(login, world, quarter=current)
    ws = book["Training"]
    header, rows = _table(ws, "Staff group", "Headcount")
    by_group = {r[0]: r[1:5] for r in rows}
    # Hand-checked: advisers 6 of 12 (50%), police 2 of 8 (25%); the page says the same.
    assert by_group == {"Council contact advisers": (12, 12, 6, 0.5), "Police front counter": (8, 8, 2, 0.25)}
    assert re.search(r"Council contact advisers.*?50%", page, re.S) and re.search(r"Police front counter.*?25%",
                                                                                  page, re.S)
    _, whole = _table(ws, "Measure", "Headcount")
    assert whole[0][2:5] == (20, 8, 0.4)  # 8 of 20 places; the page's whole-project row is 40%
    assert "40%" in page
    # the chart: coverage (column E) per group (column A), from the table's own rows
    refs = _chart_refs(ws)[0]
    assert refs == [(f"'Training'!E{header}", f"'Training'!$E${header + 1}:$E${header + 2}",
                     f"'Training'!$A${header + 1}:$A${header + 2}")]
    # the session in the quarter, its title (typed as a formula) stored as text
    _, sessions = _table(ws, "Course", "Starts")
    assert [(r[0], r[4], r[5], r[6]) for r in sessions] == [(FORMULA, 4, 3, 2)]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == FORMULA)
    assert cell.data_type == "s"


def test_training_sheet_of_a_past_quarter_counts_only_what_was_done_by_its_end(app, world, login):
    q = ReturnQuarter.of(date(2026, 3, 1))  # 2025-26 Q4: the world's session ended 6 March 2026
    ws = _download(login, world, quarter=q)["Training"]
    assert _table(ws, "Staff group", "Headcount")[1][0][1:5] == (12, 12, 6, 0.5)
    _, trend = _table(ws, "Quarter", "At")
    assert [(r[0], r[4]) for r in trend] == [("2025-26 Q1", 0), ("2025-26 Q2", 0), ("2025-26 Q3", 0),
                                             ("2025-26 Q4", 0.5)]
    before = _download(login, world, quarter=q.previous())["Training"]
    assert _table(before, "Staff group", "Headcount")[1][0][4] == 0
    assert "No training sessions were held in 2025-26 Q3." in [r[0] for r in _rows(before)]


def test_a_project_without_training_says_so(app, world, login, make):
    from fossdash.reporting import service

    pm = world.users["outsider"]
    bravo = world.other
    from fossdash.training.models import TrainingCourse
    from fossdash.extensions import db

    db.session.execute(db.delete(TrainingCourse).where(TrainingCourse.project_id == bravo.id))
    db.session.commit()
    data = service.build_bytes(bravo, Q, pm, lambda perm: True)
    values = [r[0] for r in _rows(_book(data)["Training"])]
    assert "No training courses are recorded for this project." in values


# --- communication --------------------------------------------------------------------------------

def _actions(db, world):
    from fossdash.comms.models import CommsAction

    pid = world.project.id

    def add(title, due, done=None, reached=None):
        db.session.add(CommsAction(project_id=pid, title=title, technique="newsletter", audience="all_staff",
                                   owner="Comms lead", due_on=due, done_on=done, people_reached=reached,
                                   feedback=""))

    # With the world's briefing (due 1 March 2007, not done):
    add(FORMULA, date(2007, 1, 10), date(2007, 1, 8), 20)  # due and done in January: on time
    add("Newsletter", date(2007, 2, 15), date(2007, 2, 20), 10)  # February, done late
    add("Early", date(2007, 4, 5), date(2007, 3, 30), 5)  # due in April, done in March: on time
    add("Old", date(2006, 11, 1), date(2006, 11, 1), 50)  # before the quarter
    db.session.commit()


def test_communication_sheet_matches_the_plan_page_on_the_quarters_last_day(app, world, login, db, monkeypatch):
    from fossdash.comms import service

    _actions(db, world)
    ws = _download(login, world)["Communication"]
    _, counts = _table(ws, "Measure", "Actions")
    figures = dict((r[0], r[1]) for r in counts)
    # Hand-checked: due in the quarter Jan 10, Feb 15, Mar 1 -> 1 on time, 1 late, 1 overdue on 31 March.
    assert figures["Due in the quarter"] == 3
    assert figures["Of those, done on time"] == 1 and figures["Of those, done late"] == 1
    assert figures["Of those, overdue on 31 March 2007"] == 1
    assert figures["Done in the quarter (whenever due)"] == 3
    assert figures["People reached by the actions done in the quarter"] == 35
    _, shares = _table(ws, "Measure", "Settled (done or overdue)")
    assert shares[0][1:4] == (3, 1, pytest.approx(1 / 3))
    # The whole plan on 31 March: 5 settled (Nov, Jan, Feb late, Mar overdue, Apr done early), 3 on time.
    assert shares[1][1:4] == (5, 3, 0.6)
    monkeypatch.setattr(service, "today", lambda: date(2007, 3, 31))
    page = login(world.users["hr"]).get(f"/projects/{world.project.id}/communication/").text
    assert "60%" in page and re.search(r"3\s+of the\s+5\s+actions", page)
    header, months = _table(ws, "Month", "Planned (due that month)")
    assert months == [("January 2007", 1, 1, 20) + (None,) * (len(months[0]) - 4),
                      ("February 2007", 1, 1, 10) + (None,) * (len(months[0]) - 4),
                      ("March 2007", 1, 1, 5) + (None,) * (len(months[0]) - 4)]
    refs = _chart_refs(ws)[0]
    assert [r[1] for r in refs] == [f"'Communication'!$B${header + 1}:$B${header + 3}",
                                    f"'Communication'!$C${header + 1}:$C${header + 3}"]
    assert refs[0][2] == f"'Communication'!$A${header + 1}:$A${header + 3}"
    _, listed = _table(ws, "Action", "Technique")
    assert [r[0] for r in listed] == [FORMULA, "Newsletter", "Chief executive’s all-staff briefing", "Early"]
    assert next(c for row in ws.iter_rows() for c in row if c.value == FORMULA).data_type == "s"


def test_communication_action_list_only_for_roles_that_may_export(app, world, login, db):
    _actions(db, world)
    ws = _download(login, world, who="union_rep")["Communication"]
    values = [r[0] for r in _rows(ws)]
    assert "The list of actions is not included for your role." in values and FORMULA not in values
    assert _table(ws, "Measure", "Actions")[1][0][1] == 3  # the counts are still there


# --- morale ---------------------------------------------------------------------------------------

def _round(db, world, title, opens, closes, answers):
    """answers: [(agency_id, group_id, q-value, recommend)]."""
    from fossdash.surveys.models import SurveyAnswer, SurveyRound

    r = SurveyRound(project_id=world.project.id, title=title, opens_on=opens, closes_on=closes, own_items=[])
    db.session.add(r)
    db.session.flush()
    for i, (agency, group, value, rec) in enumerate(answers):
        db.session.add(SurveyAnswer(id=f"{title[:8]}{i:04d}x{r.id}", project_id=world.project.id, round_id=r.id,
                                    q1=value, q2=value, q3=value, q4=value, q5=value, recommend=rec,
                                    agency_id=agency, staff_group_id=group, answered_on=opens))
    db.session.commit()
    return r


def test_morale_sheet_is_suppressed_exactly_as_the_survey_pages(app, world, login, db, make):
    from fossdash.surveys import service

    police = world.extra["projects"]["police"]
    council_id, advisers_id = world.ids["agency_id"], world.ids["staff_group_id"]
    front = make.staff_group(world.project, police, name="Police front counter", headcount=8)
    # Seven council advisers, two police front counter staff (2 < k = 5: hidden) and six who gave
    # neither (hidden too, so that the police cannot be worked out from the totals).
    winter = _round(db, world, "Winter pulse", date(2007, 1, 8), date(2007, 1, 26),
                    [(council_id, advisers_id, 4, 9)] * 7 + [(police.id, front.id, 2, 3)] * 2
                    + [(None, None, 3, 8)] * 6)
    small = _round(db, world, "Tiny pulse", date(2007, 3, 5), date(2007, 3, 9), [(None, None, 5, 10)] * 3)
    autumn = _round(db, world, "Autumn pulse", date(2006, 10, 2), date(2006, 10, 20),
                    [(council_id, advisers_id, 3, 7)] * 6)
    ws = _download(login, world)["Morale"]
    _, rounds = _table(ws, "Round", "Opens")
    # Hand-checked: morale (7 × 4 + 2 × 2 + 6 × 3) / 15 = 3.333 -> (3.333 - 1) × 25 = 58.3 -> 58;
    # eNPS (7 promoters - 2 detractors) / 15 = 33.3 -> 33.
    assert [(r[0], r[3], r[5], r[6]) for r in rounds] == [("Winter pulse", 15, 58, 33),
                                                          ("Tiny pulse", "Fewer than 5", "Not shown", "Not shown")]
    db.session.refresh(world.project)
    headcount = sum(g.headcount for g in world.project.staff_groups)
    assert headcount >= 20 and rounds[0][4] == pytest.approx(15 / headcount)  # of the project's headcount
    header, trend = _table(ws, "Round", "Closes")
    assert [(r[0], r[2], r[3], r[4]) for r in trend] == [("Autumn pulse", 6, 50, 0), ("Winter pulse", 15, 58, 33)]
    refs = _chart_refs(ws)[0]
    assert [r[1] for r in refs] == [f"'Morale'!$D${header + 1}:$D${header + 2}",
                                    f"'Morale'!$E${header + 1}:$E${header + 2}"]
    assert "1 round with fewer than 5 answers left out: nothing of such a round may be shown." in \
        [r[0] for r in _rows(ws)]
    _, cuts = _table(ws, "Agency or staff group", "Breakdown")
    sheet_hidden = {(r[1], r[0]) for r in cuts if r[2] == "Not shown"}
    assert ("Staff group", "Police front counter") in sheet_hidden and ("Agency", "Alpha Police") in sheet_hidden
    assert ("Staff group", "Council contact advisers") not in sheet_hidden
    # The same function as the round's page, and the page itself, hide exactly the same figures.
    stats = service.round_results(world.project, winter)
    page_hidden = {("Agency", c.label) for c in stats.agencies if c.hidden} | \
                  {("Staff group", c.label) for c in stats.groups if c.hidden}
    assert sheet_hidden == page_hidden
    page = login(world.users["hr"]).get(f"/projects/{world.project.id}/surveys/{winter.id}/").text
    row = re.search(r"<tr[^>]*>\s*<t[hd][^>]*>\s*Police front counter.*?</tr>", page, re.S)
    assert row and "[x]" in row.group(0) and "2" not in re.sub(r"<[^>]+>", "", row.group(0)).replace(
        "Police front counter", "")
    shown = {(r[1], r[0]): r[2:5] for r in cuts if r[2] != "Not shown"}
    assert shown[("Staff group", "Council contact advisers")] == (7, 75, 100)
    assert small.id and autumn.id


def test_a_project_without_rounds_has_a_morale_sheet_saying_so(app, world, login):
    from fossdash.reporting import service

    data = service.build_bytes(world.other, Q, world.users["outsider"], lambda perm: True)
    assert "No pulse survey rounds are recorded for this project up to this quarter." in \
        [r[0] for r in _rows(_book(data)["Morale"])]


# --- the portfolio and the cost -------------------------------------------------------------------

def test_the_portfolio_return_has_training_communication_and_morale_rows(app, world, db):
    from fossdash.reporting.portfolio import project_rows
    from fossdash.returns.quarterly import ReturnContext

    _actions(db, world)
    _round(db, world, "Winter pulse", date(2007, 1, 8), date(2007, 1, 26),
           [(world.ids["agency_id"], world.ids["staff_group_id"], 4, 9)] * 6)
    ctx = ReturnContext(project=world.project, quarter=Q, prepared_by="Test", prepared_on=date(2026, 12, 1),
                        can=lambda perm: True, session=db.session, k=world.project.anonymity_k)
    rows = {(r[3], r[4]): r[5] for r in project_rows(ctx)}
    assert rows[("Communication", "Actions due in the quarter")] == 3
    assert rows[("Communication", "Share of the quarter's actions done on time")] == pytest.approx(1 / 3)
    assert rows[("Training", "Coverage at the quarter's end (every targeted group)")] == 0
    assert rows[("Morale", "Morale index, 0 to 100 (Winter pulse)")] == 75


def test_an_enps_from_fewer_than_k_recommend_answers_is_not_shown_in_the_return(app, world, login, db):
    """Six answers (k = 5), two of them to the recommend question (an import may leave it empty),
    all six to the core statements: the Morale sheet and the portfolio return show the morale
    index, and "Not shown" for the eNPS, as the round's page does; the trend leaves the eNPS blank
    (a gap in the chart) and says why."""
    from fossdash.reporting.portfolio import project_rows
    from fossdash.returns.quarterly import ReturnContext

    _round(db, world, "Winter pulse", date(2007, 1, 8), date(2007, 1, 26),
           [(None, None, 4, 9)] * 2 + [(None, None, 4, None)] * 4)
    ws = _download(login, world)["Morale"]
    _, rounds = _table(ws, "Round", "Opens")
    assert [(r[0], r[3], r[5], r[6]) for r in rounds] == [("Winter pulse", 6, 75, "Not shown")]
    _, trend = _table(ws, "Round", "Closes")
    assert [(r[0], r[3], r[4]) for r in trend] == [("Winter pulse", 75, None)]
    assert "A blank: not shown, as some of the round's answers leave its questions empty (the chart leaves a gap)." in \
        [r[0] for r in _rows(ws)]
    ctx = ReturnContext(project=world.project, quarter=Q, prepared_by="Test", prepared_on=date(2026, 12, 1),
                        can=lambda perm: True, session=db.session, k=world.project.anonymity_k)
    rows = {(r[3], r[4]): (r[5], r[6]) for r in project_rows(ctx)}
    assert rows[("Morale", "eNPS, -100 to 100 (Winter pulse)")] == (None, "Not shown")  # (it said "None")
    assert rows[("Morale", "Morale index, 0 to 100 (Winter pulse)")] == (75, "")


def test_the_sheets_cost_the_same_queries_with_ten_times_the_records(app, world, db):
    from sqlalchemy import event

    from fossdash.comms import quarterly as comms_q
    from fossdash.comms.models import CommsAction
    from fossdash.returns.quarterly import ReturnContext
    from fossdash.surveys import quarterly as surveys_q
    from fossdash.surveys.models import SurveyRound
    from fossdash.training import quarterly as training_q
    from fossdash.training.models import TrainingAttendance, TrainingCourse, TrainingSession, TrainingTarget

    pid, group = world.project.id, world.ids["staff_group_id"]

    def add(n):
        from fossdash.projects.models import Agency

        agencies = [Agency(name=f"Agency {n}.{i}", kind="district_council") for i in range(n)]
        db.session.add_all(agencies)
        db.session.flush()
        course = TrainingCourse(project_id=pid, title=f"Course {n}", provider_name="College", days=1)
        course.targets.append(TrainingTarget(project_id=pid, staff_group_id=group))
        db.session.add(course)
        for i in range(n):
            s = TrainingSession(project_id=pid, course=course, starts_on=date(2007, 1, 2 + i % 20),
                                ends_on=date(2007, 1, 2 + i % 20), capacity=5)
            db.session.add(s)
            s.attendance.append(TrainingAttendance(project_id=pid, staff_group_id=group, planned=3))
            db.session.add(CommsAction(project_id=pid, title=f"Action {n}.{i}", technique="newsletter",
                                       audience="agency", agency_id=agencies[i].id, owner="Lead",
                                       due_on=date(2007, 2, 1 + i % 20), feedback=""))
            db.session.add(SurveyRound(project_id=pid, title=f"Round {n}.{i}", opens_on=date(2007, 1, 1 + i % 20),
                                       closes_on=date(2007, 3, 1), own_items=[]))
        db.session.commit()

    def count():
        ctx = ReturnContext(project=world.project, quarter=Q, prepared_by="Test", prepared_on=date(2026, 12, 1),
                            can=lambda perm: True, session=db.session, k=5)
        seen = []

        def listen(*args):
            seen.append(args[2])

        engine = db.session.get_bind()
        event.listen(engine, "before_cursor_execute", listen)
        try:
            db.session.expire_all()
            for module in (training_q, comms_q, surveys_q):
                built = module.sheets(ctx)
                for sheet in built:
                    for t in sheet.tables:
                        list(t.rows)
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        return len(seen)

    add(2)
    once = count()
    add(20)
    assert count() == once


def test_rows_with_wrapped_text_are_given_their_height(app):
    from fossdash.returns.quarterly import ReturnSheet, Table, write_return
    from fossdash.returns.xlsx import Column

    long = "word " * 60  # 300 characters in a 50-character column: about 7 lines
    sheet = ReturnSheet("Notes", tables=[Table("Notes", [Column("Note", "text", 50, wrap=True), Column("N", "int")],
                                               [(long, 1), ("short", 2)])])
    buf = io.BytesIO()
    write_return(buf, [sheet])
    ws = load_workbook(io.BytesIO(buf.getvalue()))["Notes"]
    header, _rows_ = _table(ws, "Note", "N")
    assert ws.row_dimensions[header + 1].height == 15 * 7
    assert ws.row_dimensions[header + 2].height is None
