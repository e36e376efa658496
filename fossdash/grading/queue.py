"""The grading queue and register summaries: pure filters and sorts over loaded issues (no
database, no request)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

from fossdash.grading.models import STATUSES
from fossdash.grading.rules import AWAITING_HR, OPEN, Disparity, disparity

AWAITING = {
    "mine": "Waiting for me",
    "hr": "Waiting for HR",
    "union": "Waiting for a union position",
    "all": "All issues",
}
AGES = {"": "Any time", "30": "More than 30 days", "60": "More than 60 days", "90": "More than 90 days"}
SORTS = {
    "disparity": "Largest disparity",
    "waiting": "Longest waiting",
    "newest": "Newest",
}


def mine_means(role: str) -> str:
    """What "waiting for me" means for an account role."""
    return {"hr": "hr", "union_rep": "union"}.get(role, "all")


@dataclass
class QueueRow:
    issue: Any
    project: Any
    disparity: Disparity | None
    days_waiting: int
    days_open: int
    awaiting: str  # "hr", "union" or ""
    warnings: int = 0

    @property
    def disparity_fraction(self) -> Decimal | None:
        return self.disparity.fraction if self.disparity else None


# States in which a pending union position holds the issue up (a proposal cannot be agreed without it).
NEEDS_POSITION = ("union_consultation", "proposal")


def awaiting(status: str, position: str) -> str:
    """Who the issue waits for: "union" while a consultation or proposal has no union position,
    "hr" in HR's states, otherwise nobody ("")."""
    if status in NEEDS_POSITION and position == "pending":
        return "union"
    if status in AWAITING_HR:
        return "hr"
    return ""


def days_since(since: datetime | date | None, today: date) -> int:
    if since is None:
        return 0
    day = since.date() if isinstance(since, datetime) else since
    return max((today - day).days, 0)


def queue_rows(issues: Iterable, today: date, *, awaiting_filter: str = "all", project_id: int | None = None,
               status: str = "", older_than: int | None = None, sort: str = "disparity",
               warnings: dict | None = None) -> list[QueueRow]:
    """Filter and sort issues for the queue page. `awaiting_filter`: "hr" (states waiting for HR),
    "union" (open issues whose union position is pending, consultations and proposals first) or "all"."""
    warnings = warnings or {}
    out = []
    for issue in issues:
        position = issue.position_key
        if project_id and issue.project_id != project_id:
            continue
        if status and issue.status != status:
            continue
        if awaiting_filter == "hr" and issue.status not in AWAITING_HR:
            continue
        if awaiting_filter == "union" and not (position == "pending" and issue.status in OPEN):
            continue
        row = QueueRow(issue, issue.project, disparity(issue.rows), days_since(issue.status_changed_at, today),
                       days_since(issue.created_at, today), awaiting(issue.status, position),
                       warnings.get(issue.id, 0))
        if older_than is not None and row.days_waiting <= older_than:
            continue
        out.append(row)
    if sort == "waiting":
        out.sort(key=lambda r: (-r.days_waiting, r.issue.id))
    elif sort == "newest":
        out.sort(key=lambda r: (r.issue.created_at, r.issue.id), reverse=True)
    else:  # largest disparity first; issues without one last
        out.sort(key=lambda r: (r.disparity is None, -(r.disparity_fraction or 0), r.issue.id))
    if awaiting_filter == "union":  # consultations and proposals held up by the union come first
        out.sort(key=lambda r: r.awaiting != "union")
    return out


@dataclass
class RegisterSummary:
    """Counts for the register page's summary line."""

    by_status: dict = field(default_factory=dict)
    open: int = 0


def summarise(issues: Iterable) -> RegisterSummary:
    s = RegisterSummary(by_status={k: 0 for k in STATUSES})
    for issue in issues:
        s.by_status[issue.status] = s.by_status.get(issue.status, 0) + 1
        if issue.status != "closed":
            s.open += 1
    return s


def attention(project, today: date, days: int = 30) -> list:
    """The project dashboard's "needs attention": open grading issues in one state for more than
    `days` days (domains.Attention)."""
    from datetime import time, timedelta

    from fossdash.domains import Attention
    from fossdash.metrics.grading import states

    before = datetime.combine(today - timedelta(days=days), time())
    stuck = sum(1 for _raised, status, changed in states(project.id)
                if status not in ("agreed", "closed") and changed is not None and changed < before)
    if not stuck:
        return []
    what = "grading issue has" if stuck == 1 else "grading issues have"
    return [Attention(f"{stuck:,} {what} been in one state for more than {days} days",
                      "grading.index", {"project_id": project.id}, count=stuck)]
