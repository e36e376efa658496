"""Importing survey answers from another survey tool's spreadsheet: columns matched to items by
their header text, a mapping step where a guess is unsure, values as numbers or labels, and the
answers treated as the staff link's (held, then released; nothing identifying kept; k applies)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tests.reporting.imports import confirm_url, summary_items, upload, xlsx_bytes

Q = ["I understand why our services are being brought together", "I feel positive about the change",
     "I have the training I need for the new way of working", "My views are listened to",
     "I feel secure about my job"]


def _held(db, round_id):
    """The round's imported answers, held or already released (the import releases what is due)."""
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer

    return [a for model in (HeldAnswer, SurveyAnswer)
            for a in db.session.scalars(select(model).filter_by(round_id=round_id)).all()]


def _other_tool(rows):
    """Another tool's export: its own numbering, a timestamp and an email column."""
    header = ["Respondent email", "Submitted at", "Q1. " + Q[0], "Q2. " + Q[1] + "?", "Q3. " + Q[2],
              "Q4) " + Q[3], "q5: " + Q[4].upper(), "The new rota works for me", "Staff group", "Survey round"]
    return xlsx_bytes([header] + rows, title="Responses")


def test_exact_headers_up_to_numbering_and_punctuation_go_straight_to_the_preview(pm, world, autumn, db):
    pid = world.project.id
    rows = [["ann@example.org", "2026-10-03 09:14:55", "Strongly agree", "agree", "Neutral", "Disagree", "5", 4,
             "Council contact advisers", "Autumn pulse"],
            ["bob@example.org", "2026-10-05 17:40:02", 2, 2, 2, 2, 2, None, None, "Autumn pulse"],
            ["cat@example.org", "2026-10-05 17:41:00", 2, 2, 2, 2, 2, None, None, "Autumn pulse"]]
    resp = upload(pm, pid, "survey_answers", _other_tool(rows))
    url = confirm_url(resp)
    assert "/columns" not in url
    page = pm.get(url).get_data(as_text=True)
    assert "ann@example.org" not in page and "Import 3 survey answers" in page
    pm.post(url)
    held = sorted(_held(db, autumn.id), key=lambda h: h.q1)
    assert [(h.q1, h.q2, h.q3, h.q4, h.q5, h.o1) for h in held] == [(2, 2, 2, 2, 2, None), (2, 2, 2, 2, 2, None),
                                                                   (5, 4, 3, 2, 5, 4)]
    assert held[2].staff_group_id == world.ids["staff_group_id"]
    # No identifier anywhere: no email, no time of day (the day is the round's closing day, not typed).
    assert {h.answered_on for h in held} == {autumn.closes_on}
    from fossdash.reporting.models import ImportBatch, ImportedRow

    batch = db.session.scalar(select(ImportBatch).filter_by(kind="survey_answers"))
    assert batch.content == b"" and batch.preview["head"] == []
    assert len(batch.row_digests) == 3 * 16  # three rows' identities, and nothing else about them
    assert db.session.scalars(select(ImportedRow).filter_by(kind="survey_answers")).all() == []
    # Identical answers from two people are two answers; the same file again adds none.
    again = pm.get(confirm_url(upload(pm, pid, "survey_answers", _other_tool(rows)))).get_data(as_text=True)
    assert "there is nothing new to import" in again and len(_held(db, autumn.id)) == 3


def test_a_close_header_and_a_missing_round_ask_which_column_is_which(pm, world, autumn, db):
    pid = world.project.id
    header = ["Timestamp", "I understand why services are being brought together", Q[1], Q[2], Q[3], Q[4]]
    data = xlsx_bytes([header, ["2026-10-02", 4, 4, 4, 4, 4], ["2026-10-30", 1, 1, 1, 1, 1]])
    url = upload(pm, pid, "survey_answers", data).headers["Location"]
    assert url.endswith("/columns")
    page = pm.get(url).get_data(as_text=True)
    assert "Which column is which?" in page and "Check this" in page
    assert '<option value="c:1" selected>Column B: I understand why services are being brought together' in page
    # Without a round, it is required.
    resp = pm.post(url, data={"col-q1": "c:1", "col-q2": "c:2", "col-answered_on": "c:0"})
    assert summary_items(resp.get_data(as_text=True))[0] == "Select which column of the file is survey round"
    form = {"col-round_id": "v:Autumn pulse", "col-answered_on": "c:0", "col-q1": "c:1", "col-q2": "c:2",
            "col-q3": "c:3", "col-q4": "c:4", "col-q5": "c:5"}
    resp = pm.post(url, data=form)
    assert summary_items(resp.get_data(as_text=True))[1] == (
        "Row 3, Date answered: Date answered must be while ‘Autumn pulse’ was open, 1 Oct 2026 to 14 Oct 2026")
    assert _held(db, autumn.id) == []
    data = xlsx_bytes([header, ["2026-10-02", 4, 4, 4, 4, 4], ["2026-10-13", 1, 1, 1, 1, 1]])
    url = upload(pm, pid, "survey_answers", data).headers["Location"]
    confirm = confirm_url(pm.post(url, data=form))
    pm.post(confirm)
    assert sorted((h.answered_on, h.q1) for h in _held(db, autumn.id)) == [(date(2026, 10, 2), 4),
                                                                          (date(2026, 10, 13), 1)]


def test_the_same_column_twice_and_an_unasked_item_are_refused(pm, world, db):
    pid = world.project.id
    spring = world.extra["surveys"]["round"]  # asks no own statement
    from fossdash.surveys.models import SurveyRound

    db.session.add(SurveyRound(project_id=pid, title="Rota round", opens_on=date(2026, 9, 1),
                               closes_on=date(2026, 9, 9), own_items=["The new rota works for me"]))
    db.session.commit()
    data = xlsx_bytes([["Survey round", Q[0], "The new rota works for me"], [spring.title, "Agree", "Agree"],
                       [spring.title, "Very much", None]])
    items = summary_items(upload(pm, pid, "survey_answers", data).get_data(as_text=True))
    assert items[1:] == [
        "Row 2, The new rota works for me: ‘Spring pulse’ does not ask this: leave it empty",
        "Row 3, I understand why our services are being brought together: I understand why our services are "
        "being brought together must be a number from 1 to 5 or a label like ‘Agree’ (Very much is not)"]
    header = ["Survey round", "I understand why services come together"]
    url = upload(pm, pid, "survey_answers", xlsx_bytes([header, [spring.title, 3]])).headers["Location"]
    resp = pm.post(url, data={"col-round_id": "c:0", "col-q1": "c:1", "col-q2": "c:1"})
    assert "I feel positive about the change cannot be the same column as" in resp.get_data(as_text=True)


def test_imported_answers_are_released_like_the_links_and_k_applies(pm, world, autumn, db):
    """Answers of a closed round are released by the import itself (the release's rules, as for
    the staff link's); under k, no breakdown shows."""
    from fossdash.surveys import service
    from fossdash.surveys.models import HeldAnswer, SurveyAnswer

    pid = world.project.id
    rows = [[None, None, 4, 4, 4, 4, 4, None, "Council contact advisers", "Autumn pulse"]] * 2
    pm.post(confirm_url(upload(pm, pid, "survey_answers", _other_tool(rows))))
    assert db.session.scalars(select(HeldAnswer).filter_by(round_id=autumn.id)).all() == []
    answers = db.session.scalars(select(SurveyAnswer).filter_by(round_id=autumn.id)).all()
    assert len(answers) == 2 and all(len(a.id) >= 16 for a in answers)
    stats = service.round_results(world.project, autumn)
    assert stats.total.n == 2 and stats.k > 2 and not stats.shown and stats.n is None  # under k: nothing shown


def test_the_survey_template_offers_labels_and_numbers(pm, world, autumn):
    from tests.reporting.imports import template

    wb = template(pm, world.project.id, "survey_answers")
    ws = wb["Survey answers"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["Survey round", "Date answered", Q[0]] and "The new rota works for me" in headers
    lists = {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in wb["Lists"].iter_cols()}
    # The numbers, then one label for each (the synonyms the import reads are not offered).
    assert lists[Q[0]] == [1, 2, 3, 4, 5, "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                           "Strongly agree"]
    assert lists["Survey round"] == ["Autumn pulse", "Spring pulse"]  # by opening date


def test_today_is_the_latest_day_of_an_open_round(pm, world, db):
    spring = world.extra["surveys"]["round"]
    data = xlsx_bytes([["Survey round", "Date answered", Q[0]],
                       [spring.title, (date.today() + timedelta(days=1)).isoformat(), 3]])
    items = summary_items(upload(pm, world.project.id, "survey_answers", data).get_data(as_text=True))
    assert items[1] == "Row 2, Date answered: Date answered must be today or in the past"


def test_the_filled_survey_template_needs_no_mapping_and_a_near_header_is_offered(pm, world, autumn, db):
    from tests.reporting.imports import filled

    pid = world.project.id
    row = ["Autumn pulse", date(2026, 10, 2), "Agree", 4, 3, 2, 1, 5, 9, None, "Council contact advisers", None]
    url = confirm_url(upload(pm, pid, "survey_answers", filled(pm, pid, "survey_answers", [row])))
    assert "/columns" not in url
    pm.post(url)
    (held,) = _held(db, autumn.id)
    assert (held.q1, held.q5, held.o1, held.recommend, held.answered_on) == (4, 1, 5, 9, date(2026, 10, 2))
    # "Staff group name" is close to "Staff group": offered, for a person to confirm.
    data = xlsx_bytes([["Survey round", Q[0], "Staff group name"], ["Autumn pulse", 3, "Council contact advisers"]])
    url = upload(pm, pid, "survey_answers", data).headers["Location"]
    assert url.endswith("/columns")
    assert '<option value="c:2" selected>Column C: Staff group name' in pm.get(url).get_data(as_text=True)


def test_a_round_closed_with_its_results_shown_takes_no_more_answers(pm, world, autumn, db):
    """Once a closed round's results (and so its breakdown) are shown, answers added to it would
    change one agency's or staff group's figures, or which figures are hidden, and comparing the
    two would give them away: the import refuses its new rows, each named, and writes nothing. The
    same file imported again is nothing new, not refused."""
    from fossdash.surveys.models import SurveyAnswer

    pid = world.project.id
    k = world.project.anonymity_k
    for _ in range(k - 1):  # under k: nothing shown yet, so answers are still taken
        db.session.add(SurveyAnswer(project_id=pid, round_id=autumn.id, answered_on=autumn.closes_on, q1=3))
    db.session.commit()
    first = _other_tool([[None, None, 4, 4, 4, 4, 4, None, "Council contact advisers", "Autumn pulse"]])
    pm.post(confirm_url(upload(pm, pid, "survey_answers", first)))
    assert len(_held(db, autumn.id)) == k  # released with the import: the results are shown now
    page = pm.get(confirm_url(upload(pm, pid, "survey_answers", first))).get_data(as_text=True)
    assert "there is nothing new to import" in page
    later = _other_tool([[None, None, 4, 4, 4, 4, 4, None, "Council contact advisers", "Autumn pulse"],
                         [None, None, 2, 2, 2, 2, 2, None, None, "Autumn pulse"],
                         [None, None, 5, 5, 5, 5, 5, None, None, "Autumn pulse"]])
    items = summary_items(upload(pm, pid, "survey_answers", later).get_data(as_text=True))
    assert items[1:] == [f"Row {n}, Survey round: ‘Autumn pulse’ has closed and its results are shown, so it "
                         "takes no more answers: comparing its results before and after would pick new ones out"
                         for n in (3, 4)]
    assert len(_held(db, autumn.id)) == k


def test_a_question_few_answered_in_an_import_shows_no_figure(pm, world, autumn, db):
    """Another tool's export may leave questions empty. k answers or more came in, but only two
    answered the recommend question and two the fourth statement: the page and its Excel show the
    count and the other statements' spreads, and "[x]" for that statement's spread, the eNPS and the
    morale index (each over part of the answers), never those two people's answers."""
    from tests.reporting.imports import xlsx_bytes as book

    pid = world.project.id
    k = world.project.anonymity_k
    header = ["Survey round", *Q, "How likely are you to recommend working here to a friend?"]
    rows = [["Autumn pulse", 4, 4, 4, 2 if i < 2 else None, 4, 9 if i < 2 else None] for i in range(k + 1)]
    pm.post(confirm_url(upload(pm, pid, "survey_answers", book([header, *rows]))))
    page = pm.get(f"/projects/{pid}/surveys/{autumn.id}/").get_data(as_text=True)
    assert f"{k + 1}</dd>" in page.replace("\n", "").replace(" ", "")  # the count is shown
    assert "eNPS (-100 to 100)" in page and page.count("[x]") >= 8  # morale, eNPS, the statement's six cells
    assert f"answered by fewer than {k} people" in page
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(pm.get(f"/projects/{pid}/surveys/{autumn.id}/export.xlsx").data))
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Answers"] == k + 1 and summary["eNPS (-100 to 100)"] == "[x]"
    assert summary["Morale index (0 to 100)"] == "[x]"  # beside four statements' spreads, it would give q4's
    statements = {r[0]: r[1:] for r in wb["Statements"].iter_rows(values_only=True) if r and r[0]}
    assert statements[Q[3]] == ("[x]",) * 6 and statements[Q[0]][3] == k + 1


def test_no_cut_shows_a_morale_index_when_some_answers_leave_core_statements_empty(pm, world, autumn, db):
    """A review's attack: the council's k answers answer everything; of the police's k, one answers
    the core statements and the rest only the recommend question. The statements' spreads add up
    every core answer of the round, so with the council's morale shown, the police officer's mean
    would be the rest. No morale index is shown, neither the round's nor any cut's."""
    import io

    from openpyxl import load_workbook

    pid, k = world.project.id, world.project.anonymity_k
    header = ["Survey round", *Q, "How likely are you to recommend working here to a friend?", "Agency"]
    council = [["Autumn pulse", *[(i + j) % 5 + 1 for j in range(5)], 8, "Alpha District Council"] for i in range(k)]
    police = [["Autumn pulse", 1, 2, 1, 2, 1, 7, "Alpha Police"]] + \
             [["Autumn pulse", None, None, None, None, None, 6, "Alpha Police"] for _ in range(k - 1)]
    pm.post(confirm_url(upload(pm, pid, "survey_answers", xlsx_bytes([header, *council, *police]))))
    wb = load_workbook(io.BytesIO(pm.get(f"/projects/{pid}/surveys/{autumn.id}/export.xlsx").data))
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    cuts = {(r[0], r[1]): r[2:] for r in wb["Breakdown"].iter_rows(values_only=True)
            if r and r[0] in ("Agency", "Staff group")}
    assert summary["Answers"] == 2 * k and summary["Morale index (0 to 100)"] == "[x]"
    assert cuts[("Agency", "Alpha District Council")][0] == k
    assert all(morale in ("[x]", None) for _n, morale, _enps in cuts.values())
    assert summary["eNPS (-100 to 100)"] != "[x]"  # every answer answered the recommend question
