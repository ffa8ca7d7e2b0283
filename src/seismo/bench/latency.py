"""API latency benchmark: GET /api/events with filters on many synthetic events.

The events are generated (seeded, written by this module, no corpus text) with the shape and
size of real ones (~1.1 KB of JSON each), five per document, with an outlet profile per
document so the source filters have something to join. The figure is the latency of the
route through FastAPI's test client; its baseline, measured in the same run on the same
database, request by request, is the same route answered with the one-statement query the store
used before (`SELECT data ... ORDER BY ... LIMIT`), so a busy machine slows both sides alike
and the ratio stays meaningful.
"""
from __future__ import annotations

import random
import statistics
import time
from typing import Any

from seismo.records import ActorRef, DateRef, Event, Evidence, Location, Mineral, Quantity
from seismo.store.base import DocSource

TYPES = ("ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "ACCUSE", "THREATEN", "AID", "REQUEST")
PLACES = (("Goma", "COD", "Nord-Kivu", -1.68, 29.22), ("Bunia", "COD", "Ituri", 1.56, 30.25),
          ("Kharkiv", "UKR", "Kharkivska", 49.99, 36.23), ("Mosul", "IRQ", "Nineveh", 36.34, 43.13),
          ("Gao", "MLI", "Gao", 16.27, -0.04), ("Khartoum", "SDN", "Khartoum", 15.50, 32.56),
          ("Kabul", "AFG", "Kabul", 34.53, 69.17), ("Lima", "PER", "Lima", -12.05, -77.04))
ACTORS = (("the army", "Military", "MIL"), ("rebels", "Rebel group", "REB"), ("police", "Police", "COP"),
          ("protesters", "Protesters", "CVL"), ("the government", "Government", "GOV"))
MINERALS = ("gold", "cobalt", "tin", "copper")
OUTLETS = (("wire.example", "wire", "reporting"), ("news.example", "news", "reporting"),
           ("views.example", "opinion", "opinion"))
# Filters a dashboard user sends; each request picks one (sorted as the route allows).
QUERIES = ({"country": "COD"}, {"type": "ASSAULT", "sort": "-date"}, {"country": "UKR", "date_from": "2023-06"},
           {"actor": "rebel", "limit": 50}, {"mineral": "gold"}, {"genre": "reporting", "type": "PROTEST"},
           {"near_lat": -1.6, "near_lon": 29.2, "within_km": 100}, {"date_from": "2024-01", "date_to": "2024-03"},
           {"type": "COERCE", "country": "SDN", "sort": "type"}, {"sort": "-date", "offset": 500})


def synthetic_event(rng: random.Random, doc_id: str, n: int) -> Event:
    """One event shaped like an extracted one; every value comes from `rng`."""
    name, iso3, admin1, lat, lon = rng.choice(PLACES)
    a1, a2 = rng.sample(ACTORS, 2)
    day = f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    killed = rng.choice((None, 0, 1, 2, 5, 12))
    sentence = (f"On {day}, {a1[0]} clashed with {a2[0]} near {name} in {admin1}, local officials said, "
                f"adding that {killed or 'no'} people were killed and several homes were damaged in the fighting.")
    return Event(
        doc_id=doc_id, event_id=f"{doc_id}-e{n}", type=rng.choice(TYPES), mode="attack",
        evidence=Evidence(sentence, 0, len(sentence), "clashed", 20, 27, {"actor1": "nsubj", "location": "prep"}),
        actor1=ActorRef(a1[0], a1[1], iso3, a1[2], start=14, end=14 + len(a1[0]), source="subject"),
        actor2=ActorRef(a2[0], a2[1], iso3, a2[2], source="object"),
        location=Location(name, name, iso3, admin1, lat + rng.uniform(-0.3, 0.3), lon + rng.uniform(-0.3, 0.3),
                          "town", source="prep-object"),
        date=DateRef(f"On {day}", day if rng.random() > 0.05 else None, "day", "sentence"),
        fatalities=killed, quantities=[Quantity("killed", float(killed or 0), f"{killed} people", "people", 90, 100)],
        minerals=[Mineral(rng.choice(MINERALS), "ore")] if rng.random() < 0.2 else [],
        factuality=rng.choice(("asserted", "reported", "claimed")), historical=rng.random() < 0.1,
        confidence=round(rng.random(), 3), contexts=["military"] if rng.random() < 0.5 else [])


def build_synthetic_db(store, n_events: int = 100_000, per_doc: int = 5, seed: int = 7) -> int:
    """Write `n_events` synthetic events (and their documents' outlet rows) into `store`."""
    rng = random.Random(seed)
    n_docs = -(-n_events // per_doc)
    for start in range(0, n_docs, 1000):
        ids = [f"syn-{i:06d}" for i in range(start, min(start + 1000, n_docs))]
        batch = [(d, [synthetic_event(rng, d, k) for k in range(per_doc)]) for d in ids]
        sources = [DocSource(d, *rng.choice(OUTLETS)) for d in ids]
        with store.transaction():
            store.replace_events_many(batch)
            store.put_doc_sources(sources)
    return n_docs * per_doc


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _summary(ms: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(ms), 2), "p99_ms": round(_percentile(ms, 0.99), 2)}


def one_step_events(store, flt) -> list[Event]:
    """The store's former event query (one statement reading `data` under ORDER BY ... LIMIT):
    the baseline, and the reference the two-step query must match."""
    return store.events_one_statement(flt)


def run_latency(db_path: str, requests: int = 200) -> dict[str, Any]:
    """Median and p99 of GET /api/events over `requests` filtered requests, the same for the
    route answered with the former one-statement query (the baseline, alternating request by
    request), their ratio, and whether every page equals the baseline's."""
    from fastapi.testclient import TestClient

    from seismo.serve.api import create_app
    from seismo.store.sql import SQLStore
    app = create_app(db_path)
    # the server opens a store per request: the baseline switch is set on the class
    default_max = SQLStore.two_step_max
    times: dict[str, list[float]] = {"api": [], "one_step": []}
    identical = True
    # One client session for all requests, as a running server keeps one event loop: a client
    # used outside `with` starts a new event-loop thread for every request (~25 ms each here).
    try:
        with TestClient(app) as client:
            for i in range(requests):
                identical &= _timed_pair(client, QUERIES[i % len(QUERIES)], default_max, times)
    finally:
        SQLStore.two_step_max = default_max
        app.state.seismo.close()
    api, base = _summary(times["api"]), _summary(times["one_step"])
    return {"requests": requests, "api": api, "api_one_step_query": base, "identical": identical,
            "median_ratio": round(api["median_ms"] / base["median_ms"], 3)}


def _timed_pair(client, params: dict, default_max: int, times: dict[str, list[float]]) -> bool:
    """One request answered by the two-step query, then by the one-statement baseline; whether
    the two pages are equal."""
    from seismo.store.sql import SQLStore
    pages = {}
    for side, two_step_max in (("api", default_max), ("one_step", 0)):
        SQLStore.two_step_max = two_step_max
        start = time.perf_counter()
        resp = client.get("/api/events", params=params)
        times[side].append((time.perf_counter() - start) * 1000)
        resp.raise_for_status()
        pages[side] = resp.json()
    return pages["api"] == pages["one_step"]
