"""Incidents: one real-world happening, many reports.

Two event records describe the same happening when their types are compatible (the same PLOVER
type, or a seizure coded ASSAULT by one outlet and COERCE by another), their places are within
`max_km` (or, without coordinates, in the same country), their dates fall within a window that
depends on precision, their actors do not contradict each other, and their evidence shares
content words. Matching runs inside blocks (country + type family) so adding an article costs
comparisons with that block only; `IncidentIndex.add` is incremental and idempotent.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from seismo.records import Document, Event

FAMILY = {"ASSAULT": "violence", "COERCE": "violence", "MOBILIZE": "violence", "PROTEST": "protest"}
COMPATIBLE = {frozenset({"ASSAULT", "COERCE"})}
FINE = {"site", "town", "admin2"}   # location precisions whose coordinates mean a distance
STOP = set("the a an of in on at to and or for with by from as that this was were is are be been has have "
           "had it its their his her they he she said says after before over into than also".split())


@dataclass
class Incident:
    incident_id: str
    type: str
    event_ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    n_reports: int = 0
    n_independent_sources: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    country: str | None = None
    location: str | None = None
    date: str | None = None
    fatalities: int | None = None
    disagreements: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    confidence: float = 0.0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def source_key(doc: Document | None, docs: dict[str, Document]) -> str:
    """The outlet a report comes from; a syndicated copy counts as its original's outlet."""
    if doc is None:
        return "?"
    if doc.duplicate_of and doc.duplicate_of in docs:
        return source_key(docs[doc.duplicate_of], docs)
    if doc.outlet:
        return doc.outlet.lower()
    if doc.url:
        return urlsplit(doc.url).netloc.lower().removeprefix("www.")
    return doc.id


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP and len(w) > 2}


def _km(a, b) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _day(e: Event) -> tuple[dt.date, str] | None:
    if e.date is None or not e.date.value:
        return None
    v = e.date.value
    try:
        return dt.date.fromisoformat(v if len(v) == 10 else (v + "-01" if len(v) == 7 else v + "-01-01")), \
            e.date.precision or "day"
    except ValueError:
        return None


def _country(e: Event) -> str | None:
    return (e.location.country if e.location else None) or (e.actor1.country if e.actor1 else None)


def same_happening(a: Event, b: Event, max_km: float = 50, max_days: int = 3) -> bool:
    if a.type != b.type and frozenset({a.type, b.type}) not in COMPATIBLE:
        return False
    ca, cb = _country(a), _country(b)
    if ca and cb and ca != cb:
        return False
    if a.location and b.location and {a.location.precision, b.location.precision} <= FINE:
        km = _km(a.location, b.location)   # a province or country centroid says nothing about distance
        if km is not None and km > max_km:
            return False
    da, db = _day(a), _day(b)
    if da and db:
        window = max_days if "day" == da[1] == db[1] else 31 if "year" not in (da[1], db[1]) else 366
        if abs((da[0] - db[0]).days) > window:
            return False
    for slot in ("actor1",):
        x, y = getattr(a, slot), getattr(b, slot)
        if x and y and x.country and y.country and x.country != y.country:
            return False
    overlap = _words(a.evidence.sentence) & _words(b.evidence.sentence)
    same_place = bool(a.location and b.location and (a.location.name or a.location.text) ==
                      (b.location.name or b.location.text))
    same_actor = bool(a.actor1 and b.actor1 and a.actor1.name and a.actor1.name == b.actor1.name)
    return len(overlap) >= 3 or (same_place and (same_actor or len(overlap) >= 1))


class IncidentIndex:
    """Incremental clustering of events into incidents (union-find within blocks)."""

    def __init__(self, max_km: float = 50, max_days: int = 3):
        self.max_km, self.max_days = max_km, max_days
        self.events: dict[str, Event] = {}
        self.docs: dict[str, Document] = {}
        self.parent: dict[str, str] = {}
        self.blocks: dict[tuple, list[str]] = defaultdict(list)

    def _find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def _block(self, e: Event) -> tuple:
        return (_country(e), FAMILY.get(e.type, e.type))

    def add(self, events: list[Event], docs: list[Document] = ()) -> set[str]:
        """Add events (and their documents); returns the ids of incidents that changed."""
        for d in docs:
            self.docs[d.id] = d
        changed = set()
        for e in events:
            if e.historical or e.factuality in ("negated", "hypothetical") or e.event_id in self.events:
                continue
            self.events[e.event_id] = e
            self.parent[e.event_id] = e.event_id
            block = self.blocks[self._block(e)]
            for other in block:
                if self.events[other].doc_id != e.doc_id and \
                        same_happening(e, self.events[other], self.max_km, self.max_days):
                    self.parent[self._find(e.event_id)] = self._find(other)
            block.append(e.event_id)
            changed.add(self._find(e.event_id))
        return {self.incident_of(x) for x in changed}

    def incident_of(self, event_id: str) -> str:
        root = self._find(event_id)
        members = sorted(x for x in self.parent if self._find(x) == root)
        return "inc-" + hashlib.sha1(members[0].encode()).hexdigest()[:12]

    def incidents(self) -> list[Incident]:
        groups: dict[str, list[Event]] = defaultdict(list)
        for eid in self.events:
            groups[self._find(eid)].append(self.events[eid])
        return [self._summarise(sorted(g, key=lambda e: e.event_id)) for g in groups.values()]

    def _summarise(self, events: list[Event]) -> Incident:
        docs = [self.docs.get(e.doc_id) for e in events]
        sources = {source_key(d, self.docs) for d in docs}
        published = sorted(d.published for d in docs if d is not None and d.published)
        deaths: dict[str, list[str]] = defaultdict(list)
        for e in events:
            if e.fatalities is not None:
                deaths[str(e.fatalities)].append(e.doc_id)
        counts = [int(k) for k, v in deaths.items() for _ in v]
        first = events[0]
        n_ind = len(sources)
        return Incident(
            incident_id="inc-" + hashlib.sha1(first.event_id.encode()).hexdigest()[:12],
            type=Counter(e.type for e in events).most_common(1)[0][0],
            event_ids=[e.event_id for e in events], doc_ids=sorted({e.doc_id for e in events}),
            n_reports=len({e.doc_id for e in events}), n_independent_sources=n_ind,
            first_seen=published[0] if published else None, last_seen=published[-1] if published else None,
            country=next((c for c in map(_country, events) if c), None),
            location=next((e.location.name or e.location.text for e in events if e.location), None),
            date=next((e.date.value for e in events if e.date and e.date.value), None),
            fatalities=int(statistics.median(counts)) if counts else None,
            disagreements={"fatalities": dict(deaths)} if len(deaths) > 1 else {},
            confidence=round(1 - 0.5 ** n_ind, 3))


def pairwise_scores(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall of a clustering (item -> cluster) against gold labels."""
    items = sorted(set(predicted) & set(gold))
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            same_p, same_g = predicted[a] == predicted[b], gold[a] == gold[b]
            tp += same_p and same_g
            fp += same_p and not same_g
            fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "pairs": tp + fp + fn, "tp": tp}
