"""Recognising villages the NER missed, from an imported GeoNames gazetteer (only with an import).

A proper noun the NER missed or mislabelled ("from Diguia", "outside Gaboandi, Est region") is a
place when the imported gazetteer knows it, it stands in a place phrase ("in", "near", "the
village of", "retook", or right after such a preposition when the parse is broken, as hyphenated
names break it: "outside I-n-Tillit") and either
- the store has it in a country this document talks about, or the text's own evidence supports
  one of its readings (its region named beside it, a known town within NEAR_KM named beside it);
- or another such name beside it has a reading within NEAR_KM of one of its readings: "Kokolibou
  near Dano" in a text that names no country (two unknown names that the gazetteer places side by
  side are places, and each other's evidence).
"""
from __future__ import annotations

import re

from seismo.doctext import doc_text
from seismo.geodesy import haversine_km
from seismo.resolve import geoevidence
from seismo.resolve.geomention import ORIGIN_PREPS, Mention, place_cue
from seismo.resolve.gazetteer import CC, LAT, LON
from seismo.resolve.gazetteer_build import normalize
from seismo.resolve.geolex import COMMON_WORDS, LOCATIVE_PREPS

HYPHENATED = re.compile(r"\b[A-Z][a-z]*(?:-[A-Za-z][a-z]*)+\b")   # "I-n-Tebezas", "Tanan-Zokolo"
PAIR_WINDOW = 40   # characters between two unknown names that place each other


def with_imported_villages(gp, sdoc, found: list, countries: set[str]) -> list:
    """`found` (Mention) plus the villages the NER missed. An entity the gazetteer does
    not know gives way to the villages inside it ("Kokolibou near Dano" tagged as one ORG), a
    known one to a longer village name around it ("Issaka Kouara", the NER taking "Kouara")."""
    villages = imported_villages(gp, sdoc, [m for m in found if m.cands], countries)

    def yields(m) -> bool:
        return any(v.start < m.end and m.start < v.end and
                   (not m.cands or v.start <= m.start and m.end <= v.end) for v in villages)
    kept = [m for m in found if not yields(m)]
    return kept + [v for v in villages if not any(m.start < v.end and v.start < m.end for m in kept)]


def imported_villages(gp, sdoc, found: list, countries: set[str]) -> list:
    """The mentions (Mention) of villages the NER missed, in text order of discovery."""
    taken = {i for m in found for i in range(m.start, m.end)}
    text = doc_text(sdoc)
    evidence = geoevidence.TextEvidence(gp.gaz, text)
    evidence.set_places([(m.start, normalize(m.text), max(m.cands, key=lambda c: c[1])[0])
                         for m in found if m.cands],
                        geoevidence.readings(found))
    out, pending = [], []
    for span in _spans(sdoc, text, taken):
        cands = _phrase_candidates(gp.gaz, span)
        if cands is None:
            continue
        if any(gp.gaz.imported.known(r) and (gp.gaz.rows[r][CC] in countries
               or evidence.bonus(span.start_char, span.end_char, r) > 0) for r, _ in cands):
            out.append(_mention(span, cands))
            taken.update(t.idx for t in span)
        else:
            pending.append((span, cands))
    for span, cands in pending:
        if any(_side_by_side(gp.gaz, span, cands, other, ocands) for other, ocands in pending
               if other is not span):
            out.append(_mention(span, cands))
    return out


def _spans(sdoc, text: str, taken: set[int]):
    """Hyphenated names, then runs of up to three capitalised proper nouns, not yet taken."""
    for match in HYPHENATED.finditer(text):
        span = sdoc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and not any(t.idx in taken for t in span):
            yield span   # the caller marks it taken if it is a place
    i = 0
    while i < len(sdoc):
        tok = sdoc[i]
        if tok.pos_ != "PROPN" or not tok.is_title or tok.idx in taken:
            i += 1
            continue
        end = i + 1
        while end < len(sdoc) and end - i < 3 and sdoc[end].pos_ == "PROPN" and sdoc[end].is_title \
                and sdoc[end].lower_ not in geoevidence.DIVISION_NOUNS:
            end += 1
        yield sdoc[i:end]
        i = end


def _phrase_candidates(gaz, span) -> list[tuple[int, float]] | None:
    """The candidates of a name the store knows that stands in a place phrase, else None."""
    key = normalize(span.text)
    root = span.root
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    phrase = place_cue(span) or \
        (root.dep_ == "pobj" and root.head.lower_ in ORIGIN_PREPS) or \
        ("-" in span.text and before in LOCATIVE_PREPS)   # the parse breaks on hyphens
    if key in COMMON_WORDS or not phrase or not gaz.imported.has_key(key):
        return None
    return gaz.scored_candidates(span.text)


def _side_by_side(gaz, span, cands, other, ocands) -> bool:
    """Two unknown names close in the text with imported readings within NEAR_KM of each other."""
    if abs(other.start_char - span.start_char) > PAIR_WINDOW:
        return False
    rows, known = gaz.rows, gaz.imported.known
    mine = [rows[r] for r, _ in cands if known(r)]
    theirs = [rows[r] for r, _ in ocands if known(r)]
    return any(abs(a[LAT] - b[LAT]) < 0.5 and haversine_km(a[LAT], a[LON], b[LAT], b[LON])
               <= geoevidence.NEAR_KM for a in mine for b in theirs)


def _mention(span, cands):
    m = Mention(span.text, span.start_char, span.end_char, "literal", cands)
    m.root = span.root
    return m
