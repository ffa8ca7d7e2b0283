"""Near-duplicate detection for syndicated copies: MinHash over word 5-shingles (datasketch).

A wire story reprinted by another outlet differs by a dateline, a credit or a footer; its word
5-shingle set overlaps the original's almost entirely. `datasketch.MinHash` (128 permutations,
the `affine32` scheme, fixed seed, so signatures are stable across processes and can be stored)
estimates that Jaccard similarity; `datasketch.MinHashLSH` with 32 bands of 4 rows proposes
candidates (an 0.8-similar pair shares a band with probability > 0.9999), and each candidate is
confirmed on the full signature: estimated Jaccard >= 0.8 (`THRESHOLD`).

Signatures are stored by the store as hex text (`signature_to_text`): 128 little-endian uint32.
Text of any other length (signatures written before the datasketch switch, 64-bit values) reads
as None and is recomputed from the stored text (`near_dup_index`).

The decision "is this document a copy, and of which original" is made here (`store_document`,
which `Store.put_document` calls): the store only answers lookups (same content hash, stored
signatures, texts) and stores the document as decided.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from seismo.records import STATUS_DUPLICATE, STATUS_REJECTED, Document

# numpy and datasketch (0.5 s, ~50 MB with scipy) load on first use, not at import: the store
# imports this module, and read-only commands (`seismo events`, exports, the API) never need them.
if TYPE_CHECKING:
    import numpy as np

    from seismo.store.base import PutResult, Store

NUM_PERM, BANDS, ROWS, SHINGLE = 128, 32, 4, 5
THRESHOLD = 0.8
SCHEME, SEED = "affine32", 1
MAX_WORDS = 5000      # a copy is recognised from its first 5000 words; keeps huge pages cheap


def _shingles(text: str) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())[:MAX_WORDS]
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32 values), or None for texts under SHINGLE words."""
    shingles = _shingles(text)
    if not shingles:
        return None
    import numpy as np
    from datasketch import MinHash
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch(list(shingles))
    return np.asarray(m.hashvalues, dtype=np.uint32)


def near_duplicate_key(text: str) -> str | None:
    """A storable key for near-duplicate search: the signature as hex text (None if too short)."""
    sig = signature(text)
    return signature_to_text(sig) if sig is not None else None


def signature_to_text(sig: np.ndarray) -> str:
    import numpy as np
    return np.asarray(sig, dtype="<u4").tobytes().hex()


def signature_from_text(text: str | None) -> np.ndarray | None:
    if not text or len(text) != NUM_PERM * 8:
        return None
    import numpy as np
    try:
        return np.frombuffer(bytes.fromhex(text), dtype="<u4").astype(np.uint32)
    except ValueError:
        return None


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal MinHash values)."""
    import numpy as np
    return float(np.mean(np.asarray(a) == np.asarray(b)))


class NearDupIndex:
    """In-memory index: `add(doc_id, clean_text)`, `find(clean_text) -> doc_id | None`."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        from datasketch import MinHashLSH
        self._sigs: dict[str, np.ndarray] = {}
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, doc_id: str, text: str) -> None:
        sig = signature(text)
        if sig is not None:
            self.add_signature(doc_id, sig)

    def add_signature(self, doc_id: str, sig: np.ndarray | None) -> None:
        if sig is None or doc_id in self._sigs:
            return
        self._sigs[doc_id] = sig
        self._lsh.insert(doc_id, _minhash(sig))

    def find(self, text: str) -> str | None:
        """The most similar indexed document with estimated Jaccard >= threshold, or None."""
        sig = signature(text)
        return self.find_signature(sig) if sig is not None else None

    def find_signature(self, sig: np.ndarray | None) -> str | None:
        if sig is None or not self._sigs:
            return None
        scored = sorted((-similarity(self._sigs[k], sig), k) for k in self._lsh.query(_minhash(sig)))
        # Best match first; ties go to the smallest id so the answer does not depend on set order.
        return scored[0][1] if scored and -scored[0][0] >= self.threshold else None


def _minhash(sig: np.ndarray):
    from datasketch import MinHash
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=sig)


# -- the ingestion decision ----------------------------------------------------------------------
def store_document(store: Store, doc: Document, run_id: int | None = None) -> PutResult:
    """Store a document idempotently: same id and content -> unchanged; an exact copy (same
    content hash) or a near copy of a stored original -> stored as a duplicate linked to it."""
    existing = store.stored_result(doc, run_id)
    if existing:
        return existing
    dup_of, sig = original_of(store, doc)
    if dup_of:
        doc.status, doc.duplicate_of = STATUS_DUPLICATE, dup_of
    remember = sig is not None and not dup_of and doc.status != STATUS_REJECTED
    result = store.insert_document(doc, run_id, signature_to_text(sig) if remember else None)
    if remember and result.status == "stored":
        near_dup_index(store).add_signature(doc.id, sig)
    return result


def original_of(store: Store, doc: Document):
    """(id of the stored original or None, the document's signature or None). An exact copy has
    the same content hash; a near-identical one (a syndicated wire copy with another dateline or
    footer) has an estimated word-shingle Jaccard >= THRESHOLD."""
    if not doc.clean_text or doc.status == STATUS_REJECTED:
        return None, None
    sig = signature(doc.clean_text)
    same = store.original_with_hash(doc.content_hash)
    if same:
        return same, sig
    return (near_dup_index(store).find_signature(sig) if sig is not None else None), sig


def near_dup_index(store: Store) -> NearDupIndex:
    """Signatures of the store's originals, read once per store object and kept in its cache
    slot; a signature missing or in an older format is recomputed from the stored text."""
    if store._neardup is None:
        index = NearDupIndex()
        missing = []
        for doc_id, key in store.near_dup_keys():
            sig = signature_from_text(key)
            if sig is None:
                missing.append(doc_id)
            else:
                index.add_signature(doc_id, sig)
        for doc_id in missing:      # stored before signatures were kept, or in an older format
            sig = signature(store.document_text(doc_id))
            if sig is not None:
                store.set_near_dup_key(doc_id, signature_to_text(sig))
                index.add_signature(doc_id, sig)
        store._neardup = index
    return store._neardup
