"""The readiness `flask bench` cases run (tiny here: the targets are read from the output)."""
from __future__ import annotations

import pytest

from fossdash import bench


@pytest.fixture(params=["sqlite"])
def backend(request) -> str:  # the benchmark makes its own SQLite database
    return request.param


def test_the_readiness_cases_compare_with_the_bare_sql(backend):
    text = "\n".join(bench.run(n_concerns=10, only="readiness", scale=0.02))
    assert "readiness page (16 assessments)" in text and "readiness panel and attention" in text
    assert text.count("bare SQL of the same records") == 2 and "ours / bare SQL" in text
