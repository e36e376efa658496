"""`flask bench --only return` at a tiny scale: it makes a real return of about the cells asked for
and prints the ratio against bare openpyxl and the memory (the targets are read from its output at
scale 1.0, never asserted as times here)."""
from __future__ import annotations

import re

import pytest

from fossdash import bench


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:  # the benchmark makes its own SQLite database
    return request.param


def test_the_return_benchmark_prints_cells_ratio_and_memory(backend):
    lines = list(bench.run(n_concerns=5, only="return", scale=0.01))
    text = "\n".join(lines)
    assert "concerns export" not in text
    found = re.search(r"quarterly return \(([\d,]+) cells\)", text)
    assert found and 9_000 <= int(found.group(1).replace(",", "")) <= 11_000  # 1% of 1,000,000
    assert re.search(r"return x\d+\.\d\d of bare \(target x1\.30: (met|MISSED)\)", text)
    assert "tracemalloc" in text and "maxrss" in text
