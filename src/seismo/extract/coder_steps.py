"""The event coder's steps: one selected trigger in, one Event or a drop reason out.

Run in this order by extract.steps.run_steps (the table with needs and sets is in
docs/extraction.md; tests/test_steps.py checks it against what each step reads and writes):

  factuality  asserted, reported, negated...: uncertain events go (unless keep_uncertain)
  assertion   verb forms that mention an event without asserting one go
  arguments   actor1 and actor2 as the parse gives them (extract.arguments, extract.roles)
  eventhood   circumstances, abstract subjects, actorless nouns and re-mentions go
  typing      the final PLOVER type and mode (riots, promised cooperation); remembered
  record      the Event record with its evidence
  actors      actor1/actor2 through the actor KB, claims, accusations (extract.attribution)
  resolve     own-sentence place, date, numbers, casualties, minerals (extract.resolvers)
  recordable  events with nobody and nowhere in them, metaphors on non-political pages go
  historical  background by the rules (extract.factuality)
  place       the event's place: own sentence, actor's home reading, or a fallback (extract.focus)
  labels      contexts, ACLED labels, confidence; then the learned reader's labels (extract.reading)

Precision on opinionated news comes from what is *not* coded; each drop returns its reason.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import replace

from seismo import taxonomy
from seismo.extract import arguments as A
from seismo.extract import noun_arguments as N
from seismo.extract.attribution import attribute
from seismo.extract.clauses import future_clause, own_quantities, subordinate_noun
from seismo.extract.coding import acled_labels, confidence, contexts_for, event_id, recode_future
from seismo.extract.coref import PRONOUNS
from seismo.extract.discourse import generic_cue, in_quote, quote_speaker
from seismo.extract.factuality import Factuality, assess, is_historical
from seismo.extract.focus import actor_place, fallback_location, home_reading, is_story_site, person_countries
from seismo.extract.roles import is_light, repair_roles
from seismo.extract.steps import Step
from seismo.extract.topic import off_topic_sentence, political_anchor
from seismo.extract.triggers import DEMAND_SPEC, lemma
from seismo.records import ActorRef, Event, Evidence

_ABSTRACT_SUFFIX = re.compile(r"(tion|ment|ship|ity|ence|ance|ism|ure|ness|ive)$")
_UNCERTAIN = frozenset({"hypothetical", "negated"})
# Counts of people that make a bare event recordable ("12 were killed"); money or percentages do not.
_PEOPLE_COUNTS = frozenset({"killed", "injured", "arrested", "displaced", "people", "troops",
                            "abducted", "detained", "missing"})
# Locations that come from the trigger's own sentence (not a document-level fallback).
_OWN_PLACE = frozenset({"prep-object", "sentence"})
# "refused to comment/confirm": declining to talk is not a political rejection.
_NO_COMMENT = frozenset({"comment", "elaborate", "speculate", "specify", "identify", "name",
                         "disclose", "divulge"})
# Verbs that, with a that-clause, state an opinion rather than an agreement or concession.
_PROPOSITIONAL = frozenset({"agree", "concede", "accept", "recognize", "recognise", "acknowledge"})
# Temporal clauses that presuppose their event rather than report it.
_PRESUPPOSED_MARKS = frozenset({"after", "before", "since", "until", "once", "as", "while"})
# Expulsions and deportations: the state one is sent out of is their actor.
_EXPULSION = frozenset({"expel", "deport"})
# Pronouns a participle can describe: "those arrested", "anyone detained".
_DESCRIBED = frozenset({"those", "anyone", "everyone", "all", "some", "many", "others", "most"})


# -- factuality, assertion, arguments, eventhood, typing --------------------------------------
def factuality(coder, ctx) -> str | None:
    """(factuality, inside a quotation?) of the trigger's event. A negated verb whose type
    says so is a REJECT ("did not accept"): the trigger to code is then a recoded copy."""
    trig, sent, doc = ctx.found, ctx.sent, ctx.doc
    tok = trig.token
    fact = assess(tok, coder.lex, noun=trig.is_noun)
    if fact.value == "negated" and trig.type in taxonomy.types_with("negated_is_reject") and not trig.is_noun:
        trig = replace(trig, type="REJECT", mode=None)
        fact = Factuality("asserted", fact.claimed_by, fact.cue)
    ctx.trigger = trig
    quoted = in_quote(tok, doc.par_start, doc.text)
    if fact.value == "asserted" and sent.text.rstrip().rstrip("\"”’'»)").endswith("?"):
        fact = Factuality("hypothetical", cue="question")
    elif quoted and fact.value == "asserted":   # a speaker's words, not the reporter's
        fact = Factuality("reported", quote_speaker(sent, doc.par_start, doc.text, coder.lex.reporting),
                          "quotation")
    ctx.fact, ctx.quoted = fact, quoted
    return "uncertain" if fact.value in _UNCERTAIN and not coder.keep_uncertain else None


def assertion(coder, ctx) -> str | None:
    """Verb forms that mention an event without asserting one: attributive participles
    ("the arrested citizens", "imperialist-backed"), generic or habitual present ("NATO backs
    the regime", "soldiers often abandon their posts"), declining to comment."""
    trig, sent = ctx.trigger, ctx.sent
    tok = trig.token
    if trig.is_noun or tok.pos_ != "VERB":
        return None
    if tok.dep_ == "amod" or _nominal_participle(tok):
        return "participle"
    if trig.type == "ASSAULT" and tok.dep_ == "acl" and tok.tag_ == "VBG" \
            and not any(c.dep_ == "prep" for c in tok.children):
        return "description"   # "US forces battling the Islamic State": who they are, not what they did
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _PRESUPPOSED_MARKS
                                   for c in tok.children):
        return "presupposed"   # "after a June 30 coup toppled the government": a known prior event
    cue = generic_cue(tok, sent)
    if cue and not (cue == "present-simple" and _performed(trig, tok)):
        return "generic"
    if lemma(tok) in _PROPOSITIONAL and not any(c.dep_ in ("dobj", "xcomp") for c in tok.children) \
            and any(c.dep_ == "ccomp" and not future_clause(c) for c in tok.children):
        return "opinion"   # "agreed (that) it was a problem": an opinion; "agreed that X will..." is not
    if lemma(tok) == "ask" and not _asks_for_something(tok):
        return "question"   # "why did you go?, Peskov asked", "asked whether...": a question
    if trig.type == "REJECT" and any(c.dep_ == "xcomp" and (lemma(c) in _NO_COMMENT or lemma(c) in coder.lex.reporting)
                                     for c in tok.children):
        return "no comment"
    return None


def arguments(coder, ctx) -> str | None:
    """Actor1 and actor2 from the parse, roles repaired (instruments, event nouns, partners:
    extract.roles), kept only inside the trigger's sentence."""
    trig, sent = ctx.trigger, ctx.sent
    a1, a2 = _raw_arguments(coder.lex, trig)
    a1, a2 = repair_roles(coder.lex, trig, a1, a2)
    inside = lambda arg: arg is not None and sent.start <= arg.token.i < sent.end  # noqa: E731
    ctx.a1, ctx.a2 = (a1 if inside(a1) else None), (a2 if inside(a2) else None)
    return None


def eventhood(coder, ctx) -> str | None:
    trig, a1 = ctx.trigger, ctx.a1
    tok = trig.token
    if trig.is_noun and (subordinate_noun(tok) or tok.dep_ == "attr"):
        return "circumstance"   # a circumstance ("after the coup") or a description ("remains a threat")
    if a1 is not None and a1.source == "nsubj" and not _agentive(coder.lex, a1.token):
        return "abstract subject"   # not an event between actors
    if trig.is_noun and a1 is None and not trig.spec.bare:
        return "nobody does it"   # "demand for cobalt": an event noun with nobody doing it
    if trig.is_noun and _remention(trig, a1, ctx.doc.coded):
        return "re-mention"   # "the coup", "the DRC's offer": an event already coded in the document
    if _ordinary_crime(coder.lex, trig, a1):
        return "ordinary crime"   # guide section 6: arrests for and violence of ordinary crime
    if trig.type == "ASSAULT" and _hazard_caused(coder.lex, tok, a1):
        return "disaster or accident"   # "storms killed 21", "killed when a bus rammed a lorry"
    return None


_CAUSE_MARKS = frozenset({"when", "after", "as"})


def _hazard_caused(lex, tok, a1) -> bool:
    """The dead of a flood, a storm or a crash: the subject is the hazard, or a passive's "when"
    clause says what happened ("were killed when a bus rammed into a lorry"). Weapons are no
    hazard here: an aircraft that bombs is the instrument class's, and this needs a weapon-free
    subject ("a train slammed into...")."""
    if a1 is not None and lex.in_class(a1.token, "hazard") and not lex.in_class(a1.token, "weapon"):
        return True
    if a1 is None:
        clauses = [c for t in [tok] + [c for c in tok.children if c.dep_ == "conj"] for c in t.children]
        for c in clauses:   # "were killed and 23 injured when a bus rammed...": the clause may hang on either
            if c.dep_ == "advcl" and any(g.dep_ in ("mark", "advmod") and g.lower_ in _CAUSE_MARKS
                                         for g in c.children):
                subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and lex.in_class(subj, "hazard") and not lex.in_class(subj, "weapon"):
                    return True
    return False


_FOR_PREPS = frozenset({"for", "over", "with"})   # "arrested for", "arrested over", "charged with"


def _ordinary_crime(lex, trig, a1) -> bool:
    """An arrest for a robbery, a drunk-driving death, a parking row; robbers' or thieves' violence."""
    tok = trig.token
    if a1 is not None and trig.type == "ASSAULT" and lex.in_class(a1.token, "criminal"):
        return True
    if trig.type != "COERCE" or trig.mode != "arrest":
        return False
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]   # "a man for selling..."
    for prep in (c for h in heads for c in h.children if c.dep_ == "prep"):
        words = list(prep.subtree)
        if prep.lower_ in _FOR_PREPS or (prep.lower_ == "in" and any(w.lower_ == "connection" for w in words)):
            if any(lex.in_class(w, "ordinary_crime") for w in words):
                return True
    return False


def typing(coder, ctx) -> str | None:
    """PLOVER: protesters' violence is a riot; promised cooperation is AGREE (coding.recode_future).
    The document remembers the type (and its actor) so later nouns are re-mentions."""
    trig, a1 = ctx.trigger, ctx.a1
    typ, mode = trig.type, trig.mode
    if typ == "ASSAULT" and a1 is not None and _crowd(coder.lex, a1.token):
        typ, mode = "PROTEST", "riot"
    ctx.type, ctx.mode = recode_future(coder.tables, typ, ctx.fact.value), mode
    seen = {ctx.type} if a1 is None else {ctx.type, (ctx.type, a1.token.lemma_.lower())}
    ctx.doc.coded = ctx.doc.coded | seen
    return None


def record(coder, ctx) -> str | None:
    trig, doc = ctx.trigger, ctx.doc
    fields: dict[str, str] = {"trigger": trig.spec.pos if trig.spec else "verb"}
    ctx.event = Event(doc_id=doc.doc.id, event_id=event_id(doc.doc.id, trig.start, ctx.type), type=ctx.type,
                      evidence=_evidence(trig, ctx.sent, doc, fields), mode=ctx.mode,
                      factuality=ctx.fact.value)
    return None


# -- actors, resolvers, recordable, historical, place, labels ---------------------------------
def actors(coder, ctx) -> str | None:
    ev, doc = ctx.event, ctx.doc
    fields = ev.evidence.fields
    ev.actor1 = resolve_actor(ctx.a1, doc, fields, "actor1")
    ev.actor2 = resolve_actor(ctx.a2, doc, fields, "actor2")
    if ctx.fact.cue:
        fields["factuality"] = ctx.fact.cue
    if ctx.fact.claimed_by is not None:
        span = A.actor_span(ctx.fact.claimed_by)
        ref = doc.resolvers.actor(span)
        ev.claimed_by = (ref.name or ref.text) if ref is not None else span.text
        fields["claimed_by"] = "speaker"
    attribute(ev, ctx.trigger.token, ctx.a1, ctx.fact.claimed_by,
              lambda arg, f: resolve_actor(arg, doc, f, "actor1"))
    return None


def resolve(coder, ctx) -> str | None:
    """The other stages' readings of the trigger's sentence (extract.resolvers)."""
    ev, doc, sent, tok = ctx.event, ctx.doc, ctx.sent, ctx.trigger.token
    fields, res = ev.evidence.fields, doc.resolvers
    focus = doc.focus.place.country if doc.focus is not None and doc.focus.place else None
    ctx.location = res.location(tok, doc.toponyms, focus)
    if ctx.location is not None:
        fields["location"] = ctx.location.source or "geo"
    ev.date = res.date(tok, sent)
    if ev.date is not None:
        fields["date"] = ev.date.source or "dates"
    ev.quantities = own_quantities(tok, res.quantities(tok, sent))
    if ev.type in taxonomy.types_with("casualties") and ev.quantities:
        ev.fatalities, ev.injured = res.casualties(ev.quantities)
        if ev.fatalities is not None:
            fields["fatalities"] = "quantities"
    key = ("minerals", sent.start, sent.end)   # several events per sentence: scan it once
    if key not in doc.cache:
        doc.cache[key] = res.minerals(sent)
    ev.minerals = list(doc.cache[key])
    return None


def recordable(coder, ctx) -> str | None:
    ev = ctx.event
    if not _has_participant(ev, ctx.location, passive_ok=not ctx.quoted and A.is_passive(ctx.trigger.token)):
        return "nobody in it"
    if ctx.doc.off_topic and not political_anchor(ev):
        return "off-topic page"   # a team's "attack", a company's "release": metaphor on a non-political page
    if off_topic_sentence(ctx.sent, frozenset(t.i for t in ctx.trigger.tokens)) and not political_anchor(ev):
        return "off-topic sentence"   # the same metaphor in a round-up's sports or business item
    return None


def historical(coder, ctx) -> str | None:
    ev, doc, date = ctx.event, ctx.doc, ctx.event.date
    ctx.historical, why = is_historical(ctx.trigger.token, ctx.sent, doc.anchor_year,
                                        date.value if date else None,
                                        ctx.fact.value in ("reported", "claimed"), doc.frame,
                                        date.source if date else None, date.text if date else None,
                                        doc.doc.published)
    if why:
        ev.evidence.fields["historical"] = why
    return None


def place(coder, ctx) -> str | None:
    """The own-sentence place read in the acting state's country where it has one, else a
    fallback for events whose sentence names none (extract.focus)."""
    ev, doc = ctx.event, ctx.doc
    fields = ev.evidence.fields
    location = ctx.location
    home = home_reading(location, ev.actor1, doc.resolvers.place_name)
    if home is not None:
        location = home
        fields["location_country"] = "actor-home"
    if location is not None and location.country is None and doc.focus is not None and doc.focus.place:
        # a place the gazetteer does not know ("near Kani") is in the story's country
        location = dataclasses.replace(location, country=doc.focus.place.country)
        fields["location_country"] = "document-focus"
    if location is None:
        location = fallback_location(ev.type, doc.toponyms, doc.par_start, ctx.sent.start_char,
                                     doc.focus, (ev.actor1, ev.actor2), None if ctx.historical else doc.site)
        if location is not None:
            fields["location"] = location.source
    ev.location = location
    if is_story_site(ev.type, location, ctx.historical):
        doc.site = location
    return None


def labels(coder, ctx) -> str | None:
    """PLOVER contexts, ACLED labels, confidence and the historical flag by the rules, then the
    learned reader's labels over them (extract.reading), which may also drop the event."""
    ev, trig, sent = ctx.event, ctx.trigger, ctx.sent
    fields = ev.evidence.fields
    ev.historical = ctx.historical
    lemmas = {t.lemma_.lower() for t in sent}
    ev.contexts = contexts_for(coder.tables, ev.type, ctx.mode, trig.spec.contexts if trig.spec else (),
                               lemmas, bool(ev.minerals))
    ev.acled_event_type, ev.acled_sub_event_type = acled_labels(coder.tables, ev.type, ctx.mode,
                                                                lemma(trig.token))
    ev.confidence = confidence(has_actor1=ev.actor1 is not None, has_actor2=ev.actor2 is not None,
                               verbal=not trig.is_noun, factuality=ev.factuality,
                               actor1_source=ctx.a1.source if ctx.a1 else None,
                               has_location=ev.location is not None)
    for ref in (ev.actor1, ev.actor2):   # "it", "they" the actor resolver could not resolve
        if ref is not None and ref.name is None and ref.text.lower() in PRONOUNS:
            ev.confidence = max(0.05, ev.confidence - 0.15)
            fields["unresolved_pronoun"] = ref.text
    return None if coder.reading.annotate(ev, ctx.reading, fields) else "learned reader: not current news"


# Names: EventContext fields, "event.<attribute>" of the Event being assembled, "doc.<memory>".
STEPS: tuple[Step, ...] = (
    Step("factuality", needs=("found", "sent", "doc"), sets=("fact", "quoted", "trigger"), fn=factuality),
    Step("assertion", needs=("trigger", "sent"), sets=(), fn=assertion),
    Step("arguments", needs=("trigger", "sent"), sets=("a1", "a2"), fn=arguments),
    Step("eventhood", needs=("trigger", "a1", "doc.coded"), sets=(), fn=eventhood),
    Step("typing", needs=("trigger", "a1", "fact"), sets=("type", "mode", "doc.coded"), fn=typing),
    Step("record", needs=("trigger", "type", "mode", "fact", "sent", "doc"), sets=("event",), fn=record),
    Step("actors", needs=("event", "a1", "a2", "fact", "trigger", "doc"),
         sets=("event.actor1", "event.actor2", "event.claimed_by"), fn=actors),
    Step("resolve", needs=("event", "trigger", "sent", "doc"),
         sets=("location", "event.date", "event.quantities", "event.fatalities", "event.injured",
               "event.minerals"), fn=resolve),
    Step("recordable", needs=("event", "event.actor1", "event.actor2", "event.claimed_by", "event.fatalities",
                              "event.quantities", "location", "quoted", "trigger", "sent", "doc"), sets=(), fn=recordable),
    Step("historical", needs=("event", "event.date", "trigger", "sent", "fact", "doc"), sets=("historical",),
         fn=historical),
    Step("place", needs=("event", "event.actor1", "event.actor2", "location", "historical", "sent", "doc",
                         "doc.site"), sets=("event.location", "doc.site"), fn=place),
    Step("labels", needs=("event", "event.actor1", "event.actor2", "event.minerals", "event.location", "trigger",
                          "mode", "sent", "a1", "historical", "reading"),
         sets=("event.historical", "event.contexts", "event.acled_event_type", "event.acled_sub_event_type",
               "event.confidence"), fn=labels),
)


# -- helpers ------------------------------------------------------------------------------------
def resolve_actor(arg: A.Arg | None, doc, fields: dict, slot: str) -> ActorRef | None:
    """An argument as an actor: the actor KB's reading, else its words; its country from a
    place named in its words or where the document introduced the person."""
    if arg is None:
        return None
    span = arg.span()
    ref = doc.resolvers.actor(span)
    if ref is None:
        ref = ActorRef(text=span.text, start=span.start_char, end=span.end_char)
    if ref.country is None:   # the actor KB did not place it: a place named in its words
        hit = actor_place(span, arg.token, doc.toponyms)
        if hit is None and arg.token.pos_ == "PROPN":   # NER often tags a lone surname ORG
            ref.country = _introduced_country(arg.token, doc)
            if ref.country:
                fields[f"{slot}_country"] = "introduction"
        if hit is not None:
            top, is_head = hit
            ref.country = top.place.country
            if is_head and top.kind != "demonym" and top.place.feature == "A.PCLI":
                ref.name = ref.name or top.place.name   # "the DRC said": the state acts
            fields[f"{slot}_country"] = "toponym"
    if ref.source and ref.source != arg.source:
        fields[f"{slot}_link"] = ref.source   # how the actor KB linked it (alias, coref, title...)
    ref.source = arg.source                    # how the parse found it (nsubj, by-agent...)
    fields[slot] = arg.source
    return ref


def _introduced_country(tok, doc) -> str | None:
    """"Zakharova said": the country she was introduced with earlier in the document."""
    if "people" not in doc.cache:
        doc.cache["people"] = person_countries(doc.sdoc, doc.toponyms)
    return doc.cache["people"].get(tok.text)


def _evidence(trig, sent, doc, fields: dict) -> Evidence:
    offsets = doc.doc.offsets
    to_raw = offsets.to_raw if offsets.segments else (lambda x: x)
    text = sent.text.rstrip()
    s0, s1 = sent.start_char, sent.start_char + len(text)
    t0, t1 = trig.start, trig.end
    return Evidence(sentence=text, start=to_raw(s0), end=to_raw(s1),
                    trigger_text=doc.text[t0:t1], trigger_start=to_raw(t0),
                    trigger_end=to_raw(t1), fields=fields)


def _remention(trig, a1: A.Arg | None, coded: frozenset) -> bool:
    if a1 is None or a1.token.lower_ in PRONOUNS:
        return trig.type in coded
    return (trig.type, a1.token.lemma_.lower()) in coded


def _crowd(lex, tok) -> bool:
    """Protesters, a crowd, or a count of them ("hundreds of demonstrators")."""
    if lex.in_class(tok, "protesters"):
        return True
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    return pobj is not None and (tok.like_num or tok.ent_type_ in ("CARDINAL", "QUANTITY")
                                 or tok.lemma_.lower() in ("hundred", "thousand", "dozen", "scores"))\
        and lex.in_class(pobj, "protesters")


def _performed(trig, tok) -> bool:
    """A speech act in the present simple by a definite speaker is done by being said ("we call
    on", "the Humanitarian Coordinator urges", "Kigali rejects"); "critics accuse" stays a habit."""
    if trig.type not in taxonomy.types_with("performative"):
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    return subj.lower_ in ("we", "i") or subj.pos_ == "PROPN" or bool(subj.ent_type_) \
        or any(c.dep_ in ("det", "poss") and c.lower_ not in ("some", "many", "any", "most", "all")
               for c in subj.children)


def _agentive(lex, tok) -> bool:
    """Can this word name an actor? "partnership would provide...", "pressure resulted in...",
    "the economy supports..." have abstract subjects: not political actors."""
    if tok.ent_type_ or tok.pos_ in ("PRON", "PROPN"):
        return True
    if lex.in_class(tok, "person") or lex.in_class(tok, "agent"):
        return True
    if lex.in_class(tok, "abstract"):
        return False
    if _ABSTRACT_SUFFIX.search(tok.lemma_.lower()):
        # "police reinforcements", "army detachment": a word of that shape names people when an
        # actor's word qualifies it
        return any(c.dep_ == "compound" and (c.ent_type_ in ("ORG", "NORP", "GPE") or lex.in_class(c, "agent"))
                   for c in tok.children)
    return True


def _raw_arguments(lex, trig) -> tuple[A.Arg | None, A.Arg | None]:
    tok = trig.token
    if trig.is_noun:
        a1 = N.noun_agent(tok)
        if a1 is not None and a1.source == "governing-subject" and tok.dep_ != "pobj" \
                and not is_light(lex, tok.head):
            a1 = None   # "the army foiled a coup", "Le Monde downplayed the coup": not its actor
        return a1, N.noun_recipient(tok)
    if trig.spec is DEMAND_SPEC:   # "X said Y must...": X demands, of Y
        ccomp = next(c for c in tok.children if c.dep_ == "ccomp")
        subj = next((c for c in ccomp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return A.verb_subject(tok), (A.Arg(subj, "demand-subject") if subj is not None else None)
    if tok.pos_ == "ADJ" and tok.dep_ == "acomp":   # "France is ready to contribute troops"
        return A.verb_subject(tok.head), A.verb_object(tok, inside=set(t.i for t in trig.tokens))
    a1 = A.verb_subject(tok)
    if a1 is None and trig.mode in _EXPULSION:
        a1 = _expelling_state(tok)
    return a1, A.verb_object(tok, inside=set(t.i for t in trig.tokens))


def _nominal_participle(tok) -> bool:
    """A participle used as a noun names people by what befell them ("the injured", "the 20
    killed included four children", "those expelled were agents"): it refers to an event told
    elsewhere, it does not report one."""
    if tok.tag_ != "VBN":
        return False
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and any(c.dep_ == "det" for c in tok.children):
        return True
    if tok.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return True   # a bare participle as the subject of another verb (parsers split "the 20 killed")
    return tok.dep_ == "acl" and tok.head.lower_ in _DESCRIBED


def _expelling_state(verb) -> A.Arg | None:
    """"diplomats expelled from the United States": the country one is expelled from expels."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "from":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ == "GPE":
                return A.Arg(pobj, "from-country")
    return None


def _asks_for_something(verb) -> bool:
    """"asked X to withdraw", "asked for aid", "asked that X be released" request something."""
    for c in verb.children:
        if c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for"):
            return True
        if c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return True
    return False


def _has_participant(ev: Event, own_location, passive_ok: bool = False) -> bool:
    """Is there anyone or anywhere in this event? Verbal interactions need who acts (or, for a
    narrated passive, whom it targets: "X has been accused of..."); material events need an
    actor, a target, a place named in their sentence (`own_location`), or a count."""
    if ev.type in taxonomy.types_with("needs_actor1"):
        return ev.actor1 is not None or (passive_ok and ev.actor2 is not None)
    if ev.actor1 is not None or ev.actor2 is not None or ev.fatalities is not None:
        return True
    if ev.claimed_by is not None:
        return True   # "the navy said it thwarted a coup": the source vouches for it
    if own_location is not None and own_location.source in _OWN_PLACE:
        return True
    return any(q.value is not None and q.kind in _PEOPLE_COUNTS for q in ev.quantities)
