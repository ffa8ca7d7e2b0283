"""Ingestion: read inputs into Documents, clean them, and store them idempotently.

`read_paths(paths)` yields Document | Rejection per input item; `ingest_paths(store, paths)`
reads, cleans and stores them and returns an IngestSummary. The CLI wraps `ingest_paths`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import islice
from typing import Callable

from seismo.errors import SeismoError
from seismo.ingest.readers import KEEP_BYTES, read_paths
from seismo.records import STATUS_REJECTED, Document, Rejection

__all__ = ["read_paths", "ingest_paths", "clean_item", "IngestSummary"]
log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    stored: int = 0
    unchanged: int = 0
    duplicate: int = 0
    rejected: int = 0
    not_processed: int = 0
    run_id: int | None = None
    doc_ids: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Something went in, or was already there."""
        return bool(self.stored or self.unchanged or self.duplicate or self.not_processed)

    def counts(self) -> dict[str, int]:
        return {"stored": self.stored, "unchanged": self.unchanged, "duplicate": self.duplicate,
                "rejected": self.rejected}

    def add(self, other: "IngestSummary") -> None:
        """Fold a committed batch's counts and messages into this summary."""
        for name in ("stored", "unchanged", "duplicate", "rejected", "not_processed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.doc_ids.extend(other.doc_ids)
        self.messages.extend(other.messages)

    def format(self) -> str:
        return (f"stored {self.stored}, unchanged {self.unchanged}, duplicate {self.duplicate}, "
                f"not processed {self.not_processed}, rejected {self.rejected}")


def ingest_paths(store, paths: list[str], progress: bool = False, finish_run: bool = True,
                 on_stored: Callable[[Document], None] | None = None) -> IngestSummary:
    """Read, clean and store every input item; one bad item never stops the batch.

    With `finish_run=False` the run (summary.run_id) stays "running" for the caller to finish
    after extracting, so a process killed while extracting leaves it to be closed as
    "interrupted" by the next run. `on_stored(doc)` is called for each newly stored document
    (ingest --extract starts the extraction workers on the first, so their loading overlaps the
    rest of the ingest)."""
    from seismo.config import doc_budget_seconds
    budget = doc_budget_seconds()
    summary = IngestSummary()
    run_id = summary.run_id = store.start_run("ingest", {"paths": list(paths)})
    items = read_paths(paths)
    if progress:
        from tqdm import tqdm
        # delay: a bar only for runs longer than a second; short runs print just the summary.
        items = tqdm(items, unit="doc", desc="ingest", delay=1.0)
    for batch in _chunks(items, STORE_BATCH):
        _ingest_batch(store, batch, budget, run_id, summary, on_stored)
    if finish_run:
        store.finish_run(run_id, summary.counts())
    return summary


# Documents stored in one transaction: a commit per document was a tenth of a fresh ingest's time.
STORE_BATCH = 32


def _chunks(items, size: int):
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _ingest_batch(store, batch: list, budget: float | None, run_id: int | None, summary: IngestSummary,
                  on_stored=None) -> None:
    """Clean and store a batch in one transaction. When a store statement fails, the transaction
    rolls back (DuckDB and PostgreSQL abort it on the first error, and DuckDB has no savepoints)
    and the batch is stored again one document per transaction, so only the bad one is rejected.
    `on_stored` may see a document of a rolled-back batch: it starts an extraction, which is used
    only for a document that ends up stored (engine.ExtractAhead.take)."""
    staged = IngestSummary()
    try:
        with store.transaction():
            for item in batch:
                _ingest_item(store, item, budget, run_id, staged, on_stored)
    except Exception:   # rolled back (the store also drops its near-copy index then)
        for item in batch:
            _ingest_alone(store, item, budget, run_id, summary, on_stored)
        return
    summary.add(staged)


def _ingest_alone(store, item, budget, run_id, summary: IngestSummary, on_stored=None) -> None:
    try:
        with store.transaction():
            _ingest_item(store, item, budget, run_id, summary, on_stored)
    except Exception as exc:   # whatever one item does, the batch goes on and keeps a record
        log.exception("ingesting %s failed", item.doc_id if isinstance(item, Rejection) else item.id)
        rej = item if isinstance(item, Rejection) else _failure(item, "store", exc)
        store.put_rejection(rej, run_id)
        _count_rejection(summary, rej)


def _ingest_item(store, item: Document | Rejection, budget: float | None, run_id: int | None,
                 summary: IngestSummary, on_stored=None) -> None:
    if not isinstance(item, Rejection) and store.has_same_raw(item.id, item.raw):
        # Stored from this very input: put_document would say "unchanged" after cleaning and
        # language detection, which were most of a re-ingest's time. Count it as it would.
        summary.unchanged += 1
        return
    doc = item if isinstance(item, Rejection) else clean_item(item, budget)
    if isinstance(doc, Rejection):
        store.put_rejection(doc, run_id)
        _count_rejection(summary, doc)
        return
    result = _store(store, doc, run_id)   # a failure is recorded by the caller
    _count(summary, doc, result)
    if on_stored is not None and result.status == "stored":
        on_stored(doc)


def clean_item(item: Document, budget: float | None = None) -> Document | Rejection:
    """The cleaned document, or a Rejection keeping its raw text when cleaning fails or runs past
    the per-document time budget (a bug in a stage, or a hang, must not lose the document)."""
    from seismo.budget import time_budget
    from seismo.clean import clean_document, load_language_profiles, plainly_english
    if not plainly_english(item.clean_text or item.raw or ""):
        load_language_profiles()   # ~0.5 s once per process, not charged to a document's budget
    try:
        with time_budget(budget, "cleaning"):
            return clean_document(item)
    except SeismoError as exc:   # bad input or past the budget: a per-document message
        log.info("cleaning %s: %s", item.id, exc)
        return _failure(item, "clean", exc)
    except Exception as exc:      # a bug: keep the traceback in the log
        log.exception("cleaning failed for %s", item.id)
        return _failure(item, "clean", exc)


def _failure(item: Document, stage: str, exc: Exception) -> Rejection:
    """The rejection keeps the whole raw document: it passed the reader's size limit, and a
    rerun after a fix must not need the original file."""
    code = exc.code if isinstance(exc, SeismoError) else "E300"
    return Rejection(item.id, stage, code, f"{type(exc).__name__}: {exc}", item.source, item.raw)


def _store(store, doc: Document, run_id: int | None):
    """The document and, when cleaning left nothing usable, its rejection row: one transaction."""
    with store.transaction():
        result = store.put_document(doc, run_id)
        if doc.status == STATUS_REJECTED and result.message == doc.status_reason and doc.status_reason:
            code, _, message = doc.status_reason.partition(" ")
            store.put_rejection(Rejection(doc.id, "clean", code, message, doc.source,
                                          doc.raw[:KEEP_BYTES]), run_id)
    return result


def _count_rejection(summary: IngestSummary, rej: Rejection) -> None:
    summary.rejected += 1
    summary.messages.append(f"{rej.doc_id}: [{rej.code}] {rej.message}")


def _count(summary: IngestSummary, doc: Document, result) -> None:
    if result.status == "stored":
        if doc.status == "not_processed":
            summary.not_processed += 1
            summary.messages.append(f"{doc.id}: {doc.status_reason}")
        else:
            summary.stored += 1
        summary.doc_ids.append(doc.id)
    elif result.status == "unchanged":
        summary.unchanged += 1
    elif result.status == "duplicate":
        summary.duplicate += 1
        summary.messages.append(f"{doc.id}: near-identical copy of {result.duplicate_of}")
    else:
        summary.rejected += 1
        summary.messages.append(f"{doc.id}: {result.message}")
