"""Imported GeoNames records inside the in-memory gazetteer: looked up by name on demand in the
SQLite store (seismo.resolve.geonames_store) and appended to the gazetteer's rows, so the resolver
handles them like any other record. Only names that texts actually use are ever loaded."""
from __future__ import annotations

import threading

from seismo.resolve.gazetteer_build import _project_admin1_keys, normalize

GID, NAME, LAT, LON, CC, ADMIN1, FEATURE, POP = range(8)
DIVISIONS = ("A.ADM1", "A.ADM2")
CACHE_MAX = 200_000   # names remembered (hits and misses); cleared when full


class ImportedPlaces:
    def __init__(self, gaz, store):
        self.gaz = gaz
        self.store = store
        self.rids: set[int] = set()           # gazetteer rows that came from the import
        self.twins: set[int] = set()          # shipped rows the import also has (same geonameid)
        self.admin2: dict[int, str] = {}       # row -> second-level division name
        self._by_gid: dict[int, int] = {}
        self._hits: dict[str, list[tuple[int, bool]]] = {}
        self._project_a1 = _project_admin1_keys()
        self._lock = threading.Lock()

    def known(self, rid: int) -> bool:
        """Whether the import has this row (its own, or a shipped row's twin)."""
        return rid in self.rids or rid in self.twins

    def has_key(self, key: str) -> bool:
        return bool(self._lookup(key))

    def merge(self, key: str, base: list[tuple[int, bool]]) -> list[tuple[int, bool]]:
        """The shipped candidates plus the imported ones. A shipped record with the same GeoNames
        id stays (its name, demonyms and links are the project's) and takes GeoNames' coordinates;
        a shipped division without an id (a centre computed from its towns) gives way to GeoNames'
        record of that division."""
        ext = self._lookup(key)
        if not ext:
            return base
        rows = self.gaz.rows
        ext_by_gid = {rows[r][GID]: (r, alt) for r, alt in ext}
        ext_divs = {(rows[r][CC], rows[r][FEATURE]) for r, _ in ext if rows[r][FEATURE] in DIVISIONS}
        kept, shadowed = [], set()
        for rid, alt in base:
            r = rows[rid]
            twin = ext_by_gid.get(r[GID]) if r[GID] is not None else None
            if twin is not None:
                shadowed.add(twin[0])
                self._adopt(rid, twin[0])
                kept.append((rid, alt and twin[1]))   # a primary name on either side counts
            elif not (r[GID] is None and (r[CC], r[FEATURE]) in ext_divs):
                kept.append((rid, alt))
        return kept + [(r, alt) for r, alt in ext if r not in shadowed]

    def _adopt(self, rid: int, twin: int) -> None:
        """The shipped row `rid` takes its imported twin's coordinates and second-level division."""
        self.twins.add(rid)
        r, t = self.gaz.rows[rid], self.gaz.rows[twin]
        if (r[LAT], r[LON]) != (t[LAT], t[LON]):
            self.gaz.rows[rid] = r[:LAT] + (t[LAT], t[LON]) + r[CC:]
        if twin in self.admin2:
            self.admin2[rid] = self.admin2[twin]

    def prior_without_population(self, feature: str) -> float:
        """Prominence of an imported record with no census figure: a seat of a division ranks as
        the shipped towns of ~3,000 people, a plain village below the smallest shipped town."""
        if feature.startswith("P.PPLA") or feature == "P.PPLC":
            return 3.5
        if feature == "A.ADM3":
            return 3.0
        return 2.0

    def _lookup(self, key: str) -> list[tuple[int, bool]]:
        hit = self._hits.get(key)
        if hit is not None:
            return hit
        with self._lock:
            found = self.store.lookup(key) if key else []
            out = []
            for rec in found:
                out.append((self._row(rec), bool(rec[9])))
            if len(self._hits) >= CACHE_MAX:
                self._hits.clear()
            self._hits[key] = out
        return out

    def _row(self, rec: tuple) -> int:
        gid, name, lat, lon, iso2, feature, pop, a1, a2 = rec[:9]
        rid = self._by_gid.get(gid)
        if rid is not None:
            return rid
        iso3 = self.gaz.iso2to3.get(iso2, iso2)
        if a1:
            a1 = self._project_a1.get((iso3, normalize(a1)), a1)
        rid = len(self.gaz.rows)
        self.gaz.rows.append((gid, name, lat, lon, iso3, a1 or None, feature, pop or 0))
        self.rids.add(rid)
        if a2:
            self.admin2[rid] = a2
        self._by_gid[gid] = rid
        return rid
