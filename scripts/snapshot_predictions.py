#!/usr/bin/env python3
"""Write the pipeline's events on every benchmark set to DIR/<set>.jsonl.

Used to check that a refactoring changes no prediction: snapshot before and after, then
`diff -r BEFORE AFTER`. Reads ../shared/bench (measuring only; nothing is copied).
    python3 scripts/snapshot_predictions.py DIR
"""
import json
import sys
from pathlib import Path

from seismo.bench.quality import BENCH, HELDOUT_NEWS_GOLD, GSR_GOLD, SEEDS_GOLD, gold_documents, predict, read_gold
from seismo.pipeline import Pipeline


def case_items() -> list[dict]:
    path = BENCH / "case2021" / "dev.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(out_dir: str) -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pipeline = Pipeline()
    sets = {"seeds": read_gold(SEEDS_GOLD), "gsr": read_gold(GSR_GOLD),
            "heldout": read_gold(HELDOUT_NEWS_GOLD), "case2021": case_items()}
    for name, items in sets.items():
        n = predict(gold_documents(items), out / f"{name}.jsonl", pipeline)
        print(name, len(items), "items", n, "events", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
