"""Quality floors on the shared benchmarks (pinned a little below the measured figures)."""
from __future__ import annotations

import pytest

from seismo.bench import quality


@pytest.mark.bench
@pytest.mark.slow
def test_quality_floors(pipeline, shared_dir, tmp_path):
    seeds = quality.run_quality(quality.SEEDS_GOLD, out_path=tmp_path / "seeds.jsonl", pipeline=pipeline)
    gsr = quality.run_quality(quality.GSR_GOLD, out_path=tmp_path / "gsr.jsonl", pipeline=pipeline)
    assert seeds["events"]["recall"] >= SEEDS_RECALL_FLOOR
    assert seeds["events"]["precision"] >= SEEDS_PRECISION_FLOOR
    assert seeds["strict"]["f1"] >= SEEDS_STRICT_F1_FLOOR
    assert seeds["attributes"]["date"]["accuracy"] >= SEEDS_DATE_FLOOR
    assert gsr["events"]["f1"] >= GSR_F1_FLOOR
    assert gsr["attributes"]["actor1_country"]["accuracy"] >= GSR_ACTOR1_COUNTRY_FLOOR
    assert seeds["attributes"]["actor1_country"]["accuracy"] >= SEEDS_ACTOR1_COUNTRY_FLOOR
    assert seeds["attributes"]["fatalities"]["accuracy"] >= SEEDS_FATALITIES_FLOOR
    held_out = quality.run_quality(quality.GSR_GOLD, half=1, out_path=tmp_path / "gsr1.jsonl",
                                   pipeline=pipeline)
    assert held_out["events"]["f1"] >= GSR_HELD_OUT_F1_FLOOR


def test_gsr_halves_partition():
    items = quality.read_gold(quality.GSR_GOLD) if quality.GSR_GOLD.exists() else []
    if not items:
        pytest.skip("shared bench not available")
    even = quality.read_gold(quality.GSR_GOLD, half=0)
    odd = quality.read_gold(quality.GSR_GOLD, half=1)
    assert len(even) + len(odd) == len(items) and even and odd


# Measured 2026-11-23 (see the worker reports). Floors sit slightly below the measured figures.
# First version: seeds R 1.000 / strict F1 0.148; GSR F1 0.654 all, 0.637 held-out.
# Precision pass with cleaning, actor KB, geo, dates and numbers integrated:
# seeds P 0.783 R 1.000 strict F1 0.878, date 1.00; GSR F1 0.744 all, 0.797 dev, 0.672 held-out,
# GSR actor1 country 0.71.
# 2026-12-02 (incident coder fixes: coup attempts, riots, strikes, event locations): seeds
# unchanged (strict F1 0.878); GSR F1 0.746 all, 0.797 dev, 0.677 held-out, actor1 country 0.86.
SEEDS_RECALL_FLOOR = 0.9
SEEDS_PRECISION_FLOOR = 0.75
SEEDS_STRICT_F1_FLOOR = 0.85
SEEDS_DATE_FLOOR = 0.9
GSR_F1_FLOOR = 0.72
GSR_HELD_OUT_F1_FLOOR = 0.65
GSR_ACTOR1_COUNTRY_FLOOR = 0.80     # measured 0.85 (0.71 before the phrase-context rules)
SEEDS_ACTOR1_COUNTRY_FLOOR = 0.9    # measured 0.93
SEEDS_FATALITIES_FLOOR = 1.0        # measured 1.00 (2 gold events with a death count)
