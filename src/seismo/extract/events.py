"""Event coder: a parsed document in, PLOVER event records out.

Per sentence that holds a trigger lemma (a precomputed hash set, so most sentences cost one pass
over their tokens): find trigger readings (extract.triggers), keep one event per clause (a trigger
under another trigger's complement is folded into it: "threatened to attack" is THREATEN;
reporting verbs are not events, their complement is, with factuality "reported"), read the
arguments from the parse (extract.arguments), factuality and historicity (extract.factuality),
then ask the resolvers for actors, place, date, numbers and minerals.

Precision on opinionated news comes from what is *not* coded: verb forms that mention without
asserting (attributive participles, generic or habitual present, presupposed "after X" clauses,
"declined to comment"), events with nobody in them (a verbal interaction needs its actor, a
material event an actor, target, own place or count), uncertain ones (hypothetical, negated: kept
only with keep_uncertain), and repeated mentions (extract.coref). Background is flagged, not
dropped: a paragraph that narrates a past period marks its events historical (extract.discourse).

The resolvers belong to other stages; each is reached through an adapter (extract.adapters) that
returns None/[] while that stage is missing or failing.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from seismo import taxonomy
from seismo.budget import check_budget
from seismo.extract import arguments as A
from seismo.extract.adapters import Adapter, guarded, optional
from seismo.extract.coding import (acled_labels, confidence, contexts_for, event_id, is_boilerplate,
                                   load_plover, recode_future)
from seismo.extract.clauses import (future_clause, governor, own_quantities, protest_topic,
                                    segments, subordinate_noun)
from seismo.extract.attribution import apply_claim, attribute, finish_actors, inherit_agent
from seismo.extract.coref import PRONOUNS, merge_coreferent, merge_same_type
from seismo.extract.discourse import TimeFrame, generic_cue, in_quote, quote_speaker
from seismo.extract.reading import LearnedReading
from seismo.extract.roles import is_light, repair_roles
from seismo.extract.focus import (actor_place, fallback_location, focus_country, home_reading, is_story_site,
                                  person_countries)
from seismo.extract.factuality import Factuality, assess, is_historical
from seismo.extract.topic import off_topic_section, political_anchor
from seismo.extract.triggers import DEMAND_SPEC, Lexicon, Trigger, find_triggers, lemma, load_lexicon
from seismo.records import ActorRef, DateRef, Document, Event, Evidence

log = logging.getLogger(__name__)

_ABSTRACT_SUFFIX = re.compile(r"(tion|ment|ship|ity|ence|ance|ism|ure|ness|ive)$")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
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


@dataclass(slots=True)
class _DocContext:
    """Per-document state the resolvers need (built once per document)."""
    doc: Document
    sdoc: object
    anchor_year: int | None
    actors: object = None
    toponyms: list = field(default_factory=list)
    dates: object = None
    coded: set = field(default_factory=set)     # event types already coded in the document
    frame: str | None = None                    # narrated time of the current sentence
    par_start: int = 0                          # character offset of the current paragraph
    focus: object = None                        # Toponym of the document's focus country
    text: str = ""                              # sdoc.text, built once (spaCy rebuilds it per access)
    minerals: dict = field(default_factory=dict)  # (sentence start, end) -> minerals found there
    off_topic: str | None = None                # a sports/business/culture... page (extract.topic)
    people: dict | None = None                  # surname -> country of people introduced with one
    site: object = None                         # Location of the story's last located material event


class EventCoder:
    """keep_uncertain: also output hypothetical ("could attack") and negated ("did not attack")
    events, flagged in `factuality`. Off by default: PLOVER lets negated events be excluded, and
    an event that did not (or may not) happen is not a record an analyst signs off on."""

    def __init__(self, lexicon: Lexicon | None = None, keep_uncertain: bool = False,
                 reader: str | None = None):
        self.keep_uncertain = keep_uncertain
        self.reading = LearnedReading(reader)
        self.lex = lexicon or load_lexicon()
        self.tables = load_plover()
        self._head_hashes: frozenset[int] | None = None
        def adapter(module: str, name: str) -> Adapter:
            return Adapter(f"{module}.{name}", optional(module, name))
        self._actors_for = adapter("seismo.resolve.actors", "actors_for")
        geoparser_cls = optional("seismo.resolve.geo", "Geoparser")
        geoparser = geoparser_cls() if geoparser_cls else None
        self._geoparse = Adapter("Geoparser.parse", geoparser.parse if geoparser else None)
        self._resolve_name = Adapter("Geoparser.resolve_name", geoparser.resolve_name if geoparser else None)
        self._event_location = adapter("seismo.resolve.geo", "event_location")
        self._document_dates = adapter("seismo.extract.dates", "document_dates")
        self._quantities_for = adapter("seismo.extract.quantities", "quantities_for")
        self._casualties = adapter("seismo.extract.quantities", "casualties")
        self._minerals_in = adapter("seismo.extract.minerals", "minerals_in")

    # -- document -------------------------------------------------------------------------
    def code(self, doc: Document, sdoc) -> list[Event]:
        heads = self._heads(sdoc)
        ctx = self._context(doc, sdoc)
        frame = TimeFrame(ctx.anchor_year)
        events: list[Event] = []
        prev_end = par_first = 0
        for sent in segments(sdoc):
            check_budget()   # a no-op unless a per-document time budget is running
            if "\n" in ctx.text[prev_end:sent.start_char]:
                frame.new_paragraph()   # a past frame never outlives its paragraph
                ctx.par_start, par_first = sent.start_char, len(events)
            prev_end = sent.end_char
            ctx.frame = frame.update(sent)[0]
            if not any(t.lemma in heads for t in sent) or is_boilerplate(sent.text):
                continue
            rule_triggers = find_triggers(sent, self.lex)
            readings = self.reading.read(sent, rule_triggers)
            triggers = self.reading.triggers(rule_triggers, readings, sent)
            coded = [self._coded(trig, sent, ctx, readings) for trig in
                     sorted(self.select(triggers), key=lambda t: t.start)]
            new = merge_same_type([e for e in coded if e is not None])
            inherit_agent(new, events[par_first:])
            events.extend(new)
            apply_claim(sent, events[par_first:], lambda tok, f: self._actor(A.Arg(tok, "claimant"), ctx, f, "actor1"))
        events = merge_coreferent(events)
        for ev in events:
            finish_actors(ev)
        return events

    def _heads(self, sdoc) -> frozenset[int]:
        if self._head_hashes is None:
            strings = sdoc.vocab.strings
            forms = set()
            for h in self.lex.heads | self.reading.vocabulary():
                forms.update((h, h.capitalize()))
            self._head_hashes = frozenset(strings.add(f) for f in forms)
        return self._head_hashes

    def _context(self, doc: Document, sdoc) -> _DocContext:
        dates = self._document_dates(sdoc, doc.published)
        anchor = _anchor_year(doc, sdoc, dates)
        ctx = _DocContext(doc, sdoc, anchor, dates=dates, text=sdoc.text)
        ctx.actors = self._actors_for(sdoc, anchor)
        ctx.toponyms = self._geoparse(sdoc, default=[]) or []
        ctx.focus = focus_country(ctx.toponyms)
        ctx.off_topic = off_topic_section(sdoc)
        return ctx

    # -- selection: one event per clause ----------------------------------------------------
    def select(self, triggers: list[Trigger]) -> list[Trigger]:
        """Drop triggers folded into a governing trigger of the same clause."""
        owner = {t.i: trig for trig in triggers for t in trig.tokens}
        kept, denials = [], set()
        for trig in triggers:
            gov = governor(trig, owner)
            if gov is None:
                kept.append(trig)
            elif lemma(gov.token) == "deny" and not trig.is_noun:
                kept.append(trig)   # "denied that it attacked": the attack, factuality denied
                denials.add(id(gov))
        return [k for k in kept if id(k) not in denials and not protest_topic(k, owner)]

    # -- one event --------------------------------------------------------------------------
    def _coded(self, trig: Trigger, sent, ctx: _DocContext, readings: dict) -> Event | None:
        """The event of a trigger, with the learned reader's labels (extract.reading)."""
        ev = self._event(trig, sent, ctx)
        if ev is None or not self.reading.annotate(ev, readings.get(trig.token.i), ev.evidence.fields):
            return None
        return ev

    def _factuality(self, trig: Trigger, sent, ctx: _DocContext) -> tuple[Factuality, bool]:
        """(factuality, inside a quotation?) of the trigger's event."""
        tok = trig.token
        fact = assess(tok, self.lex, noun=trig.is_noun)
        if fact.value == "negated" and trig.type in taxonomy.types_with("negated_is_reject") and not trig.is_noun:
            trig.type, trig.mode = "REJECT", None
            fact = Factuality("asserted", fact.claimed_by, fact.cue)
        if fact.value == "asserted" and sent.text.rstrip().rstrip("\"”’'»)").endswith("?"):
            return Factuality("hypothetical", cue="question"), in_quote(tok, ctx.par_start, ctx.text)
        quoted = in_quote(tok, ctx.par_start, ctx.text)
        if quoted and fact.value == "asserted":   # a speaker's words, not the reporter's
            fact = Factuality("reported", quote_speaker(sent, ctx.par_start, ctx.text, self.lex.reporting),
                              "quotation")
        return fact, quoted

    def _event(self, trig: Trigger, sent, ctx: _DocContext) -> Event | None:
        tok = trig.token
        fact, quoted = self._factuality(trig, sent, ctx)
        if fact.value in _UNCERTAIN and not self.keep_uncertain:
            return None
        if self._not_an_event(trig, sent):
            return None
        a1, a2 = self._arguments(trig, sent)
        if trig.is_noun and (subordinate_noun(tok) or tok.dep_ == "attr"):
            return None   # a circumstance ("after the coup") or a description ("remains a threat")
        if a1 is not None and a1.source == "nsubj" and not self._agentive(a1.token):
            return None   # an abstract subject: not an event between actors
        if trig.is_noun and a1 is None and not trig.spec.bare:
            return None   # "demand for cobalt": an event noun with nobody doing it
        if trig.is_noun and self._remention(trig, a1, ctx):
            return None   # "the coup", "the DRC's offer": an event already coded in the document
        if trig.type == "ASSAULT" and a1 is not None and self._crowd(a1.token):
            trig.type, trig.mode = "PROTEST", "riot"   # PLOVER: protesters' violence is a riot
        typ = recode_future(self.tables, trig.type, fact.value)
        ctx.coded.add(typ)
        if a1 is not None:
            ctx.coded.add((typ, a1.token.lemma_.lower()))
        fields: dict[str, str] = {"trigger": trig.spec.pos if trig.spec else "verb"}
        ev = Event(doc_id=ctx.doc.id, event_id=event_id(ctx.doc.id, trig.start, typ), type=typ,
                   evidence=self._evidence(trig, sent, ctx, fields), mode=trig.mode,
                   factuality=fact.value)
        ev.actor1 = self._actor(a1, ctx, fields, "actor1")
        ev.actor2 = self._actor(a2, ctx, fields, "actor2")
        self._claim(ev, fact, ctx, fields)
        attribute(ev, tok, a1, fact.claimed_by, lambda arg, f: self._actor(arg, ctx, f, "actor1"))
        self._attach_resolvers(ev, trig, sent, ctx, fields)
        if not _has_participant(ev, passive_ok=not quoted and A.is_passive(tok)):
            return None
        if ctx.off_topic and not political_anchor(ev):
            return None   # a team's "attack", a company's "release": metaphor on a non-political page
        ev.historical, why = is_historical(tok, sent, ctx.anchor_year,
                                           ev.date.value if ev.date else None,
                                           fact.value in ("reported", "claimed"), ctx.frame,
                                           ev.date.source if ev.date else None,
                                           ev.date.text if ev.date else None)
        if why:
            fields["historical"] = why
        self._place(ev, sent, ctx, fields)
        self._annotate(ev, trig, sent, a1, fields)
        return ev

    def _place(self, ev: Event, sent, ctx: _DocContext, fields: dict) -> None:
        """The own-sentence place read in the acting state's country where it has one, else a
        fallback for events whose sentence names none (extract.focus)."""
        home = home_reading(ev.location, ev.actor1, self._resolve_name)
        if home is not None:
            ev.location = home
            fields["location_country"] = "actor-home"
        if ev.location is None:
            ev.location = fallback_location(ev.type, ctx.toponyms, ctx.par_start, sent.start_char,
                                            ctx.focus, (ev.actor1, ev.actor2),
                                            None if ev.historical else ctx.site)
            if ev.location is not None:
                fields["location"] = ev.location.source
        if is_story_site(ev):
            ctx.site = ev.location

    def _annotate(self, ev: Event, trig: Trigger, sent, a1: A.Arg | None, fields: dict) -> None:
        """PLOVER contexts, ACLED labels and the confidence score."""
        lemmas = {t.lemma_.lower() for t in sent}
        ev.contexts = contexts_for(self.tables, ev.type, trig.mode,
                                   trig.spec.contexts if trig.spec else (), lemmas, bool(ev.minerals))
        ev.acled_event_type, ev.acled_sub_event_type = acled_labels(self.tables, ev.type, trig.mode,
                                                                    lemma(trig.token))
        ev.confidence = confidence(has_actor1=ev.actor1 is not None, has_actor2=ev.actor2 is not None,
                                   verbal=not trig.is_noun, factuality=ev.factuality,
                                   actor1_source=a1.source if a1 else None,
                                   has_location=ev.location is not None)
        for ref in (ev.actor1, ev.actor2):   # "it", "they" the actor resolver could not resolve
            if ref is not None and ref.name is None and ref.text.lower() in PRONOUNS:
                ev.confidence = max(0.05, ev.confidence - 0.15)
                fields["unresolved_pronoun"] = ref.text

    def _not_an_event(self, trig: Trigger, sent) -> bool:
        """Verb forms that mention an event without asserting one: attributive participles
        ("the arrested citizens", "imperialist-backed"), generic or habitual present ("NATO backs
        the regime", "soldiers often abandon their posts"), declining to comment."""
        tok = trig.token
        if trig.is_noun or tok.pos_ != "VERB":
            return False
        if tok.dep_ == "amod" or _nominal_participle(tok):
            return True
        if trig.type == "ASSAULT" and tok.dep_ == "acl" and tok.tag_ == "VBG" \
                and not any(c.dep_ == "prep" for c in tok.children):
            return True   # "US forces battling the Islamic State": who they are, not what they did
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _PRESUPPOSED_MARKS
                                       for c in tok.children):
            return True   # "after a June 30 coup toppled the government": a known prior event
        if generic_cue(tok, sent):
            return True
        if lemma(tok) in _PROPOSITIONAL and not any(c.dep_ in ("dobj", "xcomp") for c in tok.children) \
                and any(c.dep_ == "ccomp" and not future_clause(c) for c in tok.children):
            return True   # "agreed (that) it was a problem": an opinion; "agreed that X will..." is not
        if lemma(tok) == "ask" and not _asks_for_something(tok):
            return True   # "why did you go?, Peskov asked", "asked whether...": a question
        return trig.type == "REJECT" and any(
            c.dep_ == "xcomp" and (lemma(c) in _NO_COMMENT or lemma(c) in self.lex.reporting)
            for c in tok.children)

    def _crowd(self, tok) -> bool:
        """Protesters, a crowd, or a count of them ("hundreds of demonstrators")."""
        if self.lex.in_class(tok, "protesters"):
            return True
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        return pobj is not None and (tok.like_num or tok.ent_type_ in ("CARDINAL", "QUANTITY")
                                     or tok.lemma_.lower() in ("hundred", "thousand", "dozen", "scores"))\
            and self.lex.in_class(pobj, "protesters")

    @staticmethod
    def _remention(trig: Trigger, a1: A.Arg | None, ctx: _DocContext) -> bool:
        if a1 is None or a1.token.lower_ in PRONOUNS:
            return trig.type in ctx.coded
        return (trig.type, a1.token.lemma_.lower()) in ctx.coded

    def _arguments(self, trig: Trigger, sent) -> tuple[A.Arg | None, A.Arg | None]:
        a1, a2 = self._raw_arguments(trig)
        inside = lambda arg: arg is not None and sent.start <= arg.token.i < sent.end  # noqa: E731
        a1, a2 = repair_roles(self.lex, trig, a1, a2)   # instruments, event nouns, partners (extract.roles)
        return (a1 if inside(a1) else None), (a2 if inside(a2) else None)

    def _agentive(self, tok) -> bool:
        """Can this word name an actor? "partnership would provide...", "pressure resulted in...",
        "the economy supports..." have abstract subjects: not political actors."""
        if tok.ent_type_ or tok.pos_ in ("PRON", "PROPN"):
            return True
        if self.lex.in_class(tok, "person") or self.lex.in_class(tok, "agent"):
            return True
        return not (self.lex.in_class(tok, "abstract") or _ABSTRACT_SUFFIX.search(tok.lemma_.lower()))

    def _raw_arguments(self, trig: Trigger) -> tuple[A.Arg | None, A.Arg | None]:
        tok = trig.token
        if trig.is_noun:
            a1 = A.noun_agent(tok)
            if a1 is not None and a1.source == "governing-subject" and tok.dep_ != "pobj" \
                    and not is_light(self.lex, tok.head):
                a1 = None   # "the army foiled a coup", "Le Monde downplayed the coup": not its actor
            return a1, A.noun_recipient(tok)
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

    def _actor(self, arg: A.Arg | None, ctx: _DocContext, fields: dict, slot: str) -> ActorRef | None:
        if arg is None:
            return None
        span = arg.span()
        ref = _guarded(ctx, "actors", "resolve", span)
        if ref is None:
            ref = ActorRef(text=span.text, start=span.start_char, end=span.end_char)
        if ref.country is None:   # the actor KB did not place it: a place named in its words
            hit = actor_place(span, arg.token, ctx.toponyms)
            if hit is None and arg.token.pos_ == "PROPN":   # NER often tags a lone surname ORG
                ref.country = self._introduced_country(arg.token, ctx)
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

    @staticmethod
    def _introduced_country(tok, ctx: _DocContext) -> str | None:
        """"Zakharova said": the country she was introduced with earlier in the document."""
        if ctx.people is None:
            ctx.people = person_countries(ctx.sdoc, ctx.toponyms)
        return ctx.people.get(tok.text)

    def _claim(self, ev: Event, fact: Factuality, ctx: _DocContext, fields: dict) -> None:
        if fact.cue:
            fields["factuality"] = fact.cue
        if fact.claimed_by is not None:
            span = A.actor_span(fact.claimed_by)
            ref = _guarded(ctx, "actors", "resolve", span)
            ev.claimed_by = (ref.name or ref.text) if ref is not None else span.text
            fields["claimed_by"] = "speaker"

    def _attach_resolvers(self, ev: Event, trig: Trigger, sent, ctx: _DocContext, fields: dict) -> None:
        tok = trig.token
        focus = ctx.focus.place.country if ctx.focus is not None and ctx.focus.place else None
        ev.location = self._event_location(ctx.sdoc, tok, ctx.toponyms, focus)
        if ev.location is not None:
            fields["location"] = ev.location.source or "geo"
        ev.date = (_guarded(ctx, "dates", "date_for", tok, sent) if ctx.dates is not None
                   else _fallback_date(tok, sent))
        if ev.date is not None:
            fields["date"] = ev.date.source or "dates"
        ev.quantities = own_quantities(tok, list(self._quantities_for(tok, sent) or []))
        if ev.type in taxonomy.types_with("casualties") and ev.quantities:
            ev.fatalities, ev.injured = self._casualties(ev.quantities, default=(None, None))
            if ev.fatalities is not None:
                fields["fatalities"] = "quantities"
        key = (sent.start, sent.end)   # several events per sentence: scan it once
        if key not in ctx.minerals:
            ctx.minerals[key] = list(self._minerals_in(ctx.sdoc, sent) or [])
        ev.minerals = list(ctx.minerals[key])

    def _evidence(self, trig: Trigger, sent, ctx: _DocContext, fields: dict) -> Evidence:
        offsets = ctx.doc.offsets
        to_raw = offsets.to_raw if offsets.segments else (lambda x: x)
        text = sent.text.rstrip()
        s0, s1 = sent.start_char, sent.start_char + len(text)
        t0, t1 = trig.start, trig.end
        return Evidence(sentence=text, start=to_raw(s0), end=to_raw(s1),
                        trigger_text=ctx.text[t0:t1], trigger_start=to_raw(t0),
                        trigger_end=to_raw(t1), fields=fields)


def _guarded(ctx: _DocContext, slot: str, method: str, *args):
    """Call a per-document resolver object (ctx.actors / ctx.dates); on an integration failure
    drop it for this document (logged) rather than losing the document's events."""
    obj = getattr(ctx, slot)
    if obj is None:
        return None
    value, failed = guarded(obj, method, *args)
    if failed:
        setattr(ctx, slot, None)
    return value


# Pronouns a participle can describe: "those arrested", "anyone detained".
_DESCRIBED = frozenset({"those", "anyone", "everyone", "all", "some", "many", "others", "most"})


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


def _has_participant(ev: Event, passive_ok: bool = False) -> bool:
    """Is there anyone or anywhere in this event? Verbal interactions need who acts (or, for a
    narrated passive, whom it targets: "X has been accused of..."); material events need an
    actor, a target, a place named in their sentence, or a count."""
    if ev.type in taxonomy.types_with("needs_actor1"):
        return ev.actor1 is not None or (passive_ok and ev.actor2 is not None)
    if ev.actor1 is not None or ev.actor2 is not None or ev.fatalities is not None:
        return True
    if ev.claimed_by is not None:
        return True   # "the navy said it thwarted a coup": the source vouches for it
    if ev.location is not None and ev.location.source in _OWN_PLACE:
        return True
    return any(q.value is not None and q.kind in _PEOPLE_COUNTS for q in ev.quantities)


def _anchor_year(doc: Document, sdoc, dates) -> int | None:
    """The document's 'now': its publication year, the date resolver's anchor, or the latest
    year the text mentions (a text about 2024 events is not older than 2024)."""
    for value in (doc.published, getattr(dates, "anchor", None)):
        if value:
            m = _YEAR.search(str(value))
            if m:
                return int(m.group(1))
    years = [int(y) for ent in sdoc.ents if ent.label_ == "DATE" for y in _YEAR.findall(ent.text)]
    return max(years) if years else None


def _fallback_date(tok, sent) -> DateRef | None:
    """Until the date resolver exists: a year named in the trigger's own subtree."""
    for ent in sent.ents:
        if ent.label_ == "DATE" and tok.is_ancestor(ent.root):
            m = _YEAR.search(ent.text)
            if m:
                return DateRef(ent.text, m.group(1), "year", "clause")
    return None
