"""The one WHERE-clause builder: every filter of every table (events, documents, incidents, alerts) is
translated here, with bound parameters only (placeholder `?`; backends translate).

There used to be two (events in store/sql.py, incidents and alerts in analyze/persist.py), each
with its own date-bound and LIKE handling; a new backend or a new filter field now has one
place to look. Column names are always the code's own literals, never user text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from seismo.store.base import AlertFilter, EventFilter, IncidentFilter
from seismo.store.spatial import plain_near_clause

NearClause = Callable[[float, float, float], "tuple[str, list[Any]]"]


def like_literal(text: str) -> str:
    """`text` matched literally inside a LIKE pattern (with ESCAPE '\\'): a user's `%` or `_`
    is a character, not a wildcard (`actor=%` matched every event)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(slots=True)
class Where:
    """Conditions ANDed together, each with its bound parameters, in the order added."""
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> Where:
        self.clauses.append(clause)
        self.params.extend(params)
        return self

    def equal(self, column: str, value: Any) -> Where:
        """`column = ?` when a value is given (None and "" mean "any")."""
        return self.add(f"{column} = ?", value) if value else self

    def date_range(self, date_from: str | None, date_to: str | None, column: str = "date_value") -> Where:
        """Dates compare on their text prefix: `date_to` 2024-06 keeps every day of June."""
        if date_from:
            self.add(f"{column} >= ?", date_from)
        if date_to:
            self.add(f"SUBSTR({column}, 1, ?) <= ?", len(date_to), date_to)
        return self

    def sql(self) -> tuple[str, list[Any]]:
        """(" WHERE ..." or "", parameters)."""
        return (" WHERE " + " AND ".join(self.clauses) if self.clauses else ""), list(self.params)


def event_where(flt: EventFilter, near_clause: NearClause = plain_near_clause) -> tuple[str, list[Any]]:
    """The events table's WHERE clause for a filter; `near_clause` is the backend's spatial test."""
    w = Where()
    if flt.type:
        w.add("type = ?", flt.type.upper())
    if flt.country:
        w.add("(country = ? OR actor1_country = ? OR actor2_country = ?)", *[flt.country.upper()] * 3)
    if flt.admin1:
        w.add("LOWER(admin1) = ?", flt.admin1.lower())
    if flt.actor:
        w.add("actor_text LIKE ? ESCAPE '\\'", f"%{like_literal(flt.actor.lower())}%")
    if flt.mineral:
        w.add("minerals LIKE ? ESCAPE '\\'", f"%,{like_literal(flt.mineral.lower())},%")
    w.date_range(flt.date_from, flt.date_to)
    w.equal("factuality", flt.factuality)
    w.equal("doc_id", flt.doc_id)
    for column, value in (("source_type", flt.source_type), ("genre", flt.genre)):
        if value:   # the column name is one of these two literals, never user text
            w.add(f"doc_id IN (SELECT doc_id FROM doc_sources WHERE {column} = ?)", value.lower())
    if flt.near_lat is not None and flt.near_lon is not None:
        clause, near_params = near_clause(float(flt.near_lat), float(flt.near_lon), float(flt.within_km))
        w.add(clause, *near_params)
    if not flt.include_historical:
        w.add("NOT historical")
    if flt.min_confidence is not None:
        w.add("confidence >= ?", float(flt.min_confidence))
    return w.sql()


def document_where(query: str | None, status: str | None) -> tuple[str, list[Any]]:
    """Documents whose title, text or id contains `query` (case-insensitive), of that status."""
    w = Where()
    if query:
        pattern = f"%{like_literal(query.lower())}%"
        w.add("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(clean_text) LIKE ? ESCAPE '\\' "
              "OR LOWER(id) LIKE ? ESCAPE '\\')", pattern, pattern, pattern)
    w.equal("status", status)
    return w.sql()


def incident_where(flt: IncidentFilter) -> tuple[str, list[Any]]:
    """The incidents table's WHERE clause (values compared as given, unlike events' upper-casing)."""
    w = Where()
    for column, value in (("type", flt.type), ("country", flt.country), ("admin1", flt.admin1)):
        w.equal(column, value)
    w.date_range(flt.date_from, flt.date_to)
    if flt.min_sources:
        w.add("n_independent_sources >= ?", int(flt.min_sources))
    if flt.event_id:
        w.add("incident_id IN (SELECT incident_id FROM incident_events WHERE event_id = ?)", flt.event_id)
    return w.sql()


def alert_where(flt: AlertFilter) -> tuple[str, list[Any]]:
    w = Where().equal("rule", flt.rule)
    if flt.acknowledged is not None:
        w.add("acknowledged = ?", bool(flt.acknowledged))
    return w.sql()
