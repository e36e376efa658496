"""The cover sheet of the quarterly return: what the return is, who made it, what is illustrative,
and the key to figures that are not shown (the anonymity threshold)."""
from __future__ import annotations

from fossdash.returns.periods import SCHEMES
from fossdash.returns.quarterly import NOT_SHOWN, ReturnContext, ReturnSheet, Table
from fossdash.returns.xlsx import Column


def day(d) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def cover(ctx: ReturnContext, sheets: list[ReturnSheet]) -> ReturnSheet:
    p = ctx.project
    stage = getattr(p, "stage_label", p.stage)
    facts = [
        ("Project", p.name),
        ("Quarter", ctx.quarter.long_label),
        ("Quarters counted in", SCHEMES.get(ctx.quarter.scheme, ctx.quarter.scheme)),
        ("Lead body", p.lead_body or "Not recorded"),
        ("Stage", stage),
        ("Go-live", day(p.go_live_date) if p.go_live_date else "Not recorded"),
        ("Figures as at", day(ctx.as_at)),
        ("Prepared by", ctx.prepared_by),
        ("Prepared on", day(ctx.prepared_on)),
    ]
    illustrative = [line for s in sheets for line in s.illustrative]
    if getattr(p, "illustrative", False):
        illustrative.insert(0, "The project's own details are illustrative.")
    if not illustrative:
        illustrative = ["Nothing in this return is marked illustrative."]
    key = [
        (NOT_SHOWN, f"A count of survey answers or concerns from fewer than {ctx.k} staff (this project's "
                    f"anonymity threshold), or a figure from which one could be worked out. Suppressed exactly "
                    f"as on the project's pages. A staff group's size (its headcount) is not anyone's answer "
                    f"and is shown as recorded."),
        ("Anonymous", "Raised through the anonymous staff link: no name, account or address was kept."),
        ("Illustrative", "Invented for a demonstration where the source documents give no figure."),
    ]
    contents = [(s.title, s.empty or (s.intro[0] if s.intro else "")) for s in sheets]
    return ReturnSheet(
        "Cover",
        intro=[f"Quarterly return for {p.name}, {ctx.quarter.long_label}."],
        tables=[
            Table("About this return", [Column("Item", "text", 24), Column("Detail", "text", 70, wrap=True)],
                  facts),
            Table("What is illustrative", [Column("Item", "text", 24), Column("Detail", "text", 70, wrap=True)],
                  [("Illustrative", line) for line in illustrative]),
            Table("Key", [Column("Item", "text", 24), Column("Detail", "text", 70, wrap=True)], key),
            Table("Sheets", [Column("Item", "text", 24), Column("Detail", "text", 70, wrap=True)], contents),
        ],
    )
