"""What the geoparser and the village reader share: a place mention and the syntax that makes a
name a place. Its own module so that geoparse and geovillages need not import each other."""
from __future__ import annotations

from dataclasses import dataclass

from seismo.resolve.geolex import LOCATIVE_PREPS, ON_HEADS, PLACE_NOUNS, ROUTE_VERBS, SEIZE_VERBS

ORIGIN_PREPS = {"from", "of", "to", "toward", "towards", "via", "between"}   # "fled from X"


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    kind: str
    cands: list[tuple[int, float]]
    forced: int | None = None       # demonyms: the country row
    fallback: bool = False          # unknown name: may take the document's focus place
    root: object = None             # spaCy token heading the mention (None for given spans)


def place_cue(span) -> str | None:
    """Syntax that makes a name a place: "Aziziyah district", "the town of Bakwa" (strong);
    "in Jaffna", "near Beslan" (weak: enough for a name the gazetteer knows)."""
    root = span.root if hasattr(span, "root") else span
    head = root.head
    if root.dep_ in ("compound", "nmod", "amod", "poss") and head.lemma_.lower() in PLACE_NOUNS:
        return "strong"
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS:
        return "strong"
    if root.dep_ == "pobj" and (head.lower_ in LOCATIVE_PREPS or head.lower_ == "on"
                                and head.head.lemma_.lower() in ON_HEADS):
        return "weak"
    if root.dep_ == "dobj" and (head.lemma_.lower() in SEIZE_VERBS or head.lemma_.lower() in ROUTE_VERBS):
        return "weak"
    return None
