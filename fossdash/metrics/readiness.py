"""Readiness, pure: RAG ratings, the ADKAR barrier point, the evidence readiness index and the
divergence between a self-assessment and the evidence. No database and no request: every function
is handed plain numbers (fossdash/metrics/readiness_data.py gathers them from the records).

- `rag(score)`: 1–2 red, 3 amber, 4–5 green; always a word (`Rag.word`) as well as a colour.
- `barrier(scores)`: ADKAR's barrier point, the first element (in ADKAR order) scoring 3 or less.
- `component(name, counts)`: one evidence component, 0–100, with its working in words, the
  framework dimension it evidences and the records it links to; no records is "no evidence"
  (score None), never 0.
- `index(components, weights)`: the weighted mean of the components that have evidence.
- `divergence(rating, evidence)`: a flag where the self-assessment and the evidence disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

FOSS = "foss"
ADKAR = "adkar"
FRAMEWORKS = {FOSS: "FOSS key learning points", ADKAR: "ADKAR"}
DIMENSIONS: dict[str, dict[str, str]] = {
    FOSS: {
        "leadership": "Leadership",
        "stakeholder_engagement": "Stakeholder engagement",
        "communication": "Communication",
        "training": "Training and development",
        "culture": "Culture change",
        "people_hr": "People and HR",
    },
    ADKAR: {
        "awareness": "Awareness",
        "desire": "Desire",
        "knowledge": "Knowledge",
        "ability": "Ability",
        "reinforcement": "Reinforcement",
    },
}
MIN_SCORE, MAX_SCORE = 1, 5


@dataclass(frozen=True)
class Rag:
    key: str  # "red", "amber", "green"
    word: str  # "Red", "Amber", "Green": always shown, colour is the second cue
    tag: str  # GOV.UK tag class


RED = Rag("red", "Red", "govuk-tag--red")
AMBER = Rag("amber", "Amber", "govuk-tag--yellow")
GREEN = Rag("green", "Green", "govuk-tag--green")


def rag(score: int | None) -> Rag | None:
    """A 1–5 self-assessment score as RAG: 1–2 red, 3 amber, 4–5 green (None for no score)."""
    if score is None:
        return None
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise ValueError(f"score {score} is not 1 to 5")
    return RED if score <= 2 else AMBER if score == 3 else GREEN


def evidence_rag(value: float | None) -> Rag | None:
    """An evidence figure 0–100 as RAG: under 50 red, 50 to 75 amber, over 75 green."""
    if value is None:
        return None
    return RED if value < 50 else GREEN if value > 75 else AMBER


def barrier(scores: Mapping[str, int | None]) -> str | None:
    """ADKAR's barrier point: the first element, in ADKAR order, scoring 3 or less (its key)."""
    for key in DIMENSIONS[ADKAR]:
        score = scores.get(key)
        if score is not None and score <= 3:
            return key
    return None


# --- evidence components ---------------------------------------------------------------------

@dataclass(frozen=True)
class ComponentDef:
    name: str
    label: str
    dimension: str  # the FOSS key learning point it evidences
    adkar: str  # and the ADKAR element
    endpoint: str  # the records behind it (takes project_id)


COMPONENTS: dict[str, ComponentDef] = {c.name: c for c in [
    ComponentDef("training", "Training coverage of targeted groups", "training", "knowledge", "training.index"),
    ComponentDef("comms", "Communication actions done by their due date", "communication", "awareness",
                 "comms.index"),
    ComponentDef("concerns", "Concerns answered within the target days", "stakeholder_engagement", "desire",
                 "concerns.index"),
    ComponentDef("grading", "Grading issues agreed", "people_hr", "reinforcement", "grading.index"),
    ComponentDef("morale", "Latest morale index", "culture", "desire", "surveys.index"),
    ComponentDef("participation", "Survey participation", "leadership", "awareness", "surveys.index"),
]}


@dataclass(frozen=True)
class Component:
    name: str
    label: str
    score: float | None  # 0–100; None is "no evidence", never 0
    working: str  # "12 of 20 actions done by their due date", or "No evidence"
    dimension: str
    adkar: str
    endpoint: str

    @property
    def has_evidence(self) -> bool:
        return self.score is not None

    @property
    def rag(self) -> Rag | None:
        return evidence_rag(self.score)


NO_EVIDENCE = "No evidence"


def _share(done: int, total: int) -> float | None:
    return None if total <= 0 else round(100 * max(0, min(done, total)) / total, 1)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def component(name: str, counts: Mapping[str, float | int] | None, *, target_days: int = 10) -> Component:
    """One component from its plain counts (None: no provider or no records, "no evidence").

    counts by component: training {"trained", "targeted"} (staff in targeted groups);
    comms {"done_on_time", "due"} (actions due by the date); concerns {"answered_in_time", "due"}
    (concerns raised at least target days before the date, or answered); grading {"agreed",
    "total"}; morale {"index"} (already 0–100) with optional {"respondents"}; participation
    {"responses", "invited"}."""
    d = COMPONENTS[name]
    score: float | None = None
    working = NO_EVIDENCE
    c = counts or {}
    if name == "training" and c.get("targeted"):
        score = _share(int(c["trained"]), int(c["targeted"]))
        working = f"{int(c['trained']):,} of {_plural(int(c['targeted']), 'targeted member', 'targeted staff')} trained"
    elif name == "comms" and c.get("due"):
        score = _share(int(c["done_on_time"]), int(c["due"]))
        working = f"{int(c['done_on_time']):,} of {_plural(int(c['due']), 'action', 'actions')} done by their due date"
    elif name == "concerns" and c.get("due"):
        score = _share(int(c["answered_in_time"]), int(c["due"]))
        working = (f"{int(c['answered_in_time']):,} of {_plural(int(c['due']), 'concern', 'concerns')} answered "
                   f"within {target_days} days")
    elif name == "grading" and c.get("total"):
        score = _share(int(c["agreed"]), int(c["total"]))
        working = f"{int(c['agreed']):,} of {_plural(int(c['total']), 'grading issue', 'grading issues')} agreed"
    elif name == "morale" and c.get("index") is not None:
        score = round(max(0.0, min(100.0, float(c["index"]))), 1)
        working = f"Morale index {score:g} out of 100 in the latest round"
    elif name == "participation" and c.get("invited"):
        score = _share(int(c["responses"]), int(c["invited"]))
        working = f"{int(c['responses']):,} of {_plural(int(c['invited']), 'member', 'staff')} invited took part"
    return Component(d.name, d.label, score, working, d.dimension, d.adkar, d.endpoint)


def index(components: list[Component], weights: Mapping[str, float] | None = None) -> float | None:
    """The weighted mean of the components with evidence (equal weights by default); None when
    no component has evidence."""
    weights = weights or {}
    pairs = [(c.score, float(weights.get(c.name, 1.0))) for c in components if c.score is not None]
    pairs = [(s, w) for s, w in pairs if w > 0]
    total = sum(w for _s, w in pairs)
    if not total:
        return None
    return round(sum(s * w for s, w in pairs) / total, 1)


def dimension_evidence(components: list[Component], framework: str = FOSS) -> dict[str, float | None]:
    """Each dimension's evidence: the mean of the components evidencing it (None: no evidence)."""
    out: dict[str, float | None] = {}
    for key in DIMENSIONS[framework]:
        scores = [c.score for c in components if c.score is not None
                  and (c.dimension if framework == FOSS else c.adkar) == key]
        out[key] = round(sum(scores) / len(scores), 1) if scores else None
    return out


@dataclass(frozen=True)
class Divergence:
    dimension: str
    reason: str


def divergence(dimension_label: str, score: int | None, evidence: float | None) -> Divergence | None:
    """Self-assessed green while the evidence is under 50, or red while it is over 75."""
    r = rag(score)
    if r is None or evidence is None:
        return None
    if r is GREEN and evidence < 50:
        return Divergence(dimension_label, f"{dimension_label} is self-assessed green ({score} of 5) but its "
                                           f"evidence is {evidence:g} out of 100, under 50")
    if r is RED and evidence > 75:
        return Divergence(dimension_label, f"{dimension_label} is self-assessed red ({score} of 5) but its "
                                           f"evidence is {evidence:g} out of 100, over 75")
    return None
