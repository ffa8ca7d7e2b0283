"""API routes: events (list, one, map cells, weekly timeline, facets), documents, exports, ingest."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from seismo.analyze.sources import GENRES, OUTLET_TYPES
from seismo.errors import NotFound
from seismo.serve import api_adapters as adapters
from seismo.serve import api_aggregate as agg
from seismo.serve import export_formats
from seismo.serve.api_errors import ERRORS, NOT_FOUND, WRITE_ERRORS
from seismo.serve.api_state import MAX_BODY_BYTES, MAX_OFFSET, MAX_PAGE, AppState, get_state, require_key
from seismo.serve.exports import outlets_of
from seismo.store.base import EventFilter, check_date_bound

router = APIRouter()
MAX_EXPORT = 100_000          # rows in one export response
Id = Annotated[str, Path(min_length=1, max_length=300)]


def event_query(type: str | None = Query(None, max_length=40, description="PLOVER type, e.g. ASSAULT"),
                country: str | None = Query(None, max_length=3, description="ISO3 of the place or an actor"),
                admin1: str | None = Query(None, max_length=100, description="admin1 name of the place"),
                actor: str | None = Query(None, max_length=200, description="substring of an actor's text or name"),
                mineral: str | None = Query(None, max_length=40, description="canonical mineral, e.g. cobalt"),
                date_from: str | None = Query(None, max_length=10, description="YYYY[-MM[-DD]] inclusive"),
                date_to: str | None = Query(None, max_length=10, description="YYYY[-MM[-DD]] inclusive"),
                factuality: str | None = Query(None, max_length=20, description="asserted, reported, claimed..."),
                doc_id: str | None = Query(None, max_length=300, description="events of one document"),
                source_type: Literal[OUTLET_TYPES] | None = Query(
                    None, description="outlet type of the event's document"),
                genre: Literal[GENRES] | None = Query(
                    None, description="'reporting' leaves out commentary, analysis and advocacy"),
                near_lat: float | None = Query(None, ge=-90, le=90, description="with near_lon: events within within_km of this point"),
                near_lon: float | None = Query(None, ge=-180, le=180, description="longitude of the point (needs near_lat)"),
                within_km: float = Query(50.0, gt=0, le=20_000, description="radius around near_lat/near_lon, km"),
                include_historical: bool = Query(True, description="include background (historical) events"),
                min_confidence: float | None = Query(None, ge=0, le=1, description="calibrated confidence at least this"),
                limit: int = Query(100, ge=1, le=MAX_PAGE, description=f"page size (max {MAX_PAGE})"),
                offset: int = Query(0, ge=0, le=MAX_OFFSET),
                sort: Literal["date", "-date", "type", "doc_id"] = Query("date", description="order")) -> EventFilter:
    """The documented query parameters, turned into the store's one filter type (a date that is
    no date answers 422 E120, see api_errors.HTTP_STATUS)."""
    date_from, date_to = check_date_bound(date_from, "date_from"), check_date_bound(date_to, "date_to")
    return EventFilter(**locals())


def _read(state: AppState, fn, *args):
    """fn(store, *args) in one read session."""
    with state.reading() as store:
        return fn(store, *args)


@router.get("/stats", summary="Counts by document status, rejection code and event type")
def stats(state: AppState = Depends(get_state)) -> dict:
    s = _read(state, lambda store: store.stats())
    return {"documents": s.documents_by_status, "rejections": s.rejections_by_code,
            "events": s.events_by_type, "runs": s.runs}


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict]


@router.get("/events", summary="Events matching the filters, paginated and sorted", response_model=EventPage,
            responses=ERRORS)
def events(q: EventFilter = Depends(event_query), state: AppState = Depends(get_state)) -> dict:
    with state.reading() as store:
        items = store.events(q)
        total = store.count_events(q)
    return {"total": total, "limit": q.limit, "offset": q.offset, "items": [e.to_dict() for e in items]}


@router.get("/events/map", summary="Located events binned on a grid (one point per cell) for the map",
            responses=ERRORS)
def events_map(q: EventFilter = Depends(event_query), state: AppState = Depends(get_state),
               span: float | None = Query(None, gt=0, le=360, description="visible longitude span in degrees; "
                                          "sets the cell size")) -> dict:
    return _read(state, agg.map_cells, q, agg.cell_size(span))


@router.get("/events/timeline", summary="Events and deaths per week (Monday start) under the filters",
            responses=ERRORS)
def events_timeline(q: EventFilter = Depends(event_query), state: AppState = Depends(get_state)) -> dict:
    return _read(state, agg.timeline, q)


@router.get("/events/facets", summary="Counts per type, country, factuality and mineral, and totals",
            responses=ERRORS)
def events_facets(q: EventFilter = Depends(event_query), state: AppState = Depends(get_state)) -> dict:
    return _read(state, agg.facets, q)


@router.get("/events/{event_id}", summary="One event with its evidence (and its incident, when clustered)",
            responses=NOT_FOUND)
def event(event_id: Id, state: AppState = Depends(get_state)) -> dict:
    found = _read(state, lambda store: store.get_event(event_id))
    if found is None:
        raise NotFound(f"no event {event_id!r}")
    return found.to_dict() | {"incident_id": adapters.incident_of(state, event_id)}


@router.get("/documents", summary="Documents, searchable by words and status", responses=ERRORS)
def documents(q: str | None = Query(None, max_length=200, description="words in the title, text or id"),
              status: str | None = Query(None, max_length=20, description="ok, not_processed, duplicate, rejected"),
              limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
              state: AppState = Depends(get_state)) -> dict:
    docs = _read(state, lambda store: store.documents(query=q, status=status, limit=limit, offset=offset))
    return {"limit": limit, "offset": offset,
            "items": [d.to_dict() | {"clean_text": d.clean_text[:300]} for d in docs]}


@router.get("/documents/{doc_id}", summary="One document: metadata, clean text, rejections, event ids",
            responses=NOT_FOUND)
def document(doc_id: Id, state: AppState = Depends(get_state)) -> dict:
    with state.reading() as store:
        doc = store.get_document(doc_id)
        rejections = store.rejections(doc_id)
        evs = store.events(EventFilter(doc_id=doc_id, limit=MAX_PAGE)) if doc else []
    if doc is None:
        raise NotFound(f"no document {doc_id!r}")
    return doc.to_dict() | {
        "rejections": [{"stage": r.stage, "code": r.code, "message": r.message} for r in rejections],
        "events": [{"event_id": e.event_id, "type": e.type, "start": e.evidence.start, "end": e.evidence.end,
                    "trigger_start": e.evidence.trigger_start, "trigger_end": e.evidence.trigger_end}
                   for e in evs],
        "source": adapters.source_profile(doc)}


@router.get("/documents/{doc_id}/places", summary="Toponyms of a document, resolved in the gazetteer",
            responses=NOT_FOUND)
def document_places(doc_id: Id, state: AppState = Depends(get_state)) -> dict:
    doc = _read(state, lambda store: store.get_document(doc_id))
    if doc is None:
        raise NotFound(f"no document {doc_id!r}")
    return {"doc_id": doc_id, **adapters.document_toponyms(state, doc)}


@router.get("/export", summary="Events as ACLED-style CSV, PLOVER JSON, GeoJSON or Parquet (same filters)",
            responses={200: {"description": "the export file",
                             "content": {f.media_type: {} for f in export_formats.formats().values()}},
                       **ERRORS})
def export_events(format: Literal[export_formats.names()] = Query(
                      "acled-csv", description=" | ".join(export_formats.names())),
                  q: EventFilter = Depends(event_query), state: AppState = Depends(get_state),
                  all_rows: bool = Query(False, description=f"ignore limit/offset: every match, up to {MAX_EXPORT}")
                  ) -> Response:
    # No docstring: FastAPI would add it to the OpenAPI schema as the route's description.
    fmt = export_formats.get_format(format)
    if all_rows:
        q.limit, q.offset = MAX_EXPORT, 0
    with state.reading() as store:
        items = store.events(q)
        outlets = outlets_of(store, items) if fmt.needs_outlets else None
    return Response(fmt.write(items, outlets), media_type=fmt.media_type,
                    headers={"Content-Disposition": f'attachment; filename="seismo-events.{fmt.extension}"',
                             "X-Seismo-Left-Out": str(fmt.count_left_out(items))})


class DocumentIn(BaseModel):
    """A document to ingest: `text` or `html`, optional metadata."""
    id: str = Field(min_length=1, max_length=200)
    text: str | None = Field(default=None, max_length=MAX_BODY_BYTES)
    html: str | None = Field(default=None, max_length=MAX_BODY_BYTES)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, max_length=40)
    source: str | None = Field(default=None, max_length=200, description="outlet name or domain")


@router.post("/documents", summary="Ingest one document and extract its events (needs X-API-Key)",
             dependencies=[Depends(require_key)], status_code=201, responses=WRITE_ERRORS)
def post_document(body: DocumentIn, state: AppState = Depends(get_state)) -> dict:
    return adapters.ingest_one(state, body)
