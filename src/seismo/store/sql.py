"""The Store implemented once in portable SQL; backends supply only the connection.

A backend subclass provides `_connect()`, `_run(sql, params)` returning rows as dicts, and the
transaction primitives. Documents, runs and events are here; extraction bookkeeping, the analysis
tables and the dashboard aggregates are mixins (store/extractions.py, analysis.py, aggregate.py). Every parameter is bound (placeholder `?` here; backends translate),
never formatted into SQL text: filters built from user input cannot inject SQL.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import socket
from importlib import resources
from typing import Any, Iterable

from seismo.errors import MigrationError
from seismo.records import STATUS_REJECTED, Document, Event, Rejection, storable
from seismo.store.aggregate import AggregateSQL
from seismo.store.analysis import AnalysisSQL
from seismo.store.base import EventFilter, PutResult, Stats, Store
from seismo.store.extractions import ExtractionSQL
from seismo.store.serialize import (document_from_row, document_to_row, event_from_json,
                                    event_to_json, rejection_from_row)
from seismo.store.spatial import plain_near_clause
from seismo.store.where import document_where, event_where

log = logging.getLogger(__name__)

SORTS = {"date": "date_value NULLS LAST, event_id", "-date": "date_value DESC NULLS LAST, event_id",
         "type": "type, event_id", "doc_id": "doc_id, event_id"}
# Pages up to this many rows are read ids first, then data by key (SQLStore.events); measured
# on 100k events, faster up to ~1,500 rows, slower beyond (one bound parameter per id).
TWO_STEP_MAX = 1000


def process_owner() -> str:
    """host:pid, recorded with each run so that a later process can tell whether it died."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # alive, someone else's
        return True
    return True


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every numbered .sql file shipped in seismo/store/migrations."""
    out = []
    for entry in resources.files("seismo.store").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql") and entry.name[:3].isdigit():
            out.append((int(entry.name[:3]), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(out)


class SQLStore(ExtractionSQL, AnalysisSQL, AggregateSQL, Store):
    """Backend-independent Store; see DuckDBStore and PostgresStore. The analysis, extraction
    and dashboard methods live in the mixins of seismo.store.analysis/extractions/aggregate."""
    two_step_max = TWO_STEP_MAX   # per store: the latency bench sets 0 for its baseline

    def __init__(self, url: str):
        self.url = url
        self._depth = 0          # nested transaction() depth: only the outermost commits
        self._neardup = None     # seismo.clean.neardup's index of this database (its cache slot)
        self._my_runs: set[int] = set()   # runs this store object started and has not finished

    # -- primitives supplied by backends ----------------------------------------------------------
    def _run(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _begin(self) -> None:
        self._run("BEGIN TRANSACTION")

    def _commit(self) -> None:
        self._run("COMMIT")

    def _rollback(self) -> None:
        self._run("ROLLBACK")

    # -- raw access: tests and maintenance only, never the rest of seismo --------------------------
    def query(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        return self._run(sql, params)

    def execute(self, sql: str, params: tuple | list = ()) -> None:
        self._run(sql, params)

    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows (dicts with the same keys) with multi-row INSERTs: one statement per 500
        rows rather than one per row (each costs ~2 ms on DuckDB). `table` and the keys are the
        code's own names, never user input; the values are bound."""
        for i in range(0, len(rows), 500):    # PostgreSQL binds at most 65535 parameters
            chunk = rows[i:i + 500]
            cols = list(chunk[0])
            one = "(" + ", ".join("?" for _ in cols) + ")"
            self._run(f"INSERT INTO {table} ({', '.join(cols)}) VALUES {', '.join(one for _ in chunk)}",
                      [r[c] for r in chunk for c in cols])

    def delete_where_in(self, table: str, column: str, values: list) -> None:
        """DELETE FROM table WHERE column IN (values), in chunks of bound parameters."""
        for i in range(0, len(values), 1000):
            chunk = values[i:i + 1000]
            self._run(f"DELETE FROM {table} WHERE {column} IN ({', '.join('?' for _ in chunk)})", chunk)

    @contextlib.contextmanager
    def transaction(self):
        outer = self._depth == 0
        if outer:
            self._begin()
        self._depth += 1
        try:
            yield self
        except BaseException:
            self._depth -= 1
            if outer:
                self._rollback()
                self._neardup = None   # the near-copy index may hold rolled-back documents: rebuilt
            raise
        self._depth -= 1
        if outer:
            self._commit()

    # -- schema ---------------------------------------------------------------------------------
    def migrate(self) -> None:
        self._run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                  "name TEXT, applied_at TIMESTAMP)")
        applied = {r["version"] for r in self._run("SELECT version FROM schema_version")}
        for version, name, sql in migration_files():
            if version in applied:
                continue
            try:
                with self.transaction():
                    self._serialize("migrate")
                    if self._run("SELECT 1 AS x FROM schema_version WHERE version = ?", [version]):
                        continue    # another process applied it while this one waited
                    for statement in _statements(sql):
                        self._run(statement)
                    self._run("INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, _now()])
            except Exception as exc:
                raise MigrationError(f"migration {name} failed: {exc}") from exc

    # -- runs -----------------------------------------------------------------------------------
    def _serialize(self, name: str) -> None:
        """Inside a transaction: wait for any other process doing `name` (migrating, numbering a
        run) until this transaction ends. DuckDB has one writing process: nothing to wait for."""

    def start_run(self, command: str, args: dict[str, Any]) -> int:
        self._close_dead_runs()
        with self.transaction():
            self._serialize("start_run")
            run_id = int(self._run("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM runs")[0]["n"])
            self._run("INSERT INTO runs (id, command, args, started_at, status, owner) VALUES (?, ?, ?, ?, ?, ?)",
                      [run_id, command, json.dumps(args, default=str), _now(), "running", process_owner()])
        self._my_runs.add(run_id)
        return run_id

    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "done") -> None:
        self._run("UPDATE runs SET finished_at = ?, status = ?, counts = ? WHERE id = ?",
                  [_now(), status, json.dumps(counts), run_id])
        self._my_runs.discard(run_id)

    def _close_dead_runs(self) -> None:
        """Runs left "running" by a process that is gone (kill -9, power loss) become "interrupted"."""
        for row in self._run("SELECT id, owner FROM runs WHERE status = 'running'"):
            if row["id"] not in self._my_runs and not self._run_alive(int(row["id"]), row["owner"]):
                log.info("run %s was interrupted (its process %s is gone)", row["id"], row["owner"])
                self._run("UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ? "
                          "AND status = 'running'", [_now(), row["id"]])

    def _run_alive(self, run_id: int, owner: str | None) -> bool:
        """Whether the process that started a run still runs: a process on this host is asked
        directly; one elsewhere is assumed alive (the PostgreSQL backend asks the server)."""
        host, _, pid = (owner or "").rpartition(":")
        if host != socket.gethostname():
            return bool(owner)
        return pid.isdigit() and _pid_alive(int(pid))

    # -- documents ------------------------------------------------------------------------------
    def stored_result(self, doc: Document, run_id: int | None = None) -> PutResult | None:
        # Same raw input counts as unchanged too: a newer cleaner may give another clean text.
        existing = self._run("SELECT id, content_hash, (raw = ?) AS same_raw FROM documents WHERE id = ?",
                             [doc.raw, doc.id])
        if not existing:
            return None
        if existing[0]["content_hash"] == doc.content_hash or existing[0]["same_raw"]:
            return PutResult("unchanged", doc.id)
        rej = Rejection(doc.id, "store", "E107", "a different document with this id is already "
                        "stored; rename it or give it another id", doc.source, doc.raw[:65536])
        self.put_rejection(rej, run_id)
        return PutResult("rejected", doc.id, message=rej.message)

    def has_same_raw(self, doc_id: str, raw: str) -> bool:
        # The same test as stored_result's "same_raw", by primary key: no hash column to keep.
        rows = self._run("SELECT (raw = ?) AS same_raw FROM documents WHERE id = ?", [raw, doc_id])
        return bool(rows and rows[0]["same_raw"])

    def insert_document(self, doc: Document, run_id: int | None = None,
                        near_dup_key: str | None = None) -> PutResult:
        with self.transaction():
            inserted = self._insert_document(doc, run_id)
            if inserted and near_dup_key is not None:
                self._run("INSERT INTO doc_minhash (doc_id, sig) VALUES (?, ?) ON CONFLICT (doc_id) DO NOTHING",
                          [doc.id, near_dup_key])
        if not inserted:   # another process stored this id since the caller looked
            return self.stored_result(doc, run_id)
        if doc.status == STATUS_REJECTED:
            return PutResult("rejected", doc.id, message=doc.status_reason)
        if doc.duplicate_of:
            return PutResult("duplicate", doc.id, duplicate_of=doc.duplicate_of)
        return PutResult("stored", doc.id)

    def _insert_document(self, doc: Document, run_id: int | None) -> bool:
        """Insert the row unless the id is taken (then False): two processes storing one id at
        once no longer fail on the primary key (a spurious E300 on PostgreSQL)."""
        row = document_to_row(doc)
        row.update(run_id=run_id, ingested_at=_now())
        cols = list(row)
        return bool(self._run(f"INSERT INTO documents ({', '.join(cols)}) VALUES "
                              f"({', '.join('?' for _ in cols)}) ON CONFLICT (id) DO NOTHING RETURNING id",
                              [row[c] for c in cols]))

    def original_with_hash(self, content_hash: str) -> str | None:
        same = self._run("SELECT id FROM documents WHERE content_hash = ? AND duplicate_of IS NULL "
                         "ORDER BY ingested_at LIMIT 1", [content_hash])
        return same[0]["id"] if same else None

    def near_dup_keys(self) -> list[tuple[str, str | None]]:
        rows = self._run("SELECT d.id, m.sig FROM documents d LEFT JOIN doc_minhash m ON m.doc_id = d.id "
                         "WHERE d.duplicate_of IS NULL AND d.status <> ? AND d.clean_text <> ''",
                         [STATUS_REJECTED])
        return [(r["id"], r["sig"]) for r in rows]

    def set_near_dup_key(self, doc_id: str, key: str) -> None:
        with self.transaction():
            self._run("DELETE FROM doc_minhash WHERE doc_id = ?", [doc_id])
            self._run("INSERT INTO doc_minhash (doc_id, sig) VALUES (?, ?)", [doc_id, key])

    def document_text(self, doc_id: str) -> str:
        rows = self._run("SELECT clean_text FROM documents WHERE id = ?", [doc_id])
        return (rows[0]["clean_text"] or "") if rows else ""

    def put_rejection(self, rej: Rejection, run_id: int | None = None) -> None:
        # The record of a refused input must itself be storable whatever the input held.
        rej = Rejection(*(storable(v) if isinstance(v, str) else v for v in
                          (rej.doc_id, rej.stage, rej.code, rej.message, rej.source, rej.raw)))
        if self._run("SELECT 1 AS x FROM rejections WHERE doc_id = ? AND stage = ? AND code = ? AND "
                     "source IS NOT DISTINCT FROM ? AND raw IS NOT DISTINCT FROM ? LIMIT 1",
                     [rej.doc_id, rej.stage, rej.code, rej.source, rej.raw]):
            return   # the same input refused the same way before: a rerun adds no record
        self._run("INSERT INTO rejections (doc_id, stage, code, message, source, raw, run_id, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  [rej.doc_id, rej.stage, rej.code, rej.message, rej.source, rej.raw, run_id, _now()])

    def get_document(self, doc_id: str) -> Document | None:
        rows = self._run("SELECT * FROM documents WHERE id = ?", [doc_id])
        return document_from_row(rows[0]) if rows else None

    def documents(self, query: str | None = None, status: str | None = None,
                  limit: int = 100, offset: int = 0) -> list[Document]:
        where, params = document_where(query, status)
        rows = self._run(f"SELECT * FROM documents{where} ORDER BY id LIMIT ? OFFSET ?",
                         params + [int(limit), int(offset)])
        return [document_from_row(r) for r in rows]

    def rejections(self, doc_id: str | None = None, limit: int = 100) -> list[Rejection]:
        if doc_id:
            rows = self._run("SELECT * FROM rejections WHERE doc_id = ? ORDER BY created_at LIMIT ?",
                             [doc_id, int(limit)])
        else:
            rows = self._run("SELECT * FROM rejections ORDER BY created_at LIMIT ?", [int(limit)])
        return [rejection_from_row(r) for r in rows]

    # -- events ---------------------------------------------------------------------------------
    def replace_events(self, doc_id: str, events: Iterable[Event], run_id: int | None = None) -> int:
        return self.replace_events_many([(doc_id, list(events))], run_id)

    def replace_events_many(self, batch: list[tuple[str, list[Event]]], run_id: int | None = None) -> int:
        docs = [(doc_id, list({e.event_id: _event_row(e, run_id) for e in events}.values()))
                for doc_id, events in batch]
        doc_ids = [doc_id for doc_id, _ in docs]
        if len(set(doc_ids)) != len(doc_ids):
            raise ValueError("replace_events_many: a document is given twice")
        with self.transaction():
            owners = self._event_owners([r["event_id"] for _, rows in docs for r in rows])
            keep = []
            # An id held by another document's event is skipped (ids derive from the doc id, so
            # this is a guard, not a path). Replayed here document by document, as one call per
            # document would see it; filtered in Python because ON CONFLICT DO NOTHING made
            # DuckDB inserts 3x slower (measured).
            for doc_id, rows in docs:
                for event_id in [k for k, owner in owners.items() if owner == doc_id]:
                    del owners[event_id]           # its own old events are deleted first
                for r in rows:
                    if r["event_id"] not in owners:
                        owners[r["event_id"]] = doc_id
                        keep.append(r)
            self.delete_where_in("events", "doc_id", doc_ids)
            self.insert_rows("events", keep)
        return len(keep)

    def _event_owners(self, event_ids: list[str]) -> dict[str, str]:
        """event id -> id of the document whose stored event has it, for ids already stored."""
        owners = {}
        for i in range(0, len(event_ids), 1000):
            chunk = event_ids[i:i + 1000]
            owners.update((r["event_id"], r["doc_id"]) for r in self._run(
                f"SELECT event_id, doc_id FROM events WHERE event_id IN ({', '.join('?' for _ in chunk)})", chunk))
        return owners

    def get_event(self, event_id: str) -> Event | None:
        rows = self._run("SELECT data FROM events WHERE event_id = ?", [event_id])
        return event_from_json(rows[0]["data"]) if rows else None

    def event_where(self, flt: EventFilter) -> tuple[str, list[Any]]:
        """The WHERE clause (" WHERE ..." or "") and bound parameters for a filter; every reader
        of the events table (lists, counts, dashboard aggregates) uses this one translation."""
        return event_where(flt, self.near_clause)

    def near_clause(self, lat: float, lon: float, km: float) -> tuple[str, list[Any]]:
        """"Within km of (lat, lon)"; the PostgreSQL backend uses PostGIS when it has it."""
        return plain_near_clause(lat, lon, km)

    def events(self, flt: EventFilter | None = None) -> list[Event]:
        """One page of events. A page of up to TWO_STEP_MAX rows is read in two steps: the ids
        under ORDER BY ... LIMIT, then their `data` by primary key. Sorting whole rows made
        DuckDB carry the 1.1 KB JSON of every match through the sort (150-180 ms a page on 100k
        events against ~10 ms). Every order ends with the unique event_id, so both ways give
        the same rows in the same order; larger pages (exports) stay one statement, faster
        there than thousands of bound ids."""
        flt = flt or EventFilter()
        where, params = self.event_where(flt)
        order = SORTS.get(flt.sort, SORTS["date"])
        page = params + [int(flt.limit), int(flt.offset)]
        if int(flt.limit) > self.two_step_max:
            rows = self._run(f"SELECT data FROM events{where} ORDER BY {order} LIMIT ? OFFSET ?", page)
            return [event_from_json(r["data"]) for r in rows]
        ids = [r["event_id"] for r in
               self._run(f"SELECT event_id FROM events{where} ORDER BY {order} LIMIT ? OFFSET ?", page)]
        if not ids:
            return []
        data = {r["event_id"]: r["data"] for r in self._run(
            f"SELECT event_id, data FROM events WHERE event_id IN ({', '.join('?' for _ in ids)})", ids)}
        return [event_from_json(data[i]) for i in ids]

    def events_one_statement(self, flt: EventFilter) -> list[Event]:
        """A page read in one statement (`data` under ORDER BY ... LIMIT), as before the two-step
        read: the latency bench's baseline, and the reference the two-step pages must equal."""
        where, params = self.event_where(flt)
        rows = self._run(f"SELECT data FROM events{where} ORDER BY {SORTS.get(flt.sort, SORTS['date'])} "
                         "LIMIT ? OFFSET ?", params + [int(flt.limit), int(flt.offset)])
        return [event_from_json(r["data"]) for r in rows]

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, params = self.event_where(flt or EventFilter())
        return int(self._run(f"SELECT COUNT(*) AS n FROM events{where}", params)[0]["n"])

    def stats(self) -> Stats:
        def counts(sql: str) -> dict[str, int]:
            return {str(r["k"]): int(r["n"]) for r in self._run(sql)}
        return Stats(
            documents_by_status=counts("SELECT status AS k, COUNT(*) AS n FROM documents GROUP BY status"),
            rejections_by_code=counts("SELECT code AS k, COUNT(*) AS n FROM rejections GROUP BY code"),
            events_by_type=counts("SELECT type AS k, COUNT(*) AS n FROM events GROUP BY type"),
            runs=int(self._run("SELECT COUNT(*) AS n FROM runs")[0]["n"]))


def _statements(sql: str) -> list[str]:
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _event_row(e: Event, run_id: int | None) -> dict[str, Any]:
    a1, a2, loc = e.actor1, e.actor2, e.location
    actor_text = " | ".join(x for a in (a1, a2) if a for x in (a.text, a.name or "") if x).lower()
    return {
        "event_id": e.event_id, "doc_id": e.doc_id, "type": e.type, "mode": e.mode,
        "date_value": e.date.value if e.date else None,
        "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "actor1_name": (a1.name or a1.text) if a1 else None, "actor1_country": a1.country if a1 else None,
        "actor2_name": (a2.name or a2.text) if a2 else None, "actor2_country": a2.country if a2 else None,
        "actor_text": actor_text, "factuality": e.factuality, "historical": bool(e.historical),
        "minerals": "," + ",".join(sorted({m.name for m in e.minerals})) + "," if e.minerals else "",
        "fatalities": e.fatalities, "confidence": e.confidence, "run_id": run_id,
        "data": event_to_json(e),
    }
