"""Issue 5's clustering criterion, end to end: coder + IncidentIndex on labelled multi-outlet
reports mixed with hundreds of real news articles (the seeds and GeoWebNews/LGL) as distractors.

Scored on the labelled articles only (tests/data/incidents/, README there): pairwise precision
and recall of the incident each article's main event lands in. Every event of every document is
clustered together, so a distractor event could pull two labelled incidents together or join one;
the number of labelled incidents that absorbed a distractor event is reported (and must be 0).
"""
from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest

from seismo.analyze.incidents import IncidentIndex, pairwise_scores
from seismo.records import Document, OffsetMap

DATA = Path(__file__).parent / "data" / "incidents"
N_GWN, N_LGL = 200, 200     # 400 real articles; ~0.09 s each to extract on one core


def _rows(name: str) -> list[dict]:
    return [json.loads(x) for x in (DATA / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def _document(id_: str, source: str, text: str, published: str | None, outlet: str | None = None,
              url: str | None = None, duplicate_of: str | None = None) -> Document:
    return Document(id=id_, source=source, raw=text, clean_text=text, outlet=outlet, url=url,
                    published=published, duplicate_of=duplicate_of, offsets=OffsetMap.identity(len(text)))


def load_labelled_articles() -> tuple[list[Document], dict[str, dict]]:
    """The written articles and the labels of every labelled document (seeds included)."""
    docs = [_document(r["id"], r["source"], r["text"], r["published"], r["source"], r["url"],
                      r.get("duplicate_of")) for r in _rows("articles.jsonl")]
    return docs, {r["id"]: r for r in _rows("labels.jsonl")}


def load_seeds(seeds_dir: Path) -> list[Document]:
    """The four seed articles as production reads them (ingest reader, cleaning, date from text)."""
    from seismo.clean import clean_document
    from seismo.ingest.readers import read_paths
    return [clean_document(d) for d in read_paths([str(seeds_dir)]) if isinstance(d, Document)]


def load_distractors(published: list[str]) -> list[Document]:
    """GeoWebNews and LGL articles (the geoparsing bench's real news), re-dated into the labelled
    articles' days: their own dates (LGL 2009-2011, GWN none) would keep every relatively dated
    event ("on Thursday") weeks away from the labelled happenings, and test nothing."""
    from seismo.bench.geo import load_gwn, load_lgl
    days = itertools.cycle(sorted(set(published)))
    out = []
    for corpus, gold in (("gwn", load_gwn()[:N_GWN]), ("lgl", load_lgl()[:N_LGL])):
        for g in gold:
            out.append(_document(f"{corpus}-{g.id}", corpus, g.text, next(days), f"{corpus}-{g.id}"))
    return out


def _main_events(results, labels: dict) -> dict[str, str]:
    """Labelled document -> event id of its main event (the first of one of its label's types)."""
    out = {}
    for doc, events in results:
        if doc.id in labels and isinstance(events, list):
            chosen = [e for e in events if e.type in labels[doc.id]["types"]]
            if chosen:
                out[doc.id] = chosen[0].event_id
    return out


def _score(results, docs, labels) -> tuple[dict, IncidentIndex, dict]:
    index = IncidentIndex()
    index.add([e for _, events in results if isinstance(events, list) for e in events], docs)
    main = _main_events(results, labels)
    # An article whose main event the coder missed is its own singleton: its pairs count as misses.
    predicted = {i: index.incident_of(main[i]) if i in main else "missed-" + i for i in labels}
    return pairwise_scores(predicted, {i: x["label"] for i, x in labels.items()}), index, predicted


def _absorbed(index: IncidentIndex, predicted: dict, labels: dict) -> list[str]:
    """Labelled incidents holding an event of a document that is not labelled."""
    out = []
    for iid in sorted({p for p in predicted.values() if not p.startswith("missed-")}):
        if any(d not in labels for d in index.incident(iid).doc_ids):
            out.append(iid)
    return out


@pytest.mark.slow
def test_labelled_reports_among_real_news(pipeline, seeds_dir):
    """Pairwise P/R on the labelled articles, alone and clustered with 404 distractor articles
    (issue 5: >= 0.9 / 0.9)."""
    written, labels = load_labelled_articles()
    seeds = load_seeds(seeds_dir)
    missing = set(labels) - {d.id for d in written + seeds}
    assert not missing, missing
    distractors = load_distractors([d.published for d in written])
    t0 = time.perf_counter()
    results = list(pipeline.extract(written + seeds + distractors))
    extract_s = time.perf_counter() - t0
    labelled = [r for r in results if r[0].id in labels]
    alone, _, _ = _score(labelled, [d for d, _ in labelled], labels)
    t1 = time.perf_counter()
    mixed, index, predicted = _score(results, [d for d, _ in results], labels)
    absorbed = _absorbed(index, predicted, labels)
    n_events = sum(len(e) for _, e in results if isinstance(e, list))
    print(f"\n{len(labels)} labelled documents, {len(set(x['label'] for x in labels.values()))} incidents; "
          f"{len(seeds)} seeds + {len(distractors)} distractors; {n_events} events; "
          f"extraction {extract_s:.1f} s, clustering {time.perf_counter() - t1:.1f} s")
    print("labelled alone:      ", alone)
    print("among distractors:   ", mixed, "labelled incidents absorbing a distractor:", len(absorbed))
    for iid in absorbed:
        print("  ", iid, index.incident(iid).doc_ids)
    for scores in (alone, mixed):
        assert scores["precision"] >= PRECISION_FLOOR and scores["recall"] >= RECALL_FLOOR, scores
    assert not absorbed


# Measured 2026-12-02 on 61 labelled documents (60 written articles and seed 000), 33 incidents,
# 41 same-incident pairs, clustered alone and among the seeds and 400 GeoWebNews/LGL articles:
# P 1.00, R 0.90 (37/41) both ways, no labelled incident absorbs a distractor; extraction ~40 s.
# The 4 missed pairs are articles whose main event the coder does not find or codes as background
# ("heard explosions ... as drones flew over", "stayed shut as teachers walked out", "declared
# mourning after an attack ... killed 44"). The issue's floors: 0.9 / 0.9.
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.9
