"""Minerals and commodities named in an event's sentence, else in its paragraph.

The lexicon (data/lexicons/minerals.yaml) maps ore and trade names to canonical minerals
(coltan -> tantalum, cassiterite -> tin). Ambiguous words (gold, tin, oil, diamond) count only
when they are not part of a proper name ("Gold Coast") and not in a blocked collocation
("gold medal", "palm oil").
"""
from __future__ import annotations

import functools

from seismo.config import PACKAGE_DATA
from seismo.doctext import doc_text
from seismo.records import Mineral
from seismo.yamlio import load_yaml

LEXICON_PATH = PACKAGE_DATA / "lexicons" / "minerals.yaml"
_NAME_ENTS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT"}


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[dict[tuple[str, ...], tuple[tuple[str, ...], bool]], frozenset, frozenset]:
    """(phrase tuple -> (canonical names, ambiguous), blocked next words, blocked previous words).

    A word names one mineral, except collective names ("3TG", "conflict minerals") which
    name several."""
    data = load_yaml(LEXICON_PATH)
    blocked_next = frozenset(data.pop("blocked_next", []))
    blocked_prev = frozenset(data.pop("blocked_prev", []))
    phrases = {}
    for name, entry in data.items():
        names = tuple(entry.get("minerals") or (name,))
        for word in entry["words"]:
            key = tuple(str(word).lower().replace("-", " - ").split())
            phrases[key] = (names, bool(entry.get("ambiguous")))
    return phrases, blocked_next, blocked_prev


def _scan(tokens) -> list[Mineral]:
    """Minerals named in a run of tokens (longest phrase first; each mineral once)."""
    phrases, blocked_next, blocked_prev = lexicon()
    firsts = _first_words()
    toks = list(tokens)
    found: dict[str, Mineral] = {}
    for i, tok in enumerate(toks):
        if tok.lower_ not in firsts and tok.lemma_.lower() not in firsts:
            continue   # cheap filter: almost no token starts a mineral name
        for n in range(min(_longest(), len(toks) - i), 0, -1):
            chunk = toks[i:i + n]
            hit = phrases.get(tuple(t.lower_ for t in chunk)) or phrases.get(tuple(t.lemma_.lower() for t in chunk))
            if hit and not (hit[1] and _blocked(toks, i, n, blocked_next, blocked_prev)):
                for name in hit[0]:
                    found.setdefault(name, Mineral(name, " ".join(t.text for t in chunk)))
                break
    return list(found.values())


@functools.lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(p[0] for p in lexicon()[0])


@functools.lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(p) for p in lexicon()[0])


def _blocked(toks, i: int, n: int, blocked_next: frozenset, blocked_prev: frozenset) -> bool:
    first, last = toks[i], toks[i + n - 1]
    if first.ent_type_ in _NAME_ENTS or (first.is_title and first.i > first.sent.start
                                         and first.pos_ == "PROPN"):
        return True
    nxt = toks[i + n].lower_ if i + n < len(toks) else ""
    prev = toks[i - 1].lower_ if i > 0 else ""
    return nxt in blocked_next or prev in blocked_prev or last.lower_.startswith("golden")


def paragraph_of(sdoc, token):
    """The paragraph holding `token`: text between line breaks."""
    text = doc_text(sdoc)
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    end = len(text) if end < 0 else end
    return sdoc.char_span(start, end, alignment_mode="expand") or token.sent


def minerals_in(sdoc, sent, paragraph_span=None) -> list[Mineral]:
    """Minerals in the sentence; if none, in its paragraph (scope says which).

    The document is scanned once and the hits cached on the Doc; each call then only filters.
    """
    hits = _document_hits(sdoc)
    if not hits:
        return []
    in_sent = _unique(m for start, m in hits if sent.start_char <= start < sent.end_char)
    if in_sent:
        return [Mineral(m.name, m.text, "sentence") for m in in_sent]
    paragraph = paragraph_span if paragraph_span is not None else paragraph_of(sdoc, sent[0])
    return [Mineral(m.name, m.text, "paragraph") for m in
            _unique(m for start, m in hits if paragraph.start_char <= start < paragraph.end_char)]


def _document_hits(sdoc) -> list[tuple[int, Mineral]]:
    key = "seismo.minerals"
    if key not in sdoc.user_data:
        hits, text = [], doc_text(sdoc)
        for sent in sdoc.sents:
            for m in _scan(sent):
                at = text.find(m.text, sent.start_char, sent.end_char)
                hits.append((at if at >= 0 else sent.start_char, m))
        sdoc.user_data[key] = hits
    return sdoc.user_data[key]


def _unique(minerals) -> list[Mineral]:
    seen: dict[str, Mineral] = {}
    for m in minerals:
        seen.setdefault(m.name, m)
    return list(seen.values())
