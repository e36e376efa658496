"""The workshop's words and small rules: pure, no database, no request. What the scores say is
worked out in fossdash.metrics.workshops."""
from __future__ import annotations

from datetime import date

DEFAULT_HIGH = "0.60"
DEFAULT_LOW = "0.30"

SCORINGS = {"votes": "Votes: how many each priority got", "rank": "Ranking: 1 is the top"}
IMPACTS = {
    "build_respect": "Build respect",
    "share_expertise": "Share expertise",
    "negotiate_change": "Negotiate change",
    "shared_priorities": "Identify shared priorities",
}
MOMENTS = {"start": "Start of the day", "end": "End of the day"}
MEASURES = {"respect": "Respect", "trust": "Trust"}
MOOD_QUESTIONS = {
    "respect": "How much do you feel the other group respects you? (1 not at all, 5 completely)",
    "trust": "How much do you trust the other group? (1 not at all, 5 completely)",
}
ACTION_STATUSES = {"not_started": "Not started", "in_progress": "In progress", "done": "Done"}
ACTION_STATES = {"overdue": "Overdue", "not_started": "Not started", "in_progress": "In progress", "done": "Done"}
STATE_TAGS = {"overdue": "govuk-tag--red", "not_started": "govuk-tag--grey", "in_progress": "govuk-tag--blue",
              "done": "govuk-tag--green"}
GUESSES = 3  # how many places a group guesses of the other's list
MAX_VOTES = 1000
MAX_PEOPLE = 1000


def action_state(status: str, due_on: date, today: date) -> str:
    """An action not done whose due date has passed is overdue, whatever else was recorded."""
    if status != "done" and due_on < today:
        return "overdue"
    return status if status in ACTION_STATUSES else "not_started"


def parse_lines(text: str, limit: int = 200) -> tuple[list[str], list[str]]:
    """Priorities typed one a line -> (titles, problems). Blank lines and repeats are dropped; a
    leading "-", "*", "•" or "1." is taken off; a line longer than `limit` is a problem."""
    titles: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip().lstrip("-*•").strip()
        head, dot, rest = line.partition(".")
        if dot and head.isdigit() and rest.strip():
            line = rest.strip()
        if not line:
            continue
        if len(line) > limit:
            problems.append(f"Line {n} must be {limit} characters or fewer")
            continue
        key = " ".join(line.lower().split())
        if key in seen:
            continue
        seen.add(key)
        titles.append(line)
    return titles, problems

