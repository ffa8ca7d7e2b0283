"""Spatial filters on events: "within K km of (lat, lon)".

Two translations of the same filter, chosen by the backend:

- plain SQL (DuckDB, and PostgreSQL without PostGIS): a latitude/longitude bounding box that an
  index on (lat, lon) can use, then the haversine great-circle distance on a sphere of the mean
  Earth radius. Portable arithmetic only (RADIANS, SIN, COS, ASIN, SQRT, LEAST), no extension:
  DuckDB's spatial extension would have to be downloaded at run time, which these machines
  cannot do.
- PostGIS, when the server has the extension: `ST_DWithin` on geography (distance on the WGS84
  spheroid, in metres) over an expression GiST index created by `PostgresStore`.

Both are bound-parameter SQL; the two differ by at most ~0.5% of the radius (sphere vs spheroid).
"""
from __future__ import annotations

import math
from typing import Any

from seismo.geodesy import EARTH_RADIUS_KM

KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180.0
GEOGRAPHY = "geography(ST_SetSRID(ST_MakePoint(lon, lat), 4326))"   # also the GiST index expression


def plain_near_clause(lat: float, lon: float, km: float) -> tuple[str, list[Any]]:
    """Bounding box + haversine <= km, as (SQL condition, parameters)."""
    dlat = km / KM_PER_DEGREE_LAT
    parts, params = ["lat BETWEEN ? AND ?"], [lat - dlat, lat + dlat]
    cos_lat = math.cos(math.radians(min(abs(lat) + dlat, 90.0)))
    dlon = km / (KM_PER_DEGREE_LAT * cos_lat) if cos_lat > 1e-9 else 360.0
    if lon - dlon >= -180.0 and lon + dlon <= 180.0:   # no box across the poles or the antimeridian
        parts.append("lon BETWEEN ? AND ?")
        params += [lon - dlon, lon + dlon]
    parts.append("2 * ? * ASIN(SQRT(LEAST(1.0, POWER(SIN(RADIANS(lat - ?) / 2), 2) + "
                 "COS(RADIANS(?)) * COS(RADIANS(lat)) * POWER(SIN(RADIANS(lon - ?) / 2), 2)))) <= ?")
    params += [EARTH_RADIUS_KM, lat, lat, lon, km]
    return "(" + " AND ".join(parts) + ")", params


def postgis_near_clause(lat: float, lon: float, km: float) -> tuple[str, list[Any]]:
    """ST_DWithin on geography (metres), which the expression GiST index serves."""
    return (f"ST_DWithin({GEOGRAPHY}, geography(ST_SetSRID(ST_MakePoint(?, ?), 4326)), ?)",
            [lon, lat, km * 1000.0])
