"""Synthetic stores for the dashboard and API tests: hand-made Event records, many at once.

`synthetic_events(n)` makes plausible events (types, actors, places with coordinates, dates over
two years, minerals, evidence sentences whose trigger and arguments are real substrings), and
`bulk_load(store, events)` writes them in one statement through a Parquet file, because inserting
100k rows one by one would dominate the test's time. Nothing here is tuned to a test sentence.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import tempfile
from pathlib import Path

from seismo.records import ActorRef, DateRef, Document, Evidence, Event, Location, Mineral, OffsetMap, Quantity

PLACES = [("Goma", "COD", "Nord-Kivu", -1.68, 29.22), ("Rubaya", "COD", "Nord-Kivu", -1.55, 28.88),
          ("Bunia", "COD", "Ituri", 1.56, 30.25), ("Kolwezi", "COD", "Lualaba", -10.71, 25.47),
          ("Bukavu", "COD", "Sud-Kivu", -2.51, 28.86), ("Kinshasa", "COD", "Kinshasa", -4.32, 15.31),
          ("Kigali", "RWA", "Kigali", -1.95, 30.06), ("Bamako", "MLI", "Bamako", 12.64, -8.0),
          ("Niamey", "NER", "Niamey", 13.51, 2.11), ("Khartoum", "SDN", "Khartoum", 15.5, 32.56),
          ("El Fasher", "SDN", "North Darfur", 13.63, 25.35), ("Mogadishu", "SOM", "Banaadir", 2.04, 45.34),
          ("Maiduguri", "NGA", "Borno", 11.85, 13.16), ("Lima", "PER", "Lima", -12.05, -77.04),
          ("Antofagasta", "CHL", "Antofagasta", -23.65, -70.4), ("Yangon", "MMR", "Yangon", 16.87, 96.2),
          ("Kyiv", "UKR", "Kyiv", 50.45, 30.52), ("Bamenda", "CMR", "North-West", 5.96, 10.15)]
ACTORS = [("M23 rebels", "M23", "COD", "REB"), ("the Congolese army", "Military of DR Congo", "COD", "MIL"),
          ("police", "Police of Mali", "MLI", "COP"), ("protesters", None, None, "CVL"),
          ("the RSF", "Rapid Support Forces", "SDN", "REB"), ("al-Shabaab fighters", "al-Shabaab", "SOM", "REB"),
          ("miners", None, None, "CVL"), ("the government", "Government of Peru", "PER", "GOV"),
          ("ADF militants", "Allied Democratic Forces", "COD", "REB"), ("villagers", None, None, "CVL")]
TYPES = [("ASSAULT", "attacked", "firearms"), ("ASSAULT", "killed", "firearms"), ("PROTEST", "protested", "demo"),
         ("COERCE", "seized", "seize"), ("MOBILIZE", "deployed", "troops"), ("ACCUSE", "accused", "disapprove"),
         ("THREATEN", "threatened", "violence"), ("CONSULT", "met", "visit"), ("AGREE", "agreed", None),
         ("SANCTION", "sanctioned", None), ("AID", "delivered aid to", None), ("COERCE", "arrested", "arrest")]
MINERALS = ["cobalt", "copper", "gold", "coltan", "tin", "lithium"]
FACTUALITY = ["asserted"] * 6 + ["reported", "claimed", "alleged"]


def make_event(rng: random.Random, i: int, start: dt.date = dt.date(2024, 1, 1), days: int = 700) -> Event:
    etype, verb, mode = rng.choice(TYPES)
    a1, a2 = rng.sample(ACTORS, 2)
    name, iso, admin1, lat, lon = rng.choice(PLACES)
    day = start + dt.timedelta(days=rng.randrange(days))
    dead = rng.choice([None, None, None, 0, 1, 2, 3, 5, 12]) if etype == "ASSAULT" else None
    mineral = rng.choice(MINERALS) if rng.random() < 0.3 else None
    tail = f" at a {mineral} mine" if mineral else ""
    deaths = f", killing {dead} people" if dead else ""
    sentence = f"{a1[0].capitalize()} {verb} {a2[0]} near {name}{tail} on {day:%d %B %Y}{deaths}, officials said."
    trig = sentence.index(f" {verb} ") + 1
    doc_id = f"syn-{i // 3:06d}"
    return Event(
        doc_id=doc_id, event_id=f"{doc_id}-e{i:07d}", type=etype, mode=mode,
        evidence=Evidence(sentence, 0, len(sentence), verb, trig, trig + len(verb), {"actor1": "nsubj"}),
        actor1=ActorRef(a1[0], a1[1], a1[2], a1[3]), actor2=ActorRef(a2[0], a2[1], a2[2], a2[3]),
        location=Location(name, name, iso, admin1, lat + rng.uniform(-0.3, 0.3), lon + rng.uniform(-0.3, 0.3), "town"),
        date=DateRef(f"{day:%d %B %Y}", day.isoformat(), "day"), fatalities=dead,
        quantities=[Quantity("killed", float(dead), f"{dead} people", "people")] if dead else [],
        minerals=[Mineral(mineral, mineral)] if mineral else [], factuality=rng.choice(FACTUALITY),
        historical=rng.random() < 0.05, confidence=round(rng.uniform(0.4, 0.95), 2))


def synthetic_events(n: int, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    return [make_event(rng, i) for i in range(n)]


def make_document(doc_id: str, events: list[Event], outlet: str = "example-news.com") -> Document:
    text = " ".join(e.evidence.sentence for e in events) or "No events."
    return Document(id=doc_id, source=f"{doc_id}.txt", raw=text, clean_text=text, offsets=OffsetMap.identity(len(text)),
                    language="en", outlet=outlet, title=f"Report {doc_id}", published=(events[0].date.value if events else None),
                    content_hash=hashlib.sha256(text.encode()).hexdigest())


def store_small(store, events: list[Event]) -> None:
    """Documents and events through the Store interface (for up to a few thousand events)."""
    by_doc: dict[str, list[Event]] = {}
    for e in events:
        by_doc.setdefault(e.doc_id, []).append(e)
    for doc_id, evs in by_doc.items():
        doc = make_document(doc_id, evs)
        # evidence offsets must point into the document text
        pos = 0
        for e in evs:
            e.evidence.start, e.evidence.end = pos, pos + len(e.evidence.sentence)
            rel = e.evidence.sentence.index(e.evidence.trigger_text)
            e.evidence.trigger_start, e.evidence.trigger_end = pos + rel, pos + rel + len(e.evidence.trigger_text)
            pos += len(e.evidence.sentence) + 1
        store.put_document(doc)
        store.replace_events(doc_id, evs)


def bulk_load(store, events: list[Event]) -> None:
    """Many events in one INSERT ... SELECT from a Parquet file (DuckDB store only)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from seismo.store.sql import _event_row
    rows = [_event_row(e, None) for e in events]
    cols = list(rows[0])
    table = pa.table({c: [r[c] for r in rows] for c in cols})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "events.parquet")
        pq.write_table(table, path)
        store.execute(f"INSERT INTO events ({', '.join(cols)}) SELECT {', '.join(cols)} FROM read_parquet(?)", [path])


OUTLETS = ["reuters.com", "apnews.com", "bbc.co.uk", "aljazeera.com", "radiookapi.net"]
VERBS = {"ASSAULT": ["attacked", "stormed", "raided"], "COERCE": ["seized", "captured", "took control of"]}


def corroborated(n_incidents: int, seed: int = 11) -> list[tuple[Document, list[Event]]]:
    """Incidents reported by 2-4 outlets in their own words, with differing death tolls, plus one coup."""
    rng = random.Random(seed)
    out = []
    for k in range(n_incidents):
        etype = rng.choice(list(VERBS))
        a1, a2 = ACTORS[0], ACTORS[1]
        name, iso, admin1, lat, lon = rng.choice(PLACES[:6])
        day = dt.date(2025, 9, 1) + dt.timedelta(days=rng.randrange(80))
        dead = rng.randrange(3, 20)
        for j, outlet in enumerate(rng.sample(OUTLETS, rng.randrange(2, 5))):
            verb = rng.choice(VERBS[etype])
            toll = dead + rng.choice([0, 0, 1, 2])
            sentence = (f"{a1[0].capitalize()} {verb} {a2[0]} positions in {name} on {day:%d %B %Y}, "
                        f"killing at least {toll} people, {outlet.split('.')[0].capitalize()} reported.")
            trig = sentence.index(verb)
            doc_id = f"inc{k:03d}-{j}"
            ev = Event(doc_id=doc_id, event_id=f"{doc_id}-e0", type=etype,
                       mode="territory" if etype == "COERCE" else "firearms",
                       evidence=Evidence(sentence, 0, len(sentence), verb, trig, trig + len(verb)),
                       actor1=ActorRef(a1[0], a1[1], a1[2], a1[3]), actor2=ActorRef(a2[0], a2[1], a2[2], a2[3]),
                       location=Location(name, name, iso, admin1, lat, lon, "town"),
                       date=DateRef(f"{day:%d %B %Y}", day.isoformat(), "day"), fatalities=toll,
                       quantities=[Quantity("killed", float(toll), f"at least {toll} people", "people")],
                       confidence=0.7)
            doc = make_document(doc_id, [ev], outlet=outlet)
            doc.published = (day + dt.timedelta(days=1)).isoformat()
            out.append((doc, [ev]))
    sentence = "Soldiers seized power in Niamey on 26 July 2025 and detained the president, state television said."
    coup = Event(doc_id="coup-1", event_id="coup-1-e0", type="COERCE", mode="coup",
                 evidence=Evidence(sentence, 0, len(sentence), "seized power", 9, 21),
                 actor1=ActorRef("Soldiers", "Military of Niger", "NER", "MIL"),
                 location=Location("Niamey", "Niamey", "NER", "Niamey", 13.51, 2.11, "town"),
                 date=DateRef("26 July 2025", "2025-07-26", "day"), confidence=0.8)
    out.append((make_document("coup-1", [coup], outlet="bbc.co.uk"), [coup]))
    return out


def test_map_cells_do_not_depend_on_the_order_rows_come_back_in(monkeypatch):
    """DuckDB's GROUP BY returns rows in no fixed order: equal counts must still give one map."""
    from seismo.serve import api_aggregate
    from seismo.store.base import EventFilter
    rows = [{"gy": 1, "gx": 2, "type": t, "n": 2, "dead": 0, "lat": 1.5, "lon": 2.5, "country": cc}
            for t, cc in (("AID", "COD"), ("REQUEST", "RWA"), ("RETREAT", "COD"), ("AGREE", "COD"),
                          ("CONSULT", "COD"), ("ACCUSE", "COD"))]
    rows += [{"gy": 5, "gx": 5, "type": "ASSAULT", "n": 12, "dead": 3, "lat": 5.5, "lon": 5.5, "country": "MLI"},
             {"gy": 7, "gx": 7, "type": "ASSAULT", "n": 12, "dead": 0, "lat": 7.5, "lon": 7.5, "country": "NER"}]

    class Rows:
        def __init__(self, order):
            self.order = order

        def map_cell_rows(self, flt, cell_deg, centres):
            return [dict(r) for r in self.order]

        def event_countries(self, flt):
            return []

        def country_cell_rows(self, flt, centres):
            return []

    first = api_aggregate.map_cells(Rows(rows), EventFilter(), 1.0)
    second = api_aggregate.map_cells(Rows(list(reversed(rows))), EventFilter(), 1.0)
    assert first == second
    cell = next(c for c in first["cells"] if c["n"] == 12 and c["country"] == "COD")
    assert list(cell["types"]) == ["ACCUSE", "AGREE", "AID", "CONSULT", "REQUEST"]
