"""Extraction bookkeeping on SQL backends: which documents each extractor version has done,
their outlet rows, and which extractions alert rules have yet to see (SQLStore mixin).

The runner decides what to extract and when; these methods only answer and record. All writes
of one batch happen in one transaction, so a crash loses at most one batch, extracted again
on the next run (it has no extraction record yet).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from seismo.records import Event, Rejection
from seismo.store.base import DocSource, ExtractionRecord

CHUNK = 500   # ids bound per statement


def _marks(chunk: list) -> str:
    return ", ".join("?" for _ in chunk)


class ExtractionSQL:
    """Needs SQLStore's _run, transaction, insert_rows, delete_where_in and replace_events_many."""

    def extracted_doc_ids(self, extractor_version: str, successful_only: bool = False) -> set[str]:
        return {r["doc_id"] for r in self._run(
            "SELECT doc_id FROM extractions WHERE extractor_version = ?"
            + (" AND failed_code IS NULL" if successful_only else ""), [extractor_version])}

    def any_unextracted(self, status: str, extractor_version: str, successful_only: bool = False) -> bool:
        rows = self._run("SELECT 1 AS one FROM documents d WHERE d.status = ? AND NOT EXISTS "
                         "(SELECT 1 FROM extractions x WHERE x.doc_id = d.id AND x.extractor_version = ?"
                         + (" AND failed_code IS NULL" if successful_only else "") + ") LIMIT 1",
                         [status, extractor_version])
        return bool(rows)

    def write_extractions(self, events: list[tuple[str, list[Event]]], sources: list[DocSource],
                          rejections: list[Rejection], records: list[ExtractionRecord],
                          run_id: int | None = None) -> None:
        with self.transaction():
            if events:
                self.replace_events_many(events, run_id)
                self.delete_where_in("doc_sources", "doc_id", [doc_id for doc_id, _ in events])
                self.put_doc_sources(sources)
            for rejection in rejections:
                self.put_rejection(rejection, run_id)
            self.delete_where_in("extractions", "doc_id", [r.doc_id for r in records])
            self.insert_rows("extractions", [dataclasses.asdict(r) for r in records])

    def put_doc_sources(self, sources: list[DocSource]) -> None:
        self.insert_rows("doc_sources", [dataclasses.asdict(s) for s in sources])

    def docs_awaiting_alerts(self) -> list[str]:
        return [r["doc_id"] for r in self._run("SELECT doc_id FROM extractions WHERE NOT alerts_done")]

    def mark_alerts_done(self, doc_ids: list[str]) -> None:
        with self.transaction():
            for i in range(0, len(doc_ids), CHUNK):
                chunk = doc_ids[i:i + CHUNK]
                self._run(f"UPDATE extractions SET alerts_done = TRUE WHERE doc_id IN ({_marks(chunk)})", chunk)

    def event_ids_of_documents(self, doc_ids: list[str]) -> list[str]:
        out = []
        for i in range(0, len(doc_ids), CHUNK):
            chunk = doc_ids[i:i + CHUNK]
            out += [r["event_id"] for r in self._run(
                f"SELECT event_id FROM events WHERE doc_id IN ({_marks(chunk)}) ORDER BY event_id", chunk)]
        return out

    def document_outlets(self, doc_ids: list[str]) -> list[tuple[str, str | None, str | None]]:
        out: list[tuple[str, Any, Any]] = []
        for i in range(0, len(doc_ids), CHUNK):
            chunk = doc_ids[i:i + CHUNK]
            out += [(r["id"], r.get("outlet"), r.get("url")) for r in self._run(
                f"SELECT id, outlet, url FROM documents WHERE id IN ({_marks(chunk)})", chunk)]
        return out
