"""Generate N synthetic events in a temporary DuckDB and time GET /api/events with filters.

    PYTHONPATH=src python3 scripts/api_latency.py [N_EVENTS] [REQUESTS] [--keep PATH]

Prints the route's median and p99 latency, the former one-statement query's on the same
database (the baseline), and whether every page equals it (seismo.bench.latency).
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from seismo.bench.latency import build_synthetic_db, run_latency
from seismo.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="?", type=int, default=100_000)
    parser.add_argument("requests", nargs="?", type=int, default=200)
    parser.add_argument("--keep", help="write the database here and keep it (reused when it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or str(Path(tmp) / "events.duckdb")
        if not Path(path).exists():
            start = time.perf_counter()
            with open_store(path) as store:
                n = build_synthetic_db(store, args.events)
            print(f"generated {n} events in {time.perf_counter() - start:.1f} s")
        print(json.dumps(run_latency(path, args.requests), indent=2))


if __name__ == "__main__":
    main()
