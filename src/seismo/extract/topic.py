"""Is a document about politics at all? Section cues for sports, business, culture, weather and
community pages (data/lexicons/topics.yaml, after the IPTC Media Topics subjects).

Such pages borrow the vocabulary of conflict and diplomacy: a team "attacks" and "defends its
title", a company "releases" a product and "offers" a trial, players "agree to a draw". In a
document whose words mostly belong to one of those sections, an event is kept only when it has a
political participant (a state, its government, forces or courts, a party, an armed group, an
intergovernmental body) or casualties; the event coder asks `political_anchor`.
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from seismo.config import PACKAGE_DATA
from seismo.records import ActorRef, Event
from seismo.yamlio import load_yaml

TOPICS_PATH = PACKAGE_DATA / "lexicons" / "topics.yaml"
# Actor sectors (data/actors/sectors.yaml codes) that make an event political wherever it is told.
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "IGO"})
# Canonical names the actor KB gives generic sector nouns (data/actors/sectors.yaml).
_SECTOR_TEMPLATES = ("Government of", "Military of", "Police of", "Judiciary of", "Legislature of",
                     "Opposition in", "Party in", "Rebels in", "Civilians in", "IGO")


@dataclass(frozen=True, slots=True)
class Topics:
    section: dict          # lemma -> section name
    political: frozenset
    state_heads: frozenset
    min_cues: int
    ratio: float


@functools.lru_cache(maxsize=2)
def load_topics(path: str | None = None) -> Topics:
    with open(path or TOPICS_PATH, encoding="utf-8") as f:
        data = load_yaml(f)
    section = {w: name for name, words in data["sections"].items() for w in words}
    return Topics(section, frozenset(data["political"]), frozenset(data["state_heads"]),
                  int(data["min_cues"]), float(data["ratio"]))


def off_topic_section(sdoc, topics: Topics | None = None) -> str | None:
    """The non-political section a document belongs to, or None for political (or unclear) news."""
    topics = topics or load_topics()
    counts: Counter = Counter()
    political = 0
    for tok in sdoc:
        if not tok.is_alpha:
            continue
        lem = tok.lemma_.lower()
        sec = topics.section.get(lem)
        if sec is not None:
            counts[sec] += 1
        elif lem in topics.political:
            political += 1
    if not counts:
        return None
    sec, n = counts.most_common(1)[0]
    return sec if n >= topics.min_cues and n >= topics.ratio * max(political, 1) else None


def off_topic_sentence(sent, skip: frozenset = frozenset(), topics: Topics | None = None) -> str | None:
    """The section a single sentence of a political document belongs to ("Enyimba's striker
    fired a stunning strike", a sports item in a news round-up): at least two of one section's
    cues and not one political word besides the trigger's own (token indices in `skip`)."""
    topics = topics or load_topics()
    counts: Counter = Counter()
    for tok in sent:
        if not tok.is_alpha or tok.i in skip:
            continue
        lem = tok.lemma_.lower()
        if lem in topics.political:
            return None
        sec = topics.section.get(lem)
        if sec is not None:
            counts[sec] += 1
    if not counts:
        return None
    sec, n = counts.most_common(1)[0]
    return sec if n >= 2 else None


def _political_actor(ref: ActorRef | None, state_words: frozenset) -> bool:
    """A state acting (a country name resolved to its government), an actor in a political
    sector, or one whose head noun names a state force ("riot police" the KB did not link); a
    private person, company, team or horse is not."""
    if ref is None:
        return False
    words = (ref.text or "").lower().split()
    head = words[-1] if words else ""
    if head in state_words or head.rstrip("s") in state_words:
        return True
    # A generic noun the actor KB filed under a sector from the page's country ("officials",
    # "the leader", "the president" of a zoo, a club, a race) is the page's own, not the state's.
    named = ref.name is not None and not ref.name.startswith(_SECTOR_TEMPLATES)
    return ref.sector in POLITICAL_SECTORS and (named or ref.kb_id is not None)


def political_anchor(ev: Event, state_words: frozenset | None = None) -> bool:
    """`state_words`: head nouns of state actors (default: topics.yaml state_heads)."""
    if state_words is None:
        state_words = load_topics().state_heads
    return (_political_actor(ev.actor1, state_words) or _political_actor(ev.actor2, state_words)
            or bool(ev.fatalities))
