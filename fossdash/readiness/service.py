"""Readiness queries and changes. No Flask request here: views validate and call these; the
audit log records every change by itself (each score is a row of its own)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from fossdash.domains import Attention
from fossdash.extensions import db
from fossdash.metrics import readiness as rules
from fossdash.metrics import readiness_data
from fossdash.modelkit import illustrative_mix, utcnow  # noqa: F401 (views use it from here)
from fossdash.sqlrows import prepared
from fossdash.readiness.models import (
    DEFAULT_TARGET_DAYS, DEFAULT_WEIGHTS, ReadinessAssessment, ReadinessScore, ReadinessSettings,
)


def today() -> date:
    return date.today()


def latest_assessments(project_ids: Iterable[int], framework: str | None = None,
                       session=None) -> dict[int, ReadinessAssessment]:
    """Each project's latest whole-project assessment (the latest for a staff group when the
    project has none for the whole project), with its scores loaded: {project_id: assessment}.
    `framework` ("foss" or "adkar") keeps only that framework's. One statement, however many
    projects."""
    session = session or db.session
    ids = list({int(i) for i in project_ids})
    if not ids:
        return {}
    rank = func.row_number().over(
        partition_by=ReadinessAssessment.project_id,
        order_by=(ReadinessAssessment.staff_group_id.is_(None).desc(),  # whole project first
                  ReadinessAssessment.assessed_on.desc(), ReadinessAssessment.id.desc()),
    ).label("rank")
    inner = select(ReadinessAssessment.id, rank).where(ReadinessAssessment.project_id.in_(ids))
    if framework is not None:
        inner = inner.where(ReadinessAssessment.framework == framework)
    ranked = inner.subquery()
    score = aliased(ReadinessScore)
    q = (select(ReadinessAssessment)
         .join(ranked, ranked.c.id == ReadinessAssessment.id)
         .outerjoin(score, score.assessment_id == ReadinessAssessment.id)
         .where(ranked.c.rank == 1)
         .options(contains_eager(ReadinessAssessment.scores.of_type(score)),
                  joinedload(ReadinessAssessment.staff_group))
         .order_by(ReadinessAssessment.project_id, score.position))
    return {a.project_id: a for a in session.scalars(q).unique()}


def settings_for(project_id: int) -> ReadinessSettings | None:
    """The project's readiness settings (None: the defaults), read once per transaction: the
    project home's panels and attention items each ask (fossdash/readcache.py)."""
    from fossdash.readcache import shared

    return shared(db.session, ("readiness.settings", project_id), lambda: db.session.scalar(
        _SETTINGS(), {"project_id": project_id}))


_SETTINGS = prepared(lambda: select(ReadinessSettings).where(ReadinessSettings.project_id == bindparam("project_id")))


def target_days(project_id: int) -> int:
    s = settings_for(project_id)
    return s.target_days if s is not None else DEFAULT_TARGET_DAYS


def weights(project_id: int) -> dict[str, float]:
    s = settings_for(project_id)
    return s.weights if s is not None else dict(DEFAULT_WEIGHTS)


def settings_for_edit(project) -> ReadinessSettings:
    """The project's settings row, or a new one holding the defaults (saved on first save)."""
    found = settings_for(project.id)
    return found if found is not None else ReadinessSettings(project_id=project.id, target_days=DEFAULT_TARGET_DAYS,
                                                             **{f"weight_{n}": 1 for n in DEFAULT_WEIGHTS})


# --- assessments --------------------------------------------------------------------------------

def assessments(project_id: int) -> list[ReadinessAssessment]:
    """Every assessment of the project, newest first, with its scores and staff group (two queries)."""
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(
        select(ReadinessAssessment).where(ReadinessAssessment.project_id == project_id)
        .options(selectinload(ReadinessAssessment.scores), joinedload(ReadinessAssessment.staff_group))
        .order_by(ReadinessAssessment.assessed_on.desc(), ReadinessAssessment.id.desc())))


def new_assessment(project, framework: str) -> ReadinessAssessment:
    return ReadinessAssessment(project_id=project.id, framework=framework, summary="")


def apply(assessment: ReadinessAssessment, form) -> None:
    """Copy the assessment form onto the assessment: its fields, its staff group (only one of the
    project's, as offered), and a score and note per dimension of its framework."""
    from fossdash.forms import save

    save(form, assessment, form.FIELDS)
    assessment.summary = assessment.summary or ""
    group = form.chosen_group()
    allowed = {int(value) for value, _label in form.staff_group_id.choices if str(value).isdigit()}
    assessment.staff_group_id = group if group in allowed else None
    have = {s.dimension: s for s in assessment.scores}
    for position, (key, _label, score_field, note_field) in enumerate(form.dimension_fields()):
        row = have.get(key)
        if row is None:
            row = ReadinessScore(dimension=key, project_id=assessment.project_id)
            assessment.scores.append(row)
        row.position = position
        row.score = int(score_field.data)
        row.note = (note_field.data or "").strip()
    assessment.updated_at = utcnow()  # a change of scores alone is still a new version


def fill(form, assessment: ReadinessAssessment) -> None:
    """Put the stored scores and notes into the form (on a GET)."""
    form.staff_group_id.data = str(assessment.staff_group_id) if assessment.staff_group_id else ""
    have = {s.dimension: s for s in assessment.scores}
    for key, _label, score_field, note_field in form.dimension_fields():
        if key in have:
            score_field.data = str(have[key].score)
            note_field.data = have[key].note


def rag_counts(assessment: ReadinessAssessment) -> str:
    """"2 red, 1 amber, 3 green": the assessment's RAG in words, for lists."""
    counts = {"red": 0, "amber": 0, "green": 0}
    for s in assessment.scores:
        r = rules.rag(s.score)
        if r is not None:
            counts[r.key] += 1
    return ", ".join(f"{n} {key}" for key, n in counts.items() if n) or "No scores"


# --- evidence beside an assessment --------------------------------------------------------------

@dataclass
class DimensionRow:
    key: str
    label: str
    score: int | None
    note: str
    rag: rules.Rag | None
    evidence: float | None  # 0–100, None: no evidence
    components: list[rules.Component]
    flag: rules.Divergence | None
    barrier: bool = False

    @property
    def evidence_rag(self) -> rules.Rag | None:
        return rules.evidence_rag(self.evidence)


@dataclass
class Evaluation:
    """An assessment beside the evidence for the same date: a row per dimension, the flags where
    they disagree, and the overall evidence index."""

    at: date
    framework: str
    components: list[rules.Component]
    index: float | None
    rows: list[DimensionRow] = field(default_factory=list)
    target_days: int = DEFAULT_TARGET_DAYS

    @property
    def flags(self) -> list[rules.Divergence]:
        return [r.flag for r in self.rows if r.flag is not None]

    @property
    def with_evidence(self) -> int:
        return sum(1 for c in self.components if c.has_evidence)


def evidence(project, at: date, *, target_days: int | None = None,
             weights: dict[str, float] | None = None) -> tuple[list[rules.Component], float | None]:
    """Every evidence component of the project at `at`, and the weighted index (the project's
    settings unless given)."""
    if target_days is None or weights is None:
        found = settings_for(project.id)
        if target_days is None:
            target_days = found.target_days if found is not None else DEFAULT_TARGET_DAYS
        if weights is None:
            weights = found.weights if found is not None else dict(DEFAULT_WEIGHTS)
    comps = readiness_data.components(project, at, target_days)
    return comps, rules.index(comps, weights)


def evaluate(project, assessment: ReadinessAssessment | None, at: date | None = None,
             framework: str | None = None) -> Evaluation:
    """The assessment (None: evidence only) beside the evidence at `at` (default its own date)."""
    found = settings_for(project.id)
    days = found.target_days if found is not None else DEFAULT_TARGET_DAYS
    w = found.weights if found is not None else dict(DEFAULT_WEIGHTS)
    framework = assessment.framework if assessment is not None else (framework or rules.FOSS)
    when = at or (assessment.assessed_on if assessment is not None else today())
    comps, _idx = evidence(project, when, target_days=days, weights=w)
    return _beside(assessment, framework, when, comps, w, days)


def evaluations(project, found: list[ReadinessAssessment], on: date | None = None) -> dict:
    """Each assessment beside the evidence for its own date ({assessment id: Evaluation}), every
    kind of record read once however many assessments (readiness_data.series). With `on`, the
    evidence on that day too, from the same reading: {on: Evaluation of no assessment}."""
    settings = settings_for(project.id)
    days = settings.target_days if settings is not None else DEFAULT_TARGET_DAYS
    w = settings.weights if settings is not None else dict(DEFAULT_WEIGHTS)
    dates = [a.assessed_on for a in found] + ([on] if on is not None else [])
    at = readiness_data.series(project, dates, days, round_cells=_round_cells)
    out: dict = {a.id: _beside(a, a.framework, a.assessed_on, at[a.assessed_on], w, days) for a in found}
    if on is not None:
        out[on] = _beside(None, rules.FOSS, on, at[on], w, days)
    return out


def _beside(assessment: ReadinessAssessment | None, framework: str, when: date, comps: list[rules.Component],
            weights: dict[str, float], days: int) -> Evaluation:
    by_dimension = rules.dimension_evidence(comps, framework)
    scores = assessment.score_map if assessment is not None else {}
    notes = {s.dimension: s.note for s in assessment.scores} if assessment is not None else {}
    barrier = assessment.barrier if assessment is not None else None
    rows = []
    for key, label in rules.DIMENSIONS[framework].items():
        score = scores.get(key)
        ev = by_dimension.get(key)
        linked = [c for c in comps if (c.dimension if framework == rules.FOSS else c.adkar) == key]
        rows.append(DimensionRow(key, label, score, notes.get(key, ""), rules.rag(score), ev, linked,
                                 rules.divergence(label, score, ev), barrier == key))
    return Evaluation(when, framework, comps, rules.index(comps, weights), rows, days)


# --- history ------------------------------------------------------------------------------------

@dataclass
class History:
    framework: str
    assessments: list[ReadinessAssessment]  # oldest first, whole project only

    @property
    def dimensions(self) -> dict[str, str]:
        return rules.DIMENSIONS[self.framework]


def history(all_assessments: list[ReadinessAssessment]) -> list[History]:
    """The whole-project assessments per framework, oldest first (a framework with none is left out)."""
    out = []
    for framework in rules.FRAMEWORKS:
        mine = [a for a in all_assessments if a.framework == framework and a.staff_group_id is None]
        if mine:
            out.append(History(framework, sorted(mine, key=lambda a: (a.assessed_on, a.id))))
    return out


# --- the project dashboard ----------------------------------------------------------------------

@dataclass
class Panel:
    assessment: ReadinessAssessment | None
    then: Evaluation  # beside the assessment, at its date
    now: Evaluation  # the evidence today
    on: date

    @property
    def rows(self) -> list[tuple[DimensionRow, DimensionRow]]:
        return list(zip(self.then.rows, self.now.rows))


@dataclass
class Dashboard:
    """What the project home needs, worked out once per project and day: the latest assessment of
    each framework beside the evidence for its date, and the evidence on the day."""

    latest: dict[str, ReadinessAssessment]  # framework -> its latest (whole project first)
    beside: dict[int, Evaluation]  # assessment id -> evaluation at its own date
    evidence_on: dict  # date -> components
    weights: dict[str, float]
    target_days: int

    @property
    def newest(self) -> ReadinessAssessment | None:
        """The latest whole-project assessment of either framework (else the latest of any)."""
        found = list(self.latest.values())
        if not found:
            return None
        return max(found, key=lambda a: (a.staff_group_id is None, a.assessed_on, a.id))


def latest_per_framework(project_id: int, session=None) -> dict[str, ReadinessAssessment]:
    """The project's latest assessment of each framework (whole project first), with its scores:
    one statement."""
    session = session or db.session
    return {a.framework: a for a in session.scalars(_LATEST_PER_FRAMEWORK(), {"project_id": project_id}).unique()}


def _latest_per_framework_statement():
    rank = func.row_number().over(
        partition_by=ReadinessAssessment.framework,
        order_by=(ReadinessAssessment.staff_group_id.is_(None).desc(),
                  ReadinessAssessment.assessed_on.desc(), ReadinessAssessment.id.desc()),
    ).label("rank")
    ranked = (select(ReadinessAssessment.id, rank)
              .where(ReadinessAssessment.project_id == bindparam("project_id")).subquery())
    score = aliased(ReadinessScore)
    return (select(ReadinessAssessment)
            .join(ranked, ranked.c.id == ReadinessAssessment.id)
            .outerjoin(score, score.assessment_id == ReadinessAssessment.id)
            .where(ranked.c.rank == 1)
            .options(contains_eager(ReadinessAssessment.scores.of_type(score)),
                     joinedload(ReadinessAssessment.staff_group))
            .order_by(ReadinessAssessment.id, score.position))


_LATEST_PER_FRAMEWORK = prepared(_latest_per_framework_statement)


def _round_cells(rounds):
    """Survey rounds' answers added up per cell, from the totals the surveys domain keeps."""
    from fossdash.surveys import totals

    return totals.cell_stats(rounds)


def dashboard(project, on: date) -> Dashboard:
    """The project home's readiness, once per request (the panel and the attention list share it):
    a fixed number of queries, every kind of record read once for every date it needs."""
    from flask import g, has_request_context

    # Only within a request: an app context (a test, a CLI command) may outlive changes.
    cache = g.setdefault("readiness_dashboards", {}) if has_request_context() else {}
    key = (project.id, on)
    if key not in cache:
        latest = latest_per_framework(project.id)
        found = settings_for(project.id)
        days = found.target_days if found is not None else DEFAULT_TARGET_DAYS
        w = found.weights if found is not None else dict(DEFAULT_WEIGHTS)
        at = readiness_data.series(project, [on, *(a.assessed_on for a in latest.values())], days,
                                   round_cells=_round_cells)
        beside = {a.id: _beside(a, a.framework, a.assessed_on, at[a.assessed_on], w, days) for a in latest.values()}
        cache[key] = Dashboard(latest, beside, at, w, days)
    return cache[key]


def home_panel(project) -> Panel:
    """The project home's readiness panel: the latest whole-project assessment (whatever its
    framework) beside the evidence for its date and the evidence today."""
    on = today()
    d = dashboard(project, on)
    latest = d.newest
    framework = latest.framework if latest is not None else rules.FOSS
    now = _beside(None, framework, on, d.evidence_on[on], d.weights, d.target_days)
    then = d.beside[latest.id] if latest is not None else now
    return Panel(latest, then, now, on)


def attention(project, on: date) -> list[Attention]:
    """A barrier point on the latest ADKAR assessment, and each divergence flag of the latest
    assessment of each framework (against the evidence for its own date)."""
    out: list[Attention] = []
    d = dashboard(project, on)
    for framework in rules.FRAMEWORKS:
        latest = d.latest.get(framework)
        if latest is None:
            continue
        link = {"project_id": project.id, "assessment_id": latest.id}
        when = latest.assessed_on.strftime("%-d %B %Y")
        barrier, barrier_label = latest.barrier, latest.barrier_label
        if barrier is not None and barrier_label is not None:
            out.append(Attention(f"Barrier point at {barrier_label.lower()}: the ADKAR assessment of {when} "
                                 f"scores {barrier_label.lower()} {latest.score_map[barrier]} of 5",
                                 "readiness.show", link))
        for flag in d.beside[latest.id].flags:
            out.append(Attention(f"{flag.reason} (assessment of {when})", "readiness.show", link))
    return out
