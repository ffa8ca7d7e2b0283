"""The learned event model's weight matrices as float32, memory-mapped from seismo.config.cache_dir().

The shipped weights.npz holds them as zlib-compressed float16 (small to ship: 5 MB); inflating
and widening them to float32 cost ~0.15 CPU s at every process start, more than a short
article's own reading. The float32 matrices (~48 MB) are written once, keyed by the hash of the
shipped file, and later processes map them: pages are read as the hashed features touch them,
and processes on one machine share them. The values are the same float32 numbers
(float16 -> float32 is exact), so every probability is unchanged.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np

from seismo.config import cache_dir

KEEP = 3   # cached weight sets kept (newest first): a retrain or another checkout adds one


def float32_weights(npz_path: Path, arrays, names: list[str]) -> dict[str, np.ndarray]:
    """name -> arrays[name] as float32, from the cache when present (`arrays`: the open npz)."""
    digest = hashlib.sha1(npz_path.read_bytes()).hexdigest()[:16]
    folder = cache_dir() / f"event-weights-{digest}"
    try:
        # a plain ndarray view of the map: indexing an np.memmap wraps every result in a new
        # memmap object, a third of the reader's weight look-up time
        return {n: np.asarray(np.load(folder / f"{n}.npy", mmap_mode="r")) for n in names}
    except (OSError, ValueError):
        pass   # not written yet (or a broken file): widen now, and keep the result
    out = {n: arrays[n].astype(np.float32) for n in names}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n, a in out.items():
            tmp = folder / f"{n}.{os.getpid()}.tmp"   # parallel writers never share a file
            with open(tmp, "wb") as f:
                np.save(f, a)
            tmp.replace(folder / f"{n}.npy")
        _prune(folder.parent)
    except OSError:
        pass   # read-only cache dir: work from memory
    return out


def _prune(parent: Path) -> None:
    """Drop all but the KEEP newest weight sets (a process still mapping one keeps its pages)."""
    sets = sorted(parent.glob("event-weights-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in sets[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
