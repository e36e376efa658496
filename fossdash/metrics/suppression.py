"""Small-number suppression: the anonymity threshold k applied to a table of counts.

The rule (DOMAIN.md, "Anonymity threshold k"): a breakdown by agency, staff group or their cross
with fewer than k is never shown, and a second figure is hidden wherever a total would let someone
subtract their way to the first. `suppress(counts, k)` applies it to a two-way table of counts with
its row totals, column totals and grand total, and returns every figure marked shown or hidden.
Pure: no database, no request.

The rule as built:

1. Primary suppression. Every figure from 1 to k - 1 is hidden, totals included (a row total of 3
   is a breakdown of 3 just as much as a cell of 3).

   A zero is shown. "Nobody raised this" identifies nobody, and hiding every zero would blank out
   most of a sparse table for no protection. (What a zero beside a hidden figure tells a reader is
   that something was raised there, never by whom or how many.)

2. Complementary suppression. The table is a set of sums: each row adds up to its row total, each
   column to its column total, and the row totals and the column totals each add up to the grand
   total. In every one of those sums:
   - no figure is hidden alone (otherwise total minus the others gives it back: the
     subtraction attack), and
   - where the sum's total is shown, the hidden figures together come to 0 or to k or more
     (otherwise two hidden 1s beside a shown total are, together, a figure under k).
   A sum that breaks either rule gets one more figure hidden: the smallest non-zero figure still
   shown in it (every shown non-zero figure is k or more, so the hidden part grows past k), or else
   its total, or as a last resort a shown zero. This repeats until every sum keeps both rules.
   It is greedy, so it can hide more than the fewest figures possible; it never hides fewer than
   the rule needs.

3. Audit. Hiding two figures in every sum is not always enough: a hidden figure can still be
   worked out by adding and subtracting several sums (two separate blocks of hidden figures joined
   by a single hidden one give that one away). Seen as a circulation (every figure an edge, every
   sum a node), the hidden figures that can be worked out are exactly those on no cycle of hidden
   figures. Each such figure gets the cheapest set of shown figures hidden that puts it on a cycle
   (see `_cheapest_cycle`), and steps 2 and 3 repeat until nothing can be worked out.

What is not promised: bounds. Knowing that counts are never negative, a reader can sometimes say a
hidden figure is at most some number (never what it is).

A hidden figure is never drawn or written anywhere: callers show `HIDDEN` ("[x]") with the key
from `key_text(k)`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

HIDDEN = "[x]"
MIN_K = 3


def key_text(k: int) -> str:
    """What "[x]" means, for the key beside any table that can hold one."""
    return (f"{HIDDEN}: hidden to protect anonymity. Either fewer than {k}, or hidden so that a figure "
            f"under {k} cannot be worked out from the totals.")


@dataclass(frozen=True)
class Figure:
    value: int
    hidden: bool = False
    primary: bool = False  # hidden because it is under k itself (rather than to protect another)

    @property
    def shown(self) -> int | None:
        """The number to show, or None where it is hidden."""
        return None if self.hidden else self.value


@dataclass(frozen=True)
class SuppressedTable:
    k: int
    cells: tuple[tuple[Figure, ...], ...]  # rows x columns
    row_totals: tuple[Figure, ...]
    column_totals: tuple[Figure, ...]
    total: Figure

    @property
    def any_hidden(self) -> bool:
        return self.total.hidden or any(f.hidden for f in self.row_totals + self.column_totals) or any(
            f.hidden for row in self.cells for f in row)

    def shown_cells(self) -> list[list[int | None]]:
        return [[f.shown for f in row] for row in self.cells]


# A position in the table: ("cell", row, column), ("row", row), ("column", column) or ("total",).
Position = tuple
Node = tuple
# Where hiding a shown zero is the only way left: far dearer than any count, so a count is hidden first.
ZERO_COST = 10**9


def _lines(n_rows: int, n_cols: int) -> list[tuple[list[Position], Position]]:
    """Every sum in the table, as (the figures that add up, their total)."""
    lines: list[tuple[list[Position], Position]] = []
    for i in range(n_rows):
        lines.append(([("cell", i, j) for j in range(n_cols)], ("row", i)))
    for j in range(n_cols):
        lines.append(([("cell", i, j) for i in range(n_rows)], ("column", j)))
    lines.append(([("row", i) for i in range(n_rows)], ("total",)))
    lines.append(([("column", j) for j in range(n_cols)], ("total",)))
    return lines


def _ends(p: Position) -> tuple[Node, Node]:
    """The table as a circulation: every figure is an edge, every sum a node (row i, column j, the
    row totals' sum S, the column totals' sum D). Cell (i, j) runs row i -> column j; row total i
    runs S -> row i; column total j runs column j -> D; the grand total runs D -> S."""
    if p[0] == "cell":
        return ("R", p[1]), ("C", p[2])
    if p[0] == "row":
        return ("S",), ("R", p[1])
    if p[0] == "column":
        return ("C", p[1]), ("D",)
    return ("D",), ("S",)


def _complement(members: list[Position], total: Position, hidden: set, values: dict) -> Position | None:
    shown = [p for p in members if p not in hidden]
    non_zero = [p for p in shown if values[p] > 0]
    if non_zero:
        return min(non_zero, key=lambda p: values[p])  # stable: the first of equals
    if total not in hidden:
        return total
    return shown[0] if shown else None


def _breaks_rule(members: list[Position], total: Position, hidden: set, values: dict, k: int) -> bool:
    hidden_members = [p for p in members if p in hidden]
    count = len(hidden_members) + (total in hidden)
    if count == 0:
        return False
    if count == 1:
        return True  # the subtraction attack: the total minus the others
    if total not in hidden:
        together = sum(values[p] for p in hidden_members)
        return 0 < together < k  # two hidden 1s beside a shown total are a 2 all the same
    return False


def _apply_line_rules(lines, hidden: set, values: dict, k: int) -> None:
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            while _breaks_rule(members, total, hidden, values, k):
                pick = _complement(members, total, hidden, values)
                if pick is None:
                    break
                hidden.add(pick)
                changed = True


def worked_out(hidden: set, positions) -> set:
    """The hidden figures that the shown ones give away exactly, by adding and subtracting sums in
    any combination. A hidden figure is given away exactly when it is not on any cycle of hidden
    figures in the circulation (see `_ends`): the bridges of the hidden figures' graph."""
    adjacency: dict[Node, list[tuple[Node, Position]]] = {}
    for p in positions:
        if p in hidden:
            a, b = _ends(p)
            adjacency.setdefault(a, []).append((b, p))
            adjacency.setdefault(b, []).append((a, p))
    order: dict[Node, int] = {}
    low: dict[Node, int] = {}
    bridges: set = set()

    def visit(node: Node, via: Position | None) -> None:
        order[node] = low[node] = len(order)
        for nxt, edge in adjacency[node]:
            if edge == via:
                continue
            if nxt in order:
                low[node] = min(low[node], order[nxt])
            else:
                visit(nxt, edge)
                low[node] = min(low[node], low[nxt])
                if low[nxt] > order[node]:
                    bridges.add(edge)

    for node in adjacency:
        if node not in order:
            visit(node, None)
    return bridges


def _cheapest_cycle(bridge: Position, positions, hidden: set, values: dict) -> list[Position]:
    """The shown figures to hide so that `bridge` lies on a cycle of hidden figures: the cheapest
    path between its ends that does not use it (hidden figures cost nothing, a shown one its value,
    a shown zero the most)."""
    import heapq

    start, goal = _ends(bridge)
    adjacency: dict[Node, list[tuple[Node, Position]]] = {}
    for p in positions:
        if p == bridge:
            continue
        a, b = _ends(p)
        adjacency.setdefault(a, []).append((b, p))
        adjacency.setdefault(b, []).append((a, p))
    best = {start: 0}
    came: dict[Node, tuple[Node, Position]] = {}
    queue = [(0, 0, start)]
    tick = 0
    while queue:
        cost, _t, node = heapq.heappop(queue)
        if node == goal:
            break
        if cost > best.get(node, cost):
            continue
        for nxt, edge in adjacency.get(node, []):
            step = 0 if edge in hidden else (values[edge] if values[edge] > 0 else ZERO_COST)
            if cost + step < best.get(nxt, float("inf")):
                best[nxt] = cost + step
                came[nxt] = (node, edge)
                tick += 1
                heapq.heappush(queue, (cost + step, tick, nxt))
    if goal not in came:
        return []
    path, node = [], goal
    while node != start:
        node, edge = came[node]
        path.append(edge)
    return [p for p in path if p not in hidden]


def suppress(counts: Sequence[Sequence[int]], k: int) -> SuppressedTable:
    """Apply the anonymity threshold `k` to a table of counts (rows of equal length, every count a
    whole number, 0 or more). Totals are the sums of `counts`. A pure function of the counts and
    k, worked out once for the same table (the survey trend suppresses a table per round on every
    view); what it returns cannot be changed (tuples of frozen figures)."""
    return _suppress(tuple(tuple(r) for r in counts), k)


@lru_cache(maxsize=4096)
def _suppress(counts: tuple[tuple[int, ...], ...], k: int) -> SuppressedTable:
    if k < MIN_K:
        raise ValueError(f"The anonymity threshold must be {MIN_K} or more, not {k}")
    rows = [list(r) for r in counts]
    n_rows = len(rows)
    n_cols = len(rows[0]) if rows else 0
    if any(len(r) != n_cols for r in rows):
        raise ValueError("Every row of the table must have the same number of columns")
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for r in rows for v in r):
        raise ValueError("Counts must be whole numbers, 0 or more")

    values: dict[Position, int] = {}
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            values[("cell", i, j)] = v
        values[("row", i)] = sum(r)
    for j in range(n_cols):
        values[("column", j)] = sum(rows[i][j] for i in range(n_rows))
    values[("total",)] = sum(values[("row", i)] for i in range(n_rows))
    positions = list(values)

    primary = {p for p, v in values.items() if 0 < v < k}
    hidden = set(primary)
    lines = _lines(n_rows, n_cols)
    while True:
        _apply_line_rules(lines, hidden, values, k)
        exposed = worked_out(hidden, positions)
        if not exposed:
            break
        added = _cheapest_cycle(min(exposed), positions, hidden, values)
        if not added:  # cannot happen in a table with its totals; never loop for ever
            break
        hidden.update(added)

    def fig(p: Position) -> Figure:
        return Figure(values[p], p in hidden, p in primary)

    return SuppressedTable(
        k=k,
        cells=tuple(tuple(fig(("cell", i, j)) for j in range(n_cols)) for i in range(n_rows)),
        row_totals=tuple(fig(("row", i)) for i in range(n_rows)),
        column_totals=tuple(fig(("column", j)) for j in range(n_cols)),
        total=fig(("total",)),
    )
