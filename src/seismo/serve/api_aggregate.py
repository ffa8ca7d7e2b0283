"""Server-side aggregates for the dashboard: map cells, weekly timeline, facet counts.

The dashboard never downloads all events: the map gets one point per grid cell, the timeline one
bar per week, the filters one count per value, all counted by the database through the Store's
aggregate methods (seismo.store.aggregate); this module shapes their rows for the API.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from seismo import taxonomy
from seismo.store.base import EventFilter, Store


def map_cells(store: Store, flt: EventFilter, cell_deg: float) -> dict[str, Any]:
    """Located events binned on a lat/lon grid: one point per cell with count, deaths (per
    incident), top type; events known only to the country are points at its centre, `imprecise`."""
    centres = _country_centres(store, flt)
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for r in store.map_cell_rows(flt, cell_deg, centres):
        c = cells.setdefault((r["gy"], r["gx"]), {"n": 0, "dead": 0, "lat_w": 0.0, "lon_w": 0.0,
                                                  "types": {}, "country": r["country"]})
        n = int(r["n"])
        c["n"] += n
        c["dead"] += int(r["dead"] or 0)
        c["lat_w"] += float(r["lat"]) * n
        c["lon_w"] += float(r["lon"]) * n
        c["types"][r["type"]] = n
        if r["country"] and (not c["country"] or r["country"] < c["country"]):
            c["country"] = r["country"]   # the same cell whatever order the database returns rows in
    out = []
    for c in cells.values():
        top = max(c["types"].items(), key=lambda kv: (kv[1], kv[0]))[0]
        out.append({"lat": round(c["lat_w"] / c["n"], 4), "lon": round(c["lon_w"] / c["n"], 4), "n": c["n"],
                    "fatalities": c["dead"], "top_type": top, "quad": taxonomy.quad_of(top) or "other",
                    "country": c["country"], "types": _top_types(c["types"]),
                    "imprecise": False})
    out += country_cells(store, flt, centres)
    # Ties broken by place: DuckDB's GROUP BY returns rows in no fixed order, and the map's
    # order (and each cell's five types) must not change between two identical requests.
    out.sort(key=lambda c: (-c["n"], c["lat"], c["lon"], c["country"] or ""))
    return {"cell_deg": cell_deg, "located": sum(c["n"] for c in out), "cells": out,
            "imprecise": sum(c["n"] for c in out if c["imprecise"])}


def _top_types(types: dict[str, int]) -> dict[str, int]:
    """A cell's five most frequent types, ties by name."""
    return dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[:5])


def _country_centres(store: Store, flt: EventFilter) -> list[tuple[str, float, float]]:
    """(iso3, lat, lon) of the centre point of each country the filtered events are in: an event
    placed exactly there is located only to the country (a country name resolved in the gazetteer)."""
    from seismo.resolve.gazetteer import get_gazetteer
    centres = [(iso3, get_gazetteer().country_centre(iso3)) for iso3 in store.event_countries(flt)]
    return [(iso3, c[0], c[1]) for iso3, c in centres if c is not None]


def country_cells(store: Store, flt: EventFilter,
                  centres: list[tuple[str, float, float]] | None = None) -> list[dict[str, Any]]:
    """Events located only to the country (no coordinates, or the country's centre point), one
    point per country at its centre."""
    from seismo.resolve.gazetteer import get_gazetteer
    by_country: dict[str, dict[str, Any]] = {}
    for r in store.country_cell_rows(flt, centres or []):
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
                    "types": _top_types(c["types"]),
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
    weeks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    imprecise = undated = 0
    for r in store.timeline_rows(flt):
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
    flt = flt or EventFilter()
    out: dict[str, Any] = {}
    for name in ("type", "country", "factuality"):
        rows = store.facet_rows(flt, name)
        out[name] = {str(r["k"]): int(r["n"]) for r in sorted(rows, key=lambda r: -int(r["n"])) if r["k"]}
    minerals: dict[str, int] = defaultdict(int)
    for r in store.facet_rows(flt, "minerals"):
        for m in str(r["k"] or "").strip(",").split(","):
            if m:
                minerals[m] += int(r["n"])
    out["mineral"] = dict(sorted(minerals.items(), key=lambda kv: -kv[1]))
    total = store.event_totals(flt)
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
