"""Anaphora and coordination for actor linking (a mixin of seismo.resolve.actors.DocumentActors).

Pronouns take the nearest compatible earlier actor (a political actor nearby before an outlet or a
company); "the rebels"/"the group" take the one armed group in play; "its forces"/"Assad's
forces" are resolved through their possessor; generic subjects ("Protesters gathered") become
antecedents; coordinated actors ("Qatar and Saudi Arabia") are one phrase, the first acting and
the others associated with it.
"""
from __future__ import annotations

import dataclasses

from seismo.doctext import doc_ents
from seismo.records import ActorRef
from seismo.resolve.kb import fold

# How far back (characters, about two paragraphs) an anaphor may reach for its antecedent.
ANAPHORA_WINDOW = 1200
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}


class AnaphoraMixin:
    """Needs from its host: kb, timeline, resolve, _resolve_span, _resolve_entity, _last,
    _with_text, _country_name, local_country."""

    def _first_conjunct(self, span):
        """"Qatar and Saudi Arabia" -> "Qatar" (the span itself when nothing is coordinated)."""
        conj = next((c for c in span.root.children if c.dep_ == "conj" and span.start <= c.i < span.end), None)
        if conj is None:
            return span
        cut = conj.left_edge.i
        while cut > span.start and span.doc[cut - 1].dep_ in ("cc", "punct"):
            cut -= 1
        return span.doc[span.start:cut] if cut > span.start else span

    def _partners(self, span) -> list[str]:
        """Names of the actors coordinated with the phrase's first one."""
        out = []
        for c in span.root.children:
            if c.dep_ == "conj" and span.start <= c.i < span.end:
                sub = span.doc[c.left_edge.i:c.right_edge.i + 1]
                ref = self._resolve_span(sub)
                if ref is not None:
                    out.append(ref.name or ref.text)
        return out

    def _remember_subjects(self, sdoc) -> None:
        """Generic actors as subjects ("Protesters gathered...") are antecedents of a later "they"."""
        for tok in sdoc:
            if tok.dep_ in ("nsubj", "nsubjpass") and not tok.ent_type_ and tok.pos_ == "NOUN" \
                    and self.kb.sector_nouns.get(fold(tok.lemma_)) not in (None, "MED", "BUS"):
                from seismo.extract.arguments import actor_span
                span = actor_span(tok)
                if not any(pos == span.start_char for pos, _r, _k in self.timeline):
                    self.resolve(span)   # resolve() remembers it

    def _owned_by_pronoun(self, span) -> ActorRef | None:
        """"its forces", "their fighters", "M23's fighters" are the group itself; "his supporters",
        "Assad's forces" are civilians or forces of the person's country, the person named as
        associated actor."""
        poss = next((c for c in span.root.lefts if c.dep_ == "poss" and (c.tag_ == "PRP$" or c.ent_type_ in
                                                                         ("PERSON", "ORG"))), None)
        sector = self.kb.sector_nouns.get(fold(span.root.lemma_)) or self.kb.sector_nouns.get(fold(span.root.text))
        if poss is None or sector is None:
            return None
        if poss.tag_ == "PRP$":
            owner = self._coref(fold(poss.text), span.start_char, poss.text)
        else:
            ent = next((e for e in doc_ents(span.doc) if e.start <= poss.i < e.end), None)
            owner = self._resolve_entity(ent.text, ent.label_, ent.start_char, ent) if ent is not None else None
            if owner is not None and owner.country is None and owner.kb_id is None:
                owner = dataclasses.replace(owner, country=self.local_country(span.start_char))
        if owner is None:
            return None
        if sector in ("MIL", "REB") and owner.sector in ("REB", "MIL"):
            return self._with_text(owner, span.text, "coref")
        country = owner.country
        name = self.kb.canonical(sector, country, self._country_name(country) if country else None)
        return ActorRef(text=span.text, name=name, country=country, sector=sector, source="coref",
                        assoc=owner.name if owner.sector not in ("MIL", "GOV", "COP") else None)

    def _only_group(self, at: int, country: str | None) -> ActorRef | None:
        """The armed group "the rebels" points back to: named shortly before (within ~two
        paragraphs) and the only one the document has named so far; with two groups in play
        ("Wazalendo" and "M23") the words alone do not say which."""
        groups = {r.kb_id: (pos, r) for pos, r, _k in self.timeline
                  if pos < at and r.sector == "REB" and r.kb_id is not None
                  and (country is None or r.country == country)}
        if len(groups) != 1:
            return None
        pos, ref = next(iter(groups.values()))
        return ref if at - pos <= ANAPHORA_WINDOW else None

    def _coref(self, pronoun: str, at: int, text: str) -> ActorRef | None:
        """A pronoun takes the nearest compatible earlier actor; for "it"/"they" a political actor
        (state, armed group, party...) named nearby beats an outlet or a company ("Twitter ...
        the junta ... it")."""
        kind = "person" if pronoun in PERSON_PRONOUNS else "group"
        found = None
        if kind == "group":
            found = self._last(at, lambda r: r.sector not in (None, "MED", "BUS"), kind)
            if found is not None and at - self._pos(found) > ANAPHORA_WINDOW:
                found = None
        found = found or self._last(at, lambda r: True, kind)
        return self._with_text(found, text, "coref") if found else None

    def _pos(self, ref: ActorRef) -> int:
        return next(pos for pos, r, _k in reversed(self.timeline) if r is ref)

