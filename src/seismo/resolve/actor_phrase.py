"""Phrase-level helpers for actor linking: noun-phrase shape (left modifiers, place complements,
the noun naming the kind of actor), bracketed acronyms, country-name lists, text normalisation.

Kept apart from seismo.resolve.actors so that module stays about the resolution order.
"""
from __future__ import annotations

import re

from seismo.resolve.kb import fold

DETERMINERS = ("the ", "a ", "an ", "this ", "that ", "these ", "those ")


def lead_end(text: str, paragraphs: int = 3) -> int:
    """End offset of the title and lead (the first few non-empty lines)."""
    pos, seen = 0, 0
    while seen < paragraphs:
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        if text[pos:nxt].strip():
            seen += 1
        pos = nxt + 1
    return pos


_DATELINE = re.compile(r"\s*[A-Z][^\n]{0,60}?\s[-\u2013\u2014]{1,2}\s")


def dateline_end(text: str) -> int:
    """End offset of an opening dateline ("GOMA, Feb 14 (Reuters) - ", "Mucojo, Macomia district — "),
    else 0."""
    m = _DATELINE.match(text)
    if m is None:
        return 0
    first = m.group(0).split()[0].strip(",")
    place_like = "," in m.group(0) or "(" in m.group(0) or (first.isupper() and len(first) > 1)
    return m.end() if place_like else 0


def strip(text: str) -> str:
    """The phrase without a leading determiner or a trailing possessive: the key for lookups."""
    text = text.strip()
    low = text.lower()
    for det in DETERMINERS:
        if low.startswith(det):
            text = text[len(det):]
            break
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip()


def longest_sector(sector_nouns: dict[str, str], low: str) -> str | None:
    """Multi-word sector nouns inside the phrase ('security forces', 'armed forces')."""
    best = None
    for noun, code in sector_nouns.items():
        if " " in noun and noun in low and (best is None or len(noun) > len(best[0])):
            best = (noun, code)
    return best[1] if best else None


_COUNTRY_NAMES: dict[str, str] = {}
# Heads that count or group the actor named in their "of" complement ("hundreds of protesters").
_GROUP_HEADS = {"hundred", "thousand", "dozen", "million", "score", "group", "number", "crowd", "band",
                "handful", "some", "many", "most", "all", "member", "members", "wing"}


# Heads naming people of an organisation: the organisation in their "of" complement says what they are.
_MEMBER_HEADS = frozenset({"leader", "head", "member", "spokesman", "spokeswoman", "spokesperson", "chief",
                           "official", "representative", "delegation"})


def with_left_modifiers(span):
    """An entity span grown by the modifiers the NER left out ("North" Korea, "ethnic" Albanians)."""
    root, start = span.root, span.start
    for c in root.lefts:
        if c.i < start and c.dep_ in ("compound", "amod") and c.i == start - 1:
            start = c.left_edge.i
    return span.doc[start:span.end] if start < span.start else span


def place_complements(span) -> list[str]:
    """Words of place complements of the head ("groups in Zimbabwe", "Albanians of south Serbia")."""
    out = []
    for c in span.root.rights:
        if c.dep_ == "prep" and c.lower_ in ("in", "of", "from", "throughout", "across") and c.i >= span.end:
            out += [t.text for t in c.subtree][1:10]
    return out


def sector_head(span, nouns: dict[str, str]):
    """The noun naming the kind of actor: the head, else its compound ("opposition groups"), else the
    counted noun ("hundreds of thousands of people")."""
    root = span.root
    if root.lemma_.lower() in nouns or root.lower_ in nouns:
        code = nouns.get(root.lemma_.lower()) or nouns.get(root.lower_)
        for c in root.lefts:   # "opposition leaders", "rebel spokesman", "army officials": whose
            mod = nouns.get(c.lemma_.lower()) or nouns.get(c.lower_)
            if code == "GOV" and c.dep_ in ("compound", "amod") and mod and mod != "GOV":
                return c
        if code == "GOV" and root.lemma_.lower() in _MEMBER_HEADS:   # "leaders of the opposition coalition"
            for c in root.rights:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for t in c.subtree:
                        mod = nouns.get(t.lemma_.lower()) or nouns.get(t.lower_)
                        if mod and mod != "GOV" and t.pos_ in ("NOUN", "ADJ"):
                            return t
        return root
    for c in root.lefts:
        if c.dep_ == "compound" and (c.lemma_.lower() in nouns or c.lower_ in nouns):
            return c
    if root.lemma_.lower() in _GROUP_HEADS:
        for t in reversed(list(root.subtree)):
            if t.pos_ in ("NOUN", "PROPN") and (t.lemma_.lower() in nouns or t.lower_ in nouns):
                return t
    return root


def is_acronym_of(ent, prev) -> bool:
    """'Nigerian Union of Teachers (NUT)': an all-caps name in brackets right after another name."""
    if prev is None or not ent.text.isupper() or len(ent.text) < 2:
        return False
    p = prev[0]
    return ent.start == p.end + 1 and ent.doc[p.end].text == "("


def country_names(geo) -> dict[str, str]:
    """Folded country names -> ISO3 from the gazetteer's country records (built once)."""
    if not _COUNTRY_NAMES and geo is not None:
        from seismo.resolve.gazetteer import CC, FEATURE, NAME
        for row in geo.feature_rows("A.PCL"):
            if str(row[FEATURE]).startswith("A.PCL") and row[CC]:
                _COUNTRY_NAMES[fold(row[NAME])] = geo.iso2to3.get(row[CC], row[CC])
    return _COUNTRY_NAMES


def gazetteer():
    from seismo.resolve.gazetteer import get_gazetteer
    return get_gazetteer()
