"""Survey rounds, answering, the daily release of held answers, codes and results. No request."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select, update

from fossdash import audit
from fossdash.extensions import db
from fossdash.metrics import surveys as m
from fossdash.modelkit import utcnow
from fossdash.surveys.models import (
    CORE,
    OWN,
    REDACTED_TEXT,
    AnswerCode,
    HeldAnswer,
    SurveyAnswer,
    SurveyRound,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
CODE_LENGTH = 10  # 32^10 = 2^50: not guessable within any rate limit
MAX_CODES = 2000


def today() -> date:
    return utcnow().date()


def rounds(project_id: int) -> list[SurveyRound]:
    return list(db.session.scalars(select(SurveyRound).where(SurveyRound.project_id == project_id)
                                   .order_by(SurveyRound.opens_on, SurveyRound.id)))


def open_rounds(project_id: int, on: date | None = None) -> list[SurveyRound]:
    on = on or today()
    return [r for r in rounds(project_id) if r.is_open(on)]


def answer_count(round_: SurveyRound) -> int:
    """Answers released and held: any at all fixes the round's items."""
    released = db.session.scalar(select(func.count()).select_from(SurveyAnswer)
                                 .where(SurveyAnswer.round_id == round_.id)) or 0
    held = db.session.scalar(select(func.count()).select_from(HeldAnswer).where(HeldAnswer.round_id == round_.id)) or 0
    return released + held


def items_fixed(round_: SurveyRound) -> bool:
    return round_.id is not None and answer_count(round_) > 0


# --- answering ------------------------------------------------------------------------------------

def normal_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def check_code(round_: SurveyRound, code: str) -> str | None:
    """Why this code cannot be used, or None."""
    row = db.session.get(AnswerCode, normal_code(code)) if normal_code(code) else None
    if row is None or row.round_id != round_.id:
        return "We do not recognise this code. Check it against your slip and try again"
    if row.spent:
        return "This code has already been used. Each code works once"
    return None


def submit(project, round_: SurveyRound, values: dict, code: str | None = None) -> HeldAnswer:
    """Hold one answer: its values, the agency and group if given (only the project's), and the
    day. A code is spent in the same transaction; nothing joins the two."""
    if round_.uses_codes:
        problem = check_code(round_, code or "")
        if problem:
            raise ValueError(problem)
        # Spent in one conditional write: of two answers sent with one code at the same moment,
        # only one finds it unspent.
        spent = db.session.execute(update(AnswerCode).where(
            AnswerCode.code == normal_code(code or ""), AnswerCode.round_id == round_.id,
            AnswerCode.spent.is_(False)).values(spent=True).execution_options(synchronize_session=False))
        if spent.rowcount != 1:
            raise ValueError("This code has already been used. Each code works once")
    agencies = {p.agency_id for p in project.partnerships}
    groups = {g.id for g in project.staff_groups}
    columns = [c for c, _ in round_.items]
    held = HeldAnswer(project_id=project.id, round_id=round_.id, answered_on=today())
    for col in columns:
        value = values.get(col)
        setattr(held, col, value if value in (1, 2, 3, 4, 5) else None)
    rec = values.get("recommend")
    held.recommend = rec if isinstance(rec, int) and 0 <= rec <= 10 else None
    held.agency_id = values.get("agency_id") if round_.ask_agency and values.get("agency_id") in agencies else None
    held.staff_group_id = (values.get("staff_group_id")
                           if round_.ask_group and values.get("staff_group_id") in groups else None)
    comment = (values.get("comment") or "").strip()
    held.comment = comment if round_.ask_comment and comment else None
    db.session.add(held)
    db.session.flush()
    return held


# --- codes ----------------------------------------------------------------------------------------

def make_codes(round_: SurveyRound, n: int) -> list[str]:
    made: set[str] = set()
    existing = set(db.session.scalars(select(AnswerCode.code).where(AnswerCode.round_id == round_.id)))
    while len(made) < n:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in existing:
            made.add(code)
    db.session.execute(insert(AnswerCode.__table__), [{"code": c, "round_id": round_.id, "spent": False}
                                                     for c in sorted(made)])
    round_.uses_codes = True
    audit.record("codes", "survey_round", round_.id, project_id=round_.project_id,
                 note=f"{n} answer codes made")
    return sorted(made)


def unspent_codes(round_: SurveyRound) -> list[str]:
    return list(db.session.scalars(select(AnswerCode.code).where(AnswerCode.round_id == round_.id,
                                                                 AnswerCode.spent.is_(False))
                                   .order_by(AnswerCode.code)))


def code_counts(round_: SurveyRound) -> tuple[int, int]:
    rows = dict(db.session.execute(select(AnswerCode.spent, func.count()).where(AnswerCode.round_id == round_.id)
                                   .group_by(AnswerCode.spent)).all())
    return rows.get(False, 0), rows.get(True, 0)


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


# --- results --------------------------------------------------------------------------------------

def _breakdown(project):
    """The project's agencies and staff groups (id, name) and the groups' headcount: two queries."""
    from fossdash.projects.models import Agency, Partnership, StaffGroup

    agencies = [tuple(r) for r in db.session.execute(
        select(Agency.id, Agency.name).join(Partnership, Partnership.agency_id == Agency.id)
        .where(Partnership.project_id == project.id).order_by(Agency.name))]
    rows = db.session.execute(select(StaffGroup.id, StaffGroup.name, StaffGroup.headcount)
                              .where(StaffGroup.project_id == project.id).order_by(StaffGroup.name)).all()
    groups = [(r.id, r.name) for r in rows]
    headcount = sum(r.headcount or 0 for r in rows)
    return agencies, groups, headcount


def round_results(project, round_: SurveyRound) -> m.RoundStats:
    from fossdash.surveys import totals

    agencies, groups, headcount = _breakdown(project)
    cells = totals.cell_stats([(round_.id, round_.closes_on)], today())[round_.id]
    return m.round_stats(cells, project.anonymity_k, headcount, agencies, groups,
                         breakdown=round_.closes_on < today())


@dataclass
class TrendPoint:
    round: SurveyRound
    stats: m.RoundStats


def trend(project) -> list[TrendPoint]:
    """Every round's results: the kept cells of final rounds, one aggregate query for the rest."""
    from fossdash.surveys import totals

    agencies, groups, headcount = _breakdown(project)
    all_rounds = rounds(project.id)
    cells = totals.cell_stats([(r.id, r.closes_on) for r in all_rounds], today())
    on = today()
    return [TrendPoint(r, m.round_stats(cells.get(r.id, {}), project.anonymity_k, headcount, agencies, groups,
                                        breakdown=r.closes_on < on))
            for r in all_rounds]


@dataclass
class Comment:
    id: str
    text: str
    redacted: bool
    agency: str | None
    group: str | None


def comments(project, round_: SurveyRound, stats: m.RoundStats) -> list[Comment]:
    """The round's comments, only when the round has k or more answers; each with its agency where
    that figure is shown, else its staff group where that is, never both: the two together name
    one cell of the breakdown, which may hold fewer than k people (found by review). In a stable
    random order (never arrival)."""
    if not stats.shown:
        return []
    names_a = {c.key: c.label for c in stats.agencies}
    names_g = {c.key: c.label for c in stats.groups}
    rows = db.session.execute(select(SurveyAnswer.id, SurveyAnswer.comment, SurveyAnswer.comment_redacted,
                                     SurveyAnswer.agency_id, SurveyAnswer.staff_group_id)
                              .where(SurveyAnswer.round_id == round_.id, SurveyAnswer.comment.is_not(None))
                              .order_by(SurveyAnswer.id)).all()
    out = []
    for r in rows:
        agency = names_a.get(r.agency_id) if r.agency_id is not None and stats.agency_shown(r.agency_id) else None
        group = names_g.get(r.staff_group_id) if agency is None and r.staff_group_id is not None and \
            stats.group_shown(r.staff_group_id) else None
        out.append(Comment(r.id, r.comment, r.comment_redacted, agency, group))
    return out


def answer_with_comment(round_: SurveyRound, answer_id: str) -> SurveyAnswer | None:
    row = db.session.get(SurveyAnswer, answer_id) if answer_id and len(answer_id) <= 32 else None
    if row is None or row.round_id != round_.id or row.comment is None:
        return None
    return row


def redact_comment(answer: SurveyAnswer) -> None:
    """Replace the comment; the log says a redaction happened and by whom, never the words (answers
    are never copied into the log)."""
    redact_copies(answer.project_id, answer.comment or "")
    answer.comment = REDACTED_TEXT
    answer.comment_redacted = True
    audit.record("redact", "survey_answer", None, project_id=answer.project_id,
                 note=f"A comment in survey round {answer.round_id} redacted: it could identify someone")


def redact_copies(project_id: int, text: str) -> int:
    """Questions and answers started from this comment (surveys.publish_comment copies its words
    into a draft) are reworded and taken off the staff page too, so the words survive nowhere."""
    from fossdash.concerns.models import QuestionAnswer

    words = (text or "").strip()
    if not words:
        return 0
    n = 0
    for qa in db.session.scalars(select(QuestionAnswer).where(QuestionAnswer.project_id == project_id)):
        if words in (qa.question or ""):
            qa.question = REDACTED_TEXT
            qa.published = False
            qa.published_on = None
            qa._audit_note = "Question redacted with the survey comment it came from; taken off the staff page"  # noqa: SLF001
            n += 1
    return n


# --- what needs attention -------------------------------------------------------------------------

CLOSING_SOON_DAYS = 7


def attention(project, on: date) -> list:
    """Rounds open now that close within a week: a nudge to remind staff while there is time, and
    to check the round will reach k answers (below k it shows nothing at all)."""
    from fossdash.domains import Attention

    from fossdash.metrics.surveys import round_dates

    soon = [(rid, title, closes) for rid, title, opens, closes in reversed(round_dates(project.id))
            if opens <= on <= closes and (closes - on).days <= CLOSING_SOON_DAYS]
    out = []
    for rid, title, closes in soon:
        days = (closes - on).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        out.append(Attention(f"Survey round “{title}” closes {when}: remind staff to answer",
                             "surveys.show", {"project_id": project.id, "round_id": rid}, severity="info"))
    return out


__all__ = ["CORE", "OWN"]
