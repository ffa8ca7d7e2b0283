"""The storage interface every backend implements (DuckDB, the embedded default; PostgreSQL).

Backends are chosen by URL with `seismo.store.open_store(url)`: a file path -> DuckDB,
`postgresql://...` -> PostgreSQL. All writes of one document (document row, its rejections,
its events) happen in one transaction, so an interrupted ingest leaves nothing half-written.

`Store` is the whole contract: every query and write of Seismo goes through one of its methods
(tests/test_store_contract.py checks that no SQL is run outside seismo.store). A new backend
implements the abstract methods below; docs/scaling.md lists them by group. The records that
cross the boundary are the dataclasses of this module and seismo.records, never SQL text.
"""
from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from seismo.errors import InvalidFilter
from seismo.records import Document, Event, Rejection

_DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def check_date_bound(value: str | None, name: str = "date") -> str | None:
    """A date filter as YYYY, YYYY-MM or YYYY-MM-DD naming a real date; InvalidFilter otherwise
    (`2024-13` used to match nothing, silently)."""
    if value is None or not value.strip():
        return None
    found = _DATE_BOUND.fullmatch(value.strip())
    try:
        if not found:
            raise ValueError
        year, month, day = found.groups()
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidFilter(f"{name} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD "
                            "(e.g. 2024-06 or 2024-06-25)") from None
    return value.strip()


@dataclass(slots=True)
class EventFilter:
    """Filters shared by the CLI, the API and the exports (all optional, all parameterised)."""
    type: str | None = None
    country: str | None = None          # ISO3 of the location or of either actor
    admin1: str | None = None
    actor: str | None = None            # substring of actor text/name (case-insensitive)
    mineral: str | None = None          # canonical mineral name
    date_from: str | None = None        # inclusive, compares on the date value prefix
    date_to: str | None = None
    factuality: str | None = None
    doc_id: str | None = None
    source_type: str | None = None      # outlet type: wire news opinion aggregator official unknown
    genre: str | None = None            # reporting | opinion (leave commentary out: "reporting")
    near_lat: float | None = None       # with near_lon: events located within `within_km` of it
    near_lon: float | None = None
    within_km: float = 50.0
    include_historical: bool = True
    min_confidence: float | None = None  # events whose calibrated confidence is at least this
    limit: int = 100
    offset: int = 0
    sort: str = "date"                  # date | -date | type | doc_id


@dataclass(slots=True)
class IncidentFilter:
    """Filters on stored incidents (values compared as given; the CLI upper-cases codes)."""
    type: str | None = None
    country: str | None = None
    admin1: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    min_sources: int | None = None     # n_independent_sources >= this
    event_id: str | None = None        # the incident containing this event
    limit: int = 100
    offset: int = 0
    sort: str = "-last_seen"           # see seismo.store.analysis.INCIDENT_SORTS


@dataclass(slots=True)
class AlertFilter:
    rule: str | None = None
    acknowledged: bool | None = None
    limit: int = 100
    offset: int = 0


@dataclass(slots=True)
class IncidentRow:
    """One incident as stored: its columns, its JSON (`data`) and its reports (event, document)."""
    incident_id: str
    type: str | None
    mode: str | None
    country: str | None
    admin1: str | None
    location: str | None
    lat: float | None
    lon: float | None
    date_value: str | None
    first_seen: str | None
    last_seen: str | None
    n_reports: int
    n_independent_sources: int
    fatalities: int | None
    confidence: float | None
    data_hash: str
    data: str
    reports: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class AlertRow:
    """One alert as logged (acknowledged starts false); `data` is the alert's JSON."""
    alert_id: str
    rule: str
    title: str
    severity: str
    message: str
    subject: str | None
    country: str | None
    admin1: str | None
    created_at: str
    data: str


@dataclass(slots=True)
class DocSource:
    """A document's outlet classification (seismo.analyze.sources.classify)."""
    doc_id: str
    domain: str | None
    source_type: str
    genre: str


@dataclass(slots=True)
class ExtractionRecord:
    """That a document was extracted by an extractor version (failed_code set when it failed)."""
    doc_id: str
    extractor_version: str
    run_id: int | None
    n_events: int
    failed_code: str | None
    alerts_done: bool          # whether alert rules have seen its events


@dataclass(slots=True)
class PutResult:
    """What happened to one document on `put_document`."""
    status: str            # stored | unchanged | duplicate | rejected
    doc_id: str
    duplicate_of: str | None = None
    message: str | None = None


@dataclass(slots=True)
class Stats:
    documents_by_status: dict[str, int] = field(default_factory=dict)
    rejections_by_code: dict[str, int] = field(default_factory=dict)
    events_by_type: dict[str, int] = field(default_factory=dict)
    runs: int = 0



class Store(ABC):
    """What a backend implements. Groups: lifecycle, runs, documents (with the lookups
    near-duplicate detection asks), events, extractions, analysis tables, dashboard aggregates.
    Parameters are always bound, never formatted into SQL."""
    url: str
    # An opaque slot for seismo.clean.neardup's index of this database's originals, so one store
    # object (or a server handing it on, serve/api.py) builds it once; the store never reads it.
    _neardup: Any = None

    # -- lifecycle ---------------------------------------------------------------------------
    @abstractmethod
    def migrate(self) -> None:
        """Create or upgrade the schema (idempotent)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @abstractmethod
    def transaction(self):
        """Context manager: everything inside commits together or not at all (nestable: only
        the outermost commits)."""

    def resolver_failures(self, last_runs: int = 10) -> dict[str, int]:
        """Failed resolver calls (E302) summed over the last runs' counts: {resolver: n}."""
        import json
        prefix = "resolver_failed:"   # runner.RESOLVER_FAILED (the runner writes these counts)
        total: dict[str, int] = {}
        for row in self.query("SELECT counts FROM runs ORDER BY id DESC LIMIT ?", [int(last_runs)]):
            for key, n in (json.loads(row["counts"]) if row["counts"] else {}).items():
                if key.startswith(prefix):
                    total[key[len(prefix):]] = total.get(key[len(prefix):], 0) + int(n)
        return total

    def extraction_lock(self):
        """Context manager held while pending documents are listed and extracted, and while the
        analysis tables are rewritten, so concurrent processes never extract one document twice
        nor write the same incidents at once. DuckDB has one writing process per file
        already; the PostgreSQL backend takes an advisory lock."""
        import contextlib
        return contextlib.nullcontext()

    # -- runs ----------------------------------------------------------------------------------
    @abstractmethod
    def start_run(self, command: str, args: dict[str, Any]) -> int: ...

    @abstractmethod
    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "done") -> None: ...

    # -- documents -----------------------------------------------------------------------------
    def put_document(self, doc: Document, run_id: int | None = None) -> PutResult:
        """Store a document idempotently: same content -> unchanged; a copy -> linked to its
        original. Whether it is a copy is decided by ingestion (seismo.clean.neardup), which
        asks this store's lookups and then calls `insert_document`; kept here so that every
        caller stores documents the one way."""
        from seismo.clean.neardup import store_document
        return store_document(self, doc, run_id)

    @abstractmethod
    def stored_result(self, doc: Document, run_id: int | None = None) -> PutResult | None:
        """None when `doc.id` is not stored yet; else "unchanged" (same content or same raw
        input), or "rejected" with an E107 record when the id holds another document."""

    @abstractmethod
    def insert_document(self, doc: Document, run_id: int | None = None,
                        near_dup_key: str | None = None) -> PutResult:
        """Store the document as given (status and duplicate_of already decided) with its
        near-duplicate key, unless the id is taken (then as `stored_result` answers)."""

    def has_same_raw(self, doc_id: str, raw: str) -> bool:
        """Whether `doc_id` is stored from exactly this raw input, so that put_document would
        answer "unchanged" whatever cleaning gives: ingest then skips cleaning it. A store that
        cannot tell cheaply says False and put_document decides."""
        return False

    @abstractmethod
    def original_with_hash(self, content_hash: str) -> str | None:
        """The earliest stored original (not itself a copy) with this content hash."""

    @abstractmethod
    def near_dup_keys(self) -> list[tuple[str, str | None]]:
        """(doc id, stored near-duplicate key or None) of every original with text."""

    @abstractmethod
    def set_near_dup_key(self, doc_id: str, key: str) -> None:
        """Replace a document's near-duplicate key (recomputed from an older format)."""

    @abstractmethod
    def put_rejection(self, rej: Rejection, run_id: int | None = None) -> None: ...

    @abstractmethod
    def get_document(self, doc_id: str) -> Document | None: ...

    @abstractmethod
    def document_text(self, doc_id: str) -> str:
        """The clean text of a document ("" when unknown)."""

    @abstractmethod
    def documents(self, query: str | None = None, status: str | None = None,
                  limit: int = 100, offset: int = 0) -> list[Document]: ...

    @abstractmethod
    def documents_light(self, doc_ids: list[str] | None = None) -> list[Document]:
        """Metadata only (no raw or clean text) of all documents or of those ids."""

    @abstractmethod
    def document_outlets(self, doc_ids: list[str]) -> list[tuple[str, str | None, str | None]]:
        """(doc id, outlet, url) of those documents that are stored."""

    @abstractmethod
    def rejections(self, doc_id: str | None = None, limit: int = 100) -> list[Rejection]: ...

    def iter_documents(self, status: str | None = None, batch: int = 500) -> Iterator[Document]:
        offset = 0
        while True:
            page = self.documents(status=status, limit=batch, offset=offset)
            if not page:
                return
            yield from page
            offset += len(page)

    # -- events --------------------------------------------------------------------------------
    @abstractmethod
    def replace_events(self, doc_id: str, events: Iterable[Event], run_id: int | None = None) -> int:
        """Replace all events of a document in one transaction (re-extraction is idempotent)."""

    def replace_events_many(self, batch: list[tuple[str, list[Event]]], run_id: int | None = None) -> int:
        """replace_events for several documents (each id once) in one transaction; the rows
        stored are those of calling it for each document in turn. SQLStore does it in a few
        statements."""
        with self.transaction():
            return sum(self.replace_events(doc_id, events, run_id) for doc_id, events in batch)

    @abstractmethod
    def get_event(self, event_id: str) -> Event | None: ...

    @abstractmethod
    def events(self, flt: EventFilter | None = None) -> list[Event]: ...

    @abstractmethod
    def count_events(self, flt: EventFilter | None = None) -> int: ...

    @abstractmethod
    def event_where(self, flt: EventFilter) -> tuple[str, list[Any]]:
        """The filter as this backend's WHERE clause and bound parameters (built by
        seismo.store.where, the one filter builder): every events reader uses it."""

    @abstractmethod
    def events_by_id(self, event_ids: list[str]) -> list[Event]:
        """Those events that are stored."""

    @abstractmethod
    def event_fingerprints(self) -> dict[str, str]:
        """event id -> a hash of its stored data: what changed since a previous look."""

    @abstractmethod
    def event_ids_of_documents(self, doc_ids: list[str]) -> list[str]:
        """The events of these documents, by document chunk then event id."""

    @abstractmethod
    def stats(self) -> Stats: ...

    # -- extractions ---------------------------------------------------------------------------
    @abstractmethod
    def extracted_doc_ids(self, extractor_version: str, successful_only: bool = False) -> set[str]: ...

    @abstractmethod
    def any_unextracted(self, status: str, extractor_version: str, successful_only: bool = False) -> bool:
        """Whether a document of that status has no extraction record of that version."""

    @abstractmethod
    def write_extractions(self, events: list[tuple[str, list[Event]]], sources: list[DocSource],
                          rejections: list[Rejection], records: list[ExtractionRecord],
                          run_id: int | None = None) -> None:
        """One transaction: the documents' events and outlet rows replaced, the rejections
        added, the extraction records of every document in `records` replaced."""

    @abstractmethod
    def put_doc_sources(self, sources: list[DocSource]) -> None: ...

    @abstractmethod
    def docs_awaiting_alerts(self) -> list[str]: ...

    @abstractmethod
    def mark_alerts_done(self, doc_ids: list[str]) -> None: ...

    # -- analysis tables: incidents and alerts --------------------------------------------------
    @abstractmethod
    def count_incidents(self, flt: IncidentFilter | None = None) -> int: ...

    @abstractmethod
    def incident_hashes(self) -> dict[str, str]:
        """incident id -> data_hash of every stored incident."""

    @abstractmethod
    def incident_data(self, flt: IncidentFilter | None = None) -> list[str]:
        """The JSON of one page of incidents under the filter, in its sort order."""

    @abstractmethod
    def incident_data_by_id(self, incident_id: str) -> str | None: ...

    @abstractmethod
    def incident_ids_of(self, event_ids: list[str]) -> dict[str, str]:
        """event id -> id of the incident it belongs to."""

    @abstractmethod
    def write_incidents(self, delete_ids: list[str], stale_event_ids: list[str],
                        rows: list[IncidentRow]) -> None:
        """One transaction: incidents (and their reports) deleted, the report rows of moved
        events deleted, then the rows inserted."""

    @abstractmethod
    def alert_exists(self, alert_id: str) -> bool: ...

    @abstractmethod
    def add_alerts(self, rows: list[AlertRow]) -> int:
        """Log the alerts not logged yet (by alert_id), in one transaction; how many were new."""

    @abstractmethod
    def alert_data(self, flt: AlertFilter) -> list[tuple[str, bool]]:
        """(alert JSON, acknowledged) of one page of alerts, newest first."""

    @abstractmethod
    def count_alerts(self, flt: AlertFilter) -> int: ...

    @abstractmethod
    def acknowledge_alert(self, alert_id: str, at: str) -> bool:
        """Mark an alert acknowledged at `at`; False when there is no such alert."""

    # -- dashboard aggregates (computed by the database; see seismo.store.aggregate) -----------
    @abstractmethod
    def event_countries(self, flt: EventFilter) -> list[str]:
        """The distinct countries of the events under the filter."""

    @abstractmethod
    def map_cell_rows(self, flt: EventFilter, cell_deg: float,
                      centres: list[tuple[str, float, float]]) -> list[dict[str, Any]]:
        """Per grid cell and type: gy, gx, type, n, dead, lat, lon, country, for located events
        not at their country's centre (`centres`: iso3, lat, lon)."""

    @abstractmethod
    def country_cell_rows(self, flt: EventFilter,
                          centres: list[tuple[str, float, float]]) -> list[dict[str, Any]]:
        """Per country and type: country, type, n, dead, for events located only to the country."""

    @abstractmethod
    def timeline_rows(self, flt: EventFilter) -> list[dict[str, Any]]:
        """Per date value: d, n, dead."""

    @abstractmethod
    def facet_rows(self, flt: EventFilter, column: str) -> list[dict[str, Any]]:
        """Per value of column (type, country, factuality or minerals): k, n."""

    @abstractmethod
    def event_totals(self, flt: EventFilter) -> dict[str, Any]:
        """n (events), dead (deaths counted once per incident), docs (documents)."""
