"""Near-duplicate detection for syndicated copies: MinHash over word 5-shingles.

Hand-written rather than a library (datasketch) because the need is small — 128 hash functions
over shingles, an LSH table with 32 bands, Jaccard >= 0.7 confirmed on the signatures — and
this keeps the dependency set to what every install already has. Memory: 128 ints per document.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import numpy as np

NUM_PERM, BANDS, SHINGLE = 128, 32, 5
_SEEDS = np.random.RandomState(42).randint(0, 2**63 - 1, NUM_PERM, dtype=np.int64).astype(np.uint64)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a well-mixed 64-bit hash (uint64 arithmetic wraps, as intended).

    A plain (a*h + b) mod p family with 32-bit a and h barely wraps, so shingles with small
    h win the minimum for every permutation at once; seeded mixing has no such bias.
    """
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def signature(text: str) -> np.ndarray | None:
    words = re.findall(r"\w+", text.lower())[:5000]
    if len(words) < SHINGLE:
        return None
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    hashes = np.array([int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little")
                       for s in shingles], dtype=np.uint64)
    return _mix(hashes[:, None] ^ _SEEDS[None, :]).min(axis=0)


def signature_to_text(sig: np.ndarray) -> str:
    return sig.astype("<u8").tobytes().hex()


def signature_from_text(text: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(text), dtype="<u8").astype(np.uint64)


class NearDupIndex:
    def __init__(self, threshold: float = 0.7):
        self.threshold = threshold
        self._sigs: dict[str, np.ndarray] = {}
        self._buckets: dict[tuple, list[str]] = defaultdict(list)

    def add(self, doc_id: str, text: str) -> None:
        sig = signature(text)
        if sig is not None:
            self.add_signature(doc_id, sig)

    def add_signature(self, doc_id: str, sig: np.ndarray) -> None:
        if doc_id in self._sigs:
            return
        self._sigs[doc_id] = sig
        for band in self._bands(sig):
            self._buckets[band].append(doc_id)

    def find(self, text: str) -> str | None:
        """The first stored document whose estimated Jaccard similarity is >= threshold."""
        sig = signature(text)
        return self.find_signature(sig) if sig is not None else None

    def find_signature(self, sig: np.ndarray) -> str | None:
        seen: set[str] = set()
        for band in self._bands(sig):
            for doc_id in self._buckets.get(band, ()):
                if doc_id in seen:
                    continue
                seen.add(doc_id)
                if float(np.mean(self._sigs[doc_id] == sig)) >= self.threshold:
                    return doc_id
        return None

    @staticmethod
    def _bands(sig: np.ndarray):
        rows = NUM_PERM // BANDS
        for b in range(BANDS):
            yield (b, *sig[b * rows:(b + 1) * rows].tolist())
