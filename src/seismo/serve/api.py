"""HTTP API (FastAPI) and the web dashboard: read routes open, write routes behind an API key.

    seismo serve --host 127.0.0.1 --port 8000        # on the database SEISMO_DB names

Routes live in api_events.py (events, documents, map/timeline aggregates, exports, ingest),
api_analysis.py (incidents, alerts, risk, sources) and api_lookup.py (actors, places, minerals);
docs/api.md lists every one (a test fails otherwise).

Errors always look like {"error": {"code": ..., "message": ..., "detail": ...}}, for 404/405/422
and 500 too. Every query parameter goes through EventFilter or bound SQL parameters. Pages are
capped (MAX_PAGE), request bodies are capped (MAX_BODY_BYTES), and static files come only from
the package's static dir. Store access is serialised by a lock, and extraction of a posted
document runs outside it, so reads keep being answered meanwhile.

On DuckDB (one writing process per file) the server holds no connection while idle: reads share a
read-only connection for at most READ_HOLD_S, then leave a gap; writes open and close their own, so `seismo ingest`, `events`,
`export` and `stats` run beside a running server; while a CLI write holds the file, requests wait
up to SERVER_DB_WAIT_S and then answer 503 E401 with Retry-After. Cached views are dropped when
the file changes (docs/scaling.md, "The dashboard and the CLI on one DuckDB file").
"""
from __future__ import annotations

import collections
import contextlib
import hmac
import logging
import os
import threading
import time
from importlib import resources
from typing import Any

from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from seismo import __version__
from seismo.config import api_key as configured_api_key
from seismo.config import db_url
from seismo.errors import DatabaseBusy, InvalidFilter, SeismoError

log = logging.getLogger(__name__)

MAX_PAGE = 1000
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_OFFSET = 10_000_000
SERVER_DB_WAIT_S = 2.0     # a request waits this long for a CLI writer's DuckDB lock, then 503
# A read-only DuckDB connection is kept for a burst of requests (a dashboard refresh sends ~10):
# opening one costs ~10 ms and its cold cache as much again. It is closed READ_HOLD_S after it
# was opened, and for READ_GAP_S after that each request opens and closes its own, so a CLI
# writer polling for the lock (every 0.2 s) always finds gaps even under constant traffic.
READ_HOLD_S = 1.0
READ_GAP_S = 0.5
BUSY_RETRY_AFTER_S = 5     # the Retry-After of that 503
POSTGRES_CACHE_S = 30.0    # cached views on PostgreSQL (no file to watch) live this long
# Every response: scripts and styles only from this server (no inline script, no eval; style
# attributes allowed, the dashboard's bars and legends use them), data only from this API, no
# framing, no plugins, no form posts elsewhere. The page keeps the API key in sessionStorage: an
# injected script is what this stops.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
                           "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
                           "form-action 'none'; frame-ancestors 'none'; object-src 'none'")
UNPOLICED_PATHS = ("/docs", "/redoc")   # FastAPI's interactive docs: inline script by design
SECURITY_HEADERS = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
# Error codes of the HTTP layer (the E1xx-E5xx codes of seismo.errors pass through unchanged).
AUTH_MISSING, AUTH_DISABLED = "HTTP401", "HTTP403"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, detail: Any = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail
        self.headers = headers


def error_response(status: int, code: str, message: str, detail: Any = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "detail": detail}}, status_code=status)


# The documented error body, referenced by every route's `responses`.
ERROR_SCHEMA = {"type": "object", "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "detail": {}}}}}
ERRORS = {400: {"description": "A NUL character in a parameter or the body (E102)",
                "content": {"application/json": {"schema": ERROR_SCHEMA}}},
          422: {"description": "Invalid parameters", "content": {"application/json": {"schema": ERROR_SCHEMA}}}}
NOT_FOUND = {404: {"description": "Not found", "content": {"application/json": {"schema": ERROR_SCHEMA}}}, **ERRORS}
WRITE_ERRORS = {401: {"description": "Missing or wrong X-API-Key"},
                403: {"description": "Writes disabled: no key configured"},
                409: {"description": "A different document is stored with this id (E107)",
                      "content": {"application/json": {"schema": ERROR_SCHEMA}}}, **NOT_FOUND}


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
        self._reader_since = float("-inf")
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
        from seismo.store.duckdb import DuckDBStore
        now = time.monotonic()
        if self._reader is not None and now - self._reader_since < READ_HOLD_S:
            return self._reader, True
        self._release_reader()
        store = DuckDBStore(self.url, read_only=True, wait_seconds=SERVER_DB_WAIT_S)
        if now - self._reader_since < READ_HOLD_S + READ_GAP_S:
            return store, False
        self._reader, self._reader_since = store, now
        self._reader_timer = threading.Timer(READ_HOLD_S, self._release_reader_locked)
        self._reader_timer.daemon = True
        self._reader_timer.start()
        return store, True

    def _release_reader_locked(self) -> None:
        with self.lock:
            self._release_reader()

    def _release_reader(self) -> None:
        if self._reader_timer is not None:
            self._reader_timer.cancel()
            self._reader_timer = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None

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
        raise ApiError(403, AUTH_DISABLED, "writes are disabled: set SEISMO_API_KEY on the server")
    if not x_api_key or not hmac.compare_digest(x_api_key.encode(), key.encode()):
        raise ApiError(401, AUTH_MISSING, "missing or wrong X-API-Key")


def create_app(store_url: str | None = None, api_key: str | None = None) -> FastAPI:
    from seismo.serve import api_analysis, api_events, api_lookup
    app = FastAPI(title="Seismo API", version=__version__,
                  description="Evidence-backed political-conflict and critical-minerals events. "
                              "Errors: {\"error\": {\"code\", \"message\", \"detail\"}}.")
    app.state.seismo = AppState(db_url(store_url), api_key if api_key is not None else configured_api_key())
    _install_errors(app)
    _install_limits(app)

    @app.get("/api/health", summary="Liveness and version")
    def health() -> dict:
        return {"status": "ok", "version": __version__}

    for module in (api_events, api_analysis, api_lookup):
        app.include_router(module.router, prefix="/api")
    static = resources.files("seismo.serve").joinpath("static")
    app.mount("/", StaticFiles(directory=str(static), html=True), name="static")
    return app


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError):
        response = error_response(exc.status, exc.code, exc.message, exc.detail)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        if isinstance(exc.__cause__, ApiError):   # raised while FastAPI read the body (BodyLimit)
            cause = exc.__cause__
            return error_response(cause.status, cause.code, cause.message, cause.detail)
        return error_response(exc.status_code, f"HTTP{exc.status_code}", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError):
        detail = [{"loc": list(e.get("loc", [])), "msg": e.get("msg")} for e in exc.errors()]
        return error_response(422, "HTTP422", "invalid request parameters", detail)

    @app.exception_handler(DatabaseBusy)
    async def busy_error(_: Request, exc: DatabaseBusy):
        response = error_response(503, exc.code, exc.message)
        response.headers["Retry-After"] = str(BUSY_RETRY_AFTER_S)
        return response

    @app.exception_handler(InvalidFilter)
    async def filter_error(_: Request, exc: InvalidFilter):
        return error_response(422, exc.code, exc.message)

    @app.exception_handler(SeismoError)
    async def seismo_error(_: Request, exc: SeismoError):
        return error_response(400, exc.code, exc.message)

    @app.exception_handler(Exception)
    async def server_error(_: Request, exc: Exception):
        log.exception("internal error")
        return error_response(500, "HTTP500", f"internal error: {type(exc).__name__}")


class BodyLimit:
    """ASGI middleware: bodies over MAX_BODY_BYTES get 413, whether announced by Content-Length
    or streamed in chunks (counted as they arrive, so a huge upload is never held in memory)."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await self._reject(scope, receive, send)
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise ApiError(413, "HTTP413", f"request body over {self.limit} bytes")
            return message
        await self.app(scope, counted, send)

    async def _reject(self, scope, receive, send):
        response = error_response(413, "HTTP413", f"request body over {self.limit} bytes")
        await response(scope, receive, send)


class NulGuard:
    """ASGI middleware: a NUL character in the path, the query or the body is refused with 400
    (E102) before any route sees it. PostgreSQL cannot store or even compare text holding NUL,
    and each route failed with a 500 of its own; one check here covers every parameter."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        target = scope.get("raw_path", b"") + b"?" + scope.get("query_string", b"")
        if "\x00" in scope["path"] or b"\x00" in target or b"%00" in target:
            return await _nul_response(scope, receive, send)
        tail = b""

        async def checked():
            nonlocal tail
            message = await receive()
            seen = tail + message.get("body", b"")
            if b"\x00" in seen or b"\\u0000" in seen:   # a raw NUL, or JSON's escape for it
                raise ApiError(400, "E102", NUL_MESSAGE)
            tail = seen[-5:]
            return message
        await self.app(scope, checked, send)


NUL_MESSAGE = "the request holds a NUL character (\\u0000 or %00), which no field may contain"


async def _nul_response(scope, receive, send):
    await error_response(400, "E102", NUL_MESSAGE)(scope, receive, send)


class SecurityHeaders:
    """ASGI middleware: SECURITY_HEADERS on every response (pages, API, errors)."""

    def __init__(self, app):
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(UNPOLICED_PATHS):
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in self.headers if h[0] not in present]
            await send(message)
        await self.app(scope, receive, with_headers)


def _install_limits(app: FastAPI) -> None:
    app.add_middleware(NulGuard)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
