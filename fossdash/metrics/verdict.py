"""The one-line verdict the portfolio gives each project: pure, no database, no request.

    verdict(Inputs(...)) -> Verdict(name, detail, severity, reason); .text is "<name>: <detail>"

The first rule that applies wins, most urgent first:

1. Go-live within GO_LIVE_WEEKS weeks and the weakest evidence under 50:
   "Kent Gateway: training coverage 40% with go-live in 6 weeks".
2. ADKAR barrier point on the latest ADKAR assessment: "Braintree Children's Trust: ADKAR barrier
   at desire (2 of 5)".
3. A self-assessment that its evidence contradicts: "Kent Gateway: communication self-assessed
   green but its evidence today is 33 out of 100".
4. The weakest evidence under 50 (no go-live close): "...: concerns answered in time 35%".
5. A red dimension on the latest self-assessment: "...: leadership self-assessed red (2 of 5)".
6. No evidence and no assessment at all: "...: no readiness evidence or assessment yet".
7. Evidence index over 75, nothing red: "...: on track, evidence index 82 out of 100".
8. Otherwise: "...: evidence index 62 out of 100; weakest is survey participation 55%".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from fossdash.metrics import readiness as rules

GO_LIVE_WEEKS = 12
WEAK = 50.0  # evidence under this is red (metrics.readiness.evidence_rag)
ON_TRACK = 75.0

# How a component is named in a verdict, and whether its score reads as a percentage.
SHORT: dict[str, tuple[str, bool]] = {
    "training": ("training coverage", True),
    "comms": ("communication actions on time", True),
    "concerns": ("concerns answered in time", True),
    "grading": ("grading issues agreed", True),
    "morale": ("morale index", False),
    "participation": ("survey participation", True),
}


@dataclass(frozen=True)
class Inputs:
    name: str
    today: date
    go_live: date | None = None
    components: list[rules.Component] = field(default_factory=list)
    index: float | None = None
    # The latest self-assessment (FOSS): dimension key -> score 1–5.
    scores: Mapping[str, int | None] = field(default_factory=dict)
    framework: str = rules.FOSS
    # The latest ADKAR assessment's barrier point (element key) and its score.
    barrier: str | None = None
    barrier_score: int | None = None
    divergences: list[tuple[str, int, float]] = field(default_factory=list)  # (dimension key, score, evidence)


@dataclass(frozen=True)
class Verdict:
    name: str  # the project's
    detail: str  # what is wrong or right, as a clause: "on track, evidence index 72 out of 100"
    severity: str  # "red", "amber", "green" or "grey" (no evidence)
    reason: str  # which rule: "go_live", "barrier", "divergence", "weak", "red", "none", "on_track", "index"

    @property
    def text(self) -> str:
        """The verdict as one line: "<project>: <detail>"."""
        return f"{self.name}: {self.detail}"


def figure(component: rules.Component) -> str:
    """'training coverage 40%' or 'morale index 38 out of 100'."""
    words, percent = SHORT.get(component.name, (component.label.lower(), True))
    score = component.score if component.score is not None else 0.0
    value = f"{score:.0f}"
    return f"{words} {value}%" if percent else f"{words} {value} out of 100"


def until(today: date, day: date) -> str:
    """'today', 'tomorrow', 'in 5 days', 'in 6 weeks' (whole weeks, rounded down)."""
    days = (day - today).days
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 14:
        return f"in {days} days"
    return f"in {days // 7} weeks"


def weakest(components: list[rules.Component]) -> rules.Component | None:
    with_evidence = [c for c in components if c.score is not None]
    if not with_evidence:
        return None
    return min(with_evidence, key=lambda c: (c.score, _ORDER[c.name]))


_ORDER = {name: i for i, name in enumerate(rules.COMPONENTS)}  # ties go to the component listed first


def verdict(i: Inputs) -> Verdict:
    low = weakest(i.components)
    weak = low is not None and low.score is not None and low.score < WEAK
    going_live = i.go_live is not None and 0 <= (i.go_live - i.today).days <= GO_LIVE_WEEKS * 7
    if weak and going_live and low is not None and i.go_live is not None:
        return Verdict(i.name, f"{figure(low)} with go-live {until(i.today, i.go_live)}", "red", "go_live")
    if i.barrier:
        label = rules.DIMENSIONS[rules.ADKAR].get(i.barrier, i.barrier).lower()
        score = f" ({i.barrier_score} of 5)" if i.barrier_score is not None else ""
        return Verdict(i.name, f"ADKAR barrier at {label}{score}", "red", "barrier")
    if i.divergences:
        key, given, evidence = i.divergences[0]
        label = rules.DIMENSIONS[rules.FOSS].get(key, key).lower()
        said = rules.rag(given)
        word = said.word.lower() if said else ""
        return Verdict(i.name, f"{label} self-assessed {word} but its evidence today is {evidence:.0f} out of 100",
                       "red", "divergence")
    if weak and low is not None:
        return Verdict(i.name, figure(low), "red", "weak")
    reds = [k for k, s in i.scores.items() if s is not None and s <= 2]
    if reds:
        dims = rules.DIMENSIONS.get(i.framework, rules.DIMENSIONS[rules.FOSS])
        key = next(k for k in dims if k in reds) if any(k in dims for k in reds) else reds[0]
        return Verdict(i.name, f"{dims.get(key, key).lower()} self-assessed red ({i.scores[key]} of 5)",
                       "red", "red")
    if i.index is None:
        if not i.scores:
            return Verdict(i.name, "no readiness evidence or assessment yet", "grey", "none")
        return Verdict(i.name, "no evidence from the records yet to check the self-assessment", "grey", "none")
    if i.index > ON_TRACK:
        # On track by its records alone; said, where nobody has self-assessed it on the key points.
        unassessed = "" if i.scores else "; not self-assessed yet"
        return Verdict(i.name, f"on track, evidence index {i.index:.0f} out of 100{unassessed}", "green", "on_track")
    tail = f"; weakest is {figure(low)}" if low is not None else ""
    return Verdict(i.name, f"evidence index {i.index:.0f} out of 100{tail}", "amber", "index")
