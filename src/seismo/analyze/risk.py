"""Risk indicators: weekly/monthly event series per place and mineral, baselines, anomalies.

Public API (stable):

    risk_series(events, docs=(), level="country", period="week", ...) -> list[RiskRow]
    minerals_at_risk(events, sites=None, max_km=50) -> list[MineralRisk]
    mining_sites() -> list[MiningSite-like]   # adapter over seismo.resolve.geo; [] when absent
    QUAD, quad_of(type) -> "verbal_cooperation" | "material_cooperation" | "verbal_conflict" | "material_conflict"
    intensity(events_with_fatalities) -> float

Quad classes follow the PLOVER codebook (section headers and summary table): verbal cooperation
AGREE CONSULT SUPPORT CONCEDE; material cooperation COOPERATE AID RETREAT; verbal conflict REQUEST
ACCUSE REJECT THREATEN; material conflict PROTEST SANCTION MOBILIZE COERCE ASSAULT. (The codebook's
small "Quad categories" table lists SANCTION under verbal conflict; its own SANCTION section and
summary table say material conflict, which is what Seismo and data/lexicons/plover.yaml use.)

Intensity of a cell = sum of event weights + 2 * ln(1 + fatalities), where the weight is 2 for
ASSAULT, 1 for the other material-conflict types, 0.5 for verbal conflict and 0 for cooperation:
violence counts most, talk of conflict a little, cooperation not at all; the log keeps one
massacre from drowning every other signal while deaths still dominate.

Baseline: for each place (or mineral) and period, the mean and standard deviation of the metric
over the `baseline_periods` (default 8) previous periods, empty periods counting as 0; the grid
runs from the first to the last period present in the input. z = (value - mean) / max(std, 1):
the floor stops a quiet place with a constant baseline from producing infinite z. A cell is an
anomaly when z >= z_threshold (2) and value >= min_count (3) and at least `min_baseline` (2)
baseline periods exist;
its `event_ids` are the events that drive it.

Events counted: not negated, not hypothetical, not historical. The date is the event's date
(day precision for weeks; day or month precision for months), else the document's publication
date. With `incident_of` (event_id -> incident_id) the reports of one incident count once per cell.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from seismo import taxonomy
from seismo.analyze.matching import FINE, eligible, event_country
from seismo.geodesy import haversine_km
from seismo.records import Document, Event

QUAD = taxonomy.quads()   # PLOVER quad class by type, from the event-type registry
CONFLICT_QUADS = ("verbal_conflict", "material_conflict")
LEVELS = ("country", "admin1", "mineral")
PERIODS = ("week", "month")


quad_of = taxonomy.quad_of


@dataclass(slots=True)
class RiskRow:
    level: str                    # country | admin1 | mineral
    key: str                      # ISO3 | "ISO3/admin1 name" | mineral name
    period: str                   # week | month
    period_start: str             # Monday of the week / first day of the month (ISO)
    n_events: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_quad: dict[str, int] = field(default_factory=dict)
    fatalities: int = 0
    intensity: float = 0.0
    metric: str = "n_events"      # the value the baseline and z are computed on
    baseline_mean: float | None = None
    baseline_std: float | None = None
    z: float | None = None
    anomaly: bool = False
    event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {f: getattr(self, f) for f in self.__slots__}

    def value(self) -> float:
        return float(getattr(self, self.metric))


@dataclass(slots=True)
class MineralRisk:
    event_id: str
    doc_id: str
    type: str
    reason: str                   # mentions | near-site | both
    minerals: list[str] = field(default_factory=list)
    date: str | None = None
    country: str | None = None
    admin1: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    site: str | None = None       # nearest known mining locality within max_km
    site_km: float | None = None
    sentence: str = ""

    def to_dict(self) -> dict:
        return {f: getattr(self, f) for f in self.__slots__}


def mining_sites() -> list:
    """Known mining localities (seismo.resolve.geo.mining_sites), or [] when unavailable."""
    try:
        from seismo.resolve.geo import mining_sites as _sites
        return list(_sites())
    except (ImportError, OSError, KeyError, ValueError):
        return []


def intensity(events: Iterable[Event]) -> float:
    events = list(events)
    weight = sum(taxonomy.risk_weight(e.type) for e in events)
    deaths = sum(e.fatalities or 0 for e in events)
    return round(weight + 2 * math.log1p(deaths), 3)


# -- keys and periods -----------------------------------------------------------------------------
def _period_start(d: dt.date, period: str) -> dt.date:
    return d - dt.timedelta(days=d.weekday()) if period == "week" else d.replace(day=1)


def _next(d: dt.date, period: str) -> dt.date:
    if period == "week":
        return d + dt.timedelta(days=7)
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def event_day(e: Event, doc: Document | None, period: str) -> dt.date | None:
    """The day used to place an event in a period (see module docstring)."""
    for value, precision in ((e.date.value, e.date.precision) if e.date else (None, None),
                             (doc.published if doc else None, "day")):
        if not value:
            continue
        try:
            if len(value) >= 10 and precision in (None, "day"):
                return dt.date.fromisoformat(value[:10])
            if len(value) >= 7 and period == "month":
                return dt.date.fromisoformat(value[:7] + "-01")
        except ValueError:
            continue
        return None   # an imprecise event date is not replaced by the publication date
    return None


def place_keys(e: Event, level: str) -> list[str]:
    if level == "country":
        c = event_country(e)
        return [c] if c else []
    if level == "admin1":
        loc = e.location
        return [f"{loc.country}/{loc.admin1}"] if loc and loc.country and loc.admin1 else []
    if level == "mineral":
        return sorted({m.name for m in e.minerals})
    raise ValueError(f"unknown level {level!r}; use one of {LEVELS}")


# -- series ---------------------------------------------------------------------------------------
def _dedupe(events: list[Event], incident_of: dict[str, str] | None) -> list[Event]:
    """One representative per incident: the report with the median fatality count."""
    if not incident_of:
        return events
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        groups[incident_of.get(e.event_id, e.event_id)].append(e)
    out = []
    for members in groups.values():
        members.sort(key=lambda e: (e.fatalities is None, e.fatalities or 0, e.event_id))
        known = [e for e in members if e.fatalities is not None]
        out.append(known[(len(known) - 1) // 2] if known else members[0])
    return out


def _cell(level: str, key: str, period: str, start: dt.date, events: list[Event], reps: list[Event],
          metric: str) -> RiskRow:
    if not events:   # most cells of a grid spanning years: the same empty row, without counting
        return RiskRow(level, key, period, start.isoformat(), n_events=0, by_type={}, by_quad={},
                       fatalities=0, intensity=intensity(()), metric=metric, event_ids=[])
    return RiskRow(level, key, period, start.isoformat(), n_events=len(reps),
                   by_type=dict(sorted(Counter(e.type for e in reps).items())),
                   by_quad=dict(sorted(Counter(QUAD.get(e.type, "other") for e in reps).items())),
                   fatalities=sum(e.fatalities or 0 for e in reps), intensity=intensity(reps),
                   metric=metric, event_ids=sorted(e.event_id for e in events))


def risk_series(events: Iterable[Event], docs: Iterable[Document] = (), level: str = "country",
                period: str = "week", metric: str = "n_events", baseline_periods: int = 8,
                z_threshold: float = 2.0, min_count: float = 3, incident_of: dict[str, str] | None = None,
                fill: bool = False, min_baseline: int = 2) -> list[RiskRow]:
    """Series rows for every (key, period) with events (every period of the grid when `fill`)."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {PERIODS}")
    doc_map = {d.id: d for d in docs}
    cells: dict[tuple[str, dt.date], list[Event]] = defaultdict(list)
    for e in events:
        if not eligible(e):
            continue
        day = event_day(e, doc_map.get(e.doc_id), period)
        if day is None:
            continue
        for key in place_keys(e, level):
            cells[(key, _period_start(day, period))].append(e)
    if not cells:
        return []
    grid, d = [], min(p for _, p in cells)
    last = max(p for _, p in cells)
    while d <= last:
        grid.append(d)
        d = _next(d, period)
    rows = []
    for key in sorted({k for k, _ in cells}):
        history: list[float] = []
        for start in grid:
            evs = cells.get((key, start), [])
            row = _cell(level, key, period, start, evs, _dedupe(evs, incident_of), metric)
            _score(row, history[-baseline_periods:], z_threshold, min_count, min_baseline)
            history.append(row.value())
            if evs or fill:
                rows.append(row)
    return rows


def _score(row: RiskRow, base: list[float], z_threshold: float, min_count: float, min_baseline: int) -> None:
    if len(base) < max(1, min_baseline):
        return
    if any(base):
        row.baseline_mean = round(statistics.fmean(base), 3)
        row.baseline_std = round(statistics.pstdev(base), 3)   # exact (Fractions): slow
    else:   # a quiet history, as in most cells of a grid spanning years: the same 0.0, at once
        row.baseline_mean = row.baseline_std = 0.0
    row.z = round((row.value() - row.baseline_mean) / max(row.baseline_std, 1.0), 3)
    row.anomaly = row.z >= z_threshold and row.value() >= min_count


# -- minerals at risk -------------------------------------------------------------------------------
def nearest_site(lat: float, lon: float, sites: list, max_km: float):
    """(site, km) of the nearest mining locality within max_km, else (None, None)."""
    best, best_km = None, None
    for s in sites:
        km = haversine_km(lat, lon, s.lat, s.lon)
        if km <= max_km and (best_km is None or km < best_km):
            best, best_km = s, km
    return best, (round(best_km, 1) if best_km is not None else None)


def minerals_at_risk(events: Iterable[Event], sites: list | None = None, max_km: float = 50.0,
                     quads: tuple[str, ...] = CONFLICT_QUADS) -> list[MineralRisk]:
    """Conflict events that mention a mineral or happen within max_km of a known mining locality.

    Distances use fine-grained event locations only (site, town, admin2): a province centroid
    near a mine says nothing about the mine.
    """
    sites = mining_sites() if sites is None else sites
    out = []
    for e in events:
        if not eligible(e) or QUAD.get(e.type) not in quads:
            continue
        loc = e.location
        site, km = None, None
        if sites and loc and loc.precision in FINE and loc.lat is not None and loc.lon is not None:
            site, km = nearest_site(loc.lat, loc.lon, sites, max_km)
        mentioned = sorted({m.name for m in e.minerals})
        if not mentioned and site is None:
            continue
        minerals = sorted(set(mentioned) | set(getattr(site, "minerals", ()) or ()))
        out.append(MineralRisk(
            e.event_id, e.doc_id, e.type, "both" if mentioned and site else "mentions" if mentioned
            else "near-site", minerals, e.date.value if e.date else None, event_country(e),
            loc.admin1 if loc else None, (loc.name or loc.text) if loc else None,
            loc.lat if loc else None, loc.lon if loc else None, site.name if site else None, km,
            e.evidence.sentence))
    return out
