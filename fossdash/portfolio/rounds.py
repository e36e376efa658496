"""Survey rounds' answers added up, kept once final (see fossdash/portfolio/models.py): a fixed
number of queries whatever the number of rounds or answers (the kept totals, then, only if some
round's total is not kept, the rounds with answers still held and the answers of the rounds not
kept), and one insert when some round has just become final."""
from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import bindparam, case, func, insert, select
from sqlalchemy.exc import IntegrityError

from fossdash import sqlrows
from fossdash.extensions import db

Total = tuple[int, int, int]  # answers, sum of the core answers, how many core answers


def count(session, round_ids: list[int]) -> dict[int, Total]:
    """The answers of these rounds added up: one aggregate query."""
    from fossdash.surveys.models import SurveyAnswer as A

    core = [A.q1, A.q2, A.q3, A.q4, A.q5]
    core_sum = sum((func.coalesce(c, 0) for c in core[1:]), func.coalesce(core[0], 0))
    core_n = sum((case((c.is_not(None), 1), else_=0) for c in core[1:]), case((core[0].is_not(None), 1), else_=0))
    rows = session.execute(
        select(A.round_id, func.count(), func.sum(core_sum), func.sum(core_n))
        .where(A.round_id.in_(round_ids)).group_by(A.round_id)
    ).all()
    return {rid: (int(n), int(s or 0), int(cn or 0)) for rid, n, s, cn in rows}


def _kept():
    from fossdash.portfolio.models import PortfolioRoundTotal as T

    return (select(T.round_id, T.closes_on, T.answers, T.core_sum, T.core_n)
            .where(T.round_id.in_(bindparam("ids", expanding=True))))


_KEPT = sqlrows.prepared(_kept)


def totals(session, rounds: Iterable[tuple[int, int, date]], today: date | None = None) -> dict[int, Total]:
    """{round id: (answers, core sum, core n)} for (round id, project id, closes on) rounds, from
    the kept totals where final, counted afresh otherwise (and kept when they have just become
    final). Rounds without answers are (0, 0, 0)."""
    from fossdash.portfolio.models import PortfolioRoundTotal as T
    from fossdash.surveys.models import HeldAnswer

    from fossdash.readcache import has_written

    session = session or db.session
    today = today or date.today()
    # Kept only from a session with nothing else to write: keeping commits (as surveys/totals.py).
    may_keep = not has_written(session)
    rounds = list(rounds)
    closes = {rid: (pid, on) for rid, pid, on in rounds}
    out: dict[int, Total] = {}
    for rid, on, n, s, cn in sqlrows.rows(session, _KEPT(), ids=list(closes)):
        if closes[rid][1] == on:
            out[rid] = (n, s, cn)
    missing = [rid for rid in closes if rid not in out]
    if not missing:  # every round's total was kept: nothing to count
        return out
    held = set(session.scalars(select(HeldAnswer.round_id).where(HeldAnswer.round_id.in_(missing)).distinct()))
    counted = count(session, missing)
    final = []
    for rid in missing:
        out[rid] = counted.get(rid, (0, 0, 0))
        pid, on = closes[rid]
        if on < today and rid not in held:
            final.append({"round_id": rid, "project_id": pid, "closes_on": on, "counted_on": today,
                          "answers": out[rid][0], "core_sum": out[rid][1], "core_n": out[rid][2]})
    if final and may_keep:
        try:
            with session.begin_nested():
                session.execute(insert(T), final)
            session.commit()
        except IntegrityError:  # another request kept them first: the same figures
            session.rollback()
    return out
