"""Grading rules with no database and no request: pay maths, job evaluation points, the
equal-pay check and the workflow (which move, by whom, when refused). The queue's filters are in
queue.py.

Pay maths uses Decimal throughout; values are rounded only when shown (see `gbp` and `pct`).
The timeline's event formatting is in `fossdash.grading.timeline` (also pure).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Iterable

from fossdash.grading.models import FACTORS, POSITIONS, STATUSES, status_phrase

# --- pay maths -----------------------------------------------------------------------------------

# Weeks in a year when an annual salary is turned into an hourly rate: 365 ÷ 7 = 52.143, the
# divisor NJC pay tables use (salary ÷ 52.143 ÷ weekly hours).
WEEKS_PER_YEAR = Decimal("52.143")
# Ratios (disparity, pay gaps) are kept to 12 decimal places, so that £22,000 against £20,000 is
# exactly a 10% gap rather than 9.99…% after dividing by 52.143 twice. Display rounds further.
RATIO = Decimal("1e-12")

DISPARITY_DEFINITION = (
    "Hourly midpoint = (lowest + highest pay in the agency's range) ÷ 2 ÷ 52.143 weeks ÷ that "
    "agency's weekly hours. Disparity = (highest hourly midpoint − lowest hourly midpoint) ÷ "
    "lowest hourly midpoint, across the agencies with pay and hours entered. Hours differ between "
    "employers, so pay is compared per hour, not per year."
)


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def hourly(annual_pay: Any, weekly_hours: Any) -> Decimal | None:
    """Annual pay (£) as an hourly rate (£): pay ÷ 52.143 ÷ weekly hours. Not rounded."""
    pay, hours = to_decimal(annual_pay), to_decimal(weekly_hours)
    if pay is None or hours is None or hours <= 0:
        return None
    return pay / WEEKS_PER_YEAR / hours


def ratio(higher: Decimal, lower: Decimal) -> Decimal:
    """(higher − lower) ÷ lower, to 12 decimal places."""
    return ((higher - lower) / lower).quantize(RATIO, rounding=ROUND_HALF_UP)


def midpoint(low: Any, high: Any) -> Decimal | None:
    low, high = to_decimal(low), to_decimal(high)
    if low is None or high is None:
        return None
    return (low + high) / 2


@dataclass
class Rates:
    """Hourly rates for one agency row (None where pay or hours are missing)."""

    row: Any
    hourly_min: Decimal | None
    hourly_max: Decimal | None
    hourly_mid: Decimal | None

    @property
    def complete(self) -> bool:
        return self.hourly_mid is not None

    @property
    def annual_mid(self) -> Decimal | None:
        """The midpoint of the pay range, £ a year (what the hourly midpoint is worked out from)."""
        return midpoint(self.row.pay_min, self.row.pay_max)

    @property
    def missing(self) -> str:
        """What is still needed to work out an hourly rate ("" when nothing is)."""
        pay = self.row.pay_min is not None and self.row.pay_max is not None
        hours = to_decimal(self.row.weekly_hours) is not None
        if pay and hours:
            return ""
        return "Needs pay and hours" if not (pay or hours) else ("Needs pay" if not pay else "Needs weekly hours")


def rates(row) -> Rates:
    """`row` is anything with pay_min, pay_max and weekly_hours (a GradingAgencyRow, a decision)."""
    return Rates(
        row=row,
        hourly_min=hourly(row.pay_min, row.weekly_hours),
        hourly_max=hourly(row.pay_max, row.weekly_hours),
        hourly_mid=hourly(midpoint(row.pay_min, row.pay_max), row.weekly_hours),
    )


@dataclass
class Disparity:
    highest: Rates
    lowest: Rates
    fraction: Decimal  # 0.054 means the best paid earn 5.4% more an hour than the worst paid

    @property
    def percent(self) -> Decimal:
        return self.fraction * 100


def disparity(rows: Iterable) -> Disparity | None:
    """The gap between the best- and worst-paid agency for the role, per hour (see
    DISPARITY_DEFINITION). None unless at least two agencies have pay and hours."""
    complete = [r for r in (rates(row) for row in rows) if r.complete]
    if len(complete) < 2:
        return None
    highest = max(complete, key=lambda r: r.hourly_mid)
    lowest = min(complete, key=lambda r: r.hourly_mid)
    return Disparity(highest, lowest, ratio(highest.hourly_mid, lowest.hourly_mid))


def mean_hourly_midpoint(rows: Iterable) -> Decimal | None:
    """The role's hourly pay for the equal-pay check: the mean of the agencies' hourly midpoints."""
    mids = [r.hourly_mid for r in (rates(row) for row in rows) if r.complete]
    if not mids:
        return None
    return sum(mids, Decimal(0)) / len(mids)


@dataclass
class Impact:
    row: Any
    current_mid: Decimal | None
    new_mid: Decimal | None
    change: Decimal | None  # fraction; negative = a cut per hour
    hours_change: Decimal | None
    annual_change: Decimal | None = None  # £ a year, midpoint against midpoint


def decision_impact(rows: Iterable, decision) -> list[Impact]:
    """What the decided pay means per hour for each agency's staff, against their current terms."""
    new_mid = rates(decision).hourly_mid if decision is not None else None
    out = []
    for row in rows:
        cur = rates(row).hourly_mid
        change = ratio(new_mid, cur) if (cur and new_mid is not None) else None
        hours = to_decimal(row.weekly_hours)
        new_hours = to_decimal(getattr(decision, "weekly_hours", None))
        cur_annual = midpoint(row.pay_min, row.pay_max)
        new_annual = midpoint(decision.pay_min, decision.pay_max) if decision is not None else None
        out.append(Impact(row, cur, new_mid, change,
                          (new_hours - hours) if hours is not None and new_hours is not None else None,
                          (new_annual - cur_annual) if cur_annual is not None and new_annual is not None else None))
    return out


def gbp(value: Any, places: int = 2) -> str:
    """£ with thousands separators, rounded half up for display only."""
    d = to_decimal(value)
    if d is None:
        return ""
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"£{q:,.{places}f}"


def pct(fraction: Any, places: int = 1) -> str:
    d = to_decimal(fraction)
    if d is None:
        return ""
    q = (d * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{q:,.{places}f}%"


def num(value: Any) -> str:
    """37.00 -> '37', 37.50 -> '37.5'."""
    d = to_decimal(value)
    if d is None:
        return ""
    text = f"{d:,.2f}".rstrip("0").rstrip(".")
    return text


# --- job evaluation --------------------------------------------------------------------------------

# ILLUSTRATIVE points per level, shaped like the NJC Job Evaluation Scheme's weighting (a
# 1,000-point maximum with knowledge weighted most). A council using the scheme should check these
# against its own licensed weighting before relying on totals.
POINTS: dict[str, tuple[int, ...]] = {
    "knowledge": (20, 40, 60, 80, 100, 121, 142, 163),
    "mental_skills": (13, 26, 39, 52, 65, 78),
    "interpersonal_skills": (13, 26, 39, 52, 65, 78),
    "physical_skills": (13, 26, 39, 52, 65),
    "initiative": (13, 26, 39, 52, 65, 78, 91, 104),
    "physical_demands": (10, 20, 30, 40, 50),
    "mental_demands": (10, 20, 30, 40, 50),
    "emotional_demands": (10, 20, 30, 40, 50),
    "resp_people": (13, 26, 39, 52, 65, 78),
    "resp_supervision": (13, 26, 39, 52, 65, 78),
    "resp_financial": (13, 26, 39, 52, 65, 78),
    "resp_physical": (13, 26, 39, 52, 65, 78),
    "working_conditions": (10, 20, 30, 40, 50),
}
assert set(POINTS) == set(FACTORS)
MAX_POINTS = sum(levels[-1] for levels in POINTS.values())  # 1,000


def factor_points(factor: str, level: int | None) -> int | None:
    if level is None:
        return None
    table = POINTS[factor]
    if not 1 <= level <= len(table):
        return None
    return table[level - 1]


def total_points(levels: dict[str, int | None]) -> int | None:
    """Total points of a complete evaluation; None while any factor has no level."""
    points = [factor_points(f, levels.get(f)) for f in FACTORS]
    if any(p is None for p in points):
        return None
    return sum(points)  # type: ignore[arg-type]


def evaluation_total(evaluation) -> int | None:
    return total_points(evaluation.levels()) if evaluation is not None else None


# --- equal pay -----------------------------------------------------------------------------------

EQUAL_PAY_SCOPE = (
    "Roles are compared within this project only: the shared front office is where their pay can "
    "be put right together."
)


def equal_pay_definition(margin: int, gap_percent: Any) -> str:
    return (
        f"Two roles are flagged when their job evaluation totals are within {margin} points of each "
        f"other but their hourly pay differs by more than {num(gap_percent)}% of the lower one. A "
        "role's hourly pay is the mean of its agencies' hourly midpoints. Only roles with a complete "
        "evaluation and pay entered are compared."
    )


@dataclass
class EqualPayWarning:
    higher: Any  # the issue paid more an hour
    lower: Any
    higher_points: int
    lower_points: int
    higher_hourly: Decimal
    lower_hourly: Decimal
    gap: Decimal  # fraction of the lower hourly pay

    def involves(self, issue_id: int) -> bool:
        return issue_id in (self.higher.id, self.lower.id)


def equal_pay_warnings(issues: Iterable, margin: Any, gap_percent: Any) -> list[EqualPayWarning]:
    """Pairs of roles (issues with `id`, `evaluation` and `rows`) of similar evaluated worth whose
    hourly pay differs by more than `gap_percent` per cent. Closed issues are left out."""
    margin_d = to_decimal(margin) or Decimal(0)
    gap_limit = (to_decimal(gap_percent) or Decimal(0)) / 100
    scored = []
    for issue in issues:
        if getattr(issue, "status", None) == "closed":
            continue
        points = evaluation_total(issue.evaluation)
        pay = mean_hourly_midpoint(issue.rows)
        if points is not None and pay is not None:
            scored.append((issue, points, pay))
    out = []
    for i, (a, pa, ha) in enumerate(scored):
        for b, pb, hb in scored[i + 1:]:
            if abs(pa - pb) > margin_d:
                continue
            (hi, phi, hhi), (lo, plo, hlo) = ((a, pa, ha), (b, pb, hb)) if ha >= hb else ((b, pb, hb), (a, pa, ha))
            gap = ratio(hhi, hlo)
            if gap > gap_limit:
                out.append(EqualPayWarning(hi, lo, phi, plo, hhi, hlo, gap))
    return sorted(out, key=lambda w: w.gap, reverse=True)


# --- workflow ------------------------------------------------------------------------------------

HR_ROLES = frozenset({"admin", "hr"})


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    label: str  # the radio option's text
    roles: frozenset = HR_ROLES
    hint: str = ""


# Every allowed move. Anything not listed is refused. All moves are made by HR or an admin: union
# reps record the union's position (and comment), programme managers and executives read.
MOVES: list[Move] = [
    Move("raised", "hr_review", "Start HR review"),
    Move("hr_review", "job_evaluation", "Send for job evaluation"),
    Move("hr_review", "union_consultation", "Consult the union now (no job evaluation needed)"),
    Move("hr_review", "closed", "Close: no change needed"),
    Move("job_evaluation", "union_consultation", "Consult the union",
         hint="Needs a level for every job evaluation factor."),
    Move("union_consultation", "proposal", "Make a proposal"),
    Move("proposal", "agreed", "Mark the proposal agreed",
         hint="Needs the union's position (not pending) and a recorded decision."),
    Move("proposal", "appealed", "Record an appeal against the proposal"),
    Move("agreed", "appealed", "Record an appeal against the agreed grading"),
    Move("agreed", "closed", "Close: the decision has been put into effect"),
    Move("appealed", "hr_review", "Return to HR review"),
    Move("appealed", "closed", "Close: the appeal has been concluded"),
]
MOVE_INDEX = {(m.source, m.target): m for m in MOVES}

# Who is waiting on an issue in each state (for the queues).
AWAITING_HR = ("raised", "hr_review", "job_evaluation", "proposal", "appealed")
OPEN = tuple(s for s in STATUSES if s != "closed")


def moves_from(status: str, role: str | None) -> list[Move]:
    """The moves offered to `role` from `status` (in workflow order)."""
    return [m for m in MOVES if m.source == status and role in m.roles]


def move_problem(status: str, target: str, role: str | None, *, position: str,
                 has_decision: bool, evaluation_complete: bool) -> str | None:
    """Why this move may not be made now (a GOV.UK error message), or None if it may."""
    move = MOVE_INDEX.get((status, target))
    if move is None:
        return f"An issue cannot move from {status_phrase(status)} to {status_phrase(target)}"
    if role not in move.roles:
        return "You cannot make this move"
    if target == "agreed" and position == "pending":
        return "The proposal cannot be agreed while the union's position is pending"
    if target == "agreed" and not has_decision:
        return "Record the decision (new grade, pay range and effective date) before marking the proposal agreed"
    if status == "job_evaluation" and target == "union_consultation" and not evaluation_complete:
        return "Record a level for every job evaluation factor before consulting the union"
    return None


# Once a proposal is agreed (and after the issue is closed) what it was agreed on stays as it was:
# the union's position and HR's decision can change again only after an appeal reopens the issue.
SETTLED = ("agreed", "closed")
# While the union is being consulted or a proposal is on the table, changing the decision's terms
# (not its notes) asks the union again: its position goes back to pending.
DECISION_TERMS = ("new_grade", "pay_min", "pay_max", "weekly_hours", "effective_date", "pay_protection_months")
ASKS_UNION_AGAIN = ("union_consultation", "proposal")


def settled_problem(status: str, what: str) -> str | None:
    """Why `what` ("position" or "decision") cannot change in this state, or None if it can."""
    if status not in SETTLED:
        return None
    if status == "closed":
        return "This issue is closed: " + ("the union's position" if what == "position" else "the decision") + \
            " can no longer change"
    if what == "position":
        return ("The proposal has been agreed: the union's position it was agreed on can no longer change. "
                "If members dispute the agreement, ask HR to record an appeal")
    return "The proposal has been agreed: to change the decision, record an appeal first"


def position_problem(position: str, conditions: str, reasons: str) -> tuple[str, str] | None:
    """(field, message) when a union position is missing its required text."""
    if position not in POSITIONS:
        return "position", "Select the union's position"
    if position == "supports_with_conditions" and not conditions.strip():
        return "conditions", "Enter the union's conditions"
    if position == "opposes" and not reasons.strip():
        return "reasons", "Enter the union's reasons for opposing"
    return None
