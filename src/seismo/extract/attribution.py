"""Attribution honesty: who the text says did it, and on whose word.

A named group is an event's actor1 only when the text attributes the act to it. Otherwise what the
text says is recorded as such on the ActorRef (`attribution`, `attributed_by`):
- claimed: "JNIM claimed responsibility for the attack" (the claimer, on its own word);
- accused: "the army blamed the attack on ADF rebels", "X was accused of the killing" (the accuser);
- suspected: "suspected jihadists killed...", "alleged ADF fighters";
- unattributed: a violent event with nobody named doing it gets ACLED's unnamed actor,
  "Unidentified Armed Group (Country)", the country being the event's place.
Then every actor gets its names in the field's conventions (resolve.conventions) and its country
from the right evidence: a country the resolver only guessed from the rest of the document is
replaced by the event's own place.
"""
from __future__ import annotations

import dataclasses

from seismo.records import ActorRef, Event
from seismo.resolve.conventions import UNIDENTIFIED, acled_actor, acled_country

SUSPICION = frozenset({"suspected", "alleged", "presumed", "suspect", "purported", "reputed"})
_ACCUSE = frozenset({"blame", "accuse", "attribute", "suspect", "fault"})
_NOBODY = frozenset({"no", "none", "nobody", "neither"})
# Event types whose actor is an armed one (ACLED political violence): unnamed -> Unidentified Armed Group.
VIOLENT = frozenset({"ASSAULT"})
# Where the event's place came from the document, not from its own sentence (extract.focus).
_BORROWED_PLACES = frozenset({"story-site", "document-focus", "actor-country"})


def suspected(span) -> bool:
    """"suspected jihadists", "alleged ADF fighters": the words cast the actor as a suspicion."""
    return any(t.lower_ in SUSPICION for t in span)


def accusation(trigger, actor_tok):
    """(accused token, accuser token or None) when the sentence blames the event on someone:
    the event is what is blamed ("blamed the attack on X", "accused X of attacking") or its actor is
    who is blamed ("blamed ADF rebels, who killed...")."""
    for verb in trigger.sent:
        if verb.lemma_.lower() not in _ACCUSE or verb.pos_ != "VERB" or verb.i == trigger.i:
            continue
        if verb.dep_ == "acl" and trigger in _described(verb.head):   # "car bombings blamed on gangs"
            accused = _accused(verb)
            if accused is not None:
                return accused, None
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and actor_tok is not None and actor_tok.i == obj.i and trigger.dep_ == "relcl" \
                and trigger.head.i == obj.i:   # "blamed ADF rebels, who killed...": the blamed did it
            return obj, _accuser(verb)
        accused = _accused(verb)
        if accused is None:
            continue
        # the event is what is blamed: inside the verb's object or complement, not a coordinated act
        covers = trigger is not accused and any(trigger in c.subtree for c in verb.children
                                                if c.dep_ in ("dobj", "prep", "ccomp", "xcomp", "pcomp", "nsubjpass"))
        if covers or (actor_tok is not None and actor_tok.i == accused.i):
            return accused, _accuser(verb)
    return None


def _described(noun) -> list:
    """The events a noun phrase names: the noun, its conjuncts, and what "a wave/series of" holds
    ("a wave of riots and bombings blamed on X": the riots and the bombings)."""
    heads = [noun, *noun.conjuncts]
    for of in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        heads += [g for p in of.children if p.dep_ == "pobj" for g in (p, *p.conjuncts)]
    return heads


def _accused(verb):
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for c in verb.children:   # "blamed the attack on X", "attributed it to X", "was blamed on X"
        if c.dep_ == "prep" and c.lower_ in ("on", "to"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if verb.lemma_.lower() == "blame" and obj is not None:   # the parse hangs "on X" on the object
        on = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "on"), None)
        pobj = next((g for g in on.children if g.dep_ == "pobj"), None) if on is not None else None
        if pobj is not None:
            return pobj
    for c in verb.children:   # "accused X of", "blamed X for", "X was accused of"
        if c.dep_ == ("nsubjpass" if passive else "dobj"):
            if any(p.dep_ == "prep" and p.lower_ in ("of", "for") for p in verb.children):
                return c
    return None


def _accuser(verb):
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def responsibility_claim(sent):
    """(claimer token or None, nobody claimed?) for "X claimed responsibility", "no group has claimed
    responsibility"; None when the sentence claims nothing."""
    for tok in sent:
        if tok.lemma_.lower() not in ("claim", "accept", "admit") or tok.pos_ not in ("VERB", "AUX"):
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() not in ("responsibility", "credit"):
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        nobody = subj is None or subj.lower_ in _NOBODY or any(c.lower_ in _NOBODY for c in subj.children) \
            or any(c.dep_ == "neg" for c in tok.children)
        return (None if nobody else subj), nobody
    return None


def attribute(ev: Event, trigger, a1, claimer, resolve) -> None:
    """Claims, accusations and suspicions of one event recorded as such, with who says so.
    `a1`: the parse's actor1 Arg; `claimer`: the speaker token of a "claimed" event;
    `resolve(Arg, fields)` -> ActorRef."""
    from seismo.extract.arguments import Arg
    fields = ev.evidence.fields
    if ev.factuality == "claimed" and claimer is not None and ev.actor1 is None:
        ev.actor1 = mark(resolve(Arg(claimer, "claimant"), fields), "claimed", ev.claimed_by)
        fields["actor1"] = "claimant"
        return
    if ev.actor1 is None and claimer is not None and own_act_reported(ev, trigger):
        scratch: dict = {}
        ref = resolve(Arg(claimer, "speaker-agent"), scratch)
        if ref is not None and ref.sector in _AUTHORITIES:
            ev.actor1 = mark(ref, "claimed", ref.name or ref.text)
            fields.update(scratch)
            return
    own_subject = a1 is not None and a1.source == "nsubj"   # "a charge New Delhi rejected": its own actor
    blamed = accusation(trigger, a1.token if a1 is not None else None) \
        if ev.type != "ACCUSE" and not own_subject else None
    if blamed is not None:
        accused, accuser = blamed
        by = resolve(Arg(accuser, "accuser"), {}) if accuser is not None else None
        if a1 is None or a1.token.i != accused.i:
            ev.actor1 = resolve(Arg(accused, "accused"), fields)
            fields["actor1"] = "accused"
        mark(ev.actor1, "accused", (by.name or by.text) if by is not None else None)
    elif a1 is not None and ev.actor1 is not None and (suspected(a1.span()) or (
            a1.source.startswith("event-") and suspected(a1.token.head.children))):   # "a suspected ADF attack"
        mark(ev.actor1, "suspected", ev.claimed_by)


# "Police said a suspect had been detained", "the government said the broadcasts are suspended":
# an authority reporting an agentless arrest, ban or sanction reports its own act.
_AUTHORITY_ACTS = frozenset({"COERCE", "SANCTION"})
_AUTHORITIES = frozenset({"GOV", "MIL", "COP", "JUD"})


def own_act_reported(ev: Event, trigger) -> bool:
    """An agentless passive of an authority's act inside what a speaker says."""
    from seismo.extract.arguments import is_passive
    return ev.type in _AUTHORITY_ACTS and trigger.pos_ == "VERB" and is_passive(trigger) \
        and not any(c.dep_ == "agent" for c in trigger.children)


def apply_claim(sent, paragraph_events: list[Event], resolve) -> None:
    """"X claimed responsibility" / "no group claimed responsibility" after an attack: the claim goes
    on the paragraph's latest violent event whose actor the text left unnamed. `resolve(token,
    fields)` -> ActorRef of the claimer."""
    claim = responsibility_claim(sent)
    if claim is None:
        return
    claimer, nobody = claim
    before = [e for e in paragraph_events if e.type in VIOLENT and e.evidence.sentence != sent.text.rstrip()]
    target = before[-1] if before else None
    if target is None:
        return
    if nobody:
        if target.actor1 is None or target.actor1.kb_id is None:
            target.evidence.fields["attribution"] = "nobody-claimed"
            mark(target.actor1, "unattributed")
        return
    ref = resolve(claimer, {})
    if target.actor1 is not None and target.actor1.kb_id is not None and target.actor1.kb_id != ref.kb_id:
        return   # the text named someone else as doing it: the claim does not replace that
    if target.actor1 is None or target.actor1.kb_id is None:
        target.actor1 = ref
        target.evidence.fields["actor1"] = "claimant"
    mark(target.actor1, "claimed", ref.name or ref.text)


def inherit_agent(new_events: list[Event], paragraph_events: list[Event]) -> None:
    """"Soldiers detained the president. The prime minister was also arrested.": a passive with no
    agent continues the paragraph's latest event of the same type and takes its actor (the
    paragraph tells one act; nobody else is named doing it)."""
    for ev in new_events:
        if ev.actor1 is not None or ev.actor2 is None or ev.actor2.source not in ("nsubjpass", "conj-patient"):
            continue
        before = next((e for e in reversed(paragraph_events) if e.type == ev.type and e.actor1 is not None
                       and e.actor1.attribution in (None, "stated")), None)
        if before is not None:
            ev.actor1 = dataclasses.replace(before.actor1, source="paragraph-agent")
            ev.evidence.fields["actor1"] = "paragraph-agent"


def mark(ref: ActorRef | None, attribution: str, by: str | None = None) -> ActorRef | None:
    if ref is not None:
        ref.attribution, ref.attributed_by = attribution, by
    return ref


def unattributed(country: str | None) -> ActorRef:
    """ACLED's unnamed actor: no one the text names did it."""
    return ActorRef(text="", name=f"{UNIDENTIFIED} ({acled_country(country)})", country=country, sector="REB",
                    source="unattributed", attribution="unattributed")


def finish_actors(ev: Event, kb=None) -> None:
    """Countries from the right evidence, the unnamed actor of a violent event, conventions."""
    loc = ev.location
    place = loc.country if loc is not None and loc.country and loc.source != "actor-country" else None
    fields = ev.evidence.fields
    for slot in ("actor1", "actor2"):
        ref = getattr(ev, slot)
        if ref is not None and fields.get(f"{slot}_link") == "doc-context" and ref.kb_id is None \
                and place and place != ref.country:
            # the resolver took the country from elsewhere in the document: the event's place decides
            ref.country = place
            fields[f"{slot}_country"] = "event-place"
        elif ref is not None and ref.country is None and ref.kb_id is None and ref.sector not in ("IGO", "NGO") \
                and place and _actor_like(ref):
            ref.country = place   # nothing in its words or the knowledge base: the event's place
            fields[f"{slot}_country"] = "event-place"
    if ev.actor1 is None and ev.type in VIOLENT and not ev.historical:
        ev.actor1 = unattributed(place)   # the event's own place (not the victims' country)
        fields["actor1"] = "unattributed"
    kind = event_kind(ev)
    for slot in ("actor1", "actor2"):
        ref = getattr(ev, slot)
        if ref is None:
            continue
        entry = _entry(ref, kb)
        if slot == "actor2" and not _actor_like(ref):
            continue   # "burned tyres", "blamed the attack": a thing, not an actor ACLED could name
        ref.acled, ref.inter, assoc = acled_actor(ref, place, kind if slot == "actor1" else None, entry)
        ref.assoc = ref.assoc or assoc
        if ref.kb_id is None and ref.sector and ref.country \
                and (ref.name is None or _generic(ref, fields.get(f"{slot}_link"))):
            ref.name = ref.acled   # a generic actor is named as the field names it
        if ref.attribution is None:
            ref.attribution = "stated"


def _actor_like(ref: ActorRef) -> bool:
    """Known to the knowledge base, of a known sector, or a name (a person or organisation the
    resolver named); a capitalised common phrase ("Electricity suppliers") is none of these."""
    return bool(ref.kb_id or ref.sector or ref.name)


def event_kind(ev: Event) -> str | None:
    if ev.type == "PROTEST":
        return "riot" if ev.mode == "riot" or ev.acled_event_type == "Riots" else "protest"
    if ev.acled_event_type in ("Battles", "Violence against civilians", "Explosions/Remote violence") \
            or ev.type in VIOLENT:
        return "violence"
    return None


def _generic(ref: ActorRef, link: str | None) -> bool:
    """A name made from a sector template ("Rebels in Mali"), not a name of its own."""
    return link in ("sector", "doc-context", "text") or ref.source == "unattributed" or (ref.name or "").startswith(
        ("Military of ", "Police of ", "Civilians in ", "Rebels in ", "Opposition in ", "Party in ",
         "Refugees from ", "Media in ", "Business in "))


def _entry(ref: ActorRef, kb):
    if not ref.kb_id:
        return None
    if kb is None:
        from seismo.resolve.kb import get_kb
        kb = get_kb()
    return kb.entries.get(ref.kb_id)


def widen_phrases(events: list[Event], sdoc) -> None:
    """Each actor's words as the whole noun phrase the text names it with ("Police in Quetta",
    "fighters of the al-Qaeda-linked JNIM"), once everything that reads the head word is done."""
    from seismo.extract.phrases import full_phrase
    for ev in events:
        for ref in (ev.actor1, ev.actor2):
            if ref is None or ref.start is None or ref.end is None or not ref.text:
                continue
            span = sdoc.char_span(ref.start, ref.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            full = full_phrase(span, clauses=ref.source not in ("acl-head", "acl-agent"))
            if full.start_char < ref.start or full.end_char > ref.end:
                ref.text, ref.start, ref.end = full.text, full.start_char, full.end_char
