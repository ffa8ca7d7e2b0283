"""Offline geoparser: toponym recognition on a spaCy Doc, then resolution against the gazetteer.

Recognition: GPE/LOC (and FAC when the gazetteer knows the name) entities; PERSON/ORG entities whose
text is a prominent gazetteer place and not a person's name in this document (stock NER tags Goma
and Walikale as PERSON); demonyms ("Congolese") from the country demonym table.
Kinds: literal | demonym | metonym (a country or capital as the subject of a speech or decision
verb: "Washington said", "Kinshasa announced", "Beijing agreed").
Resolution: each name's candidates scored by prior (feature class, population) plus document
context: the countries and first-level divisions that the document's confident picks point to.
"""
from __future__ import annotations

from collections import Counter

from seismo.doctext import doc_ents, doc_text
from seismo.geodesy import haversine_km as distance_km
from seismo.records import Place, Toponym
from seismo.resolve.gazetteer import ADMIN1, CC, FEATURE, LAT, LON, Gazetteer, get_gazetteer
from seismo.resolve import geoevidence, geovillages
from seismo.resolve.geomention import ORIGIN_PREPS, Mention as _Mention, place_cue
from seismo.resolve.gazetteer_build import normalize
from seismo.resolve.geolex import COMMON_WORDS, DIVISION_NOUNS, FACILITY_WORDS, METONYM_VERBS

PLACE_LABELS = {"GPE", "LOC"}
RECOVER_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART"}
RECOVER_MIN_PRIOR = 6.2   # a PERSON/ORG span is re-read as a place only if the place is this prominent
RECOVER_LOCAL_PRIOR = 3.4  # ... or a town of >= ~2,500 people in a country the document mentions
DEMONYM_OVER_PRIOR = 6.0   # "Canadian" is the demonym, not Canadian, Texas (pop. 2,000)
PARTIAL_MIN_PRIOR = 4.5    # a place inside a longer name must be a sizeable one
COUNTRY_W, ADMIN1_W = 3.0, 3.0
NEAR_W, NEAR_KM, MAX_ANCHORS = 2.0, 150.0, 40
DIVISION_BONUS = 3.0       # "the Mopti region": the division over the same-named town


class Geoparser:
    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gaz = gazetteer or get_gazetteer()

    # ---------------------------------------------------------------- public API
    def parse(self, sdoc) -> list[Toponym]:
        """Toponyms in a spaCy Doc (offsets into sdoc.text), resolved with document context.

        The result is cached on the Doc: the event coder and the actor resolver both ask.
        """
        cached = sdoc.user_data.get("seismo.toponyms")
        if cached is None:
            cached = self._resolve(self._recognize(sdoc), doc_text(sdoc))
            sdoc.user_data["seismo.toponyms"] = cached
        return list(cached)

    def resolve_spans(self, text: str, spans: list[tuple[int, int]]) -> list[Toponym]:
        """Resolve given spans (e.g. gold toponyms) together, using each other as context."""
        mentions = []
        for start, end in spans:
            name = text[start:end]
            dem = self.gaz.demonym_country(name)
            cands = self.gaz.scored_candidates(name)
            if dem is not None and max((c[1] for c in cands), default=0.0) < DEMONYM_OVER_PRIOR:
                mentions.append(_Mention(name, start, end, "demonym", [(dem, 10.0)], forced=dem))
            else:
                mentions.append(_Mention(name, start, end, "literal", cands or self._partial(name),
                                         fallback=True))
        return self._resolve(mentions, text)

    def resolve_name(self, name: str, country_hint: str | None = None) -> Place | None:
        return self.gaz.resolve_name(name, country_hint)

    # ---------------------------------------------------------------- recognition
    def _recognize(self, sdoc) -> list[_Mention]:
        persons = _person_words(sdoc)
        out: list[_Mention] = []
        taken: set[int] = set()
        deferred = []
        for ent in doc_ents(sdoc):
            if ent.label_ in RECOVER_LABELS and ent.label_ != "NORP":
                deferred.append(ent)
                continue
            if ent.label_ not in PLACE_LABELS and ent.label_ not in ("FAC", "NORP"):
                continue
            m = self._from_entity(ent, persons, None)
            if m is not None:
                out.append(m)
                taken.update(range(ent.start, ent.end))
        for tok in sdoc:   # demonyms the NER missed or labelled otherwise
            if tok.i in taken or not tok.is_title or tok.pos_ not in ("ADJ", "PROPN", "NOUN"):
                continue
            rid = self.gaz.demonym_country(tok.text)
            if rid is not None:
                out.append(_demonym(tok.text, tok.idx, tok.idx + len(tok.text), rid, tok))
                taken.add(tok.i)
        countries = self._doc_countries(out)
        for ent in deferred:   # PERSON/ORG spans that are places of this document's countries
            if not any(i in taken for i in range(ent.start, ent.end)):
                m = self._from_entity(ent, persons, countries)
                if m is None and ent.label_ != "PERSON" and len(ent) > 1:
                    m = self._embedded(ent, persons, countries)
                if m is not None:
                    out.append(m)
        if self.gaz.imported is not None:
            out = geovillages.with_imported_villages(self, sdoc, out, countries)
        out.sort(key=lambda m: m.start)
        return out

    def _doc_countries(self, mentions: list[_Mention]) -> set[str]:
        out = set()
        for m in mentions:
            if m.cands:
                out.add(self.gaz.rows[max(m.cands, key=lambda c: c[1])[0]][CC])
        return out

    def _from_entity(self, ent, persons: set[str], countries: set[str] | None) -> _Mention | None:
        span = _trim(ent)
        if span is None:
            return None
        span = self._extend(span)
        text = span.text
        label = ent.label_
        if label == "NORP" or (label in RECOVER_LABELS and len(span) == 1):
            rid = self.gaz.demonym_country(text)
            if rid is not None:
                return _demonym(text, span.start_char, span.end_char, rid, span.root)
        key = normalize(text)
        if key in COMMON_WORDS or key in persons or label == "NORP":
            return None
        cands = self._division_first(self.gaz.scored_candidates(text), span)
        if not cands and (label not in PLACE_LABELS and place_cue(span) != "strong"
                          or _not_a_name(span)):
            return None   # "M23", "CMAS": codes and acronyms the gazetteer does not know
        if label in RECOVER_LABELS:
            if _looks_like_org(span):
                return None
            cue = place_cue(span)
            if not (cue == "strong" or cands and (cue or self._recoverable(cands, countries or set()))):
                return None
        elif not cands and _person_appos(span):
            return None   # "Kupczyk, 44, an officer": a person the NER took for a place
        fallback = label in ("FAC", "LOC") or place_cue(span) == "strong" or _facility(span)
        m = _Mention(text, span.start_char, span.end_char, "literal",
                     cands or (self._partial(text) if fallback else []), fallback=fallback)
        m.root = span.root
        return m

    def _embedded(self, ent, persons: set[str], countries: set[str]) -> _Mention | None:
        """A place named inside an organisation's name ("Gainesville Police Department",
        "the Dublin City Council"): kind "embedded", never an event location."""
        for size in (3, 2, 1):
            for i in range(ent.start, ent.end - size + 1):
                sub = ent.doc[i:i + size]
                if not all(t.is_title for t in sub) or normalize(sub.text) in COMMON_WORDS \
                        or normalize(sub.text) in persons:
                    continue
                cands = self.gaz.scored_candidates(sub.text)
                if cands and self._recoverable(cands, countries, PARTIAL_MIN_PRIOR + 1.0):
                    m = _Mention(sub.text, sub.start_char, sub.end_char, "embedded", cands)
                    m.root = sub.root
                    return m
        return None

    def _division_first(self, cands: list[tuple[int, float]], span) -> list[tuple[int, float]]:
        """A name heading a division noun ("Niger's Tillaberi region", "Mopti Region") is the
        first-level division, which otherwise loses to its same-named chief town."""
        root, doc = span.root, span.doc
        after = doc[span.end] if span.end < len(doc) else None
        named = (root.dep_ in ("compound", "nmod") and root.head.lemma_.lower() in DIVISION_NOUNS) or \
            span[-1].lower_ in DIVISION_NOUNS or (after is not None and after.lower_ in DIVISION_NOUNS)
        levels = ("A.ADM1",)
        if self.gaz.imported is not None:   # GeoNames divisions: "Bankass cercle", "Soum province"
            noun = next((w for w in (root.head.lemma_.lower() if root.dep_ in ("compound", "nmod")
                                     else None, span[-1].lower_, after.lower_ if after is not None
                                     else None) if w in geoevidence.DIVISION_LEVELS), None)
            named = noun is not None
            levels = geoevidence.DIVISION_LEVELS.get(noun, levels)
        if not named:
            return cands
        # with GeoNames divisions at hand, the named level wins outright: "Koulikoro region" is
        # never the town of Koulikoro, whatever the towns around it say
        other = -DIVISION_BONUS if self.gaz.imported is not None and \
            any(self.gaz.rows[r][FEATURE] in levels for r, _ in cands) else 0.0
        return [(r, s + DIVISION_BONUS if self.gaz.rows[r][FEATURE] in levels else s + other)
                for r, s in cands]

    def _partial(self, name: str) -> list[tuple[int, float]]:
        """Candidates of the longest known place inside a longer unknown name
        ("Colorado State University" -> Colorado, "Manila Cathedral" -> Manila)."""
        words = name.split()
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                sub = " ".join(words[i:i + size])
                if not sub[:1].isupper() or normalize(sub) in COMMON_WORDS:
                    continue
                cands = [c for c in self.gaz.scored_candidates(sub) if c[1] >= PARTIAL_MIN_PRIOR]
                if cands:
                    return cands
        return []

    def _extend(self, span):
        """Grow a span over following capitalised words when the longer name is in the gazetteer
        (the NER cuts "San Carlos" to "San")."""
        doc = span.doc
        best = span
        for n in (1, 2):
            end = span.end + n
            if end > len(doc) or not all(t.is_title for t in doc[span.end:end]):
                break
            if self.gaz.has_name(doc[span.start:end].text):
                best = doc[span.start:end]
        return best

    def _recoverable(self, cands: list[tuple[int, float]], countries: set[str],
                     min_prior: float | None = None) -> bool:
        """A PERSON/ORG span is re-read as a place when the place is prominent, or a town of a
        country the document already talks about (Goma, Walikale in a DRC story)."""
        for rid, prior in cands:
            if prior >= (RECOVER_MIN_PRIOR if min_prior is None else min_prior):
                return True
            if prior >= RECOVER_LOCAL_PRIOR and self.gaz.rows[rid][CC] in countries:
                return True
        return False

    # ---------------------------------------------------------------- resolution
    def _resolve(self, mentions: list[_Mention], text: str = "") -> list[Toponym]:
        """Pick each mention's candidate by prior plus document context, in two rounds: the
        second round's context comes from the first round's picks. With a GeoNames import, the
        text around each name also counts (seismo.resolve.geoevidence)."""
        evidence = geoevidence.TextEvidence(self.gaz, text) if self.gaz.imported is not None else None
        picks = [max(m.cands, key=lambda c: c[1])[0] if m.cands else None for m in mentions]
        for _ in range(2):
            ctx = _Context(self.gaz, mentions, picks, evidence)
            picks = [m.forced if m.forced is not None else
                     (max(m.cands, key=lambda c: ctx.score(m, c))[0] if m.cands else None)
                     for m in mentions]
        if evidence is not None:
            kept = [None if rid is not None and m.forced is None and ctx.implausible(m, rid) else rid
                    for m, rid in zip(mentions, picks)]
            if kept != picks:   # the focus must not be a dropped pick
                picks, ctx = kept, _Context(self.gaz, mentions, kept, evidence)
        focus = ctx.focus()
        out = []
        for m, rid in zip(mentions, picks):
            place = self.gaz.place(rid) if rid is not None else None
            score = None
            basis = "alternate-name" if rid is not None and _by_alternate(self.gaz, m.text, rid) \
                else "name"
            if rid is None and m.fallback and focus is not None:
                place, score = self.gaz.place(focus), 0.0   # "Royal Street": somewhere in the focus town
                basis = "nearest-known-place"
            elif m.forced is None and rid is not None:
                score = round(next(ctx.score(m, c) for c in m.cands if c[0] == rid), 3)
            kind = m.kind
            if kind == "literal" and place is not None and _is_metonym(m.root, place):
                kind = "metonym"
            out.append(Toponym(text=m.text, start=m.start, end=m.end, kind=kind, place=place,
                               score=score, basis=basis if place is not None else None))
        return out


class _Context:
    """What the rest of the document says: countries, first-level divisions, nearby anchors.
    Votes are per distinct name, so a name never votes for itself."""

    def __init__(self, gaz: Gazetteer, mentions: list[_Mention], picks: list[int | None],
                 evidence: geoevidence.TextEvidence | None = None):
        self.gaz = gaz
        self.evidence = evidence
        self._far: dict[int, dict[int, float]] = {}
        if evidence is not None:
            evidence.set_places([(m.start, normalize(m.text), rid) for m, rid in zip(mentions, picks)
                                 if rid is not None and m.kind == "literal"],
                                geoevidence.readings(mentions))
        rows = gaz.rows
        by_name: dict[str, tuple[int, float]] = {}
        for m, rid in zip(mentions, picks):
            if rid is not None:
                sure = m.forced is not None or len(m.cands) == 1 or _margin(m.cands) >= 2.0
                by_name[normalize(m.text)] = (rid, 1.0 if sure else 0.5)
        self.by_name = by_name
        self.name_counts = Counter(normalize(m.text) for m in mentions)
        all_c, all_a = Counter(), Counter()
        for name, (rid, w) in by_name.items():
            r = rows[rid]
            if r[CC]:
                all_c[r[CC]] += w
            if r[ADMIN1]:
                all_a[(r[CC], r[ADMIN1])] += w if r[FEATURE] == "A.ADM1" else w / 2
        self.all_c, self.all_a = all_c, all_a
        self.total = sum(all_c.values())
        # towns and counties of the other names: a candidate near one of them is likelier
        self.anchors = [(name, rows[rid][LAT], rows[rid][LON], w)
                        for name, (rid, w) in by_name.items()
                        if rows[rid][FEATURE].startswith("P") or rows[rid][FEATURE] == "A.ADM2"
                        ][:MAX_ANCHORS]

    def score(self, m: _Mention, cand: tuple[int, float]) -> float:
        rows = self.gaz.rows
        rid, prior = cand
        r = rows[rid]
        own = self.by_name.get(normalize(m.text))
        own_rid, own_w = own if own else (None, 0.0)
        own_r = rows[own_rid] if own_rid is not None else None
        c_votes = self.all_c.get(r[CC], 0.0) - (own_w if own_r and own_r[CC] == r[CC] else 0.0)
        total = self.total - own_w
        share = c_votes / total if total > 0 else 0.0
        a_votes = 0.0
        if r[FEATURE] != "A.ADM1" and r[ADMIN1]:
            a_votes = self.all_a.get((r[CC], r[ADMIN1]), 0.0)
            if own_r and (own_r[CC], own_r[ADMIN1]) == (r[CC], r[ADMIN1]):
                a_votes -= own_w if own_r[FEATURE] == "A.ADM1" else own_w / 2
        near = 0.0
        if r[FEATURE].startswith("P") or r[FEATURE] == "A.ADM2":
            key = normalize(m.text)
            for name, lat, lon, w in self.anchors:
                if name != key and w > near and distance_km(r[LAT], r[LON], lat, lon) <= NEAR_KM:
                    near = w
        score = prior + COUNTRY_W * max(share, 0.0) + ADMIN1_W * min(max(a_votes, 0.0), 1.0) \
            + NEAR_W * near
        if self.evidence is not None:
            score += self.evidence.bonus(m.start, m.end, rid) - self._far_penalty(m, rid)
        return score

    def _others(self, m: _Mention) -> list[tuple[float, float, str, bool]]:
        rows, key = self.gaz.rows, normalize(m.text)
        return [(rows[r][LAT], rows[r][LON], rows[r][CC], rows[r][FEATURE] == "A.PCLI")
                for name, (r, _) in self.by_name.items() if name != key]

    def _far_penalty(self, m: _Mention, rid: int) -> float:
        if m.start not in self._far:
            self._far[m.start] = geoevidence.far_penalties(self.gaz, m.cands, self._others(m),
                                                           self.evidence, m.start, m.end)
        return self._far[m.start].get(rid, 0.0)

    def implausible(self, m: _Mention, rid: int) -> bool:
        return geoevidence.implausible_village(self.gaz, rid, self._others(m), self.evidence,
                                               m.start, m.end)

    def focus(self) -> int | None:
        """The document's focus: its most mentioned town (or county), if any."""
        best, votes = None, 0.0
        for name, (rid, w) in self.by_name.items():
            feature = self.gaz.rows[rid][FEATURE]
            if feature.startswith("P") or feature == "A.ADM2":
                v = self.name_counts.get(name, 0) * w
                if v > votes:
                    best, votes = rid, v
        return best


def _by_alternate(gaz: Gazetteer, text: str, rid: int) -> bool:
    """Whether the name matched the chosen record only through one of its alternate names."""
    return any(r == rid and alt for r, alt in gaz.candidates(text))


def _margin(cands: list[tuple[int, float]]) -> float:
    top = sorted((c[1] for c in cands), reverse=True)
    return top[0] - top[1] if len(top) > 1 else 99.0


def _demonym(text: str, start: int, end: int, rid: int, root) -> _Mention:
    m = _Mention(text, start, end, "demonym", [(rid, 10.0)], forced=rid)
    m.root = root
    return m


def _trim(ent):
    """Drop a leading article, a trailing possessive and trailing punctuation from an entity span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    if start < end and doc[start].lower_ in ("the",):
        start += 1
    if end - 1 > start and doc[end - 1].text in ("'s", "’s", "'"):
        end -= 1
    while end - 1 > start and doc[end - 1].text in (",", ";", ":"):   # "Sorobougou," (not "W.Va.")
        end -= 1
    return doc[start:end] if start < end else None


def _person_words(sdoc) -> set[str]:
    """Words of multi-word PERSON names in this document ("Christian Malanga" -> malanga)."""
    words = set()
    for ent in doc_ents(sdoc):
        if ent.label_ == "PERSON" and len(ent) > 1:
            words.update(normalize(t.text) for t in ent if t.is_alpha)
    return words


def _facility(span) -> bool:
    return len(span) > 1 and span[-1].lower_.strip(".") in FACILITY_WORDS


def _person_appos(span) -> bool:
    """A name followed by ", <number>," (an age) is a person in news style."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].like_num


def _not_a_name(span) -> bool:
    """Unknown GPE/LOC spans kept as unresolved toponyms, except codes and short acronyms."""
    text = span.text
    return any(ch.isdigit() for ch in text) or (text.isupper() and len(text) <= 5) \
        or not text[:1].isupper()


def _looks_like_org(span) -> bool:
    """An ORG/PERSON span with digits or inside a longer capitalised name is not a bare place."""
    return any(t.like_num or any(ch.isdigit() for ch in t.text) for t in span)


def _is_metonym(root, place: Place) -> bool:
    """Countries and capitals (or large cities) as the subject of an agent verb."""
    if root is None:
        return False
    feature = place.feature or ""
    big = feature in ("A.PCLI", "P.PPLC") or (feature.startswith("P") and (place.population or 0) > 500_000)
    if not big:
        return False
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
        return root.head.lemma_.lower() in METONYM_VERBS
    if root.dep_ == "conj" and root.head.dep_ == "nsubj":
        return root.head.head.lemma_.lower() in METONYM_VERBS
    return False
