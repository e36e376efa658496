"""Survey rounds, answering, the daily release of held answers, codes and results. No request."""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, exists, func, insert, select, update

from fossdash import audit
from fossdash.extensions import db
from fossdash.metrics import surveys as m
from fossdash.modelkit import utcnow
from fossdash.surveys.models import (
    CORE,
    OWN,
    REDACTED_TEXT,
    VALUE_COLUMNS,
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


# --- the release ----------------------------------------------------------------------------------

def _answers_due(on: date, project_id: int | None = None) -> list:
    """The conditions of the held answers that may be released: from before `on` (of one project)."""
    where = [HeldAnswer.answered_on < on]
    if project_id is not None:
        where.append(HeldAnswer.project_id == project_id)
    return where


def release_held_answers(on: date | None = None, project_id: int | None = None) -> int:
    """Move held answers into survey_answer in shuffled order with fresh random keys. Only answers
    from before `on` (never the day's own, whatever happens to the round), and for each round only
    a batch of at least the project's k, or all of them once the round has closed: so comparing the
    results before and after a release never picks out fewer than k answers (but for the last batch
    of a round, which its closing fixes for good). One audit count per round."""
    from fossdash.projects.models import DEFAULT_K, Project

    on = on or today()
    due = list(db.session.scalars(select(HeldAnswer).where(*_answers_due(on, project_id))))
    if not due:
        return 0
    round_ids = {h.round_id for h in due}
    closed = set(db.session.scalars(select(SurveyRound.id).where(SurveyRound.id.in_(round_ids),
                                                                 SurveyRound.closes_on < on)))
    k = {pid: kk for pid, kk in db.session.execute(select(Project.id, Project.anonymity_k)
                                                    .where(Project.id.in_({h.project_id for h in due})))}
    by_round: dict[int, list[HeldAnswer]] = {}
    for h in due:
        by_round.setdefault(h.round_id, []).append(h)
    held = [h for rid, batch in by_round.items()
            if rid in closed or len(batch) >= k.get(batch[0].project_id, DEFAULT_K) for h in batch]
    if not held:
        return 0
    claimed = db.session.execute(delete(HeldAnswer).where(HeldAnswer.id.in_([h.id for h in held])))
    if claimed.rowcount != len(held):
        db.session.rollback()
        return 0
    random.SystemRandom().shuffle(held)
    from fossdash.concerns.models import new_key

    for h in held:
        row = {c: getattr(h, c) for c in VALUE_COLUMNS}
        row.update(id=new_key(), project_id=h.project_id, round_id=h.round_id, comment_redacted=False,
                   illustrative=False)
        db.session.execute(insert(SurveyAnswer.__table__).values(**row))
    # Rewrite the released rounds' spent codes in this same transaction: in PostgreSQL a row's
    # hidden transaction id (xmin) is that of its last write, and a code spent with an answer shares
    # the held answer's. After this, every spent code and every released answer of the round
    # carries the release's, so not even that links (or orders) them.
    released_rounds = sorted({h.round_id for h in held})
    # A closed round's total kept for the portfolio (portfolio/rounds.py) is no longer its total:
    # it is counted afresh, and kept again once final.
    from fossdash.portfolio.models import PortfolioRoundTotal
    from fossdash.surveys import totals

    db.session.execute(delete(PortfolioRoundTotal).where(PortfolioRoundTotal.round_id.in_(released_rounds)))
    totals.forget(released_rounds)
    db.session.execute(update(AnswerCode).where(AnswerCode.round_id.in_(released_rounds), AnswerCode.spent.is_(True))
                       .values(spent=True))
    per_round: dict[tuple[int, int], int] = {}
    for h in held:
        per_round[(h.project_id, h.round_id)] = per_round.get((h.project_id, h.round_id), 0) + 1
    for (pid, rid), n in sorted(per_round.items()):
        audit.record("release", "survey_answer", rid, project_id=pid,
                     note=f"{n} survey answer{'' if n == 1 else 's'} released for round {rid}")
    for h in held:
        db.session.expunge(h)
    return len(held)


def release_held(on: date | None = None, project_id: int | None = None) -> tuple[int, int]:
    """Release everything due: survey answers and link concerns. Called when the team's pages are
    read, by `flask release-held`, and by any periodic job; commits."""
    from fossdash.concerns.service import held_due, release_held_concerns

    # Most page views find nothing held from before today: one statement asks both tables.
    day = on or today()
    any_answers, any_concerns = db.session.execute(
        select(exists().where(*_answers_due(day, project_id)), exists().where(*held_due(day, project_id)))).one()
    answers = release_held_answers(on, project_id) if any_answers else 0
    concerns = release_held_concerns(on, project_id) if any_concerns else 0
    if answers or concerns:  # nothing released: nothing to commit (and the page's objects stay loaded)
        db.session.commit()
    return answers, concerns


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
    return m.round_stats(cells, project.anonymity_k, headcount, agencies, groups)


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
    return [TrendPoint(r, m.round_stats(cells.get(r.id, {}), project.anonymity_k, headcount, agencies, groups))
            for r in all_rounds]


@dataclass
class Comment:
    id: str
    text: str
    redacted: bool
    agency: str | None
    group: str | None


def comments(project, round_: SurveyRound, stats: m.RoundStats) -> list[Comment]:
    """The round's comments, only when the round has k or more answers; each with its agency and
    group only where that figure is shown. In a stable random order (never arrival)."""
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
        group = names_g.get(r.staff_group_id) if r.staff_group_id is not None and stats.group_shown(
            r.staff_group_id) else None
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

    soon = [r for r in rounds(project.id) if r.opens_on <= on <= r.closes_on
            and (r.closes_on - on).days <= CLOSING_SOON_DAYS]
    out = []
    for r in soon:
        days = (r.closes_on - on).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        out.append(Attention(f"Survey round “{r.title}” closes {when}: remind staff to answer",
                             "surveys.show", {"project_id": project.id, "round_id": r.id}, severity="info"))
    return out


__all__ = ["CORE", "OWN"]
