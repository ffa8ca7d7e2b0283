"""Geoparsing benchmark on GeoWebNews and LGL (../shared/bench/geoparsing/).

Two measures per corpus:
  gold spans  - the gold toponym spans are given; accuracy = share resolved within 161 km of gold
                (the customary "acc@161"), over gold toponyms that have coordinates;
  end to end  - from raw text: recognition precision/recall/F1 (a predicted span matches a gold
                span it overlaps, one to one), and acc@161 on matched toponyms with gold coordinates.
Gold toponyms: LGL, every annotated toponym; GeoWebNews, every annotation with coordinates (literal,
metonymic, modifier and embedded uses: the annotations without coordinates are common nouns such as
"citizens" or "lot"). Also timed: gazetteer load, and geoparsing per document vs the spaCy pipeline.

    python -m seismo.bench.geo [--limit N] [--corpus gwn|lgl]
"""
from __future__ import annotations

import argparse
import json
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from seismo.geodesy import haversine_km as distance_km

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
GEO_DIR = SHARED / "bench" / "geoparsing"
CORPORA = {"gwn": "GWN.xml", "lgl": "lgl.xml"}
KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None


@dataclass
class GoldDoc:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(node, tag: str) -> float | None:
    el = node.find(tag)
    return float(el.text) if el is not None and el.text and el.text.strip() else None


def load_gwn(path: Path | None = None) -> list[GoldDoc]:
    root = ET.parse(path or GEO_DIR / CORPORA["gwn"]).getroot()
    docs = []
    for art in root:
        doc = GoldDoc(str(art.get("file")), art.find("text").text or "")
        for tp in art.find("toponyms"):
            lat, lon = _float(tp, "latitude"), _float(tp, "longitude")
            if lat is None:
                continue
            s, e = int(tp.find("start").text), int(tp.find("end").text)
            doc.toponyms.append(GoldToponym(s, e, doc.text[s:e], lat, lon))
        docs.append(doc)
    return docs


def load_lgl(path: Path | None = None) -> list[GoldDoc]:
    root = ET.parse(path or GEO_DIR / CORPORA["lgl"]).getroot()
    docs = []
    for art in root:
        doc = GoldDoc(str(art.get("docid")), art.find("text").text or "")
        for tp in art.find("toponyms"):
            s, e = int(tp.find("start").text), int(tp.find("end").text)
            g = tp.find("gaztag")
            lat = _float(g, "lat") if g is not None else None
            lon = _float(g, "lon") if g is not None else None
            doc.toponyms.append(GoldToponym(s, e, doc.text[s:e], lat, lon))
        docs.append(doc)
    return docs


def _within(place, gold: GoldToponym) -> bool:
    if place is None or place.lat is None:
        return False
    return distance_km(place.lat, place.lon, gold.lat, gold.lon) <= KM


def gold_span_accuracy(docs: list[GoldDoc], geoparser) -> dict:
    n = ok = 0
    for doc in docs:
        spans = [(g.start, g.end) for g in doc.toponyms]
        for g, t in zip(doc.toponyms, geoparser.resolve_spans(doc.text, spans)):
            if g.lat is None:
                continue
            n += 1
            ok += _within(t.place, g)
    return {"n": n, "acc161": round(ok / n, 4) if n else 0.0}


def _match(pred, gold: list[GoldToponym]) -> list[tuple]:
    """One-to-one greedy matching of overlapping spans, in text order."""
    pairs, used = [], set()
    for t in pred:
        for j, g in enumerate(gold):
            if j not in used and t.start < g.end and g.start < t.end:
                used.add(j)
                pairs.append((t, g))
                break
    return pairs


def end_to_end(docs: list[GoldDoc], nlp, geoparser) -> dict:
    tp = n_pred = n_gold = geo_n = geo_ok = 0
    nlp_s = geo_s = 0.0
    texts = [d.text for d in docs]
    t0 = time.perf_counter()
    sdocs = list(nlp.pipe(texts, batch_size=16))
    nlp_s = time.perf_counter() - t0
    for doc, sdoc in zip(docs, sdocs):
        t1 = time.perf_counter()
        pred = geoparser.parse(sdoc)
        geo_s += time.perf_counter() - t1
        pairs = _match(pred, doc.toponyms)
        tp += len(pairs)
        n_pred += len(pred)
        n_gold += len(doc.toponyms)
        for t, g in pairs:
            if g.lat is not None:
                geo_n += 1
                geo_ok += _within(t.place, g)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
            "matched": tp, "predicted": n_pred, "gold": n_gold,
            "acc161": round(geo_ok / geo_n, 4) if geo_n else 0.0, "acc161_n": geo_n,
            "nlp_seconds": round(nlp_s, 2), "geoparse_seconds": round(geo_s, 3),
            "geoparse_share": round(geo_s / nlp_s, 4) if nlp_s else 0.0,
            "ms_per_doc": round(1000 * geo_s / max(1, len(docs)), 2)}


def time_gazetteer_load() -> dict:
    """Cold load from the cached index, in a fresh process (time and peak memory)."""
    import subprocess
    import sys
    code = ("import time;t=time.perf_counter();"
            "from seismo.resolve.gazetteer import get_gazetteer;g=get_gazetteer();"
            "from seismo.bench import peak_rss_mb;print(time.perf_counter()-t, peak_rss_mb())")
    from seismo.resolve.gazetteer import get_gazetteer
    get_gazetteer()   # make sure the cache exists first
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    secs, mb = out.stdout.split()
    return {"seconds": round(float(secs), 3), "peak_mb": round(float(mb), 1)}


def run(limit: int | None = None, corpora: tuple[str, ...] = ("gwn", "lgl")) -> dict:
    from seismo.nlp import get_nlp
    from seismo.resolve.geoparse import Geoparser
    result = {"gazetteer_load": time_gazetteer_load()}
    nlp, gp = get_nlp(), Geoparser()
    loaders = {"gwn": load_gwn, "lgl": load_lgl}
    for name in corpora:
        docs = loaders[name]()[:limit] if limit else loaders[name]()
        result[name] = {"documents": len(docs), "gold_spans": gold_span_accuracy(docs, gp),
                        "end_to_end": end_to_end(docs, nlp, gp)}
    return result


def format_result(res: dict) -> str:
    g = res["gazetteer_load"]
    lines = [f"gazetteer load {g['seconds']:.2f} s, peak {g['peak_mb']:.0f} MB"]
    for name in ("gwn", "lgl"):
        if name not in res:
            continue
        r = res[name]
        gs, e = r["gold_spans"], r["end_to_end"]
        lines += [f"== {name}: {r['documents']} documents",
                  f"gold spans   acc@161 {gs['acc161']:.3f} (n={gs['n']})",
                  f"end to end   P {e['precision']:.3f} R {e['recall']:.3f} F1 {e['f1']:.3f}"
                  f"  acc@161 {e['acc161']:.3f} (n={e['acc161_n']})",
                  f"cost         geoparse {e['geoparse_seconds']:.2f} s vs spaCy {e['nlp_seconds']:.2f} s"
                  f" (+{100 * e['geoparse_share']:.1f}%), {e['ms_per_doc']:.1f} ms/doc"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    res = run(args.limit, tuple(args.corpus or CORPORA))
    print(json.dumps(res, indent=2) if args.json else format_result(res))


if __name__ == "__main__":
    main()
