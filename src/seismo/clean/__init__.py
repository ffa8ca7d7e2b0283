"""Cleaning: boilerplate out, offsets kept, language detected, content hashed.

`clean_document(doc)` sets clean_text, offsets (clean -> raw), content_hash, language and
status. Near-identical copies (syndicated wire stories) are found with `NearDupIndex`
(MinHash, estimated Jaccard >= 0.8; `near_duplicate_key(text)` is the storable signature);
`store_document(store, doc)` decides whether a document is a copy of a stored original and
stores it so (what `Store.put_document` calls).
"""
from __future__ import annotations

import hashlib
import re
import threading

from seismo.clean.boilerplate import clean_plain_text, guess_title
from seismo.clean.html import compose
from seismo.clean.neardup import NearDupIndex, near_duplicate_key, store_document
from seismo.records import STATUS_NOT_PROCESSED, STATUS_OK, STATUS_REJECTED, Document, OffsetMap

__all__ = ["clean_document", "content_hash", "detect_language", "load_language_profiles", "NearDupIndex", "near_duplicate_key",
           "plainly_english", "store_document"]
SUPPORTED_LANGUAGES = {"en"}
_LANGDETECT_LOCK = threading.RLock()


def content_hash(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().lower().encode("utf-8")).hexdigest()


# English function words that are not words of the other languages written in Latin script
# often enough to matter ("a", "in", "to", "we", "had", "will", "are" are: Spanish, Italian,
# Polish, Dutch, German, Romanian). In 784 English news articles of 40+ words they are a median
# 21 % of the words and under 10 % in 6 (10 before "his" ... "when" joined: a short article of
# names sent langdetect's profiles, 0.4 s, into the process); in other languages a stray "was".
_ENGLISH_MARKERS = frozenset("the and of that was were with for from have has been which their "
                             "they this would said after his its it who she him what into than "
                             "could should there when".split())
PLAINLY_ENGLISH_SHARE, PLAINLY_ENGLISH_MIN_WORDS = 0.10, 40


def plainly_english(text: str) -> bool:
    """A text of at least 40 words of which 10 % are English function words: English without
    asking langdetect (4.7 ms a document, pure Python, 0.5 s to load its profiles)."""
    words = re.findall(r"[^\W\d_]+", text[:2000].lower())
    if len(words) < PLAINLY_ENGLISH_MIN_WORDS:
        return False
    return sum(w in _ENGLISH_MARKERS for w in words) >= PLAINLY_ENGLISH_SHARE * len(words)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (langdetect, seeded for repeatable results)."""
    from langdetect import DetectorFactory, LangDetectException, detect
    sample = text[:2000]
    if len(re.findall(r"[^\W\d_]", sample)) < 20:
        return None
    if plainly_english(sample):
        return "en"
    # langdetect keeps global state (profiles loaded on first use, the seed): two threads at
    # once (API requests, concurrent ingests) got None or "pl" for plain English.
    with _LANGDETECT_LOCK:
        load_language_profiles()
        DetectorFactory.seed = 0
        try:
            return detect(sample)
        except LangDetectException:
            return None


def load_language_profiles() -> None:
    """Load langdetect's language profiles once per process (ingest does it before a document's
    time budget starts), published only once complete. langdetect publishes its factory before
    loading, so a load cut short (the time budget's alarm, which its bare
    `except:` turns into a format error) left a partial factory for the whole process, and every
    later English document came out "not processed"."""
    from langdetect import DetectorFactory, LangDetectException, detector_factory
    with _LANGDETECT_LOCK:
        if detector_factory._factory is not None:   # langdetect's own module global
            return
        factory = DetectorFactory()
        try:
            factory.load_profile(detector_factory.PROFILES_DIRECTORY)
        except LangDetectException:
            from seismo.budget import check_budget
            check_budget()     # cut short by the budget: E301 for this document, a full load next time
            raise
        detector_factory._factory = factory


def clean_document(doc: Document) -> Document:
    """Fill in the clean text and its bookkeeping; never raises for content problems."""
    if doc.clean_text and doc.offsets.segments:
        clean, offsets = _reclean(doc)      # the reader extracted the main text (HTML)
    else:
        clean, offsets = clean_plain_text(doc.raw)
    doc.clean_text, doc.offsets = clean, offsets
    if not doc.title and clean:
        doc.title = guess_title(clean)
    doc.content_hash = content_hash(clean or doc.raw)
    if not clean.strip():
        doc.status, doc.status_reason = STATUS_REJECTED, "E106 nothing left after removing boilerplate"
        return doc
    doc.language = detect_language(clean)
    if doc.language not in SUPPORTED_LANGUAGES:
        doc.status = STATUS_NOT_PROCESSED
        doc.status_reason = f"E201 language {doc.language or 'unknown'} is not supported (English only)"
    else:
        doc.status, doc.status_reason = STATUS_OK, None
    return doc


def _reclean(doc: Document) -> tuple[str, OffsetMap]:
    clean, inner = clean_plain_text(doc.clean_text)
    return clean, compose(inner, doc.offsets)
