"""HTTP API (FastAPI): read routes open, write routes behind an API key; one JSON error shape.

    seismo serve --host 127.0.0.1 --port 8000        # on the database SEISMO_DB names

Errors always look like {"error": {"code": ..., "message": ..., "detail": ...}}. Every query
parameter goes through EventFilter and bound SQL parameters. Pages are capped (MAX_PAGE), request
bodies are capped (MAX_BODY_BYTES), and static files come only from the package's static dir.
Store access is serialised by a lock, and extraction of a posted document runs outside it, so
reads keep being answered while a document is processed.
"""
from __future__ import annotations

import hmac
import threading
from importlib import resources
from typing import Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from seismo import __version__
from seismo.config import api_key as configured_api_key
from seismo.config import db_url
from seismo.errors import SeismoError
from seismo.serve.exports import export
from seismo.store.base import EventFilter

MAX_PAGE = 1000
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_OFFSET = 10_000_000


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, detail: Any = None):
        self.status, self.code, self.message, self.detail = status, code, message, detail


class DocumentIn(BaseModel):
    """A document to ingest: `text` or `html`, optional metadata."""
    id: str = Field(min_length=1, max_length=200)
    text: str | None = Field(default=None, max_length=MAX_BODY_BYTES)
    html: str | None = Field(default=None, max_length=MAX_BODY_BYTES)
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None


def _error(status: int, code: str, message: str, detail: Any = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "detail": detail}}, status_code=status)


class AppState:
    def __init__(self, store_url: str, key: str | None):
        from seismo.store import open_store
        self.store = open_store(store_url)
        self.lock = threading.Lock()
        self.key = key
        self._pipeline = None

    def pipeline(self):
        if self._pipeline is None:
            from seismo.pipeline import Pipeline
            self._pipeline = Pipeline()
        return self._pipeline


def create_app(store_url: str | None = None, api_key: str | None = None) -> FastAPI:
    app = FastAPI(title="Seismo API", version=__version__,
                  description="Evidence-backed political-conflict and critical-minerals events.")
    state = AppState(db_url(store_url), api_key if api_key is not None else configured_api_key())
    app.state.seismo = state
    _install_errors(app)
    _install_limits(app)
    _routes(app, state)
    static = resources.files("seismo.serve").joinpath("static")
    app.mount("/", StaticFiles(directory=str(static), html=True), name="static")
    return app


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError):
        return _error(exc.status, exc.code, exc.message, exc.detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, f"HTTP{exc.status_code}", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError):
        detail = [{"loc": list(e.get("loc", [])), "msg": e.get("msg")} for e in exc.errors()]
        return _error(422, "E422", "invalid request parameters", detail)

    @app.exception_handler(SeismoError)
    async def seismo_error(_: Request, exc: SeismoError):
        return _error(400, exc.code, exc.message)

    @app.exception_handler(Exception)
    async def server_error(_: Request, exc: Exception):
        return _error(500, "E500", f"internal error: {type(exc).__name__}")


def _install_limits(app: FastAPI) -> None:
    @app.middleware("http")
    async def body_limit(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return _error(413, "E413", f"request body over {MAX_BODY_BYTES} bytes")
        return await call_next(request)


def event_query(type: str | None = Query(None, max_length=40, description="PLOVER type, e.g. ASSAULT"),
                country: str | None = Query(None, max_length=3, description="ISO3 of the place or an actor"),
                admin1: str | None = Query(None, max_length=100),
                actor: str | None = Query(None, max_length=200, description="substring of an actor"),
                mineral: str | None = Query(None, max_length=40, description="canonical mineral"),
                date_from: str | None = Query(None, max_length=10, description="YYYY[-MM[-DD]] inclusive"),
                date_to: str | None = Query(None, max_length=10, description="YYYY[-MM[-DD]] inclusive"),
                factuality: str | None = Query(None, max_length=20),
                doc_id: str | None = Query(None, max_length=200),
                include_historical: bool = Query(True, description="include background events"),
                limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                sort: Literal["date", "-date", "type", "doc_id"] = "date") -> EventFilter:
    """The documented query parameters, turned into the store's one filter type."""
    return EventFilter(**locals())


def _routes(app: FastAPI, state: AppState) -> None:
    def require_key(x_api_key: str | None = Header(None, description="API key for write endpoints")):
        if not state.key:
            raise ApiError(403, "E403", "writes are disabled: set SEISMO_API_KEY on the server")
        if not x_api_key or not hmac.compare_digest(x_api_key.encode(), state.key.encode()):
            raise ApiError(401, "E401", "missing or wrong X-API-Key")

    @app.get("/api/health", summary="Liveness and version")
    def health() -> dict:
        return {"status": "ok", "version": __version__}

    @app.get("/api/stats", summary="Counts by document status, rejection code and event type")
    def stats() -> dict:
        with state.lock:
            s = state.store.stats()
        return {"documents": s.documents_by_status, "rejections": s.rejections_by_code,
                "events": s.events_by_type, "runs": s.runs}

    @app.get("/api/events", summary="Events matching the filters, paginated")
    def events(q: EventFilter = Depends(event_query)) -> dict:
        with state.lock:
            items = state.store.events(q)
            total = state.store.count_events(q)
        return {"total": total, "limit": q.limit, "offset": q.offset, "items": [e.to_dict() for e in items]}

    @app.get("/api/events/{event_id}", summary="One event with its evidence")
    def event(event_id: str) -> dict:
        with state.lock:
            found = state.store.get_event(event_id)
        if found is None:
            raise ApiError(404, "E404", f"no event {event_id!r}")
        return found.to_dict()

    @app.get("/api/documents", summary="Documents, searchable by words and status")
    def documents(q: str | None = Query(None, max_length=200), status: str | None = Query(None, max_length=20),
                  limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict:
        with state.lock:
            docs = state.store.documents(query=q, status=status, limit=limit, offset=offset)
        return {"items": [d.to_dict() | {"clean_text": d.clean_text[:300]} for d in docs]}

    @app.get("/api/documents/{doc_id}", summary="One document: metadata, clean text, rejections")
    def document(doc_id: str) -> dict:
        with state.lock:
            doc = state.store.get_document(doc_id)
            rejections = state.store.rejections(doc_id)
        if doc is None:
            raise ApiError(404, "E404", f"no document {doc_id!r}")
        return doc.to_dict() | {"rejections": [r.__dict__ if hasattr(r, "__dict__") else
                                               {"code": r.code, "stage": r.stage, "message": r.message}
                                               for r in rejections]}

    @app.get("/api/actors", summary="Search the actor knowledge base")
    def actors(q: str = Query("", max_length=200), country: str | None = Query(None, max_length=3),
               sector: str | None = Query(None, max_length=5), limit: int = Query(20, ge=1, le=MAX_PAGE)) -> dict:
        from seismo.resolve.kb import get_kb
        return {"items": [e.to_dict() for e in get_kb().search(q, limit=limit, country=country, sector=sector)]}

    @app.get("/api/export", summary="Events in ACLED-CSV, PLOVER-JSON, GeoJSON or Parquet",
             responses={200: {"content": {"text/csv": {}, "application/geo+json": {}}}})
    def export_events(format: Literal["acled-csv", "plover-json", "geojson", "parquet"] = "acled-csv",
                      q: EventFilter = Depends(event_query)) -> Response:
        with state.lock:
            items = state.store.events(q)
        payload, media = export(items, format)
        return Response(payload, media_type=media)

    @app.post("/api/documents", summary="Ingest one document and extract its events (API key)",
              dependencies=[Depends(require_key)], status_code=201)
    def post_document(body: DocumentIn) -> dict:
        return _ingest_one(state, body)


def _ingest_one(state: AppState, body: DocumentIn) -> dict:
    from seismo.clean import clean_document
    from seismo.errors import InputError
    from seismo.ingest.readers import make_document
    from seismo.runner import _store_events
    text, fmt = (body.text, "txt") if body.text else (body.html, "html")
    if not text or not text.strip():
        raise ApiError(422, "E101", "the document needs a non-empty 'text' or 'html'")
    try:
        doc = clean_document(make_document(body.id, "api", text, fmt, url=body.url, title=body.title,
                                           published=body.published, outlet=body.source))
    except InputError as exc:
        raise ApiError(422, exc.code, exc.message) from exc
    with state.lock:
        result = state.store.put_document(doc)
    events = []
    if result.status == "stored" and doc.status == "ok":
        for _, found in state.pipeline().extract([doc]):   # outside the lock: reads go on
            events = found if isinstance(found, list) else []
        with state.lock:
            _store_events(state.store, doc, events, None)
    return {"status": result.status, "doc_id": doc.id, "duplicate_of": result.duplicate_of,
            "message": result.message, "events": [e.event_id for e in events]}
