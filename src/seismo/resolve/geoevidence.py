"""What the text itself says about which same-name place is meant (used when a GeoNames import is
present; without one the geoparser scores exactly as before, see seismo.resolve.geoparse).

- the divisions and the country named close to the place: "Koro, in the village of X, Bankass
  cercle, Mopti region" favours the X whose second-level division is Bankass and whose first-level
  division is Mopti; "X, Soum province" the X of Soum;
- a place named right beside it (within WINDOW characters) that lies within NEAR_KM of the
  candidate: "Kokolibou near Dano", "X (near Say)";
- "village of X", "locality of X" favour a village over a district town or a division;
  "city of X", "town of X" favour a town over a division;
- a candidate thousands of km from every other place of the document, when another candidate of
  the same name lies among them, is penalised unless the text around it names its divisions.
"""
from __future__ import annotations

import re
from functools import lru_cache

from seismo.geodesy import haversine_km
from seismo.resolve.gazetteer_build import normalize
from seismo.resolve.geonames_store import bare_division

GID, NAME, LAT, LON, CC, ADMIN1, FEATURE, POP = range(8)
WINDOW = 120          # characters either side of a place in which its district may be named
CLOSE_BEFORE, CLOSE_AFTER = 40, 60   # ... and its region or country: "X, Ontario", "X in Mopti region"
RIGHT_AFTER = 25   # ... and its country right after it: "X, Mali", "X, a village in Niger"
ADMIN2_W, ADMIN1_W, COUNTRY_W = 4.0, 3.0, 1.5
HOLDS_W = 4.0   # a region holding the place named just before it: "Wami, Sud-Ouest region"
VILLAGE_W, TOWN_W = 2.5, 1.5
FAR_KM, FAR_PENALTY = 5000.0, 2.5
POINT_FEATURES = ("P", "A", "S", "T")   # towns, divisions, countries, sites, landforms
NEAR_KM = 50.0
READING_MARGIN = 2.0   # a mention's other readings that count as evidence: this close to its best
# (LGL acc@161 with ML+BF+NE+CM imported: 0.8216 at 1.0, 0.8244 at 2.0, 0.8233 at 3.0; GeoWebNews
# 0.8982, 0.8977, 0.8977; villages the same)
# Division nouns and the GeoNames level(s) each names: a "region" or "state" is first-level, a
# "cercle" (Mali), "department" (Niger) or "territory" (DRC) second-level; a "province" is
# first-level in the DRC and Cameroon, second-level in Burkina Faso.
DIVISION_LEVELS = {"region": ("A.ADM1",), "state": ("A.ADM1",), "governorate": ("A.ADM1",),
                   "province": ("A.ADM1", "A.ADM2"), "prefecture": ("A.ADM1", "A.ADM2"),
                   "cercle": ("A.ADM2",), "department": ("A.ADM2",), "departement": ("A.ADM2",),
                   "territory": ("A.ADM2",), "district": ("A.ADM2",), "county": ("A.ADM2",),
                   "commune": ("A.ADM2", "A.ADM3")}
DIVISION_NOUNS = set(DIVISION_LEVELS)
FIRST_LEVEL_NOUNS = ("region", "state", "governorate")
_VILLAGE_BEFORE = re.compile(r"\b(villages?|localit(y|ies)|hamlets?|settlements?)( of)?\s*$", re.I)
_TOWN_BEFORE = re.compile(r"\b(city|town)( of)?\s*$", re.I)
_VILLAGE_AFTER = re.compile(r"^\s*(,\s*(an?|the)\s+(small\s+)?)?(village|locality|hamlet)\b", re.I)
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_AFTER_COMMA = re.compile(r"^,\s*([A-Z][A-Za-z]{0,4}\.(?:\s?[A-Z][a-z]?\.)*|[A-Z]{2}\b)")
_COUNTRY_WORDS: dict[int, dict[str, str]] = {}   # per gazetteer: ISO3 -> country name as words


@lru_cache(maxsize=1)
def _abbreviations() -> dict[tuple[str, str], str]:
    """(ISO3, abbreviation as written) -> first-level division name."""
    from seismo.config import PACKAGE_DATA
    from seismo.yamlio import load_yaml
    with open(PACKAGE_DATA / "gazetteer" / "admin1_abbreviations.yaml", encoding="utf-8") as f:
        table = load_yaml(f)
    return {(iso3, abbr): name for iso3, names in table.items()
            for name, abbrs in names.items() for abbr in abbrs}


@lru_cache(maxsize=100_000)
def _bare(name: str) -> str:
    return bare_division(name)


def _words(text: str) -> str:
    return " " + _NOT_WORD.sub(" ", normalize(text)).strip() + " "


def _names_district(window: str, district: str, own: str) -> bool:
    """The window names the district, not a same-named region ("Koulikoro region")."""
    if not district or district == own:
        return False
    return window.count(f" {district} ") > sum(window.count(f" {district} {n} ") for n in FIRST_LEVEL_NOUNS)


class TextEvidence:
    """Bonus (or penalty) per (mention, candidate row) from the text around the mention."""

    def __init__(self, gaz, text: str):
        self.gaz = gaz
        self.text = text
        self._countries: dict[str, str] | None = None
        self._cache: dict[tuple[int, int], float] = {}
        self._windows: dict[tuple[int, int, int, int], str] = {}   # kept across rounds
        self._own: dict[int, str] = {}   # mention start -> its name key
        self._places: list[tuple[int, str, int]] = []   # (start, name key, row) of other mentions
        self._readings: dict[int, tuple[int, ...]] = {}   # mention start -> all its candidate rows
        self._country_keys: set[str] = set()

    def set_places(self, places: list[tuple[int, str, int]],
                   readings: dict[int, tuple[int, ...]] | None = None) -> None:
        """The current picks of the document's mentions (start offset, name key, row), and every
        candidate of each (`readings`): "Tomba near Kati" places Tomba beside the Kati of Mali
        even while the first round reads Kati as the one in Côte d'Ivoire."""
        self._places = places
        if readings is not None:
            self._readings = readings
        # names the document uses for countries ("Georgia" the country is no evidence for
        # Washington, Georgia)
        self._country_keys = {key for _, key, rid in places if self.gaz.rows[rid][FEATURE] == "A.PCLI"}
        self._cache.clear()

    def bonus(self, start: int, end: int, rid: int) -> float:
        key = (start, rid)
        if key not in self._cache:
            self._cache[key] = self._admin_bonus(start, end, rid) + self._cue_bonus(start, end, rid)
        return self._cache[key]

    def named_divisions(self, start: int, end: int, rid: int) -> bool:
        return self._admin_bonus(start, end, rid) > 0.0

    def _beside(self, start: int, end: int, rid: int) -> bool:
        """A town or district named within WINDOW characters, more prominent than the candidate,
        lies within NEAR_KM of it (the district town places the village, never the reverse)."""
        rows = self.gaz.rows
        r = rows[rid]
        own = self._own.get(start)
        if own is None:
            own = self._own[start] = normalize(self.text[start:end])
        mine = self.gaz.prior(rid)
        for s, key, pick in self._places:
            if key == own or abs(s - start) > WINDOW:
                continue
            for other in self._readings.get(s, (pick,)):
                o = rows[other]
                if other == rid or abs(o[LAT] - r[LAT]) > 0.5 or \
                        not (o[FEATURE].startswith("P") or o[FEATURE] in ("A.ADM2", "A.ADM3")) or \
                        self.gaz.prior(other) <= mine:
                    continue
                if haversine_km(r[LAT], r[LON], o[LAT], o[LON]) <= NEAR_KM:
                    return True
        return False

    def _holds_named_place(self, start: int, rid: int) -> bool:
        """A country or first-level division that contains a place named just before it, in one
        of that place's readings ("Wami, Sud-Ouest region": Burkina Faso's Sud-Ouest, where a Wami
        is; "Oula, Mali": the country, not Mali in Gansu)."""
        rows = self.gaz.rows
        r = rows[rid]
        region = normalize(r[ADMIN1] or "") if r[FEATURE] == "A.ADM1" else None
        for s, _, pick in self._places:
            if not 0 < start - s <= CLOSE_BEFORE:
                continue
            if any(rows[o][CC] == r[CC] and rows[o][FEATURE] not in ("A.ADM1", "A.PCLI")
                   and (region is None or normalize(rows[o][ADMIN1] or "") == region)
                   for o in self._readings.get(s, (pick,))):
                return True
        return False

    def _window(self, start: int, end: int, before: int = WINDOW, after: int = WINDOW) -> str:
        key = (start, end, before, after)
        if key not in self._windows:
            self._windows[key] = _words(self.text[max(0, start - before):start]) + "|" + \
                _words(self.text[end:end + after])
        return self._windows[key]

    def _admin_bonus(self, start: int, end: int, rid: int) -> float:
        r = self.gaz.rows[rid]
        window = self._window(start, end)
        own = _bare(r[NAME])
        score = HOLDS_W if r[FEATURE] in ("A.ADM1", "A.PCLI") and self._holds_named_place(start, rid) \
            else 0.0
        a2 = self.gaz.imported.admin2.get(rid) if self.gaz.imported else None
        if a2 and r[FEATURE] != "A.ADM2" and _names_district(window, _bare(a2), own) \
                or self._beside(start, end, rid):
            score += ADMIN2_W
        close = self._window(start, end, CLOSE_BEFORE, CLOSE_AFTER)
        if r[ADMIN1] and r[FEATURE] != "A.ADM1":
            b1 = _bare(r[ADMIN1])
            if b1 and b1 != own and (f" {b1} " in close and b1 not in self._country_keys
                                     or self._abbreviated(end) == (r[CC], r[ADMIN1])):
                score += ADMIN1_W
        country = self._country_names().get(r[CC] or "")
        if country and r[FEATURE] != "A.PCLI" and f" {country} " in close:
            # right after the name ("Salou, a village in Niger", "X, Mali") it counts double
            right_after = self._window(start, end, 0, RIGHT_AFTER).split("|")[1]
            score += COUNTRY_W * (2 if f" {country} " in right_after else 1)
        return score

    def _abbreviated(self, end: int) -> tuple[str, str] | None:
        """(ISO3, division) abbreviated right after the place: "Columbus, Ga.", "Dayton, OH"."""
        m = _AFTER_COMMA.match(self.text[end:end + 12])
        if m is None:
            return None
        abbr = m.group(1)
        for iso3 in ("USA", "CAN"):
            name = _abbreviations().get((iso3, abbr))
            if name:
                return iso3, name
        return None

    def _cue_bonus(self, start: int, end: int, rid: int) -> float:
        feature = self.gaz.rows[rid][FEATURE]
        before = self.text[max(0, start - 25):start]
        after = self.text[end:end + 12]
        if _VILLAGE_BEFORE.search(before) or _VILLAGE_AFTER.search(after):
            if feature.startswith("P") and not feature.startswith(("P.PPLA", "P.PPLC")):
                return VILLAGE_W
            return -VILLAGE_W if feature.startswith("A") else 0.0
        if _TOWN_BEFORE.search(before):
            return TOWN_W if feature.startswith("P") else 0.0
        return 0.0

    def _country_names(self) -> dict[str, str]:
        if self._countries is None:
            self._countries = _COUNTRY_WORDS.get(id(self.gaz))
            if self._countries is None:
                self._countries = {r[CC]: _words(r[NAME]).strip() for r in self.gaz.rows[:400]
                                   if r[FEATURE] == "A.PCLI" and r[CC]}
                _COUNTRY_WORDS[id(self.gaz)] = self._countries
        return self._countries


def readings(mentions, margin: float = READING_MARGIN) -> dict[int, tuple[int, ...]]:
    """The plausible candidate rows of each literal mention, by its start offset: within `margin`
    of its best prior, so "Koulikoro region" is never read as the town (the division noun moves
    them 6 apart) nor "Washington" as the small town beside California, Pennsylvania."""
    out = {}
    for m in mentions:
        if m.kind == "literal" and m.cands:
            top = max(s for _, s in m.cands)
            out[m.start] = tuple(r for r, s in m.cands if s >= top - margin)
    return out


def implausible_village(gaz, rid: int, others: list[tuple[float, float, str, bool]],
                        evidence: TextEvidence, start: int, end: int) -> bool:
    """An imported village without a census figure, in a country the document does not name,
    FAR_KM from every place it names, with nothing in the text for it ("FATA" in a story about
    Pakistan is not the hamlet of Fata in Mali): left unresolved rather than placed there."""
    r = gaz.rows[rid]
    if gaz.imported is None or rid not in gaz.imported.rids or r[POP] or \
            not r[FEATURE].startswith("P") or gaz.prior(rid) > 2.0:
        return False
    points = [(lat, lon) for lat, lon, _, _ in others]
    if not points or r[CC] in {cc for _, _, cc, _ in others}:
        return False
    if evidence.bonus(start, end, rid) > 0:
        return False
    return all(haversine_km(r[LAT], r[LON], lat, lon) > FAR_KM for lat, lon in points)


def far_penalties(gaz, cands: list[tuple[int, float]], others: list[tuple[float, float, str, bool]],
                  evidence: TextEvidence, start: int, end: int) -> dict[int, float]:
    """Row -> penalty for a town more than FAR_KM from every other place of the document when
    another candidate of this name lies within FAR_KM of one of them. Not penalised: oceans,
    seas and regions (feature classes H and L: their centre says little where they are), and a
    candidate whose country the document names or places are in, or whose divisions it names."""
    rows = gaz.rows
    named = {cc for _, _, cc, _ in others}   # countries the document names or places are in
    points = [(lat, lon) for lat, lon, _, _ in others]
    if not points or len(cands) < 2:
        return {}
    near = {rid: any(haversine_km(rows[rid][LAT], rows[rid][LON], lat, lon) <= FAR_KM
                     for lat, lon in points) for rid, _ in cands}
    if not any(near.values()):
        return {}
    return {rid: FAR_PENALTY for rid, ok in near.items()
            if not ok and rows[rid][FEATURE].startswith(POINT_FEATURES)
            and rows[rid][CC] not in named and not evidence.named_divisions(start, end, rid)}
