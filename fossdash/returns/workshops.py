"""A Shared Solutions workshop as an Excel workbook, built from the same report the page shows
(fossdash.workshops.service.report): priorities and scores, shared and divergent, surprises, mood
change, quotes and agreed actions. No request, no queries. Every user string goes in as text
(returns/xlsx.py), so a quote typed as a formula stays words; scores are numbers to 2 places."""
from __future__ import annotations

from typing import Iterator

from fossdash.returns.xlsx import Column, Sheet

TITLE = "Shared Solutions workshop"


def _score(value: float | None) -> float | str:
    return "Not scored" if value is None else round(value, 2)


def _raw(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)


def notes(project, r) -> list[str]:
    w = r.workshop
    out = [f"{TITLE}: {w.title} ({project.name})",
           f"Held {w.held_on.day} {w.held_on.strftime('%B %Y')}" + (f" at {w.place}" if w.place else "") + ".",
           f"Exported {r.on.day} {r.on.strftime('%B %Y')} from fossdash.", r.result.rule()]
    if r.illustrative:
        out.append("The scores, mood counts and actions are illustrative: made up for the demonstration.")
    return out


def priority_rows(r) -> Iterator[tuple]:
    res = r.result
    for n, p in enumerate(res.priorities, start=1):
        listed = " and ".join(res.groups[pos].name for pos in p.raised_by if pos in res.groups)
        kind = "Shared" if p.shared else ("Divergent" if p.divergent is not None else "")
        yield (n, p.title, listed, "; ".join(p.merged_titles), _raw(p.raw.get(1, [])), _score(p.scores.get(1)),
               _raw(p.raw.get(2, [])), _score(p.scores.get(2)), res.quadrant_label(p.quadrant), kind)


def finding_rows(r) -> Iterator[tuple]:
    res = r.result
    for p in res.shared:
        yield ("Shared", p.title, _score(p.scores.get(1)), _score(p.scores.get(2)), "Both groups")
    for p in res.divergent:
        yield ("Divergent", p.title, _score(p.scores.get(1)), _score(p.scores.get(2)),
               res.groups[p.divergent].name if p.divergent in res.groups else "")


def surprise_rows(r) -> Iterator[tuple]:
    for s in r.result.surprises:
        yield ("Surprise", s)
    for s in r.result.notes:
        yield ("Note", s)


def mood_rows(r) -> Iterator[tuple]:
    for m in r.mood:
        yield (m.group, m.measure, m.start, m.end, m.change, m.answered_start, m.answered_end, m.sentence)


def quote_rows(r) -> Iterator[tuple]:
    for q in r.quotes:
        yield (q.text, q.speaker, q.tag_label)


def action_rows(r) -> Iterator[tuple]:
    for a in r.actions:
        yield (a.title, a.priority.title if a.priority else "", a.owner, a.due_on, a.state_label(r.on))


def sheets(project, r) -> list[tuple[Sheet, Iterator]]:
    names = r.result.groups
    a = names[1].name if 1 in names else "First group"
    b = names[2].name if 2 in names else "Second group"
    head = notes(project, r)
    return [
        (Sheet("Priorities", [Column("Number", "int", width=9), Column("Priority", "text", width=44, wrap=True),
                              Column("Listed by", "text", width=26), Column("Merged with it", "text", width=36, wrap=True),
                              Column(f"{a}: given", "text", width=14), Column(f"{a}: score (0 to 1)", "number", width=14),
                              Column(f"{b}: given", "text", width=14), Column(f"{b}: score (0 to 1)", "number", width=14),
                              Column("Quadrant", "text", width=22), Column("Shared or divergent", "text", width=18)],
               head), priority_rows(r)),
        (Sheet("Shared and divergent", [Column("Finding", "text", width=12), Column("Priority", "text", width=44, wrap=True),
                                        Column(f"{a}: score", "number", width=14), Column(f"{b}: score", "number", width=14),
                                        Column("Held high by", "text", width=22)], [r.result.rule()]),
         finding_rows(r)),
        (Sheet("Surprises", [Column("Kind", "text", width=10), Column("What", "text", width=100, wrap=True)]),
         surprise_rows(r)),
        (Sheet("Mood", [Column("Group", "text", width=22), Column("Measure", "text", width=10),
                        Column("Start (mean, 1 to 5)", "number", width=14), Column("End (mean, 1 to 5)", "number", width=14),
                        Column("Change", "number", width=10), Column("Answered at the start", "int", width=12),
                        Column("Answered at the end", "int", width=12), Column("In words", "text", width=70, wrap=True)]),
         mood_rows(r)),
        (Sheet("Quotes", [Column("Quote", "text", width=90, wrap=True), Column("Speaker’s role", "text", width=24),
                          Column("About", "text", width=40, wrap=True)]), quote_rows(r)),
        (Sheet("Agreed actions", [Column("Action", "text", width=50, wrap=True),
                                  Column("From the priority", "text", width=36, wrap=True),
                                  Column("Owner", "text", width=26), Column("Due date", "date"),
                                  Column("Status", "text", width=14)]), action_rows(r)),
    ]

