"""The main job as library calls: ingest paths, extract events, store them, refresh analysis.

seismo.process (behind `seismo run`, `seismo ingest --extract`, the watcher and POST
/api/documents) and the distributed engines call these functions; they never re-implement the loop.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterable

from seismo.records import STATUS_OK, Document, Event, Rejection
from seismo.store.base import DocSource, ExtractionRecord

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
    if not force and not store.any_unextracted(STATUS_OK, EXTRACTOR_VERSION, successful_only=retry_failed):
        return []   # a re-ingest of stored documents reads none of their rows back
    done = set() if force else store.extracted_doc_ids(EXTRACTOR_VERSION, successful_only=retry_failed)
    return [d for d in store.iter_documents(status=STATUS_OK) if d.id not in done]


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
    store.write_extractions(
        events=[(doc.id, events) for doc, events in done],
        sources=[DocSource(doc.id, *classify(doc)) for doc, _ in done],
        rejections=[result for _, result in batch if isinstance(result, Rejection)],
        records=[_extraction_record(doc.id, result, run_id) for doc, result in batch], run_id=run_id)


def _extraction_record(doc_id: str, result: list[Event] | Rejection, run_id: int | None) -> ExtractionRecord:
    failed = isinstance(result, Rejection)
    return ExtractionRecord(doc_id=doc_id, extractor_version=EXTRACTOR_VERSION, run_id=run_id,
                            n_events=0 if failed else len(result), failed_code=result.code if failed else None,
                            alerts_done=failed)   # alert rules have yet to see the new events


def refresh_analysis(store, new_event_ids: list[str] | None = None) -> dict:
    """Update incidents and evaluate alerts for the events alert rules have not seen yet: those
    given, and those of every document extracted since alerts last ran (a run killed before
    alerting leaves them, and the next run raises their alerts)."""
    from seismo.analyze.persist import refresh_incidents, run_alerts   # here: `seismo events` never needs it
    with store.extraction_lock():   # two processes rewriting incidents at once collided on their keys
        return _refresh_analysis(store, new_event_ids, refresh_incidents, run_alerts)


def _refresh_analysis(store, new_event_ids, refresh_incidents, run_alerts) -> dict:
    incidents = refresh_incidents(store)
    unseen = store.docs_awaiting_alerts()
    # Sorted: the rules see the same events in the same order whether or not a crash came between.
    event_ids = sorted(set(new_event_ids or []) | set(store.event_ids_of_documents(unseen)))
    alerts = run_alerts(store, event_ids)
    store.mark_alerts_done(unseen)
    return {"incidents": incidents, "alerts": alerts}
