"""The release of held survey answers: the staff link's and imported answers wait in
survey_answer_held until a release moves them into survey_answer, shuffled, with fresh random keys.

The rules make sure that comparing a round's results before and after any release never picks
out fewer than k answers (the project's anonymity threshold):

- never the answers of the day of the release (nothing places an answer finer than the day);
- while the round is open, only once at least 2k are due, and then all but the newest k: those k
  stay held for the round's closing, so the last release of a round is never under k either,
  however few answers come in its last days;
- once the round has closed: everything due, unless the round's results have already been shown
  (k or more released) and fewer than k are due: those wait until k have come. Once its results
  are shown, a closed round takes no more answers at all (the import refuses them,
  surveys/importer.check): k or more in all could still change one agency's or staff group's
  figures by fewer than k, or which figures are hidden, and comparing would give answers away;
- into a round whose results are shown, no release adds to any one question fewer than k
  answers (but some): an imported answer may leave questions empty, and a question's own figures
  (the eNPS, a statement's spread, the morale index) would move on those few. The answers to such
  a question wait, with the rest of their answers, until enough have come (questions_kept).

The release is set-based (one read, bulk inserts, bulk deletes): 100,000 held answers are released
in seconds, not one statement per answer. An import's answers that a release would let go at once
are stored as released in the first place (on_arrival), not held and moved.
"""
from __future__ import annotations

from datetime import date
from itertools import repeat
from typing import Sequence

from sqlalchemy import delete, exists, func, select, update

from fossdash import audit
from fossdash.extensions import db
from fossdash.surveys.models import CORE, OWN, VALUE_COLUMNS, AnswerCode, HeldAnswer, SurveyAnswer, SurveyRound

CHUNK = 500  # ids per DELETE (well under any database's limit on bound values)


def today() -> date:
    from fossdash.surveys import service

    return service.today()  # the surveys' day (tests set it there)


def answers_due(on: date, project_id: int | None = None) -> list:
    """The conditions of the held answers that may be released: from before `on` (of one project)."""
    where = [HeldAnswer.answered_on < on]
    if project_id is not None:
        where.append(HeldAnswer.project_id == project_id)
    return where


def releasable(due: int, k: int, closed: bool, released: int) -> int:
    """How many of a round's `due` held answers to release now (pure): see the module's rules.
    `released`: the round's answers released before."""
    if not closed:
        return due - k if due >= 2 * k else 0
    if released >= k and due < k:
        return 0
    return due


def released_counts(round_ids) -> dict[int, int]:
    """How many answers each of these rounds has released (a round with none left out): one query."""
    return dict(db.session.execute(select(SurveyAnswer.round_id, func.count()).where(
        SurveyAnswer.round_id.in_(list(round_ids))).group_by(SurveyAnswer.round_id)).all())


def oldest(items: Sequence, n: int, day) -> list:
    """n of `items`, the oldest days first (`day(item)`); of the newest day taken, only some may
    go: those at random (never in the order they came)."""
    import secrets
    from bisect import bisect_left, bisect_right

    if n <= 0:
        return []
    if n >= len(items):
        return list(items)
    ordered = sorted(items, key=day)
    days = list(map(day, ordered))
    lo, hi = bisect_left(days, days[n - 1]), bisect_right(days, days[n - 1])
    return ordered[:lo] + secrets.SystemRandom().sample(ordered[lo:hi], n - lo)


QUESTIONS = CORE + OWN + ["recommend"]  # (a question a round does not ask is answered by none)


def questions_kept(answers: Sequence, k: int, value=getattr) -> list:
    """Of answers about to be released into a round whose results are shown, the largest part in
    which each question is answered by none or by at least k (pure): the answers to a question
    fewer than k of them answered are taken out, question by question, until none is left (any
    such part has none of them, so what is left is the largest); nothing if fewer than k remain.
    `value(answer, column)` reads an answer (an attribute by default)."""
    kept = list(answers)
    changed = True
    while changed and kept:
        changed = False
        for column in QUESTIONS:
            answered = [value(a, column) is not None for a in kept]
            if 0 < sum(answered) < k:
                kept = [a for a, took in zip(kept, answered) if not took]
                changed = True
    return kept if len(kept) >= k else []


class ReleaseRaced(Exception):
    """Another release claimed some of the same held answers first."""


def release_held_answers(on: date | None = None, project_id: int | None = None) -> int:
    """Release what the rules allow (of one project, or all); returns how many. One audit count
    per round. In a savepoint of the caller's transaction: two releases at once claim the same
    rows, and the second, finding fewer than it read, undoes only itself and releases nothing
    (never the work around it, such as an import's)."""
    try:
        with db.session.begin_nested():
            return _release(on, project_id)
    except ReleaseRaced:
        return 0


def _release(on: date | None, project_id: int | None) -> int:
    from operator import attrgetter

    from fossdash.projects.models import DEFAULT_K, Project

    on = on or today()
    # In this order: _store reads the rows a column at a time.
    columns = [HeldAnswer.id, HeldAnswer.project_id, HeldAnswer.round_id, *(getattr(HeldAnswer, c) for c in VALUE_COLUMNS)]
    due = db.session.execute(select(*columns).where(*answers_due(on, project_id))).all()
    if not due:
        return 0
    by_round: dict[int, list] = {}
    for row in due:
        by_round.setdefault(row.round_id, []).append(row)
    closed = set(db.session.scalars(select(SurveyRound.id).where(SurveyRound.id.in_(by_round),
                                                                 SurveyRound.closes_on < on)))
    k = dict(db.session.execute(select(Project.id, Project.anonymity_k)
                                .where(Project.id.in_({row.project_id for row in due}))).all())
    released = released_counts(by_round)
    chosen: list = []
    for rid, rows in by_round.items():
        k_of = k.get(rows[0].project_id) or DEFAULT_K
        going = oldest(rows, releasable(len(rows), k_of, rid in closed, released.get(rid, 0)),
                       attrgetter("answered_on"))
        if going and released.get(rid, 0) >= k_of:  # shown: no question moves on fewer than k
            going = questions_kept(going, k_of)
        chosen.extend(going)
    if not chosen:
        return 0
    if _claim([row.id for row in chosen]) != len(chosen):
        raise ReleaseRaced()
    _store(chosen)
    per_round: dict[tuple[int, int], int] = {}
    for row in chosen:
        per_round[(row.project_id, row.round_id)] = per_round.get((row.project_id, row.round_id), 0) + 1
    released_now(per_round)
    return len(chosen)


def released_now(per_round: dict[tuple[int, int], int]) -> None:
    """What follows answers stored as released ({(project, round): how many}): the rounds' kept
    totals and spent codes (_after_release), and one audit count per round."""
    _after_release(sorted({rid for _pid, rid in per_round}))
    for (pid, rid), n in sorted(per_round.items()):
        audit.record("release", "survey_answer", rid, project_id=pid,
                     note=f"{n} survey answer{'' if n == 1 else 's'} released for round {rid}")


def on_arrival(project, round_ids: Sequence[int], days: Sequence[date], rows: Sequence[int],
               answers: dict[str, Sequence], on: date | None = None) -> dict[int, list[int]]:
    """Of answers arriving in bulk (an import: the rows at the indices `rows` of these columns,
    each one's round and day), the ones a release run now would release if they were held, by round
    ({round: their indices}). For a round with no answer held that is due, and no results shown
    since it closed, holding them and releasing at once come to the same, so they are stored as
    released straight away (by the caller, shuffled with fresh keys as _store does, then
    released_now). In a round that has held answers due, none: they are held and the release
    decides with the rest, as ever. The same rules (releasable, and questions_kept into a round
    whose results are shown: `answers` is each question's column, QUESTIONS); when only some go,
    the oldest days first and, within a day, chosen at random."""
    from itertools import compress
    from operator import gt

    from fossdash.projects.models import DEFAULT_K

    on = on or today()
    if not rows:
        return {}
    due: dict[int, list[int]] = {}
    at_rows = list(map(round_ids.__getitem__, rows))
    day_of = list(map(days.__getitem__, rows))
    one_round = at_rows.count(at_rows[0]) == len(at_rows)
    if one_round and max(day_of) < on:  # (the usual import: one round, every answer from before today)
        due[at_rows[0]] = list(rows)
    elif one_round:
        due[at_rows[0]] = list(compress(rows, map(gt, repeat(on), day_of)))
    else:
        early = map(gt, repeat(on), day_of)  # dated before `on`
        for i, rid, is_due in zip(rows, at_rows, early):
            if is_due:
                due.setdefault(rid, []).append(i)
    due = {rid: some for rid, some in due.items() if some}
    if not due:
        return {}
    held = dict(db.session.execute(select(HeldAnswer.round_id, func.count()).where(
        *answers_due(on), HeldAnswer.round_id.in_(due)).group_by(HeldAnswer.round_id)).all())
    closed = set(db.session.scalars(select(SurveyRound.id).where(SurveyRound.id.in_(due), SurveyRound.closes_on < on)))
    released = released_counts(due)
    k = project.anonymity_k or DEFAULT_K
    out: dict[int, list[int]] = {}
    for rid, some in due.items():
        if held.get(rid) or (rid in closed and released.get(rid, 0) >= k):  # (shown: left to the release)
            continue
        going = oldest(some, releasable(len(some), k, rid in closed, released.get(rid, 0)), days.__getitem__)
        if going and released.get(rid, 0) >= k:  # shown: no question moves on fewer than k
            going = questions_kept(going, k, lambda i, column: answers[column][i])
        if going:
            out[rid] = going
    return out


def _claim(ids: list[str]) -> int:
    """Delete the held answers being released, by their ids (never "every due one of a round",
    which could take one committed since they were read): how many were deleted, for the caller to
    compare with how many it read."""
    claimed = 0
    for i in range(0, len(ids), CHUNK):
        claimed += db.session.execute(delete(HeldAnswer).where(HeldAnswer.id.in_(ids[i:i + CHUNK]))).rowcount
    return claimed


def _store(rows: list) -> None:
    """The released answers, each with a fresh random key, written in the order of those keys:
    the order they arrived in is not kept (and the key index is only ever appended to)."""
    from fossdash.modelkit import keys_in_order
    from fossdash.reporting.import_write import insert_rows

    keys, order = keys_in_order(len(rows))
    # The rows are as read (id, project, round, then VALUE_COLUMNS): a column at a time.
    _held_ids, projects, rounds, *values = map(list, zip(*rows))
    insert_rows(SurveyAnswer.__table__, {**dict(zip(VALUE_COLUMNS, values)), "id": keys, "project_id": projects,
                                         "round_id": rounds, "comment_redacted": False, "illustrative": False},
                len(rows), rows=order)


def _after_release(round_ids: list[int]) -> None:
    """What a release changes besides the answers, in the same transaction."""
    from fossdash.portfolio.models import PortfolioRoundTotal
    from fossdash.surveys import totals

    # A closed round's totals kept for the portfolio (portfolio/rounds.py) and the trend page
    # (surveys/totals.py) are no longer its totals: counted afresh, and kept again once final.
    db.session.execute(delete(PortfolioRoundTotal).where(PortfolioRoundTotal.round_id.in_(round_ids)))
    totals.forget(round_ids)
    # Rewrite the released rounds' spent codes: in PostgreSQL a row's hidden transaction id (xmin)
    # is that of its last write, and a code spent with an answer shares the held answer's. After
    # this, every spent code and every released answer of the round carries the release's, so not
    # even that links (or orders) them.
    db.session.execute(update(AnswerCode).where(AnswerCode.round_id.in_(round_ids), AnswerCode.spent.is_(True))
                       .values(spent=True))


def release_held(on: date | None = None, project_id: int | None = None) -> tuple[int, int]:
    """Release everything due: survey answers and link concerns. Called when the team's pages are
    read, by `flask release-held`, by the import job, and by any periodic job; commits."""
    from fossdash.concerns.staff_link import held_due, release_held_concerns

    # Most page views find nothing held from before today: one statement asks both tables.
    day = on or today()
    any_answers, any_concerns = db.session.execute(
        select(exists().where(*answers_due(day, project_id)), exists().where(*held_due(day, project_id)))).one()
    answers = release_held_answers(on, project_id) if any_answers else 0
    concerns = release_held_concerns(on, project_id) if any_concerns else 0
    if answers or concerns:  # nothing released: nothing to commit (and the page's objects stay loaded)
        db.session.commit()
    return answers, concerns
