"""Server-side aggregates for the dashboard: map cells, weekly timeline, facet counts.

The dashboard never downloads all events: the map gets one point per grid cell, the timeline one
bar per week, the filters one count per value, all computed by the database. The WHERE clause is
the store's own EventFilter translation (bound parameters only); the extra SQL here is fixed text
over the portable events table of store/migrations/001_core.sql, so it runs on DuckDB and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from seismo import taxonomy
from seismo.store.base import EventFilter, Store



def where(store: Store, flt: EventFilter) -> tuple[str, list[Any]]:
    """The store's WHERE clause for a filter (" WHERE ..." or ""), with its bound parameters:
    one translation of EventFilter for every reader (SQLStore.event_where)."""
    return store.event_where(flt)


def _and(clause: str, extra: str) -> str:
    return f"{clause} AND {extra}" if clause else f" WHERE {extra}"


def incident_deaths(clause: str) -> str:
    """The filtered events as a subquery named `events`, with `incident_dead`: deaths counted once
    per incident. Reports of one incident (incident_events) share one death toll, the highest
    report's, carried by the incident's first event; an event in no incident counts its own.
    Summing `fatalities` counted the same six deaths once per outlet that reported them."""
    return ("(SELECT x.*, CASE WHEN x.event_id = MIN(x.event_id) OVER (PARTITION BY x.incident_key) "
            "THEN MAX(COALESCE(x.fatalities, 0)) OVER (PARTITION BY x.incident_key) ELSE 0 END AS incident_dead "
            "FROM (SELECT fe.*, COALESCE(ie.incident_id, fe.event_id) AS incident_key "
            f"FROM (SELECT * FROM events{clause}) fe "
            "LEFT JOIN incident_events ie ON ie.event_id = fe.event_id) x) events")


def map_cells(store: Store, flt: EventFilter, cell_deg: float) -> dict[str, Any]:
    """Located events binned on a lat/lon grid: one point per cell with count, deaths (per
    incident), top type; events known only to the country are points at its centre, `imprecise`."""
    clause, params = where(store, flt)
    at_centre, centre_params = _at_country_centre(store, clause, params)
    sql = ("SELECT CAST(FLOOR(lat / ?) AS INTEGER) AS gy, CAST(FLOOR(lon / ?) AS INTEGER) AS gx, type, "
           "COUNT(*) AS n, SUM(incident_dead) AS dead, AVG(lat) AS lat, AVG(lon) AS lon, "
           "MIN(country) AS country FROM " + incident_deaths(clause)
           + f" WHERE lat IS NOT NULL AND lon IS NOT NULL AND NOT {at_centre} GROUP BY gy, gx, type")
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for r in store.query(sql, [cell_deg, cell_deg] + params + centre_params):
        c = cells.setdefault((r["gy"], r["gx"]), {"n": 0, "dead": 0, "lat_w": 0.0, "lon_w": 0.0,
                                                  "types": {}, "country": r["country"]})
        n = int(r["n"])
        c["n"] += n
        c["dead"] += int(r["dead"] or 0)
        c["lat_w"] += float(r["lat"]) * n
        c["lon_w"] += float(r["lon"]) * n
        c["types"][r["type"]] = n
    out = []
    for c in cells.values():
        top = max(c["types"].items(), key=lambda kv: (kv[1], kv[0]))[0]
        out.append({"lat": round(c["lat_w"] / c["n"], 4), "lon": round(c["lon_w"] / c["n"], 4), "n": c["n"],
                    "fatalities": c["dead"], "top_type": top, "quad": taxonomy.quad_of(top) or "other",
                    "country": c["country"], "types": dict(sorted(c["types"].items(), key=lambda kv: -kv[1])[:5]),
                    "imprecise": False})
    out += country_cells(store, clause, params, at_centre, centre_params)
    out.sort(key=lambda c: -c["n"])
    return {"cell_deg": cell_deg, "located": sum(c["n"] for c in out), "cells": out,
            "imprecise": sum(c["n"] for c in out if c["imprecise"])}


def _at_country_centre(store: Store, clause: str, params: list[Any]) -> tuple[str, list[Any]]:
    """SQL (and its parameters) true for an event placed exactly at its country's centre point,
    i.e. located only to the country (a country name resolved in the gazetteer)."""
    from seismo.resolve.gazetteer import get_gazetteer
    rows = store.query("SELECT DISTINCT country FROM events" + _and(clause, "country IS NOT NULL"), params)
    centres = [(r["country"], get_gazetteer().country_centre(r["country"])) for r in rows]
    centres = [(iso3, c) for iso3, c in centres if c is not None]
    if not centres:
        return "FALSE", []
    sql = " OR ".join("(country = ? AND lat = ? AND lon = ?)" for _ in centres)
    return f"({sql})", [v for iso3, (lat, lon) in centres for v in (iso3, float(lat), float(lon))]


def country_cells(store: Store, clause: str, params: list[Any], at_centre: str = "FALSE",
                  centre_params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Events located only to the country (no coordinates, or the country's centre point), one
    point per country at its centre."""
    from seismo.resolve.gazetteer import get_gazetteer
    sql = ("SELECT country, type, COUNT(*) AS n, SUM(incident_dead) AS dead FROM " + incident_deaths(clause)
           + f" WHERE (lat IS NULL OR lon IS NULL OR {at_centre}) AND country IS NOT NULL AND country <> ''"
           " GROUP BY country, type")
    by_country: dict[str, dict[str, Any]] = {}
    for r in store.query(sql, params + (centre_params or [])):
        c = by_country.setdefault(r["country"], {"n": 0, "dead": 0, "types": {}})
        c["n"] += int(r["n"])
        c["dead"] += int(r["dead"] or 0)
        c["types"][r["type"]] = int(r["n"])
    out = []
    for iso3, c in by_country.items():
        centre = get_gazetteer().country_centre(iso3)
        if centre is None:
            continue
        top = max(c["types"].items(), key=lambda kv: (kv[1], kv[0]))[0]
        out.append({"lat": round(centre[0], 4), "lon": round(centre[1], 4), "n": c["n"], "fatalities": c["dead"],
                    "top_type": top, "quad": taxonomy.quad_of(top) or "other", "country": iso3,
                    "types": dict(sorted(c["types"].items(), key=lambda kv: -kv[1])[:5]),
                    "imprecise": True, "precision": "country"})
    return out


def _week_start(value: str) -> str | None:
    try:
        d = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def timeline(store: Store, flt: EventFilter) -> dict[str, Any]:
    """Events and deaths per ISO week (Monday start) for day-precise dates; the rest counted apart."""
    clause, params = where(store, flt)
    sql = ("SELECT date_value AS d, COUNT(*) AS n, SUM(incident_dead) AS dead FROM "
           + incident_deaths(clause) + " GROUP BY date_value")
    weeks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    imprecise = undated = 0
    for r in store.query(sql, params):
        d, n = r["d"], int(r["n"])
        if not d:
            undated += n
            continue
        week = _week_start(d) if len(d) >= 10 else None
        if week is None:
            imprecise += n
            continue
        weeks[week][0] += n
        weeks[week][1] += int(r["dead"] or 0)
    series = [{"week": w, "n": v[0], "fatalities": v[1]} for w, v in sorted(weeks.items())]
    return {"weeks": series, "imprecise": imprecise, "undated": undated}


def facets(store: Store, flt: EventFilter | None = None) -> dict[str, Any]:
    """Counts per type, country, factuality and mineral (under the filter, if one is given)."""
    clause, params = where(store, flt or EventFilter())
    out: dict[str, Any] = {}
    for name, col in (("type", "type"), ("country", "country"), ("factuality", "factuality")):
        rows = store.query(f"SELECT {col} AS k, COUNT(*) AS n FROM events{clause} GROUP BY {col}", params)
        out[name] = {str(r["k"]): int(r["n"]) for r in sorted(rows, key=lambda r: -int(r["n"])) if r["k"]}
    minerals: dict[str, int] = defaultdict(int)
    with_minerals = _and(clause, "minerals <> ''")
    rows = store.query(f"SELECT minerals AS k, COUNT(*) AS n FROM events{with_minerals} GROUP BY minerals", params)
    for r in rows:
        for m in str(r["k"] or "").strip(",").split(","):
            if m:
                minerals[m] += int(r["n"])
    out["mineral"] = dict(sorted(minerals.items(), key=lambda kv: -kv[1]))
    total = store.query("SELECT COUNT(*) AS n, SUM(incident_dead) AS dead, COUNT(DISTINCT doc_id) AS docs "
                        "FROM " + incident_deaths(clause), params)[0]
    out["total"] = {"events": int(total["n"]), "fatalities": int(total["dead"] or 0), "documents": int(total["docs"])}
    return out


def actor_events_summary(store: Store, flt: EventFilter) -> dict[str, Any]:
    """For the actor and mineral pages: counts by type and by country under a filter."""
    f = facets(store, flt)
    return {"by_type": f["type"], "by_country": f["country"], "total": f["total"]}


def cell_size(zoom_span_deg: float | None) -> float:
    """A grid cell for the visible span: ~80 cells across, snapped to 0.1 / 0.25 / 0.5 / 1 / 2 / 5 degrees."""
    span = 360.0 if not zoom_span_deg or not math.isfinite(zoom_span_deg) else max(1.0, min(360.0, zoom_span_deg))
    raw = span / 80
    for step in (0.1, 0.25, 0.5, 1.0, 2.0, 5.0):
        if raw <= step:
            return step
    return 5.0
