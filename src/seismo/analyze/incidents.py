"""Incidents: one real-world happening, many reports.

Public API (stable; used by the API/dashboard and by seismo.analyze.persist):

    index = IncidentIndex(config=MatchConfig())     # defaults: 50 km, 3 days for day-precise dates
    changed = index.add(events, docs)               # -> list[str] incident ids created/updated
    index.incidents() -> list[Incident]             # sorted by incident_id
    index.incident(incident_id) -> Incident | None
    index.incident_of(event_id) -> str | None
    match_score(a, b, config, docs) -> float | None # None: impossible (hard constraint failed)
    same_happening(a, b, config=None, docs=None) -> bool
    source_key(doc, docs) -> str                    # the outlet a report counts as
    pairwise_scores(predicted, gold) -> {"precision", "recall", ...}

Matching (seismo.analyze.matching): hard constraints on type, country, distance and date window,
then a weighted score of place, date, actor, evidence words and type must reach a threshold.

Clustering is single-link union-find; the result depends only on the set of events, not on the
order they arrive, so re-adding events is idempotent. Blocking (a finer form of "country + type
family + week"): each event sits in the buckets (type family, day, country) its date interval
covers, and inside a bucket in a grid cell about `max_km` wide (or in the "no coordinates" cell);
a new event is compared only with the events of the days within the window, in its country (and
those with no country), in the neighbouring cells. Adding an article stays cheap on 100k events.

Incident ids are "inc-" + a hash of the smallest member event id: stable for the same members.
Negated, hypothetical and historical events never form incidents.
"""
from __future__ import annotations

import dataclasses
import hashlib
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import urlsplit

from seismo import taxonomy
from seismo.analyze.matching import (EXCLUDED_FACTUALITY, FINE, MatchConfig,  # noqa: F401
                                     eligible, event_country, event_interval, haversine_km, match_score,
                                     own_place, parse_date, same_happening, types_compatible)
from seismo.records import Document, Event

PRECISION_RANK = {"site": 0, "town": 1, "admin2": 2, "admin1": 3, "country": 4}


@dataclass(slots=True)
class IncidentReport:
    """One event record inside an incident, with what the dashboard shows side by side."""
    event_id: str
    doc_id: str
    outlet: str
    published: str | None
    type: str
    sentence: str
    fatalities: int | None = None


@dataclass
class Incident:
    incident_id: str
    type: str
    event_ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    n_reports: int = 0                 # documents reporting it
    n_independent_sources: int = 0     # outlets, syndicated copies counted with their original
    sources: list[str] = field(default_factory=list)
    first_seen: str | None = None      # earliest publication date among the reports
    last_seen: str | None = None
    mode: str | None = None
    actors: list[str] = field(default_factory=list)   # consensus actor names, most reported first
    country: str | None = None
    admin1: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: str | None = None
    fatalities: int | None = None      # median over reports that give a number
    minerals: list[str] = field(default_factory=list)
    disagreements: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # field -> value -> doc ids
    confidence: float = 0.0
    reports: list[IncidentReport] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Incident":
        d = dict(d)
        d["reports"] = [IncidentReport(**r) for r in d.get("reports", [])]
        return cls(**d)


# -- features -------------------------------------------------------------------------------------
def source_key(doc: Document | None, docs: dict[str, Document] | None = None) -> str:
    """The outlet a report counts as; a syndicated copy counts as its original's outlet."""
    docs = docs or {}
    seen = set()
    while doc is not None and doc.duplicate_of and doc.duplicate_of in docs and doc.id not in seen:
        seen.add(doc.id)
        doc = docs[doc.duplicate_of]
    if doc is None:
        return "?"
    if doc.outlet:
        return doc.outlet.strip().lower().removeprefix("www.")
    if doc.url:
        host = urlsplit(doc.url).netloc.lower().removeprefix("www.")
        if host:
            return host
    return doc.duplicate_of or doc.id


def _linkable(a: Event, b: Event) -> bool:
    """Events of different documents; within one document only two mentions of the same mode
    (e.g. "the coup" and "the failed coup"), since a round-up article lists distinct happenings."""
    return a.doc_id != b.doc_id or (a.mode is not None and a.mode == b.mode)


def _cell(e: Event, cfg: MatchConfig) -> tuple[int, int] | None:
    """Grid cell (about max_km wide) of an event with fine-grained coordinates, else None."""
    loc = own_place(e)
    if not loc or loc.precision not in FINE or loc.lat is None or loc.lon is None:
        return None
    size = cfg.max_km / 111.0
    return int(math.floor(loc.lat / size)), int(math.floor(loc.lon / size))


def _near_cells(cell: tuple[int, int], lat: float, cfg: MatchConfig) -> list[tuple[int, int]]:
    # a degree of longitude shrinks with latitude: look further east and west near the poles
    k = min(20, math.ceil(1 / max(0.05, math.cos(math.radians(lat)))))
    return [(cell[0] + i, cell[1] + j) for i in (-1, 0, 1) for j in range(-k, k + 1)]


class IncidentIndex:
    """Incremental single-link clustering of events into incidents (union-find inside blocks)."""

    def __init__(self, config: MatchConfig | None = None, text_of=None, **overrides):
        """`text_of(doc_id) -> str` reads a document's text lazily (e.g. from a store); default:
        the clean_text of the documents given to `add`. Overrides: MatchConfig fields."""
        self.config = dataclasses.replace(config or MatchConfig(), **overrides)
        self.text_of = text_of
        self.events: dict[str, Event] = {}
        self.docs: dict[str, Document] = {}
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}       # root -> member event ids
        self._points: dict[str, list[tuple[float, float]]] = {}   # root -> fine coordinates of members
        # (family, day ordinal, country) -> grid cell (None: no fine coordinates) -> event ids;
        # day None holds events with no date and no publication date
        self._blocks: dict[tuple, dict] = defaultdict(lambda: defaultdict(list))
        self._countries: dict[tuple, set] = defaultdict(set)     # (family, day) -> countries seen
        self._ids: dict[str, str] | None = None                  # incident id -> root, lazily

    # union-find ---------------------------------------------------------------------------------
    def _find(self, x: str) -> str:
        root = x
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[x] != root:               # path compression
            self._parent[x], x = root, self._parent[x]
        return root

    def _union(self, a: str, b: str) -> str:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        if len(self._members[ra]) < len(self._members[rb]):
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._members[ra].extend(self._members.pop(rb))
        self._points[ra].extend(self._points.pop(rb))
        return ra

    def _apart(self, a: str, b: str) -> bool:
        """Whether joining the incidents of a and b would put two fine-grained places further
        apart than max_km in one incident. Single-link chaining would otherwise let a vague report
        (country precision) bridge two towns: a Kinshasa march and a Lubumbashi strike that day."""
        pa, pb = self._points[self._find(a)], self._points[self._find(b)]
        return any(haversine_km(x[0], x[1], y[0], y[1]) > self.config.max_km for x in pa for y in pb)

    # blocking -----------------------------------------------------------------------------------
    def _days(self, e: Event, lookup: bool) -> list[int | None]:
        """Days an event is filed under (lookup=False) or searched in (lookup=True).

        Dated events are filed under their own days and search `max_days` around them; an event
        placed by its publication date is filed and searched `undated_days` wider, which covers
        the wider window such pairs get in match_score.
        """
        iv = event_interval(e, self.docs.get(e.doc_id), self.config)
        if iv is None:
            return [None]
        pad = self.config.undated_days if iv[2] == "published" else 0
        pad += self.config.max_days if lookup else 0
        return list(range(iv[0].toordinal() - pad, iv[1].toordinal() + pad + 1))

    def _candidates(self, e: Event) -> set[str]:
        family = taxonomy.family_of(e.type)
        country = event_country(e)
        cell = _cell(e, self.config)
        near = _near_cells(cell, own_place(e).lat, self.config) + [None] if cell else None
        out: set[str] = set()
        for day in self._days(e, lookup=True):
            countries = self._countries.get((family, day), ()) if country is None else (country, None)
            for c in countries:
                block = self._blocks.get((family, day, c))
                if not block:
                    continue
                if near is None or c is None:
                    for ids in block.values():
                        out.update(ids)
                else:
                    for k in near:
                        out.update(block.get(k, ()))
        return out

    def _index(self, e: Event) -> None:
        family, country, cell = taxonomy.family_of(e.type), event_country(e), _cell(e, self.config)
        for day in self._days(e, lookup=False):
            self._blocks[(family, day, country)][cell].append(e.event_id)
            self._countries[(family, day)].add(country)

    # public -------------------------------------------------------------------------------------
    def add(self, events: Iterable[Event], docs: Iterable[Document] = ()) -> list[str]:
        """Add events (and their documents); returns the ids of incidents created or changed.

        Events already in the index (same event_id) are ignored, so re-adding is idempotent.
        """
        for d in docs:
            self.docs[d.id] = d
        touched: set[str] = set()
        self._ids = None
        for e in events:
            if not eligible(e) or e.event_id in self.events:
                continue
            self.events[e.event_id] = e
            self._parent[e.event_id] = e.event_id
            self._members[e.event_id] = [e.event_id]
            loc = own_place(e)
            self._points[e.event_id] = [(loc.lat, loc.lon)] if _cell(e, self.config) else []
            for other in sorted(self._candidates(e)):
                if _linkable(e, self.events[other]) and not self._apart(e.event_id, other) and \
                        same_happening(e, self.events[other], self.config, self.docs, self.text_of):
                    self._union(e.event_id, other)
            self._index(e)
            touched.add(e.event_id)
        return sorted({self.incident_of(x) for x in touched})

    def incident_of(self, event_id: str) -> str | None:
        if event_id not in self._parent:
            return None
        return _incident_id(self._members[self._find(event_id)])

    def incident(self, incident_id: str) -> Incident | None:
        if self._ids is None:      # rebuilt lazily after each add
            self._ids = {_incident_id(m): root for root, m in self._members.items()}
        root = self._ids.get(incident_id)
        if root is None:
            return None
        return summarise([self.events[x] for x in sorted(self._members[root])], self.docs)

    def incidents(self) -> list[Incident]:
        out = [summarise([self.events[x] for x in sorted(m)], self.docs) for m in self._members.values()]
        return sorted(out, key=lambda i: i.incident_id)


def _incident_id(members: list[str]) -> str:
    return "inc-" + hashlib.sha1(min(members).encode()).hexdigest()[:12]


# -- consensus --------------------------------------------------------------------------------------
def _by_doc(events: list[Event], value) -> dict[str, list[str]]:
    """value -> doc ids reporting it (one value per document: its first non-empty one)."""
    out: dict[str, list[str]] = defaultdict(list)
    seen = set()
    for e in events:
        v = value(e)
        if v is None or e.doc_id in seen:
            continue
        seen.add(e.doc_id)
        out[str(v)].append(e.doc_id)
    return dict(out)


def _mode(values: dict[str, list[str]]) -> str | None:
    if not values:
        return None
    return sorted(values, key=lambda v: (-len(values[v]), v))[0]


def summarise(events: list[Event], docs: dict[str, Document]) -> Incident:
    """The incident of these events: counts, consensus values, disagreements, confidence."""
    doc_ids = sorted({e.doc_id for e in events})
    sources = sorted({source_key(docs.get(d), docs) if d in docs else d for d in doc_ids})
    published = sorted(docs[d].published for d in doc_ids if d in docs and docs[d].published)
    fields = {
        "type": _by_doc(events, lambda e: e.type),
        # resolved place names only: an unresolved location text may be any phrase the coder kept
        "location": _by_doc(events, lambda e: e.location.name if e.location else None),
        "date": _by_doc(events, lambda e: e.date.value if e.date and e.date.value else None),
        "fatalities": _by_doc(events, lambda e: e.fatalities),
    }
    deaths = [int(k) for k, v in fields["fatalities"].items() for _ in v]
    loc = _consensus_location(events, _mode(fields["location"]))
    actors = Counter(a.name or a.text for e in events for a in (e.actor1, e.actor2) if a and (a.name or a.text))
    n_ind = len(sources)
    base = min(0.9, max(0.3, statistics.fmean(e.confidence for e in events)))
    return Incident(
        incident_id=_incident_id([e.event_id for e in events]),
        type=_mode(fields["type"]) or events[0].type,
        event_ids=[e.event_id for e in events], doc_ids=doc_ids,
        n_reports=len(doc_ids), n_independent_sources=n_ind, sources=sources,
        first_seen=published[0] if published else None, last_seen=published[-1] if published else None,
        mode=Counter(e.mode for e in events if e.mode).most_common(1)[0][0] if any(e.mode for e in events)
        else None,
        actors=[n for n, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))],
        country=(loc.country if loc else None) or next((c for c in map(event_country, events) if c), None),
        admin1=loc.admin1 if loc else None, location=(loc.name or loc.text) if loc else None,
        lat=loc.lat if loc else None, lon=loc.lon if loc else None,
        date=_mode(fields["date"]),
        fatalities=int(statistics.median(deaths)) if deaths else None,
        minerals=sorted({m.name for e in events for m in e.minerals}),
        disagreements={k: v for k, v in fields.items() if len(v) > 1},
        # independent corroboration: each further outlet removes part of the remaining doubt
        confidence=round(1 - (1 - base) ** n_ind, 3),
        reports=[IncidentReport(e.event_id, e.doc_id, source_key(docs.get(e.doc_id), docs)
                                if e.doc_id in docs else e.doc_id,
                                docs[e.doc_id].published if e.doc_id in docs else None,
                                e.type, e.evidence.sentence, e.fatalities) for e in events])


def _consensus_location(events: list[Event], name: str | None):
    """The most precise location among the reports carrying the consensus place name."""
    locs = [e.location for e in events if e.location and e.location.name == name]
    if not locs:
        return None
    return min(locs, key=lambda l: (PRECISION_RANK.get(l.precision or "", 5), l.lat is None))


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
    return {"precision": round(p, 3), "recall": round(r, 3), "tp": tp, "fp": fp, "fn": fn}
