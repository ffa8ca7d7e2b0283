"""Geoparsing and event-location benchmarks on the full shared sets, floors pinned (slow, ~1.5 min).

Measured 2026-12-02 (`seismo bench geo`): GeoWebNews gold-span acc@161 0.862, end to end F1 0.848,
acc@161 0.899; LGL 0.814, F1 0.798, acc@161 0.809; geoparsing +1.6-1.8% of the spaCy time;
gazetteer load 1.15 s, 284 MB; event location 0.717 on the 494 RELABEL items with a verb span.
Floors: the issue's targets (0.85 / 0.80 with gold spans, 0.75 end to end, 0.70 event location)
or just under the measured figure where that is higher.
"""
from __future__ import annotations

import pytest

FLOORS = {  # corpus: (gold-span acc@161, end-to-end F1, end-to-end acc@161); raised to the figures
    # measured 2026-12-06 without an import (unchanged since 2026-12-02): 0.862/0.8479/0.8995 and
    # 0.814/0.7978/0.8093
    "gwn": (0.862, 0.847, 0.899),
    "lgl": (0.814, 0.797, 0.809),
}


@pytest.mark.slow
@pytest.mark.bench
def test_geoparsing_full_corpora(shared_dir, nlp):
    from seismo.bench import geo
    res = geo.run()
    for name, (floor_gold, floor_f1, floor_acc) in FLOORS.items():
        r = res[name]
        assert r["gold_spans"]["acc161"] >= floor_gold, (name, r)
        assert r["end_to_end"]["f1"] >= floor_f1, (name, r)
        assert r["end_to_end"]["acc161"] >= floor_acc, (name, r)
        assert r["end_to_end"]["geoparse_share"] <= 0.15, (name, r)
    assert res["gazetteer_load"]["seconds"] <= 3.0 and res["gazetteer_load"]["peak_mb"] <= 500


@pytest.mark.slow
@pytest.mark.bench
def test_event_location_relabel_items(shared_dir, nlp):
    from seismo.bench import event_location
    res = event_location.run()
    assert res["items"] >= 490 and res["accuracy"] >= 0.718, res   # measured 355/494
