"""What the API's routes share: the store sessions, the key check, caches, and the limits.

AppState is created once per app (api.create_app) and reached by every route through
`Depends(get_state)`. On DuckDB (one writing process per file) it holds no connection while
idle: reads share a read-only connection until READ_HOLD_S after the last one or until a Seismo
writer waits for the file, then leave a gap of READ_GAP_S; writes open and close their own (see
api.py's docstring and docs/scaling.md).
"""
from __future__ import annotations

import collections
import contextlib
import hmac
import os
import threading
import time
from typing import Any

from fastapi import Header, Request

from seismo.errors import AuthMissing, WritesDisabled

MAX_PAGE = 1000
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_OFFSET = 10_000_000
SERVER_DB_WAIT_S = 2.0     # a request waits this long for a CLI writer's DuckDB lock, then 503
# A read-only DuckDB connection is kept while requests keep coming (a dashboard refresh sends
# ~10): opening one costs ~10 ms and its cold cache as much again (a page of events took 25 ms
# warm, up to 135 ms cold). It is closed READ_HOLD_S after the last request, and at once when a
# Seismo writer waits for the file (it says so: seismo.store.duckdb.writer_waiting); for
# READ_GAP_S after that each request opens and closes its own, so the writer, polling every
# 0.2 s, gets the lock even under constant traffic.
READ_HOLD_S = 1.0
READ_GAP_S = 0.5
POSTGRES_CACHE_S = 30.0    # cached views on PostgreSQL (no file to watch) live this long


class AppState:
    """What the routes share: store sessions (behind a lock), the key, caches, lazily built helpers."""

    def __init__(self, store_url: str, key: str | None):
        from seismo.store import open_store
        self.url = store_url
        self.is_duckdb = not store_url.startswith(("postgresql://", "postgres://"))
        # PostgreSQL serves many processes: one connection for the server's life. DuckDB: the
        # file is created and migrated here, then closed until a request needs it.
        self._shared = open_store(store_url)
        if self.is_duckdb:
            self._shared.close()
            self._shared = None
        self.lock = threading.Lock()
        self.key = key
        self._pipeline = None
        self.cache: dict[Any, Any] = {}      # derived views (risk, incidents), see invalidate()
        # toponyms by (document id, content hash): valid whatever else changes; bounded LRU
        self.places: collections.OrderedDict[tuple[str, str], Any] = collections.OrderedDict()
        self._data_version: Any = None
        self._neardup: tuple[Any, Any] = (None, None)   # (data version, the last writer's index)
        self._reader: Any = None           # the held read-only DuckDB store, see READ_HOLD_S
        self._reader_used = float("-inf")     # when a request last used it
        self._reader_released = float("-inf")
        self._reader_timer: threading.Timer | None = None

    @contextlib.contextmanager
    def reading(self):
        """A store for one request's reads (DuckDB: a read-only connection, see READ_HOLD_S)."""
        with self._session(read_only=True) as store:
            yield store

    @contextlib.contextmanager
    def writing(self):
        """A store for one request's writes; cached views are dropped afterwards."""
        try:
            with self._session(read_only=False) as store:
                yield store
        finally:
            self.invalidate()

    @contextlib.contextmanager
    def _session(self, read_only: bool):
        with self.lock:
            self.drop_cache_if_changed()
            if self._shared is not None:
                yield self._shared
                return
            if read_only:
                store, held = self._reader_for_request()
                try:
                    yield store
                finally:
                    if not held:
                        store.close()
                return
            self._release_reader()
            from seismo.store.duckdb import DuckDBStore
            store = DuckDBStore(self.url, read_only=False, wait_seconds=SERVER_DB_WAIT_S)
            if self._neardup[0] == self._data_version:
                store._neardup = self._neardup[1]   # no other process wrote since: still complete
            try:
                yield store
            finally:
                store.close()   # the near-duplicate index is read from every stored document
                self._data_version = self._stamp()
                self._neardup = (self._data_version, store._neardup)

    def _reader_for_request(self):
        """(store, held): the held read-only store, opened if none is held and the gap after
        the last one is over; inside the gap a store the request closes. Called under the lock."""
        from seismo.store.duckdb import DuckDBStore, writer_waiting
        now = time.monotonic()
        waiting = writer_waiting(self.url)
        if self._reader is not None and not waiting:
            self._reader_used = now
            return self._reader, True
        self._release_reader()
        store = DuckDBStore(self.url, read_only=True, wait_seconds=SERVER_DB_WAIT_S)
        if waiting or now - self._reader_released < READ_GAP_S:
            return store, False
        self._reader, self._reader_used = store, now
        self._arm_release_timer(READ_HOLD_S)
        return store, True

    def _arm_release_timer(self, seconds: float) -> None:
        self._reader_timer = threading.Timer(seconds, self._release_idle_reader)
        self._reader_timer.daemon = True
        self._reader_timer.start()

    def _release_idle_reader(self) -> None:
        """The timer: release the reader READ_HOLD_S after its last request (or at once when a
        writer waits), else look again when that time comes."""
        from seismo.store.duckdb import writer_waiting
        with self.lock:
            if self._reader is None:
                return
            idle = time.monotonic() - self._reader_used
            if idle >= READ_HOLD_S or writer_waiting(self.url):
                self._release_reader()
            else:
                self._arm_release_timer(READ_HOLD_S - idle)

    def _release_reader(self) -> None:
        if self._reader_timer is not None:
            self._reader_timer.cancel()
            self._reader_timer = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None
            self._reader_released = time.monotonic()

    def drop_cache_if_changed(self) -> None:
        """Another process (the CLI) may have written: DuckDB's file and log change on every
        commit; on PostgreSQL the views simply expire."""
        version = self._stamp()
        if version != self._data_version:
            self._data_version = version
            self.cache.clear()

    def _stamp(self) -> Any:
        if self.is_duckdb:
            return tuple(_file_stamp(f"{self.url}{suffix}") for suffix in ("", ".wal"))
        return int(time.monotonic() // POSTGRES_CACHE_S)

    def pipeline(self):
        if self._pipeline is None:
            from seismo.pipeline import Pipeline
            self._pipeline = Pipeline()
        return self._pipeline

    def invalidate(self) -> None:
        self.cache.clear()

    def close(self) -> None:
        with self.lock:
            self._release_reader()
        if self._shared is not None:
            self._shared.close()


def _file_stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def get_state(request: Request) -> AppState:
    return request.app.state.seismo


def require_key(request: Request,
                x_api_key: str | None = Header(None, description="API key for write endpoints")) -> None:
    """Write routes: the X-API-Key header must equal the configured key (constant-time compare)."""
    key = get_state(request).key
    if not key:
        raise WritesDisabled("writes are disabled: set SEISMO_API_KEY on the server")
    if not x_api_key or not hmac.compare_digest(x_api_key.encode(), key.encode()):
        raise AuthMissing("missing or wrong X-API-Key")
