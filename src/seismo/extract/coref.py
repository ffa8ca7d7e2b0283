"""Event coreference inside one document: the same event told twice is one record.

News repeats its events: a lead and the body ("The DRC is negotiating with the US" ... "The DRC
is in discussions with the US"), a verb and a follow-up ("several dozen armed men attacked the
palace. Men in fatigues opened fire, killing two guards"), an undated mention and its dated
retelling ("conspired to assassinate Lumumba. Lumumba was murdered in 1961"). Two mentions
corefer when they have the same PLOVER type, at least one participant in common, no conflicting
participant, and no conflicting own date or own place. The first mention is kept (it is usually
the most complete sentence) and takes what the later one adds: missing participants, place,
date, casualty counts, and the historical flag of a dated retelling. Within one sentence,
`merge_same_type` folds mentions of one type by one actor ("killed one and wounded two").
"""
from __future__ import annotations

import re

from seismo import taxonomy
from seismo.records import ActorRef, Event

# Symmetric interactions: "A in talks with B" and "B negotiates with A" are one event.
PRONOUNS = frozenset({"he", "she", "it", "they", "his", "her", "its", "their", "him", "them",
                      "who", "which", "that", "this", "these", "those"})
_OWN = frozenset({"prep-object", "sentence"})
# DateRef.source values for a date written in the event's own sentence (seismo.extract.dates).
OWN_DATE_SOURCES = frozenset({"clause", "sentence"})
_WORD = re.compile(r"[\w'-]+")


def actor_key(ref: ActorRef | None) -> tuple | None:
    """What identifies an actor for coreference: its KB name, else the head word of its text.
    None for missing or unresolved pronouns."""
    if ref is None:
        return None
    if ref.name:
        return ("name", ref.name.lower())
    return _head_key(ref)


def _head_key(ref: ActorRef) -> tuple | None:
    words = _WORD.findall((ref.text or "").lower())
    if not words or (len(words) == 1 and words[0] in PRONOUNS):
        return None
    head = words[-1]
    return ("head", head[:-1] if head.endswith("s") and len(head) > 3 else head)


def _code(ref: ActorRef | None) -> tuple | None:
    if ref is None or not ref.country or not ref.sector:
        return None
    return ref.country, ref.sector


def _same_actor(a: ActorRef | None, b: ActorRef | None, guessed: bool = False) -> bool | None:
    """True / False when both are known, None when either is missing.

    Same KB name, or the same head word ("several dozen armed men" ... "the men"); a state and
    its government or head share a CAMEO-style code (country + sector): "the DRC's offer" and
    "Tshisekedi proposed" are one offer. Two different KB entries (two ministers) never are."""
    if actor_key(a) is None or actor_key(b) is None:
        return None
    if a.country and b.country and a.country != b.country:
        if not guessed:
            return False
        # countries guessed from the paragraph ("the soldier" in a story about Syria, then in one
        # about the US) say nothing: compare the words alone
        ha, hb = _head_key(a), _head_key(b)
        return ha is not None and ha == hb
    if a.name and b.name and a.name.lower() == b.name.lower():
        return True
    if a.kb_id and b.kb_id and a.kb_id != b.kb_id:
        return False
    ha, hb = _head_key(a), _head_key(b)
    if ha is not None and ha == hb:
        return True
    ca, cb = _code(a), _code(b)
    return ca is not None and ca == cb and not (a.kb_id and b.kb_id)


def _participants_agree(x: Event, y: Event) -> bool:
    if x.type in taxonomy.types_with("symmetric"):
        xs = [r for r in (x.actor1, x.actor2) if actor_key(r) is not None]
        ys = [r for r in (y.actor1, y.actor2) if actor_key(r) is not None]
        return any(_same_actor(a, b) for a in xs for b in ys)
    checks = [_same_actor(x.actor1, y.actor1, _guessed(x, y, "actor1")),
              _same_actor(x.actor2, y.actor2, _guessed(x, y, "actor2"))]
    return True in checks and False not in checks


def _guessed(x: Event, y: Event, slot: str) -> bool:
    """Was the slot's country, in either mention, only inferred from the document's context?"""
    return any(e.evidence.fields.get(f"{slot}_link") == "doc-context" for e in (x, y))


def _conflict(x: Event, y: Event) -> bool:
    """Different own dates or different own places: two events."""
    dx, dy = x.date, y.date
    if dx and dy and dx.value and dy.value and (dx.source or "sentence") in OWN_DATE_SOURCES \
            and (dy.source or "sentence") in OWN_DATE_SOURCES \
            and not (dx.value.startswith(dy.value) or dy.value.startswith(dx.value)):
        return True
    lx, ly = x.location, y.location
    if lx and ly and "actor-country" in (lx.source, ly.source) and lx.country and ly.country:
        return lx.country != ly.country   # acts told from two countries' sides are two acts
    if not (lx and ly and lx.source in _OWN and ly.source in _OWN):
        return False
    if (lx.name or lx.text) == (ly.name or ly.text):
        return False
    # A country and a place inside it can name the same event's location.
    return not (lx.country == ly.country and "country" in (lx.precision, ly.precision))


def _own_date(date) -> bool:
    return date is not None and (date.source or "sentence") in OWN_DATE_SOURCES


def same_event(x: Event, y: Event) -> bool:
    if x.historical != y.historical and not _named_participant_shared(x, y):
        # A current event and a background one share a generic actor ("Two officers were
        # killed" ... "In 1998, soldiers were killed"): two events. The retelling of one past
        # event names its people ("to assassinate Lumumba" ... "Lumumba was murdered in 1961").
        return False
    return x.type == y.type and _participants_agree(x, y) and not _conflict(x, y)


def _named_participant_shared(x: Event, y: Event) -> bool:
    """Both mentions name the same KB entry or the same proper name in one slot."""
    for a, b in ((x.actor1, y.actor1), (x.actor2, y.actor2)):
        if a is None or b is None:
            continue
        if a.kb_id and a.kb_id == b.kb_id:
            return True
        if _proper(a.text) and _proper(b.text) and _head_key(a) == _head_key(b):
            return True
    return False


def _proper(text: str | None) -> bool:
    words = _WORD.findall(text or "")
    return bool(words) and words[-1][:1].isupper()


def absorb(keep: Event, other: Event) -> None:
    """Fold `other` (a second mention of the same event) into `keep`."""
    for slot in ("actor1", "actor2", "location", "date", "fatalities", "injured", "claimed_by"):
        if getattr(keep, slot) is None and getattr(other, slot) is not None:
            setattr(keep, slot, getattr(other, slot))
            keep.evidence.fields[slot] = "coref"
    if _own_date(other.date) and not _own_date(keep.date):   # "Lumumba was murdered in 1961"
        keep.date = other.date
        keep.evidence.fields["date"] = "coref"
    if other.historical and not keep.historical:
        keep.historical = True
        keep.evidence.fields["historical"] = "coref"
    keep.quantities.extend(q for q in other.quantities if q not in keep.quantities)
    keep.minerals.extend(m for m in other.minerals if m not in keep.minerals)
    keep.confidence = max(keep.confidence, other.confidence)


def merge_coreferent(events: list[Event]) -> list[Event]:
    """The document's events with coreferent mentions folded into their first mention."""
    kept: list[Event] = []
    for ev in events:
        first = next((k for k in kept if same_event(k, ev)), None) or _continued(kept, ev)
        if first is None:
            kept.append(ev)
        else:
            absorb(first, ev)
    return kept


def merge_same_type(events: list[Event]) -> list[Event]:
    """One sentence, one type, one actor: "killed one and wounded two" is a single ASSAULT."""
    out: list[Event] = []
    for ev in events:
        key = _sentence_actor_key(ev.actor1)
        # a background event is another event than the news beside it ("which has fought there
        # since 2021, said it had killed 17 last week")
        dup = next((o for o in out if o.type == ev.type and o.historical == ev.historical
                    and (key is None or _sentence_actor_key(o.actor1) in (None, key))
                    and not ((o.actor1 is None or ev.actor1 is None) and _other_sides(o.actor2, ev.actor2))),
                   None)
        if dup is None:
            out.append(ev)
        else:
            absorb(dup, ev)
    return out


def _other_sides(a: ActorRef | None, b: ActorRef | None) -> bool:
    """Patients of different kinds, one act with no agent: two acts, "21 soldiers were killed and
    troops neutralised dozens of assailants" (one side's losses and the other's); merged, the
    troops would have killed their own soldiers. "killed one and wounded two" stays one act."""
    return a is not None and b is not None and bool(a.sector) and bool(b.sector) and a.sector != b.sector


def _sentence_actor_key(ref: ActorRef | None) -> str | None:
    """The actor's name or words; None when missing or a pronoun (which refers to someone else
    in the same sentence: "bombers killed 23 when they blew themselves up")."""
    if ref is None or ref.text.lower() in PRONOUNS:
        return None   # even when resolved: within one sentence it refers to a co-mentioned actor
    return (ref.name or ref.text).lower()


def _continued(kept: list[Event], ev: Event) -> Event | None:
    """A passive with no agent that took the paragraph's latest act's agent
    (extract.attribution.inherit_agent: "Gunmen attacked the camp. Three soldiers were killed.")
    is that act told on: the latest kept event of its type with that agent, unless their own
    dates or places differ."""
    if ev.evidence.fields.get("actor1") != "paragraph-agent" or ev.historical:
        return None
    if ev.actor2 is not None and (ev.actor2.kb_id or _proper(ev.actor2.text)):
        return None   # a named victim is an act of its own ("Prime Minister Cissé was arrested")
    key = actor_key(ev.actor1)
    return next((k for k in reversed(kept) if k.type == ev.type and not k.historical
                 and actor_key(k.actor1) == key and not _conflict(k, ev)), None)
