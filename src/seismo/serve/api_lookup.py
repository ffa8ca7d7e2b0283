"""API routes: actor knowledge base, actor and mineral profiles, gazetteer places, mining sites."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from seismo import taxonomy
from seismo.serve import api_adapters as adapters
from seismo.serve import api_aggregate as agg
from seismo.serve.api_errors import ERRORS
from seismo.serve.api_state import MAX_PAGE, AppState, get_state
from seismo.store.base import EventFilter

router = APIRouter()
Name = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/actors", summary="Search the actor knowledge base", responses=ERRORS)
def actors(q: str = Query("", max_length=200, description="words of the name or an alias"),
           country: str | None = Query(None, max_length=3, description="ISO3"),
           sector: str | None = Query(None, max_length=5, description="GOV, MIL, REB, IGO, ..."),
           limit: int = Query(20, ge=1, le=MAX_PAGE)) -> dict:
    return {"items": adapters.kb_search(q, limit, country, sector)}


@router.get("/actors/{name}", summary="Actor profile: knowledge-base entry and event counts", responses=ERRORS)
def actor(name: Name, state: AppState = Depends(get_state)) -> dict:
    kb = adapters.kb_search(name, 5, None, None)
    exact = [e for e in kb if e["name"].lower() == name.lower()] or kb[:1]
    with state.reading() as store:
        summary = agg.actor_events_summary(store, EventFilter(actor=name))
    return {"name": name, "kb": exact[0] if exact else None, **summary}


@router.get("/minerals/{name}", summary="Mineral profile: event counts and known mining localities",
            responses=ERRORS)
def mineral(name: Name, state: AppState = Depends(get_state)) -> dict:
    with state.reading() as store:
        summary = agg.actor_events_summary(store, EventFilter(mineral=name.lower()))
    return {"name": name.lower(), **summary, "sites": adapters.mining_sites(name)}


@router.get("/places", summary="Gazetteer lookup: the most prominent place with this name", responses=ERRORS)
def places(q: str = Query(..., min_length=1, max_length=200, description="place name"),
           country: str | None = Query(None, max_length=3, description="ISO3 hint")) -> dict:
    return {"items": adapters.gazetteer_lookup(q, country)}


@router.get("/taxonomy", summary="The event-type registry: PLOVER types, quads, modes, ACLED types",
            responses=ERRORS)
def event_taxonomy() -> dict:
    return taxonomy.as_json()


@router.get("/mining-sites", summary="Known mining localities (optionally of one mineral)", responses=ERRORS)
def mining_sites(mineral: str | None = Query(None, max_length=40)) -> dict:
    return {"items": adapters.mining_sites(mineral)}
