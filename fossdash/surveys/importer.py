"""Importing pulse survey answers from another survey tool's spreadsheet (the mechanism is
fossdash/reporting/importing.py).

The file's columns are matched to the items by their header text (case, punctuation and a
leading "Q1." ignored); where a header is only close, or a required column is missing, the
mapping step asks which column is which (the round may be chosen there for every row). Values
may be numbers (1-5; 0-10 for the recommend question) or labels ("Strongly agree").

Imported answers are treated exactly as the staff link's: only the round, the item values, the
agency and staff group if given, the comment and the day are read (any other column of the file,
such as a respondent's email or a time of day, is never read); they are held and released by
the link's rules, shuffled, with fresh random keys (those a release would let go at once are
stored as released in the first place: release.on_arrival); no record id is kept
beside an imported row, and the uploaded file is deleted once imported; the results pages apply
the project's threshold k to them as to any answer. Two people may give identical answers, so
identical rows are distinct answers (counted by occurrence: the same file imported again still
creates nothing)."""
from __future__ import annotations

from datetime import date
from itertools import chain, compress
from operator import itemgetter, methodcaller, not_
from typing import Any, Sequence

from sqlalchemy import select

from fossdash.extensions import db
from fossdash.modelkit import keys_in_order, picker
from fossdash.reporting.importing import ImportColumn, Importer, insert_rows
from fossdash.surveys import release
from fossdash.surveys.models import (
    COMMENT_MAX, CORE, CORE_ITEMS, OWN, RECOMMEND, SCALE, HeldAnswer, SurveyAnswer, SurveyRound,
)

LABELS = {label: value for value, label in SCALE.items()}
LABELS.update({"Neither agree or disagree": 3, "Neutral": 3, "Neither": 3})


def _rounds(project) -> list[SurveyRound]:
    return list(db.session.scalars(select(SurveyRound).where(SurveyRound.project_id == project.id)
                                   .order_by(SurveyRound.opens_on, SurveyRound.id)))


def round_labels(project) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in _rounds(project):
        label = r.title if r.title not in out else f"{r.title} ({r.opens_on:%-d %b %Y})"
        out[label] = r.id
    return out


def own_statements(project) -> list[str]:
    """Every round's own statements, each once, in the order they first appear."""
    seen: dict[str, None] = {}
    for r in _rounds(project):
        for s in r.own_items or []:
            seen.setdefault(s, None)
    return list(seen)


def _agencies(project) -> dict:
    from fossdash.projects.service import partner_agencies

    return {a.name: a.id for a in partner_agencies(project)}


def _groups(project) -> dict:
    return {g.name: g.id for g in sorted(project.staff_groups, key=lambda g: g.name.lower())}


def columns(project) -> list[ImportColumn]:
    context = _context(project, fresh=True)
    scale = dict(LABELS)
    out = [
        ImportColumn("round_id", "Survey round", "choice", required=True, choices=round_labels, width=30,
                     help="The round of fossdash's pulse survey these answers belong to."),
        ImportColumn("answered_on", "Date answered", "date", width=14,
                     help="The day (never the time). If empty: the round's closing day, or today if sooner."),
    ]
    out += [ImportColumn(key, statement, "scale", minimum=1, maximum=5, choices=lambda p: scale, width=22,
                         help="1 Strongly disagree to 5 Strongly agree.")
            for key, statement in zip(CORE, CORE_ITEMS)]
    out += [ImportColumn(f"own{i}", statement, "scale", minimum=1, maximum=5, choices=lambda p: scale, width=22,
                         help="1 Strongly disagree to 5 Strongly agree; only for the rounds that ask it.")
            for i, statement in enumerate(context["own"])]
    out += [
        ImportColumn("recommend", RECOMMEND, "int", minimum=0, maximum=10, width=16, help="0 to 10."),
        ImportColumn("agency_id", "Agency", "choice", choices=_agencies, width=30,
                     help="The agency the person works for, if they said."),
        ImportColumn("staff_group_id", "Staff group", "choice", choices=_groups, width=28,
                     help="The person's staff group, if they said."),
        ImportColumn("comment", "Comment", "text", max_length=COMMENT_MAX, width=50,
                     help="What they wrote, if the round asks for a comment."),
    ]
    return out


def _context(project, fresh: bool = False) -> dict:
    """The project's rounds and own statements, read once per import run: kept on the project
    object itself (so never beyond its session, i.e. its request or job); columns() starts it
    afresh at every check."""
    context = None if fresh else project.__dict__.get("_survey_import")
    if context is None:
        rounds = {r.id: r for r in _rounds(project)}
        context = {"rounds": rounds, "own": own_statements(project), "shown": _shown(project, rounds)}
        project.__dict__["_survey_import"] = context
    return context


def _shown(project, rounds: dict[int, SurveyRound]) -> set[int]:
    """The rounds that have closed with their results shown (k or more answers released), which
    take no more answers (surveys/release.py)."""
    from fossdash.projects.models import DEFAULT_K

    on = release.today()
    closed = [rid for rid, r in rounds.items() if r.closes_on < on]
    if not closed:
        return set()
    k = project.anonymity_k or DEFAULT_K
    return {rid for rid, n in release.released_counts(closed).items() if n >= k}


def _answer_values(project, values: dict) -> dict:
    """The held answer's columns for one clean row (the round's own items to o1..o5)."""
    context = _context(project)
    round_ = context["rounds"][values["round_id"]]
    row = {c: values.get(c) for c in CORE}
    own = {s: values.get(f"own{i}") for i, s in enumerate(context["own"])}
    for col, statement in zip(OWN, round_.own_items or []):
        row[col] = own.get(statement)
    for col in OWN:
        row.setdefault(col, None)
    row.update(project_id=project.id, round_id=round_.id, recommend=values.get("recommend"),
               agency_id=values.get("agency_id"), staff_group_id=values.get("staff_group_id"),
               comment=values.get("comment") or None,
               answered_on=values.get("answered_on") or min(round_.closes_on, date.today()))
    return row


# check() reads the round and the day; of every other value only whether it is given (see
# Importer.check_uses: rows alike in these are checked once). Keep the two in step.
CHECK_USES = ("round_id", "answered_on")


def check(project, values: dict) -> list[tuple[str, str]]:
    context = _context(project)
    round_ = context["rounds"].get(values["round_id"])
    if round_ is None:
        return [("round_id", "Survey round must be one of the list")]
    out = []
    day = values.get("answered_on")
    if day is not None:
        if day > date.today():
            out.append(("answered_on", "Date answered must be today or in the past"))
        elif not round_.opens_on <= day <= round_.closes_on:
            out.append(("answered_on", f"Date answered must be while ‘{round_.title}’ was open, "
                                       f"{round_.opens_on:%-d %b %Y} to {round_.closes_on:%-d %b %Y}"))
    asked = set(round_.own_items or [])
    for i, statement in enumerate(context["own"]):
        if values.get(f"own{i}") is not None and statement not in asked:
            out.append((f"own{i}", f"‘{round_.title}’ does not ask this: leave it empty"))
    if values.get("agency_id") is not None and not round_.ask_agency:
        out.append(("agency_id", f"‘{round_.title}’ does not ask for the agency: leave it empty"))
    if values.get("staff_group_id") is not None and not round_.ask_group:
        out.append(("staff_group_id", f"‘{round_.title}’ does not ask for the staff group: leave it empty"))
    if values.get("comment") and not round_.ask_comment:
        out.append(("comment", f"‘{round_.title}’ does not ask for a comment: leave it empty"))
    if (not out and values.get("recommend") is None and all(values.get(k) is None for k in CORE)
            and not any(v is not None for k, v in values.items() if k.startswith("own"))):
        out.append((CORE[0], "Each row must answer at least one question"))
    return out


def refuse_new(project, new) -> list:
    """The new rows (of the import's plan) for a round that has closed with its results shown:
    refused, each named (rows imported before are skipped, not refused: a file imported again is
    nothing new)."""
    from fossdash.reporting.import_check import RowError
    from fossdash.reporting.import_rows import Picked

    context = _context(project)
    shown = context["shown"]
    if not shown:
        return []
    if isinstance(new, Picked):  # a column at a time: look at the rounds first, at C speed
        rounds = new.rows.by_key()["round_id"]
        if not any(map(shown.__contains__, map(rounds.__getitem__, new.all_indices()))):
            return []
    out = []
    for n, values, _h in new:
        round_ = context["rounds"].get(values.get("round_id"))
        if round_ is not None and round_.id in shown:
            out.append(RowError(n, "Survey round", f"‘{round_.title}’ has closed and its results are shown, so it "
                                "takes no more answers: comparing its results before and after would pick new ones "
                                "out"))
    return out


def create(project, values: dict) -> HeldAnswer:
    return HeldAnswer(**_answer_values(project, values))


def _wanted(context: dict) -> tuple[dict[str, str], list[str]]:
    own_keys = {s: f"own{i}" for i, s in enumerate(context["own"])}
    return own_keys, ["round_id", *CORE, *own_keys.values(), "recommend", "agency_id", "staff_group_id", "comment",
                      "answered_on"]


def create_many(project, rows: list[dict]) -> int:
    """Many answers at once (see create_columns), from one dict per row."""
    _own_keys, wanted = _wanted(_context(project))
    try:  # every row has every key (as check() makes them): the columns in one pass
        got = dict(zip(wanted, map(list, zip(*map(itemgetter(*wanted), rows))))) if rows else {}
    except KeyError:
        got = {key: list(map(methodcaller("get", key), rows)) for key in wanted}
    return create_columns(project, got, range(len(rows)))


def create_columns(project, columns: dict[str, list], rows, progress=None, keys: Sequence[str] | None = None) -> int:
    """The answers of the rows at the indices `rows` of `columns` ({key: every row's clean value})
    in one go, with fresh random keys and in the order of those keys (a shuffle: nothing about a
    row's place in the file survives): released at once where a release would let them go, else
    held; progress(done, total) as they are written. `keys`: the rows come shuffled already, and
    these are their keys, in key order (as the import gives them: reporting/importing.py). Built a
    column at a time; the same columns as create() (_answer_values) makes for one row."""
    n = len(rows)
    if not n:
        return 0
    context = _context(project)
    rounds = context["rounds"]
    own_keys, wanted = _wanted(context)
    size = len(columns["round_id"])  # every row of the columns, the ones not written too
    nothing = [None] * size
    column = {key: nothing if columns.get(key) is None else columns[key] for key in wanted}.__getitem__
    round_ids = column("round_id")
    asked_rounds = set(round_ids)
    cols: dict[str, Any] = {c: column(c) for c in CORE}
    by_round = {rid: [own_keys.get(s) for s in (rounds[rid].own_items or [])[:len(OWN)]] for rid in asked_rounds}
    own_cols = {key: column(key) for key in own_keys.values()}
    for m, col in enumerate(OWN):
        sources = {rid: asked[m] if m < len(asked) else None for rid, asked in by_round.items()}
        if len(sources) == 1:
            only = next(iter(sources.values()))
            cols[col] = own_cols[only] if only is not None else nothing
        else:
            cols[col] = [own_cols[sources[rid]][i] if sources[rid] is not None else None
                         for i, rid in enumerate(round_ids)]
    today = date.today()
    default_day = {rid: min(rounds[rid].closes_on, today) for rid in asked_rounds}
    days = column("answered_on")
    comments = column("comment")
    only_round = next(iter(asked_rounds)) if len(asked_rounds) == 1 else None
    one_day = None
    if None not in days:
        day_column = days
    elif only_round is not None and days.count(None) == size:  # no day given: the round's last
        one_day = default_day[only_round]
        day_column = [one_day] * size
    else:
        day_column = [d if d is not None else default_day[rid] for d, rid in zip(days, round_ids)]
    cols.update(
        project_id=project.id, recommend=column("recommend"),
        agency_id=column("agency_id"), staff_group_id=column("staff_group_id"),
        comment=comments if "" not in comments else [c or None for c in comments],
        # One round, or one day, for every answer: one value (written once a statement).
        round_id=round_ids if only_round is None else only_round,
        answered_on=day_column if one_day is None else one_day)
    # The answers a release would let go at once are stored as released (surveys/release.py,
    # on_arrival), the rest held.
    go = release.on_arrival(project, round_ids, day_column, rows, answers=cols)
    released: Sequence[int] = list(chain.from_iterable(go.values()))
    held: Sequence[int] = rows
    released_keys = held_keys = keys
    if len(released) == n:
        held, released, held_keys = [], rows, None  # (in the order given)
    elif released:
        going = list(map(set(released).__contains__, rows))
        held, released = list(compress(rows, map(not_, going))), list(compress(rows, going))
        if keys is not None:
            held_keys, released_keys = list(compress(keys, map(not_, going))), list(compress(keys, going))
    _write(SurveyAnswer.__table__, {**cols, "comment_redacted": False, "illustrative": False}, size, released,
           None if progress is None else (lambda done, _total: progress(done, n)), released_keys)
    _write(HeldAnswer.__table__, cols, size, held,
           None if progress is None else (lambda done, _total: progress(len(released) + done, n)), held_keys)
    if go:
        release.released_now({(project.id, rid): len(some) for rid, some in go.items()})
    return n


def _write(table, cols: dict[str, Any], size: int, rows: Sequence[int], progress,
           keys: Sequence[str] | None = None) -> None:
    """The answers at the indices `rows` of the columns, each with a fresh random key, in a random
    order (of the keys as drawn) and so in the order of their keys: nothing about a row's place in
    the file survives. `keys`: the rows are shuffled already, and these are their keys (ascending)."""
    n = len(rows)
    if not n:
        return
    if keys is None:
        drawn, order = keys_in_order(n)
        by_key = picker(order)
        rows, keys = by_key(rows), by_key(drawn)
    insert_rows(table, cols, size, rows=rows, written={"id": keys}, progress=progress)


def release_due(project) -> int:
    """Imported answers dated before today are due for release at once (the release's rules,
    fossdash/surveys/release.py, apply as to the staff link's): done by the import, in its
    transaction, rather than by whoever opens a page next. (create_columns stores most of them as
    released already; this releases the rest that may go, and whatever the round held before.)"""
    from fossdash.surveys.release import release_held_answers

    return release_held_answers(project_id=project.id)


IMPORTER = Importer(
    kind="survey_answers", title="Survey answers", noun="survey answer", columns=columns, check=check,
    create=create, create_many=create_many, create_columns=create_columns, repeats=True, anonymous=True,
    check_uses=CHECK_USES,
    done_link=("surveys.index", "Go to pulse surveys"),
    after_import=release_due, refuse_new=refuse_new,
    instructions=["Answers from another survey tool: the columns are matched to the questions by their header "
                  "text, and you are asked to check any that are not an exact match.",
                  "Answers may be numbers (1 to 5) or words (Strongly disagree, Disagree, Neither agree nor "
                  "disagree, Agree, Strongly agree).",
                  "Nothing that identifies anyone is imported: only the answers, agency, staff group, comment "
                  "and the day. The uploaded file is deleted once imported.",
                  "Imported answers dated before today are released with the import, by the staff link's "
                  "rules (in batches of at least the project's anonymity threshold), and the results keep it. "
                  "A round that has closed with its results shown takes no more answers."],
)
