"""Exports in the field's formats: ACLED-style CSV, PLOVER/POLECAT-style JSON, GeoJSON, Parquet.

Every exporter takes the same list of Event records (selected with an EventFilter by the CLI or
the API), so a filter means the same thing in every format.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable

from seismo.records import Event

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
# ACLED actor type codes ("inter") by PLOVER/CAMEO sector.
INTER = {"MIL": 1, "COP": 1, "GOV": 1, "SPY": 1, "REB": 2, "OPP": 3, "PTY": 3, "CVL": 7, "REF": 7,
         "MED": 7, "BUS": 8, "IGO": 8, "NGO": 8, "JUD": 1, "LEG": 1}
DISORDER = {"Battles": "Political violence", "Violence against civilians": "Political violence",
            "Explosions/Remote violence": "Political violence", "Riots": "Political violence",
            "Protests": "Demonstrations", "Strategic developments": "Strategic developments"}
TIME_PRECISION = {"day": 1, "month": 2, "year": 3}
GEO_PRECISION = {"site": 1, "town": 1, "admin2": 2, "admin1": 3, "country": 3}
FORMATS = ("acled-csv", "plover-json", "geojson", "parquet")


def _iso_numeric(iso3: str | None) -> str:
    if not iso3:
        return ""
    try:
        import pycountry
        c = pycountry.countries.get(alpha_3=iso3)
        return str(int(c.numeric)) if c else ""
    except (ImportError, LookupError):
        return ""


def _country_name(iso3: str | None) -> str:
    if not iso3:
        return ""
    try:
        import pycountry
        c = pycountry.countries.get(alpha_3=iso3)
        return c.name if c else iso3
    except (ImportError, LookupError):
        return iso3


def acled_row(e: Event) -> dict[str, object]:
    loc, a1, a2 = e.location, e.actor1, e.actor2
    inter1 = INTER.get(a1.sector, 0) if a1 and a1.sector else 0
    inter2 = INTER.get(a2.sector, 0) if a2 and a2.sector else 0
    date = e.date.value if e.date and e.date.value else ""
    return {
        "event_id_cnty": e.event_id, "event_date": date, "year": date[:4],
        "time_precision": TIME_PRECISION.get(e.date.precision, 3) if e.date else "",
        "disorder_type": DISORDER.get(e.acled_event_type or "", ""),
        "event_type": e.acled_event_type or "", "sub_event_type": e.acled_sub_event_type or "",
        "actor1": (a1.name or a1.text) if a1 else "", "assoc_actor_1": "", "inter1": inter1,
        "actor2": (a2.name or a2.text) if a2 else "", "assoc_actor_2": "", "inter2": inter2,
        "interaction": inter1 * 10 + inter2 if inter2 else inter1 * 10,
        "civilian_targeting": "Civilian targeting" if a2 is not None and a2.sector == "CVL" else "",
        "iso": _iso_numeric(loc.country if loc else None), "region": "",
        "country": _country_name(loc.country if loc else None), "admin1": (loc.admin1 or "") if loc else "",
        "admin2": "", "admin3": "", "location": (loc.name or loc.text) if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": GEO_PRECISION.get(loc.precision or "", 3) if loc else "",
        "source": e.doc_id, "source_scale": "", "notes": e.evidence.sentence.replace("\n", " "),
        "fatalities": e.fatalities or 0,
        "tags": ";".join([f"plover={e.type}", f"factuality={e.factuality}"]
                         + (["background"] if e.historical else []) + [f"mineral={m.name}" for m in e.minerals]),
        "timestamp": "",
    }


def acled_csv(events: Iterable[Event]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    for e in events:
        writer.writerow(acled_row(e))
    return out.getvalue()


def plover_json(events: Iterable[Event]) -> list[dict]:
    """POLECAT-like records: the PLOVER event with its mode, context and evidence."""
    return [{"id": e.event_id, "event_type": e.type, "mode": e.mode, "context": list(e.contexts),
             "event_date": e.date.value if e.date else None, "story_id": e.doc_id,
             "actor1": e.actor1.to_dict() if e.actor1 else None, "actor2": e.actor2.to_dict() if e.actor2 else None,
             "location": e.location.to_dict() if e.location else None, "fatalities": e.fatalities,
             "factuality": e.factuality, "historical": e.historical, "confidence": e.confidence,
             "minerals": [m.name for m in e.minerals], "evidence": e.evidence.to_dict()} for e in events]


def geojson(events: Iterable[Event]) -> dict:
    """A FeatureCollection of Point features (events without coordinates are left out)."""
    features = []
    for e in events:
        loc = e.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        props = {k: v for k, v in e.to_dict().items() if k not in ("location", "evidence")}
        props.update(location=loc.name or loc.text, country=loc.country, precision=loc.precision,
                     sentence=e.evidence.sentence)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                         "properties": json.loads(json.dumps(props, default=str))})
    return {"type": "FeatureCollection", "features": features}


def parquet(events: Iterable[Event]) -> bytes:
    """The ACLED-style rows plus the full event JSON, as Parquet bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    rows = []
    for e in events:
        row = {k: ("" if v is None else str(v)) for k, v in acled_row(e).items()}
        row["event_json"] = json.dumps(e.to_dict(), ensure_ascii=False)
        rows.append(row)
    names = ACLED_COLUMNS + ["event_json"]
    table = pa.table({n: [r[n] for r in rows] for n in names}, schema=pa.schema([(n, pa.string()) for n in names]))
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def export(events: list[Event], fmt: str) -> tuple[bytes, str]:
    """(payload, media type) for a format name in FORMATS."""
    if fmt == "acled-csv":
        return acled_csv(events).encode("utf-8"), "text/csv"
    if fmt == "plover-json":
        return json.dumps(plover_json(events), ensure_ascii=False).encode("utf-8"), "application/json"
    if fmt == "geojson":
        return json.dumps(geojson(events), ensure_ascii=False).encode("utf-8"), "application/geo+json"
    if fmt == "parquet":
        return parquet(events), "application/vnd.apache.parquet"
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
