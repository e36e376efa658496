"""`flask bench` runs on its own throwaway database and prints a table (tiny sizes here: the
speed targets are read from its output, not asserted in tests)."""
from __future__ import annotations

import pytest

from fossdash import bench


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:  # the benchmark makes its own SQLite database
    return request.param


def test_the_benchmark_measures_export_metrics_and_register(backend):
    lines = list(bench.run(n_concerns=120, scale=0.002))  # the domains' cases at a tiny size too
    text = "\n".join(lines)
    assert lines[0].startswith("fossdash benchmarks: 120 concerns")
    assert "insert 120 concerns" in text
    export = next(line for line in lines if line.startswith("concerns export"))
    assert "120 rows" in export and "tracemalloc" in export and "MB" in export
    assert "maxrss" in text
    assert "concerns per quarter (SQL)" in text and "register search" in text


def test_only_runs_the_named_benchmark(backend):
    text = "\n".join(bench.run(n_concerns=30, only="metrics"))
    assert "concerns per quarter" in text and "concerns export" not in text
    assert "No benchmark matches" in "\n".join(bench.run(n_concerns=10, only="nothing"))
