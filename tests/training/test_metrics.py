"""Coverage, staff-days and low attendance, hand-checked on plain data with fixed dates."""
from datetime import date

from fossdash.metrics import training as m

GROUPS = {1: m.Group(1, "Police call handlers", 10), 2: m.Group(2, "Council advisers", 4)}


def _row(session_id, group, starts, ends, planned, attended=None, completed=None, days=10, consecutive=True,
         course=1):
    return m.Row(course, session_id, group, starts, ends, days, consecutive, planned, attended, completed)


def test_coverage_counts_completions_from_the_day_the_session_ends():
    plan = m.Plan(GROUPS, {(1, 1), (1, 2)}, [
        _row(1, 1, date(2026, 3, 2), date(2026, 3, 13), 6, 6, 5),
        _row(1, 2, date(2026, 3, 2), date(2026, 3, 13), 2, 2, 2),
        _row(2, 1, date(2026, 3, 16), date(2026, 3, 27), 4, 4, 3),
    ])
    before = m.coverage_at(plan, date(2026, 3, 12))
    assert before.project.completed == 0 and before.project.places == 14
    mid = m.coverage_at(plan, date(2026, 3, 13))
    assert mid.groups[1].share == 0.5 and mid.groups[2].share == 0.5  # 5 of 10, 2 of 4
    assert mid.project.share == 7 / 14
    after = m.coverage_at(plan, date(2026, 3, 27))
    assert after.groups[1].completed == 8 and after.project.share == 10 / 14


def test_a_course_counts_no_more_than_the_groups_headcount_and_two_courses_double_the_places():
    plan = m.Plan(GROUPS, {(1, 2), (2, 2)}, [
        _row(1, 2, date(2026, 3, 2), date(2026, 3, 2), 5, 5, 5),  # more than the 4 staff: counted as 4
        _row(2, 2, date(2026, 3, 9), date(2026, 3, 9), 2, 2, 1, course=2),
    ])
    c = m.coverage_at(plan)
    assert (c.groups[2].completed, c.groups[2].places) == (5, 8)
    assert 1 not in c.groups  # not targeted


def test_a_group_with_no_staff_has_no_coverage_share():
    plan = m.Plan({3: m.Group(3, "Empty", 0)}, {(1, 3)}, [])
    assert m.coverage_at(plan).groups[3].share is None
    assert m.coverage_at(plan).project.share is None


def test_ten_consecutive_days_over_two_weeks_are_five_staff_days_each_week_per_person():
    # Monday 2 March to Friday 13 March 2026: ten working days; 3 attended.
    plan = m.Plan(GROUPS, {(1, 1)}, [_row(1, 1, date(2026, 3, 2), date(2026, 3, 13), 4, 3, 3)])
    weeks = m.staff_days_per_week(plan)
    assert [w.monday for w in weeks] == [date(2026, 3, 2), date(2026, 3, 9)]
    assert [w.total for w in weeks] == [15, 15]
    assert weeks[0].recorded == 15 and weeks[0].planned == 0


def test_consecutive_days_take_the_first_working_days_and_spread_days_share_all_of_them():
    # A 2-day consecutive course in a Wed 4 – Tue 10 March window: Wed and Thu, one week.
    consecutive = m.Plan(GROUPS, {(1, 1)}, [_row(1, 1, date(2026, 3, 4), date(2026, 3, 10), 6, days=2)])
    assert [(w.monday, w.total, w.planned) for w in m.staff_days_per_week(consecutive)] == [(date(2026, 3, 2), 12, 12)]
    # 2 days spread over the same window's 5 working days (Wed, Thu, Fri, Mon, Tue): 3/5 and 2/5.
    spread = m.Plan(GROUPS, {(1, 1)}, [_row(1, 1, date(2026, 3, 4), date(2026, 3, 10), 5, days=2,
                                            consecutive=False)])
    assert [round(w.total, 6) for w in m.staff_days_per_week(spread)] == [6, 4]


def test_weeks_without_training_are_listed_as_nothing():
    plan = m.Plan(GROUPS, {(1, 1)}, [_row(1, 1, date(2026, 3, 2), date(2026, 3, 2), 2, days=1),
                                     _row(2, 1, date(2026, 3, 16), date(2026, 3, 16), 1, days=1)])
    assert [w.total for w in m.staff_days_per_week(plan)] == [2, 0, 1]


def test_low_attendance_is_under_three_quarters_of_planned_in_past_sessions_only():
    rows = [
        _row(1, 1, date(2026, 3, 2), date(2026, 3, 6), 8, 5, 5),   # 5 of 8 = 62.5%: low
        _row(2, 1, date(2026, 3, 9), date(2026, 3, 13), 8, 6, 6),  # 6 of 8 = 75%: not low
        _row(3, 1, date(2026, 3, 16), date(2026, 3, 20), 8, 1),    # ends on "today": not yet past
        _row(4, 1, date(2026, 2, 2), date(2026, 2, 6), 8),         # not recorded
    ]
    plan = m.Plan(GROUPS, {(1, 1)}, rows)
    low = m.low_attendance(plan, date(2026, 3, 20))
    assert [(x.session_id, x.planned, x.attended) for x in low] == [(1, 8, 5)]
    assert m.unrecorded(plan, date(2026, 3, 20)) == [4]


def test_coverage_over_time_starts_at_none_and_steps_at_each_session_end():
    plan = m.Plan(GROUPS, {(1, 1)}, [_row(1, 1, date(2026, 3, 2), date(2026, 3, 13), 5, 5, 5),
                                     _row(2, 1, date(2026, 3, 16), date(2026, 3, 27), 5, 5, 4)])
    points = m.coverage_over_time(plan)
    assert [p.on for p in points] == [date(2026, 3, 1), date(2026, 3, 13), date(2026, 3, 27)]
    assert [p.groups[1].share for p in points] == [0, 0.5, 0.9]
