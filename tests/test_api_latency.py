"""Latency floor: GET /api/events with filters against the same route answered with the former
one-statement query, request by request in the same run on the same database (see
seismo.bench.latency), so a busy CI machine slows both sides and does not fail it spuriously.
"""
import pytest

from seismo.bench.latency import build_synthetic_db, run_latency
from seismo.store import open_store

# Measured 2026-12-05 on the 2-core machine (load 1.4-1.8): 20k events, median ratio 0.48, 0.57,
# 0.54 (route 12.6 ms against 26.2 ms); 100k events: 0.20 (19.0 ms against 94.3 ms). Back on one
# statement the ratio would be ~1.
MEDIAN_RATIO_CEILING = 0.8


@pytest.mark.slow
@pytest.mark.bench
def test_event_pages_are_faster_than_the_one_statement_query(tmp_path):
    path = str(tmp_path / "events.duckdb")
    with open_store(path) as store:
        build_synthetic_db(store, 20_000)
    result = run_latency(path, requests=100)
    print(result)
    assert result["identical"]
    assert result["median_ratio"] <= MEDIAN_RATIO_CEILING
