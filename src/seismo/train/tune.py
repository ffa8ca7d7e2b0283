"""Choose the rule/model combination thresholds (seismo.extract.reading.Thresholds) on the corpus
DEV split: the whole pipeline is scored (seismo.bench.own) under each setting of a small grid,
the dev documents parsed once. The test split is never read here.

    python -m seismo.train.tune [--model DIR] [--reader label]
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path

from seismo.bench import own
from seismo.extract import learned
from seismo.extract.reading import Thresholds
from seismo.train.corpus import read_corpus

GRID = {"acled": (0.2, 0.3, 0.4, 0.5), "retype": (0.6, 0.75, 0.9, 1.01)}


def figures(res: dict) -> dict:
    acled = [v for k, v in res.items() if k.startswith("acled:")]
    tp, fp, fn = (sum(v[k] for v in acled) for k in ("tp", "fp", "fn"))
    a = own._prf(tp, fp, fn)
    e, t = res.get("events", {}), res.get("typed", {})
    return {"events": e.get("f1", 0.0), "typed": t.get("f1", 0.0), "acled": a["f1"],
            "events_p": e.get("p", 0.0), "typed_p": t.get("p", 0.0), "acled_p": a["p"]}


def run(model_dir: Path | None, reader: str, grid: dict) -> list[tuple[dict, dict]]:
    from seismo.extract.events import EventCoder
    from seismo.nlp import get_nlp, parse_texts
    docs = [d for d in read_corpus()[0] if d.split == "dev"]
    records = own.documents(docs)
    nlp = get_nlp()
    parsed = list(parse_texts(nlp, [r.clean_text for r in records], 32))
    coder = EventCoder(reader=reader)
    if model_dir is not None:
        coder.reading.model = learned.EventModel(model_dir)
        coder._head_hashes = None
    out = []
    keys = list(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        setting = dict(zip(keys, values))
        coder.reading.t = dataclasses.replace(Thresholds(), **setting)
        coder._head_hashes = None   # the words worth reading depend on the setting
        predicted = {}
        for rec, sdoc in zip(records, parsed):
            res = coder.code(rec, sdoc)
            predicted[rec.id] = list(res)
        out.append((setting, figures(own.score(docs, predicted))))
        print(json.dumps(out[-1]), flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m seismo.train.tune")
    ap.add_argument("--model", help="model directory (default: the shipped one)")
    ap.add_argument("--reader", default="label")
    ap.add_argument("--grid", help="JSON {threshold: [values]} (default: %s)" % json.dumps(GRID))
    args = ap.parse_args(argv)
    grid = json.loads(args.grid) if args.grid else GRID
    rows = run(Path(args.model) if args.model else None, args.reader, grid)
    best = max(rows, key=lambda r: (r[1]["typed"] + r[1]["acled"], r[1]["events"]))
    print("best", json.dumps(best))
    return 0


if __name__ == "__main__":
    sys.exit(main())
