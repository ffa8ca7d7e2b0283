"""Ingest these documents and extract their events: the one library call behind `seismo run`,
`seismo ingest --extract`, the watcher (seismo.watch) and POST /api/documents.

    from seismo.process import ProcessOptions, ingest_and_extract
    result = ingest_and_extract(store, ["news/"], ProcessOptions())
    result.ingested.format(), result.extracted.event_ids

Paths go through ingestion (read, clean, store), then every pending document is extracted, its
events stored, and incidents and alerts refreshed (runner). The API posts one document and
extracts it outside its store lock, so it uses the two steps this is made of: extract_document
and record_extraction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from seismo import runner
from seismo.engine import extract_ahead
from seismo.ingest import IngestSummary, ingest_paths
from seismo.records import Document, Event, Rejection


@dataclass
class ProcessOptions:
    extract: bool = True             # False: ingest only
    force: bool = False              # re-extract every stored document, not only new ones
    retry_failed: bool = False       # try again documents whose extraction failed before
    engine: str = "local"            # where extraction runs (seismo.engine)
    workers: int = 1
    pipeline: Any = None             # a loaded seismo.pipeline.Pipeline to reuse (the watcher's)
    progress: bool = False           # a progress bar on stderr while ingesting
    # One run record spans ingest and extraction (`seismo ingest`): extraction workers start on
    # the first stored document, extraction runs only when something went in, and a process
    # killed meanwhile leaves the run to be closed as "interrupted". Otherwise (`seismo run`,
    # the watcher) the ingest run closes first and every pending document is extracted after.
    one_run: bool = False
    # Called with the ingest summary before extraction starts (the CLI prints it then).
    on_ingested: Callable[[IngestSummary], None] | None = None


@dataclass
class ProcessResult:
    ingested: IngestSummary
    extracted: runner.ExtractSummary | None = None   # None when nothing was extracted
    analysis: dict = field(default_factory=dict)     # refresh_analysis's counts


def ingest_and_extract(store, paths: list[str], options: ProcessOptions | None = None) -> ProcessResult:
    """Ingest `paths` (files, directories, JSONL, feeds; '-' for stdin) into `store`, then
    extract, store and analyse the pending documents."""
    options = options or ProcessOptions()
    if options.one_run:
        return _ingest_in_one_run(store, paths, options)
    # The run stays open through extraction so that its record carries the extraction's counts
    # (resolver failures included: `seismo stats` reads them from there).
    result = ProcessResult(ingest_paths(store, list(paths), progress=options.progress, finish_run=False))
    counts = result.ingested.counts()
    try:
        if options.on_ingested:
            options.on_ingested(result.ingested)
        if options.extract:
            _extract(store, result, options, run_id=None, ahead=None)
            counts |= result.extracted.counts()
    except BaseException as exc:
        store.finish_run(result.ingested.run_id, counts, _ending(exc))
        raise
    store.finish_run(result.ingested.run_id, counts)
    return result


def _ending(exc: BaseException) -> str:
    return "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"


def _ingest_in_one_run(store, paths: list[str], options: ProcessOptions) -> ProcessResult:
    ahead = extract_ahead(options.engine, options.workers) if options.extract else None
    summary = ingest_paths(store, list(paths), progress=options.progress, finish_run=False,
                           on_stored=ahead.add if ahead else None)
    result = ProcessResult(summary)
    if options.on_ingested:
        options.on_ingested(summary)
    counts = summary.counts()
    try:
        if options.extract and summary.ok:
            _extract(store, result, options, run_id=summary.run_id, ahead=ahead)
            counts |= result.extracted.counts()
    except BaseException as exc:
        store.finish_run(summary.run_id, counts, _ending(exc))
        raise
    store.finish_run(summary.run_id, counts)
    return result


def _extract(store, result: ProcessResult, options: ProcessOptions, run_id: int | None, ahead) -> None:
    result.extracted = runner.extract_pending(store, force=options.force, retry_failed=options.retry_failed,
                                              pipeline=options.pipeline, engine=options.engine,
                                              workers=options.workers, run_id=run_id, ahead=ahead)
    result.analysis = runner.refresh_analysis(store, result.extracted.event_ids)


def extract_document(doc: Document, pipeline) -> list[Event] | Rejection:
    """One stored document's events, or the Rejection of a failed extraction (nothing stored:
    the caller holds no store meanwhile)."""
    found: list[Event] | Rejection = []
    for _, found in pipeline.extract([doc]):
        pass
    return found


def record_extraction(store, doc: Document, found: list[Event] | Rejection) -> tuple[list[Event], str | None]:
    """Store what extract_document found and refresh the analysis tables: (events, message),
    the message saying why extraction failed. A failure is kept for `seismo show`."""
    runner.store_extraction(store, doc, found)
    if isinstance(found, Rejection):
        return [], f"[{found.code}] {found.message}"
    runner.refresh_analysis(store, [e.event_id for e in found])
    return found, None
