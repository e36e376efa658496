"""One spreadsheet cell checked and cleaned, a file's header row matched to the template's columns,
and a row's identity (row_hash): one at a time, or a column at a time for many rows (each distinct
value of a column worked out once). Part of the import mechanism (fossdash/reporting/importing.py)."""
from __future__ import annotations

import difflib
import gc
import hashlib
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from itertools import repeat
from operator import add, itemgetter
from typing import Any, Callable, Sequence



MAX_TEXT = 5000
MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})


@dataclass
class ImportColumn:
    key: str
    header: str
    kind: str = "text"  # text, choice, date, int, scale (a whole number in range, or one of the choices' labels)
    required: bool = False
    help: str = ""
    max_length: int = MAX_TEXT
    minimum: int | None = None
    maximum: int | None = None
    choices: Callable[[Any], dict[str, Any]] | None = None  # project -> {label: value}
    width: int = 20


_TYPED = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'})


def _norm(text: Any) -> str:
    """A label as compared: spacing, case, and typographic dashes and quotes as typed ones, so
    "One agency's staff" is "One agency’s staff"."""
    return " ".join(str(text or "").translate(_TYPED).split()).casefold()


_NUMBERING = re.compile(r"^(?:q(?:uestion)?\s*)?\d+[a-z]?\s*[.:)\-–]\s*|^q\d+\s+", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s]")


def header_key(text: Any) -> str:
    """A header as compared with the template's: case, spacing, punctuation and a leading
    question number ("Q1.", "3)") ignored."""
    words = _NUMBERING.sub("", " ".join(str(text or "").split()))
    return " ".join(_PUNCT.sub(" ", words).split()).casefold()


def match_headers(columns: list[ImportColumn], header: tuple) -> tuple[dict[str, str], list[str]]:
    """(mapping, unsure keys) of the template's columns onto one header row of a file: the same
    header (see header_key) is sure; otherwise the closest unclaimed header, if it is close
    enough, is a guess."""
    texts = {j: header_key(v) for j, v in enumerate(header) if v not in (None, "") and header_key(v)}
    mapping: dict[str, str] = {}
    taken: set[int] = set()
    for c in columns:
        key = header_key(c.header)
        j = next((j for j, t in texts.items() if t == key and j not in taken), None)
        if j is not None:
            mapping[c.key] = f"c:{j}"
            taken.add(j)
    unsure: list[str] = []
    for c in columns:
        if c.key in mapping:
            continue
        key = header_key(c.header)
        best, score = None, 0.0
        for j, t in texts.items():
            if j in taken:
                continue
            ratio = difflib.SequenceMatcher(None, key, t).ratio()
            if min(len(key), len(t)) >= 5 and (key in t or t in key):
                ratio = max(ratio, 0.8)  # "Agency" in "Agency name"
            if ratio > score:
                best, score = j, ratio
        if best is not None and score >= 0.7:
            mapping[c.key] = f"c:{best}"
            taken.add(best)
            unsure.append(c.key)
        else:
            mapping[c.key] = ""
    return mapping, unsure


def find_header(columns: list[ImportColumn], rows: list[tuple]) -> tuple[int, dict[str, str], list[str]] | None:
    """(row index, mapping, unsure) of the first of the first ten rows that has a template header
    (or, failing that, a close guess at one); None if there is none."""
    guessed = None
    for i, values in enumerate(rows[:10]):
        mapping, unsure = match_headers(columns, values)
        sure = [k for k, v in mapping.items() if v and k not in unsure]
        if sure:
            return i, mapping, unsure
        if guessed is None and any(mapping.values()):
            guessed = (i, mapping, unsure)
    return guessed


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    parts = text.replace("/", " ").replace("-", " ").replace(".", " ").split()
    if len(parts) == 3:
        d, m, y = parts
        try:
            month = int(m) if m.isdigit() else MONTHS.get(m.lower())
            if month is None:
                return None
            year = int(y)
            if year < 100:
                return None
            return date(year, month, int(d))
        except ValueError:
            return None
    return None


def normal_choices(choices: dict[str, Any]) -> dict[str, Any]:
    return {_norm(k): v for k, v in choices.items()}


def _as_typed(raw: Any) -> str:
    """A cell's value as the person typed it: a spreadsheet's 7.0 is the 7 they typed."""
    return str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)


def clean(column: ImportColumn, raw: Any, choices: dict[str, Any]) -> tuple[Any, str | None]:
    """(value, error message or None) for one cell; `choices` as normal_choices() makes them."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if empty:
        return None, (f"Enter {column.header.lower()}" if column.required else None)
    if column.kind == "scale":
        if isinstance(raw, str) and _norm(raw) in choices:
            return choices[_norm(raw)], None
        try:
            number = float(raw) if not isinstance(raw, (int, float)) else raw
        except (TypeError, ValueError):
            number = None
        if (number is None or isinstance(number, bool) or number != number or int(number) != number
                or (column.minimum is not None and number < column.minimum)
                or (column.maximum is not None and number > column.maximum)):
            return None, (f"{column.header} must be a number from {column.minimum} to {column.maximum}"
                          + (" or a label like ‘Agree’" if choices else "") + f" ({_as_typed(raw)[:40]} is not)")
        return int(number), None
    if column.kind == "date":
        day = parse_date(raw)
        if day is None:
            return None, f"{column.header} must be a real date, like 5/11/2026"
        if not date(1990, 1, 1) <= day <= date(2100, 12, 31):
            return None, f"{column.header} must be between 1990 and 2100"
        return day, None
    if column.kind == "int":
        try:
            number = float(str(raw).replace(",", "").strip()) if not isinstance(raw, (int, float)) else raw
        except ValueError:
            return None, f"{column.header} must be a whole number"
        if isinstance(number, bool) or number != number or abs(number) > 10**9 or int(number) != number:
            return None, f"{column.header} must be a whole number"
        n = int(number)
        if column.minimum is not None and n < column.minimum:
            return None, f"{column.header} must be {column.minimum} or more"
        if column.maximum is not None and n > column.maximum:
            return None, f"{column.header} must be {column.maximum} or less"
        return n, None
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, (date, datetime)):
        text = raw.isoformat()
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))  # 7 typed in a cell, read back as 7.0
    else:
        text = str(raw)
    text = text.strip()
    if column.kind == "choice":
        if _norm(text) not in choices:
            return None, f"{column.header} must be one of the list ({text[:80]} is not)"
        return choices[_norm(text)], None
    if len(text) > column.max_length:
        return None, f"{column.header} must be {column.max_length:,} characters or fewer"
    return text, None


def row_hash(kind: str, values: dict, keep_empty: bool = False) -> str:
    """The row's identity: its kind and its non-empty values (so a column added to an importer
    later, empty in old rows, does not make old rows new). `keep_empty` gives the identity as
    released first (empty values included), which rows imported then were stored under."""
    canonical = json.dumps({k: (v.isoformat() if isinstance(v, date) else v) for k, v in sorted(values.items())
                            if keep_empty or v is not None},
                           sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{kind}\n{canonical}".encode()).hexdigest()


# --- many rows at once ---------------------------------------------------------------------------------
# The checks, the row hashes and the inserts below work a column at a time: a survey tool's export
# holds the same few values again and again ("Agree", 4, an agency), so each distinct value of a
# column is cleaned (hashed, converted for the database) once, and the rest is looked up at C speed.
# Anything unusual about a row (a problem, an empty row) sends that row through the plain per-row
# code, so the messages and their order are exactly those of checking row by row.
_KEYED_BY_VALUE = (str, type(None), date, datetime)  # never equal to a value of another type


class _Memo(dict):
    """fn(key) for each distinct key, computed when first asked for."""

    def __init__(self, fn: Callable[[Any], Any]):
        super().__init__()
        self.fn = fn

    def __missing__(self, key):
        value = self[key] = self.fn(key)
        return value


class _TypedMemo(_Memo):
    """The same, keyed (type, value): True, 1 and 1.0 are equal keys but not the same cell."""

    def __missing__(self, key):
        value = self[key] = self.fn(key[1])
        return value


def _map_once(memos: dict, fn: Callable[[Any], Any], values: list, types: set | None = None) -> list:
    """[fn(v) for v in values], fn computed once per distinct value (memos: kept across calls).
    `types`: the values' types (or more), if known, so as not to look at every value for them."""
    types = set(map(type, values)) if types is None else types
    others = [t for t in types if t not in _KEYED_BY_VALUE]
    if len(others) <= 1:  # keyed by value: at most one type whose values could equal another's
        memo = memos.get(others[0] if others else None)
        if memo is None:
            memo = memos[others[0] if others else None] = _Memo(fn)
        return list(map(memo.__getitem__, values))
    memo = memos.get("typed")
    if memo is None:
        memo = memos["typed"] = _TypedMemo(fn)
    return list(map(memo.__getitem__, zip(map(type, values), values)))


@contextmanager
def _gc_paused():
    """Python's cycle collector paused while many rows are read, checked or written: the rows are
    thousands of small lists and dicts with no cycles, and each of its passes would walk them all
    (a third of the time of checking 100,000 rows; some 80 ms of calamine's making 1,400,000
    cells into Python values). Restored afterwards, whatever happens."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # What was made meanwhile goes straight to the oldest generation (frozen, then thawed
            # into it), so that switching the collector back on does not start a young collection
            # walking every one of those objects (some 26 ms an import); any cycle among them is
            # still collected, at the next full collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _blank(values) -> bool:
    return not any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values)


_HASH = type(hashlib.sha256())


def row_hashes(kind: str, keys: list[str], rows: Sequence[dict], keep_empty: bool = False,
               memos: dict | None = None, columns: list | None = None, types: list | None = None) -> list[str]:
    """[row_hash(kind, values, keep_empty) for values in rows] (`keys`: every row's keys), the same
    strings, built a column at a time: each distinct value's JSON once, the rest joined and hashed
    at C speed. `columns`: the rows' values a column at a time (in the order of keys), if at hand;
    `types`: each such column's types (or more), if known."""
    if not rows:
        return []
    if not keys:  # (no column to zip: every row is the empty one)
        return [row_hash(kind, {}, keep_empty)] * len(rows)
    memos = {} if memos is None else memos
    kinds: list = [None] * len(keys)
    try:
        ordered = sorted(keys)
        if columns is not None:
            at = {key: column for key, column in zip(keys, columns)}
            columns = [at[key] for key in ordered]
            if types is not None:
                known = dict(zip(keys, types))
                kinds = [known[key] for key in ordered]
        elif len(ordered) > 1:
            columns = list(zip(*map(itemgetter(*ordered), rows)))
        else:
            columns = [list(map(itemgetter(ordered[0]), rows))] if ordered else []
        # The last column closes every row's text itself ("}", not ", ") when it is never empty:
        # kept empty ones are "null", and known types may say it has no None.
        closes = bool(ordered) and (keep_empty or (kinds[-1] is not None and type(None) not in kinds[-1]))
        parts = []
        for at, (key, column, column_types) in enumerate(zip(ordered, columns, kinds)):
            name = json.dumps(key, ensure_ascii=False) + ": "
            end = "}" if closes and at == len(ordered) - 1 else ", "

            def fragment(v, name=name, end=end):  # b'"key": value, ' (b"" for an empty value, unless kept)
                if v is None:
                    return (name + "null" + end).encode() if keep_empty else b""
                return (name + json.dumps(v.isoformat() if isinstance(v, date) else v, sort_keys=True,
                                          ensure_ascii=False, default=str) + end).encode()

            parts.append(_map_once(memos.setdefault((key, keep_empty, end), {}), fragment, column, column_types))
        head = f"{kind}\n{{".encode()
        # "<kind>\n{" and the fragments joined, less the last one's ", ", then "}": as UTF-8.
        texts = map(b"".join, zip(repeat(head), *parts))
        if not closes:
            texts = map(add, map(bytes.removesuffix, texts, repeat(b", ")), repeat(b"}"))
        return list(map(_HASH.hexdigest, map(hashlib.sha256, texts)))
    except (TypeError, KeyError):  # a value that cannot be a key (a list), or a row without a key
        return [row_hash(kind, values, keep_empty) for values in rows]
