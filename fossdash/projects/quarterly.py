"""The milestones sheet of the quarterly return (declared in the DOMAIN as `return_sheets`)."""
from __future__ import annotations

from fossdash.metrics.milestones import milestones
from fossdash.returns.quarterly import ReturnContext, ReturnSheet, Table
from fossdash.returns.xlsx import Column


def when(ctx: ReturnContext, on) -> str:
    if ctx.quarter.contains(on):
        return "In this quarter"
    return "Before this quarter" if on < ctx.quarter.start else "Coming"


def sheets(ctx: ReturnContext) -> list[ReturnSheet]:
    marks = milestones(ctx.project.id, session=ctx.session)
    if not marks:
        return [ReturnSheet.nothing("Milestones", "No milestones are recorded for this project.")]
    rows = [(m.on, m.kind, m.title, when(ctx, m.on), "Illustrative" if m.illustrative else "") for m in marks]
    table = Table("Milestones", [Column("Date", "date"), Column("Kind", "text", 22), Column("Milestone", "text", 50,
                                                                                         wrap=True),
                                 Column("When", "text", 20), Column("Illustrative", "text", 12)], rows, filter=True)
    illustrative = ["Some milestone dates are illustrative."] if any(m.illustrative for m in marks) else []
    return [ReturnSheet("Milestones", intro=[f"The project's milestones; those in {ctx.quarter.label} are marked."],
                        tables=[table], illustrative=illustrative)]


def portfolio(ctx: ReturnContext) -> list[tuple]:
    marks = milestones(ctx.project.id, session=ctx.session)
    coming = [m for m in marks if m.on >= ctx.quarter.end]
    return [("Milestones", "Milestones in the quarter", sum(1 for m in marks if ctx.quarter.contains(m.on)), "int"),
            ("Milestones", "Next milestone after the quarter", coming[0].on if coming else None, "date")]
