"""Actor linking: argument phrases -> knowledge-base actors with country and sector.

    actors = actors_for(sdoc, year)        # once per document
    ref = actors.resolve(span)             # an event argument (spaCy Span or Token)

Order of evidence for a phrase: a pronoun takes the nearest compatible earlier actor; a name
in the knowledge base (aliases, then a surname named in full earlier in the document, then
fuzzy matching for capitalised names); a capital used as a metonym ("Kinshasa said"); a title
resolved through who held it that year ("President" + country + year); a generic head noun
("soldiers", "the junta", "protesters") -> sector, with the country from a demonym or country
name in the phrase, else the document's focus country (marked "doc-context"); "the rebels"
-> the armed group named most recently. ActorRef.source records which rule decided.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter

from seismo.doctext import doc_ents, doc_text, span_ents
from seismo.records import ActorRef
from seismo.resolve.actor_phrase import (country_names as _country_names, dateline_end, gazetteer as _gazetteer,
    is_acronym_of as _is_acronym_of, lead_end as _lead_end, longest_sector as _longest_sector,
    place_complements as _place_complements, sector_head as _sector_head, strip as _strip,
    with_left_modifiers as _with_left_modifiers)
from seismo.resolve.anaphora import ANAPHORA_WINDOW, AnaphoraMixin
from seismo.resolve.conventions import acled_country, crowd_kind
from seismo.resolve.kb import KBEntry, country_name, fold, get_kb

__all__ = ["actors_for", "DocumentActors", "entity_patterns", "get_kb"]

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "theirs", "itself", "themselves"}
# Titles with time-aware holders (roles in people*.yaml); longer titles first ("vice president"
# before "president"). Several wordings name one office.
TITLES = {"vice president": "vice president", "vice-president": "vice president",
          "foreign minister": "foreign minister", "foreign affairs minister": "foreign minister",
          "minister of foreign affairs": "foreign minister", "foreign secretary": "foreign minister",
          "defence minister": "defence minister", "defense minister": "defence minister",
          "minister of defence": "defence minister", "minister of defense": "defence minister",
          "defense secretary": "defence minister", "secretary of defense": "defence minister",
          "prime minister": "prime minister", "premier": "prime minister",
          "secretary of state": "secretary of state", "president": "president"}
LOCATIVE = frozenset({"in", "at", "near", "from", "to", "across", "into", "outside", "inside", "around",
                      "through", "throughout", "towards", "toward", "between", "within"})
ANAPHORIC_REB = {"rebel", "rebels", "militia", "militias", "insurgent", "insurgents", "group", "rebellion",
                 "fighters", "movement"}
# Sectors of state office holders: a titled person with no country named works for the country
# the paragraph is about ("President Abdelaziz Bouteflika" in an article about Algeria).
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG"}
# Heads naming a collective whose kind is in the modifier ("rebel group", "opposition coalition").
COLLECTIVE_HEADS = {"group", "groups", "wing", "faction", "factions", "coalition", "alliance", "front",
                    "movement", "organisation", "organization", "unit", "units", "cell", "cells"}
DEFINITE = {"the", "this", "that", "these", "those"}
INDEFINITE = {"a", "an", "another", "some", "several", "other", "two", "three", "many", "various"}
NAME_PARTICLE = re.compile(r"^(al|el|ad|ar|as|ash|an|ibn|bin)[- ][A-Z]")   # "al Shabab", "al-Qaeda"
_TITLE_WORDS = {w for t in TITLES for w in t.split()} | {"of", "the", "acting", "interim"}


def entity_patterns() -> list[dict]:
    """EntityRuler patterns: organisations (ORG) and people (PERSON) from the knowledge base.

    Only distinctive forms: multi-word names, and single words that cannot be ordinary words
    (acronyms, names with digits). A lone surname such as "Prince" is left to the model.
    """
    from spacy.lang.en.stop_words import STOP_WORDS   # "IS", "US" in all-caps headlines
    kb = get_kb()
    patterns, seen = [], set()
    for entry in kb.entries.values():
        label = "PERSON" if entry.kind == "person" else "ORG"
        for form in [entry.name] + entry.aliases:
            single = " " not in form
            if single and not (form.isupper() or any(c.isdigit() for c in form)) or len(form) < 2 \
                    or (single and form.lower() in STOP_WORDS):
                continue
            if (form, label) not in seen:
                seen.add((form, label))
                patterns.append({"label": label, "pattern": form, "id": entry.kb_id})
    return patterns


def actors_for(sdoc, year: int | None = None) -> "DocumentActors":
    return DocumentActors(sdoc, year)


_GLOSSED = re.compile(r"(.+?)\s*\(\s*([^()]+?)\s*\)")


class DocumentActors(AnaphoraMixin):
    """Per-document resolver holding the mention timeline used for coreference."""

    def __init__(self, sdoc, year: int | None = None):
        self.sdoc, self.year, self.kb = sdoc, year, get_kb()
        self.text = doc_text(sdoc)
        self._geo = _gazetteer()
        self.timeline: list[tuple[int, ActorRef, str]] = []   # (char offset, ref, kind)
        self.full_names: dict[str, ActorRef] = {}             # surname -> person named in full
        self._country_mentions: list[tuple[int, str]] = []
        self._place_countries: set[str] = set()
        self.local_aliases: dict[str, ActorRef] = {}          # "(NUT)" after its full name
        self.focus_country = self._focus_country()
        prev = None
        for ent in doc_ents(sdoc):
            if ent.label_ == "GPE" and ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE:
                continue   # "in Dakar": where something happens, not who acts (no antecedent of "they")
            if ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                ref = self._resolve_entity(ent.text, ent.label_, ent.start_char, ent)
                if _is_acronym_of(ent, prev) and (ref is None or ref.kb_id is None):
                    ref = self._with_text(prev[1], ent.text, "alias")
                    self.local_aliases[fold(ent.text)] = ref
                if ref is not None:
                    self._remember(ent.start_char, ref, "person" if ent.label_ == "PERSON" else "group")
                    prev = (ent, ref)
        self._remember_subjects(sdoc)

    # -- public API --------------------------------------------------------------------------------
    def resolve(self, span) -> ActorRef | None:
        if span is None:
            return None
        if not hasattr(span, "root"):     # a Token
            span = span.doc[span.i:span.i + 1]
        first, partners = self._first_conjunct(span), self._partners(span)
        ref = self._resolve_span(first)
        if ref is not None:
            if first is not span:   # the whole phrase's words, with the first's modifiers ("Libyan leader X")
                ref = dataclasses.replace(ref, text=span.doc[_with_left_modifiers(first).start:span.end].text)
            ref.start, ref.end = span.start_char, span.end_char
            if partners:   # "Qatar and Saudi Arabia": the first acts, the others with it (ACLED assoc)
                ref.assoc = "; ".join(partners)
            if ref.sector and ref.source not in ("coref",) and fold(span.text) not in GROUP_PRONOUNS \
                    and not any(pos == span.start_char for pos, _r, _k in self.timeline):
                # "the junta ... it": generic actors the events name become antecedents too
                self._remember(span.start_char, ref, "person" if span.root.ent_type_ == "PERSON" else "group")
        return ref

    def resolve_text(self, text: str, start: int | None = None) -> ActorRef:
        """Resolve a phrase given as text (no parse): same rules, on the words."""
        at = start if start is not None else len(self.text)
        words = _strip(text).split()
        if fold(text) in PERSON_PRONOUNS or fold(text) in GROUP_PRONOUNS:
            return self._coref(fold(text), at, text) or ActorRef(text=text, source="text")
        ref = (self._by_name(text, at) or self._country_actor(text) or self._name_inside(words)
               or self._title_text(text, words) or self._generic_text(text, at))
        ref = ref or ActorRef(text=text, country=self._country_in_words(words), source="text")
        return self._fill_country(ref, words, at)

    def _fill_country(self, ref: ActorRef, words: list[str], at: int) -> ActorRef:
        """Last resorts for a missing country: a place named in the phrase ("Cairo's security
        chief"), a misspelt country ("Ethopia"), then the paragraph's country for state office
        holders and ethnic groups ("President X", "ethnic Albanians")."""
        if ref.country is not None or ref.sector in ("IGO", "NGO"):
            return ref
        country, source = self._country_in_words(words) or self._place_in_words(words), "place"
        if country is None and ref.kb_id is not None:
            return ref   # a KB entry without a country is transnational (Islamic State): no guessing
        if country is None:
            country, source = self._fuzzy_country(words), "fuzzy-country"
        if country is None:
            low = {part for w in words for part in fold(w).split("-")}   # "Vice-President"
            titled = any(self.kb.sector_nouns.get(w) in STATE_SECTORS for w in low)
            if ref.sector in STATE_SECTORS or titled or "ethnic" in low:
                country, source = self.local_country(at), "doc-context"
        return dataclasses.replace(ref, country=country, source=source) if country else ref

    def _name_inside(self, words: list[str]) -> ActorRef | None:
        """A known name among the words: 'Economy Minister Vital Kamerhe' -> Vital Kamerhe."""
        for n in range(len(words) - 1, 0, -1):
            for i in range(len(words) - n + 1):
                chunk = " ".join(words[i:i + n])
                if not (chunk[:1].isupper() or NAME_PARTICLE.match(chunk)):
                    continue
                entry = self.kb.lookup(chunk)
                if entry:
                    return self._from_entry(entry, " ".join(words), "alias")
                if n == 1 and fold(chunk) in self.full_names:
                    return self._with_text(self.full_names[fold(chunk)], " ".join(words), "coref")
        return None

    def _title_text(self, text: str, words: list[str]) -> ActorRef | None:
        low = fold(text)
        if re.search(r"\b(former|ex|late|outgoing|ousted|deposed)\b", low):
            return None   # a past holder: not the one in office that year
        for phrase, title in TITLES.items():
            if re.search(r"(?<![\w-])" + phrase + r"\b", low):
                country = self._country_in_words(words) or self.focus_country
                entry = self.kb.holder(title, country, self.year)
                # "President Bush", "Former President": someone other than the holder
                others = [fold(w) for w in words if w[:1].isupper() and fold(w) not in _TITLE_WORDS
                          and fold(_strip(w)) not in self._country_words(country)
                          and self._country_of(_strip(w)) is None]
                if entry and all(o in fold(entry.name) for o in others):
                    return self._from_entry(entry, text, "title")
                return None   # the longest title named decides ("vice president" is no president)
        return None

    def _country_words(self, iso3: str | None) -> set[str]:
        """Words of a country's names ("United", "States"): not someone else's name in a title."""
        entry = self.kb.countries.entries.get(iso3 or "") if self.kb.countries is not None else None
        return {fold(w) for n in (entry.names + entry.demonyms if entry else []) for w in n.split()}

    def _country_actor(self, text: str) -> ActorRef | None:
        """A country named as an actor ('Rwanda', 'the DRC', 'the United States')."""
        country = self._country_of(_strip(text))
        if country and not self._geo_is_demonym(_strip(text)):
            return ActorRef(text=text, name=self._country_name(country), country=country, sector="GOV",
                            source="country")
        return None

    def _geo_is_demonym(self, text: str) -> bool:
        if self.kb.countries is not None and self.kb.countries.demonym(text):
            return True
        return self._geo is not None and self._geo.demonym_country(text) is not None

    # -- steps ---------------------------------------------------------------------------------------
    def _resolve_span(self, span) -> ActorRef | None:
        span = _with_left_modifiers(span)
        text = _strip(span.text)
        low = fold(text)
        if low in PERSON_PRONOUNS or low in GROUP_PRONOUNS:
            return self._coref(low, span.start_char, span.text)
        by_name = self._by_name(text, span.start_char)
        if by_name:
            return by_name
        whole = self._country_actor(span.text)   # "North Korea" when the NER tagged only "Korea"
        if whole:
            return whole
        owned = self._owned_by_pronoun(span)   # "its forces", "Assad's forces"
        if owned is not None:
            return owned
        words = [t.text for t in span]
        complements = _place_complements(span)
        where = words + complements                # "Opposition groups in Zimbabwe"
        for ent in sorted(span_ents(span), key=lambda e: (span.root.i not in range(e.start, e.end), e.start)):
            if ent.label_ in ("GPE", "LOC") and ent.root.head.dep_ == "prep" and ent.root.head.lower_ != "of" \
                    and ent.root.head.i >= span.root.i:
                continue   # "teachers across Kenya": a place the actor is in, not the actor
            if ent.label_ == "NORP" and ((ent.start > 0 and fold(span.doc[ent.start - 1].text) == "ethnic")
                                         or fold(ent.text).startswith("ethnic")
                                         or self._country_in_words(complements)):
                continue   # an ethnic group ("Albanians of southern Serbia"), not a state's nationals
            if ent.label_ in ("GPE", "NORP") and span.root.i not in range(ent.start, ent.end) \
                    and fold(span.root.lemma_) in self.kb.sector_nouns:
                continue   # "Sudan's army", "Malian soldiers": the country of a kind of actor
            ref = self._resolve_entity(ent.text, ent.label_, ent.start_char, ent)
            if ref is not None and (ent.label_ != "NORP" or ent.root.i == span.root.i):
                return self._fill_country(self._with_text(ref, span.text), where, span.start_char)
        # a KB name the NER missed ("pro-Iranian Hizbollah group"); the words as written first, so
        # a hyphenated name is whole ("Al-Shabaab militants", not "Al - Shabaab")
        named = self._name_inside(_strip(span.text).split()) or self._name_inside(words)
        if named:
            return self._with_text(named, span.text)
        titled = self._title(span)
        if titled:
            return titled
        if fold(span.root.text) in ("group", "movement", "organisation", "organization") and len(words) <= 2 \
                and fold(span.doc[span.root.left_edge.i].text) in DEFINITE:
            group = self._only_group(span.start_char, None)   # "the group": the armed group named before
            if group is not None:
                return self._with_text(group, span.text, "coref")
        country = self._country_in_words(complements) or self._country_in_words(words)
        ref = self._generic(span, where) or ActorRef(text=span.text, country=country, source="text")
        # the head names what the actor is, not where ("Man" is also a town in Côte d'Ivoire)
        around = [w for t, w in zip(span, words) if t.i != span.root.i or t.ent_type_ in ("GPE", "LOC")]
        return self._fill_country(ref, around + complements, span.start_char)

    def _by_name(self, text: str, at: int) -> ActorRef | None:
        entry = self.kb.lookup(_strip(text))
        glossed = _GLOSSED.fullmatch(_strip(text))
        if entry is None and glossed:   # "National Salvation Front (NAS)": the name or its acronym
            entry = self.kb.lookup(glossed.group(1)) or self.kb.lookup(glossed.group(2))
        if entry:
            return self._from_entry(entry, text, "alias")
        if fold(_strip(text)) in self.local_aliases:
            return self._with_text(self.local_aliases[fold(_strip(text))], text)
        capital = self.kb.capitals.get(fold(_strip(text))) or self._gazetteer_capital(_strip(text))
        if capital:
            return ActorRef(text=text, name=self._gov_name(capital), country=capital, sector="GOV",
                            source="capital-metonym")
        return None

    def _resolve_entity(self, text: str, label: str, at: int, ent=None) -> ActorRef | None:
        text = _strip(text)
        by_name = self._by_name(text, at)
        if by_name:
            return by_name
        if label == "PERSON":
            last = fold(text.split()[-1]) if text.split() else ""
            if len(text.split()) == 1 and last in self.full_names:
                return self._with_text(self.full_names[last], text, "coref")
            entry = self.kb.by_surname(text.split()[-1]) if len(text.split()) > 1 else None
            if entry and fold(entry.name) == fold(text):
                return self._from_entry(entry, text, "alias")
            country, sector = self._np_context(ent) if ent is not None else (None, None)
            source = "person"
            if country is None and sector in STATE_SECTORS:   # "President X" with no country named
                country, source = self.local_country(at), "doc-context"
            return ActorRef(text=text, name=text, country=country, sector=sector, source=source)
        if label in ("GPE", "NORP"):
            country = self._country_of(text, demonym=label == "NORP")
            if country:
                return ActorRef(text=text, name=self._country_name(country), country=country,
                                sector="GOV" if label == "GPE" else None, source="country")
            return None
        if label == "ORG" and fold(text) in self.kb.sector_nouns:
            return None   # "Army reinforcements", "Police said": a kind of actor capitalised, no name
        if label == "ORG" and text[:1].isupper():
            entry = self.kb.fuzzy(text)
            if entry:
                return self._from_entry(entry, text, "fuzzy")
            country = self._country_in_words(text.split())
            if country is None and ent is not None:
                country = self._np_context(ent)[0]
            return ActorRef(text=text, name=text, country=country, source="org")
        return None

    def _title(self, span) -> ActorRef | None:
        if any(e.label_ == "PERSON" for e in span_ents(span)):
            return None
        return self._title_text(span.text, [t.text for t in span])

    def _generic(self, span, where: list[str]) -> ActorRef | None:
        head = _sector_head(span, self.kb.sector_nouns)
        return self._generic_text(span.text, span.start_char, where, head.lemma_.lower(), head.text.lower())

    def _generic_text(self, text: str, at: int, words: list[str] | None = None,
                      lemma: str | None = None, head: str | None = None) -> ActorRef | None:
        words = words or text.split()
        low = fold(text)
        head = head or fold(words[-1]) if words else ""
        nouns = self.kb.sector_nouns
        sector = _longest_sector(nouns, low) or nouns.get(lemma or "") or nouns.get(head) \
            or (nouns.get(head[:-1]) if head.endswith("s") else None)
        if not sector and head in COLLECTIVE_HEADS:    # "Hutu rebel group", "militarist wing"
            sector = next((nouns[fold(w)] for w in reversed(words[:-1]) if fold(w) in nouns), None)
        if not sector:
            return None
        country = self._country_in_words(words)
        if sector == "REB" and (lemma in ANAPHORIC_REB or head in ANAPHORIC_REB) \
                and self._anaphoric(text.split()):
            group = self._only_group(at, country)
            if group:
                return self._with_text(group, text, "coref")
        source = "sector"
        if country is None and sector in ("MIL", "GOV", "COP", "CVL", "REB", "JUD", "LEG", "OPP", "PTY"):
            country, source = self.local_country(at), "doc-context"
        name = self.kb.canonical(sector, country, self._country_name(country) if country else None)
        crowd = crowd_kind(text, None) if sector == "CVL" else None
        if crowd is not None and country:   # "protesters" stay protesters when "they" refers back
            name = f"{'Rioters' if crowd == 'riot' else 'Protesters'} ({acled_country(country)})"
        return ActorRef(text=text, name=name, country=country, sector=sector, source=source)

    def _anaphoric(self, words: list[str]) -> bool:
        """'the rebels' points back; 'a Rwandan-backed militia' (indefinite) and 'al Shabab
        fighters' (named by a modifier that is no country) introduce an actor of their own."""
        if words and fold(words[0]) in INDEFINITE:
            return False
        mods = [re.sub(r"-(backed|supported|allied|aligned|linked|led|based)$", "", _strip(w)) for w in words[:-1]]
        return not any((w[:1].isupper() or NAME_PARTICLE.match(w)) and self._country_of(w) is None
                       for w in mods if fold(w) not in self.kb.sector_nouns and fold(w) not in DEFINITE)

    def _np_context(self, ent) -> tuple[str | None, str | None]:
        """Country and sector from the words around a name: 'Serbian President X', 'King X of
        Morocco', 'X, the Iraqi foreign minister'."""
        root = ent.root
        words = [t.text for t in ent.doc[root.left_edge.i:ent.start]]
        for child in list(root.children) + ([root.head] if root.dep_ == "appos" else []):
            if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ in ("of", "from")) \
                    or child is root.head:
                words += [t.text for t in child.subtree][:8]
        if root.dep_ == "appos":
            words += [t.text for t in root.head.subtree if t.i < root.head.i + 1][-6:]
        country = self._country_in_words(words)
        low = [fold(w) for w in words]
        sector = next((self.kb.sector_nouns[w] for w in low if w in self.kb.sector_nouns
                       and self.kb.sector_nouns[w] in ("GOV", "MIL", "JUD", "LEG", "REB", "OPP")), None)
        return country, sector

    # -- helpers -------------------------------------------------------------------------------------
    def _remember(self, at: int, ref: ActorRef, kind: str) -> None:
        bisect.insort(self.timeline, (at, ref, kind), key=lambda item: item[0])
        if kind == "person" and ref.name and len(ref.name.split()) > 1:
            self.full_names.setdefault(fold(ref.name.split()[-1]), ref)

    def _last(self, at: int, keep, kind: str | None = None) -> ActorRef | None:
        for pos, ref, k in reversed(self.timeline):
            if pos < at and (kind is None or k == kind) and keep(ref):
                return ref
        return None

    def _from_entry(self, entry: KBEntry, text: str, source: str) -> ActorRef:
        return ActorRef(text=text, name=entry.name, country=entry.country, sector=entry.sector,
                        kb_id=entry.kb_id, source=source)

    @staticmethod
    def _with_text(ref: ActorRef, text: str, source: str | None = None) -> ActorRef:
        return ActorRef(text=text, name=ref.name, country=ref.country, sector=ref.sector, kb_id=ref.kb_id,
                        source=source or ref.source)

    def _country_of(self, text: str, demonym: bool = False) -> str | None:
        # The same words are asked about again and again (every n-gram of every actor phrase):
        # the answer depends only on the KB and the gazetteer, so it is kept with the KB.
        cache = self.kb.__dict__.setdefault("_country_of_cache", {})
        key = (id(self._geo), text, demonym)
        if key not in cache:
            if len(cache) > 100_000:
                cache.clear()
            cache[key] = self._country_of_uncached(text, demonym)
        return cache[key]

    def _country_of_uncached(self, text: str, demonym: bool) -> str | None:
        countries = self.kb.countries   # the KB's own names first, then the gazetteer's
        if countries is not None:
            found = countries.demonym(text) or (None if demonym else countries.country(text))
            if found:
                return found
        if self._geo is None:
            return None
        rid = self._geo.demonym_country(text)
        if rid is not None:
            return self._geo.place(rid).country
        if demonym:
            return None
        place = self._geo.resolve_name(text)
        return place.country if place is not None and (place.feature or "").startswith("A.PCL") else None

    def _gazetteer_capital(self, text: str) -> str | None:
        """Country of a national capital named alone ("Baghdad said"): a metonym for its government."""
        if self._geo is None or not text[:1].isupper() or len(text) < 3:
            return None
        place = self._geo.resolve_name(text)
        return place.country if place is not None and place.feature == "P.PPLC" else None

    def _place_in_words(self, words: list[str]) -> str | None:
        """Country of the most populous sizeable place named in the phrase ("newspaper based in
        Beirut", "government of Sindh province"); small towns are too ambiguous to trust."""
        if self._geo is None:
            return None
        best = None
        words = [_strip(w).strip("()") for w in words]
        for i, w in enumerate(words):
            for n in (3, 2, 1):
                cand = " ".join(words[i:i + n])
                if not cand[:1].isupper() or len(cand) < 3 or fold(cand) in self.kb.sector_nouns:
                    continue
                # inside a longer run of capitalised words it is part of a name ("Omar Hassan al-Bashir")
                if (i and words[i - 1][:1].isupper()) or (i + n < len(words) and words[i + n][:1].isupper()):
                    continue
                place = self._geo.resolve_name(cand)
                if place is None or not place.country:
                    continue
                big = place.feature in ("P.PPLC", "A.ADM1") or (place.population or 0) >= 100_000
                if big and (best is None or (place.population or 0) > (best.population or 0)):
                    best = place
        return best.country if best else None

    def _fuzzy_country(self, words: list[str]) -> str | None:
        """A misspelt country name ("Ethopia", "Quatar's"): capitalised words of 6+ letters only."""
        names = _country_names(self._geo)
        if not names:
            return None
        from rapidfuzz import fuzz, process
        for w in words:
            w = _strip(w)
            if w[:1].isupper() and len(w) >= 6 and w.isalpha():
                hit = process.extractOne(fold(w), names.keys(), scorer=fuzz.ratio, score_cutoff=90)
                if hit:
                    return names[hit[0]]
        return None

    def _country_in_words(self, words: list[str]) -> str | None:
        """The first demonym or country name among the words ('Congolese naturalized American' -> COD).

        "ethnic Albanians" names an ethnic group, not Albania's nationals: skipped; "Vietnamese-led"
        counts as "Vietnamese"."""
        words = [re.sub(r"-(led|dominated|majority)$", "", _strip(w)) for w in words]
        for i, w in enumerate(words):
            if not w[:1].isupper() or (i and fold(words[i - 1]) in ("ethnic", "pro", "anti")):
                continue
            for n in (5, 4, 3, 2, 1):   # "Democratic Republic of the Congo" before "Republic of Congo"
                cand = " ".join(words[i:i + n])
                country = self._country_of(cand) if len(cand) > 1 else None
                if country:
                    return country
        return None

    def _focus_country(self) -> str | None:
        """The country the document is about: mentions counted, the title and lead weigh triple."""
        counts: Counter[str] = Counter()
        lead_end = _lead_end(self.text)
        for start, country in self._place_mentions() + self._known_actor_mentions():
            counts[country] += 3 if start < lead_end else 1
            self._country_mentions.append((start, country))
        self._country_mentions.sort()
        return counts.most_common(1)[0][0] if counts else None

    def _place_mentions(self) -> list[tuple[int, str]]:
        """Countries of the places named (the geoparser corrects 'Mali' tagged as a person)."""
        from seismo.resolve.geo import Geoparser   # loaded on first use, as the gazetteer is
        toponyms = Geoparser().parse(self.sdoc)
        head = dateline_end(self.text)   # "NAIROBI, Kenya -": where the report was filed, not evidence
        self._place_countries = {t.place.country for t in toponyms
                                 if t.place is not None and t.place.country and t.start >= head}
        return [(t.start, t.place.country) for t in toponyms if t.place is not None and t.place.country
                and (t.kind != "literal" or (t.place.feature or "").startswith("A.PCL")
                     or (t.place.population or 0) >= 100_000)]

    def _known_actor_mentions(self) -> list[tuple[int, str]]:
        """Countries of knowledge-base people and groups named (Keïta -> Mali)."""
        out = []
        for ent in doc_ents(self.sdoc):
            if ent.label_ in ("PERSON", "ORG"):
                entry = self.kb.lookup(_strip(ent.text))
                # an outlet's home (Le Monde, Fox News) is where the report comes from, not the topic
                if entry is not None and entry.country and entry.sector != "MED":
                    out.append((ent.start_char, entry.country))
        return out

    def local_country(self, at: int) -> str | None:
        """The country most mentioned in the paragraph around `at`, else the document's focus; only
        a country some place of the text is in (JNIM named is no evidence the gunmen are in Mali)."""
        country = self._local_country(at)
        return country if country in self._place_countries else None

    def _local_country(self, at: int) -> str | None:
        text = self.text
        start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
        end = len(text) if end < 0 else end
        counts = Counter(c for pos, c in self._country_mentions if start <= pos < end)
        if not counts:
            return self.focus_country
        top = max(counts.values())
        if counts.get(self.focus_country or "") == top:   # a tie goes to the document's country
            return self.focus_country
        return counts.most_common(1)[0][0]

    def _town_country(self, ent) -> str | None:
        """Country of a town named in the text ('in Baghdad'), for the document's focus only."""
        if self._geo is None or ent.label_ != "GPE" or not ent.text[:1].isupper():
            return None
        place = self._geo.resolve_name(ent.text)
        return place.country if place is not None and (place.population or 0) >= 100_000 else None

    def _country_name(self, iso3: str | None) -> str | None:
        return country_name(iso3, self.kb)

    def _gov_name(self, iso3: str) -> str:
        return self.kb.canonical("GOV", iso3, self._country_name(iso3)) or iso3
