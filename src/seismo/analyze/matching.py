"""Matching two event records: could they describe the same real-world happening?

Used by seismo.analyze.incidents (clustering) and, through it, by the API. Public:

    MatchConfig(max_km=50, max_days=3, undated_days=7, threshold=0.6, seizure_km=10)
    match_score(a, b, config=None, docs=None, text_of=None) -> float | None
    same_happening(a, b, config=None, docs=None, text_of=None) -> bool
    event_interval(e, doc, config), event_country(e), haversine_km(...), parse_date(value), eligible(e)

Hard constraints (any failing -> None): PLOVER types equal or a compatible pair (a seizure is
ASSAULT/territory for one coder and COERCE/seize for another; a deal AGREE or SUPPORT/sign);
countries and admin1 not different; fine-grained coordinates (site, town, admin2) within `max_km`,
and within `seizure_km` for two captures of territory; date intervals within the window
(`max_days` for day-precise dates; a month or year date is an interval, compatible with any day
inside it; an undated event is placed in the `undated_days` before its document's publication).
At least one of place (same admin1 or closer, or named in the other report) and actor (same or
role-swapped, or same country and sector) must agree. Soft score: place .30 (neither report
placed: neutral .5), date .20 (an undated report scores by how near its publication is to the
other's day), actor .25, evidence words .15, type .10, plus death tolls .10 when both give one
(near counts +1, one under a quarter of the other -.5); `threshold` to merge.
Sanctions and verbal acts (ACTOR_LED) are placed only by their own locative phrase, their
country is the actor's, and recipients of different countries make two acts. A state and its
government are one actor.
Actors linked to different KB entries on both sides pull the score down (-1 x .25), because two
outlets rarely disagree on who fought when the coder linked both (one state's police/army/
government count as compatible: outlets name state forces loosely).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from seismo import taxonomy
from seismo.geodesy import haversine_km
from seismo.records import Document, Event

# Pairs one outlet codes one way and another the other way (a seizure is ASSAULT/territory or
# COERCE/seize; a deal "agreed" is AGREE, "signed" SUPPORT) share a `family` in the event-type
# registry (seismo.taxonomy): compatible types, blocked together.
FINE = {"site", "town", "admin2"}                  # precisions whose coordinates mean a distance
EXCLUDED_FACTUALITY = {"negated", "hypothetical"}
# Types identified by who acted rather than where: a sanction or a statement has no scene, and a
# place in its sentence is mostly what it is about ("sanctions over the war in Congo", "Kigali's
# support for M23"). Only a place in the trigger's own locative phrase ("signed in Washington",
# Location.source "prep-object"; None when the record did not say) counts, and a missing one is
# neutral; their country is the actor's.
ACTOR_LED = taxonomy.types_with("actor_led")
OWN_PLACE_SOURCES = {"prep-object", None}
STATE_FORCES = {"MIL", "COP", "GOV", "SPY"}
STOP = set("the a an of in on at to and or for with by from as that this was were is are be been has have "
           "had it its their his her they he she said says after before over into than also who which "
           "not but more most least about according told".split())
WEIGHTS = {"place": 0.30, "date": 0.20, "actor": 0.25, "text": 0.15, "type": 0.10}
TOLL_WEIGHT = 0.10    # a bonus (or small malus) on top, only when both reports give a death toll


@dataclass(slots=True)
class MatchConfig:
    max_km: float = 50.0          # fine-grained places further apart are different happenings
    max_days: int = 3             # window between day-precise dates
    undated_days: int = 7         # an undated event: the week before its document's publication
    threshold: float = 0.6        # weighted score needed to merge
    seizure_km: float = 10.0      # two captures of territory further apart are two captures


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=65536)
def _norm(text: str | None) -> str:
    # remembered: every pair of candidate events normalises the same actor names again
    return _NON_ALNUM.sub(" ", (text or "").lower()).strip()


def _words(text: str) -> set[str]:
    # a crude plural strip so that "rebels"/"rebel" and "towns"/"town" meet
    return {w[:-1] if len(w) > 4 and w.endswith("s") else w
            for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and len(w) > 2}


def parse_date(value: str | None) -> tuple[dt.date, dt.date] | None:
    """A date value ("YYYY-MM-DD" | "YYYY-MM" | "YYYY") as the interval of days it covers."""
    if not value:
        return None
    try:
        if len(value) >= 10:
            d = dt.date.fromisoformat(value[:10])
            return d, d
        if len(value) == 7:
            start = dt.date.fromisoformat(value + "-01")
            nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return start, nxt - dt.timedelta(days=1)
        if len(value) == 4:
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def event_interval(e: Event, doc: Document | None, cfg: MatchConfig) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, kind) the event may have happened on; kind: day | span | published."""
    iv = parse_date(e.date.value if e.date else None)
    if iv:
        return iv[0], iv[1], "day" if iv[0] == iv[1] else "span"
    pub = parse_date(doc.published if doc else None)
    if pub:
        return pub[0] - dt.timedelta(days=cfg.undated_days), pub[1], "published"
    return None


def own_place(e: Event):
    """The location that counts for matching (see ACTOR_LED), or None."""
    loc = e.location
    if loc is None or (e.type in ACTOR_LED and loc.source not in OWN_PLACE_SOURCES):
        return None
    return loc


def event_country(e: Event) -> str | None:
    actor = e.actor1.country if e.actor1 else None
    if e.type in ACTOR_LED and actor:
        return actor
    loc = own_place(e)
    return (loc.country if loc else None) or actor


def _key(a) -> str | None:
    # a state and its government are one actor: "Washington", "the United States", "the US government"
    return (a.kb_id or _norm(a.name).removeprefix("government of ") or None) if a else None


def _actor_keys(e: Event) -> set[str]:
    return {k for k in (_key(e.actor1), _key(e.actor2)) if k}


def _actor_countries(e: Event) -> set[tuple]:
    return {(a.country, a.sector) for a in (e.actor1, e.actor2) if a and a.country and a.sector}


# -- scoring ----------------------------------------------------------------------------------------
def _place_score(a: Event, b: Event, cfg: MatchConfig, a_text=lambda: "", b_text=lambda: "") -> float | None:
    la, lb = own_place(a), own_place(b)
    if not la and not lb:
        return 0.5           # neither says where (sanctions, talks): nothing agrees or disagrees
    if not la or not lb:
        return 0.5 if a.type in ACTOR_LED else 0.25
    if la.country and lb.country and la.country != lb.country:
        return None
    fine = la.precision in FINE and lb.precision in FINE
    if fine and None not in (la.lat, la.lon, lb.lat, lb.lon):
        km = haversine_km(la.lat, la.lon, lb.lat, lb.lon)
        if km > cfg.max_km or (km > cfg.seizure_km and a.mode == b.mode == "territory"):
            return None      # a front moves town by town: the airport one day, the city the next
        if (la.geonameid and la.geonameid == lb.geonameid) or km < 1:
            return 1.0
        return max(0.5, 1 - km / cfg.max_km)
    if la.admin1 and lb.admin1 and la.admin1 != lb.admin1:
        return None
    if _norm(la.name or la.text) and _norm(la.name or la.text) == _norm(lb.name or lb.text):
        # the same town is strong evidence; the same country says little
        coarse = {la.precision, lb.precision}
        return 0.25 if "country" in coarse else 0.5 if "admin1" in coarse else 1.0
    if _mentions(b_text, la) or _mentions(a_text, lb):
        return 0.75          # one report is vague ("the Congolese capital") but names the other's place
    if la.admin1 and la.admin1 == lb.admin1:
        return 0.5
    return 0.25


def _mentions(text, loc) -> bool:
    """Whether the text (a callable, read lazily) names this fine-grained place."""
    name = loc.name or loc.text
    if not name or loc.precision not in FINE:
        return False
    text = text()
    return bool(text) and re.search(r"\b" + re.escape(name) + r"\b", text, re.IGNORECASE) is not None


def _date_score(ia, ib, cfg: MatchConfig) -> float | None:
    if ia is None or ib is None:
        return 0.2
    gap = max(0, (max(ia[0], ib[0]) - min(ia[1], ib[1])).days)
    window = cfg.max_days if "published" not in (ia[2], ib[2]) else cfg.max_days + cfg.undated_days
    if gap > window:
        return None
    if ia[2] == ib[2] == "day":
        return 1.0 - 0.5 * gap / (cfg.max_days + 1)
    if "published" not in (ia[2], ib[2]):
        return 0.4
    # An undated report mostly tells of the day or two before its publication: the nearer the
    # other report's day (or publication) to it, the likelier the same happening.
    pub, other = (ia, ib) if ia[2] == "published" else (ib, ia)
    ref = other[1] if other[2] == "published" else min(max(pub[1], other[0]), other[1])
    return max(0.3, 0.8 - 0.1 * abs((pub[1] - ref).days))


def _actor_score(a: Event, b: Event) -> float:
    """1 when the same actor has the same role; 0.5 when roles are swapped; -1 when both sides
    linked their main actor to different KB entries (0.5 if both are one state's security forces);
    0.5 same country and sector; else 0.3."""
    same_role = [(x, y) for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)) if _key(x) and _key(y)]
    if any(_key(x) == _key(y) for x, y in same_role):
        return 1.0
    if _actor_keys(a) & _actor_keys(b):
        return 0.5
    x, y = a.actor1, b.actor1
    if x and y and x.kb_id and y.kb_id:
        # "police" in one report and "the army" in another: outlets name state forces loosely
        if x.country and x.country == y.country and {x.sector, y.sector} <= STATE_FORCES:
            return 0.5
        return -1.0
    if _actor_countries(a) & _actor_countries(b):
        return 0.5
    return 0.3


def _targets_differ(a: Event, b: Event) -> bool:
    """Both recipients are actors (country and sector known) of different countries."""
    x, y = a.actor2, b.actor2
    return bool(x and y and x.country and y.country and x.sector and y.sector
                and x.country != y.country and _key(x) != _key(y))


def _text_score(a: Event, b: Event) -> float:
    wa, wb = _words(a.evidence.sentence), _words(b.evidence.sentence)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _toll_score(a: Event, b: Event) -> float:
    """Death tolls, when both give one: outlets' counts differ and grow over the days, so near
    counts corroborate (30 vs 38) and only far-apart ones (4 vs 44) speak, mildly, against."""
    if a.fatalities is None or b.fatalities is None:
        return 0.0
    ratio = (min(a.fatalities, b.fatalities) + 1) / (max(a.fatalities, b.fatalities) + 1)
    return 1.0 if ratio >= 0.7 else -0.5 if ratio < 0.25 else 0.0


def types_compatible(a: str, b: str) -> bool:
    return taxonomy.compatible(a, b)


def match_score(a: Event, b: Event, config: MatchConfig | None = None,
                docs: dict[str, Document] | None = None, text_of=None) -> float | None:
    """Weighted similarity of two event records in [~-0.25, 1]; None when they cannot be one happening.

    `text_of(doc_id) -> str` gives a document's text (default: Document.clean_text from `docs`);
    it is read only when one report's place is vague and may be named elsewhere in the other.
    """
    cfg = config or MatchConfig()
    docs = docs or {}
    if text_of is None:
        def text_of(doc_id: str) -> str:
            return docs[doc_id].clean_text if doc_id in docs else ""
    if not types_compatible(a.type, b.type):
        return None
    ca, cb = event_country(a), event_country(b)
    if ca and cb and ca != cb:
        return None
    da, db = docs.get(a.doc_id), docs.get(b.doc_id)
    place = _place_score(a, b, cfg, lambda: text_of(a.doc_id) or a.evidence.sentence,
                         lambda: text_of(b.doc_id) or b.evidence.sentence)
    if place is None:
        return None
    date = _date_score(event_interval(a, da, cfg), event_interval(b, db, cfg), cfg)
    if date is None:
        return None
    actor = _actor_score(a, b)
    if a.type in ACTOR_LED and _targets_differ(a, b):
        actor = -1.0         # one sanctioner, two targets (Rwanda's minister, Russia's diplomats): two acts
    placed = own_place(a) is not None and own_place(b) is not None
    if (place < 0.5 or not placed) and actor < 0.5:
        return None          # neither where nor who agrees: a shared date and words are not enough
    return (WEIGHTS["place"] * place + WEIGHTS["date"] * date + WEIGHTS["actor"] * actor
            + WEIGHTS["text"] * _text_score(a, b) + WEIGHTS["type"] * (1.0 if a.type == b.type else 0.8)
            + TOLL_WEIGHT * _toll_score(a, b))


def same_happening(a: Event, b: Event, config: MatchConfig | None = None,
                   docs: dict[str, Document] | None = None, text_of=None) -> bool:
    cfg = config or MatchConfig()
    score = match_score(a, b, cfg, docs, text_of)
    return score is not None and score >= cfg.threshold


def eligible(e: Event) -> bool:
    return not e.historical and e.factuality not in EXCLUDED_FACTUALITY
