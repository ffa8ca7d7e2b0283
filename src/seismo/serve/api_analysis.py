"""API routes: incidents, alerts (+ acknowledge), risk series, minerals at risk."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from seismo.errors import NotFound
from seismo.serve import api_adapters as adapters
from seismo.serve.api_errors import ERRORS, NOT_FOUND, WRITE_ERRORS
from seismo.serve.api_state import MAX_OFFSET, MAX_PAGE, AppState, get_state, require_key
from seismo.serve.api_events import event_query
from seismo.store.base import EventFilter, check_date_bound

router = APIRouter()
Id = Annotated[str, Path(min_length=1, max_length=300)]


@router.get("/incidents", summary="Incidents: events clustered across sources", responses=ERRORS)
def incidents(type: str | None = Query(None, max_length=40, description="PLOVER type"),
              country: str | None = Query(None, max_length=3, description="ISO3"),
              admin1: str | None = Query(None, max_length=100),
              date_from: str | None = Query(None, max_length=10, description="YYYY[-MM[-DD]] inclusive"),
              date_to: str | None = Query(None, max_length=10, description="YYYY[-MM[-DD]] inclusive"),
              min_sources: int = Query(1, ge=1, le=1000, description="at least this many independent sources"),
              sort: Literal["-last_seen", "last_seen", "-date", "date", "-sources", "-fatalities"] = Query("-last_seen"),
              limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
              state: AppState = Depends(get_state)) -> dict:
    date_from, date_to = check_date_bound(date_from, "date_from"), check_date_bound(date_to, "date_to")
    flt = {"type": type.upper() if type else None, "country": country.upper() if country else None,
           "admin1": admin1, "date_from": date_from, "date_to": date_to, "min_sources": min_sources,
           "sort": sort, "limit": limit, "offset": offset}
    return adapters.list_incidents(state, flt)


@router.get("/incidents/{incident_id}", summary="One incident with every report side by side",
            responses=NOT_FOUND)
def incident(incident_id: Id, state: AppState = Depends(get_state)) -> dict:
    found = adapters.get_incident(state, incident_id)
    if found is None:
        raise NotFound(f"no incident {incident_id!r}")
    out = found.to_dict() if hasattr(found, "to_dict") else dict(found)
    with state.reading() as store:   # the full evidence of each report, for the side-by-side view
        events = {i: store.get_event(i) for i in out.get("event_ids", [])[:MAX_PAGE]}
    out["events"] = [e.to_dict() for e in events.values() if e is not None]
    return out


@router.get("/alerts", summary="The alert log: rule, incidents and evidence of each alert", responses=ERRORS)
def alerts(acknowledged: bool | None = Query(None, description="only acknowledged (true) or open (false)"),
           rule: str | None = Query(None, max_length=100, description="alerts of one rule id"),
           limit: int = Query(100, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
           state: AppState = Depends(get_state)) -> dict:
    return {**adapters.list_alerts(state, rule, acknowledged, limit, offset), "limit": limit, "offset": offset}


@router.post("/alerts/{alert_id}/acknowledge", summary="Acknowledge an alert (needs X-API-Key)",
             dependencies=[Depends(require_key)], responses=WRITE_ERRORS)
def acknowledge(alert_id: Id, state: AppState = Depends(get_state)) -> dict:
    if not adapters.acknowledge_alert(state, alert_id):
        raise NotFound(f"no alert {alert_id!r}")
    return {"alert_id": alert_id, "acknowledged": True}


@router.get("/risk", summary="Risk series per country, admin1 or mineral, with baseline and anomaly flags",
            responses=ERRORS)
def risk(level: Literal["country", "admin1", "mineral"] = Query("country"),
         period: Literal["week", "month"] = Query("week"),
         q: EventFilter = Depends(event_query), state: AppState = Depends(get_state)) -> dict:
    return {"level": level, "period": period, "items": adapters.risk(state, q, level, period)}


@router.get("/risk/minerals", summary="Minerals at risk: conflict events naming a mineral or near a mine",
            responses=ERRORS)
def minerals_at_risk(max_km: float = Query(50.0, gt=0, le=1000, description="distance to a mining locality"),
                     q: EventFilter = Depends(event_query), state: AppState = Depends(get_state)) -> dict:
    return {"max_km": max_km, "items": adapters.minerals_at_risk(state, q, max_km)}
