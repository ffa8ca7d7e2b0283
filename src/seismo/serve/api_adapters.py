"""Adapters from the API's routes to the other stages (analysis, resolvers, ingest).

Each turns a stage's records into the JSON the API answers with; the stages are plain imports
(they used to be looked up by module name, from when stages were built in parallel). Incidents
and alerts are read from the stored tables (`seismo.analyze.persist`).
"""
from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Any

from seismo import process
from seismo.analyze import persist, risk as risk_analysis, sources
from seismo.config import MAX_CLEAN_CHARS, doc_budget_seconds
from seismo.errors import ConflictingId, EmptyInput, InputError, SeismoError, ServerBusy, error_class
from seismo.ingest import clean_item
from seismo.ingest.readers import check_id, make_document
from seismo.records import Document, Event, Rejection
from seismo.resolve import gazetteer
from seismo.resolve.kb import get_kb
from seismo.store.base import EventFilter

log = logging.getLogger(__name__)
ANALYSIS_MAX_EVENTS = 20000     # events read for on-the-fly risk series
PLACES_MAX_CHARS = 100_000      # /documents/{id}/places reads this much of a document (~2 s)
PLACES_CONCURRENCY = 1          # parses at once (each holds the parser and ~100 MB)
PLACES_WAIT_S = 10.0            # a request waits this long for a parse slot, then 503
PLACES_CACHE = 256              # documents whose toponyms are kept
CACHE_MAX_VIEWS = 256           # cached risk series (one per filter) before the cache starts over
_parse_slots = threading.BoundedSemaphore(PLACES_CONCURRENCY)


# -- incidents ---------------------------------------------------------------------------------
def list_incidents(state, flt: dict[str, Any]) -> dict[str, Any]:
    """Incidents under `flt` (IncidentFilter fields), from the stored table."""
    query = persist.IncidentFilter(**flt)
    with state.reading() as store:
        items = persist.list_incidents(store, query)
        total = persist.count_incidents(store, query)
    return {"total": total, "limit": query.limit, "offset": query.offset,
            "items": [_incident_dict(i) for i in items]}


def get_incident(state, incident_id: str):
    with state.reading() as store:
        return persist.get_incident(store, incident_id)


def incident_of(state, event_id: str) -> str | None:
    try:
        with state.reading() as store:
            return persist.incident_ids_of(store, [event_id]).get(event_id)
    except Exception:   # an analysis failure (e.g. tables not migrated) must not hide the event itself
        log.exception("incident lookup failed")
        return None


def _incident_dict(inc) -> dict[str, Any]:
    d = inc.to_dict() if hasattr(inc, "to_dict") else dict(inc)
    d.pop("reports", None)
    return d


# -- alerts ------------------------------------------------------------------------------------
def list_alerts(state, rule: str | None, acknowledged: bool | None, limit: int, offset: int) -> dict[str, Any]:
    with state.reading() as store:
        items = persist.list_alerts(store, rule=rule, acknowledged=acknowledged, limit=limit, offset=offset)
        total = persist.count_alerts(store, rule=rule, acknowledged=acknowledged)
    return {"total": total, "items": [a.to_dict() for a in items]}


def acknowledge_alert(state, alert_id: str) -> bool:
    """True when the alert existed and is now acknowledged."""
    with state.writing() as store:
        return bool(persist.acknowledge_alert(store, alert_id))


# -- risk and sources --------------------------------------------------------------------------
def _analysis_events(state, flt: EventFilter) -> list:
    """The filtered events an analysis reads (capped at ANALYSIS_MAX_EVENTS, from the start)."""
    flt.limit, flt.offset = ANALYSIS_MAX_EVENTS, 0
    with state.reading() as store:
        return store.events(flt)


def risk(state, flt: EventFilter, level: str, period: str) -> list[dict[str, Any]]:
    """Risk series, cached until the data changes (AppState drops its cache then): computing
    one reads up to ANALYSIS_MAX_EVENTS events and took 2-4 s a request."""
    key = ("risk", dataclasses.astuple(flt), level, period)
    with state.lock:
        state.drop_cache_if_changed()
        found = state.cache.get(key)
    if found is None:
        found = [r.to_dict() for r in risk_analysis.risk_series(_analysis_events(state, flt), level=level,
                                                                period=period)]
        with state.lock:
            if len(state.cache) >= CACHE_MAX_VIEWS:   # filters come from anyone: bound the memory
                state.cache.clear()
            state.cache[key] = found
    return found


def minerals_at_risk(state, flt: EventFilter, max_km: float) -> list[dict[str, Any]]:
    return [r.to_dict() for r in risk_analysis.minerals_at_risk(_analysis_events(state, flt), max_km=max_km)]


def source_profile(doc: Document) -> dict[str, Any] | None:
    try:
        out = sources.source_profile(doc).to_dict()
        out["genre"] = sources.document_genre(doc)
        return out
    except Exception:
        log.exception("source profile failed for %s", doc.id)
        return None


# -- resolvers ---------------------------------------------------------------------------------
def kb_search(q: str, limit: int, country: str | None, sector: str | None) -> list[dict[str, Any]]:
    return [e.to_dict() for e in get_kb().search(q, limit=limit, country=country, sector=sector)]


def gazetteer_lookup(name: str, country: str | None) -> list[dict[str, Any]]:
    place = gazetteer.resolve_name(name, country.upper() if country else None)
    return [_place_dict(place)] if place is not None else []


def _place_dict(p) -> dict[str, Any]:
    return {"name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1,
            "geonameid": p.geonameid, "feature": p.feature, "population": p.population}


def document_toponyms(state, doc: Document) -> dict[str, Any]:
    """{"items", "truncated"} for a document: parsed once per content (an LRU of PLACES_CACHE
    documents), the first PLACES_MAX_CHARS characters only, at most PLACES_CONCURRENCY parses at
    once (others wait PLACES_WAIT_S, then 503 with Retry-After). Each request used to re-parse up
    to 2 M characters: 44 s and 0.8 GB, open to anyone."""
    key = (doc.id, doc.content_hash or str(hash(doc.clean_text)))
    with state.lock:
        found = state.places.get(key)
        if found is not None:
            state.places.move_to_end(key)
            return found
    if not _parse_slots.acquire(timeout=PLACES_WAIT_S):
        raise ServerBusy("the server is busy reading places of other documents; retry shortly")
    try:
        found = {"items": toponyms(doc.clean_text[:PLACES_MAX_CHARS]),
                 "truncated": len(doc.clean_text) > PLACES_MAX_CHARS}
    finally:
        _parse_slots.release()
    with state.lock:
        state.places[key] = found
        while len(state.places) > PLACES_CACHE:
            state.places.popitem(last=False)
    return found


def toponyms(text: str) -> list[dict[str, Any]]:
    """Toponyms of a text via the geoparser (loads the NLP pipeline once per process)."""
    # Imported here: spaCy takes a second to import, and only this route and posted documents need it.
    from seismo.nlp import get_nlp, parse_texts
    from seismo.resolve import geoparse
    if not text:
        return []
    [sdoc] = parse_texts(get_nlp(), [text[:MAX_CLEAN_CHARS]])
    return [t.to_dict() for t in geoparse.Geoparser().parse(sdoc)]


def mining_sites(mineral: str | None = None) -> list[dict[str, Any]]:
    sites = [s for s in gazetteer.mining_sites() if not mineral or mineral.lower() in s.minerals]
    return [{"name": s.name, "lat": s.lat, "lon": s.lon, "country": s.country,
             "admin1": getattr(s, "admin1", None), "minerals": list(s.minerals)} for s in sites]


# -- ingest ------------------------------------------------------------------------------------
def ingest_one(state, body) -> dict[str, Any]:
    """Clean, store and extract one posted document; analysis tables refresh.

    Every refusal is kept as a rejection record with the posted input (as `seismo ingest` does)
    and raised as its stage's error: 422 for unusable input, 409 for an id taken by other content
    (api_errors.HTTP_STATUS)."""
    doc = _posted_document(body)
    if isinstance(doc, Rejection):
        _refuse(state, doc)
    with state.writing() as store:
        result = store.put_document(doc)
    if result.status == "rejected" and doc.status == "rejected" and result.message == doc.status_reason:
        code, _, reason = (doc.status_reason or "E106 ").partition(" ")    # nothing left after cleaning
        _refuse(state, Rejection(doc.id, "clean", code, reason, "api", doc.raw))
    if result.status == "rejected":   # the id holds other content; the store kept the E107 record
        raise ConflictingId(result.message)
    events: list[Event] = []
    message = result.message
    if result.status == "stored" and doc.status == "ok":
        events, message = _extract_posted(state, doc)
    return {"status": result.status, "doc_id": doc.id, "duplicate_of": result.duplicate_of,
            "message": message, "events": [e.event_id for e in events]}


def _posted_document(body) -> Document | Rejection:
    """The posted body as a cleaned document, or the rejection of an unusable one."""
    text, fmt = (body.text, "txt") if body.text else (body.html, "html")
    try:
        check_id(body.id)
        if not text or not text.strip():
            raise EmptyInput("the document needs a non-empty 'text' or 'html'", kept=text or "")
        return clean_item(make_document(body.id, "api", text, fmt, url=body.url, title=body.title,
                                        published=body.published, outlet=body.source),
                          doc_budget_seconds())
    except InputError as exc:
        kept = exc.context.get("kept", text)
        return Rejection(body.id, "ingest", exc.code, exc.message, "api",
                         kept.decode("utf-8", "replace") if isinstance(kept, bytes) else kept)


def _refuse(state, rejection: Rejection):
    """Store the rejection, then raise the error its code stands for."""
    with state.writing() as store:
        store.put_rejection(rejection)
    raise _error_of(rejection)


def _error_of(rejection: Rejection) -> SeismoError:
    """The exception class of a rejection's code (a posted document refused by a stage)."""
    error = error_class(rejection.code)(rejection.message)
    error.code = rejection.code   # a code no class has is answered as stored
    return error


def _extract_posted(state, doc: Document) -> tuple[list[Event], str | None]:
    """Extract outside the store lock (reads go on), then store the events or the rejection."""
    found = process.extract_document(doc, state.pipeline())
    with state.writing() as store:
        return process.record_extraction(store, doc, found)
