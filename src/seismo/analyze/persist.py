"""Persistence of incidents and alerts through the Store's generic query/execute/transaction.

Public API (stable; the runner calls the first two after each ingest, the API/CLI the rest):

    refresh_incidents(store) -> int                 # recluster all stored events; writes only changes
    run_alerts(store, new_event_ids, rules=None, sinks=None) -> int   # new alerts stored
    list_incidents(store, IncidentFilter(...)) -> list[Incident]; count_incidents(store, flt) -> int
    get_incident(store, incident_id) -> Incident | None
    incident_ids_of(store, event_ids) -> dict[event_id, incident_id]
    list_alerts(store, rule=None, acknowledged=None, limit=100, offset=0) -> list[Alert]
    count_alerts(store, rule=None, acknowledged=None) -> int
    acknowledge_alert(store, alert_id) -> bool
    StoreAlertSink(store)                           # the alert log (table `alerts`)
    store_risk_series(store, level, period, metric, flt=None, dedupe=True) -> list[RiskRow]
    store_minerals_at_risk(store, flt=None, max_km=50) -> list[MineralRisk]
    load_documents_light(store) -> dict[id, Document]   # metadata only, no texts

Tables are created by store migration 100_analysis.sql (incidents, incident_events, alerts).
Webhook: when SEISMO_ALERT_WEBHOOK is set, run_alerts also POSTs new alerts there.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
from dataclasses import dataclass

from seismo.analyze.alerts import Alert, AlertContext, AlertRule, WebhookSink, evaluate_alerts
from seismo.analyze.incidents import Incident, IncidentIndex, event_country
from seismo.analyze.risk import MineralRisk, RiskRow, minerals_at_risk, risk_series
from seismo.records import Document
from seismo.store.base import EventFilter
from seismo.store.serialize import event_from_json

ALL = 10**9   # "no limit" for EventFilter
INCIDENT_SORTS = {"-last_seen": "last_seen DESC NULLS LAST, incident_id",
                  "last_seen": "last_seen NULLS LAST, incident_id",
                  "-date": "date_value DESC NULLS LAST, incident_id", "date": "date_value NULLS LAST, incident_id",
                  "-sources": "n_independent_sources DESC, incident_id",
                  "-fatalities": "fatalities DESC NULLS LAST, incident_id"}


@dataclass(slots=True)
class IncidentFilter:
    type: str | None = None
    country: str | None = None
    admin1: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    min_sources: int | None = None     # n_independent_sources >= this
    event_id: str | None = None        # the incident containing this event
    limit: int = 100
    offset: int = 0
    sort: str = "-last_seen"           # see INCIDENT_SORTS


def load_documents_light(store, doc_ids=None) -> dict[str, Document]:
    """Document metadata (no raw or clean text) for source counting and dates; all or `doc_ids`.

    The originals of syndicated copies among them are loaded too (they decide the outlet).
    """
    sql = "SELECT id, source, url, published, duplicate_of, outlet, status FROM documents"
    if doc_ids is None:
        rows = store.query(sql)
    else:
        rows, wanted = [], sorted(set(doc_ids))
        while wanted:
            got = [r for chunk in _chunks(wanted) for r in
                   store.query(f"{sql} WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)]
            rows += got
            have = {r["id"] for r in rows}
            wanted = sorted({r["duplicate_of"] for r in got if r["duplicate_of"]} - have)
    return {r["id"]: Document(id=r["id"], source=r["source"] or "", raw="", url=r["url"],
                              published=r["published"], duplicate_of=r["duplicate_of"], outlet=r["outlet"],
                              status=r["status"]) for r in rows}


def _text_reader(store):
    @functools.lru_cache(maxsize=4096)
    def text_of(doc_id: str) -> str:
        rows = store.query("SELECT clean_text FROM documents WHERE id = ?", [doc_id])
        return (rows[0]["clean_text"] or "") if rows else ""
    return text_of


def _chunks(items: list, n: int = 400):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _fingerprints(store) -> dict[str, str]:
    return {r["event_id"]: r["h"] for r in store.query("SELECT event_id, md5(data) AS h FROM events")}


def _events_by_id(store, event_ids: list[str]) -> list:
    out = []
    for chunk in _chunks(sorted(event_ids)):
        for row in store.query(f"SELECT data FROM events WHERE event_id IN ({', '.join('?' for _ in chunk)})",
                               chunk):
            out.append(event_from_json(row["data"]))
    return out


def build_index(store) -> IncidentIndex:
    """Cluster every stored event (an in-memory IncidentIndex the caller may keep adding to)."""
    index = IncidentIndex(text_of=_text_reader(store))
    index.add(store.events(EventFilter(limit=ALL, sort="doc_id")), load_documents_light(store).values())
    return index


# One index per database per process, so a long-running process (API server, watcher) updates
# incidents incrementally; anything but pure additions to the events table triggers a rebuild.
_CACHE: dict[str, tuple[IncidentIndex, dict[str, str]]] = {}


def _hash(incident: Incident) -> str:
    return hashlib.sha1(json.dumps(incident.to_dict(), sort_keys=True, default=str).encode()).hexdigest()


def refresh_incidents(store, rebuild: bool = False) -> int:
    """Bring the incident tables up to date with the stored events; returns how many incidents exist.

    Incremental when the events table only gained events since this process last refreshed it
    (the new events are added to the cached index and only the incidents they touch are
    rewritten); otherwise all events are clustered again and only differences are written.
    """
    prints = _fingerprints(store)
    cached = None if rebuild else _CACHE.get(store.url)
    if cached and all(prints.get(k) == v for k, v in cached[1].items()):
        index, known = cached
        index.text_of = _text_reader(store)     # the cached reader may hold a closed store
        new_ids = [k for k in prints if k not in known]
        new_events = _events_by_id(store, new_ids)
        docs = load_documents_light(store, {e.doc_id for e in new_events})
        changed = index.add(new_events, docs.values())
        _write_changed(store, index, changed)
    else:
        index = build_index(store)
        _write_all(store, index)
    _CACHE[store.url] = (index, prints)
    return int(store.query("SELECT COUNT(*) AS n FROM incidents")[0]["n"])


def _write_changed(store, index: IncidentIndex, changed: list[str]) -> None:
    incidents = [i for i in (index.incident(x) for x in changed) if i is not None]
    members = [e for i in incidents for e in i.event_ids]
    old = sorted(set(incident_ids_of(store, members).values()))
    with store.transaction():
        _delete(store, old)
        _insert(store, incidents)


def _write_all(store, index: IncidentIndex) -> None:
    incidents = {i.incident_id: i for i in index.incidents()}
    stored = {r["incident_id"]: r["data_hash"] for r in store.query("SELECT incident_id, data_hash FROM incidents")}
    changed = [i for i in incidents.values() if stored.get(i.incident_id) != _hash(i)]
    with store.transaction():
        _delete(store, [i for i in stored if i not in incidents] + [i.incident_id for i in changed
                                                                      if i.incident_id in stored])
        # an event that moved between incidents leaves a stale row behind: drop those first
        _delete_events(store, [e for i in changed for e in i.event_ids])
        _insert(store, changed)


def _delete(store, incident_ids: list[str]) -> None:
    for chunk in _chunks(incident_ids):
        marks = ", ".join("?" for _ in chunk)
        store.execute(f"DELETE FROM incidents WHERE incident_id IN ({marks})", chunk)
        store.execute(f"DELETE FROM incident_events WHERE incident_id IN ({marks})", chunk)


def _delete_events(store, event_ids: list[str]) -> None:
    for chunk in _chunks(event_ids):
        store.execute(f"DELETE FROM incident_events WHERE event_id IN ({', '.join('?' for _ in chunk)})", chunk)


INCIDENT_COLUMNS = ("incident_id", "type", "mode", "country", "admin1", "location", "lat", "lon", "date_value",
                    "first_seen", "last_seen", "n_reports", "n_independent_sources", "fatalities", "confidence",
                    "data_hash", "data")


def _insert(store, incidents: list[Incident]) -> None:
    """Multi-row INSERTs (bound parameters) keep the first full write of 100k incidents quick."""
    rows = [[i.incident_id, i.type, i.mode, i.country, i.admin1, i.location, i.lat, i.lon, i.date, i.first_seen,
             i.last_seen, i.n_reports, i.n_independent_sources, i.fatalities, i.confidence, _hash(i),
             json.dumps(i.to_dict(), default=str)] for i in incidents]
    _insert_rows(store, "incidents", INCIDENT_COLUMNS, rows)
    links = [[r.event_id, i.incident_id, r.doc_id] for i in incidents for r in i.reports]
    _insert_rows(store, "incident_events", ("event_id", "incident_id", "doc_id"), links)


def _insert_rows(store, table: str, columns: tuple, rows: list[list]) -> None:
    one = "(" + ", ".join("?" for _ in columns) + ")"
    for chunk in _chunks(rows, max(1, 2000 // len(columns))):
        store.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join(one for _ in chunk)}",
                      [v for row in chunk for v in row])


def _incident_where(flt: IncidentFilter) -> tuple[str, list]:
    clauses, params = [], []
    for column, value in (("type", flt.type), ("country", flt.country), ("admin1", flt.admin1)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if flt.date_from:
        clauses.append("date_value >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append("substr(date_value, 1, ?) <= ?")
        params += [len(flt.date_to), flt.date_to]
    if flt.min_sources:
        clauses.append("n_independent_sources >= ?")
        params.append(int(flt.min_sources))
    if flt.event_id:
        clauses.append("incident_id IN (SELECT incident_id FROM incident_events WHERE event_id = ?)")
        params.append(flt.event_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_incidents(store, flt: IncidentFilter | None = None) -> list[Incident]:
    flt = flt or IncidentFilter()
    where, params = _incident_where(flt)
    order = INCIDENT_SORTS.get(flt.sort, INCIDENT_SORTS["-last_seen"])
    rows = store.query(f"SELECT data FROM incidents{where} ORDER BY {order} LIMIT ? OFFSET ?",
                       params + [int(flt.limit), int(flt.offset)])
    return [Incident.from_dict(json.loads(r["data"])) for r in rows]


def count_incidents(store, flt: IncidentFilter | None = None) -> int:
    where, params = _incident_where(flt or IncidentFilter())
    return int(store.query(f"SELECT COUNT(*) AS n FROM incidents{where}", params)[0]["n"])


def get_incident(store, incident_id: str) -> Incident | None:
    rows = store.query("SELECT data FROM incidents WHERE incident_id = ?", [incident_id])
    return Incident.from_dict(json.loads(rows[0]["data"])) if rows else None


def incident_ids_of(store, event_ids: list[str]) -> dict[str, str]:
    out = {}
    for i in range(0, len(event_ids), 500):
        chunk = list(event_ids[i:i + 500])
        marks = ", ".join("?" for _ in chunk)
        for r in store.query(f"SELECT event_id, incident_id FROM incident_events WHERE event_id IN ({marks})",
                             chunk):
            out[r["event_id"]] = r["incident_id"]
    return out


# -- alerts -----------------------------------------------------------------------------------------
class StoreAlertSink:
    """The alert log: inserts each alert once (by alert_id); acknowledged starts false."""

    def __init__(self, store):
        self.store = store

    def emit(self, alerts: list[Alert]) -> int:
        new = 0
        with self.store.transaction():
            for a in alerts:
                if self.store.query("SELECT 1 AS x FROM alerts WHERE alert_id = ?", [a.alert_id]):
                    continue
                self.store.execute(
                    "INSERT INTO alerts (alert_id, rule, title, severity, message, subject, country, admin1, "
                    "created_at, acknowledged, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [a.alert_id, a.rule, a.title, a.severity, a.message, a.key, a.country, a.admin1,
                     a.created_at, False, json.dumps(a.to_dict(), default=str)])
                new += 1
        return new


def _alert_from_row(r: dict) -> Alert:
    d = json.loads(r["data"])
    d["acknowledged"] = bool(r["acknowledged"])
    return Alert(**d)


def _alert_where(rule: str | None, acknowledged: bool | None) -> tuple[str, list]:
    clauses, params = [], []
    if rule:
        clauses.append("rule = ?")
        params.append(rule)
    if acknowledged is not None:
        clauses.append("acknowledged = ?")
        params.append(bool(acknowledged))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_alerts(store, rule: str | None = None, acknowledged: bool | None = None,
                limit: int = 100, offset: int = 0) -> list[Alert]:
    where, params = _alert_where(rule, acknowledged)
    rows = store.query(f"SELECT data, acknowledged FROM alerts{where} ORDER BY created_at DESC, alert_id "
                       "LIMIT ? OFFSET ?", params + [int(limit), int(offset)])
    return [_alert_from_row(r) for r in rows]


def count_alerts(store, rule: str | None = None, acknowledged: bool | None = None) -> int:
    where, params = _alert_where(rule, acknowledged)
    return int(store.query(f"SELECT COUNT(*) AS n FROM alerts{where}", params)[0]["n"])


def acknowledge_alert(store, alert_id: str) -> bool:
    """Mark an alert acknowledged; False when there is no such alert."""
    if not store.query("SELECT 1 AS x FROM alerts WHERE alert_id = ?", [alert_id]):
        return False
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with store.transaction():
        store.execute("UPDATE alerts SET acknowledged = ?, acknowledged_at = ? WHERE alert_id = ?",
                      [True, now, alert_id])
    return True


def alert_context(store, new_events) -> AlertContext:
    """History for the rules: stored events of the countries the new events touch."""
    countries = sorted({c for c in map(event_country, new_events) if c})
    history = {}
    for c in countries:
        for e in store.events(EventFilter(country=c, limit=ALL, sort="doc_id")):
            history[e.event_id] = e
    docs = load_documents_light(store)
    return AlertContext(history=list(history.values()), docs=docs,
                        incident_of=incident_ids_of(store, list(history) + [e.event_id for e in new_events]))


def run_alerts(store, new_event_ids: list[str], rules: list[AlertRule] | None = None,
               sinks: list | None = None) -> int:
    """Evaluate the rules on newly stored events; returns how many new alerts were logged."""
    new_events = [e for e in (store.get_event(x) for x in new_event_ids) if e is not None]
    if not new_events:
        return 0
    alerts = evaluate_alerts(new_events, alert_context(store, new_events), rules)
    log_sink = StoreAlertSink(store)
    if sinks is None:
        sinks = [WebhookSink(os.environ["SEISMO_ALERT_WEBHOOK"])] if os.environ.get("SEISMO_ALERT_WEBHOOK") else []
    fresh = [a for a in alerts if not store.query("SELECT 1 AS x FROM alerts WHERE alert_id = ?", [a.alert_id])]
    stored = log_sink.emit(fresh)
    for sink in sinks:
        sink.emit(fresh)   # only alerts not seen before go out again
    return stored


# -- risk from the store ----------------------------------------------------------------------------
def store_risk_series(store, level: str = "country", period: str = "week", metric: str = "n_events",
                      flt: EventFilter | None = None, dedupe: bool = True, fill: bool = False) -> list[RiskRow]:
    """risk_series over stored events (EventFilter's limit is ignored); with `dedupe` the reports of
    one incident count once (run refresh_incidents first)."""
    flt = flt or EventFilter()
    flt.limit, flt.offset = ALL, 0
    events = store.events(flt)
    docs = load_documents_light(store, {e.doc_id for e in events})
    incident_of = incident_ids_of(store, [e.event_id for e in events]) if dedupe else None
    return risk_series(events, docs.values(), level=level, period=period, metric=metric,
                       incident_of=incident_of, fill=fill)


def store_minerals_at_risk(store, flt: EventFilter | None = None, max_km: float = 50.0) -> list[MineralRisk]:
    flt = flt or EventFilter()
    flt.limit, flt.offset = ALL, 0
    return minerals_at_risk(store.events(flt), max_km=max_km)
