"""The gazetteer's tables as numpy columns in one .npz file (no pickle), read in milliseconds.

Unpickling 241k row tuples and a 423k-key dict cost ~0.4 CPU s at every process start, which
for one short article was a third of Seismo's own startup. Here each row field is a column
(coordinates, ids and populations as numbers; names as one UTF-8 blob with offsets; country,
first-level division and feature as codes into small vocabularies) and a row's tuple is made
only when it is first read. The name index is a sorted array of 64-bit hashes of the normalized
keys with offsets into one flat array of row ids, searched with `np.searchsorted`.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

import numpy as np

GID, NAME, LAT, LON, CC, ADMIN1, FEATURE, POP = range(8)
NO_GID = -1   # geonameids are positive: -1 stands for None
_CODED = {"cc": CC, "admin1": ADMIN1, "feature": FEATURE}
SEEN_MAX = 100_000   # names whose lookup is remembered; cleared when full


def key_hash(key: str, salt: int) -> int:
    """Stable 64-bit hash of a lookup key (Python's hash() changes between processes)."""
    h = hashlib.blake2b(key.encode("utf-8"), digest_size=8, salt=salt.to_bytes(8, "little"))
    return int.from_bytes(h.digest(), "little")


def pack(tables: dict, stamp: str) -> dict[str, np.ndarray]:
    """Columns for gazetteer_build.build()'s tables, ready for np.savez."""
    rows = tables["rows"]
    blob = [r[NAME].encode("utf-8") for r in rows]
    arrays = {
        "gid": np.array([NO_GID if r[GID] is None else r[GID] for r in rows], dtype=np.int64),
        "lat": np.array([r[LAT] for r in rows], dtype=np.float64),
        "lon": np.array([r[LON] for r in rows], dtype=np.float64),
        "pop": np.array([r[POP] for r in rows], dtype=np.int64),
        "name_blob": np.frombuffer(b"".join(blob), dtype=np.uint8),
        "name_off": np.cumsum([0] + [len(b) for b in blob], dtype=np.int64),
    }
    # None is code 0 of every vocabulary, so it comes back as None and not as ""
    vocab = {}
    for col, pos in _CODED.items():
        words = [None] + sorted({r[pos] for r in rows if r[pos] is not None})
        code = {w: i for i, w in enumerate(words)}
        arrays[col] = np.array([code[r[pos]] for r in rows], dtype=np.int32)
        vocab[col] = words
    salt, index = _pack_index(tables["index"])
    arrays.update(index)
    meta = {"stamp": stamp, "salt": salt, "vocab": vocab, "demonyms": tables["demonyms"],
            "iso2to3": tables["iso2to3"]}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    return arrays


def _pack_index(index: dict[str, tuple[int, ...]]) -> tuple[int, dict[str, np.ndarray]]:
    """Hash-sorted keys. A salt that gives two keys the same hash is replaced (one chance in
    ~10^8 per build): a lookup then never returns another key's rows."""
    keys = list(index)
    for salt in range(16):
        hashes = np.array([key_hash(k, salt) for k in keys], dtype=np.uint64)
        if np.unique(hashes).size == hashes.size:
            break
    else:
        raise ValueError("gazetteer index: no collision-free hash salt")
    order = np.argsort(hashes, kind="stable")
    lists = [index[keys[i]] for i in order]
    off = np.cumsum([0] + [len(v) for v in lists], dtype=np.int64)
    rids = np.fromiter((r for v in lists for r in v), dtype=np.int32, count=int(off[-1]))
    return salt, {"key_hash": hashes[order], "key_off": off, "key_rids": rids}


def save(arrays: dict[str, np.ndarray], path: Path) -> None:
    """Write atomically: the file is renamed into place once complete."""
    import os
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")   # parallel builders never share a file
    with open(tmp, "wb") as f:   # a file object: np.savez would append ".npz" to a name
        np.savez(f, **arrays)
    tmp.replace(path)


def load(path: Path) -> dict[str, np.ndarray]:
    """All columns of a cache file (OSError, ValueError, KeyError or BadZipFile if missing or
    broken)."""
    with np.load(path, allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def meta(arrays: dict[str, np.ndarray]) -> dict:
    return json.loads(arrays["meta"].tobytes().decode("utf-8"))


class RowView:
    """`rows[rid]` is the same tuple as the pickled list's; the tuple is made on first read and
    kept. Imported GeoNames records are appended, and shipped rows replaced, as in a list."""

    def __init__(self, arrays: dict[str, np.ndarray], vocab: dict[str, list]):
        self._gid, self._pop = arrays["gid"], arrays["pop"]
        self._lat, self._lon = arrays["lat"], arrays["lon"]
        self._names, self._off = arrays["name_blob"].tobytes(), arrays["name_off"]
        self._codes = [(arrays[col], vocab[col]) for col in _CODED]
        self.base = len(self._gid)   # rows from the cache; later ones were appended
        self._rows: list[tuple | None] = [None] * self.base

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._rows)))]
        if i < 0:
            i += len(self._rows)
        r = self._rows[i]
        if r is None:
            r = self._rows[i] = self._make(i)
        return r

    def __setitem__(self, i: int, row: tuple) -> None:
        self._rows[i] = row

    def __iter__(self):
        return (self[i] for i in range(len(self._rows)))

    def append(self, row: tuple) -> None:
        self._rows.append(row)

    def _make(self, i: int) -> tuple:
        gid = int(self._gid[i])
        (cc, ccv), (a1, a1v), (ft, ftv) = self._codes
        return (None if gid == NO_GID else gid,
                self._names[self._off[i]:self._off[i + 1]].decode("utf-8"),
                float(self._lat[i]), float(self._lon[i]), ccv[cc[i]], a1v[a1[i]], ftv[ft[i]],
                int(self._pop[i]))

    def select(self, feature: Callable[[str], bool], countries=None, min_pop: int = 0) -> list[int]:
        """Row ids, in order, whose feature passes `feature`, in `countries` (ISO3, None: any)
        with population >= `min_pop`: a vectorized pass instead of making 241k tuples."""
        (cc, ccv), _, (ft, ftv) = self._codes
        mask = np.isin(ft, [i for i, f in enumerate(ftv) if f is not None and feature(f)])
        if countries is not None:
            mask &= np.isin(cc, [i for i, c in enumerate(ccv) if c in countries])
        if min_pop:
            mask &= self._pop >= min_pop
        out = np.flatnonzero(mask).tolist()
        for rid in range(self.base, len(self._rows)):   # imported records
            r = self._rows[rid]
            if feature(str(r[FEATURE])) and (countries is None or r[CC] in countries) \
                    and (r[POP] or 0) >= min_pop:
                out.append(rid)
        return out


class HashIndex:
    """Normalized name -> tuple of row ids (negative: matched through an alternate name)."""

    def __init__(self, arrays: dict[str, np.ndarray], salt: int):
        self._hash, self._off, self._rids = arrays["key_hash"], arrays["key_off"], arrays["key_rids"]
        self._salt = salt
        # a search costs ~3 us against a dict's 0.2 us, and a text asks for the same few hundred
        # names again and again (~11k lookups for 50 articles): remember the answers
        self._seen: dict[str, tuple[int, ...] | None] = {}

    def __len__(self) -> int:
        return len(self._hash)

    def get(self, key: str, default=None):
        try:
            found = self._seen[key]
        except KeyError:
            found = self._search(key)
            if len(self._seen) >= SEEN_MAX:
                self._seen.clear()
            self._seen[key] = found
        return default if found is None else found

    def _search(self, key: str) -> tuple[int, ...] | None:
        h = np.uint64(key_hash(key, self._salt))
        j = int(np.searchsorted(self._hash, h))
        if j < len(self._hash) and self._hash[j] == h:
            return tuple(self._rids[self._off[j]:self._off[j + 1]].tolist())
        return None

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None
