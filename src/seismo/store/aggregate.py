"""Dashboard aggregates on SQL backends: map cells, the weekly timeline, facet counts (SQLStore
mixin). seismo.serve.api_aggregate shapes them for the API; the counting stays in the database,
so the dashboard never downloads all events.

The WHERE clause is the store's own EventFilter translation (bound parameters only); the rest is
fixed text over the portable events table of migrations/001_core.sql (DuckDB and PostgreSQL).
"""
from __future__ import annotations

from typing import Any

from seismo.store.base import EventFilter

FACET_COLUMNS = ("type", "country", "factuality", "minerals")   # the only columns facet_rows groups by
Centres = list[tuple[str, float, float]]


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


def at_country_centre(centres: Centres) -> tuple[str, list[Any]]:
    """SQL (and its parameters) true for an event placed exactly at its country's centre point,
    i.e. located only to the country (a country name resolved in the gazetteer)."""
    if not centres:
        return "FALSE", []
    sql = " OR ".join("(country = ? AND lat = ? AND lon = ?)" for _ in centres)
    return f"({sql})", [v for iso3, lat, lon in centres for v in (iso3, float(lat), float(lon))]


class AggregateSQL:
    """Needs SQLStore's _run and event_where."""

    def event_countries(self, flt: EventFilter) -> list[str]:
        clause, params = self.event_where(flt)
        return [r["country"] for r in
                self._run("SELECT DISTINCT country FROM events" + _and(clause, "country IS NOT NULL"), params)]

    def map_cell_rows(self, flt: EventFilter, cell_deg: float, centres: Centres) -> list[dict[str, Any]]:
        clause, params = self.event_where(flt)
        at_centre, centre_params = at_country_centre(centres)
        sql = ("SELECT CAST(FLOOR(lat / ?) AS INTEGER) AS gy, CAST(FLOOR(lon / ?) AS INTEGER) AS gx, type, "
               "COUNT(*) AS n, SUM(incident_dead) AS dead, AVG(lat) AS lat, AVG(lon) AS lon, "
               "MIN(country) AS country FROM " + incident_deaths(clause)
               + f" WHERE lat IS NOT NULL AND lon IS NOT NULL AND NOT {at_centre} GROUP BY gy, gx, type")
        return self._run(sql, [cell_deg, cell_deg] + params + centre_params)

    def country_cell_rows(self, flt: EventFilter, centres: Centres) -> list[dict[str, Any]]:
        clause, params = self.event_where(flt)
        at_centre, centre_params = at_country_centre(centres)
        sql = ("SELECT country, type, COUNT(*) AS n, SUM(incident_dead) AS dead FROM " + incident_deaths(clause)
               + f" WHERE (lat IS NULL OR lon IS NULL OR {at_centre}) AND country IS NOT NULL AND country <> ''"
               " GROUP BY country, type")
        return self._run(sql, params + centre_params)

    def timeline_rows(self, flt: EventFilter) -> list[dict[str, Any]]:
        clause, params = self.event_where(flt)
        return self._run("SELECT date_value AS d, COUNT(*) AS n, SUM(incident_dead) AS dead FROM "
                         + incident_deaths(clause) + " GROUP BY date_value", params)

    def facet_rows(self, flt: EventFilter, column: str) -> list[dict[str, Any]]:
        if column not in FACET_COLUMNS:     # a column name cannot be bound: only these literals
            raise ValueError(f"no facet on {column!r}")
        clause, params = self.event_where(flt)
        if column == "minerals":
            clause = _and(clause, "minerals <> ''")
        return self._run(f"SELECT {column} AS k, COUNT(*) AS n FROM events{clause} GROUP BY {column}", params)

    def event_totals(self, flt: EventFilter) -> dict[str, Any]:
        clause, params = self.event_where(flt)
        return self._run("SELECT COUNT(*) AS n, SUM(incident_dead) AS dead, COUNT(DISTINCT doc_id) AS docs "
                         "FROM " + incident_deaths(clause), params)[0]
