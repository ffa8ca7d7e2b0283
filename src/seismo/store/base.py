"""The storage interface every backend implements (DuckDB, the embedded default; PostgreSQL).

Backends are chosen by URL with `seismo.store.open_store(url)`: a file path -> DuckDB,
`postgresql://...` -> PostgreSQL. All writes of one document (document row, its rejections,
its events) happen in one transaction, so an interrupted ingest leaves nothing half-written.
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
    url: str

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

    # -- runs ----------------------------------------------------------------------------------
    @abstractmethod
    def start_run(self, command: str, args: dict[str, Any]) -> int: ...

    @abstractmethod
    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "done") -> None: ...

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

    # -- documents -----------------------------------------------------------------------------
    @abstractmethod
    def put_document(self, doc: Document, run_id: int | None = None) -> PutResult:
        """Store a document idempotently: same content -> unchanged; near-duplicate -> linked."""

    def has_same_raw(self, doc_id: str, raw: str) -> bool:
        """Whether `doc_id` is stored from exactly this raw input, so that put_document would
        answer "unchanged" whatever cleaning gives: ingest then skips cleaning it. A store that
        cannot tell cheaply says False and put_document decides."""
        return False

    @abstractmethod
    def put_rejection(self, rej: Rejection, run_id: int | None = None) -> None: ...

    @abstractmethod
    def get_document(self, doc_id: str) -> Document | None: ...

    @abstractmethod
    def documents(self, query: str | None = None, status: str | None = None,
                  limit: int = 100, offset: int = 0) -> list[Document]: ...

    @abstractmethod
    def rejections(self, doc_id: str | None = None, limit: int = 100) -> list[Rejection]: ...

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
    def stats(self) -> Stats: ...

    # -- generic access for analysis tables (incidents, alerts, ...) ---------------------------
    # Parameters are always bound, never formatted into SQL. Placeholders are `?` on every
    # backend (the PostgreSQL backend translates them).
    def query(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def execute(self, sql: str, params: tuple | list = ()) -> None:
        raise NotImplementedError

    def transaction(self):
        """Context manager: everything inside commits together or not at all."""
        raise NotImplementedError

    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows (dicts with the same keys) with multi-row INSERTs: one statement per 500
        rows rather than one per row (each costs ~2 ms on DuckDB). `table` and the keys are the
        code's own names, never user input; the values are bound."""
        for i in range(0, len(rows), 500):    # PostgreSQL binds at most 65535 parameters
            chunk = rows[i:i + 500]
            cols = list(chunk[0])
            one = "(" + ", ".join("?" for _ in cols) + ")"
            self.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES {', '.join(one for _ in chunk)}",
                         [r[c] for r in chunk for c in cols])

    def delete_where_in(self, table: str, column: str, values: list) -> None:
        """DELETE FROM table WHERE column IN (values), in chunks of bound parameters."""
        for i in range(0, len(values), 1000):
            chunk = values[i:i + 1000]
            self.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join('?' for _ in chunk)})", chunk)

    def iter_documents(self, status: str | None = None, batch: int = 500) -> Iterator[Document]:
        offset = 0
        while True:
            page = self.documents(status=status, limit=batch, offset=offset)
            if not page:
                return
            yield from page
            offset += len(page)
