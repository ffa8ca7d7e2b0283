"""The main job as library calls: ingest paths, extract events, store them, refresh analysis.

The CLI (`seismo run`), the API (POST /api/documents) and the distributed engines call these
functions; they never re-implement the loop.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterable

from seismo.records import STATUS_OK, Document, Event, Rejection

log = logging.getLogger(__name__)

# Bumped when extraction output changes, so stored documents are re-extracted on the next run.
EXTRACTOR_VERSION = "2"


@dataclass(slots=True)
class ExtractSummary:
    documents: int = 0
    events: int = 0
    failed: int = 0
    doc_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)


def pending_documents(store, force: bool = False) -> list[Document]:
    """Documents ready for extraction that were not extracted with this extractor version."""
    if not force and not _any_pending(store):
        return []   # a re-ingest of stored documents reads none of their rows back
    done = set() if force else {
        r["doc_id"] for r in store.query(
            "SELECT doc_id FROM extractions WHERE extractor_version = ?", [EXTRACTOR_VERSION])}
    return [d for d in store.iter_documents(status=STATUS_OK) if d.id not in done]


def _any_pending(store) -> bool:
    rows = store.query("SELECT 1 AS one FROM documents d WHERE d.status = ? AND NOT EXISTS "
                       "(SELECT 1 FROM extractions x WHERE x.doc_id = d.id AND x.extractor_version = ?) "
                       "LIMIT 1", [STATUS_OK, EXTRACTOR_VERSION])
    return bool(rows)


def extract_into_store(store, docs: Iterable[Document], pipeline=None, run_id: int | None = None,
                       engine: str = "local", workers: int = 1) -> ExtractSummary:
    """Run the pipeline over documents and replace their stored events (idempotent).

    Extraction may run on several processes (seismo.engine); writing stays in this process.
    """
    from seismo import engine as engines
    summary = ExtractSummary()
    for doc, result in engines.extract(docs, engine, workers, pipeline=pipeline):
        summary.documents += 1
        if isinstance(result, Rejection):
            summary.failed += 1
            store.put_rejection(result, run_id)
            continue
        _store_events(store, doc, result, run_id)
        summary.events += len(result)
        summary.doc_ids.append(doc.id)
        summary.event_ids.extend(e.event_id for e in result)
    return summary


def _store_events(store, doc: Document, events: list[Event], run_id: int | None) -> None:
    from seismo.analyze.sources import classify
    domain, source_type, genre = classify(doc)
    with store.transaction():
        store.replace_events(doc.id, events, run_id)
        store.execute("DELETE FROM doc_sources WHERE doc_id = ?", [doc.id])
        store.execute("INSERT INTO doc_sources (doc_id, domain, source_type, genre) VALUES (?, ?, ?, ?)",
                      [doc.id, domain, source_type, genre])
        store.execute("DELETE FROM extractions WHERE doc_id = ?", [doc.id])
        store.execute("INSERT INTO extractions (doc_id, extractor_version, run_id, n_events) "
                      "VALUES (?, ?, ?, ?)", [doc.id, EXTRACTOR_VERSION, run_id, len(events)])


def refresh_analysis(store, new_event_ids: list[str]) -> dict:
    """Update incidents and evaluate alerts for newly stored events (when the analysis layer exists)."""
    try:
        from seismo.analyze.persist import refresh_incidents, run_alerts
    except ImportError:
        return {}
    incidents = refresh_incidents(store)
    alerts = run_alerts(store, new_event_ids)
    return {"incidents": incidents, "alerts": alerts}
