"""Role repairs on the arguments the parse gives (extract.arguments): who is the agent, who the
patient, when the parse's subject or object is no actor at all.

- an instrument is never an actor ("killed by a buried bomb"; "an Israeli missile" names one),
  but who placed it is ("a landmine planted by the Houthis exploded");
- a passive with no "by" takes the agent of the event noun it happened in ("were killed in an
  attack by ADF rebels", "in an ADF attack"), or of a clash the party it was with ("were killed
  in clashes with soldiers": the dead were the other side);
- or the subject of the clause that tells when it happened ("were injured when militants hurled a
  grenade");
- an event noun as subject gives its own agent ("the army's offensive killed...": the army;
  "a blast killed...": nobody);
- coordinated actors act together: "Qatar and Saudi Arabia urged..." is one actor1 phrase (the
  first named, the others its associated actors: extract.arguments.actor_span, resolve.actors);
- a verbal act coordinated inside a reported or controlled clause is its speaker's ("said the
  detentions were lawful and denied...");
- "troops were deployed" with nobody named deploying them: the forces are who mobilises;
- an instrument object gives way to the target ("fired tear gas at protesters"); results
  ("shot to death") never are one (extract.arguments); an object that is a thing gives way to
  the party it goes to or comes from ("granted asylum to 18 rebels"), or what receives it
  ("delivered kits to the regional hospital"); a place taken gives way to the side it is taken
  from ("recaptured the town from al-Shabaab"); a suicide bomber's "himself" to the site.
"""
from __future__ import annotations

from seismo import taxonomy
from seismo.extract import arguments as A
from seismo.extract import noun_arguments as N

_INSTRUMENT_CLASSES = ("instrument", "gunfire", "weapon", "vehicle")
# Acts on their object itself (a camp attacked, a road blocked): the object is the target.
_TARGETED = frozenset({"ASSAULT", "COERCE", "PROTEST"})


def repair_roles(lex, trig, a1: A.Arg | None, a2: A.Arg | None) -> tuple[A.Arg | None, A.Arg | None]:
    verb = not trig.is_noun
    if a1 is not None and verb and lex.in_class(a1.token, "instrument") \
            and not any(t.ent_type_ for t in a1.token.lefts):
        a1 = N.instrument_agent(a1.token)   # "a landmine planted by the Houthis exploded": the Houthis
    if a1 is None and verb and A.is_passive(trig.token):
        a1 = _in_event_agent(lex, trig.token) or _when_agent(lex, trig.token)
    if a1 is not None and verb and lex.in_class(a1.token, "violent_event") \
            and a1.source in ("nsubj", "by-agent", "conj-subject"):
        a1 = A.event_agent(a1.token)
    if a1 is not None and verb and a1.source == "conj-subject" and trig.type is not None \
            and taxonomy.quad_of(trig.type) in _VERBAL_QUADS and not _acting_conjunct(lex, trig.token, a1):
        a1 = _speaker_of_clause(trig.token) or a1
    if a1 is None and verb and trig.type == "MOBILIZE" and a2 is not None and a2.source == "nsubjpass" \
            and not any(lex.in_class(a2.token, c) for c in _INSTRUMENT_CLASSES):
        a1, a2 = A.Arg(a2.token, "deployed-forces"), None   # "troops were deployed": the forces mobilise
    partner = next((c for c in a1.token.children if c.dep_ == "conj"), None) if a1 is not None else None
    if partner is not None and a2 is None and trig.type in taxonomy.types_with("symmetric"):
        # "Putin and Aliyev met": two sides of one meeting, the second is actor2
        a1, a2 = A.Arg(a1.token, a1.source, alone=True), A.Arg(partner, "conj-partner")
    if a2 is not None and verb and a2.source == "dobj" and any(lex.in_class(a2.token, c) for c in _INSTRUMENT_CLASSES):
        a2 = A.recipient_after_instrument(trig.token) or _recipient(trig, a2.token) \
            or _aimed_at(lex, trig.token)
    if a2 is not None and verb and a2.source.endswith("dobj") and trig.type not in _TARGETED \
            and not is_party(lex, a2.token):
        a2 = _party_of_thing(lex, a2.token) or _recipient(trig, a2.token) or a2
    if a2 is not None and verb and a2.source == "dobj":
        a2 = _other_side(lex, trig, a2)
    return a1, a2


_GIVING_QUADS = frozenset({"material_cooperation", "verbal_cooperation"})
_REFLEXIVE = frozenset({"himself", "herself", "themselves", "itself"})
_TAKING = frozenset({"recapture", "retake", "capture", "seize", "take", "regain", "wrest", "liberate"})
_SITE_PREPS = ("at", "near", "outside", "inside", "in", "into", "on")


def _recipient(trig, obj) -> A.Arg | None:
    """"delivered surgical kits to the regional hospital", "handed over 300 houses to families":
    what is given goes to someone or somewhere that receives it (not a date or a number)."""
    if trig.type is None or taxonomy.quad_of(trig.type) not in _GIVING_QUADS:
        return None
    for c in list(obj.head.children) + list(obj.children):
        pobj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ in ("prep", "dative") \
            and c.lower_ == "to" else None
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.ent_type_ not in _NOT_PARTIES:
            return A.Arg(pobj, "recipient-to")
    return None


def _aimed_at(lex, verb) -> A.Arg | None:
    """Whom an act with an instrument is aimed at when no preposition says it: "exchanged fire with
    the gunmen", "fired tear gas to disperse the crowds", "fired tear gas and arrested 17 people"."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "with" and verb.lemma_.lower() in ("exchange", "trade"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and is_party(lex, pobj):
                return A.Arg(pobj, "prep:with")
    for c in verb.children:
        if c.dep_ in ("xcomp", "advcl", "conj") and c.pos_ == "VERB":
            obj = next((g for g in c.children if g.dep_ == "dobj"), None)
            if obj is not None and is_party(lex, obj) or (obj is not None and lex.in_class(obj, "gathering")):
                return A.Arg(obj, f"{c.dep_}-dobj")
    return None


def _other_side(lex, trig, a2: A.Arg) -> A.Arg | None:
    """"recaptured the town from al-Shabaab": the place taken is no party, the side it is taken
    from is; "blew himself up at a tea shop": the bomber is no target, the site is."""
    verb, obj = trig.token, a2.token
    if obj.lower_ in _REFLEXIVE:
        for c in verb.children:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" \
                and c.lower_ in _SITE_PREPS else None
            if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.ent_type_ not in _NOT_PARTIES:
                return A.Arg(pobj, f"site-{c.lower_}")
        return None
    if trig.type == "ASSAULT" and (lex.in_class(obj, "territory") or obj.ent_type_ in ("GPE", "LOC", "FAC")
                                   or verb.lemma_.lower() in _TAKING):
        for c in list(verb.children) + list(obj.children):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" \
                and c.lower_ == "from" else None
            if pobj is not None and is_party(lex, pobj) and pobj.ent_type_ not in ("GPE", "LOC", "FAC"):
                return A.Arg(pobj, "taken-from")
    return a2


_VERBAL_QUADS = frozenset({"verbal_cooperation", "verbal_conflict"})


def _speaker_of_clause(verb) -> A.Arg | None:
    """"The ministry said the detentions were lawful and denied...", "X urged Muslims to remain
    calm and called on...": a verbal act the parse coordinates inside the clause another verb
    governs is that verb's subject's act (who says, urges, admits), not the clause's subject's."""
    head = verb.head
    if verb.dep_ != "conj" or head.dep_ not in ("ccomp", "xcomp") or head.head.pos_ not in ("VERB", "AUX"):
        return None
    got = A.verb_subject(head.head)
    return A.Arg(got.token, "clause-speaker") if got is not None else None


def _acting_conjunct(lex, verb, subject: A.Arg) -> bool:
    """"Officials said the president visited Ankara and discussed...", "residents say a
    commander assaulted a girl and threatened her family": the reported clause's own verb has an
    acting party as its subject, so its conjunct is that party's act, not the speaker's (unlike
    "said the detentions were lawful and denied...", where the clause only describes)."""
    head, speaking = verb.head, verb.head.head
    if head.dep_ != "ccomp" or head.lemma_ == "be" or A.is_passive(head) or not is_party(lex, subject.token):
        return False
    if speaking.i > head.i or verb.tag_ != speaking.tag_:
        return True   # "..., officials said"; "residents say a commander assaulted... and threatened"
    # "said officers had used force and accused...": the clause's verb backshifted, the conjunct in
    # the speaker's own tense: the speaker's second act
    return not (_has_aux(head) and not _has_aux(verb))


def _has_aux(verb) -> bool:
    return any(c.dep_ == "aux" for c in verb.children)


def _party_of_thing(lex, obj) -> A.Arg | None:
    """The party an object-thing goes to or comes from: "provide food aid to refugees", "granted
    asylum to 18 rebels", "accepted demands from Shona rebels", "lifted a curfew in Montenegro";
    none when the object names its owner ("closed the US consulate in St. Petersburg")."""
    if any(c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") for c in obj.lefts):
        return None
    for c in obj.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and is_party(lex, pobj):
                return A.Arg(pobj, f"thing-{c.lower_}")
    preps = [c for c in list(obj.head.children) + list(obj.children) if c.dep_ == "prep"]
    for wanted in (("to", "with", "against", "on", "for"), ("in",)):   # a recipient before a place
        for c in preps:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.lower_ in wanted else None
            if pobj is not None and is_party(lex, pobj) and (c.lower_ != "in" or pobj.ent_type_ == "GPE"):
                return A.Arg(pobj, f"thing-{c.lower_}")
    return None


def _in_event_agent(lex, verb) -> A.Arg | None:
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during"):
            # "in fighting with X": the parse makes the gerund a pcomp
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None and lex.in_class(pobj, "violent_event"):
                return A.event_agent(pobj) or _clash_party(lex, pobj)
    return None


def _clash_party(lex, event_noun) -> A.Arg | None:
    """"Two protesters were killed in clashes with soldiers": the dead were one side of the clash,
    so the harm came from the other, the party the clash was with."""
    other = N.counterpart(event_noun)
    return other if other is not None and is_party(lex, other.token) else None


_WHEN = frozenset({"when", "as", "after"})


def _when_agent(lex, verb) -> A.Arg | None:
    """"Twelve civilians were injured when suspected militants hurled a grenade", "were shot dead
    as security forces dispersed the crowd": the agentless passive's harm comes from the act of
    the clause that tells when; its subject did it (not a vehicle, a pronoun or an event)."""
    for c in verb.children:
        if c.dep_ != "advcl" or c.pos_ != "VERB" or A.is_passive(c) \
                or not any(m.dep_ in ("mark", "advmod") and m.lower_ in _WHEN and m.i < c.i for m in c.children):
            continue
        subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
        placer = N.instrument_agent(subj) if subj is not None and \
            any(lex.in_class(subj, k) for k in _INSTRUMENT_CLASSES) else None
        if placer is not None:
            return placer
        if subj is not None and subj.pos_ != "PRON" and is_party(lex, subj) \
                and not any(lex.in_class(subj, k) for k in _INSTRUMENT_CLASSES + ("violent_event",)):
            return A.Arg(subj, "when-agent")
    return None


_NOT_PARTIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"})


def is_party(lex, tok) -> bool:
    """Can this word be an event's second party (rather than a thing: "signed a deal")?"""
    if tok.ent_type_ in _NOT_PARTIES:
        return False
    return bool(tok.ent_type_) or tok.pos_ in ("PROPN", "PRON") or lex.in_class(tok, "agent") \
        or lex.in_class(tok, "person") or lex.in_class(tok, "civilian")


def is_light(lex, verb) -> bool:
    """A light verb ("staged rallies"), also where the lemmatizer slips ("staged" -> "stag")."""
    low = verb.lower_
    lemma = verb.lemma_.lower()
    forms = {lemma, low, low[:-1], low[:-2], low[:-3]} if low.endswith(("d", "s")) else {lemma}
    return bool(forms & lex.light_verbs)
