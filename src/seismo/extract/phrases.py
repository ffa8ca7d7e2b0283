"""An actor's whole noun phrase around the words that resolved it (Event.actor1/actor2 `text`).

The parse rules (extract.arguments) find the head of an actor and the resolver reads its core;
the words an analyst reads are the whole phrase: "Police in Quetta", "fighters of the al-Qaeda-linked
JNIM", "Insurgents linked to the Islamic State", "The minister, Thérèse Kayikwamba Wagner",
"Russia's Rosatom" (extract.attribution.widen_phrases sets them last).
"""
from __future__ import annotations


def _pobj(prep):
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


# Post-modifiers that belong to an actor's noun phrase: "Police in Quetta", "fighters of JNIM",
# "Students from X University", "youths under the aegis of", "militiamen armed with machetes",
# "forces backed by clan militia", "The minister, Thérèse Kayikwamba Wagner".
_PHRASE_PREPS = frozenset({"of", "from", "in", "at", "under", "for", "with", "including"})
# A place, a purpose or an instrument after the verb is the verb's more often than the noun's
# ("detained by police in the capital", "arrested five men for looting"): these belong to the
# phrase only before the word it depends on.
_LOCATIVE = frozenset({"in", "at", "under", "for", "with", "including"})
_PHRASE_MAX = 24


def _phrase_part(c, clauses: bool = True) -> bool:
    if c.dep_ == "prep" and c.lower_ in _PHRASE_PREPS:
        if c.lower_ in _LOCATIVE and c.head.head.i <= c.head.i:
            return False
        pobj = _pobj(c)
        return pobj is not None and pobj.ent_type_ not in ("DATE", "TIME") and pobj.pos_ in ("NOUN", "PROPN")
    if c.dep_ == "acl" and clauses and c.tag_ in ("VBN", "VBG") and not any(g.dep_ in ("nsubj", "dobj") for g in c.children):
        return True   # a reduced relative: "linked to the Islamic State", "allied with the army"
    if c.dep_ == "amod" and c.i > c.head.i and any(g.dep_ == "prep" for g in c.children):
        return True   # "fighters loyal to the general"
    return c.dep_ == "appos" and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN")


def full_phrase(span, clauses: bool = True):
    """The actor's whole noun phrase around the words that resolved it: the post-modifiers of its
    head and a named possessor ("Russia's Rosatom"); never a relative clause or a clause of its own.
    `clauses` False: no reduced relative either (the noun is the head of the event's own participle:
    "weapons seized from the militants")."""
    sdoc, root = span.doc, span.root
    start, end = span.start, span.end
    for c in sorted(root.rights, key=lambda t: t.i):
        if c.dep_ == "punct" or c.right_edge.i < end:
            continue   # already inside (or a comma: an apposition may follow it)
        gap = c.left_edge.i - end
        if gap > 1 or (gap == 1 and not (c.dep_ == "appos" and sdoc[end].text == ",")) \
                or not _phrase_part(c, clauses) or c.right_edge.i + 1 - start > _PHRASE_MAX:
            break
        end = c.right_edge.i + 1
    poss = next((c for c in root.lefts if c.dep_ == "poss" and c.i < start and c.ent_type_), None)
    if poss is not None and all(t.dep_ in ("case", "poss", "compound", "amod", "det")
                                or t.i >= start for t in sdoc[poss.right_edge.i + 1:start]):
        start = poss.left_edge.i
    while start < span.start and sdoc[start].dep_ == "det":
        start += 1
    return sdoc[start:end]
