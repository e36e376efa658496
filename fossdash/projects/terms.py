"""The partners' terms and conditions side by side: which differ, and how to say so."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from fossdash.projects.models import Partnership, Project
from fossdash.projects.service import ordered_partnerships


TERMS = [
    # (attribute, label, kind, unit for the summary)
    ("weekly_hours", "Weekly hours", "number", ""),
    ("annual_leave_days", "Annual leave", "number", " days"),
    ("pay_scale", "Pay scale", "text", ""),
    ("grade_names", "Grades", "text", ""),
    ("performance_indicators", "Performance indicators", "text", ""),
    ("reporting_line", "Reporting line", "text", ""),
]


def _plain_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _key(value, kind: str):
    """What counts as 'the same': numbers by value; text ignoring case, spacing and punctuation
    at the ends."""
    if value is None or value == "":
        return None
    if kind == "number":
        return Decimal(value).normalize()
    return " ".join(str(value).split()).strip(" .;").casefold() or None


@dataclass
class TermCell:
    partnership: Partnership
    display: str
    recorded: bool
    differs: bool  # highlighted: differs from the value most partners share (all, if none is shared)


@dataclass
class TermRow:
    attr: str
    label: str
    cells: list[TermCell]
    differs: bool
    missing: list[str]  # agency names with nothing recorded
    range_text: str = ""  # "37 to 39 hours" for numbers that differ


@dataclass
class TermsComparison:
    partnerships: list[Partnership]  # the columns: partners with at least one term recorded
    without_terms: list[Partnership] = field(default_factory=list)
    rows: list[TermRow] = field(default_factory=list)

    @property
    def differing(self) -> list[TermRow]:
        return [r for r in self.rows if r.differs]

    @property
    def comparable(self) -> bool:
        return len(self.partnerships) >= 2

    @property
    def illustrative(self) -> bool:
        return any(p.terms_illustrative for p in self.partnerships)

    @property
    def summary(self) -> str:
        if not self.comparable:
            return "Record the terms and conditions of at least two partner agencies to compare them."
        n, total = len(self.differing), len(self.rows)
        if n == 0:
            return f"Partners agree on all {total} terms recorded."
        parts = [f"{r.label.lower()} ({r.range_text})" if r.range_text else r.label.lower()
                 for r in self.differing]
        listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
        return f"Partners differ on {n} of {total} terms: {listed}."


def _usual(keys: list) -> object | None:
    """The value most partners share, if one value is shared by more partners than any other;
    None when there is a tie (then every recorded value is highlighted as differing)."""
    counts: dict = {}
    for k in keys:
        if k is not None:
            counts[k] = counts.get(k, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return None
    return max(counts, key=counts.get)


def has_terms(partnership: Partnership) -> bool:
    return any(_key(getattr(partnership, attr), kind) is not None for attr, _l, kind, _u in TERMS)


def compare_terms(project: Project) -> TermsComparison:
    """The partners' terms side by side: a row per term, a cell per partner; a row differs when
    the partners that have recorded it do not all agree."""
    everyone = ordered_partnerships(project)
    partnerships = [p for p in everyone if has_terms(p)]
    out = TermsComparison(partnerships, [p for p in everyone if not has_terms(p)])
    for attr, label, kind, unit in TERMS:
        values = [getattr(p, attr) for p in partnerships]
        keys = [_key(v, kind) for v in values]
        distinct = {k for k in keys if k is not None}
        differs = len(distinct) > 1
        usual = _usual(keys) if differs else None
        cells = []
        for p, value, key in zip(partnerships, values, keys):
            if key is None:
                display = "Not recorded"
            elif kind == "number":
                display = _plain_number(Decimal(value)) + unit  # "25 days": the leave row says what it counts
            else:
                display = str(value).strip()
            cells.append(TermCell(p, display, key is not None, differs and key is not None and key != usual))
        range_text = ""
        if differs and kind == "number":
            low, high = min(distinct), max(distinct)
            range_text = f"{_plain_number(low)} to {_plain_number(high)}{unit}"
        out.rows.append(TermRow(attr, label, cells, differs,
                                [p.agency.name for p, k in zip(partnerships, keys) if k is None], range_text))
    return out
