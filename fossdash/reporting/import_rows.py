"""Checked rows kept a column at a time: when every row of a file passes the checks by the fast path,
its clean values stay in the lists the checks made (one per column), and a row's {key: value} dict
is made only if something asks for that row (the preview's first rows, an importer without
create_columns). They read as the lists of rows they stand for. Part of the import mechanism
(fossdash/reporting/importing.py)."""
from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any


class ColumnRows(Sequence):
    """The (spreadsheet row, {key: value}) of checked rows, from `numbers` (each row's number) and
    `columns` (each key's values, in the order of `keys`)."""

    def __init__(self, keys: list[str], numbers: list[int], columns: list[list]):
        self.keys, self.numbers, self.columns = keys, numbers, columns

    def __len__(self) -> int:
        return len(self.numbers)

    def row(self, i: int) -> dict:
        return dict(zip(self.keys, [column[i] for column in self.columns]))

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [(self.numbers[k], self.row(k)) for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self.numbers[i], self.row(i)

    def __iter__(self):
        return zip(self.numbers, dicts(self.keys, self.columns, len(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"ColumnRows({len(self)} rows)"

    def by_key(self) -> dict[str, list]:
        return dict(zip(self.keys, self.columns))


def dicts(keys: list[str], columns: list[list], count: int) -> list[dict]:
    """Every row's {key: value}, from the columns."""
    if not keys:
        return [{} for _ in range(count)]
    return list(map(dict, map(zip, repeat(keys), zip(*columns))))


class Picked(Sequence):
    """The (spreadsheet row, values, hash) of the rows of `rows` (ColumnRows) at `indices` (all of
    them if None): the new rows of an import plan, still a column at a time."""

    def __init__(self, rows: ColumnRows, hashes: list[str], indices: list[int] | None = None):
        self.rows, self.hashes, self.indices = rows, hashes, indices

    def __len__(self) -> int:
        return len(self.rows) if self.indices is None else len(self.indices)

    def index(self, k: int) -> int:  # type: ignore[override]
        return k if self.indices is None else self.indices[k]

    def _one(self, k: int) -> tuple[int, dict, str]:
        i = self.index(k)
        return self.rows.numbers[i], self.rows.row(i), self.hashes[i]

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self._one(j) for j in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        return self._one(k)

    def __iter__(self):
        if self.indices is None:
            return zip(self.rows.numbers, dicts(self.rows.keys, self.rows.columns, len(self.rows)), self.hashes)
        return map(self._one, range(len(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def all_indices(self) -> Any:
        return range(len(self.rows)) if self.indices is None else self.indices


class RowDicts(Sequence):
    """Every row's {key: value} from the columns, each made when asked for."""

    def __init__(self, keys: list[str], columns: list[list], count: int):
        self.keys, self.columns, self.count = keys, columns, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.count))]
        return dict(zip(self.keys, [column[i] for column in self.columns]))

    def __iter__(self):
        return iter(dicts(self.keys, self.columns, self.count))


def joined(keys: list[str], parts: list) -> Sequence:
    """The rows of many blocks in order, each block's (ColumnRows, or a list of (row, values)): one
    ColumnRows if every block is one, else a list."""
    if parts and all(isinstance(p, ColumnRows) for p in parts):
        if len(parts) == 1:
            return parts[0]
        numbers: list[int] = []
        columns: list[list] = [[] for _ in keys]
        for p in parts:
            numbers.extend(p.numbers)
            for column, more in zip(columns, p.columns):
                column.extend(more)
        return ColumnRows(keys, numbers, columns)
    out: list = []
    for p in parts:
        out.extend(p)
    return out
