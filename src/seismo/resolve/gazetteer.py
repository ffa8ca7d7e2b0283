"""The gazetteer: compact in-memory name index over GeoNames-derived records (see gazetteer_build).

Loaded once per process from numpy columns cached in seismo.config.cache_dir() (rebuilt when any
source changes; see gazetteer_store); the first build takes ~10 s, later loads a few milliseconds.
"""
from __future__ import annotations

import math
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from seismo.config import cache_dir
from seismo.records import Place
from seismo.resolve import gazetteer_store
from seismo.resolve.gazetteer_build import GAZ_DIR, build, normalize, read_tsv, source_stamp
from seismo.resolve.gazetteer_import import ImportedPlaces
from seismo.resolve.gazetteer_store import HashIndex, RowView

CACHE_NAME = "gazetteer-v2.npz"
_lock = threading.Lock()
_instance: "Gazetteer | None" = None

# Row layout (tuples keep the index small): see gazetteer_build._Builder.
GID, NAME, LAT, LON, CC, ADMIN1, FEATURE, POP = range(8)


@dataclass(slots=True, frozen=True)
class MiningSite:
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    minerals: tuple[str, ...]
    source: str


class Gazetteer:
    def __init__(self, arrays: dict):
        """`arrays`: gazetteer_store columns (a cache file's, or a fresh build's)."""
        meta = gazetteer_store.meta(arrays)
        self.rows = RowView(arrays, meta["vocab"])         # rows[rid]: a row tuple, as a list's
        self.index = HashIndex(arrays, meta["salt"])        # .get(key) / `in`, as a dict's
        self.demonyms: dict[str, int] = meta["demonyms"]
        self.iso2to3: dict[str, str] = meta["iso2to3"]
        self._capitals: dict[str, int] | None = None
        self._centres: dict[str, tuple[float, float]] | None = None
        self.imported: ImportedPlaces | None = None   # set by attach_import(); None: as before

    def attach_import(self, store) -> None:
        """Also look names up in an imported GeoNames store (seismo.resolve.geonames_store)."""
        self.imported = ImportedPlaces(self, store)

    def capital(self, iso3: str | None) -> Place | None:
        """The capital (GeoNames P.PPLC, the most populous if several) of a country."""
        if self._capitals is None:
            caps: dict[str, int] = {}
            for rid in self.rows.select(lambda f: f == "P.PPLC"):
                r = self.rows[rid]
                if r[FEATURE] != "P.PPLC":
                    continue
                if r[CC] not in caps or (r[POP] or 0) > (self.rows[caps[r[CC]]][POP] or 0):
                    caps[r[CC]] = rid
            self._capitals = caps
        rid = self._capitals.get(iso3 or "")
        return self.place(rid) if rid is not None else None

    def country_centre(self, iso3: str | None) -> tuple[float, float] | None:
        """(lat, lon) of a country's centre point (its A.PCLI record), for country-level events."""
        if self._centres is None:
            self._centres = {r[CC]: (r[LAT], r[LON]) for r in self.feature_rows("A.PCLI")
                             if r[FEATURE] == "A.PCLI"}
        return self._centres.get(iso3 or "")

    def feature_rows(self, prefix: str, countries=None, min_pop: int = 0) -> list[tuple]:
        """The rows, in order, whose feature starts with `prefix`, in `countries` (ISO3; None:
        any), with population >= `min_pop`: what a loop over all rows would keep, without
        making all 241k row tuples."""
        rows = self.rows
        return [rows[rid] for rid in rows.select(lambda f: f.startswith(prefix), countries, min_pop)]

    def candidates(self, name: str) -> list[tuple[int, bool]]:
        """(row id, matched through an alternate name) for every record with this name."""
        key = normalize(name)
        out = [(i, False) if i >= 0 else (-i - 1, True) for i in self.index.get(key, ())]
        seen, uniq = set(), []
        for rid, alt in out:
            if rid not in seen:
                seen.add(rid)
                uniq.append((rid, alt))
        if self.imported is not None:
            uniq = self.imported.merge(key, uniq)
        return uniq

    def has_name(self, name: str) -> bool:
        key = normalize(name)
        return key in self.index or (self.imported is not None and self.imported.has_key(key))

    def demonym_country(self, word: str) -> int | None:
        """Row id of the country for a demonym ("Congolese", "Malians"), else None."""
        key = normalize(word)
        rid = self.demonyms.get(key)
        if rid is None and key.endswith("s"):
            rid = self.demonyms.get(key[:-1])
        return rid

    def place(self, rid: int) -> Place:
        r = self.rows[rid]
        return Place(name=r[NAME], lat=r[LAT], lon=r[LON], country=r[CC], admin1=r[ADMIN1],
                     geonameid=r[GID], feature=r[FEATURE], population=r[POP] or None)

    def prior(self, rid: int, alt: bool = False) -> float:
        """Context-free prominence: bigger and higher-level places first; alternates last."""
        r = self.rows[rid]
        feature, pop = r[FEATURE], r[POP] or 0
        s = math.log10(pop + 10)
        if feature == "A.PCLI":
            s += 3.5
        elif feature == "L.CONT":
            s += 3.0
        elif feature == "A.ADM1":
            s -= 0.5   # its population is the sum of its towns': discount it
        elif feature == "A.ADM2":
            s = max(s, 4.2)
        elif feature == "P.PPLC":
            s += 1.0
        elif feature in ("L.RGN", "H.OCN", "H.SEA", "H.GULF"):
            s = 8.0   # regions and seas: named in news far more often than same-named hamlets
        elif feature == "H.LK":
            s = 6.0
        elif pop == 0 and self.imported is not None and rid in self.imported.rids:
            s = self.imported.prior_without_population(feature)
        elif pop == 0:
            s = 3.5   # project records and sites without a census figure
        if alt:   # alternate names are noisy; a country's ("Wales" for the UK) even more so
            s -= 5.5 if feature == "A.PCLI" else 2.5
        return s

    def scored_candidates(self, name: str) -> list[tuple[int, float]]:
        """Candidates with their prior. A region named after its chief town (Gao, Kidal, New York)
        loses to the town: news names the town unless it says "region" or "province"."""
        cands = self.candidates(name)
        if any(not alt and self.prior(r) >= 5.0 for r, alt in cands):
            # a sizeable place has this as its own name: drop countries known by it only as an
            # alternate ("Wales" is not the United Kingdom)
            cands = [(r, alt) for r, alt in cands if not (alt and self.rows[r][FEATURE] == "A.PCLI")]
        towns = {self.rows[r][CC] for r, alt in cands if self.rows[r][FEATURE].startswith("P")
                 and (not alt or (self.rows[r][POP] or 0) >= 100_000)}
        out = []
        for rid, alt in cands:
            s = self.prior(rid, alt)
            if self._named_after_town(rid) and self.rows[rid][CC] in towns:
                s -= 1.5
            out.append((rid, s))
        return out

    def _named_after_town(self, rid: int) -> bool:
        """First-level divisions, and imported second-level ones ("Kidal" cercle, Kidal town)."""
        feature = self.rows[rid][FEATURE]
        return feature == "A.ADM1" or (feature == "A.ADM2" and self.imported is not None
                                       and rid in self.imported.rids)

    def resolve_name(self, name: str, country_hint: str | None = None) -> Place | None:
        cands = self.scored_candidates(name)
        if not cands:
            return None
        hint = country_hint.upper() if country_hint else None
        best = max(cands, key=lambda c: c[1] + (5.0 if hint and self.rows[c[0]][CC] == hint else 0.0))
        return self.place(best[0])


def _cache_path() -> Path:
    return cache_dir() / CACHE_NAME


def _stamp() -> str:
    """The sources' stamp plus the cache layout's (gazetteer_store's code)."""
    import hashlib
    layout = hashlib.sha1(Path(gazetteer_store.__file__).read_bytes()).hexdigest()
    return f"{source_stamp()}|store={layout}"


def _load_tables() -> dict:
    path = _cache_path()
    stamp = _stamp()
    try:
        arrays = gazetteer_store.load(path)
        if gazetteer_store.meta(arrays).get("stamp") == stamp:
            return arrays
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass   # no cache yet, or a stale/broken one: rebuild
    arrays = gazetteer_store.pack(build(), stamp)
    try:
        gazetteer_store.save(arrays, path)
    except OSError:
        pass   # read-only data dir: work from memory
    return arrays


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded on first use)."""
    global _instance
    with _lock:
        if _instance is None:
            _instance = Gazetteer(_load_tables())
            from seismo.resolve.geonames_store import open_store
            store = open_store()
            if store is not None:
                _instance.attach_import(store)
        return _instance


def resolve_name(name: str, country_hint: str | None = None) -> Place | None:
    """Single lookup: the most prominent place with this name (within `country_hint` ISO3 if given)."""
    return get_gazetteer().resolve_name(name, country_hint)


def mining_sites() -> list[MiningSite]:
    """Known mining localities from data/gazetteer/mining_sites.tsv."""
    return [MiningSite(r["name"], float(r["lat"]), float(r["lon"]), r["country"], r["admin1"],
                       tuple(m for m in r["minerals"].split("|") if m), r["source"])
            for r in read_tsv(GAZ_DIR / "mining_sites.tsv")]
