"""The main job as library calls: ingest paths, extract events, store them, refresh analysis.

seismo.process (behind `seismo run`, `seismo ingest --extract`, the watcher and POST
/api/documents) and the distributed engines call these functions; they never re-implement the loop.
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
# Run-record count key prefix for failed resolver calls: "resolver_failed:dates" (extract.resolvers).
RESOLVER_FAILED = "resolver_failed:"


@dataclass(slots=True)
class ExtractSummary:
    documents: int = 0
    events: int = 0
    failed: int = 0
    doc_ids: list[str] = field(default_factory=list)
    failed_ids: list[str] = field(default_factory=list)   # rejected by extraction this run
    event_ids: list[str] = field(default_factory=list)
    resolver_failures: dict[str, int] = field(default_factory=dict)   # resolver name -> failed calls (E302)

    def counts(self) -> dict[str, int]:
        """This extraction's part of the run record's counts (`seismo stats` reads the failures)."""
        return {"extracted": self.documents, "failed": self.failed,
                **{f"{RESOLVER_FAILED}{name}": n for name, n in sorted(self.resolver_failures.items())}}


def pending_documents(store, force: bool = False, retry_failed: bool = False) -> list[Document]:
    """Documents ready for extraction that were not extracted with this extractor version.

    A document whose extraction failed (past its time budget, a parser error) counts as done:
    trying it again on every later run cost minutes each time. `retry_failed` includes them.
    """
    if not force and not _any_pending(store, retry_failed):
        return []   # a re-ingest of stored documents reads none of their rows back
    done = set() if force else {
        r["doc_id"] for r in store.query(
            "SELECT doc_id FROM extractions WHERE extractor_version = ?" + _SKIP_FAILED[retry_failed],
            [EXTRACTOR_VERSION])}
    return [d for d in store.iter_documents(status=STATUS_OK) if d.id not in done]


# Which extraction rows count as done: all of them, or (retrying failures) the successful ones.
_SKIP_FAILED = {False: "", True: " AND failed_code IS NULL"}


def _any_pending(store, retry_failed: bool = False) -> bool:
    rows = store.query("SELECT 1 AS one FROM documents d WHERE d.status = ? AND NOT EXISTS "
                       "(SELECT 1 FROM extractions x WHERE x.doc_id = d.id AND x.extractor_version = ?"
                       + _SKIP_FAILED[retry_failed] + ") LIMIT 1", [STATUS_OK, EXTRACTOR_VERSION])
    return bool(rows)


def extract_pending(store, force: bool = False, retry_failed: bool = False, pipeline=None,
                    engine: str = "local", workers: int = 1, run_id: int | None = None,
                    ahead=None) -> ExtractSummary:
    """Extract every pending document, holding the store's extraction lock: two processes
    ingesting into one PostgreSQL database then never extract the same document twice (the
    second waits, and finds the first one's documents done)."""
    with store.extraction_lock():
        docs = pending_documents(store, force=force, retry_failed=retry_failed)
        return extract_into_store(store, docs, pipeline=pipeline, run_id=run_id, engine=engine,
                                  workers=workers, ahead=ahead)


def extract_into_store(store, docs: Iterable[Document], pipeline=None, run_id: int | None = None,
                       engine: str = "local", workers: int = 1, ahead=None) -> ExtractSummary:
    """Run the pipeline over documents and replace their stored events (idempotent).

    Extraction may run on several processes (seismo.engine); writing stays in this process,
    WRITE_BATCH documents per transaction. A failure is stored as a rejection and recorded in
    `extractions` (failed_code), so later runs do not try the document again unasked. `ahead`: documents already sent to the
    workers during ingest (seismo.engine.ExtractAhead).
    """
    from seismo import engine as engines
    summary = ExtractSummary()
    pending: list[tuple[Document, list[Event] | Rejection]] = []
    for doc, result in engines.extract(docs, engine, workers, pipeline=pipeline, ahead=ahead):
        summary.documents += 1
        if any(d.id == doc.id for d, _ in pending):
            pending = _flush(store, pending, run_id)   # the same document again: write in order
        pending.append((doc, result))
        if len(pending) >= WRITE_BATCH:
            pending = _flush(store, pending, run_id)
        if isinstance(result, Rejection):
            summary.failed += 1
            summary.failed_ids.append(doc.id)
            continue
        summary.events += len(result)
        for name, n in getattr(result, "resolver_failures", {}).items():
            summary.resolver_failures[name] = summary.resolver_failures.get(name, 0) + n
        summary.doc_ids.append(doc.id)
        summary.event_ids.extend(e.event_id for e in result)
    _flush(store, pending, run_id)
    return summary


def _flush(store, pending: list[tuple[Document, list[Event]]], run_id: int | None) -> list:
    if pending:
        _store_events_many(store, pending, run_id)
    return []


def store_extraction(store, doc: Document, events: list[Event] | Rejection, run_id: int | None = None) -> None:
    """Replace one document's stored events with what its extraction found (or record its
    failure): the write extract_into_store does per batch, for a caller extracting on its own
    (POST /api/documents extracts outside the server's store lock)."""
    _store_events_many(store, [(doc, events)], run_id)


def _store_events_many(store, batch: list[tuple[Document, list[Event] | Rejection]],
                       run_id: int | None) -> None:
    """Events, outlet and extraction record of several documents: one transaction, a handful of
    statements whatever the number of documents (there were nine per document). A failed
    document keeps the events it had; its rejection and failure record are written."""
    from seismo.analyze.sources import classify
    done = [(doc, result) for doc, result in batch if not isinstance(result, Rejection)]
    failed = [result for _, result in batch if isinstance(result, Rejection)]
    doc_ids = [doc.id for doc, _ in done]
    sources = [dict(zip(("doc_id", "domain", "source_type", "genre"), (doc.id, *classify(doc))))
               for doc, _ in done]
    extractions = [_extraction_row(doc.id, result, run_id) for doc, result in batch]
    with store.transaction():
        if done:
            store.replace_events_many([(doc.id, events) for doc, events in done], run_id)
            store.delete_where_in("doc_sources", "doc_id", doc_ids)
            store.insert_rows("doc_sources", sources)
        for rejection in failed:
            store.put_rejection(rejection, run_id)
        store.delete_where_in("extractions", "doc_id", [doc.id for doc, _ in batch])
        store.insert_rows("extractions", extractions)


def _extraction_row(doc_id: str, result: list[Event] | Rejection, run_id: int | None) -> dict:
    failed = isinstance(result, Rejection)
    return {"doc_id": doc_id, "extractor_version": EXTRACTOR_VERSION, "run_id": run_id,
            "n_events": 0 if failed else len(result), "failed_code": result.code if failed else None,
            "alerts_done": failed}   # alert rules have yet to see the new events


def refresh_analysis(store, new_event_ids: list[str] | None = None) -> dict:
    """Update incidents and evaluate alerts for the events alert rules have not seen yet: those
    given, and those of every document extracted since alerts last ran (a run killed before
    alerting leaves them, and the next run raises their alerts)."""
    try:
        from seismo.analyze.persist import refresh_incidents, run_alerts
    except ImportError:
        return {}
    with store.extraction_lock():   # two processes rewriting incidents at once collided on their keys
        return _refresh_analysis(store, new_event_ids, refresh_incidents, run_alerts)


def _refresh_analysis(store, new_event_ids, refresh_incidents, run_alerts) -> dict:
    incidents = refresh_incidents(store)
    unseen = [r["doc_id"] for r in store.query("SELECT doc_id FROM extractions WHERE NOT alerts_done")]
    # Sorted: the rules see the same events in the same order whether or not a crash came between.
    event_ids = sorted(set(new_event_ids or []) | set(_event_ids_of(store, unseen)))
    alerts = run_alerts(store, event_ids)
    with store.transaction():
        for i in range(0, len(unseen), 500):
            chunk = unseen[i:i + 500]
            store.execute(f"UPDATE extractions SET alerts_done = TRUE WHERE doc_id IN "
                          f"({', '.join('?' for _ in chunk)})", chunk)
    return {"incidents": incidents, "alerts": alerts}


def _event_ids_of(store, doc_ids: list[str]) -> list[str]:
    out = []
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i:i + 500]
        out += [r["event_id"] for r in store.query(
            f"SELECT event_id FROM events WHERE doc_id IN ({', '.join('?' for _ in chunk)}) "
            "ORDER BY event_id", chunk)]
    return out
