"""PostgreSQL backend for shared deployments (same SQL core as DuckDB).

URL: postgresql://user@host:port/dbname[?schema=NAME]. The optional `schema` parameter keeps
Seismo's tables in their own schema (created if missing), which is also how the test-suite
isolates runs. Placeholders `?` are translated to psycopg's `%s`; parameters stay bound.
Concurrent writers are fine here (row-level locking), unlike DuckDB's single-writer file.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from seismo.errors import ConfigError, DatabaseBusy
from seismo.store.sql import SQLStore

_PLACEHOLDER = re.compile(r"\?")
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def split_schema(url: str) -> tuple[str, str | None]:
    """Remove `schema=` from the URL's query string; return (conninfo URL, schema)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    schema = query.pop("schema", None)
    if schema is not None and not _SCHEMA_NAME.match(schema):
        raise ConfigError(f"invalid schema name {schema!r} in database URL")
    return urlunsplit(parts._replace(query=urlencode(query))), schema


class PostgresStore(SQLStore):
    def __init__(self, url: str, connect_timeout: int = 5):
        super().__init__(url)
        try:
            import psycopg
        except ImportError as exc:
            raise ConfigError("PostgreSQL support needs psycopg: pip install 'seismo[postgres]'") from exc
        conninfo, self.schema = split_schema(url)
        try:
            self.con = psycopg.connect(conninfo, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.OperationalError as exc:
            raise DatabaseBusy(f"cannot connect to PostgreSQL at {conninfo}: {exc}") from exc
        if self.schema:
            # The name is validated above; identifiers cannot be bound as parameters.
            self.con.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            self.con.execute(f'SET search_path TO "{self.schema}"')
        self.migrate()

    def _run(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(_PLACEHOLDER.sub("%s", sql), list(params) if params else None)
        if cur.description is None:
            return []
        names = [d.name for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def drop_schema(self) -> None:
        """Remove this store's schema and everything in it (tests use it to clean up)."""
        if self.schema:
            self.con.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
