"""HTTP API (FastAPI) and the web dashboard: read routes open, write routes behind an API key.

    seismo serve --host 127.0.0.1 --port 8000        # on the database SEISMO_DB names

Routes live in api_events.py (events, documents, map/timeline aggregates, exports, ingest),
api_analysis.py (incidents, alerts, risk, sources) and api_lookup.py (actors, places, minerals);
docs/api.md lists every one (a test fails otherwise). What they share (store sessions, the key
check, limits) is in api_state.py; errors and their HTTP statuses in api_errors.py. This module
only assembles the app and its middleware, so nothing imports it back.

Errors always look like {"error": {"code": ..., "message": ..., "detail": ...}}, for 404/405/422
and 500 too. Every query parameter goes through EventFilter or bound SQL parameters. Pages are
capped (MAX_PAGE), request bodies are capped (MAX_BODY_BYTES), and static files come only from
the package's static dir. Store access is serialised by a lock, and extraction of a posted
document runs outside it, so reads keep being answered meanwhile.

On DuckDB (one writing process per file) the server holds no connection while idle: reads share a
read-only connection until READ_HOLD_S after the last one, or until a Seismo writer waits for the
file (api_state), then leave a gap; writes open and close their own, so `seismo ingest`, `events`,
`export` and `stats` run beside a running server; while a CLI write holds the file, requests wait
up to SERVER_DB_WAIT_S and then answer 503 E401 with Retry-After. Cached views are dropped when
the file changes (docs/scaling.md, "The dashboard and the CLI on one DuckDB file").
"""
from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from seismo import __version__
from seismo.config import api_key as configured_api_key
from seismo.config import db_url
from seismo.errors import BinaryInput, BodyTooLarge
from seismo.serve import api_analysis, api_events, api_lookup
from seismo.serve.api_errors import error_response, install_errors
from seismo.serve.api_state import MAX_BODY_BYTES, AppState

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


def create_app(store_url: str | None = None, api_key: str | None = None) -> FastAPI:
    app = FastAPI(title="Seismo API", version=__version__,
                  description="Evidence-backed political-conflict and critical-minerals events. "
                              "Errors: {\"error\": {\"code\", \"message\", \"detail\"}}.")
    app.state.seismo = AppState(db_url(store_url), api_key if api_key is not None else configured_api_key())
    install_errors(app)
    _install_limits(app)

    @app.get("/api/health", summary="Liveness and version")
    def health() -> dict:
        return {"status": "ok", "version": __version__}

    for module in (api_events, api_analysis, api_lookup):
        app.include_router(module.router, prefix="/api")
    static = resources.files("seismo.serve").joinpath("static")
    app.mount("/", StaticFiles(directory=str(static), html=True), name="static")
    return app


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
                raise BodyTooLarge(f"request body over {self.limit} bytes")
            return message
        await self.app(scope, counted, send)

    async def _reject(self, scope, receive, send):
        response = error_response(BodyTooLarge(f"request body over {self.limit} bytes"))
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
                raise BinaryInput(NUL_MESSAGE)
            tail = seen[-5:]
            return message
        await self.app(scope, checked, send)


NUL_MESSAGE = "the request holds a NUL character (\\u0000 or %00), which no field may contain"


async def _nul_response(scope, receive, send):
    await error_response(BinaryInput(NUL_MESSAGE))(scope, receive, send)


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
