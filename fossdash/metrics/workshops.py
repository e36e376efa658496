"""What a Shared Solutions workshop's scores say: pure, plain data in and out (no database).

- Normalisation: each group's scores on one scale, 0 to 1. Votes: a priority's votes divided by the
  most votes any priority got from that group (so the group's favourite is 1, no votes is 0).
  Ranks: 1 is the top; with n priorities, rank r is (n - r) / (n - 1) (rank 1 is 1, rank n is 0); a
  priority the group did not rank counts as 0. A group that gave no scores at all (or no votes to
  anything) has no scale: its scores are None and nothing is worked out from them.
- A priority merged into another counts once: for each group, the higher of the two scores.
- Shared: both groups scored it `high` or more. Divergent: one `high` or more, the other `low` or
  less. Quadrants of the chart: shared, first group only, second group only, neither.
- Surprises: what a group guessed wrong about the other, as sentences to read out.
- Mood: the mean answer (1–5) at the start and end of the day, and the change.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True)
class GroupIn:
    position: int  # 1 (service users) or 2 (staff)
    name: str
    scoring: str = "votes"  # "votes" or "rank"


@dataclass(frozen=True)
class PriorityIn:
    id: int
    title: str
    raised_by: int  # the position of the group that listed it
    merged_into: int | None = None


@dataclass
class PriorityResult:
    id: int
    title: str
    raised_by: list[int]  # positions of the groups that listed it (both, once merged)
    merged_titles: list[str]  # the titles merged into it
    scores: dict[int, float | None]  # position -> normalised score (None: that group scored nothing)
    raw: dict[int, list[int]]  # position -> the values given (to it and to what was merged into it)
    quadrant: str | None = None  # "shared", "first", "second", "neither"; None if a side has no scale
    divergent: int | None = None  # the position of the group that holds it high, if divergent

    @property
    def shared(self) -> bool:
        return self.quadrant == "shared"


@dataclass
class Analysis:
    groups: dict[int, GroupIn]
    high: float
    low: float
    priorities: list[PriorityResult]
    scored: dict[int, bool]
    top: dict[int, list[PriorityResult]]
    surprises: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(self.scored.values()) and len(self.scored) == 2

    @property
    def shared(self) -> list[PriorityResult]:
        return _by_sum([p for p in self.priorities if p.quadrant == "shared"])

    @property
    def divergent(self) -> list[PriorityResult]:
        return _by_sum([p for p in self.priorities if p.divergent is not None])

    def quadrant_label(self, quadrant: str | None) -> str:
        return quadrant_labels(self.groups).get(quadrant or "", "Not placed")

    def rule(self) -> str:
        return rule_text(self.groups, self.high, self.low)


def _by_sum(items: list[PriorityResult]) -> list[PriorityResult]:
    return sorted(items, key=lambda p: (-sum(s or 0 for s in p.scores.values()), p.title.lower()))


# --- normalisation -----------------------------------------------------------------------------------

def normalise(values: dict[int, int | None], scoring: str) -> dict[int, float] | None:
    """{priority id: raw value or None (not scored)} -> {id: 0..1}, or None when nothing was scored."""
    given = {k: v for k, v in values.items() if v is not None}
    if scoring == "rank":
        ranks = {k: v for k, v in given.items() if v >= 1}
        if not ranks:
            return None
        n = max(len(values), max(ranks.values()))
        if n == 1:
            return {k: (1.0 if k in ranks else 0.0) for k in values}
        return {k: ((n - ranks[k]) / (n - 1) if k in ranks else 0.0) for k in values}
    top = max(given.values(), default=0)
    if top <= 0:
        return None
    return {k: (given.get(k) or 0) / top for k in values}


def fmt(score: float | None) -> str:
    """A 0–1 score as people read it: two decimal places, "not scored" for None."""
    return "not scored" if score is None else f"{score:.2f}"


# --- words -------------------------------------------------------------------------------------------

def _lower(text: str) -> str:
    """'Tenants' -> 'tenants' inside a sentence; an acronym ('ASB wardens') stays as it is."""
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1:2].islower() else text


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def quadrant_labels(groups: dict[int, GroupIn]) -> dict[str, str]:
    first, second = groups.get(1), groups.get(2)
    return {"shared": "Shared", "first": f"{first.name if first else 'First group'} only",
            "second": f"{second.name if second else 'Second group'} only", "neither": "Neither"}


def rule_text(groups: dict[int, GroupIn], high: float, low: float) -> str:
    a, b = groups[1].name, groups[2].name
    return (f"Each group’s scores are put on a scale from 0 to 1, where 1 is that group’s top priority. "
            f"A priority is shared when both {_lower(a)} and {_lower(b)} scored it {high:.2f} or more. "
            f"It is divergent when one group scored it {high:.2f} or more and the other {low:.2f} or less. "
            f"A priority one group did not score counts as 0 for that group.")


# --- the analysis ------------------------------------------------------------------------------------

def analyse(groups: Iterable[GroupIn], priorities: Iterable[PriorityIn], scores: dict[tuple[int, int], int],
            guesses: dict[int, list[int]] | None = None, high: float = 0.6, low: float = 0.3) -> Analysis:
    """scores: {(priority id, group position): raw value}; guesses: {group position: [priority ids
    in the order guessed]} (what that group expects the *other* group to put top)."""
    by_pos = {g.position: g for g in groups}
    plist = list(priorities)
    ids = {p.id for p in plist}
    norm: dict[int, dict[int, float] | None] = {}
    for pos, g in by_pos.items():
        norm[pos] = normalise({p.id: scores.get((p.id, pos)) for p in plist}, g.scoring)

    def survivor(p: PriorityIn) -> int:
        seen = set()
        while p.merged_into is not None and p.merged_into in ids and p.id not in seen:
            seen.add(p.id)
            p = next(q for q in plist if q.id == p.merged_into)
        return p.id

    members: dict[int, list[PriorityIn]] = {}
    for p in plist:
        members.setdefault(survivor(p), []).append(p)
    results = []
    for p in plist:
        if p.id not in members:
            continue
        group_of = members[p.id]
        res_scores: dict[int, float | None] = {}
        raw: dict[int, list[int]] = {}
        for pos in by_pos:
            scale = norm[pos]
            res_scores[pos] = None if scale is None else max(scale[m.id] for m in group_of)
            raw[pos] = [scores[(m.id, pos)] for m in group_of if (m.id, pos) in scores]
        results.append(PriorityResult(
            id=p.id, title=p.title, raised_by=sorted({m.raised_by for m in group_of}),
            merged_titles=[m.title for m in group_of if m.id != p.id], scores=res_scores, raw=raw))
    for r in results:
        r.quadrant, r.divergent = _place(r.scores.get(1), r.scores.get(2), high, low)
    scored = {pos: norm[pos] is not None for pos in by_pos}
    top = {pos: _top(results, pos) for pos in by_pos}
    out = Analysis(by_pos, high, low, results, scored, top)
    _surprises(out, guesses or {}, survivor_of={p.id: survivor(p) for p in plist})
    return out


def _place(a: float | None, b: float | None, high: float, low: float) -> tuple[str | None, int | None]:
    if a is None or b is None:
        return None, None
    if a >= high and b >= high:
        return "shared", None
    if a >= high:
        return "first", (1 if b <= low else None)
    if b >= high:
        return "second", (2 if a <= low else None)
    return "neither", None


def _top(results: list[PriorityResult], pos: int) -> list[PriorityResult]:
    best = max((r.scores.get(pos) or 0 for r in results), default=0)
    if best <= 0:
        return []
    return [r for r in results if (r.scores.get(pos) or 0) == best]


def _surprises(out: Analysis, guesses: dict[int, list[int]], survivor_of: dict[int, int]) -> None:
    results = {r.id: r for r in out.priorities}
    for pos, guesser in out.groups.items():
        other_pos = 2 if pos == 1 else 1
        other = out.groups.get(other_pos)
        if other is None:
            continue
        guessed_ids: list[int] = []
        for pid in guesses.get(pos, []):
            sid = survivor_of.get(pid)
            if sid is not None and sid not in guessed_ids:
                guessed_ids.append(sid)
        a, b = guesser.name, other.name
        if not guessed_ids:
            out.notes.append(f"{a} made no guesses about what {_lower(b)} would put first.")
            continue
        if not out.scored.get(other_pos):
            out.notes.append(f"{b} have not scored the priorities yet, so what {_lower(a)} expected of them "
                             f"cannot be checked.")
            continue
        top = out.top[other_pos]
        top_ids = {r.id for r in top}
        first = results[guessed_ids[0]]
        named: set[int] = set()
        if first.id not in top_ids:
            tops = _join([_lower(r.title) for r in top])
            joint = " joint" if len(top) > 1 else ""
            out.surprises.append(f"{a} expected {_lower(b)} to put {_lower(first.title)} first; "
                                 f"{_lower(b)} put {tops}{joint} first.")
            named |= top_ids | {first.id}
        for sid in guessed_ids:
            r = results[sid]
            score = r.scores.get(other_pos) or 0
            if sid in named or score >= out.high:
                continue
            out.surprises.append(f"{a} expected {_lower(b)} to hold {_lower(r.title)} high; {_lower(b)} scored it "
                                 f"{fmt(score)}, below the {fmt(out.high)} that counts as high.")
        missed = [r for r in out.priorities if (r.scores.get(other_pos) or 0) >= out.high
                  and r.id not in guessed_ids and r.id not in named]
        if missed:
            listed = _join([f"{_lower(r.title)} ({fmt(r.scores.get(other_pos))})" for r in missed])
            out.surprises.append(f"{a} did not expect {_lower(b)} to hold {listed} high.")
    for pos, g in out.groups.items():
        if not out.scored.get(pos):
            out.notes.append(f"{g.name} have not scored any priority yet: nothing can be shared or divergent "
                             f"until they do.")


# --- mood ----------------------------------------------------------------------------------------------

@dataclass
class MoodChange:
    position: int
    measure: str
    start: float | None
    end: float | None
    answered_start: int
    answered_end: int

    @property
    def change(self) -> float | None:
        return None if self.start is None or self.end is None else round(self.end - self.start, 2)


def mean(counts: list[int]) -> float | None:
    """The mean answer from how many gave each answer 1–5; None if nobody answered."""
    n = sum(counts)
    if n <= 0:
        return None
    return round(sum((i + 1) * c for i, c in enumerate(counts)) / n, 2)


def mood_changes(counts: dict[tuple[int, str, str], list[int]], positions: Iterable[int],
                 measures: Iterable[str] = ("respect", "trust")) -> list[MoodChange]:
    """counts: {(group position, "start" | "end", measure): [n answering 1, ..., n answering 5]}."""
    out = []
    for pos in positions:
        for measure in measures:
            start = counts.get((pos, "start", measure), [0] * 5)
            end = counts.get((pos, "end", measure), [0] * 5)
            out.append(MoodChange(pos, measure, mean(start), mean(end), sum(start), sum(end)))
    return out


def mood_sentence(m: MoodChange, group: str, measure_label: str) -> str:
    what = f"{group}: {measure_label.lower()}"
    if m.start is None and m.end is None:
        return f"{what} not recorded."
    if m.start is None or m.end is None:
        known = m.start if m.start is not None else m.end
        when = "start" if m.start is not None else "end"
        return f"{what} {known:.1f} out of 5 at the {when} of the day (the other end of the day is not recorded)."
    change = m.change or 0
    if change > 0:
        move = f"rose from {m.start:.1f} to {m.end:.1f} out of 5 (up {change:.1f})"
    elif change < 0:
        move = f"fell from {m.start:.1f} to {m.end:.1f} out of 5 (down {abs(change):.1f})"
    else:
        move = f"stayed at {m.start:.1f} out of 5"
    return f"{what} {move}."
