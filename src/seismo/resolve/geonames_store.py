"""The imported GeoNames gazetteer: `seismo gazetteer import` streams GeoNames dump files into an
indexed SQLite file, and the resolver looks names up in it (seismo.resolve.gazetteer).

Why SQLite and not DuckDB (the event store's default): a place lookup is a point query on a name
key, which SQLite answers from a B-tree in tens of microseconds, while DuckDB, a column store built
for scans, spends about a millisecond per query; SQLite ships with Python, and its file is read by
any number of processes while the DuckDB database stays locked by a writer.

Files, as geonames.org publishes them (plain or zipped):
  XX.txt / XX.zip / allCountries.zip   19 tab-separated columns (the "geoname" table)
  admin1CodesASCII.txt, admin2Codes.txt  code -> name of first- and second-level divisions
  alternateNamesV2.txt / .zip          extra names (links, codes and historic names skipped)
Re-importing is idempotent: places are keyed by geonameid, names by (key, geonameid), and a file
whose size and SHA-256 are already recorded is skipped unless forced.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import sqlite3
import time
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

from seismo.config import data_dir
from seismo.errors import ConfigError, MalformedRecord
from seismo.resolve.gazetteer_build import normalize

FILE_NAME = "geonames.sqlite"
BATCH = 5000
_LATIN = re.compile(r"^[a-z0-9 .'\-]+$")
# Generic words of division names ("Cercle de Niono", "Province du Soum"): the bare name is
# also indexed so "Niono cercle" and "the Soum province" find them.
_DIVISION_AFFIX = re.compile(
    r"^(cercle|province|prefecture|departement|department|region|commune|territoire|territory|"
    r"district|state|county|arrondissement|municipality)( (de la|de l|du|des|de|d|of))? |"
    r" (cercle|province|region|prefecture|department|departement|district|state|county|"
    r"territory|municipality)$")
# alternateNamesV2 "languages" that are codes or links, not names
_SKIP_LANGS = {"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "fr_1793", "tcid"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
  geonameid INTEGER PRIMARY KEY, name TEXT, asciiname TEXT, lat REAL, lon REAL,
  fclass TEXT, fcode TEXT, cc TEXT, admin1 TEXT, admin2 TEXT, population INTEGER);
CREATE TABLE IF NOT EXISTS names (
  key TEXT, geonameid INTEGER, alt INTEGER, PRIMARY KEY (key, geonameid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS admin_codes (
  code TEXT PRIMARY KEY, name TEXT, asciiname TEXT, geonameid INTEGER);
CREATE TABLE IF NOT EXISTS sources (
  file TEXT PRIMARY KEY, kind TEXT, size INTEGER, sha256 TEXT, rows INTEGER, seconds REAL,
  imported_at TEXT);
"""

Progress = Callable[[str, int], None]


def store_path() -> Path:
    """$SEISMO_GAZETTEER, else geonames.sqlite in the data dir (beside the default database)."""
    return Path(os.environ.get("SEISMO_GAZETTEER") or data_dir() / FILE_NAME)


def connect(path: Path, write: bool = False) -> sqlite3.Connection:
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path)
        con.executescript(SCHEMA)
        con.execute("PRAGMA synchronous=OFF")
        return con
    # read-only, so a lookup never creates or locks the file
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


# ---------------------------------------------------------------- reading the dump files
def file_kind(path: Path) -> str:
    """'geoname' | 'admin1' | 'admin2' | 'alternate' from the published file name."""
    stem = path.name.split(".")[0].lower()
    if stem.startswith("admin1codes"):
        return "admin1"
    if stem.startswith("admin2codes"):
        return "admin2"
    if stem.startswith("alternatenames"):
        return "alternate"
    if stem == "allcountries" or re.fullmatch(r"[a-z]{2}", stem):
        return "geoname"
    raise ConfigError(f"not a GeoNames dump file name: {path.name} (expected XX.txt, XX.zip, "
                      "allCountries.zip, admin1CodesASCII.txt, admin2Codes.txt, alternateNamesV2)")


def _lines(path: Path) -> Iterator[str]:
    """Text lines of a dump file, streamed (a .zip: its one data member, not the readme)."""
    if path.suffix.lower() != ".zip":
        with open(path, encoding="utf-8") as f:
            yield from f
        return
    with zipfile.ZipFile(path) as z:
        members = [n for n in z.namelist() if n.endswith(".txt") and "readme" not in n.lower()
                   and "iso-language" not in n.lower()]
        if not members:
            raise MalformedRecord(f"{path.name}: no data file inside the zip")
        with z.open(members[0]) as raw:
            yield from io.TextIOWrapper(raw, encoding="utf-8")


def _fields(path: Path, n: int) -> Iterator[list[str]]:
    for lineno, line in enumerate(_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < n:
            raise MalformedRecord(f"{path.name} line {lineno}: {len(cols)} fields, expected {n}")
        yield cols


def bare_division(name: str) -> str:
    """A division's name without its generic word: "Cercle de Niono" -> "niono"."""
    key = normalize(name)
    return _DIVISION_AFFIX.sub("", key).strip() or key


def name_keys(name: str, asciiname: str, fcode: str) -> set[str]:
    """Primary lookup keys of a record: its name, ASCII name and, for divisions, the bare name."""
    keys = {k for k in (normalize(name), normalize(asciiname)) if k}
    if fcode.startswith("ADM"):
        keys |= {_DIVISION_AFFIX.sub("", k).strip() for k in list(keys)} - {""}
    return keys


def _geoname_rows(path: Path) -> Iterator[tuple[tuple, list[tuple]]]:
    for c in _fields(path, 19):
        gid = int(c[0])
        place = (gid, c[1], c[2], float(c[4]), float(c[5]), c[6], c[7], c[8], c[10], c[11],
                 int(c[14] or 0))
        keys = name_keys(c[1], c[2], c[7])
        names = [(k, gid, 0) for k in keys]
        for alt in c[3].split(","):
            k = normalize(alt)
            if k and k not in keys and len(k) > 2 and _LATIN.match(k):
                keys.add(k)
                names.append((k, gid, 1))
        yield place, names


# ---------------------------------------------------------------- import
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def import_files(paths: Iterable[Path], target: Path | None = None, force: bool = False,
                 progress: Progress | None = None) -> list[dict]:
    """Import GeoNames dump files into the store at `target` (default store_path()); returns one
    summary per file ({"file", "kind", "rows", "seconds", "skipped"})."""
    target = target or store_path()
    paths = [Path(p) for p in paths]
    kinds = {p: file_kind(p) for p in paths}   # reject a wrong file before touching the store
    con = connect(target, write=True)
    out = []
    try:
        # admin names first, then places, then alternate names: the order users pass does not matter
        for p in sorted(paths, key=lambda q: ("admin1", "admin2", "geoname", "alternate").index(kinds[q])):
            out.append(_import_one(con, p, kinds[p], force, progress))
    finally:
        con.close()
    return out


def _import_one(con, path: Path, kind: str, force: bool, progress: Progress | None) -> dict:
    size, sha = path.stat().st_size, _sha256(path)
    done = con.execute("SELECT rows FROM sources WHERE file=? AND size=? AND sha256=?",
                       (path.name, size, sha)).fetchone()
    if done and not force:
        return {"file": path.name, "kind": kind, "rows": done[0], "seconds": 0.0, "skipped": True}
    t0 = time.perf_counter()
    importer = {"geoname": _import_geonames, "admin1": _import_admin,
                "admin2": _import_admin, "alternate": _import_alternates}[kind]
    rows = importer(con, path, progress or (lambda f, n: None))
    secs = round(time.perf_counter() - t0, 2)
    con.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?,datetime('now'))",
                (path.name, kind, size, sha, rows, secs))
    con.commit()
    return {"file": path.name, "kind": kind, "rows": rows, "seconds": secs, "skipped": False}


def _flush(con, places: list, names: list) -> None:
    if places:
        con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
    places.clear()
    names.clear()


def _import_geonames(con, path: Path, progress: Progress) -> int:
    places, names, n = [], [], 0
    for place, keys in _geoname_rows(path):
        places.append(place)
        names.extend(keys)
        n += 1
        if len(places) >= BATCH:
            _flush(con, places, names)
            if n % 100_000 == 0:
                con.commit()
                progress(path.name, n)
    _flush(con, places, names)
    progress(path.name, n)
    return n


def _import_admin(con, path: Path, progress: Progress) -> int:
    rows = [(c[0], c[1], c[2], int(c[3]) if c[3].strip() else None) for c in _fields(path, 4)]
    con.executemany("INSERT OR REPLACE INTO admin_codes VALUES (?,?,?,?)", rows)
    progress(path.name, len(rows))
    return len(rows)


def _import_alternates(con, path: Path, progress: Progress) -> int:
    names, n = [], 0
    for c in _fields(path, 4):
        lang = c[2]
        historic = len(c) > 7 and c[7] == "1"
        colloquial = len(c) > 6 and c[6] == "1"
        k = normalize(c[3])
        if lang in _SKIP_LANGS or historic or colloquial or len(k) <= 2 or not _LATIN.match(k):
            continue
        names.append((k, int(c[1]), 1))
        n += 1
        if len(names) >= BATCH * 4:
            _flush(con, [], names)
            if n % 500_000 < BATCH * 4:
                con.commit()
                progress(path.name, n)
    _flush(con, [], names)
    progress(path.name, n)
    return n


# ---------------------------------------------------------------- status and lookup
def status(path: Path | None = None) -> dict:
    """What the store holds: files imported, places by feature class, countries, size on disk."""
    path = path or store_path()
    if not path.exists():
        return {"path": str(path), "present": False}
    con = connect(path)
    try:
        files = [dict(zip(("file", "kind", "rows", "seconds", "imported_at"), r)) for r in
                 con.execute("SELECT file, kind, rows, seconds, imported_at FROM sources ORDER BY file")]
        classes = dict(con.execute("SELECT fclass, count(*) FROM places GROUP BY fclass ORDER BY 2 DESC"))
        countries = [r[0] for r in con.execute("SELECT DISTINCT cc FROM places ORDER BY cc")]
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("places", "names", "admin_codes")}
    finally:
        con.close()
    return {"path": str(path), "present": True, "bytes": path.stat().st_size, "files": files,
            "feature_classes": classes, "countries": countries, **counts}


# Feature classes a place name in news can mean: populated places, divisions, areas and a few
# landmarks (streams, wells, hills and dunes share names with the villages beside them: skipped).
_LOOKUP = """
SELECT p.geonameid, p.name, p.lat, p.lon, p.cc, p.fclass || '.' || p.fcode, p.population,
       a1.asciiname, a2.name, n.alt
FROM names n JOIN places p ON p.geonameid = n.geonameid
LEFT JOIN admin_codes a1 ON a1.code = p.cc || '.' || p.admin1
LEFT JOIN admin_codes a2 ON a2.code = p.cc || '.' || p.admin1 || '.' || p.admin2
WHERE n.key = ? AND (p.fclass = 'P' OR p.fclass || '.' || p.fcode IN
      ('A.ADM1','A.ADM2','A.ADM3','A.PCLI','L.RGN','L.AREA','S.AIRP','T.ISL'))
"""


class GeoNamesStore:
    """Read-only lookups in an imported store (one connection per process; SQLite serialises)."""

    def __init__(self, path: Path):
        self.path = path
        self._pid = os.getpid()
        self._con = connect(path)

    @property
    def con(self) -> sqlite3.Connection:
        """This process's connection: a connection must not cross a fork (the engine's workers)."""
        if self._pid != os.getpid():
            self._pid, self._con = os.getpid(), connect(self.path)
        return self._con

    def lookup(self, key: str) -> list[tuple]:
        """(geonameid, name, lat, lon, iso2, feature, population, admin1 name, admin2 name, alt)
        for every imported record named `key` (a normalize()d name)."""
        return self.con.execute(_LOOKUP, (key,)).fetchall()


def open_store() -> GeoNamesStore | None:
    """The imported store, or None when nothing was imported (Seismo then uses only the shipped
    gazetteer, exactly as without this module)."""
    path = store_path()
    if not path.is_file():
        return None
    try:
        store = GeoNamesStore(path)
        store.con.execute("SELECT 1 FROM places LIMIT 1")
        return store
    except sqlite3.Error:
        return None   # not a finished store: behave as if absent
