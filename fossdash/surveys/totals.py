"""Survey rounds' answers added up per (agency, staff group) cell, kept once final
(surveys.models.RoundCells): a fixed number of queries whatever the rounds or answers (the kept
cells, the rounds with answers still held, one GROUP BY over the answers of the rounds not kept),
and one insert when some round has just become final. The same figures as
metrics.surveys.cell_stats, which counts them afresh (tests/surveys/test_totals.py)."""
from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import scoped_session

from fossdash.extensions import db
from fossdash.metrics import surveys as m
from fossdash.readcache import has_written
from fossdash.sqlrows import prepared, rows

Cells = dict[tuple[int | None, int | None], m.Stats]


def _kept():
    from fossdash.surveys.models import RoundCells

    return (select(RoundCells.round_id, RoundCells.closes_on, RoundCells.cells)
            .where(RoundCells.round_id.in_(bindparam("ids", expanding=True))))


_KEPT = prepared(_kept)


def cell_stats(rounds: Iterable[tuple[int, date]], today: date | None = None, session=None) -> dict[int, Cells]:
    """{round id: {(agency id, group id): Stats}} for (round id, closes on) rounds: kept cells
    where final, counted afresh otherwise (and kept when just final)."""
    from fossdash.surveys.models import HeldAnswer, RoundCells

    session = session or db.session
    today = today or date.today()
    # Kept only from a session with nothing else to write: keeping commits, and must never
    # commit a change the caller has not finished with (counted afresh then, kept next time).
    may_keep = not has_written(session)
    closes = {rid: on for rid, on in rounds}
    out: dict[int, Cells] = {}
    if not closes:
        return out
    for rid, on, cells in rows(session, _KEPT(), ids=list(closes)):
        if closes[rid] == on:
            out[rid] = {(a, g): m.Stats(*figures) for a, g, *figures in cells}
    missing = [rid for rid in closes if rid not in out]
    if not missing:
        return out
    counted = m.cell_stats(missing, session=session)
    out.update(counted)
    candidates = [rid for rid in missing if closes[rid] < today]
    if candidates and may_keep:
        held = set(session.scalars(select(HeldAnswer.round_id).where(HeldAnswer.round_id.in_(candidates)).distinct()))
        final = [RoundCells(round_id=rid, closes_on=closes[rid], counted_on=today,
                            cells=[[a, g, s.n, s.core_sum, s.core_n, s.promoters, s.detractors, s.recommend_n]
                                   for (a, g), s in sorted(counted[rid].items(), key=lambda kv: _order(kv[0]))])
                 for rid in candidates if rid not in held]
        if final:
            try:
                with session.begin_nested():
                    session.add_all(final)
            except IntegrityError:  # another request kept them first: the same figures
                pass
            else:
                _commit_keeping_loaded(session)
    return out


def _commit_keeping_loaded(session) -> None:
    """Commit (the kept cells are all this request writes) without expiring what the request has
    already loaded (its rounds): the commit changed none of it."""
    target = session.registry() if isinstance(session, scoped_session) else session
    expire = target.expire_on_commit
    target.expire_on_commit = False
    try:
        target.commit()
    finally:
        target.expire_on_commit = expire


def _order(key: tuple[int | None, int | None]) -> tuple[int, int]:
    a, g = key
    return (-1 if a is None else a, -1 if g is None else g)


def forget(round_ids: list[int], session=None) -> None:
    """These rounds' kept cells are no longer their totals (a release added answers)."""
    from sqlalchemy import delete

    from fossdash.surveys.models import RoundCells

    if round_ids:
        (session or db.session).execute(delete(RoundCells).where(RoundCells.round_id.in_(round_ids)))
