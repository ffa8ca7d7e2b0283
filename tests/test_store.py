"""The storage test-suite: every backend must pass it (see the `store` fixture's params)."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from seismo.errors import DatabaseBusy
from seismo.records import (ActorRef, DateRef, Document, Event, Evidence, Location, Mineral,
                            OffsetMap, Quantity, Rejection)
from seismo.store import EventFilter, open_store

PG_URL = os.environ.get("SEISMO_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]


def _postgres_reason() -> str | None:
    try:
        import psycopg
        psycopg.connect(PG_URL, connect_timeout=3).close()
        return None
    except Exception as exc:  # no driver, no server: skip with the reason
        return f"PostgreSQL not reachable at {PG_URL}: {exc}"


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    if request.param == "duckdb":
        s = open_store(str(tmp_path / "s.duckdb"))
    else:
        reason = _postgres_reason()
        if reason:
            pytest.skip(reason)
        s = open_store(f"{PG_URL}?schema=seismo_test_{uuid.uuid4().hex[:12]}")
    yield s
    if request.param == "postgres":
        s.drop_schema()
    s.close()


def make_doc(doc_id="d1", text="The army attacked the town of Goma on Sunday."):
    import hashlib
    return Document(id=doc_id, source=f"{doc_id}.txt", raw=text, clean_text=text,
                    offsets=OffsetMap.identity(len(text)), language="en",
                    content_hash=hashlib.sha256(text.encode()).hexdigest())


def make_event(doc_id="d1", n=0, **kw):
    base = dict(doc_id=doc_id, event_id=f"{doc_id}-e{n}", type="ASSAULT", mode="attack",
                evidence=Evidence("The army attacked Goma.", 0, 23, "attacked", 9, 17, {"actor1": "nsubj"}),
                actor1=ActorRef("the army", "Military of DR Congo", "COD", "MIL", start=0, end=8),
                actor2=ActorRef("M23", "M23", "COD", "REB"),
                location=Location("Goma", "Goma", "COD", "Nord-Kivu", -1.68, 29.22, "town"),
                date=DateRef("on Sunday", "2024-05-19", "day"), fatalities=2,
                quantities=[Quantity("killed", 2.0, "two guards", "guards", 3, 13)],
                minerals=[Mineral("gold", "gold")], contexts=["military"])
    base.update(kw)
    return Event(**base)


def test_put_document_is_idempotent(store):
    assert store.put_document(make_doc()).status == "stored"
    assert store.put_document(make_doc()).status == "unchanged"
    assert store.stats().documents_by_status == {"ok": 1}


def test_same_id_different_content_is_rejected_and_kept(store):
    store.put_document(make_doc())
    res = store.put_document(make_doc(text="Something else entirely."))
    assert res.status == "rejected"
    rejections = store.rejections("d1")
    assert rejections[0].code == "E107" and rejections[0].raw == "Something else entirely."
    assert store.get_document("d1").clean_text.startswith("The army")


def test_exact_copy_under_another_id_is_linked(store):
    store.put_document(make_doc("d1"))
    res = store.put_document(make_doc("d2"))
    assert res.status == "duplicate" and res.duplicate_of == "d1"
    assert store.get_document("d2").duplicate_of == "d1"


WIRE = ("Rebels of the M23 movement seized the mining town of Rubaya in North Kivu on Tuesday after two days "
        "of fighting with the army and allied militias, residents and a local official said, as thousands "
        "of families fled towards Goma and the coltan mines around the town stopped working. ")


def test_near_copy_found_after_reopening_with_old_signatures(store, tmp_path):
    """A signature stored in another format (e.g. before the datasketch switch) is recomputed
    from the stored text, so syndicated copies keep being linked to originals stored earlier."""
    store.put_document(make_doc("wire", WIRE * 2))
    old_format = "ab" * 1024                   # 128 64-bit values, as written before
    store.execute("UPDATE doc_minhash SET sig = ? WHERE doc_id = ?", [old_format, "wire"])
    store._neardup = None                      # as a fresh process would: read signatures again
    res = store.put_document(make_doc("copy", "KINSHASA (Example Wire) - " + WIRE * 2 + "(c) Example Wire"))
    assert res.status == "duplicate" and res.duplicate_of == "wire"


def test_document_round_trip(store):
    doc = make_doc()
    doc.offsets = OffsetMap([(0, 5, 10), (10, 20, 5)])
    doc.published, doc.published_from, doc.title = "2024-05-19", "text", "Title"
    store.put_document(doc)
    got = store.get_document("d1")
    assert got.offsets.segments == doc.offsets.segments
    assert (got.published, got.published_from, got.title, got.raw) == ("2024-05-19", "text", "Title", doc.raw)


def test_events_round_trip_exactly(store):
    store.put_document(make_doc())
    ev = make_event()
    store.replace_events("d1", [ev])
    assert store.get_event(ev.event_id) == ev
    assert store.events() == [ev]


def test_event_pages_equal_the_one_statement_query(store, monkeypatch):
    # ids first, then data by key (SQLStore.events) must give the former single statement's
    # rows in its order, for every sort (ties included), filters, offsets, and big pages
    import random

    from seismo.bench.latency import one_step_events, synthetic_event
    rng = random.Random(3)
    store.replace_events_many([(f"p{i:02d}", [synthetic_event(rng, f"p{i:02d}", k) for k in range(4)])
                               for i in range(30)])
    filters = [dict(sort=s, limit=lim, offset=off) for s in ("date", "-date", "type", "doc_id")
               for lim, off in ((7, 0), (25, 13), (200, 0), (5, 500))]
    filters += [dict(country="COD"), dict(type="ASSAULT", sort="-date", limit=3), dict(actor="rebel")]
    for extra in filters:
        flt = EventFilter(**extra)
        assert store.events(flt) == one_step_events(store, flt), extra
    monkeypatch.setattr(store, "two_step_max", 5)      # a page past it: one statement, same rows
    flt = EventFilter(sort="type", limit=40, offset=3)
    assert store.events(flt) == one_step_events(store, flt)


def test_replace_events_is_idempotent(store):
    store.put_document(make_doc())
    for _ in range(2):
        store.replace_events("d1", [make_event(n=0), make_event(n=1)])
    assert store.count_events() == 2


def test_replace_events_many_stores_what_one_call_per_document_stores(store, tmp_path):
    # ids collide across documents only by accident (they derive from the doc id); then the id
    # stays with whoever holds it first: "x" with c's old event though c is replaced later
    store.replace_events("c", [make_event("c", 0), make_event("c", 1, event_id="x")])
    batch = [("a", [make_event("a", 0), make_event("a", 1, event_id="x")]),
             ("b", [make_event("b", 0, event_id="a-e0"), make_event("b", 1)]),
             ("c", [make_event("c", 2)])]
    store.replace_events("b", [make_event("b", 9)])
    assert store.replace_events_many(batch) == 3
    one_by_one = open_store(str(tmp_path / "one.duckdb"))
    one_by_one.replace_events("c", [make_event("c", 0), make_event("c", 1, event_id="x")])
    one_by_one.replace_events("b", [make_event("b", 9)])
    for doc_id, events in batch:
        one_by_one.replace_events(doc_id, events)
    key = lambda e: e.event_id
    assert sorted(store.events(), key=key) == sorted(one_by_one.events(), key=key)
    assert [(e.event_id, e.doc_id) for e in sorted(store.events(), key=key)] == [
        ("a-e0", "a"), ("b-e1", "b"), ("c-e2", "c")]
    one_by_one.close()
    with pytest.raises(ValueError):
        store.replace_events_many([("a", []), ("a", [])])


@pytest.mark.parametrize("flt,expected", [
    (EventFilter(type="assault"), 2), (EventFilter(type="PROTEST"), 0),
    (EventFilter(country="cod"), 2), (EventFilter(actor="m23"), 2), (EventFilter(mineral="gold"), 2),
    (EventFilter(mineral="cobalt"), 0), (EventFilter(date_from="2024-05-19"), 2),
    (EventFilter(date_to="2024-05"), 2), (EventFilter(date_to="2024-04"), 0),
    (EventFilter(include_historical=False), 1), (EventFilter(admin1="nord-kivu"), 2),
    (EventFilter(actor="'; DROP TABLE events; --"), 0), (EventFilter(limit=1), 1),
    (EventFilter(min_confidence=0.5), 1), (EventFilter(min_confidence=0.9), 0), (EventFilter(min_confidence=0.0), 2),
])
def test_event_filters(store, flt, expected):
    store.put_document(make_doc())
    store.replace_events("d1", [make_event(n=0, confidence=0.3), make_event(n=1, historical=True, confidence=0.8)])
    assert len(store.events(flt)) == expected
    assert store.count_events(EventFilter(actor="'; DROP TABLE events; --")) == 0
    assert store.count_events() == 2


def test_transaction_rolls_back_everything(store):
    store.put_document(make_doc())
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.replace_events("d1", [make_event()])
            raise RuntimeError("interrupted")
    assert store.count_events() == 0


def test_rejections_and_runs(store):
    run = store.start_run("ingest", {"paths": ["x"]})
    store.put_rejection(Rejection("bad", "ingest", "E101", "empty file", "bad.txt", ""), run)
    store.finish_run(run, {"rejected": 1})
    stats = store.stats()
    assert stats.rejections_by_code == {"E101": 1} and stats.runs == 1


def test_migrate_twice_is_harmless(store):
    store.migrate()
    store.migrate()
    assert store.query("SELECT COUNT(*) AS n FROM schema_version")[0]["n"] >= 1


def test_second_writer_gets_database_busy(tmp_path):
    path = str(tmp_path / "busy.duckdb")
    first = open_store(path)
    code = f"from seismo.store import open_store; open_store({path!r})"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    first.close()
    assert proc.returncode != 0
    assert "E401" in proc.stderr and "in use by another process" in proc.stderr
    assert DatabaseBusy.code == "E401"


# -- spatial filter: within K km of a point (plain SQL on DuckDB; PostGIS or plain on PostgreSQL)
SPOTS = {"goma": (-1.68, 29.22), "bukavu": (-2.51, 28.86), "kinshasa": (-4.32, 15.31),
         "fiji_east": (-16.8, 179.9), "fiji_west": (-16.8, -179.9)}


def _put_spots(store):
    store.put_document(make_doc())
    store.replace_events("d1", [
        make_event(n=i, event_id=name, location=Location(name, name, "COD", None, lat, lon, "town"))
        for i, (name, (lat, lon)) in enumerate(SPOTS.items())] + [make_event(n=9, location=None)])


@pytest.mark.parametrize("center,km,expected", [
    ((-1.68, 29.22), 50, {"goma"}),                        # Bukavu is ~100 km away
    ((-1.68, 29.22), 150, {"goma", "bukavu"}),
    ((-1.68, 29.22), 2000, {"goma", "bukavu", "kinshasa"}),
    ((-16.8, 180.0), 50, {"fiji_east", "fiji_west"}),      # across the antimeridian
    ((89.9, 0.0), 500, set()),                             # next to the pole: no box overflow
])
def test_events_within_km_of_a_point(store, center, km, expected):
    _put_spots(store)
    flt = EventFilter(near_lat=center[0], near_lon=center[1], within_km=km, limit=50)
    assert {e.event_id for e in store.events(flt)} == expected
    assert store.count_events(flt) == len(expected)


def test_postgis_and_plain_sql_agree_with_python_haversine():
    import random
    from seismo.geodesy import haversine_km
    reason = _postgres_reason()
    if reason:
        pytest.skip(reason)
    schema = f"seismo_test_{uuid.uuid4().hex[:12]}"
    rng = random.Random(7)
    points = [(rng.uniform(-13, 5), rng.uniform(12, 31)) for _ in range(300)]   # DRC and around
    with open_store(f"{PG_URL}?schema={schema}") as auto, \
            open_store(f"{PG_URL}?schema={schema}&postgis=off") as plain:
        assert not plain.postgis
        auto.put_document(make_doc())
        auto.replace_events("d1", [make_event(n=i, location=Location("x", "x", "COD", None, la, lo, "town"))
                                   for i, (la, lo) in enumerate(points)])
        for center, km in (((-1.68, 29.22), 120.0), ((-4.32, 15.31), 400.0), ((-11.66, 27.48), 50.0)):
            want = {f"d1-e{i}" for i, (la, lo) in enumerate(points)
                    if abs(haversine_km(center[0], center[1], la, lo) - km) > 0.01 * km
                    and haversine_km(center[0], center[1], la, lo) < km}
            flt = EventFilter(near_lat=center[0], near_lon=center[1], within_km=km, limit=1000)
            for s in (auto, plain):
                got = {e.event_id for e in s.events(flt)}
                borderline = {f"d1-e{i}" for i, (la, lo) in enumerate(points)
                              if abs(haversine_km(center[0], center[1], la, lo) - km) <= 0.01 * km}
                assert want <= got <= want | borderline, (s.postgis, center, km)
        uses_postgis = auto.postgis
        auto.drop_schema()
    if not uses_postgis:
        pytest.skip("PostGIS is not installed on this PostgreSQL server: plain SQL checked only")


def test_events_filtered_by_source_type_and_genre(store):
    store.put_document(make_doc("d1"))
    store.put_document(make_doc("d2", text="Police arrested two men in Bukavu on Monday."))
    store.replace_events("d1", [make_event("d1", 0)])
    store.replace_events("d2", [make_event("d2", 0)])
    store.execute("INSERT INTO doc_sources VALUES (?, ?, ?, ?)", ["d1", "reuters.com", "wire", "reporting"])
    store.execute("INSERT INTO doc_sources VALUES (?, ?, ?, ?)", ["d2", None, "unknown", "opinion"])
    ids = lambda **kw: {e.doc_id for e in store.events(EventFilter(**kw))}   # noqa: E731
    assert ids(genre="reporting") == {"d1"} and ids(genre="opinion") == {"d2"}
    assert ids(source_type="wire") == {"d1"} and ids(source_type="aggregator") == set()
    assert store.count_events(EventFilter(genre="reporting", source_type="unknown")) == 0


def test_duckdb_statements_leave_sys_modules_as_they_were(tmp_path):
    # the DuckDB backend marks a missing pandas absent only while a statement runs
    before = sys.modules.get("pandas", "unset")
    with open_store(str(tmp_path / "m.duckdb")) as s:
        s.put_document(make_doc())
        s.replace_events("d1", [make_event()])
        assert s.count_events(EventFilter(type="ASSAULT")) == 1
    assert sys.modules.get("pandas", "unset") is before
