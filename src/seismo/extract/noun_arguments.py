"""Arguments of event nouns: who did an attack, a clash or talks named by a noun, and to whom.

actor1: the possessor ("M23's offensive"), a name compound ("Hamas attack"), a "by" phrase, the
parties "between" whom, or the subject of the verb that governs the noun ("launched an attack",
"is in talks with"); actor2: the object of a recipient preposition ("attack on X", "release of
X"). The verb side, and the helpers both use, are in seismo.extract.arguments.
"""
from __future__ import annotations

from seismo.extract.arguments import (RECIPIENT_PREPS, Arg, dep_child, is_passive, passive_agent, pobj_of,
                                      usable, verb_subject)

_NOUN_AGENT_PREPS = ("by", "from")


def instrument_agent(instrument) -> Arg | None:
    """Who set an instrument off, when the text says so on the instrument itself ("a bomb planted
    by militants", "a mine laid by the rebels"); None otherwise."""
    for c in instrument.children:
        if c.dep_ == "acl" and c.tag_ == "VBN":
            agent = passive_agent(c)
            if agent is not None:
                return Arg(agent.token, "instrument-agent")
    return None


def counterpart(event_noun) -> Arg | None:
    """The party a clash was with ("clashes with soldiers", "fighting against the rebels")."""
    for c in event_noun.children:
        if c.dep_ == "prep" and c.lower_ in ("with", "against"):
            pobj = pobj_of(c)
            if usable(pobj):
                return Arg(pobj, "event-with")
    return None


def _route(from_prep) -> bool:
    """"a march from Lagos to Abuja": a path (from ... to), not who marched."""
    after = from_prep.right_edge.i + 1
    inside = any(t.lower_ in ("to", "toward", "towards") and t.dep_ == "prep" for t in from_prep.subtree)
    return inside or (after < len(from_prep.doc) and from_prep.doc[after].lower_ in ("to", "toward", "towards"))


def noun_agent(noun) -> Arg | None:
    """actor1 of an event noun."""
    subject = dep_child(noun, "nsubj")   # a headline's verb read as a noun: "Fighters storm hotel"
    if subject is not None and usable(subject) and subject.pos_ != "PRON":
        return Arg(subject, "noun-subject")
    for c in noun.children:
        if c.dep_ == "poss" and usable(c):
            if c.tag_ == "PRP$":   # "the militants continued their siege": their = the militants
                subject = _governing_subject(noun)
                if subject is not None and subject.token.pos_ != "PRON":
                    return Arg(subject.token, "poss-subject")
            return Arg(c, "poss")
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in _NOUN_AGENT_PREPS and not (c.lower_ == "from" and _route(c)):
            pobj = pobj_of(c)
            if usable(pobj):
                return Arg(pobj, f"prep:{c.lower_}")
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
            return Arg(c, c.dep_)
    between = _between(noun)
    if between:
        return Arg(between[0], "prep:between")
    by = _by_after_of(noun)
    if by is not None:
        return by
    return _governing_subject(noun)


def _by_after_of(noun) -> Arg | None:
    """"the executions of 21 civilians by M23 fighters": the parse hangs the agent's "by" on the
    patient of "of"; it is the event's agent."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    patient = pobj_of(of) if of is not None else None
    if patient is None:
        return None
    for c in patient.children:
        if c.dep_ == "prep" and c.lower_ == "by" and usable(pobj_of(c)):
            return Arg(pobj_of(c), "of-by-agent")
    verb = noun.head   # "documented the killings of X by Y": or on the active verb whose object it is
    active = any(c.dep_ == "nsubj" for c in verb.children) and not any(
        c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)   # an "agent" child alone: a misparse
    if noun.dep_ == "dobj" and verb.pos_ == "VERB" and active:
        for c in verb.children:
            agent = pobj_of(c) if c.dep_ in ("agent", "prep") and c.lower_ == "by" and c.i > patient.i else None
            if agent is not None and usable(agent) and _named(agent):
                return Arg(agent, "of-by-agent")
    return None


def _named(tok) -> bool:
    """The word or its modifiers carry a name ("Fano militiamen", "RSF fighters", "the army")."""
    return bool(tok.ent_type_) or any(c.ent_type_ for c in tok.children if c.dep_ in ("compound", "amod", "poss"))


# "set off on a march", "embarked on a hunger strike", "went on strike": the subject does it.
_EMBARK_VERBS = frozenset({"set", "embark", "go", "venture", "start"})


def _governing_subject(noun) -> Arg | None:
    """The subject of the verb governing an event noun: "X launched an attack", "X is in talks"."""
    head, dep = noun.head, noun.dep_
    if dep in ("dobj", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        got = verb_subject(head)
        return Arg(got.token, "governing-subject") if got else None
    embark = head.lower_ == "on" and head.head.lemma_.lower() in _EMBARK_VERBS
    if dep == "pobj" and head.dep_ == "prep" and (head.lower_ in ("in", "into") or embark) \
            and head.head.pos_ in ("VERB", "AUX"):
        got = verb_subject(head.head)
        return Arg(got.token, "governing-subject") if got else None
    return None


def _between(noun) -> list:
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            pobj = pobj_of(c)
            if pobj is not None:
                return [pobj] + [t for t in pobj.children if t.dep_ == "conj"]
    return []


def noun_recipient(noun) -> Arg | None:
    """actor2 of an event noun: "attack on X", "talks with X", "sanctions against X", "release of X",
    "X was hit with sanctions"."""
    between = _between(noun)
    if len(between) > 1:
        return Arg(between[1], "prep:between")
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS + ("of",):
            pobj = pobj_of(c)
            if usable(pobj) and pobj.pos_ in ("PROPN", "NOUN", "PRON"):
                return Arg(pobj, f"prep:{c.lower_}")
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":   # "imposed sanctions on X"
        for c in noun.head.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "with"):
                pobj = pobj_of(c)
                if usable(pobj):
                    return Arg(pobj, f"governing-prep:{c.lower_}")
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "with" else None
    if verb is not None and verb.pos_ == "VERB" and is_passive(verb):   # "X was hit with sanctions"
        subj = dep_child(verb, "nsubjpass")
        if subj is not None and usable(subj):
            return Arg(subj, "passive-subject")
    return None
