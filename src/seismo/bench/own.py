"""The whole pipeline scored on a split of the project's own corpus (corpus/events/).

Gold events are the annotated mentions with `status: current`, grouped by their `event` id: one
real-world event, however many times the text tells it. A predicted event matches a gold event
when its trigger overlaps one of that event's mentions; each gold event is matched once (a second
record of it is a false alarm: one event, one record). Predicted background events that match
nothing are neither rewarded nor punished (as in ../shared/bench/score.py). Figures: events
(type-blind), typed (PLOVER type), ACLED (sub-event type of the matched events that have one),
and per-type precision and recall.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from seismo.records import Document, OffsetMap
from seismo.train.corpus import CorpusDoc, read_corpus
from seismo.train.evaluate import prf as _prf


@dataclass
class GoldEvent:
    spans: list[tuple[int, int]]
    plover: str
    acled: str | None
    matched: bool = False
    background_spans: list = field(default_factory=list)


def gold_events(doc: CorpusDoc) -> tuple[list[GoldEvent], list[tuple[int, int]]]:
    """The document's current gold events, and the spans of its other (non-reportable) mentions."""
    groups: dict[str, list] = defaultdict(list)
    other = []
    for i, m in enumerate(doc.mentions):
        if m.plover is None:
            continue
        if m.status == "current":
            groups[m.event or f"_{i}"].append(m)
        else:
            other.append((m.start, m.end))
    events = []
    for mentions in groups.values():
        first = mentions[0]
        events.append(GoldEvent([(m.start, m.end) for m in mentions], first.plover,
                                first.acled[1] if first.acled else None))
    return events, other


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def documents(docs: list[CorpusDoc]) -> list[Document]:
    return [Document(id=d.doc_id, source=d.source_file, raw=d.text, clean_text=d.text,
                     offsets=OffsetMap.identity(len(d.text)), published=d.published) for d in docs]


def score(docs: list[CorpusDoc], predicted: dict[str, list]) -> dict:
    """predicted: doc_id -> list of Event records. Besides the P/R/F1 entries, "confidence"
    holds (confidence, right?) per scored record and the number of gold events, for the
    calibration figures (seismo.bench.calibration)."""
    counts = defaultdict(lambda: [0, 0, 0])   # label -> [tp, fp, fn]
    scored: list[tuple[float, bool]] = []
    n_gold = 0
    for doc in docs:
        gold, other = gold_events(doc)
        for ev in predicted.get(doc.doc_id, []):
            span = (ev.evidence.trigger_start, ev.evidence.trigger_end)
            hit = next((g for g in gold if not g.matched and any(_overlaps(span, s) for s in g.spans)), None)
            if hit is None:
                dup = any(_overlaps(span, s) for g in gold for s in g.spans)
                if ev.historical and not dup:
                    continue
                if any(_overlaps(span, s) for s in other) and ev.historical:
                    continue
                _false(counts, ev)
                scored.append((ev.confidence, False))
                continue
            hit.matched = True
            _match(counts, ev, hit)
            scored.append((ev.confidence, ev.type == hit.plover))
        n_gold += len(gold)
        for g in gold:
            if not g.matched:
                for key in ("events", "typed", f"plover:{g.plover}") + ((f"acled:{g.acled}",) if g.acled else ()):
                    counts[key][2] += 1
    result = {k: _prf(*v) for k, v in sorted(counts.items())}
    result["confidence"] = {"scored": scored, "gold": n_gold}
    return result


def _false(counts, ev) -> None:
    for key in ("events", "typed", f"plover:{ev.type}"):
        counts[key][1] += 1
    if ev.acled_sub_event_type:
        counts[f"acled:{ev.acled_sub_event_type}"][1] += 1


def _match(counts, ev, g: GoldEvent) -> None:
    counts["events"][0] += 1
    same = ev.type == g.plover
    counts["typed"][0 if same else 1] += 1
    if not same:
        counts["typed"][2] += 1
        counts[f"plover:{ev.type}"][1] += 1
    counts[f"plover:{g.plover}"][0 if same else 2] += 1
    sub = ev.acled_sub_event_type
    if g.acled and sub == g.acled:
        counts[f"acled:{sub}"][0] += 1
    else:
        if g.acled:
            counts[f"acled:{g.acled}"][2] += 1
        if sub:
            counts[f"acled:{sub}"][1] += 1


def run_own(split: str = "dev", pipeline=None) -> dict:
    from seismo.pipeline import Pipeline
    docs = [d for d in read_corpus()[0] if d.split == split]
    pipeline = pipeline or Pipeline()
    predicted = {}
    for doc, result in pipeline.extract(documents(docs)):
        predicted[doc.id] = result if isinstance(result, list) else []
    return score(docs, predicted)


def summary(name: str, res: dict) -> str:
    e, t = res.get("events", _prf(0, 0, 0)), res.get("typed", _prf(0, 0, 0))
    acled = [v for k, v in res.items() if k.startswith("acled:") and k != "confidence"]
    tp, fp, fn = (sum(v[k] for v in acled) for k in ("tp", "fp", "fn"))
    a = _prf(tp, fp, fn)
    return (f"{name:22s} events P {e['p']:.3f} R {e['r']:.3f} F1 {e['f1']:.3f}  typed F1 {t['f1']:.3f}  "
            f"ACLED sub-type P {a['p']:.3f} R {a['r']:.3f} F1 {a['f1']:.3f}")
