"""What can be done with a workshop, and what its page, report and export show. No Flask request
here: views validate and call these; the audit log records every change by itself.

`report(workshop, on)` is the one place the workshop's findings are put together: the page, the
printable report and the Excel export all read it, so they cannot disagree."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from fossdash import sqlrows
from fossdash.domains import Attention
from fossdash.extensions import db
from fossdash.metrics import workshops as metrics
from fossdash.modelkit import illustrative_mix, utcnow
from fossdash.workshops import rules
from fossdash.workshops.models import (
    DEFAULT_GROUPS,
    Workshop,
    WorkshopAction,
    WorkshopGroup,
    WorkshopGuess,
    WorkshopMood,
    WorkshopPriority,
    WorkshopQuote,
    WorkshopScore,
)

__all__ = ["illustrative_mix"]


def today() -> date:
    return date.today()


def workshops(project_id: int) -> list[Workshop]:
    return list(db.session.scalars(
        select(Workshop).where(Workshop.project_id == project_id)
        .options(selectinload(Workshop.groups), selectinload(Workshop.actions))
        .order_by(Workshop.held_on.desc(), Workshop.id.desc())))


def new_workshop(project) -> Workshop:
    workshop = Workshop(project_id=project.id, place="", facilitator="", service="",
                        high=Decimal(rules.DEFAULT_HIGH), low=Decimal(rules.DEFAULT_LOW))
    for position, name in DEFAULT_GROUPS.items():
        workshop.groups.append(WorkshopGroup(project_id=project.id, position=position, name=name, recruitment=""))
    return workshop


def apply_workshop(workshop: Workshop, form) -> None:
    """The workshop form onto the workshop and its two groups."""
    from fossdash.forms import save

    save(form, workshop, form.FIELDS)
    for position in (1, 2):
        group = workshop.group(position)
        if group is None:
            continue
        for name in ("name", "participants", "recruitment", "scoring"):
            value = getattr(form, f"g{position}_{name}").data
            if isinstance(value, str):
                value = value.strip()
            elif name == "recruitment":
                value = value or ""
            setattr(group, name, value)
    workshop.updated_at = utcnow()  # a change to a group alone is still a new version


def bump(group: WorkshopGroup) -> None:
    """A new version of the group: its scores, guesses or mood changed."""
    group.updated_at = utcnow()


# --- priorities ------------------------------------------------------------------------------------

def add_priorities(workshop: Workshop, position: int, titles: list[str]) -> list[WorkshopPriority]:
    """Add the titles as priorities the group listed; a title the workshop already has is skipped."""
    have = {" ".join(p.title.lower().split()) for p in workshop.priorities}
    added = []
    for title in titles:
        key = " ".join(title.lower().split())
        if key in have:
            continue
        have.add(key)
        p = WorkshopPriority(project_id=workshop.project_id, title=title, raised_by=position)
        workshop.priorities.append(p)
        added.append(p)
    return added


def merge_choices(priority: WorkshopPriority) -> list[WorkshopPriority]:
    """What a priority may be merged into: the workshop's others that are not merged themselves
    and not merged into it."""
    return [p for p in priority.workshop.priorities
            if p.id != priority.id and p.merged_into_id is None]


def survivors(workshop: Workshop) -> list[WorkshopPriority]:
    return [p for p in workshop.priorities if p.merged_into_id is None]


# --- scores, guesses, mood --------------------------------------------------------------------------

def score_values(workshop: Workshop, position: int) -> dict[int, int]:
    return {s.priority_id: s.value for s in db.session.scalars(
        select(WorkshopScore).where(WorkshopScore.workshop_id == workshop.id, WorkshopScore.position == position))}


def save_scores(group: WorkshopGroup, values: dict[int, int | None]) -> None:
    """{priority id: value, or None to clear}: each group's score rows made to match."""
    stored = {s.priority_id: s for s in db.session.scalars(
        select(WorkshopScore).where(WorkshopScore.workshop_id == group.workshop_id,
                                    WorkshopScore.position == group.position))}
    for pid, value in values.items():
        row = stored.get(pid)
        if value is None:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(WorkshopScore(priority_id=pid, position=group.position, value=value,
                                         workshop_id=group.workshop_id, project_id=group.project_id))
        elif row.value != value:
            row.value = value
    bump(group)


def guesses(workshop_id: int) -> dict[int, list[int]]:
    """{group position: [priority ids, first guess first]}."""
    out: dict[int, list[int]] = {}
    for g in db.session.scalars(select(WorkshopGuess).where(WorkshopGuess.workshop_id == workshop_id)
                                .order_by(WorkshopGuess.position, WorkshopGuess.rank)):
        out.setdefault(g.position, []).append(g.priority_id)
    return out


def save_guesses(group: WorkshopGroup, picks: list[int | None]) -> None:
    """The group's guesses in order; blanks are closed up, repeats dropped."""
    wanted: list[int] = []
    for pid in picks:
        if pid is not None and pid not in wanted:
            wanted.append(pid)
    stored = {g.rank: g for g in db.session.scalars(
        select(WorkshopGuess).where(WorkshopGuess.workshop_id == group.workshop_id,
                                    WorkshopGuess.position == group.position))}
    for rank in range(1, max(len(wanted), max(stored, default=0)) + 1):
        row = stored.get(rank)
        pid = wanted[rank - 1] if rank <= len(wanted) else None
        if pid is None:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(WorkshopGuess(workshop_id=group.workshop_id, position=group.position, rank=rank,
                                         priority_id=pid, project_id=group.project_id))
        elif row.priority_id != pid:
            row.priority_id = pid
    bump(group)


def moods(workshop_id: int) -> dict[tuple[int, str, str], list[int]]:
    """{(group position, moment, measure): [how many answered 1, ..., 5]}."""
    return {(m.position, m.moment, m.measure): m.counts for m in db.session.scalars(
        select(WorkshopMood).where(WorkshopMood.workshop_id == workshop_id))}


def save_mood(group: WorkshopGroup, counts: dict[tuple[str, str], list[int | None]]) -> None:
    """{(moment, measure): five counts (None is 0)}; all five blank clears that row."""
    stored = {(m.moment, m.measure): m for m in db.session.scalars(
        select(WorkshopMood).where(WorkshopMood.workshop_id == group.workshop_id,
                                   WorkshopMood.position == group.position))}
    for key, values in counts.items():
        row = stored.get(key)
        if all(v is None for v in values):
            if row is not None:
                db.session.delete(row)
            continue
        numbers = [v or 0 for v in values]
        if row is None:
            row = WorkshopMood(workshop_id=group.workshop_id, position=group.position, moment=key[0],
                               measure=key[1], project_id=group.project_id)
            db.session.add(row)
        for i, n in enumerate(numbers, start=1):
            if getattr(row, f"n{i}") != n:
                setattr(row, f"n{i}", n)
    bump(group)


# --- what the day says ------------------------------------------------------------------------------

def load(workshop_id: int) -> Workshop:
    """The workshop with everything its page reads, in a fixed number of queries."""
    found = db.session.scalar(
        select(Workshop).where(Workshop.id == workshop_id).options(
            selectinload(Workshop.groups), selectinload(Workshop.priorities), selectinload(Workshop.project),
            selectinload(Workshop.quotes).selectinload(WorkshopQuote.priority),
            selectinload(Workshop.actions).selectinload(WorkshopAction.priority))
        .execution_options(populate_existing=True))
    assert found is not None
    return found


def analysis(workshop: Workshop) -> metrics.Analysis:
    groups = [metrics.GroupIn(g.position, g.name, g.scoring) for g in workshop.groups]
    priorities = [metrics.PriorityIn(p.id, p.title, p.raised_by, p.merged_into_id) for p in workshop.priorities]
    scores = {(s.priority_id, s.position): s.value for s in db.session.scalars(
        select(WorkshopScore).where(WorkshopScore.workshop_id == workshop.id))}
    return metrics.analyse(groups, priorities, scores, guesses(workshop.id),
                           high=float(workshop.high), low=float(workshop.low))


@dataclass
class MoodLine:
    group: str
    measure: str
    start: float | None
    end: float | None
    change: float | None
    answered_start: int
    answered_end: int
    sentence: str


@dataclass
class Report:
    workshop: Workshop
    result: metrics.Analysis
    mood: list[MoodLine]
    quotes: list[WorkshopQuote]
    actions: list[WorkshopAction]
    on: date
    illustrative: bool
    guesses: dict[int, list[int]]

    @property
    def overdue(self) -> list[WorkshopAction]:
        return [a for a in self.actions if a.state(self.on) == "overdue"]


def mood_lines(workshop: Workshop) -> list[MoodLine]:
    """Each group's mood change. A mean of fewer than the project's anonymity threshold k answers
    is not shown (with 2 answers, a mean of 1.5 says what each of them answered)."""
    names = {g.position: g.name for g in workshop.groups}
    k = workshop.project.anonymity_k
    out = []
    for m in metrics.mood_changes(moods(workshop.id), sorted(names)):
        label = rules.MEASURES[m.measure]
        few = [when for when, n in (("start", m.answered_start), ("end", m.answered_end)) if 0 < n < k]
        if few:
            sentence = (f"{names[m.position]}: {label.lower()} not shown: fewer than {k} answered at the "
                        f"{' and the '.join(few)} of the day.")
            out.append(MoodLine(names[m.position], label, None, None, None, m.answered_start, m.answered_end,
                                sentence))
            continue
        out.append(MoodLine(names[m.position], label, m.start, m.end, m.change, m.answered_start, m.answered_end,
                            metrics.mood_sentence(m, names[m.position], label)))
    return out


def report(workshop_id: int, on: date) -> Report:
    workshop = load(workshop_id)
    result = analysis(workshop)
    # The wrong first guesses lead: they are what the facilitator reads out first.
    result.surprises.sort(key=lambda s: 0 if " first; " in s else 1)
    return Report(workshop, result, mood_lines(workshop), list(workshop.quotes),
                  list(workshop.actions), on, workshop.illustrative, guesses(workshop.id))


# --- hooks: the project's "needs attention" list ------------------------------------------------------

def attention(project, on: date) -> list[Attention]:
    """Agreed actions not done by their due date; the link goes to their workshop's actions when
    they are all from one workshop, else to the list of workshops."""
    late = overdue_by_workshop(project.id, on)
    n = sum(late.values())
    if not n:
        return []
    text = f"{n} action{' is' if n == 1 else 's are'} agreed at a workshop and overdue"
    if len(late) == 1:
        (workshop_id,) = late
        return [Attention(text, "workshops.show", {"project_id": project.id, "workshop_id": workshop_id,
                                                   "_anchor": "actions"}, count=n)]
    return [Attention(text, "workshops.index", {"project_id": project.id}, count=n)]


def overdue_by_workshop(project_id: int, on: date) -> dict[int, int]:
    return {wid: n for wid, n in sqlrows.rows(db.session, _OVERDUE(), project_id=project_id, on=on)}


_OVERDUE = sqlrows.prepared(lambda: select(WorkshopAction.workshop_id, func.count()).where(
    WorkshopAction.project_id == bindparam("project_id"), WorkshopAction.status != "done",
    WorkshopAction.due_on < bindparam("on")).group_by(WorkshopAction.workshop_id))
_LATEST = sqlrows.prepared(lambda: select(Workshop).where(Workshop.project_id == bindparam("project_id"))
                           .order_by(Workshop.held_on.desc(), Workshop.id.desc()).limit(1))


def home_panel(project) -> dict | None:
    """The project home's panel: the latest workshop and the agreed actions still open; None (no
    panel) when the project has held no workshop."""
    latest = db.session.scalar(_LATEST(), {"project_id": project.id})
    if latest is None:
        return None
    on = today()
    count = db.session.scalar(select(func.count()).select_from(Workshop).where(Workshop.project_id == project.id))
    open_actions = db.session.scalar(select(func.count()).select_from(WorkshopAction).where(
        WorkshopAction.project_id == project.id, WorkshopAction.status != "done")) or 0
    overdue = sum(overdue_by_workshop(project.id, on).values())
    return {"latest": latest, "count": count or 0, "open": open_actions, "overdue": overdue}
