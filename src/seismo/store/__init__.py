"""Storage: `open_store(url)` picks the backend from the database URL.

    path/to/file.duckdb          DuckDB (embedded default; see seismo.config.DEFAULT_DB)
    postgresql://host/db         PostgreSQL (shared deployments)
"""
from __future__ import annotations

from seismo.config import db_url
from seismo.store.base import EventFilter, PutResult, Stats, Store

__all__ = ["open_store", "EventFilter", "PutResult", "Stats", "Store"]


def open_store(url: str | None = None, read_only: bool = False) -> Store:
    url = db_url(url)
    if url.startswith(("postgresql://", "postgres://")):
        from seismo.store.postgres import PostgresStore
        return PostgresStore(url)
    from seismo.store.duckdb import DuckDBStore
    return DuckDBStore(url, read_only=read_only)
