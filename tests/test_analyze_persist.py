"""Incidents and alerts persisted through the Store (DuckDB): refresh, run, list, acknowledge."""
import hashlib
import json

import httpx

from seismo.analyze.alerts import WebhookSink
from seismo.analyze.persist import (IncidentFilter, acknowledge_alert, count_alerts, count_incidents,
                                    get_incident, incident_ids_of, list_alerts, list_incidents,
                                    refresh_incidents, run_alerts)
from seismo.records import ActorRef, DateRef, Document, Event, Evidence, Location, OffsetMap
from seismo.store import open_store

TEXTS = {"w1": "M23 rebels seized the mining town of Rubaya on Thursday, officials said.",
         "a1": "Fighters of M23 captured Rubaya, a coltan town, on Thursday.",
         "k1": "Soldiers attempted a coup in Niamey on Saturday, the army said."}


def put(store, doc_id, outlet, published):
    text = TEXTS[doc_id]
    store.put_document(Document(id=doc_id, source=doc_id, raw=text, clean_text=text, outlet=outlet,
                                published=published, offsets=OffsetMap.identity(len(text)), language="en",
                                content_hash=hashlib.sha256(text.encode()).hexdigest()))


def event(doc_id, type_, mode, place, country, day, dead=None, factuality="asserted"):
    text = TEXTS[doc_id]
    return Event(doc_id=doc_id, event_id=f"{doc_id}-e1", type=type_, mode=mode,
                 evidence=Evidence(text, 0, len(text), "seized", 0, 6),
                 actor1=ActorRef("M23", "M23", country, "REB", "m23") if country == "COD" else None,
                 location=Location(place[0], place[0], country, place[3], place[1], place[2], "town"),
                 date=DateRef(day, day, "day"), fatalities=dead, factuality=factuality)


RUBAYA = ("Rubaya", -1.5522, 28.8806, "North Kivu")
NIAMEY = ("Niamey", 13.51, 2.11, "Niamey")


def test_refresh_run_list_acknowledge(tmp_db):
    received = []
    hook = WebhookSink("https://hooks.example.invalid/a",
                       transport=httpx.MockTransport(lambda r: received.append(json.loads(r.content))
                                                     or httpx.Response(200)))
    with open_store(tmp_db) as store:
        put(store, "w1", "Wire", "2025-05-02")
        store.replace_events("w1", [event("w1", "ASSAULT", "territory", RUBAYA, "COD", "2025-05-01", 12)])
        assert refresh_incidents(store) == 1
        assert run_alerts(store, ["w1-e1"], sinks=[hook]) == 1      # town seized near a mine
        put(store, "a1", "Agence", "2025-05-02")
        store.replace_events("a1", [event("a1", "COERCE", "seize", RUBAYA, "COD", "2025-05-01", 15)])
        put(store, "k1", "Wire", "2025-09-21")
        store.replace_events("k1", [event("k1", "COERCE", "coup", NIAMEY, "NER", "2025-09-20",
                                          factuality="attempted")])
        assert refresh_incidents(store) == 2
        assert refresh_incidents(store) == 2                        # idempotent
        assert count_incidents(store) == 2
        assert run_alerts(store, ["a1-e1", "k1-e1"], sinks=[hook]) == 1   # the coup; Rubaya already alerted
        assert run_alerts(store, ["a1-e1", "k1-e1"], sinks=[hook]) == 0   # nothing new the second time

        rubaya = list_incidents(store, IncidentFilter(country="COD"))
        assert len(rubaya) == 1 and rubaya[0].n_independent_sources == 2
        assert rubaya[0].disagreements["fatalities"] == {"12": ["w1"], "15": ["a1"]}
        assert get_incident(store, rubaya[0].incident_id) == rubaya[0]
        assert incident_ids_of(store, ["w1-e1", "a1-e1"]) == {"w1-e1": rubaya[0].incident_id,
                                                               "a1-e1": rubaya[0].incident_id}
        assert [i.incident_id for i in list_incidents(store, IncidentFilter(event_id="k1-e1"))] == \
            [incident_ids_of(store, ["k1-e1"])["k1-e1"]]
        assert list_incidents(store, IncidentFilter(min_sources=2)) == rubaya
        assert count_incidents(store, IncidentFilter(date_from="2025-09-01")) == 1

        alerts = list_alerts(store)
        assert {a.rule for a in alerts} == {"coup", "town-seized-near-mine"}
        coup = next(a for a in alerts if a.rule == "coup")
        assert coup.evidence == [TEXTS["k1"]] and coup.incident_ids and not coup.acknowledged
        assert acknowledge_alert(store, coup.alert_id) and not acknowledge_alert(store, "alert-none")
        assert count_alerts(store, acknowledged=False) == 1
        assert [a.rule for a in list_alerts(store, acknowledged=True)] == ["coup"]
        assert len(received) == 2 and {a["rule"] for r in received for a in r["alerts"]} == \
            {"coup", "town-seized-near-mine"}

        # re-extraction that removes an event: its incident shrinks back
        store.replace_events("a1", [])
        assert refresh_incidents(store) == 2
        [rubaya] = list_incidents(store, IncidentFilter(country="COD"))
        assert rubaya.doc_ids == ["w1"] and "a1-e1" not in incident_ids_of(store, ["a1-e1"])


def test_incremental_refresh_matches_a_rebuild(tmp_db):
    from seismo.analyze.persist import refresh_incidents as refresh
    with open_store(tmp_db) as store:
        put(store, "w1", "Wire", "2025-05-02")
        store.replace_events("w1", [event("w1", "ASSAULT", "territory", RUBAYA, "COD", "2025-05-01", 12)])
        refresh(store, rebuild=True)
        put(store, "a1", "Agence", "2025-05-02")
        store.replace_events("a1", [event("a1", "COERCE", "seize", RUBAYA, "COD", "2025-05-01", 15)])
        put(store, "k1", "Wire", "2025-09-21")
        store.replace_events("k1", [event("k1", "COERCE", "coup", NIAMEY, "NER", "2025-09-20")])
        assert refresh(store) == 2                      # incremental: only additions since last time
        from seismo.analyze.persist import store_minerals_at_risk, store_risk_series
        from seismo.store import EventFilter
        [row] = store_risk_series(store, level="admin1", period="month", flt=EventFilter(country="COD"))
        assert row.key == "COD/North Kivu" and row.n_events == 1 and len(row.event_ids) == 2   # one incident
        assert {r.event_id for r in store_minerals_at_risk(store)} == {"w1-e1", "a1-e1"}
        incremental = store.query("SELECT incident_id, data_hash FROM incidents ORDER BY incident_id")
        links = store.query("SELECT * FROM incident_events ORDER BY event_id")
        assert refresh(store, rebuild=True) == 2
        assert store.query("SELECT incident_id, data_hash FROM incidents ORDER BY incident_id") == incremental
        assert store.query("SELECT * FROM incident_events ORDER BY event_id") == links
        assert len(links) == 3
