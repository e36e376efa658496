"""What can be done with the communication plan. No Flask request here: views validate and call
these; the audit log records every change by itself (links to concerns included: each is a row)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from fossdash.comms import rules
from fossdash.comms.models import AUDIENCES, TECHNIQUES, CommsAction, CommsActionConcern, CommsSettings
from fossdash.domains import Attention
from fossdash.extensions import db
from fossdash.metrics import comms as metrics
from fossdash.modelkit import illustrative_mix, utcnow  # noqa: F401 (views use it from here)
from fossdash.sqlrows import prepared

LINKABLE_MAX = 60  # concerns offered on the action form (besides those already linked)


def today() -> date:
    return date.today()


def new_action(project) -> CommsAction:
    return CommsAction(project_id=project.id, feedback="")


def actions(project_id: int) -> list[CommsAction]:
    """The project's actions in due-date order, with what the plan page and the export show of
    each (agency, staff group, concerns answered) loaded alongside: a fixed number of queries."""
    return list(db.session.scalars(
        select(CommsAction).where(CommsAction.project_id == project_id).order_by(CommsAction.due_on, CommsAction.id)
        .options(selectinload(CommsAction.concern_links), joinedload(CommsAction.agency),
                 joinedload(CommsAction.staff_group))))


def linkable_concerns(project, action: CommsAction | None = None) -> list:
    """The concerns an action may answer: those it answers already, then the project's newest
    that are not closed (at most LINKABLE_MAX)."""
    from fossdash.concerns.models import Concern

    linked = set(action.concern_ids) if action is not None and action.id else set()
    recent = list(db.session.scalars(
        select(Concern).where(Concern.project_id == project.id, Concern.status != "closed")
        .order_by(Concern.raised_on.desc(), Concern.id.desc()).limit(LINKABLE_MAX)))
    have = {c.id for c in recent}
    extra = list(db.session.scalars(
        select(Concern).where(Concern.project_id == project.id, Concern.id.in_(linked - have)))) if linked - have else []
    return extra + recent


def apply(action: CommsAction, form, concern_choices: list) -> None:
    """Copy the action form onto the action: its fields, the audience's agency or group, and the
    concerns it answers (only concerns of its own project, as offered on the form)."""
    from fossdash.forms import save

    save(form, action, form.FIELDS)
    action.feedback = action.feedback or ""
    action.agency_id, action.staff_group_id = form.chosen()
    set_concerns(action, form.concern_ids.data or [], {c.id for c in concern_choices})
    action.updated_at = utcnow()  # a change of links alone is still a new version


def set_concerns(action: CommsAction, wanted, allowed: set[int]) -> None:
    wanted = {int(i) for i in wanted if int(i) in allowed}
    for link in list(action.concern_links):
        if link.concern_id not in wanted:
            action.concern_links.remove(link)
    have = set(action.concern_ids)
    for concern_id in sorted(wanted - have):
        action.concern_links.append(CommsActionConcern(concern_id=concern_id, project_id=action.project_id))


def record_done(action: CommsAction, form) -> None:
    from fossdash.forms import save

    save(form, action, form.FIELDS)
    action.feedback = action.feedback or ""


# --- the plan page -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    status: str = ""
    technique: str = ""
    audience: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        """Unknown values are ignored (a filter form posts only what it offers)."""
        def pick(name, allowed):
            value = (args.get(name) or "").strip()
            return value if value in allowed else ""
        return cls(pick("status", rules.STATUSES), pick("technique", TECHNIQUES), pick("audience", AUDIENCES))

    @property
    def active(self) -> bool:
        return bool(self.status or self.technique or self.audience)

    def args(self) -> dict[str, str]:
        return {k: v for k, v in (("status", self.status), ("technique", self.technique),
                                  ("audience", self.audience)) if v}

    def words(self) -> list[str]:
        out = []
        if self.status:
            out.append(f"status: {rules.STATUSES[self.status].lower()}")
        if self.technique:
            out.append(f"technique: {TECHNIQUES[self.technique].lower()}")
        if self.audience:
            out.append(f"audience: {AUDIENCES[self.audience].lower()}")
        return out

    def matches(self, action: CommsAction, on: date) -> bool:
        return ((not self.status or action.status(on) == self.status)
                and (not self.technique or action.technique == self.technique)
                and (not self.audience or action.audience == self.audience))


@dataclass
class Plan:
    overdue: list[CommsAction]
    months: list[tuple[metrics.Month, list[CommsAction]]]
    shown: int
    total: int
    on_time: metrics.OnTime
    counts: dict[str, int] = field(default_factory=dict)


def plan(project_id: int, filters: Filters, on: date) -> Plan:
    """The plan as its page shows it: overdue actions first, then the rest by the month they are
    due in (earliest first); the on-time share and the count per status are of the whole plan."""
    everything = actions(project_id)
    counts = {k: 0 for k in rules.STATUSES}
    for a in everything:
        counts[a.status(on)] += 1
    shown = [a for a in everything if filters.matches(a, on)]
    overdue = [a for a in shown if a.status(on) == "overdue"]
    months: dict[metrics.Month, list[CommsAction]] = {}
    for a in shown:
        if a.status(on) != "overdue":
            months.setdefault(metrics.Month.of(a.due_on), []).append(a)
    dates = [metrics.ActionDates(a.due_on, a.done_on, a.people_reached, a.id) for a in everything]
    return Plan(overdue, sorted(months.items()), len(shown), len(everything), metrics.on_time(dates, on), counts)


def month_words(items: list[CommsAction], on: date) -> str:
    """A month's actions in a few words, for its collapsed heading: "3 actions: 2 done on time,
    1 done late"."""
    counts = {k: 0 for k in rules.STATUSES}
    for a in items:
        counts[a.status(on)] += 1
    parts = [f"{n} {rules.STATUSES[k].lower()}" for k, n in counts.items() if n]
    return f"{len(items)} action{'s' if len(items) != 1 else ''}: " + ", ".join(parts)


def open_months(on: date) -> set[metrics.Month]:
    """The months the plan shows opened: this one and the next (what is coming up)."""
    now = metrics.Month.of(on)
    return {now, now.next()}


# --- the communications lead ----------------------------------------------------------------------

def settings(project) -> CommsSettings | None:
    return db.session.scalar(_SETTINGS(), {"project_id": project.id})


_SETTINGS = prepared(lambda: select(CommsSettings).where(CommsSettings.project_id == bindparam("project_id")))


def settings_for_edit(project) -> CommsSettings:
    return settings(project) or CommsSettings(project_id=project.id, lead_name="", lead_role="")


def lead_words(found: CommsSettings | None) -> str | None:
    if found is None or not found.lead_name:
        return None
    return f"{found.lead_name}, {found.lead_role}" if found.lead_role else found.lead_name


# --- hooks: the project home and the "needs attention" list --------------------------------------

def home_panel(project) -> dict:
    """The project home's panel: the communications lead (or that none is named), and the plan
    in two figures."""
    on = today()
    dates = metrics.load(project.id)
    found = settings(project)
    return {"lead": lead_words(found), "lead_illustrative": bool(found and found.illustrative),
            "actions": len(dates), "overdue": len(metrics.overdue(dates, on)), "on_time": metrics.on_time(dates, on)}


def attention(project, on: date) -> list[Attention]:
    late = metrics.overdue(metrics.load(project.id), on)
    if not late:
        return []
    n = len(late)
    return [Attention(f"{n} communication action{' is' if n == 1 else 's are'} overdue", "comms.index",
                      {"project_id": project.id, "status": "overdue"}, count=n)]


def export_rows(project_id: int, on: date) -> list[dict]:
    """The plan for the Excel export, in due-date order: plain values only."""
    out = []
    for a in actions(project_id):
        out.append({
            "id": a.id, "title": a.title, "technique": a.technique_label, "audience": a.audience_label,
            "owner": a.owner, "due_on": a.due_on, "done_on": a.done_on, "status": a.status_label(on),
            "people_reached": a.people_reached, "feedback": a.feedback,
            "concerns": ", ".join(str(i) for i in a.concern_ids), "illustrative": a.illustrative,
        })
    return out
