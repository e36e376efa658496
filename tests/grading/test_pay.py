"""Hourly rates, disparity, job evaluation points and the equal-pay check on hand-checked cases.

Hand check: £20,000 ÷ 52.143 weeks = £383.5606 a week.
  ÷ 37 hours = £10.3665 an hour (shown £10.37); ÷ 39 hours = £9.8349 an hour (shown £9.83).
  Disparity = (10.3665 − 9.8349) ÷ 9.8349 = 39/37 − 1 = 0.05405 (shown 5.4%).
(At 52 weeks the figures would be £10.40 and £9.86; fossdash divides by 52.143, see rules.py.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


from fossdash.grading import rules


@dataclass
class Row:
    pay_min: object
    pay_max: object
    weekly_hours: object
    name: str = ""


def test_same_salary_at_37_and_39_hours():
    at37 = rules.rates(Row(20000, 20000, 37))
    at39 = rules.rates(Row(20000, 20000, 39))
    assert rules.gbp(at37.hourly_mid) == "£10.37"
    assert rules.gbp(at39.hourly_mid) == "£9.83"
    d = rules.disparity([Row(20000, 20000, 37, "council"), Row(20000, 20000, 39, "police")])
    assert d.highest.row.name == "council" and d.lowest.row.name == "police"
    assert d.fraction == Decimal("0.054054054054")  # 39 ÷ 37 − 1: the salaries cancel out
    assert rules.pct(d.fraction) == "5.4%"


def test_hourly_range_and_midpoint_of_a_pay_range():
    r = rules.rates(Row(Decimal("18000"), Decimal("22000"), Decimal("37")))
    # 18,000 ÷ 52.143 ÷ 37 = 9.3298; 22,000 ÷ 52.143 ÷ 37 = 11.4031; midpoint 20,000 → 10.3665
    assert [rules.gbp(v) for v in (r.hourly_min, r.hourly_max, r.hourly_mid)] == ["£9.33", "£11.40", "£10.37"]


def test_part_time_hours_and_a_higher_salary_can_still_be_the_lower_hourly_rate():
    # Police staff £21,000 at 39 hours: 21,000 ÷ 52.143 ÷ 39 = £10.33 an hour.
    # Council £20,000 at 37 hours: £10.37 an hour. The council pays more per hour.
    d = rules.disparity([Row(21000, 21000, 39, "police"), Row(20000, 20000, 37, "council")])
    assert d.highest.row.name == "council"
    assert rules.gbp(d.highest.hourly_mid) == "£10.37" and rules.gbp(d.lowest.hourly_mid) == "£10.33"
    assert rules.pct(d.fraction) == "0.4%"  # (10.3665 − 10.3268) ÷ 10.3268 = 0.38%


def test_disparity_needs_two_agencies_with_pay_and_hours():
    assert rules.disparity([]) is None
    assert rules.disparity([Row(20000, 22000, 37)]) is None
    assert rules.disparity([Row(20000, 22000, 37), Row(None, None, 37), Row(20000, 22000, None)]) is None


def test_missing_or_zero_hours_give_no_rate():
    assert rules.hourly(20000, 0) is None
    assert rules.hourly(20000, None) is None
    assert rules.hourly(None, 37) is None


def test_display_rounds_half_up_only_when_shown():
    assert rules.gbp(Decimal("10.365")) == "£10.37"
    assert rules.gbp(Decimal("19500"), 0) == "£19,500"
    assert rules.pct(Decimal("0.05405")) == "5.4%"
    assert rules.num(Decimal("37.50")) == "37.5" and rules.num(Decimal("37.00")) == "37"


@dataclass
class Evaluation:
    values: dict

    def levels(self):
        return self.values


ALL_LEVEL_1 = {k: 1 for k in rules.POINTS}


def test_points_table_totals():
    assert rules.MAX_POINTS == 1000
    assert rules.total_points(ALL_LEVEL_1) == 20 + 13 * 3 + 13 + 10 * 3 + 13 * 4 + 10  # 164
    assert rules.total_points(ALL_LEVEL_1) == 164
    levels = dict(ALL_LEVEL_1, knowledge=4, interpersonal_skills=4, emotional_demands=3)
    # knowledge 20 → 80 (+60), interpersonal 13 → 52 (+39), emotional 10 → 30 (+20)
    assert rules.total_points(levels) == 164 + 60 + 39 + 20
    assert rules.total_points(dict(ALL_LEVEL_1, knowledge=None)) is None
    assert rules.factor_points("knowledge", 9) is None


@dataclass
class Issue:
    id: int
    role_title: str
    evaluation: object
    rows: list = field(default_factory=list)
    status: str = "hr_review"


def test_equal_pay_warning_when_points_are_close_and_hourly_pay_is_not():
    # A: 300 points-ish, £20,000 at 37h = £10.3665; B: within 25 points, £22,000 at 37h = £11.4031
    # gap = 2,000 ÷ 20,000 = 10% > 5%: warned.  C: far more points, paid more: not compared.
    a = Issue(1, "Adviser", Evaluation(dict(ALL_LEVEL_1, knowledge=4)), [Row(20000, 20000, 37)])   # 224
    b = Issue(2, "Receptionist", Evaluation(dict(ALL_LEVEL_1, knowledge=5)), [Row(22000, 22000, 37)])  # 244
    c = Issue(3, "Team leader", Evaluation(dict(ALL_LEVEL_1, knowledge=8, initiative=6)), [Row(30000, 30000, 37)])
    warnings = rules.equal_pay_warnings([a, b, c], margin=25, gap_percent=5)
    assert len(warnings) == 1
    w = warnings[0]
    assert (w.higher.id, w.lower.id, w.higher_points, w.lower_points) == (2, 1, 244, 224)
    assert w.gap == Decimal("0.1")
    assert rules.equal_pay_warnings([a, b, c], margin=19, gap_percent=5) == []  # 20 points apart
    assert rules.equal_pay_warnings([a, b, c], margin=25, gap_percent=10) == []  # exactly 10% is not more


def test_equal_pay_leaves_out_closed_and_unevaluated_roles():
    a = Issue(1, "A", Evaluation(ALL_LEVEL_1), [Row(20000, 20000, 37)])
    b = Issue(2, "B", Evaluation(ALL_LEVEL_1), [Row(25000, 25000, 37)], status="closed")
    c = Issue(3, "C", None, [Row(25000, 25000, 37)])
    assert rules.equal_pay_warnings([a, b, c], 25, 5) == []


@dataclass
class Decision:
    pay_min: object
    pay_max: object
    weekly_hours: object


def test_decision_impact_per_agency():
    council, police = Row(20000, 20000, 37, "council"), Row(20000, 20000, 39, "police")
    impact = rules.decision_impact([council, police], Decision(20500, 20500, 37))
    # new: 20,500 ÷ 52.143 ÷ 37 = £10.6256; council +2.5%; police (9.8349) +8.04%
    assert rules.gbp(impact[0].new_mid) == "£10.63"
    assert rules.pct(impact[0].change) == "2.5%"
    assert rules.pct(impact[1].change) == "8.0%"
    assert impact[1].hours_change == -2
