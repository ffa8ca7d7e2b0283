"""Event coder: a parsed document in, PLOVER event records out.

Per sentence that holds a trigger lemma (a precomputed hash set, so most sentences cost one pass
over their tokens): find trigger readings (extract.triggers, extract.reading), keep one event per
clause (a trigger under another trigger's complement is folded into it: "threatened to attack" is
THREATEN; reporting verbs are not events, their complement is, with factuality "reported"), then
run each kept trigger through the coder's declared steps (extract.coder_steps: factuality,
arguments, type, actors, place, date, numbers, minerals, labels; docs/extraction.md has the
table). Document passes follow: a claim of responsibility, an agentless passive continuing the
paragraph's act, repeated mentions merged (extract.attribution, extract.coref).

Background is flagged, not dropped: a paragraph that narrates a past period marks its events
historical (extract.discourse). The other stages' resolvers are plain imports called through one
guard (extract.resolvers): a failure costs a field, is logged (E302) and counted on the result.
"""
from __future__ import annotations

import logging
import re

from seismo.budget import check_budget
from seismo.doctext import doc_ents, doc_text
from seismo.extract import arguments as A
from seismo.extract.attribution import apply_claim, finish_actors, inherit_agent, widen_phrases
from seismo.extract.clauses import governor, protest_topic, segments
from seismo.extract.coder_steps import STEPS, resolve_actor
from seismo.extract.coding import is_boilerplate, load_plover
from seismo.extract.context import CodedEvents, DocContext, EventContext
from seismo.extract.coref import merge_coreferent, merge_same_type
from seismo.extract.discourse import TimeFrame
from seismo.extract.focus import focus_country
from seismo.extract.reading import LearnedReading
from seismo.extract.resolvers import Resolvers
from seismo.extract.steps import check_sequence, run_steps
from seismo.extract.topic import off_topic_section
from seismo.extract.triggers import Lexicon, Trigger, find_triggers, lemma, load_lexicon
from seismo.records import Document, Event

log = logging.getLogger(__name__)

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
# What the coder gives every trigger before its steps run (extract.context.EventContext).
STEP_INPUTS = frozenset({"found", "sent", "doc", "reading", "doc.coded", "doc.site"})
check_sequence(STEPS, STEP_INPUTS)   # a step declared out of order fails at import, not mid-batch


class EventCoder:
    """keep_uncertain: also output hypothetical ("could attack") and negated ("did not attack")
    events, flagged in `factuality`. Off by default: PLOVER lets negated events be excluded, and
    an event that did not (or may not) happen is not a record an analyst signs off on.

    The steps (extract.coder_steps) read `lex`, `tables`, `keep_uncertain` and `reading` from it."""

    def __init__(self, lexicon: Lexicon | None = None, keep_uncertain: bool = False,
                 reader: str | None = None):
        self.keep_uncertain = keep_uncertain
        self.reading = LearnedReading(reader)
        self.lex = lexicon or load_lexicon()
        self.tables = load_plover()
        self.resolvers = Resolvers()
        self._head_hashes: frozenset[int] | None = None

    # -- document -------------------------------------------------------------------------
    def code(self, doc: Document, sdoc) -> CodedEvents:
        """The document's events; `resolver_failures` on the result counts failed resolver calls."""
        heads = self._heads(sdoc)
        ctx = self._context(doc, sdoc)
        frame = TimeFrame(ctx.anchor_year)
        events: list[Event] = []
        prev_end = par_first = 0
        sents = list(segments(sdoc))
        boilerplate = {s.start for s in sents if is_boilerplate(s.text)}
        found = self._found([s for s in sents if s.start not in boilerplate], heads)
        for sent in sents:
            check_budget()   # a no-op unless a per-document time budget is running
            if "\n" in ctx.text[prev_end:sent.start_char]:
                frame.new_paragraph()   # a past frame never outlives its paragraph
                ctx.par_start, par_first = sent.start_char, len(events)
            prev_end = sent.end_char
            ctx.frame = frame.update(sent)[0]
            if sent.start in boilerplate:
                continue
            if sent.start in found:   # a sentence with no event word may still claim one
                rule_triggers, readings = found[sent.start]
                triggers = self.reading.triggers(rule_triggers, readings, sent)
                coded = [self._coded(trig, sent, ctx, readings) for trig in
                         sorted(self.select(triggers), key=lambda t: t.start)]
                new = merge_same_type([e for e in coded if e is not None])
                inherit_agent(new, events[par_first:])
                events.extend(new)
            apply_claim(sent, events[par_first:],
                        lambda tok, f: resolve_actor(A.Arg(tok, "claimant"), ctx, f, "actor1"))
        events = merge_coreferent(events)
        for ev in events:
            finish_actors(ev)
        widen_phrases(events, sdoc)
        return CodedEvents(events, ctx.resolvers.failures)

    def _found(self, sents: list, heads: frozenset[int]) -> dict[int, tuple[list[Trigger], dict]]:
        """Sentence start -> (lexicon triggers, the model's readings) for the sentences with an
        event word; the model reads the whole document's at once."""
        worth = [s for s in sents if any(t.lemma in heads for t in s)]
        rule_triggers, vetoed = [], set()
        for sent in worth:
            check_budget()
            rule_triggers.append(find_triggers(sent, self.lex, vetoed))
        readings = self.reading.read_many(list(zip(worth, rule_triggers)))
        for read in readings:   # the model adds no event where the lexicon read the word as none
            for i in vetoed.intersection(read):
                del read[i]
        return {s.start: found for s, found in zip(worth, zip(rule_triggers, readings))}

    def _heads(self, sdoc) -> frozenset[int]:
        if self._head_hashes is None:
            strings = sdoc.vocab.strings
            forms = set()
            for h in self.lex.heads | self.reading.vocabulary():
                forms.update((h, h.capitalize()))
            self._head_hashes = frozenset(strings.add(f) for f in forms)
        return self._head_hashes

    def _context(self, doc: Document, sdoc) -> DocContext:
        resolvers = self.resolvers.for_document(sdoc, doc.published)
        anchor = _anchor_year(doc, sdoc, resolvers.dates)
        resolvers.start_actors(anchor)
        return DocContext(doc, sdoc, anchor, resolvers, text=doc_text(sdoc),
                          load_places=lambda: _places(resolvers, sdoc))

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
            elif trig.type == "ACCUSE" != gov.type and trig.token.tag_ == "VBG" and trig.token.dep_ == "advcl":
                kept.append(trig)   # "severed relations with Kyiv, accusing it of...": an accusation too
        return [k for k in kept if id(k) not in denials and not protest_topic(k, owner)]

    # -- one event --------------------------------------------------------------------------
    def _coded(self, trig: Trigger, sent, ctx: DocContext, readings: dict) -> Event | None:
        """The event of a trigger through the coder's steps; None when a step drops it."""
        ectx = EventContext(trig, sent, ctx, readings.get(trig.token.i))
        dropped = run_steps(STEPS, self, ectx)
        if dropped:
            log.debug("%s: %r dropped (%s)", ctx.doc.id, trig.token.text, dropped)
            return None
        return ectx.event


def _anchor_year(doc: Document, sdoc, dates) -> int | None:
    """The document's 'now': its publication year, the date resolver's anchor, or the latest
    year the text mentions (a text about 2024 events is not older than 2024)."""
    for value in (doc.published, getattr(dates, "anchor", None)):
        if value:
            m = _YEAR.search(str(value))
            if m:
                return int(m.group(1))
    years = [int(y) for ent in doc_ents(sdoc) if ent.label_ == "DATE" for y in _YEAR.findall(ent.text)]
    return max(years) if years else None


def _places(resolvers, sdoc) -> tuple:
    """(toponyms, focus country's toponym, off-topic section) of a document."""
    toponyms = resolvers.toponyms()
    return toponyms, focus_country(toponyms), off_topic_section(sdoc)
