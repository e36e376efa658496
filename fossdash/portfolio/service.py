"""The portfolio's queries: every visible project's latest self-assessment, its evidence at a date
and its verdict, gathered with a fixed number of queries whatever the number of projects or records
(one per table, never one per project).

    portfolio(user, today, stage=None, type_=None, sort="name", order="asc") -> Portfolio
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Date, bindparam, select

from fossdash import sqlrows
from fossdash.extensions import db
from fossdash.metrics import portfolio as evidence
from fossdash.metrics import readiness as rules
from fossdash.metrics.verdict import Inputs, Verdict, verdict
from fossdash.portfolio import rounds
from fossdash.projects.models import PROJECT_STAGES, PROJECT_TYPES, Milestone, Project
from fossdash.security import visible_project_ids

DIMENSIONS = rules.DIMENSIONS[rules.FOSS]
SORTS = {"name": "Project", "stage": "Stage", "go_live": "Next go-live", "index": "Evidence index",
         **{f"dim_{k}": v for k, v in DIMENSIONS.items()}}


@dataclass(frozen=True)
class Cell:
    """One dimension of one project. Its derived values are worked out once, when it is made (the
    page reads each of them for every cell of a 100-project table; functools.cached_property
    takes a lock on every read in Python 3.11, which cost more than the values)."""

    key: str
    label: str
    score: int | None  # the latest self-assessment's 1–5, None: not assessed
    evidence: float | None  # 0–100 from the records, None: no evidence
    rag: rules.Rag | None = field(init=False, compare=False)
    evidence_rag: rules.Rag | None = field(init=False, compare=False)
    divergence: rules.Divergence | None = field(init=False, compare=False)
    evidence_text: str = field(init=False, compare=False)
    evidence_word: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        found = rules.evidence_rag(self.evidence)
        for name, value in (("rag", rules.rag(self.score)), ("evidence_rag", found),
                            ("divergence", rules.divergence(self.label, self.score, self.evidence)),
                            ("evidence_text", "" if self.evidence is None else f"{self.evidence:.0f}"),
                            ("evidence_word", found.word.lower() if found else "")):
            object.__setattr__(self, name, value)


@dataclass
class Assessment:
    """The parts of an assessment the portfolio shows (plain data, not the model)."""

    id: int
    framework: str
    assessed_on: date
    assessor: str
    scores: dict[str, int | None] = field(default_factory=dict)
    illustrative: bool = False


@dataclass
class Row:
    project: Project
    cells: list[Cell]
    components: list[rules.Component]
    index: float | None
    verdict: Verdict
    go_live: date | None
    foss: Assessment | None
    adkar: Assessment | None

    @property
    def index_rag(self) -> rules.Rag | None:
        return rules.evidence_rag(self.index)

    @property
    def index_text(self) -> str:
        return "" if self.index is None else f"{self.index:.0f}"

    @property
    def barrier_label(self) -> str | None:
        if self.adkar is None:
            return None
        key = rules.barrier(self.adkar.scores)
        return rules.DIMENSIONS[rules.ADKAR][key] if key else None


@dataclass
class Portfolio:
    rows: list[Row]
    visible: int  # projects the user may read, before filtering
    today: date
    stage: str | None
    type_: str | None
    sort: str
    order: str
    stages: dict[str, str] = field(default_factory=lambda: dict(PROJECT_STAGES))
    types: dict[str, str] = field(default_factory=lambda: dict(PROJECT_TYPES))
    project_id: int | None = None  # the trends page's filter; the table shows every project

    @property
    def any_illustrative(self) -> bool:
        return any(r.project.illustrative or (r.foss and r.foss.illustrative) or (r.adkar and r.adkar.illustrative)
                   for r in self.rows)

    @property
    def to_act_on(self) -> list[Row]:
        """The rows most urgent first: red verdicts, then amber, no evidence, green; by name within."""
        rank = {"red": 0, "amber": 1, "grey": 2, "green": 3}
        return sorted(self.rows, key=lambda r: (rank.get(r.verdict.severity, 9), r.project.name.lower()))


def visible_projects(user, session=None) -> list[Project]:
    session = session or db.session
    q = select(Project).order_by(Project.name)
    ids = visible_project_ids(user)
    if ids is not None:
        if not ids:
            return []
        q = q.where(Project.id.in_(ids))
    return list(session.scalars(q))


def latest_assessments(project_ids, on: date, session=None) -> dict[int, dict[str, Assessment]]:
    """project id -> {framework: its latest whole-project assessment made by `on`}: two queries.
    (Readiness may not be installed: then there are none.)"""
    session = session or db.session
    ids = list(project_ids)
    if not ids:
        return {}
    assessments, scores = _ASSESSMENTS()
    found: dict[tuple[int, str], tuple] = {}
    for found_row in sqlrows.rows(session, assessments, ids=ids, on=on):
        found[found_row[0], found_row[1]] = found_row  # ordered, so the last one seen is the latest
    latest: dict[int, dict[str, Assessment]] = {}
    for (pid, framework), (_pid, _fw, aid, on_, assessor, made_up) in found.items():
        latest.setdefault(pid, {})[framework] = Assessment(aid, framework, on_, assessor, illustrative=bool(made_up))
    by_id = {a.id: a for per in latest.values() for a in per.values()}
    if by_id:
        for aid, dimension, score in sqlrows.rows(session, scores, ids=list(by_id)):
            by_id[aid].scores[dimension] = score
    return latest


def _assessment_statements():
    from fossdash.readiness.models import ReadinessAssessment as RA
    from fossdash.readiness.models import ReadinessScore as RS

    return (select(RA.project_id, RA.framework, RA.id, RA.assessed_on, RA.assessor, RA.illustrative)
            .where(RA.project_id.in_(bindparam("ids", expanding=True)), RA.staff_group_id.is_(None),
                   RA.assessed_on <= bindparam("on", type_=Date))
            .order_by(RA.assessed_on, RA.id),
            select(RS.assessment_id, RS.dimension, RS.score).where(RS.assessment_id.in_(bindparam("ids", expanding=True))))


_ASSESSMENTS = sqlrows.prepared(_assessment_statements)


def settings(project_ids, session=None) -> tuple[dict[int, int], dict[int, dict[str, float]]]:
    """Each project's target days for answering concerns and its component weights (one query;
    projects without settings use the defaults)."""
    session = session or db.session
    try:
        from fossdash.readiness.models import ReadinessSettings as S
    except ImportError:  # pragma: no cover
        return {}, {}
    ids = list(project_ids)
    if not ids:
        return {}, {}
    days, weights = {}, {}
    for s in session.scalars(select(S).where(S.project_id.in_(ids))):
        days[s.project_id] = s.target_days
        weights[s.project_id] = s.weights
    return days, weights


def next_go_live(project_ids, today: date, session=None) -> dict[int, date]:
    """The next "systems go live" or "building opens" milestone on or after today: one query."""
    session = session or db.session
    out: dict[int, date] = {}
    ids = list(project_ids)
    if not ids:
        return out
    for pid, on in sqlrows.rows(session, _GO_LIVE(), ids=ids, today=today):
        out.setdefault(pid, on)
    return out


_GO_LIVE = sqlrows.prepared(lambda: select(Milestone.project_id, Milestone.on).where(
    Milestone.project_id.in_(bindparam("ids", expanding=True)), Milestone.kind.in_(("go_live", "opening")),
    Milestone.on >= bindparam("today", type_=Date)).order_by(Milestone.on))


def rows_for(projects: list[Project], today: date, session=None) -> list[Row]:
    """The portfolio's rows for these projects, in the order given: a fixed number of queries."""
    session = session or db.session
    ids = [p.id for p in projects]
    target_days, weights = settings(ids, session)
    k = {p.id: p.anonymity_k for p in projects}
    comps = evidence.components_at(ids, today, target_days, k, session, round_totals=rounds.totals)
    assessed = latest_assessments(ids, today, session)
    milestones = next_go_live(ids, today, session)
    rows = []
    for p in projects:
        components = comps.get(p.id, [])
        index = rules.index(components, weights.get(p.id))
        by_dim = rules.dimension_evidence(components, rules.FOSS)
        foss = assessed.get(p.id, {}).get(rules.FOSS)
        adkar = assessed.get(p.id, {}).get(rules.ADKAR)
        scores = foss.scores if foss else {}
        cells = [Cell(key, label, scores.get(key), by_dim.get(key)) for key, label in DIMENSIONS.items()]
        go_live = p.go_live_date if p.go_live_date and p.go_live_date >= today else milestones.get(p.id)
        barrier = rules.barrier(adkar.scores) if adkar else None
        v = verdict(Inputs(
            name=p.name, today=today, go_live=go_live, components=components, index=index, scores=scores,
            barrier=barrier, barrier_score=adkar.scores.get(barrier) if adkar and barrier else None,
            divergences=[(c.key, c.score, c.evidence) for c in cells
                         if c.divergence is not None and c.score is not None and c.evidence is not None],
        ))
        rows.append(Row(p, cells, components, index, v, go_live, foss, adkar))
    return rows


def _sort_key(sort: str):
    """Missing values sort last in either order (handled by the caller), so a key of (missing, value)."""
    stages = list(PROJECT_STAGES)

    def key(row: Row):
        if sort == "stage":
            return (False, stages.index(row.project.stage) if row.project.stage in stages else len(stages))
        if sort == "go_live":
            return (row.go_live is None, row.go_live or date.max)
        if sort == "index":
            return (row.index is None, row.index or 0.0)
        if sort.startswith("dim_"):
            cell = next((c for c in row.cells if c.key == sort[4:]), None)
            if cell is None:
                return (True, (0, 0.0))
            return (cell.score is None and cell.evidence is None,
                    (cell.score if cell.score is not None else 0, cell.evidence if cell.evidence is not None else 0.0))
        return (False, row.project.name.lower())

    return key


def sort_rows(rows: list[Row], sort: str, order: str) -> list[Row]:
    key = _sort_key(sort)
    by_name = sorted(rows, key=lambda r: r.project.name.lower())
    present = [r for r in by_name if not key(r)[0]]
    missing = [r for r in by_name if key(r)[0]]
    present.sort(key=lambda r: key(r)[1], reverse=(order == "desc"))
    return present + missing  # "not assessed" and "no evidence" always last


def portfolio(user, today: date, stage: str | None = None, type_: str | None = None,
              sort: str = "name", order: str = "asc", session=None) -> Portfolio:
    session = session or db.session
    stage = stage if stage in PROJECT_STAGES else None
    type_ = type_ if type_ in PROJECT_TYPES else None
    sort = sort if sort in SORTS else "name"
    order = "desc" if order == "desc" else "asc"
    visible = visible_projects(user, session)
    chosen = [p for p in visible if (not stage or p.stage == stage) and (not type_ or p.type == type_)]
    rows = sort_rows(rows_for(chosen, today, session), sort, order)
    return Portfolio(rows, len(visible), today, stage, type_, sort, order)
