"""Clause structure for the event coder: which trigger governs which, which clause a number
belongs to, where sentences and headlines split, and which event nouns are only circumstances.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seismo.extract.triggers import Trigger

# Dependencies that start a new clause: a trigger below one of these is its own event.
_CLAUSE_BOUNDARY = frozenset({"relcl", "advcl", "conj", "parataxis", "appos"})
# Event nouns in these adjuncts refer to other, already known events ("after the coup").
_CONTEXT_PREPS = frozenset({"after", "following", "since", "during", "amid", "amidst", "before",
                            "despite", "over", "like", "than", "without"})
_SUBORDINATE = frozenset({"relcl", "advcl", "acl", "pcomp"})


def own_quantities(trigger, quantities: list) -> list:
    """The numbers of this event's clause: under the trigger, not inside a coordinated clause of
    its own ("three men were killed ..., and some 50 people were arrested": 50 is the arrest's).
    Numbers the parse does not place under the trigger are kept only for nominal triggers."""
    sdoc = trigger.doc
    out = []
    for q in quantities:
        span = sdoc.char_span(q.start, q.end, alignment_mode="expand") if q.start is not None else None
        if span is None or not len(span):
            out.append(q)
            continue
        cur, ok = span.root, False
        for _ in range(12):
            if cur.i == trigger.i:
                ok = True
                break
            if cur.head.i == cur.i or (cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX")):
                break
            cur = cur.head
        if ok or trigger.pos_ not in ("VERB", "AUX"):
            out.append(q)
    return out


def future_clause(verb) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "should", "shall", "must", "to")
               for c in verb.children)


def is_boundary(tok) -> bool:
    """Does `tok` head a clause of its own? Participles without a subject ("..., killing two")
    and infinitival purpose clauses ("to demand reforms") belong to the clause above them."""
    if tok.dep_ not in _CLAUSE_BOUNDARY:
        return False
    if tok.dep_ == "advcl":
        kids = list(tok.children)
        has_subj = any(c.dep_ in ("nsubj", "nsubjpass") for c in kids)
        if not has_subj and (tok.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in kids)):
            return False
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in kids):
            return False   # "calls for Israel to accept...": a for-to clause is the content
    return True


def protest_topic(trig: Trigger, owner: dict) -> bool:
    """Codebook (PROTEST): the topic of a protest, typically a REQUEST ("blocked roads demanding
    his reinstatement", "staged rallies, saying he must resign"), is not a separate event."""
    if trig.type != "REQUEST":
        return False
    cur = trig.token
    for _ in range(4):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        other = owner.get(cur.i)
        if other is not None and other is not trig:
            return other.type == "PROTEST"
    return False


def subordinate_noun(tok) -> bool:
    """An event noun that is only a circumstance of another clause: not the subject of its own
    clause, and inside a relative/adverbial clause or a circumstantial phrase ("after the coup")."""
    if tok.dep_ == "pobj" and tok.head.lower_ in _CONTEXT_PREPS:
        return True
    cur = tok
    for _ in range(8):
        if cur.head.i == cur.i:
            return False
        if cur.head.pos_ in ("VERB", "AUX"):
            return cur.dep_ not in ("nsubj", "nsubjpass") and cur.head.dep_ in _SUBORDINATE
        cur = cur.head
    return False


def governor(trig: Trigger, owner: dict) -> Trigger | None:
    """The trigger that governs this one inside the same clause, if any."""
    cur = trig.token
    for _ in range(12):
        if cur.head.i == cur.i or is_boundary(cur):
            return None
        cur = cur.head
        other = owner.get(cur.i)
        if other is not None and other is not trig:
            return other
    return None


def segments(sdoc):
    """Sentences, cut again at line breaks: headlines, bylines and captions often run into the
    next sentence when a parser does not split at newlines."""
    for sent in sdoc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    yield sdoc[start:tok.i]
                start = tok.i + 1
        if start < sent.end:
            yield sdoc[start:sent.end]
