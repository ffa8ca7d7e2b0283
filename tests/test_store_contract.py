"""The Store contract: the same tests against every backend (DuckDB, PostgreSQL when reachable),
and a scan proving that no SQL runs outside seismo.store (a new backend implements `Store` and
nothing else has to change)."""
from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import re
from pathlib import Path

import pytest

from seismo.analyze import persist
from seismo.clean.neardup import store_document
from seismo.records import STATUS_OK, DateRef, Rejection
from seismo.store.base import (AlertFilter, AlertRow, DocSource, EventFilter, ExtractionRecord,
                               IncidentFilter, IncidentRow, Store)
from seismo.store.duckdb import DuckDBStore
from seismo.store.postgres import PostgresStore
from tests.test_store import WIRE, make_doc, make_event, store  # noqa: F401  (the backend fixture)

SRC = Path(__file__).resolve().parents[1] / "src" / "seismo"


# -- the interface --------------------------------------------------------------------------------
@pytest.mark.parametrize("backend", [DuckDBStore, PostgresStore])
def test_every_backend_implements_the_whole_interface(backend):
    missing = {name for name in Store.__abstractmethods__ if getattr(backend, name) is getattr(Store, name)}
    assert not backend.__abstractmethods__ and not missing


def test_event_where_and_transaction_are_part_of_the_interface():
    assert {"event_where", "transaction", "insert_document", "write_incidents"} <= Store.__abstractmethods__
    assert "query" not in dir(Store) and "execute" not in dir(Store)   # raw SQL is no contract


# -- documents and the near-duplicate lookups -----------------------------------------------------
def test_insert_document_stores_as_given_and_dedup_is_decided_by_clean(store):
    assert store_document(store, make_doc("d1")).status == "stored"
    assert store.original_with_hash(make_doc("d1").content_hash) == "d1"
    copy = make_doc("d2")
    assert store.insert_document(copy).status == "stored"    # the store itself decides nothing
    assert store.get_document("d2").duplicate_of is None
    res = store_document(store, make_doc("d3"))                # ingestion does
    assert (res.status, res.duplicate_of) == ("duplicate", "d1")
    assert store.put_document(make_doc("d3")).status == "unchanged"


def test_near_copy_is_linked_and_keys_are_looked_up(store):
    assert store.put_document(make_doc("wire", WIRE * 2)).status == "stored"
    keys = dict(store.near_dup_keys())
    assert set(keys) == {"wire"} and len(keys["wire"]) == 128 * 8
    store.set_near_dup_key("wire", keys["wire"])
    store._neardup = None
    res = store.put_document(make_doc("copy", "KINSHASA (Example Wire) - " + WIRE * 2 + "(c) Example Wire"))
    assert (res.status, res.duplicate_of) == ("duplicate", "wire")
    assert store.document_text("copy").startswith("KINSHASA") and store.document_text("nope") == ""


def test_stored_result_unchanged_or_conflict(store):
    assert store.stored_result(make_doc("d1")) is None
    store.put_document(make_doc("d1"))
    assert store.stored_result(make_doc("d1")).status == "unchanged"
    conflict = store.stored_result(make_doc("d1", "Another text altogether."))
    assert conflict.status == "rejected" and store.rejections("d1")[0].code == "E107"


def test_document_metadata_and_outlets(store):
    doc = make_doc("d1")
    doc.outlet, doc.url = "Wire", "https://www.wire.example/a"
    store.put_document(doc)
    [light] = store.documents_light()
    assert (light.id, light.outlet, light.raw, light.clean_text) == ("d1", "Wire", "", "")
    assert store.documents_light(["d1", "nope"]) == [light]
    assert store.document_outlets(["d1", "nope"]) == [("d1", "Wire", "https://www.wire.example/a")]
    assert [d.id for d in store.documents(query="ARMY", status=STATUS_OK)] == ["d1"]
    assert store.documents(query="%") == []                   # a LIKE wildcard is a character


# -- events, extractions ----------------------------------------------------------------------------
def test_extraction_records_and_alert_bookkeeping(store):
    for d in ("d1", "d2"):
        store.put_document(make_doc(d, f"The army attacked the town of Goma on Sunday ({d})."))
    assert store.any_unextracted(STATUS_OK, "v")
    failed = Rejection("d2", "extract", "E301", "too slow", "d2.txt", "raw")
    store.write_extractions([("d1", [make_event("d1", 0), make_event("d1", 1)])],
                            [DocSource("d1", "wire.example", "wire", "reporting")], [failed],
                            [ExtractionRecord("d1", "v", None, 2, None, False),
                             ExtractionRecord("d2", "v", None, 0, "E301", True)])
    assert not store.any_unextracted(STATUS_OK, "v")
    assert store.any_unextracted(STATUS_OK, "v", successful_only=True)
    assert store.extracted_doc_ids("v") == {"d1", "d2"}
    assert store.extracted_doc_ids("v", successful_only=True) == {"d1"}
    assert store.rejections("d2")[0].code == "E301"
    assert store.count_events(EventFilter(source_type="wire")) == 2
    assert store.docs_awaiting_alerts() == ["d1"]
    assert store.event_ids_of_documents(["d1"]) == ["d1-e0", "d1-e1"]
    store.mark_alerts_done(["d1"])
    assert store.docs_awaiting_alerts() == []
    assert [e.event_id for e in store.events_by_id(["d1-e1", "nope"])] == ["d1-e1"]
    assert set(store.event_fingerprints()) == {"d1-e0", "d1-e1"}


def test_event_where_is_the_stores_own_translation(store):
    store.put_document(make_doc())
    store.replace_events("d1", [make_event("d1", 0)])
    where, params = store.event_where(EventFilter(country="cod", actor="m23", date_to="2024-05"))
    assert where.startswith(" WHERE ") and "?" in where and "cod" not in where and "COD" in params
    assert store.count_events(EventFilter(country="cod", actor="m23", date_to="2024-05")) == 1
    assert store.count_events(EventFilter(date_from="2024-06")) == 0


def test_a_failed_transaction_leaves_nothing(store):
    store.put_document(make_doc())
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.replace_events("d1", [make_event("d1", 0)])
            raise RuntimeError("crash")
    assert store.count_events() == 0


# -- analysis tables ---------------------------------------------------------------------------------
def _incident(incident_id, country, last_seen, sources, events):
    return IncidentRow(incident_id, "ASSAULT", "attack", country, None, "Goma", -1.68, 29.22, last_seen[:10],
                       last_seen, last_seen, len(events), sources, 2, 0.8, f"h-{incident_id}",
                       json.dumps({"incident_id": incident_id}), [(e, e.split("-")[0]) for e in events])


def test_incident_rows_written_filtered_and_replaced(store):
    store.write_incidents([], [], [_incident("i1", "COD", "2024-05-01", 2, ["d1-e0", "d2-e0"]),
                                   _incident("i2", "SDN", "2024-06-01", 1, ["d3-e0"])])
    assert store.count_incidents() == 2 and store.incident_hashes() == {"i1": "h-i1", "i2": "h-i2"}
    assert [json.loads(d)["incident_id"] for d in store.incident_data()] == ["i2", "i1"]
    assert store.incident_data(IncidentFilter(min_sources=2)) == [store.incident_data_by_id("i1")]
    assert store.count_incidents(IncidentFilter(event_id="d3-e0")) == 1
    assert store.count_incidents(IncidentFilter(date_to="2024-05")) == 1
    assert store.incident_ids_of(["d1-e0", "d3-e0", "x"]) == {"d1-e0": "i1", "d3-e0": "i2"}
    store.write_incidents(["i1"], ["d3-e0"], [_incident("i3", "COD", "2024-07-01", 1, ["d3-e0"])])
    assert store.incident_ids_of(["d1-e0", "d3-e0"]) == {"d3-e0": "i3"}
    assert store.incident_data_by_id("i1") is None


def test_alert_log(store):
    rows = [AlertRow(f"a{i}", "rule", "t", "high", "m", "k", "COD", None, f"2024-05-0{i}", "{}") for i in (1, 2)]
    assert store.add_alerts(rows) == 2 and store.add_alerts(rows) == 0
    assert store.alert_exists("a1") and not store.alert_exists("zz")
    assert store.acknowledge_alert("a1", "2024-06-01T00:00:00+00:00")
    assert not store.acknowledge_alert("zz", "2024-06-01T00:00:00+00:00")
    assert store.alert_data(AlertFilter()) == [("{}", False), ("{}", True)]    # newest first
    assert store.count_alerts(AlertFilter(acknowledged=True)) == 1
    assert store.count_alerts(AlertFilter(rule="other")) == 0


def test_dashboard_aggregates(store):
    store.put_document(make_doc())
    store.replace_events("d1", [make_event("d1", 0), make_event("d1", 1, fatalities=None, location=None)])
    flt = EventFilter()
    assert store.event_countries(flt) == ["COD"]
    assert {r["k"]: int(r["n"]) for r in store.facet_rows(flt, "type")} == {"ASSAULT": 2}
    totals = store.event_totals(flt)
    assert (int(totals["n"]), int(totals["dead"]), int(totals["docs"])) == (2, 2, 1)
    [cell] = store.map_cell_rows(flt, 1.0, [])
    assert (cell["gy"], cell["gx"], int(cell["n"])) == (-2, 29, 1)
    assert store.map_cell_rows(flt, 1.0, [("COD", -1.68, 29.22)]) == []   # at the centre: country-level
    assert [int(r["n"]) for r in store.country_cell_rows(flt, [("COD", -1.68, 29.22)])] == [1]
    assert [(r["d"], int(r["n"])) for r in store.timeline_rows(flt)] == [("2024-05-19", 2)]
    with pytest.raises(ValueError):
        store.facet_rows(flt, "data; DROP TABLE events")


def test_analysis_gives_the_same_answers_on_every_backend(store):
    """Incidents, alerts and risk computed through the contract: the backend makes no difference
    (compared with the DuckDB answer recorded by the first parameter)."""
    for d, day in (("d1", "2024-05-19"), ("d2", "2024-05-19"), ("d3", "2024-07-02")):
        store.put_document(make_doc(d, f"The army attacked the town of Goma on Sunday, report {d}."))
        store.replace_events(d, [make_event(d, 0, date=DateRef("on", day, "day"))])
    n = persist.refresh_incidents(store, rebuild=True)
    alerts = persist.run_alerts(store, ["d1-e0", "d2-e0", "d3-e0"], sinks=[])
    incidents = [i.to_dict() for i in persist.list_incidents(store)]
    risk = persist.store_risk_series(store, period="month")
    answer = json.dumps([n, alerts, incidents, [dataclasses.asdict(r) for r in risk]], default=str, sort_keys=True)
    answers = _ANSWERS.setdefault("analysis", answer)
    assert n >= 1 and answer == answers


_ANSWERS: dict[str, str] = {}


# -- no SQL outside the store ---------------------------------------------------------------------
SQL_TEXT = re.compile(r"^\s*\(?\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|"
                      r"CREATE\s+(TABLE|INDEX|SCHEMA|EXTENSION)\s|DROP\s+(TABLE|SCHEMA|INDEX)\s|ALTER\s+TABLE\s)", re.I)
RAW_CALLS = {"query", "execute", "executemany", "insert_rows", "delete_where_in", "_run"}
# resolve/geonames_store.py is the GeoNames gazetteer's own SQLite file (read-only lookups of
# places, built by `seismo gazetteer import`), not Seismo's database: it stays outside Store.
ALLOWED_FILES = {"resolve/geonames_store.py"}
ALLOWED_CALLS = {("clean/neardup.py", "self._lsh.query")}    # datasketch's LSH, not SQL


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            out.add(id(body[0].value))
    return out


def _sql_outside_store() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("store/") or rel in ALLOWED_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs \
                    and SQL_TEXT.match(node.value):
                found.append(f"{rel}:{node.lineno}: SQL text {node.value[:50]!r}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RAW_CALLS \
                    and (rel, ast.unparse(node.func)) not in ALLOWED_CALLS:
                found.append(f"{rel}:{node.lineno}: raw call {ast.unparse(node.func)}(...)")
    return found


def test_no_sql_outside_the_store():
    assert _sql_outside_store() == []


def test_the_scan_finds_sql_where_there_is_some():
    snippet = 'def f(store, ids):\n    return store.query(f"SELECT data FROM events WHERE id IN ({ids})")\n'
    tree = ast.parse(snippet)
    assert any(isinstance(n, ast.Constant) and isinstance(n.value, str) and SQL_TEXT.match(n.value)
               for n in ast.walk(tree))
    assert any(isinstance(n, ast.Call) and getattr(n.func, "attr", "") in RAW_CALLS for n in ast.walk(tree))


def test_one_where_builder():
    """" WHERE " clauses are assembled in seismo/store/where.py only (there used to be two builders)."""
    builders = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
                if '" WHERE "' in p.read_text(encoding="utf-8")]
    assert builders == ["store/where.py"]
    assert "event_where" in inspect.getsource(Store)
