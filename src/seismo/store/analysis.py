"""The analysis tables on SQL backends: incidents, their reports, the alert log, and the reads
analysis makes of documents and events (SQLStore mixin).

seismo.analyze.persist decides what the incidents and alerts are; these methods only answer
and record them. Tables are created by migration 100_analysis.sql.
"""
from __future__ import annotations

import dataclasses

from seismo.records import Document, Event
from seismo.store.base import AlertFilter, AlertRow, IncidentFilter, IncidentRow
from seismo.store.serialize import event_from_json
from seismo.store.where import alert_where, incident_where

INCIDENT_SORTS = {"-last_seen": "last_seen DESC NULLS LAST, incident_id",
                  "last_seen": "last_seen NULLS LAST, incident_id",
                  "-date": "date_value DESC NULLS LAST, incident_id", "date": "date_value NULLS LAST, incident_id",
                  "-sources": "n_independent_sources DESC, incident_id",
                  "-fatalities": "fatalities DESC NULLS LAST, incident_id"}
INCIDENT_COLUMNS = tuple(f.name for f in dataclasses.fields(IncidentRow) if f.name != "reports")
LIGHT_COLUMNS = "id, source, url, published, duplicate_of, outlet, status"
CHUNK = 400   # ids bound per statement


def _chunks(items: list, n: int = CHUNK):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _marks(chunk: list) -> str:
    return ", ".join("?" for _ in chunk)


class AnalysisSQL:
    """Needs SQLStore's _run and transaction."""

    # -- reads analysis makes of documents and events ---------------------------------------------
    def documents_light(self, doc_ids: list[str] | None = None) -> list[Document]:
        sql = f"SELECT {LIGHT_COLUMNS} FROM documents"
        if doc_ids is None:
            rows = self._run(sql)
        else:
            rows = [r for chunk in _chunks(list(doc_ids)) for r in
                    self._run(f"{sql} WHERE id IN ({_marks(chunk)})", chunk)]
        return [Document(id=r["id"], source=r["source"] or "", raw="", url=r["url"], published=r["published"],
                         duplicate_of=r["duplicate_of"], outlet=r["outlet"], status=r["status"]) for r in rows]

    def event_fingerprints(self) -> dict[str, str]:
        return {r["event_id"]: r["h"] for r in self._run("SELECT event_id, md5(data) AS h FROM events")}

    def events_by_id(self, event_ids: list[str]) -> list[Event]:
        return [event_from_json(row["data"]) for chunk in _chunks(sorted(event_ids))
                for row in self._run(f"SELECT data FROM events WHERE event_id IN ({_marks(chunk)})", chunk)]

    # -- incidents ------------------------------------------------------------------------------
    def count_incidents(self, flt: IncidentFilter | None = None) -> int:
        where, params = incident_where(flt or IncidentFilter())
        return int(self._run(f"SELECT COUNT(*) AS n FROM incidents{where}", params)[0]["n"])

    def incident_hashes(self) -> dict[str, str]:
        return {r["incident_id"]: r["data_hash"] for r in self._run("SELECT incident_id, data_hash FROM incidents")}

    def incident_data(self, flt: IncidentFilter | None = None) -> list[str]:
        flt = flt or IncidentFilter()
        where, params = incident_where(flt)
        order = INCIDENT_SORTS.get(flt.sort, INCIDENT_SORTS["-last_seen"])
        rows = self._run(f"SELECT data FROM incidents{where} ORDER BY {order} LIMIT ? OFFSET ?",
                         params + [int(flt.limit), int(flt.offset)])
        return [r["data"] for r in rows]

    def incident_data_by_id(self, incident_id: str) -> str | None:
        rows = self._run("SELECT data FROM incidents WHERE incident_id = ?", [incident_id])
        return rows[0]["data"] if rows else None

    def incident_ids_of(self, event_ids: list[str]) -> dict[str, str]:
        out = {}
        for chunk in _chunks(list(event_ids), 500):
            for r in self._run(f"SELECT event_id, incident_id FROM incident_events WHERE event_id IN "
                               f"({_marks(chunk)})", chunk):
                out[r["event_id"]] = r["incident_id"]
        return out

    def write_incidents(self, delete_ids: list[str], stale_event_ids: list[str],
                        rows: list[IncidentRow]) -> None:
        with self.transaction():
            for chunk in _chunks(delete_ids):
                self._run(f"DELETE FROM incidents WHERE incident_id IN ({_marks(chunk)})", chunk)
                self._run(f"DELETE FROM incident_events WHERE incident_id IN ({_marks(chunk)})", chunk)
            for chunk in _chunks(stale_event_ids):
                self._run(f"DELETE FROM incident_events WHERE event_id IN ({_marks(chunk)})", chunk)
            self._insert_values("incidents", INCIDENT_COLUMNS,
                                [[getattr(r, c) for c in INCIDENT_COLUMNS] for r in rows])
            self._insert_values("incident_events", ("event_id", "incident_id", "doc_id"),
                                [[event_id, r.incident_id, doc_id] for r in rows for event_id, doc_id in r.reports])

    def _insert_values(self, table: str, columns: tuple, rows: list[list]) -> None:
        """Multi-row INSERTs (bound parameters) keep the first full write of 100k incidents quick."""
        one = "(" + ", ".join("?" for _ in columns) + ")"
        for chunk in _chunks(rows, max(1, 2000 // len(columns))):
            self._run(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join(one for _ in chunk)}",
                      [v for row in chunk for v in row])

    # -- alerts ---------------------------------------------------------------------------------
    def alert_exists(self, alert_id: str) -> bool:
        return bool(self._run("SELECT 1 AS x FROM alerts WHERE alert_id = ?", [alert_id]))

    def add_alerts(self, rows: list[AlertRow]) -> int:
        new = 0
        with self.transaction():
            for a in rows:
                if self.alert_exists(a.alert_id):
                    continue
                self._run("INSERT INTO alerts (alert_id, rule, title, severity, message, subject, country, "
                          "admin1, created_at, acknowledged, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [a.alert_id, a.rule, a.title, a.severity, a.message, a.subject, a.country, a.admin1,
                           a.created_at, False, a.data])
                new += 1
        return new

    def alert_data(self, flt: AlertFilter) -> list[tuple[str, bool]]:
        where, params = alert_where(flt)
        rows = self._run(f"SELECT data, acknowledged FROM alerts{where} ORDER BY created_at DESC, alert_id "
                         "LIMIT ? OFFSET ?", params + [int(flt.limit), int(flt.offset)])
        return [(r["data"], bool(r["acknowledged"])) for r in rows]

    def count_alerts(self, flt: AlertFilter) -> int:
        where, params = alert_where(flt)
        return int(self._run(f"SELECT COUNT(*) AS n FROM alerts{where}", params)[0]["n"])

    def acknowledge_alert(self, alert_id: str, at: str) -> bool:
        if not self.alert_exists(alert_id):
            return False
        with self.transaction():
            self._run("UPDATE alerts SET acknowledged = ?, acknowledged_at = ? WHERE alert_id = ?",
                      [True, at, alert_id])
        return True
