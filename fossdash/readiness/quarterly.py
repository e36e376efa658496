"""The readiness sheet of the quarterly return (declared in the DOMAIN as `return_sheets`), as at
the quarter's last day (or today, if earlier):

- the latest whole-project assessment of each framework made by then, each dimension's
  self-assessed score and RAG (as words) beside the evidence for the assessment's own date, with
  any divergence flag and the ADKAR barrier point;
- the evidence at the date: each component's figure, its working in words, its RAG and weight,
  and the evidence readiness index;
- every assessment made by then, with its RAG counts and barrier point.

Readiness is read by everyone on a project and holds no breakdown by agency or staff group, so
every reader gets the same sheet (a survey round under k is already "no evidence").
The portfolio return gets the index, the flags and the barrier point (`portfolio`)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from fossdash.metrics import readiness as rules
from fossdash.readiness import service
from fossdash.readiness.models import ReadinessAssessment
from fossdash.returns.quarterly import ReturnContext, ReturnSheet, Table
from fossdash.returns.xlsx import Column

NO_EVIDENCE = rules.NO_EVIDENCE


def _assessments(ctx: ReturnContext) -> list[ReadinessAssessment]:
    """Every assessment made by the as-at date, newest first."""
    return list(ctx.session.scalars(
        select(ReadinessAssessment)
        .where(ReadinessAssessment.project_id == ctx.project.id, ReadinessAssessment.assessed_on <= ctx.as_at)
        .options(selectinload(ReadinessAssessment.scores), selectinload(ReadinessAssessment.staff_group))
        .order_by(ReadinessAssessment.assessed_on.desc(), ReadinessAssessment.id.desc())))


def _latest_per_framework(found: list[ReadinessAssessment]) -> list[ReadinessAssessment]:
    out = []
    for framework in rules.FRAMEWORKS:
        mine = [a for a in found if a.framework == framework]
        whole = [a for a in mine if a.staff_group_id is None]
        if whole or mine:
            out.append((whole or mine)[0])
    return out


def _rag_word(r: rules.Rag | None, none: str) -> str:
    return r.word if r is not None else none


def figures(ctx: ReturnContext) -> dict:
    """The sheet's figures as plain data (what the tests compare with the pages)."""
    found = _assessments(ctx)
    beside = []
    for a in _latest_per_framework(found):
        e = service.evaluate(ctx.project, a)
        for row in e.rows:
            beside.append((a.framework_label, a.assessed_on, a.scope_label, row.label, row.score,
                           _rag_word(row.rag, "Not scored"), row.evidence, _rag_word(row.evidence_rag, NO_EVIDENCE),
                           row.flag.reason if row.flag else "", "Yes" if row.barrier else ""))
    settings = service.settings_for(ctx.project.id)
    weights = settings.weights if settings is not None else dict(service.DEFAULT_WEIGHTS)
    comps, idx = service.evidence(ctx.project, ctx.as_at)
    evidence = [(c.label, c.working, c.score, _rag_word(c.rag, NO_EVIDENCE),
                 rules.DIMENSIONS[rules.FOSS][c.dimension], rules.DIMENSIONS[rules.ADKAR][c.adkar],
                 weights.get(c.name, 1.0)) for c in comps]
    listing = []
    for a in found:
        rags = [rules.rag(s.score) for s in a.scores]
        listing.append((a.assessed_on, a.framework_label, a.scope_label, a.assessor,
                        sum(1 for r in rags if r is rules.RED), sum(1 for r in rags if r is rules.AMBER),
                        sum(1 for r in rags if r is rules.GREEN),
                        (a.barrier_label or "None") if a.framework == rules.ADKAR else "Not ADKAR"))
    return {"beside": beside, "evidence": evidence, "index": idx, "listing": listing,
            "illustrative": any(a.illustrative for a in found),
            "flags": sum(1 for row in beside if row[8]),
            "barrier": next((a.barrier_label for a in _latest_per_framework(found)
                             if a.framework == rules.ADKAR and a.barrier_label), None)}


def sheets(ctx: ReturnContext) -> list[ReturnSheet]:
    data = figures(ctx)
    day = f"{ctx.as_at.day} {ctx.as_at:%B %Y}"
    idx = data["index"]
    intro = [f"Readiness as at {day}.",
             f"Evidence readiness index at {day}: " + (f"{idx:g} out of 100 ({rules.evidence_rag(idx).word})"
                                                      if idx is not None else "no evidence") + ".",
             "Self-assessed scores run from 1 to 5 (1 and 2 red, 3 amber, 4 and 5 green). Evidence runs from 0 "
             "to 100 (under 50 red, 50 to 75 amber, over 75 green); a kind of evidence with no records is "
             "“No evidence”, never 0. A dimension is flagged where it is self-assessed green while its evidence "
             "is under 50, or red while its evidence is over 75."]
    tables = []
    if data["beside"]:
        tables.append(Table(
            "Latest assessment of each framework beside the evidence for its date",
            [Column("Framework", "text", 24), Column("Assessed on", "date"), Column("Covers", "text", 20),
             Column("Dimension", "text", 26), Column("Self-assessed score", "int", 12),
             Column("Self-assessed RAG", "text", 12), Column("Evidence (0 to 100)", "number", 12),
             Column("Evidence RAG", "text", 14), Column("Flag", "text", 50, wrap=True),
             Column("Barrier point", "text", 10)],
            data["beside"]))
    else:
        intro.append("No readiness assessment had been made by then.")
    tables.append(Table(
        f"Evidence at {day}",
        [Column("Evidence", "text", 40), Column("Working", "text", 50, wrap=True),
         Column("Figure (0 to 100)", "number", 12), Column("RAG", "text", 14),
         Column("FOSS dimension it evidences", "text", 26), Column("ADKAR element", "text", 14),
         Column("Weight in the index", "number", 10)],
        data["evidence"]))
    if data["listing"]:
        tables.append(Table(
            "Every assessment up to then",
            [Column("Assessed on", "date"), Column("Framework", "text", 24), Column("Covers", "text", 20),
             Column("Assessor", "text", 28), Column("Red", "int", 8), Column("Amber", "int", 8),
             Column("Green", "int", 8), Column("Barrier point", "text", 16)],
            data["listing"]))
    illustrative = ["Readiness assessments are illustrative."] if data["illustrative"] else []
    return [ReturnSheet("Readiness", intro=intro, tables=tables, illustrative=illustrative)]


def portfolio(ctx: ReturnContext) -> list[tuple]:
    data = figures(ctx)
    idx = data["index"]
    return [("Readiness", "Evidence readiness index (0 to 100)", idx if idx is not None else NO_EVIDENCE,
             "int" if idx is not None else "text"),
            ("Readiness", "Dimensions where self-assessment and evidence disagree", data["flags"], "int"),
            ("Readiness", "ADKAR barrier point", data["barrier"] or "None", "text")]
