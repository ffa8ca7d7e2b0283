"""Event-location benchmark: ahalterman/event_location, the 496 hand-checked `RELABEL` items.

Each item is one sentence with one VERB span (the event) and zero or more LOCATION spans (where
that event happened). Gold spans are read from the item's token indices (the character offsets in
the file are unreliable). A prediction is correct when the Location text overlaps a gold location
span, or when there is no gold location and event_location returns None.

    python -m seismo.bench.event_location [--limit N]
"""
from __future__ import annotations

import argparse
import json
import time
import zipfile
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
DATA = SHARED / "bench" / "event_location" / "labeled_text.jsonl.zip"


def load_items(path: Path = DATA, limit: int | None = None) -> list[dict]:
    with zipfile.ZipFile(path) as z:
        items = json.loads(z.read("labeled_text.jsonl").decode("utf-8"))
    items = [i for i in items if i.get("source") == "RELABEL"]
    return items[:limit] if limit else items


def gold_spans(item: dict) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """(verb char span, [location char spans]) from token indices."""
    toks = item["tokens"]
    verb, locs = None, []
    for s in item.get("spans", []):
        span = (toks[s["token_start"]]["start"], toks[s["token_end"]]["end"])
        if s["label"] == "VERB":
            verb = span
        elif s["label"] == "LOCATION":
            locs.append(span)
    return verb, locs


def _predict(sdoc, verb, geoparser):
    from seismo.resolve.evloc import event_location
    span = sdoc.char_span(verb[0], verb[1], alignment_mode="expand")
    if span is None or not len(span):
        return None, []
    toponyms = geoparser.parse(sdoc)
    loc = event_location(sdoc, span.root, toponyms)
    if loc is None:
        return None, toponyms
    return (loc, None), toponyms


def run(limit: int | None = None, verbose: bool = False) -> dict:
    from seismo.nlp import get_nlp
    from seismo.resolve.geoparse import Geoparser
    nlp, gp = get_nlp(), Geoparser()
    items = [i for i in load_items(limit=limit) if gold_spans(i)[0] is not None]
    correct, outcomes, sources = 0, Counter(), Counter()
    errors = []
    t0 = time.perf_counter()
    for item, sdoc in zip(items, nlp.pipe((i["text"] for i in items), batch_size=64)):
        verb, locs = gold_spans(item)
        pred, _ = _predict(sdoc, verb, gp)
        ok = _correct(pred, [item["text"][a:b] for a, b in locs])
        correct += ok
        kind = ("gold-loc" if locs else "gold-none") + ("/pred" if pred else "/none")
        outcomes[(kind, ok)] += 1
        if pred:
            sources[pred[0].source] += 1
        if not ok and len(errors) < 400:
            errors.append({"text": item["text"], "verb": item["text"][verb[0]:verb[1]],
                           "gold": [item["text"][a:b] for a, b in locs],
                           "pred": pred[0].text if pred else None})
    n = len(items)
    result = {"items": n, "correct": correct, "accuracy": round(correct / n, 4) if n else 0.0,
              "with_gold_location": sum(1 for i in items if gold_spans(i)[1]),
              "outcomes": {f"{k}:{'ok' if ok else 'wrong'}": v for (k, ok), v in sorted(outcomes.items())},
              "sources": dict(sources), "seconds": round(time.perf_counter() - t0, 2)}
    if verbose:
        result["errors"] = errors
    return result


def _correct(pred, locs: list[str]) -> bool:
    """The Location carries text, not offsets: it matches when it shares words with a gold span."""
    if not locs:
        return pred is None
    if pred is None:
        return False
    got = pred[0].text.lower()
    return any(g.lower() in got or got in g.lower() for g in locs)


def format_result(res: dict) -> str:
    lines = [f"== event location (RELABEL): {res['items']} items, "
             f"{res['with_gold_location']} with a gold location",
             f"accuracy {res['accuracy']:.3f} ({res['correct']}/{res['items']})  in {res['seconds']} s"]
    lines += [f"  {k:22s} {v}" for k, v in res["outcomes"].items()]
    lines.append("  decided by: " + ", ".join(f"{k} {v}" for k, v in res["sources"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", type=int, default=0, help="print this many errors")
    args = ap.parse_args(argv)
    res = run(args.limit, verbose=bool(args.errors))
    print(format_result(res))
    for e in res.get("errors", [])[:args.errors]:
        print(json.dumps(e, ensure_ascii=False))


if __name__ == "__main__":
    main()
