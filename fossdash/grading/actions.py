"""Grading reads and writes against the database. The rules themselves are in rules.py (pure);
these functions apply them to records. Callers commit."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fossdash import audit
from fossdash.auth.models import User
from fossdash.extensions import db
from fossdash.grading import rules, timeline
from fossdash.grading.models import (
    FACTORS,
    GradingAgencyRow,
    GradingComment,
    GradingDecision,
    GradingIssue,
    GradingIssueGroup,
    GradingTransition,
    JobEvaluation,
    UnionPosition,
)
from fossdash.projects.models import Agency, Partnership, StaffGroup
from fossdash.modelkit import utcnow

LOADS = (
    selectinload(GradingIssue.rows).selectinload(GradingAgencyRow.agency),
    selectinload(GradingIssue.position),
    selectinload(GradingIssue.evaluation),
    selectinload(GradingIssue.decision),
    selectinload(GradingIssue.group_links).selectinload(GradingIssueGroup.staff_group),
    selectinload(GradingIssue.project),
)


# --- reading ---------------------------------------------------------------------------------------

def project_issues(project_id: int) -> list[GradingIssue]:
    q = select(GradingIssue).where(GradingIssue.project_id == project_id).options(*LOADS)
    return list(db.session.scalars(q.order_by(GradingIssue.role_title, GradingIssue.id)))


def issues_in(project_ids: list[int] | None) -> list[GradingIssue]:
    """Issues of the given projects (None = every project)."""
    q = select(GradingIssue).options(*LOADS)
    if project_ids is not None:
        if not project_ids:
            return []
        q = q.where(GradingIssue.project_id.in_(project_ids))
    return list(db.session.scalars(q.order_by(GradingIssue.id)))


def warnings_by_project(issues: list[GradingIssue], margin, gap_percent) -> list[rules.EqualPayWarning]:
    """Equal-pay warnings, each within one project (see rules.EQUAL_PAY_SCOPE)."""
    grouped: dict[int, list] = defaultdict(list)
    for issue in issues:
        grouped[issue.project_id].append(issue)
    out = []
    for items in grouped.values():
        out.extend(rules.equal_pay_warnings(items, margin, gap_percent))
    return out


def warning_counts(warnings: list[rules.EqualPayWarning]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for w in warnings:
        counts[w.higher.id] += 1
        counts[w.lower.id] += 1
    return counts


def group_choices(project) -> list[tuple[int, str]]:
    groups = db.session.scalars(select(StaffGroup).where(StaffGroup.project_id == project.id)
                                .order_by(StaffGroup.name)).all()
    out = []
    for g in groups:
        agency = db.session.get(Agency, g.agency_id) if g.agency_id else None
        detail = ", ".join(x for x in ((agency.name if agency else ""), f"{g.headcount:,} staff") if x)
        out.append((g.id, f"{g.name} ({detail})"))
    return out


def partnerships(project) -> list[Partnership]:
    q = select(Partnership).where(Partnership.project_id == project.id).options(selectinload(Partnership.agency))
    return sorted(db.session.scalars(q), key=lambda p: p.agency.name)


def partnership(project, agency_id: int) -> Partnership | None:
    """The project's partnership with this agency (its terms and conditions), if it has one."""
    return db.session.scalar(select(Partnership).filter_by(project_id=project.id, agency_id=agency_id))


def agency_choices(project, exclude: set[int] | None = None) -> list[tuple[int, str]]:
    exclude = exclude or set()
    return [(p.agency_id, p.agency.name + ("" if has_terms(p) else " (no terms recorded)"))
            for p in partnerships(project) if p.agency_id not in exclude]


def has_terms(partnership: Partnership) -> bool:
    return bool(partnership.weekly_hours or partnership.annual_leave_days or partnership.grade_names)


# --- writing ---------------------------------------------------------------------------------------

def create_issue(project, user, role_title: str, description: str, illustrative: bool,
                 group_ids: list[int], agency_ids: list[int]) -> GradingIssue:
    issue = GradingIssue(project_id=project.id, role_title=role_title.strip(), description=(description or "").strip(),
                         illustrative=bool(illustrative), raised_by_id=user.id if user else None)
    db.session.add(issue)
    db.session.flush()
    db.session.add(UnionPosition(issue_id=issue.id, project_id=project.id, position="pending"))
    set_groups(issue, group_ids)
    by_agency = {p.agency_id: p for p in partnerships(project)}
    for agency_id in agency_ids:
        if agency_id in by_agency:
            add_row(issue, by_agency[agency_id])
    db.session.flush()
    return issue


def set_groups(issue: GradingIssue, group_ids) -> bool:
    """Make the issue cover exactly these staff groups (of its project). True if anything changed."""
    wanted = set(int(i) for i in group_ids or [])
    valid = set(db.session.scalars(select(StaffGroup.id).where(StaffGroup.project_id == issue.project_id)))
    wanted &= valid
    current = {link.staff_group_id: link for link in issue.group_links}
    changed = False
    for gid, link in current.items():
        if gid not in wanted:
            issue.group_links.remove(link)
            db.session.delete(link)  # explicitly: orphans deleted by cascade are not in the audit log
            changed = True
    for gid in sorted(wanted - set(current)):
        issue.group_links.append(GradingIssueGroup(staff_group_id=gid, project_id=issue.project_id))
        changed = True
    if changed and issue.id is not None:
        issue.updated_at = utcnow()  # bumps the issue's version: a stale form about groups is refused
    return changed


def _clip(text: str | None, n: int) -> str:
    return (text or "").strip()[:n]


def add_row(issue: GradingIssue, partnership: Partnership) -> GradingAgencyRow:
    """An agency row prefilled from the partnership's terms and conditions (pay left to HR)."""
    row = GradingAgencyRow(
        issue_id=issue.id, project_id=issue.project_id, agency_id=partnership.agency_id,
        current_grade=_clip(partnership.grade_names, 200),
        weekly_hours=partnership.weekly_hours if partnership.weekly_hours and 0 < partnership.weekly_hours <= 60 else None,
        annual_leave_days=partnership.annual_leave_days,
    )
    row._audit_note = "Filled in from the partnership's terms and conditions"
    issue.rows.append(row)
    return row


def move(issue: GradingIssue, target: str, reason: str, user) -> GradingTransition:
    """Apply a move already checked with rules.move_problem."""
    source = issue.status
    now = utcnow()
    issue.status = target
    issue.status_changed_at = now
    issue._audit_note = reason
    transition = GradingTransition(issue_id=issue.id, project_id=issue.project_id, from_status=source,
                                   to_status=target, actor_id=user.id if user else None, at=now, reason=reason.strip())
    db.session.add(transition)
    if target == "union_consultation":
        # A new round of consultation needs a fresh position (the old one stays in the timeline).
        reset_position(issue, user, "Reset for a new round of union consultation", now)
    return transition


def reset_position(issue: GradingIssue, user, note: str, now=None) -> bool:
    """Put a recorded union position back to pending (kept in the timeline). True if it was reset."""
    position = issue.position
    if position is None or position.position == "pending":
        return False
    position.position = "pending"
    position.conditions = ""
    position.reasons = ""
    position.set_by_id = user.id if user else None
    position.set_at = now or utcnow()
    position._audit_note = note
    return True


def set_position(issue: GradingIssue, position: str, conditions: str, reasons: str, user) -> UnionPosition:
    row = issue.position
    if row is None:
        row = UnionPosition(issue_id=issue.id, project_id=issue.project_id)
        issue.position = row
    row.position = position
    row.conditions = conditions.strip() if position == "supports_with_conditions" else ""
    row.reasons = reasons.strip() if position == "opposes" else ""
    row.set_by_id = user.id
    row.set_at = utcnow()
    return row


def save_decision(issue: GradingIssue, user, *, new_grade: str, pay_min: Decimal, pay_max: Decimal,
                  weekly_hours: Decimal, effective_date: date, pay_protection_months: int,
                  notes: str) -> tuple[GradingDecision, bool]:
    """Record or change HR's decision. Returns (decision, position_reset): changing the terms of an
    existing decision while the union is consulted or a proposal is open puts a recorded union
    position back to pending, so an issue is never agreed on terms the union has not seen."""
    d = issue.decision
    before = None
    if d is None:
        d = GradingDecision(issue_id=issue.id, project_id=issue.project_id)
        issue.decision = d
    else:
        before = _terms(d)
    d.new_grade, d.pay_min, d.pay_max = new_grade.strip(), pay_min, pay_max
    d.weekly_hours, d.effective_date = weekly_hours, effective_date
    d.pay_protection_months, d.notes = int(pay_protection_months), (notes or "").strip()
    d.decided_by_id = user.id
    reset = False
    if before is not None and before != _terms(d) and issue.status in rules.ASKS_UNION_AGAIN:
        reset = reset_position(issue, user, "Reset because HR changed the decision's terms after the union's "
                                            "position was recorded")
    return d, reset


def _terms(d: GradingDecision) -> tuple:
    def norm(v):
        return rules.to_decimal(v) if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) else v
    return tuple(norm(getattr(d, key)) for key in rules.DECISION_TERMS)


def save_evaluation(issue: GradingIssue, levels: dict, evaluated_on, panel: str, notes: str) -> JobEvaluation:
    e = issue.evaluation
    if e is None:
        e = JobEvaluation(issue_id=issue.id, project_id=issue.project_id)
        issue.evaluation = e
    for key in FACTORS:
        setattr(e, key, levels.get(key))
    e.evaluated_on, e.panel, e.notes = evaluated_on, (panel or "").strip(), (notes or "").strip()
    return e


def add_comment(issue: GradingIssue, body: str, user) -> GradingComment:
    c = GradingComment(issue_id=issue.id, project_id=issue.project_id, author_id=user.id, body=body.strip())
    db.session.add(c)
    return c


# --- the timeline ----------------------------------------------------------------------------------

def timeline_events(issue: GradingIssue) -> list:
    """Every audit event of the issue and its records (including removed ones), oldest first."""
    events = list(audit.history("grading_issue", [issue.id], issue.project_id))
    for entity in timeline.ENTITIES[1:]:
        candidates = audit.history(entity, None, issue.project_id)
        mine: set[str] = set()
        for e in candidates:
            if e.action in ("create", "delete"):
                pair = (e.changes or {}).get("issue_id") or [None, None]
                if issue.id in (pair[0], pair[1]):
                    mine.add(e.entity_id)
        events.extend(e for e in candidates if e.entity_id in mine)
    return sorted(events, key=lambda e: (e.at, e.id))


def timeline_names(issue: GradingIssue, events: list) -> timeline.Names:
    user_ids: set[int] = set()
    for e in events:
        if e.actor_id:
            user_ids.add(e.actor_id)
        for key in ("actor_id", "author_id", "set_by_id", "decided_by_id"):
            pair = (e.changes or {}).get(key)
            if pair and pair[1]:
                user_ids.add(pair[1])
    users = {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))} if user_ids else {}
    agency_ids = {(e.changes or {}).get("agency_id", [None, None])[1] or (e.changes or {}).get("agency_id", [None, None])[0]
                  for e in events if e.entity == "grading_agency_row"}
    agency_ids.discard(None)
    agencies = {a.id: a.name for a in db.session.scalars(select(Agency).where(Agency.id.in_(agency_ids)))} if agency_ids else {}
    groups = {g.id: g.name for g in db.session.scalars(select(StaffGroup).where(StaffGroup.project_id == issue.project_id))}
    return timeline.Names(users=users, agencies=agencies, staff_groups=groups)


def timeline_items(issue: GradingIssue) -> list[timeline.Item]:
    events = timeline_events(issue)
    return timeline.items(events, timeline_names(issue, events))
