"""The anonymity threshold on a table of counts: hand-checked tables, the subtraction attack, and an
independent check (exact linear algebra, not the module's own graph audit) that no hidden figure
can be worked out from the figures shown."""
from __future__ import annotations

import random
from fractions import Fraction

import pytest

from fossdash.metrics.suppression import HIDDEN, key_text, suppress

pytestmark = pytest.mark.usefixtures("backend")  # no database: see tests/charts/conftest.py


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:
    return request.param


def picture(table) -> list[list[object]]:
    """The table as a reader sees it: rows with their totals, then the column totals and the grand total."""
    out = [[HIDDEN if f.hidden else f.value for f in row] + [HIDDEN if t.hidden else t.value]
           for row, t in zip(table.cells, table.row_totals)]
    out.append([HIDDEN if f.hidden else f.value for f in table.column_totals]
               + [HIDDEN if table.total.hidden else table.total.value])
    return out


def _figures(table) -> dict[tuple, object]:
    out = {}
    for i, row in enumerate(table.cells):
        for j, f in enumerate(row):
            out[("cell", i, j)] = f
        out[("row", i)] = table.row_totals[i]
    for j, f in enumerate(table.column_totals):
        out[("column", j)] = f
    out[("total",)] = table.total
    return out


def _sums(n_rows: int, n_cols: int) -> list[tuple[list[tuple], tuple]]:
    sums = [([("cell", i, j) for j in range(n_cols)], ("row", i)) for i in range(n_rows)]
    sums += [([("cell", i, j) for i in range(n_rows)], ("column", j)) for j in range(n_cols)]
    sums.append(([("row", i) for i in range(n_rows)], ("total",)))
    sums.append(([("column", j) for j in range(n_cols)], ("total",)))
    return sums


def worked_out_by_algebra(table) -> set[tuple]:
    """Every hidden figure an attacker can compute exactly by adding and subtracting the table's
    sums, whatever the combination: Gaussian elimination over the rationals on the hidden
    unknowns. A hidden figure is determined exactly when its unit vector is in the row space."""
    figures = _figures(table)
    n_rows, n_cols = len(table.cells), len(table.column_totals)
    unknowns = [p for p, f in figures.items() if f.hidden]
    index = {p: n for n, p in enumerate(unknowns)}
    matrix = []
    for members, total in _sums(n_rows, n_cols):
        row = [Fraction(0)] * len(unknowns)
        for p in members:
            if p in index:
                row[index[p]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    pivots = []
    r = 0
    for col in range(len(unknowns)):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][col]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r])]
        pivots.append(col)
        r += 1
    determined = set()
    for row_no, col in enumerate(pivots):
        if sum(1 for v in matrix[row_no] if v != 0) == 1:
            determined.add(unknowns[col])
    return determined


def check_the_rule(counts, k):
    """What every suppressed table must satisfy, checked from first principles."""
    table = suppress(counts, k)
    figures = _figures(table)
    for p, f in figures.items():
        if 0 < f.value < k:
            assert f.hidden and f.primary, (p, f)
        if f.primary:
            assert 0 < f.value < k
    for members, total in _sums(len(table.cells), len(table.column_totals)):
        hidden = [p for p in members + [total] if figures[p].hidden]
        assert len(hidden) != 1, f"{hidden} alone in its sum: subtract the rest from the total"
        if hidden and not figures[total].hidden:
            together = sum(figures[p].value for p in hidden)
            assert together == 0 or together >= k, (members, together)
    assert worked_out_by_algebra(table) == set()
    return table


# --- hand-checked tables ---------------------------------------------------------------------------

def test_nothing_is_hidden_when_every_figure_is_k_or_more_or_zero():
    table = suppress([[5, 0, 9], [12, 7, 0]], 5)
    assert picture(table) == [[5, 0, 9, 14], [12, 7, 0, 19], [17, 7, 9, 33]]
    assert not table.any_hidden


def test_the_subtraction_attack_is_closed():
    # A 2 alone would be 15 - 6 - 7. Hiding the next-smallest figure in its row (6) is not enough
    # either: then the 2's column (2 + 8 = 10) and the 6's column (6 + 9 = 15) each have one hidden
    # figure, so the 8 and the 9 go too. Four hidden figures in a rectangle: any one of them can be
    # anything from 0 to 8, and a reader cannot say which.
    table = check_the_rule([[2, 6, 7], [8, 9, 10]], 5)
    assert picture(table) == [[HIDDEN, HIDDEN, 7, 15], [HIDDEN, HIDDEN, 10, 27], [10, 15, 17, 42]]
    assert [f.primary for f in table.cells[0]] == [True, False, False]  # only the 2 is under k


def test_the_total_is_hidden_when_it_is_the_only_figure_left_to_hide():
    # One column: each row's total is its only cell. The 3 and its row total are hidden together,
    # then a second row (the smallest other, 6) so the column total cannot give the 3 away.
    table = check_the_rule([[3], [6], [9]], 5)
    assert picture(table) == [[HIDDEN, HIDDEN], [HIDDEN, HIDDEN], [9, 9], [18, 18]]


def test_two_small_figures_beside_a_shown_total_are_not_left_as_a_pair():
    # 1 and 1 hidden with 8 and the total 10 shown would say "2 between them": a figure under k.
    table = check_the_rule([[1, 1, 8], [6, 7, 9]], 5)
    assert picture(table)[0] == [HIDDEN, HIDDEN, HIDDEN, 10]


def test_zeros_are_shown_and_a_table_under_k_hides_every_count():
    table = check_the_rule([[1, 0], [0, 2]], 5)
    assert picture(table) == [[HIDDEN, 0, HIDDEN], [0, HIDDEN, HIDDEN], [HIDDEN, HIDDEN, HIDDEN]]
    assert table.total.hidden and table.total.primary


def test_a_figure_two_sums_away_is_also_protected():
    # Hiding two figures in every row and column is not always enough: here the line rule alone
    # leaves the 1 in the middle as the one link between two blocks of hidden figures, and adding
    # and subtracting the sums gives it back. The audit hides more until no sum can.
    counts = [[7, 2, 9], [0, 1, 7], [0, 0, 5]]
    table = check_the_rule(counts, 5)
    assert picture(table) == [[HIDDEN, HIDDEN, HIDDEN, 18],
                              [0, HIDDEN, HIDDEN, HIDDEN],
                              [0, 0, HIDDEN, HIDDEN],
                              [HIDDEN, HIDDEN, 21, 31]]


def test_the_independent_check_does_catch_a_figure_given_away():
    """The checker above is not a formality: a table with one hidden figure fails it."""
    from fossdash.metrics.suppression import Figure, SuppressedTable

    leaky = SuppressedTable(5, [[Figure(2, True, True), Figure(6)]], [Figure(8)], [Figure(2), Figure(6)], Figure(8))
    assert worked_out_by_algebra(leaky) == {("cell", 0, 0)}


@pytest.mark.parametrize("k", [3, 5, 10])
def test_random_tables_keep_the_rule(k):
    rng = random.Random(20070521 + k)
    for _ in range(300):
        rows, cols = rng.randint(1, 6), rng.randint(1, 6)
        counts = [[rng.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 8, 11, 20]) for _c in range(cols)] for _r in range(rows)]
        check_the_rule(counts, k)


def test_a_bigger_threshold_hides_more():
    counts = [[2, 4, 7], [8, 9, 10]]
    assert sum(f.hidden for row in suppress(counts, 7).cells for f in row) > \
        sum(f.hidden for row in suppress(counts, 3).cells for f in row)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="3 or more"):
        suppress([[5]], 2)
    with pytest.raises(ValueError, match="same number of columns"):
        suppress([[1, 2], [3]], 5)
    with pytest.raises(ValueError, match="whole numbers"):
        suppress([[-1]], 5)
    empty = suppress([], 5)
    assert empty.cells == () and not empty.total.hidden and empty.total.value == 0


def test_the_key_says_what_x_means():
    assert key_text(5) == ("[x]: hidden to protect anonymity. Either fewer than 5, or hidden so that a "
                           "figure under 5 cannot be worked out from the totals.")
