"""Exports in the field's formats: ACLED-style CSV, PLOVER/POLECAT-style JSON, GeoJSON, Parquet.

Every exporter takes the same list of Event records (selected with an EventFilter by the CLI or
the API), so a filter means the same thing in every format. The formats' names, media types
and file extensions are registered in export_formats.py, which the CLI, the API and the docs read.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import time
from typing import TYPE_CHECKING, Iterable, Iterator
from urllib.parse import urlsplit

if TYPE_CHECKING:   # annotations only: the CLI imports this module (via export_formats) at start
    from seismo.records import Event

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]
DISORDER = {"Battles": "Political violence", "Violence against civilians": "Political violence",
            "Explosions/Remote violence": "Political violence", "Riots": "Political violence",
            "Protests": "Demonstrations", "Strategic developments": "Strategic developments"}
TIME_PRECISION = {"day": 1, "month": 2, "year": 3}
GEO_PRECISION = {"site": 1, "town": 1, "admin2": 2, "admin1": 3, "country": 3}
# A place stood in for an unknown one ("nearest known place") is ACLED's 2: near a known town.
APPROXIMATE_BASES = {"nearest-known-place"}


def geo_precision(loc) -> int:
    """ACLED geo_precision: 1 the town or village itself, 2 a district or near a known town,
    3 a region or the country only."""
    level = GEO_PRECISION.get(loc.precision or "", 3)
    return max(level, 2) if loc.basis in APPROXIMATE_BASES else level


def _iso_numeric(iso3: str | None) -> str:
    if not iso3:
        return ""
    try:
        import pycountry
        c = pycountry.countries.get(alpha_3=iso3)
        return str(int(c.numeric)) if c else ""
    except (ImportError, LookupError):
        return ""


@functools.cache
def acled_geography() -> tuple[dict[str, str], dict[str, str]]:
    """(ISO3 -> ACLED region, ISO3 -> ACLED's country name where it differs from ISO 3166)."""
    from seismo.config import PACKAGE_DATA
    from seismo.yamlio import load_yaml
    data = load_yaml(PACKAGE_DATA / "exports" / "acled_geography.yaml")
    regions = {iso3: region for region, codes in data["regions"].items() for iso3 in codes}
    return regions, dict(data["names"])


def _country_name(iso3: str | None) -> str:
    """The country as ACLED spells it ("Democratic Republic of Congo", not ISO's
    "Congo, The Democratic Republic of the")."""
    if not iso3:
        return ""
    acled_name = acled_geography()[1].get(iso3)
    if acled_name:
        return acled_name
    try:
        import pycountry
        c = pycountry.countries.get(alpha_3=iso3)
        return getattr(c, "common_name", None) or c.name if c else iso3
    except (ImportError, LookupError):
        return iso3


def acled_event_type(e: Event) -> str | None:
    """The event's ACLED event type, from its sub-event type when only that was set."""
    from seismo.taxonomy import acled_event_type_of
    return e.acled_event_type or acled_event_type_of(e.acled_sub_event_type)


def acled_exportable(events: Iterable[Event]) -> tuple[list[Event], int]:
    """(events with an ACLED event type, how many were left out). ACLED codes only political
    violence, demonstrations and strategic developments; a PLOVER event outside them (a meeting,
    a statement, aid) has no ACLED row, so the ACLED-style CSV leaves it out rather than writing
    a row with an empty event_type. The other formats keep every event."""
    kept, left_out = [], 0
    for e in events:
        if acled_event_type(e):
            kept.append(e)
        else:
            left_out += 1
    return kept, left_out


def acled_actors(e: Event) -> tuple[tuple[str, int, str], tuple[str, int | str, str]]:
    """((actor1, inter1, assoc_actor_1), (actor2, inter2, assoc_actor_2)) in ACLED's conventions.

    Events coded by this version carry them (extract.attribution); older stored ones get them
    derived here. actor1 is never empty (ACLED's unnamed actor when the text names none);
    actor2 is left empty when it is a thing rather than an actor."""
    from seismo.resolve.conventions import acled_actor
    from seismo.extract.attribution import event_kind, unattributed
    place = e.location.country if e.location else None
    out = []
    for slot, ref in (("actor1", e.actor1), ("actor2", e.actor2)):
        if ref is None and slot == "actor1":
            ref = unattributed(place)
        if ref is None or (ref.acled is None and slot == "actor2" and not (ref.kb_id or ref.sector)):
            out.append(("", "", ""))
            continue
        name, inter, assoc = ((ref.acled, ref.inter, ref.assoc) if ref.acled and ref.inter else
                              acled_actor(ref, place, event_kind(e) if slot == "actor1" else None))
        out.append((name, inter, ref.assoc or assoc or ""))
    return out[0], out[1]


def acled_row(e: Event, outlets: dict[str, str] | None = None, stamp: int | str = "") -> dict[str, object]:
    loc = e.location
    (actor1, inter1, assoc1), (actor2, inter2, assoc2) = acled_actors(e)
    a2 = e.actor2 if actor2 else None
    date = e.date.value if e.date and e.date.value else ""
    return {
        "event_id_cnty": e.event_id, "event_date": date, "year": date[:4],
        "time_precision": TIME_PRECISION.get(e.date.precision, 3) if e.date else "",
        "disorder_type": DISORDER.get(acled_event_type(e) or "", ""),
        "event_type": acled_event_type(e) or "", "sub_event_type": e.acled_sub_event_type or "",
        "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2,
        "interaction": inter1 * 10 + inter2 if inter2 else inter1 * 10,
        "civilian_targeting": "Civilian targeting" if a2 is not None and a2.sector == "CVL" else "",
        "iso": _iso_numeric(loc.country if loc else None),
        "region": acled_geography()[0].get(loc.country or "", "") if loc else "",
        "country": _country_name(loc.country if loc else None), "admin1": (loc.admin1 or "") if loc else "",
        "admin2": "", "admin3": "", "location": (loc.name or loc.text) if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": geo_precision(loc) if loc else "",
        "source": (outlets or {}).get(e.doc_id) or e.doc_id, "source_scale": "", "notes": e.evidence.sentence.replace("\n", " "),
        "fatalities": e.fatalities or 0,
        "tags": ";".join([f"plover={e.type}", f"factuality={e.factuality}"]
                         + (["background"] if e.historical else []) + [f"mineral={m.name}" for m in e.minerals]),
        "timestamp": stamp,
    }


def acled_rows(events: Iterable[Event], outlets: dict[str, str] | None = None) -> Iterator[dict[str, object]]:
    stamp = int(time.time())   # ACLED's `timestamp`: when the row was (re)published, Unix seconds
    for e in events:
        yield acled_row(e, outlets, stamp)


def acled_csv(events: Iterable[Event], outlets: dict[str, str] | None = None) -> str:
    """ACLED rows of the events that have an ACLED event type (see acled_exportable)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    writer.writerows(acled_rows(acled_exportable(events)[0], outlets))
    return out.getvalue()


def plover_actor(ref) -> dict | None:
    """PLOVER's actor: the words of the text (`actor_text`) with country and sector codes, plus the
    resolved names (knowledge base, ACLED) and how the text attributes the act."""
    if ref is None:
        return None
    d = ref.to_dict()
    d["actor_text"] = d.pop("text")
    return d


def plover_json(events: Iterable[Event]) -> list[dict]:
    """POLECAT-like records: the PLOVER event with its mode, contexts, actors, place and evidence."""
    return [{"event_id": e.event_id, "story_id": e.doc_id, "event_type": e.type, "event_mode": e.mode,
             "contexts": list(e.contexts), "event_date": e.date.value if e.date else None,
             "date_precision": e.date.precision if e.date else None,
             "actor1": plover_actor(e.actor1), "actor2": plover_actor(e.actor2),
             "location": e.location.to_dict() if e.location else None, "fatalities": e.fatalities,
             "injured": e.injured, "factuality": e.factuality, "claimed_by": e.claimed_by,
             "historical": e.historical, "confidence": e.confidence,
             "minerals": [m.name for m in e.minerals], "acled": e.to_dict()["acled"],
             "evidence": e.evidence.to_dict()} for e in events]


def geojson(events: Iterable[Event]) -> dict:
    """A FeatureCollection of Point features (events without coordinates are left out)."""
    features = []
    for e in events:
        loc = e.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        props = {k: v for k, v in e.to_dict().items() if k not in ("location", "evidence")}
        props.update(location=loc.name or loc.text, country=loc.country, admin1=loc.admin1,
                     precision=loc.precision, sentence=e.evidence.sentence)
        features.append({"type": "Feature", "id": e.event_id,
                         "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                         "properties": json.loads(json.dumps(props, default=str))})
    return {"type": "FeatureCollection", "features": features}


# Parquet column types (everything else is a string); empty CSV cells become nulls here.
PARQUET_INT = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
               "fatalities", "timestamp"}
PARQUET_FLOAT = {"latitude", "longitude"}


def parquet(events: Iterable[Event], outlets: dict[str, str] | None = None) -> bytes:
    """The ACLED-style columns (typed) plus the full event JSON, as Parquet bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    names = ACLED_COLUMNS + ["event_json"]
    types = {n: pa.int64() if n in PARQUET_INT else pa.float64() if n in PARQUET_FLOAT else pa.string() for n in names}
    columns: dict[str, list] = {n: [] for n in names}
    items = list(events)
    for e, row in zip(items, acled_rows(items, outlets)):
        row["event_json"] = json.dumps(e.to_dict(), ensure_ascii=False)
        for n in names:
            v = row[n]
            columns[n].append(None if v == "" or v is None else int(v) if n in PARQUET_INT
                              else float(v) if n in PARQUET_FLOAT else str(v))
    table = pa.table({n: pa.array(columns[n], type=types[n]) for n in names})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def outlets_of(store, events: list[Event]) -> dict[str, str]:
    """doc_id -> outlet name or URL host, for ACLED's `source` column."""
    out = {}
    for doc_id, outlet, url in store.document_outlets(sorted({e.doc_id for e in events})):
        host = urlsplit(url).netloc.removeprefix("www.") if url else ""
        if outlet or host:
            out[doc_id] = outlet or host
    return out
