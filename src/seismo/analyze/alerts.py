"""Alerts: readable rules evaluated on newly arrived events.

Public API (stable):

    load_rules(path=None) -> list[AlertRule]     # SEISMO_ALERT_RULES, else data/analyze/alerts.yaml
    evaluate_alerts(new_events, context, rules=None) -> list[Alert]
    AlertContext(history=[...], docs={...}, incident_of={...}, sites=None)
    Alert (.to_dict()), AlertSink protocol: .emit(alerts) -> int
    WebhookSink(url, transport=None)             # POST {"alerts": [...]} as JSON with httpx
    (the store sink, StoreAlertSink, is in seismo.analyze.persist)

Rule kinds (documented in the rules file): `event` (a new event matching type/mode/factuality/
place conditions, e.g. any coup; a town seized within 50 km of a mining locality), `baseline` (a
place's weekly/monthly value above its own trailing baseline, from seismo.analyze.risk) and
`new_actor` (an actor seen for the first time in an admin1 or country).

Alert ids are stable hashes of the rule id and what the alert is about (the incident, the
place-period, the actor-region), so evaluating the same events again yields the same alerts and a
sink that keys on alert_id stores each once. One alert per incident: several reports of one coup
give one alert carrying all their evidence sentences.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Protocol

import yaml

from seismo.analyze.matching import FINE, eligible, event_country
from seismo.analyze.risk import place_keys, mining_sites, nearest_site, risk_series
from seismo.errors import ConfigError
from seismo.records import Document, Event
from seismo.yamlio import load_yaml

log = logging.getLogger(__name__)
KINDS = ("event", "baseline", "new_actor")
SEVERITIES = ("low", "medium", "high")
MATCH_KEYS = {"types", "modes", "factuality", "exclude_factuality", "precision", "countries",
              "near_mining_km", "include_historical"}
MAX_EVIDENCE = 5


@dataclass(slots=True)
class AlertRule:
    id: str
    title: str
    kind: str
    severity: str = "medium"
    match: dict = field(default_factory=dict)      # `event` rules
    params: dict = field(default_factory=dict)     # `baseline` / `new_actor` rules


@dataclass(slots=True)
class Alert:
    alert_id: str
    rule: str
    title: str
    severity: str
    message: str
    key: str                                        # what the alert is about (incident, place/period...)
    incident_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)   # source sentences
    country: str | None = None
    admin1: str | None = None
    data: dict = field(default_factory=dict)        # rule-specific figures (km, site, z ...)
    created_at: str = ""
    acknowledged: bool = False

    def to_dict(self) -> dict:
        return {f: getattr(self, f) for f in self.__slots__}


@dataclass
class AlertContext:
    """What rules may look at besides the new events."""
    history: list[Event] = field(default_factory=list)       # events known before (may include new ones)
    docs: dict[str, Document] = field(default_factory=dict)
    incident_of: dict[str, str] = field(default_factory=dict)  # event_id -> incident_id
    sites: list | None = None                                 # mining localities; None: load them


class AlertSink(Protocol):
    def emit(self, alerts: list[Alert]) -> int:
        """Deliver alerts; returns how many were delivered (new)."""


# -- rules ------------------------------------------------------------------------------------------
def rules_path() -> Path | None:
    env = os.environ.get("SEISMO_ALERT_RULES")
    return Path(env) if env else None


def load_rules(path: str | Path | None = None) -> list[AlertRule]:
    """Rules from `path`, else $SEISMO_ALERT_RULES, else the rules shipped with Seismo."""
    path = Path(path) if path else rules_path()
    try:
        text = path.read_text(encoding="utf-8") if path else \
            resources.files("seismo").joinpath("data/analyze/alerts.yaml").read_text(encoding="utf-8")
        data = load_yaml(text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read alert rules {path}: {exc}") from exc
    return [_rule(r, path) for r in data.get("rules") or []]


def _rule(raw: dict, path) -> AlertRule:
    if not isinstance(raw, dict) or not raw.get("id") or raw.get("kind") not in KINDS:
        raise ConfigError(f"alert rule needs an id and a kind in {KINDS}: {raw!r} ({path or 'default'})")
    raw = dict(raw)
    rule = AlertRule(id=str(raw.pop("id")), title=str(raw.pop("title", "")), kind=raw.pop("kind"),
                     severity=str(raw.pop("severity", "medium")), match=dict(raw.pop("match", None) or {}))
    rule.params = raw
    unknown = set(rule.match) - MATCH_KEYS
    if unknown or rule.severity not in SEVERITIES:
        raise ConfigError(f"alert rule {rule.id}: unknown match keys {sorted(unknown)} "
                          f"or severity {rule.severity!r} ({path or 'default'})")
    return rule


# -- evaluation -------------------------------------------------------------------------------------
def evaluate_alerts(new_events: Iterable[Event], context: AlertContext | None = None,
                    rules: list[AlertRule] | None = None) -> list[Alert]:
    """Alerts raised by the new events, sorted by alert id (one per rule and subject)."""
    new_events = [e for e in new_events if e is not None]
    context = context or AlertContext()
    rules = load_rules() if rules is None else rules
    out: dict[str, Alert] = {}
    for rule in rules:
        evaluator = {"event": _event_rule, "baseline": _baseline_rule, "new_actor": _new_actor_rule}[rule.kind]
        for alert in evaluator(rule, new_events, context):
            out.setdefault(alert.alert_id, alert)
    return [out[k] for k in sorted(out)]


def _alert(rule: AlertRule, key: str, message: str, events: list[Event], context: AlertContext,
           **extra) -> Alert:
    events = sorted(events, key=lambda e: e.event_id)
    sentences = list(dict.fromkeys(e.evidence.sentence for e in events))[:MAX_EVIDENCE]
    first = events[0] if events else None
    return Alert(
        alert_id="alert-" + hashlib.sha1(f"{rule.id}|{key}".encode()).hexdigest()[:16],
        rule=rule.id, title=rule.title, severity=rule.severity, message=message, key=key,
        incident_ids=sorted({context.incident_of[e.event_id] for e in events if e.event_id in context.incident_of}),
        event_ids=[e.event_id for e in events], evidence=sentences,
        country=extra.pop("country", event_country(first) if first else None),
        admin1=extra.pop("admin1", first.location.admin1 if first and first.location else None),
        data=extra, created_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))


def _matches(rule: AlertRule, e: Event, sites: list) -> dict | None:
    """The extra figures of a match (may be empty), or None when the event does not match."""
    m = rule.match
    if e.historical and not m.get("include_historical", False):
        return None
    if m.get("types") and e.type not in m["types"]:
        return None
    if m.get("modes") and e.mode not in m["modes"]:
        return None
    if m.get("factuality") and e.factuality not in m["factuality"]:
        return None
    if e.factuality in (m.get("exclude_factuality") or ()):
        return None
    loc = e.location
    if m.get("precision") and not (loc and loc.precision in m["precision"]):
        return None
    if m.get("countries") and event_country(e) not in m["countries"]:
        return None
    if m.get("near_mining_km") is None:
        return {}
    if not (loc and loc.precision in FINE and loc.lat is not None and loc.lon is not None):
        return None
    site, km = nearest_site(loc.lat, loc.lon, sites, float(m["near_mining_km"]))
    if site is None:
        return None
    return {"site": site.name, "site_km": km, "minerals": list(getattr(site, "minerals", ()))}


def _event_rule(rule: AlertRule, new_events: list[Event], context: AlertContext) -> list[Alert]:
    sites = []
    if rule.match.get("near_mining_km") is not None:
        if context.sites is None:
            context.sites = mining_sites()
        sites = context.sites
    groups: dict[str, list[tuple[Event, dict]]] = {}
    for e in new_events:
        extra = _matches(rule, e, sites)
        if extra is not None:
            groups.setdefault(context.incident_of.get(e.event_id, e.event_id), []).append((e, extra))
    alerts = []
    for key, hits in groups.items():
        events = [e for e, _ in hits]
        first = min(hits, key=lambda h: h[0].event_id)
        loc = first[0].location
        where = f" in {loc.name or loc.text}" if loc else ""
        alerts.append(_alert(rule, key, f"{rule.title or rule.id}: {first[0].type}"
                             f"{'/' + first[0].mode if first[0].mode else ''}{where}", events, context,
                             **first[1]))
    return alerts


def _baseline_rule(rule: AlertRule, new_events: list[Event], context: AlertContext) -> list[Alert]:
    p = rule.params
    level, period, metric = p.get("level", "admin1"), p.get("period", "week"), p.get("metric", "n_events")
    touched = {k for e in new_events if eligible(e) for k in place_keys(e, level)}
    if not touched:
        return []
    known = {e.event_id for e in new_events}
    pool = [e for e in context.history if e.event_id not in known] + new_events
    pool = [e for e in pool if set(place_keys(e, level)) & touched]
    rows = risk_series(pool, context.docs.values(), level=level, period=period, metric=metric,
                       baseline_periods=int(p.get("baseline_periods", 8)), z_threshold=float(p.get("z", 2)),
                       min_count=float(p.get("min_value", 3)), incident_of=context.incident_of or None,
                       min_baseline=int(p.get("min_baseline_periods", 2)))
    by_id = {e.event_id: e for e in pool}
    alerts = []
    for row in rows:
        if not row.anomaly or row.key not in touched or not known & set(row.event_ids):
            continue
        events = sorted((by_id[x] for x in row.event_ids), key=lambda e: -(e.fatalities or 0))
        country, _, admin1 = row.key.partition("/")
        alerts.append(_alert(
            rule, f"{row.key}|{row.period_start}",
            f"{rule.title or rule.id}: {row.key} {period} of {row.period_start}: {metric} {row.value():g} "
            f"(baseline {row.baseline_mean:g} ± {row.baseline_std:g}, z {row.z:g})",
            events[:MAX_EVIDENCE], context, country=country if level != "mineral" else None,
            admin1=admin1 or None, value=row.value(), baseline_mean=row.baseline_mean,
            baseline_std=row.baseline_std, z=row.z, period_start=row.period_start))
    return alerts


def _region(e: Event, level: str) -> str | None:
    country = event_country(e)
    if level == "country":
        return country
    return f"{country}/{e.location.admin1}" if country and e.location and e.location.admin1 else None


def _actors(e: Event, roles: list[str], linked_only: bool) -> list[tuple[str, str]]:
    out = []
    for role in roles:
        a = getattr(e, role, None)
        if a and (a.kb_id or (not linked_only and a.name)):
            out.append((a.kb_id or a.name.lower(), a.name or a.text))
    return out


def _new_actor_rule(rule: AlertRule, new_events: list[Event], context: AlertContext) -> list[Alert]:
    p = rule.params
    level, roles = p.get("level", "admin1"), list(p.get("roles", ["actor1", "actor2"]))
    linked_only, min_history = bool(p.get("linked_only", True)), int(p.get("min_history", 5))
    known_ids = {e.event_id for e in new_events}
    seen: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    for e in context.history:
        region = _region(e, level) if e.event_id not in known_ids and eligible(e) else None
        if region:
            count[region] = count.get(region, 0) + 1
            seen.setdefault(region, set()).update(k for k, _ in _actors(e, roles, False))
    hits: dict[tuple[str, str], list[Event]] = {}
    names: dict[str, str] = {}
    for e in new_events:
        region = _region(e, level) if eligible(e) else None
        if not region or count.get(region, 0) < min_history:
            continue
        for key, name in _actors(e, roles, linked_only):
            if key not in seen.get(region, set()):
                hits.setdefault((key, region), []).append(e)
                names[key] = name
    return [_alert(rule, f"{key}@{region}", f"{rule.title or rule.id}: {names[key]} first seen in {region}",
                   events, context, actor=names[key], actor_key=key)
            for (key, region), events in sorted(hits.items())]


# -- sinks ------------------------------------------------------------------------------------------
class WebhookSink:
    """POST alerts as JSON ({"alerts": [...]}) to a URL; failures are logged, never raised."""

    def __init__(self, url: str, transport=None, timeout: float = 10.0, headers: dict | None = None):
        import httpx
        self.url = url
        self.client = httpx.Client(transport=transport, timeout=timeout, headers=headers or {})

    def emit(self, alerts: list[Alert]) -> int:
        import httpx
        if not alerts:
            return 0
        try:
            response = self.client.post(self.url, json={"alerts": [a.to_dict() for a in alerts]})
            response.raise_for_status()
        except httpx.HTTPError as exc:
            log.warning("alert webhook %s failed: %s", self.url, exc)
            return 0
        return len(alerts)

    def close(self) -> None:
        self.client.close()
