"""Minerals and commodities named in an event's sentence, else in its paragraph.

The lexicon (data/lexicons/minerals.yaml) maps ore and trade names to canonical minerals
(coltan -> tantalum, cassiterite -> tin). Ambiguous words (gold, tin, oil, diamond) count only
when they are not part of a proper name ("Gold Coast") and not in a blocked collocation
("gold medal", "palm oil").
"""
from __future__ import annotations

import functools

import yaml

from seismo.config import PACKAGE_DATA
from seismo.records import Mineral

LEXICON_PATH = PACKAGE_DATA / "lexicons" / "minerals.yaml"
_NAME_ENTS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT"}


@functools.lru_cache(maxsize=1)
def lexicon() -> tuple[dict[tuple[str, ...], tuple[str, bool]], frozenset, frozenset]:
    """(phrase tuple -> (canonical, ambiguous), blocked next words, blocked previous words)."""
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    blocked_next = frozenset(data.pop("blocked_next", []))
    blocked_prev = frozenset(data.pop("blocked_prev", []))
    phrases = {}
    for name, entry in data.items():
        for word in entry["words"]:
            phrases[tuple(word.lower().replace("-", " - ").split())] = (name, bool(entry.get("ambiguous")))
    return phrases, blocked_next, blocked_prev


def _scan(tokens) -> list[Mineral]:
    phrases, blocked_next, blocked_prev = lexicon()
    longest = max(len(p) for p in phrases)
    found: dict[str, Mineral] = {}
    toks = list(tokens)
    i = 0
    while i < len(toks):
        for n in range(min(longest, len(toks) - i), 0, -1):
            key = tuple(t.lower_ for t in toks[i:i + n])
            key_lemma = tuple(t.lemma_.lower() for t in toks[i:i + n])
            hit = phrases.get(key) or phrases.get(key_lemma)
            if hit and not (hit[1] and _blocked(toks, i, n, blocked_next, blocked_prev)):
                found.setdefault(hit[0], Mineral(hit[0], " ".join(t.text for t in toks[i:i + n])))
                i += n - 1
                break
        i += 1
    return list(found.values())


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
    text = sdoc.text
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    end = len(text) if end < 0 else end
    return sdoc.char_span(start, end, alignment_mode="expand") or token.sent


def minerals_in(sdoc, sent, paragraph_span=None) -> list[Mineral]:
    """Minerals in the sentence; if none, in its paragraph (scope says which)."""
    found = _scan(sent)
    if found:
        return found
    paragraph = paragraph_span if paragraph_span is not None else paragraph_of(sdoc, sent[0])
    out = _scan(paragraph)
    for m in out:
        m.scope = "paragraph"
    return out
