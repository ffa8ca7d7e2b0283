"""Geoparsing and event-location benchmarks on small subsets, with pinned floors (slow)."""
from __future__ import annotations

import pytest


@pytest.mark.slow
def test_geoparsing_subset(shared_dir, nlp):
    from seismo.bench import geo
    res = geo.run(limit=40)
    for name, floor_gold, floor_f1, floor_acc in (("gwn", 0.80, 0.72, 0.80), ("lgl", 0.72, 0.65, 0.70)):
        r = res[name]
        assert r["gold_spans"]["acc161"] >= floor_gold, (name, r)
        assert r["end_to_end"]["f1"] >= floor_f1, (name, r)
        assert r["end_to_end"]["acc161"] >= floor_acc, (name, r)
        assert r["end_to_end"]["geoparse_share"] <= 0.15, (name, r)
    assert res["gazetteer_load"]["seconds"] <= 3.0


@pytest.mark.slow
def test_event_location_subset(shared_dir, nlp):
    from seismo.bench import event_location
    res = event_location.run(limit=200)
    assert res["accuracy"] >= 0.64, res
