"""PostgreSQL backend for shared deployments (same SQL core as DuckDB).

URL: postgresql://user@host:port/dbname[?schema=NAME][&postgis=off]. The optional `schema`
parameter keeps Seismo's tables in their own schema (created if missing), which is also how the
test-suite isolates runs. Placeholders `?` are translated to psycopg's `%s`; parameters stay bound.
Concurrent writers are fine here (row-level locking), unlike DuckDB's single-writer file.

Spatial queries use PostGIS when the server has the extension (created in `public` if missing
and allowed): `ST_DWithin` on geography over an expression GiST index. Without it, or with
`postgis=off`, they use the portable lat/lon arithmetic of `seismo.store.spatial`.
"""
from __future__ import annotations

import contextlib
import logging
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from seismo.errors import ConfigError, DatabaseBusy
from seismo.store.spatial import GEOGRAPHY, plain_near_clause, postgis_near_clause
from seismo.store.sql import SQLStore

log = logging.getLogger(__name__)
_PLACEHOLDER = re.compile(r"\?")
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def split_options(url: str) -> tuple[str, str | None, bool]:
    """(conninfo URL, schema or None, use PostGIS when available) from a database URL."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    schema = query.pop("schema", None)
    if schema is not None and not _SCHEMA_NAME.match(schema):
        raise ConfigError(f"invalid schema name {schema!r} in database URL")
    postgis = query.pop("postgis", "auto").lower()
    if postgis not in ("auto", "off"):
        raise ConfigError(f"postgis={postgis!r} in database URL: use auto or off")
    return urlunsplit(parts._replace(query=urlencode(query))), schema, postgis == "auto"


class PostgresStore(SQLStore):
    def __init__(self, url: str, connect_timeout: int = 5):
        super().__init__(url)
        try:
            import psycopg
        except ImportError as exc:
            raise ConfigError("PostgreSQL support needs psycopg: pip install 'seismo[postgres]'") from exc
        conninfo, self.schema, want_postgis = split_options(url)
        self.postgis = False
        try:
            self.con = psycopg.connect(conninfo, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.OperationalError as exc:
            raise DatabaseBusy(f"cannot connect to PostgreSQL at {conninfo}: {exc}") from exc
        # Two processes creating one schema at once raced on CREATE ... IF NOT EXISTS and the
        # second failed (E402): setting up is serialised by an advisory lock.
        self.con.execute("SELECT pg_advisory_lock(hashtext(%s))", [self._lock_name("setup")])
        try:
            if self.schema:
                # The name is validated above; identifiers cannot be bound as parameters.
                self.con.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
                self.con.execute(f'SET search_path TO "{self.schema}", public')
            self.migrate()
            # The plain spatial filter's bounding box (DuckDB needs none: it skips row groups by
            # their min/max, and an ART index would slow every event rewrite).
            self.con.execute("CREATE INDEX IF NOT EXISTS events_lat_lon ON events (lat, lon)")
            self.postgis = want_postgis and self._enable_postgis()
        finally:
            self.con.execute("SELECT pg_advisory_unlock(hashtext(%s))", [self._lock_name("setup")])

    def _lock_name(self, name: str) -> str:
        """Advisory locks are database-wide: named per schema, so stores in other schemas never wait."""
        return f"seismo:{name}:{self.schema or 'public'}"

    def _serialize(self, name: str) -> None:
        self._run("SELECT pg_advisory_xact_lock(hashtext(?))", [self._lock_name(name)])

    @contextlib.contextmanager
    def extraction_lock(self):
        """Held (per schema) while pending documents are listed and extracted and while analysis
        tables are rewritten: a concurrent ingest waits, then finds the documents done instead
        of extracting them a second time. Re-entrant (a session may take it again)."""
        self._run("SELECT pg_advisory_lock(hashtext(?))", [self._lock_name("extract")])
        try:
            yield
        finally:
            self._run("SELECT pg_advisory_unlock(hashtext(?))", [self._lock_name("extract")])

    def start_run(self, command: str, args: dict[str, Any]) -> int:
        run_id = super().start_run(command, args)
        # Held by this session while the run goes on: when the session ends (the process died,
        # on whatever host), the lock goes, and the next start_run closes the run.
        self._run("SELECT pg_advisory_lock(hashtext(?), ?)", [self._lock_name("run"), run_id])
        return run_id

    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "done") -> None:
        super().finish_run(run_id, counts, status)
        self._run("SELECT pg_advisory_unlock(hashtext(?), ?)", [self._lock_name("run"), run_id])

    def _run_alive(self, run_id: int, owner: str | None) -> bool:
        free = self._run("SELECT pg_try_advisory_lock(hashtext(?), ?) AS free", [self._lock_name("run"), run_id])
        if free and free[0]["free"]:
            self._run("SELECT pg_advisory_unlock(hashtext(?), ?)", [self._lock_name("run"), run_id])
            return False
        return True

    def _run(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(_PLACEHOLDER.sub("%s", sql), list(params) if params else None)
        if cur.description is None:
            return []
        names = [d.name for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def _enable_postgis(self) -> bool:
        """Create the extension when the server has it, and the events' spatial index; False
        (plain lat/lon math) when it is not installed or this role may not create it."""
        import psycopg
        if not self._run("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'"):
            log.info("PostGIS is not installed on this server: spatial filters use lat/lon math")
            return False
        installed = "SELECT 1 FROM pg_extension WHERE extname = 'postgis'"
        try:
            if not self._run(installed):
                self.con.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public")
        except psycopg.Error as exc:   # no privilege; a concurrent CREATE EXTENSION is fine
            if not self._run(installed):
                log.info("PostGIS unavailable (%s): spatial filters use lat/lon math", exc)
                return False
        self.con.execute(f"CREATE INDEX IF NOT EXISTS events_geography ON events USING GIST (({GEOGRAPHY}))")
        return True

    def near_clause(self, lat: float, lon: float, km: float) -> tuple[str, list[Any]]:
        if self.postgis:
            return postgis_near_clause(lat, lon, km)
        return plain_near_clause(lat, lon, km)

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def drop_schema(self) -> None:
        """Remove this store's schema and everything in it (tests use it to clean up)."""
        if self.schema:
            self.con.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
