"""The Store implemented once in portable SQL; backends supply only the connection.

A backend subclass provides `_connect()`, `_run(sql, params)` returning rows as dicts, and the
transaction primitives. Every parameter is bound (placeholder `?` here; backends translate),
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
from typing import TYPE_CHECKING, Any, Iterable

from seismo.errors import MigrationError
from seismo.records import STATUS_DUPLICATE, STATUS_REJECTED, Document, Event, Rejection, storable
from seismo.store.base import EventFilter, PutResult, Stats, Store
from seismo.store.spatial import plain_near_clause
from seismo.store.serialize import (document_from_row, document_to_row, event_from_json,
                                    event_to_json, rejection_from_row)

if TYPE_CHECKING:   # seismo.clean.neardup is imported where documents are written, not by readers
    from seismo.clean.neardup import NearDupIndex

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


class SQLStore(Store):
    """Backend-independent Store; see DuckDBStore and PostgresStore."""
    two_step_max = TWO_STEP_MAX   # per store: the latency bench sets 0 for its baseline

    def __init__(self, url: str):
        self.url = url
        self._depth = 0          # nested transaction() depth: only the outermost commits
        self._neardup = None     # lazily built near-duplicate index over stored clean texts
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

    # -- generic access -------------------------------------------------------------------------
    def query(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        return self._run(sql, params)

    def execute(self, sql: str, params: tuple | list = ()) -> None:
        self._run(sql, params)

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
    def put_document(self, doc: Document, run_id: int | None = None) -> PutResult:
        existing = self._existing(doc, run_id)
        if existing:
            return existing
        from seismo.clean.neardup import signature_to_text   # here: readers never need it
        dup_of, sig = self._duplicate_of(doc)
        if dup_of:
            doc.status, doc.duplicate_of = STATUS_DUPLICATE, dup_of
        remember = sig is not None and not dup_of and doc.status != STATUS_REJECTED
        with self.transaction():
            inserted = self._insert_document(doc, run_id)
            if inserted and remember:
                self._run("INSERT INTO doc_minhash (doc_id, sig) VALUES (?, ?) ON CONFLICT (doc_id) DO NOTHING",
                          [doc.id, signature_to_text(sig)])
        if not inserted:   # another process stored this id since the check above
            return self._existing(doc, run_id)
        if doc.status == STATUS_REJECTED:
            return PutResult("rejected", doc.id, message=doc.status_reason)
        if dup_of:
            return PutResult("duplicate", doc.id, duplicate_of=dup_of)
        if remember:
            self._near_dup_index().add_signature(doc.id, sig)
        return PutResult("stored", doc.id)

    def _existing(self, doc: Document, run_id: int | None) -> PutResult | None:
        """"unchanged" or a conflict (E107) when the id is stored already, else None."""
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
        # The same test as put_document's "same_raw", by primary key: no hash column to keep.
        rows = self._run("SELECT (raw = ?) AS same_raw FROM documents WHERE id = ?", [raw, doc_id])
        return bool(rows and rows[0]["same_raw"])

    def _insert_document(self, doc: Document, run_id: int | None) -> bool:
        """Insert the row unless the id is taken (then False): two processes storing one id at
        once no longer fail on the primary key (a spurious E300 on PostgreSQL)."""
        row = document_to_row(doc)
        row.update(run_id=run_id, ingested_at=_now())
        cols = list(row)
        return bool(self._run(f"INSERT INTO documents ({', '.join(cols)}) VALUES "
                              f"({', '.join('?' for _ in cols)}) ON CONFLICT (id) DO NOTHING RETURNING id",
                              [row[c] for c in cols]))

    def _duplicate_of(self, doc: Document):
        """(id of the stored original or None, the document's MinHash signature or None).

        An exact copy has the same content hash; a near-identical one (a syndicated wire copy with
        another dateline or footer) has an estimated word-shingle Jaccard >= 0.8 (NearDupIndex).
        """
        from seismo.clean.neardup import signature
        if not doc.clean_text or doc.status == STATUS_REJECTED:
            return None, None
        sig = signature(doc.clean_text)
        same = self._run("SELECT id FROM documents WHERE content_hash = ? AND duplicate_of IS NULL "
                         "ORDER BY ingested_at LIMIT 1", [doc.content_hash])
        if same:
            return same[0]["id"], sig
        return (self._near_dup_index().find_signature(sig) if sig is not None else None), sig

    def _near_dup_index(self) -> NearDupIndex:
        """Signatures of the stored originals, read once per store object (backfilled if absent)."""
        from seismo.clean.neardup import NearDupIndex, signature, signature_from_text, signature_to_text
        if self._neardup is None:
            self._neardup = NearDupIndex()
            rows = self._run("SELECT d.id, m.sig FROM documents d LEFT JOIN doc_minhash m ON m.doc_id = d.id "
                             "WHERE d.duplicate_of IS NULL AND d.status <> ? AND d.clean_text <> ''",
                             [STATUS_REJECTED])
            missing = []
            for r in rows:
                sig = signature_from_text(r["sig"])
                if sig is None:
                    missing.append(r["id"])
                else:
                    self._neardup.add_signature(r["id"], sig)
            for doc_id in missing:      # stored before signatures were kept, or in an older format
                text = self._run("SELECT clean_text FROM documents WHERE id = ?", [doc_id])[0]["clean_text"]
                sig = signature(text or "")
                if sig is not None:
                    with self.transaction():
                        self._run("DELETE FROM doc_minhash WHERE doc_id = ?", [doc_id])
                        self._run("INSERT INTO doc_minhash (doc_id, sig) VALUES (?, ?)",
                                  [doc_id, signature_to_text(sig)])
                    self._neardup.add_signature(doc_id, sig)
        return self._neardup

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
        where, params = [], []
        if query:
            where.append("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(clean_text) LIKE ? ESCAPE '\\' "
                         "OR LOWER(id) LIKE ? ESCAPE '\\')")
            params += [f"%{like_literal(query.lower())}%"] * 3
        if status:
            where.append("status = ?")
            params.append(status)
        sql = "SELECT * FROM documents" + (" WHERE " + " AND ".join(where) if where else "")
        rows = self._run(sql + " ORDER BY id LIMIT ? OFFSET ?", params + [int(limit), int(offset)])
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
        return _event_where(flt, self.near_clause)

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


def like_literal(text: str) -> str:
    """`text` matched literally inside a LIKE pattern (with ESCAPE '\\'): a user's `%` or `_`
    is a character, not a wildcard (`actor=%` matched every event)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _event_where(flt: EventFilter, near_clause=plain_near_clause) -> tuple[str, list[Any]]:
    where, params = [], []
    if flt.type:
        where.append("type = ?")
        params.append(flt.type.upper())
    if flt.country:
        where.append("(country = ? OR actor1_country = ? OR actor2_country = ?)")
        params += [flt.country.upper()] * 3
    if flt.admin1:
        where.append("LOWER(admin1) = ?")
        params.append(flt.admin1.lower())
    if flt.actor:
        where.append("actor_text LIKE ? ESCAPE '\\'")
        params.append(f"%{like_literal(flt.actor.lower())}%")
    if flt.mineral:
        where.append("minerals LIKE ? ESCAPE '\\'")
        params.append(f"%,{like_literal(flt.mineral.lower())},%")
    if flt.date_from:
        where.append("date_value >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        where.append("SUBSTR(date_value, 1, ?) <= ?")
        params += [len(flt.date_to), flt.date_to]
    if flt.factuality:
        where.append("factuality = ?")
        params.append(flt.factuality)
    if flt.doc_id:
        where.append("doc_id = ?")
        params.append(flt.doc_id)
    for column, value in (("source_type", flt.source_type), ("genre", flt.genre)):
        if value:   # the column name is one of these two literals, never user text
            where.append(f"doc_id IN (SELECT doc_id FROM doc_sources WHERE {column} = ?)")
            params.append(value.lower())
    if flt.near_lat is not None and flt.near_lon is not None:
        clause, near_params = near_clause(float(flt.near_lat), float(flt.near_lon), float(flt.within_km))
        where.append(clause)
        params += near_params
    if not flt.include_historical:
        where.append("NOT historical")
    if flt.min_confidence is not None:
        where.append("confidence >= ?")
        params.append(float(flt.min_confidence))
    return (" WHERE " + " AND ".join(where) if where else ""), params
