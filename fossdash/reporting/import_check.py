"""Every row of a file checked against an importer's columns and rules: the errors (row, column,
message) or the clean rows with their identities. Rows are taken a block at a time, a column at a time;
a row with a problem, or perhaps empty, goes through the plain per-row code, so the messages and their
order are those of checking row by row. Part of the import mechanism (fossdash/reporting/importing.py)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, compress, repeat, zip_longest
from operator import is_, is_not
from typing import TYPE_CHECKING, Any, Callable, Sequence



from fossdash.reporting.import_cells import (
    _HASH, ImportColumn, _blank, _gc_paused, _map_once, clean, find_header, normal_choices, row_hashes,
)
from fossdash.reporting.import_rows import ColumnRows, RowDicts, joined

if TYPE_CHECKING:
    from fossdash.reporting.importing import Importer

# Rows checked at a time: small enough that a block's cells stay in the processor's cache while
# each of its columns is gone through in turn (2,000 rather than 10,000: some 25 ms less of
# checking 100,000 rows); the job's progress moves on every PROGRESS_ROWS.
BLOCK = 2_000
PROGRESS_ROWS = 10_000


def occurrence_hash(h: str, n: int) -> str:
    """The identity of the n-th of identical rows whose hash is h (of an importer whose rows
    repeat): h itself for the first (since migration 0017; before, this for n = 1 too)."""
    return _HASH.hexdigest(hashlib.sha256(f"{h}#{n}".encode()))


@dataclass
class RowError:
    row: int  # as numbered in the spreadsheet (the header is row 1)
    column: str
    message: str


@dataclass
class Checked:
    rows: Sequence[tuple[int, dict]]  # (spreadsheet row, clean values): a list, or ColumnRows
    errors: list[RowError]
    missing_headers: list[str]
    hashes: list[str]
    # How the file's columns were read: {column key: "c:<index>" (a column of the file),
    # "v:<label>" (this choice for every row) or "" (not in the file)}; `unsure` lists the keys
    # whose column was a guess (its header is not the template's), so a person should look.
    mapping: dict[str, str] = field(default_factory=dict)
    unsure: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the file's header row, as text
    header_row: int = 0  # index in rows
    # Each row's identity as first released (see row_hash), for rows imported before the change;
    # empty for importers whose rows repeat.
    first_hashes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.missing_headers

    @property
    def needs_mapping(self) -> bool:
        """A header row was found, but a column was guessed or a required one is missing."""
        return bool(self.headers) and bool(self.unsure or self.missing_headers)


def check(importer: Importer, project, rows: list, progress: Callable[[int, int], None] | None = None,
          mapping: dict[str, str] | None = None) -> Checked:
    """Every row checked. `mapping` (see Checked.mapping) is how a person said the file's columns
    are read; without it they are matched by their header text."""
    with _gc_paused():
        return _check(importer, project, rows, progress, mapping)


def _check(importer: Importer, project, rows: list, progress: Callable[[int, int], None] | None,
           mapping: dict[str, str] | None) -> Checked:
    columns = importer.columns(project)
    choices = {c.key: normal_choices(c.choices(project) if c.choices else {}) for c in columns}
    found = find_header(columns, rows)
    if found is None:
        return Checked([], [], [c.header for c in columns if c.required], [])
    header_row, guessed, unsure = found
    if mapping is not None:
        unsure = []
        mapping = {c.key: mapping.get(c.key, "") for c in columns}
    else:
        mapping = guessed
    missing = [c.header for c in columns if c.required and not mapping.get(c.key)]
    headers = ["" if v is None else str(v)[:200] for v in rows[header_row]]
    out = Checked([], [], missing, [], mapping=mapping, unsure=unsure, headers=headers, header_row=header_row)
    if missing or unsure:
        return out
    # Per column: the file's column index, or a fixed value for every row.
    plan_cols: list[tuple[ImportColumn, int | None, Any]] = []
    for c in columns:
        spec = mapping.get(c.key, "")
        if spec.startswith("c:"):
            plan_cols.append((c, int(spec[2:]), None))
        elif spec.startswith("v:"):
            plan_cols.append((c, None, spec[2:]))
        else:
            plan_cols.append((c, None, None))
    keys = [c.key for c, _j, _fixed in plan_cols]
    by_key = {c.key: c.header for c in columns}
    cleaners = [partial(clean, c, choices=choices[c.key]) for c, _j, _fixed in plan_cols]
    memos: list[dict] = [{} for _ in plan_cols]
    fixed = [cleaners[k](v) if j is None else None for k, (_c, j, v) in enumerate(plan_cols)]
    failing = [False] * len(plan_cols)  # a column with a value that has a problem (somewhere)
    file_cols = [k for k, (_c, j, _v) in enumerate(plan_cols) if j is not None]
    check_memo: dict = {}
    uses = set(importer.check_uses or ())
    hash_memos: dict = {}
    state = {"seen_keys": {}, "occurrences": {}}

    bad_memos: list[dict] = [{} for _ in plan_cols]

    def cell_value(k: int, raw: Any) -> Any:
        value, message = cleaners[k](raw)
        if message:
            failing[k] = True
        return value

    def cell_bad(k: int, raw: Any) -> bool:
        return bool(cleaners[k](raw)[1])

    def may_be_empty(k: int, rows: int) -> bool:
        """Whether column k's clean values (of a block of `rows`) could hold a None: not if no value
        its memos made is None, so there is no need to look through every row's; unless the memos
        hold more values than the block has rows (a column of distinct values, comments say)."""
        if plan_cols[k][1] is None:
            return fixed[k][0] is None
        made = memos[k].values()
        if sum(map(len, made)) > rows:
            return True
        return any(None in memo.values() for memo in made)

    data = rows[header_row + 1:]
    parts: list = []  # each block's rows: ColumnRows (every row passed as it is), or [(row, values), ...]
    total = len(data)
    for start in range(0, total, BLOCK):
        block = data[start:start + BLOCK]
        first = header_row + 2 + start  # the spreadsheet's number of the block's first row
        size = len(block)
        # The block's columns (a short row's missing cells None), in one pass.
        by_column = list(zip_longest(*block)) if file_cols else []
        value_cols: list[list] = []  # per column, the clean value of every row
        slow: set[int] = set()  # the rows to take one at a time (below)
        for k, (_c, j, _v) in enumerate(plan_cols):
            if j is None:
                value_cols.append([fixed[k][0]] * size)
                if fixed[k][1]:
                    slow.update(range(size))
                continue
            raws = by_column[j] if j < len(by_column) else (None,) * size
            value_cols.append(_map_once(memos[k], partial(cell_value, k), raws))
            if failing[k]:  # a cell of this column has a problem: which rows
                slow.update(compress(range(size), _map_once(bad_memos[k], partial(cell_bad, k), raws)))
        # ... and the rows with nothing from the file at all (an empty row, perhaps): none where a
        # column of the file has a value in every row.
        if file_cols and not any(None not in value_cols[k] for k in file_cols):
            nothing = (None,) * len(file_cols)
            from_file = zip(*(value_cols[k] for k in file_cols)) if len(file_cols) > 1 else (
                (v,) for v in value_cols[file_cols[0]])
            slow.update(compress(range(size), map(nothing.__eq__, from_file)))
        elif not file_cols:
            slow.update(range(size))
        dicts: Sequence[dict] = RowDicts(keys, value_cols, size)  # each made when asked for
        # The rows' own checks: once per kind of row when the importer says what its check reads.
        results_check: list = [None] * size
        if importer.check_uses is not None and len(slow) < size:
            # A row's kind: its values of those keys, and which of the others are given; a column
            # given in every row of the block is left out, and so is one the same in every row (the
            # memo for those columns, and those values, says so).
            given = tuple(k for k, key in enumerate(keys)
                          if key not in uses and (not may_be_empty(k, size) or None not in value_cols[k]))
            same: list[tuple[int, Any]] = []
            sig_cols: list[list] = []
            for k, key in enumerate(keys):
                column = value_cols[k]
                if k in given:
                    continue
                if key in uses:
                    if column.count(column[0]) == size:
                        same.append((k, column[0]))
                    else:
                        sig_cols.append(column)
                elif column.count(None) == size:
                    same.append((k, False))
                else:
                    sig_cols.append(list(map(is_not, column, repeat(None))))
            sigs = sig_cols[0] if len(sig_cols) == 1 else list(zip(*sig_cols)) if sig_cols else [()] * size
            memo = check_memo.setdefault((given, tuple(same)), {})
            results_check = list(map(memo.get, sigs))
            for i in compress(range(size), map(is_, results_check, repeat(None))):
                if i in slow:
                    continue
                found_check = memo.get(sigs[i])
                if found_check is None:
                    found_check = memo[sigs[i]] = list(importer.check(project, dicts[i]))
                results_check[i] = found_check
        kept_columns: list | None = None
        kept_types: list | None = None
        kept: Sequence[dict]
        if not slow and importer.unique is None and importer.check_uses is not None and not any(results_check):
            kept, kept_columns = dicts, value_cols  # every row non-empty, clean and passing its checks
            # Each column's types: of its clean values so far (few), not of every row's.
            kept_types = [{type(fixed[k][0])} if j is None else
                          set(map(type, chain.from_iterable(m.values() for m in memos[k].values())))
                          for k, (_c, j, _v) in enumerate(plan_cols)]
            parts.append(ColumnRows(keys, range(first, first + size), value_cols))  # as they are
        else:
            kept, done = [], []
            parts.append(done)
            for i, clean_values in enumerate(list(dicts)):
                n = first + i
                row_ok = True
                if i in slow:
                    values = block[i]
                    if _blank(values):
                        continue
                    for k, (c, j, _v) in enumerate(plan_cols):
                        if j is None:
                            message = fixed[k][1]
                        else:
                            message = cleaners[k](values[j] if j < len(values) else None)[1]
                        if message:
                            out.errors.append(RowError(n, c.header, message))
                            row_ok = False
                if row_ok:
                    found_check = results_check[i]
                    if found_check is None:
                        found_check = importer.check(project, clean_values)
                    for key, message in found_check:
                        out.errors.append(RowError(n, by_key.get(key, key), message))
                        row_ok = False
                if row_ok and importer.unique is not None:
                    unique = importer.unique(clean_values)
                    seen_keys = state["seen_keys"]
                    if unique in seen_keys:
                        key, words = importer.unique_error
                        out.errors.append(RowError(n, by_key.get(key, key), f"{words} row {seen_keys[unique]}"))
                    else:
                        seen_keys[unique] = n
                done.append((n, clean_values))
                kept.append(clean_values)
        hashes = row_hashes(importer.kind, keys, kept, memos=hash_memos, columns=kept_columns, types=kept_types)
        if not importer.repeats:
            out.first_hashes.extend(row_hashes(importer.kind, keys, kept, keep_empty=True, memos=hash_memos,
                                               columns=kept_columns, types=kept_types))
            out.hashes.extend(hashes)
        else:
            # Identical rows are distinct records, each counted by its occurrence in the file: the
            # first known by its own hash, the n-th by occurrence_hash(hash, n).
            occurrences = state["occurrences"]
            if len(set(hashes)) == len(hashes) and occurrences.keys().isdisjoint(hashes):
                occurrences.update(zip(hashes, repeat(1)))
                out.hashes.extend(hashes)
            else:
                for h in hashes:
                    times = occurrences[h] = occurrences.get(h, 0) + 1
                    out.hashes.append(h if times == 1 else occurrence_hash(h, times))
        if progress is not None and ((start + size) % PROGRESS_ROWS < size or start + size >= total):
            progress(min(start + size, total), total)
    out.rows = joined(keys, parts)
    return out
