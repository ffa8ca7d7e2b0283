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
# Documents whose results are written in one transaction: a crash loses at most this many
# documents' writes, and the next run extracts them again (no extractions row yet).
WRITE_BATCH = 32


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
                       engine: str = "local", workers: int = 1, ahead=None) -> ExtractSummary:
    """Run the pipeline over documents and replace their stored events (idempotent).

    Extraction may run on several processes (seismo.engine); writing stays in this process,
    WRITE_BATCH documents per transaction. `ahead`: documents already sent to the workers
    during ingest (seismo.engine.ExtractAhead).
    """
    from seismo import engine as engines
    summary = ExtractSummary()
    pending: list[tuple[Document, list[Event]]] = []
    for doc, result in engines.extract(docs, engine, workers, pipeline=pipeline, ahead=ahead):
        summary.documents += 1
        if isinstance(result, Rejection):
            summary.failed += 1
            store.put_rejection(result, run_id)
            continue
        if any(d.id == doc.id for d, _ in pending):
            pending = _flush(store, pending, run_id)   # the same document again: write in order
        pending.append((doc, result))
        if len(pending) >= WRITE_BATCH:
            pending = _flush(store, pending, run_id)
        summary.events += len(result)
        summary.doc_ids.append(doc.id)
        summary.event_ids.extend(e.event_id for e in result)
    _flush(store, pending, run_id)
    return summary


def _flush(store, pending: list[tuple[Document, list[Event]]], run_id: int | None) -> list:
    if pending:
        _store_events_many(store, pending, run_id)
    return []


def _store_events(store, doc: Document, events: list[Event], run_id: int | None) -> None:
    _store_events_many(store, [(doc, events)], run_id)


def _store_events_many(store, batch: list[tuple[Document, list[Event]]], run_id: int | None) -> None:
    """Events, outlet and extraction record of several documents: one transaction, a handful of
    statements whatever the number of documents (there were nine per document)."""
    from seismo.analyze.sources import classify
    doc_ids = [doc.id for doc, _ in batch]
    sources = [dict(zip(("doc_id", "domain", "source_type", "genre"), (doc.id, *classify(doc))))
               for doc, _ in batch]
    extractions = [{"doc_id": doc.id, "extractor_version": EXTRACTOR_VERSION, "run_id": run_id,
                    "n_events": len(events)} for doc, events in batch]
    with store.transaction():
        store.replace_events_many([(doc.id, events) for doc, events in batch], run_id)
        store.delete_where_in("doc_sources", "doc_id", doc_ids)
        store.insert_rows("doc_sources", sources)
        store.delete_where_in("extractions", "doc_id", doc_ids)
        store.insert_rows("extractions", extractions)


def refresh_analysis(store, new_event_ids: list[str]) -> dict:
    """Update incidents and evaluate alerts for newly stored events (when the analysis layer exists)."""
    try:
        from seismo.analyze.persist import refresh_incidents, run_alerts
    except ImportError:
        return {}
    incidents = refresh_incidents(store)
    alerts = run_alerts(store, new_event_ids)
    return {"incidents": incidents, "alerts": alerts}
