"""Thin adapters from the API to the other stages (analysis, resolvers, ingest).

Each adapter calls the stage's public function when it is installed and degrades to an empty
answer when it is not, so the API and the dashboard work on any subset of the project. Incidents
and alerts are read from `seismo.analyze.persist` (the stored tables) when that module exists;
without it, incidents are clustered in memory from the stored events (small stores only).
"""
from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Any

from seismo.records import Document, Event, Rejection
from seismo.store.base import EventFilter

log = logging.getLogger(__name__)
FALLBACK_MAX_EVENTS = 5000      # in-memory clustering only for small stores: it is a preview
ANALYSIS_MAX_EVENTS = 20000     # events read for on-the-fly risk series
PLACES_MAX_CHARS = 100_000      # /documents/{id}/places reads this much of a document (~2 s)
PLACES_CONCURRENCY = 1          # parses at once (each holds the parser and ~100 MB)
PLACES_WAIT_S = 10.0            # a request waits this long for a parse slot, then 503
PLACES_CACHE = 256              # documents whose toponyms are kept
CACHE_MAX_VIEWS = 256           # cached risk series (one per filter) before the cache starts over
_parse_slots = threading.BoundedSemaphore(PLACES_CONCURRENCY)


def _module(name: str):
    import importlib
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _first(module, *names):
    for n in names:
        fn = getattr(module, n, None) if module is not None else None
        if callable(fn):
            return fn
    return None


# -- incidents ---------------------------------------------------------------------------------
def _memory_index(state) -> Any:
    """An IncidentIndex over the stored events, rebuilt when the event count changes."""
    incidents = _module("seismo.analyze.incidents")
    if incidents is None:
        return None
    with state.reading() as store:
        n = store.count_events(EventFilter(include_historical=False))
        cached = state.cache.get("incident_index")
        if cached and cached[0] == n:
            return cached[1]
        if n > FALLBACK_MAX_EVENTS:
            state.cache["incident_index"] = (n, None)
            return None
        events = store.events(EventFilter(include_historical=False, limit=FALLBACK_MAX_EVENTS))
        docs = [d for d in (store.get_document(i) for i in sorted({e.doc_id for e in events})) if d]
    index = incidents.IncidentIndex()
    index.add(events, docs)
    state.cache["incident_index"] = (n, index)
    return index


def list_incidents(state, flt: dict[str, Any]) -> dict[str, Any]:
    """Incidents under `flt` (IncidentFilter fields), from the stored table or the in-memory preview."""
    persist = _module("seismo.analyze.persist")
    if persist is not None:
        query = persist.IncidentFilter(**flt)
        with state.reading() as store:
            items = persist.list_incidents(store, query)
            total = persist.count_incidents(store, query)
        return {"total": total, "limit": query.limit, "offset": query.offset,
                "items": [_incident_dict(i) for i in items]}
    index = _memory_index(state)
    items = [i for i in (index.incidents() if index is not None else [])
             if all(not flt.get(k) or getattr(i, k) == flt[k] for k in ("type", "country", "admin1"))
             and i.n_independent_sources >= (flt.get("min_sources") or 1)]
    items.sort(key=lambda i: (i.last_seen or "", i.incident_id), reverse=True)
    limit, offset = flt.get("limit", 100), flt.get("offset", 0)
    return {"total": len(items), "limit": limit, "offset": offset,
            "items": [_incident_dict(i) for i in items[offset:offset + limit]]}


def get_incident(state, incident_id: str):
    persist = _module("seismo.analyze.persist")
    if persist is not None:
        with state.reading() as store:
            return persist.get_incident(store, incident_id)
    index = _memory_index(state)
    return index.incident(incident_id) if index is not None else None


def incident_of(state, event_id: str) -> str | None:
    try:
        persist = _module("seismo.analyze.persist")
        if persist is not None:
            with state.reading() as store:
                return persist.incident_ids_of(store, [event_id]).get(event_id)
        index = _memory_index(state)
        return index.incident_of(event_id) if index is not None else None
    except Exception:   # an analysis failure (e.g. tables not migrated) must not hide the event itself
        log.exception("incident lookup failed")
        return None


def _incident_dict(inc) -> dict[str, Any]:
    d = inc.to_dict() if hasattr(inc, "to_dict") else dict(inc)
    d.pop("reports", None)
    return d


# -- alerts ------------------------------------------------------------------------------------
def list_alerts(state, rule: str | None, acknowledged: bool | None, limit: int, offset: int) -> dict[str, Any]:
    persist = _module("seismo.analyze.persist")
    if persist is None:
        return {"total": 0, "items": []}
    with state.reading() as store:
        items = persist.list_alerts(store, rule=rule, acknowledged=acknowledged, limit=limit, offset=offset)
        total = persist.count_alerts(store, rule=rule, acknowledged=acknowledged)
    return {"total": total, "items": [a.to_dict() for a in items]}


def acknowledge_alert(state, alert_id: str) -> bool:
    """True when the alert existed and is now acknowledged."""
    persist = _module("seismo.analyze.persist")
    if persist is None:
        return False
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
    mod = _module("seismo.analyze.risk")
    if mod is None:
        return []
    key = ("risk", dataclasses.astuple(flt), level, period)
    with state.lock:
        state.drop_cache_if_changed()
        found = state.cache.get(key)
    if found is None:
        found = [r.to_dict() for r in mod.risk_series(_analysis_events(state, flt), level=level, period=period)]
        with state.lock:
            if len(state.cache) >= CACHE_MAX_VIEWS:   # filters come from anyone: bound the memory
                state.cache.clear()
            state.cache[key] = found
    return found


def minerals_at_risk(state, flt: EventFilter, max_km: float) -> list[dict[str, Any]]:
    mod = _module("seismo.analyze.risk")
    if mod is None:
        return []
    return [r.to_dict() for r in mod.minerals_at_risk(_analysis_events(state, flt), max_km=max_km)]


def source_profile(doc: Document) -> dict[str, Any] | None:
    mod = _module("seismo.analyze.sources")
    if mod is None:
        return None
    try:
        out = mod.source_profile(doc).to_dict()
        out["genre"] = mod.document_genre(doc) if hasattr(mod, "document_genre") else None
        return out
    except Exception:
        log.exception("source profile failed for %s", doc.id)
        return None


# -- resolvers ---------------------------------------------------------------------------------
def kb_search(q: str, limit: int, country: str | None, sector: str | None) -> list[dict[str, Any]]:
    for name in ("seismo.resolve.actors", "seismo.resolve.kb"):
        mod = _module(name)
        get_kb = _first(mod, "get_kb")
        if get_kb is not None:
            return [e.to_dict() for e in get_kb().search(q, limit=limit, country=country, sector=sector)]
    return []


def gazetteer_lookup(name: str, country: str | None) -> list[dict[str, Any]]:
    for mod_name in ("seismo.resolve.geo", "seismo.resolve.gazetteer"):
        resolve = _first(_module(mod_name), "resolve_name")
        if resolve is not None:
            place = resolve(name, country.upper() if country else None)
            return [_place_dict(place)] if place is not None else []
    return []


def _place_dict(p) -> dict[str, Any]:
    return {"name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1,
            "geonameid": p.geonameid, "feature": p.feature, "population": p.population}


def document_toponyms(state, doc: Document) -> dict[str, Any]:
    """{"items", "truncated"} for a document: parsed once per content (an LRU of PLACES_CACHE
    documents), the first PLACES_MAX_CHARS characters only, at most PLACES_CONCURRENCY parses at
    once (others wait PLACES_WAIT_S, then 503 with Retry-After). Each request used to re-parse up
    to 2 M characters: 44 s and 0.8 GB, open to anyone."""
    from seismo.serve.api import ApiError
    key = (doc.id, doc.content_hash or str(hash(doc.clean_text)))
    with state.lock:
        found = state.places.get(key)
        if found is not None:
            state.places.move_to_end(key)
            return found
    if not _parse_slots.acquire(timeout=PLACES_WAIT_S):
        raise ApiError(503, "HTTP503", "the server is busy reading places of other documents; retry shortly",
                       headers={"Retry-After": "5"})
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
    geoparse = _module("seismo.resolve.geoparse")
    if geoparse is None or not text:
        return []
    from seismo.config import MAX_CLEAN_CHARS
    from seismo.nlp import get_nlp, parse_texts
    [sdoc] = parse_texts(get_nlp(), [text[:MAX_CLEAN_CHARS]])
    return [t.to_dict() for t in geoparse.Geoparser().parse(sdoc)]


def mining_sites(mineral: str | None = None) -> list[dict[str, Any]]:
    for mod_name in ("seismo.resolve.geo", "seismo.resolve.gazetteer"):
        fn = _first(_module(mod_name), "mining_sites")
        if fn is not None:
            sites = [s for s in fn() if not mineral or mineral.lower() in s.minerals]
            return [{"name": s.name, "lat": s.lat, "lon": s.lon, "country": s.country,
                     "admin1": getattr(s, "admin1", None), "minerals": list(s.minerals)} for s in sites]
    return []


# -- ingest ------------------------------------------------------------------------------------
def ingest_one(state, body) -> dict[str, Any]:
    """Clean, store and extract one posted document; analysis tables refresh when they exist.

    Every refusal is kept as a rejection record with the posted input (as `seismo ingest` does)
    and answered with a 4xx: 422 for unusable input, 409 for an id taken by other content."""
    from seismo.config import doc_budget_seconds
    from seismo.errors import EmptyInput, InputError
    from seismo.ingest import clean_item
    from seismo.ingest.readers import check_id, make_document
    text, fmt = (body.text, "txt") if body.text else (body.html, "html")
    try:
        check_id(body.id)
        if not text or not text.strip():
            raise EmptyInput("the document needs a non-empty 'text' or 'html'", kept=text or "")
        doc = clean_item(make_document(body.id, "api", text, fmt, url=body.url, title=body.title,
                                       published=body.published, outlet=body.source),
                         doc_budget_seconds())
    except InputError as exc:
        kept = exc.context.get("kept", text)
        doc = Rejection(body.id, "ingest", exc.code, exc.message, "api",
                        kept.decode("utf-8", "replace") if isinstance(kept, bytes) else kept)
    if isinstance(doc, Rejection):
        _refuse(state, doc, 422)
    with state.writing() as store:
        result = store.put_document(doc)
    if result.status == "rejected" and doc.status == "rejected" and result.message == doc.status_reason:
        code, _, reason = (doc.status_reason or "E106 ").partition(" ")    # nothing left after cleaning
        _refuse(state, Rejection(doc.id, "clean", code, reason, "api", doc.raw), 422)
    if result.status == "rejected":   # the id holds other content; the store kept the E107 record
        _refuse(state, None, 409, "E107", result.message)
    events: list[Event] = []
    message = result.message
    if result.status == "stored" and doc.status == "ok":
        events, message = _extract_posted(state, doc)
    return {"status": result.status, "doc_id": doc.id, "duplicate_of": result.duplicate_of,
            "message": message, "events": [e.event_id for e in events]}


def _refuse(state, rejection: Rejection | None, status: int, code: str | None = None,
            message: str | None = None):
    """Store the rejection (when given) and answer with its code."""
    from seismo.serve.api import ApiError
    if rejection is not None:
        with state.writing() as store:
            store.put_rejection(rejection)
    raise ApiError(status, code or rejection.code, message or rejection.message)


def _extract_posted(state, doc: Document) -> tuple[list[Event], str | None]:
    """Extract outside the store lock (reads go on), then store the events or the rejection."""
    from seismo.runner import refresh_analysis, store_extraction
    found: list[Event] | Rejection = []
    for _, found in state.pipeline().extract([doc]):
        pass
    with state.writing() as store:
        if isinstance(found, Rejection):   # kept for `seismo show`; recorded as failed
            store_extraction(store, doc, found)
            events, message = [], f"[{found.code}] {found.message}"
        else:
            events, message = found, None
            store_extraction(store, doc, events)
            refresh_analysis(store, [e.event_id for e in events])
    return events, message
