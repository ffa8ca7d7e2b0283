"""Speed floor: the full pipeline against bare spaCy on the same real news, in a fresh process."""
import json
import subprocess
import sys

import pytest

# Measured 2026-11-23 on the 2-core machine (300 texts, 2 rounds): ratio 0.907, peak 648 MB.
# The issue asks for >= 0.7x and <= 1.5 GB; the floor sits between the target and the measurement.
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
