"""DuckDB backend: the embedded default (one file, no server).

DuckDB allows one writing process per file (or any number of read-only ones). Another process
waits up to SEISMO_DB_WAIT seconds (default 5) for the lock, then gets DatabaseBusy (E401).
"""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

from seismo.config import db_wait_seconds
from seismo.errors import DatabaseBusy
from seismo.store.sql import SQLStore


class DuckDBStore(SQLStore):
    def __init__(self, path: str, read_only: bool = False, wait_seconds: float | None = None):
        super().__init__(path)
        self.path = Path(path)
        read_only = read_only and self.path.exists()   # a missing database is created, then empty
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        wait = db_wait_seconds() if wait_seconds is None else wait_seconds
        unclean = Path(f"{self.path}.wal").exists()   # the last writer was killed before closing
        self.con = _connect(str(self.path), read_only, wait)
        if unclean and not read_only:
            # DuckDB 1.5.6 replays the log at connect, but the checkpoint it makes on close then
            # writes the secondary indexes wrongly: `status = 'ok'` and content-hash lookups
            # found nothing, so a resumed run extracted nothing (tests/test_crash.py). An
            # explicit checkpoint right after the replay stores them correctly.
            self.con.execute("CHECKPOINT")
        if not read_only:
            self.migrate()

    def _run(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        with _pandas_marked_absent() if params else contextlib.nullcontext():
            cur = self.con.execute(sql, list(params))
        if cur.description is None:
            return []
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


def writer_waiting(path: str) -> bool:
    """Whether a Seismo process is waiting to open `path` for writing (see _connect)."""
    return os.path.exists(f"{path}{WRITE_WANTED}")


# A writer that finds the file locked says so in this file beside it until it gets the lock: a
# server holding a read-only connection through a stream of requests releases it at once
# (seismo.serve.api_state), instead of every second whether anybody waits or not.
WRITE_WANTED = ".write-wanted"


def _connect(path: str, read_only: bool, wait: float):
    deadline, marker = time.monotonic() + wait, None
    try:
        while True:
            try:
                return duckdb.connect(path, read_only=read_only)
            except (duckdb.IOException, duckdb.ConnectionException) as exc:
                # another process holds the file (IOException "lock"), or this one does with the
                # other mode (a server's held read-only connection: seismo.serve.api_state)
                if "lock" not in str(exc).lower() and "different configuration" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(f"database {path} is in use by another process (DuckDB allows "
                                       "one writer); wait for it to finish, or set SEISMO_DB_WAIT=SECONDS "
                                       "to wait longer for the lock", path=path) from exc
                if not read_only:
                    marker = _mark_write_wanted(path)
                time.sleep(0.2)
    finally:
        if marker is not None:   # got the lock or gave up (a second waiter marks again on its next try)
            with contextlib.suppress(OSError):
                os.unlink(marker)


def _mark_write_wanted(path: str) -> str:
    marker = f"{path}{WRITE_WANTED}"
    with contextlib.suppress(OSError):
        with open(marker, "w", encoding="utf-8") as f:
            f.write(str(os.getpid()))
    return marker


@functools.cache
def _pandas_missing() -> bool:
    return "pandas" not in sys.modules and importlib.util.find_spec("pandas") is None


@contextlib.contextmanager
def _pandas_marked_absent():
    """DuckDB's Python client tries `import pandas` twice for every bound parameter (1.5.x:
    duckdb/duckdb-python#300); without pandas installed each try searches all of sys.path
    again: 157 us a parameter against 21 us, most of the store's write time (~2 ms a
    statement). While a statement runs, sys.modules says pandas is absent, which import and
    importlib.util.find_spec both answer as "not installed", as they would anyway."""
    if not _pandas_missing() or "pandas" in sys.modules:
        yield
        return
    sys.modules["pandas"] = None
    try:
        yield
    finally:
        if "pandas" in sys.modules and sys.modules["pandas"] is None:
            del sys.modules["pandas"]
