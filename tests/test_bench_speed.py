"""Speed floor: the full pipeline against bare spaCy on the same real news, in a fresh process."""
import json
import subprocess
import sys

import pytest

# Measured 2026-11-23 on the 2-core machine (300 texts, 2 rounds): ratio 0.907, peak 648 MB.
# 2026-12-06 (200 texts, 2 rounds, batches interleaved): 0.739 in CI before, 0.87-0.93 after the
# table attribute rules and the kept Doc text and entities; peak 550 MB.
# The floor sits below the measurement by the noise seen between runs (+-0.05).
RATIO_FLOOR = 0.8
PEAK_MB_CEILING = 1500


@pytest.mark.bench
@pytest.mark.slow
def test_pipeline_speed_against_bare_spacy(shared_dir, quiet_machine):
    out = subprocess.run([sys.executable, "-m", "seismo", "bench", "speed", "--limit", "200", "--rounds", "2",
                          "--pairs", "0", "--json"], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    print(result)
    assert result["ratio"] >= RATIO_FLOOR
    assert result["peak_rss_mb"] <= PEAK_MB_CEILING
    assert result["events"] > 0


@pytest.mark.bench
@pytest.mark.slow
def test_whole_process_figures(shared_dir):
    # seismo extract and the bare spaCy script both run to completion on the same files
    from seismo.bench.process import format_whole_process, run_whole_process
    result = run_whole_process(limit=4, pairs=1)
    print(format_whole_process(result))
    assert result["docs"] == 4
    assert result["batch"]["throughput_ratio"] > 0 and result["short_article"]["cost_ratio"] > 0


def test_loaded_pipeline_is_out_of_the_collectors_sight(pipeline):
    import gc
    assert gc.get_freeze_count() > 0
