"""Actor KB: the country table (pycountry + overlay), time-aware offices, anaphora limits, and
coreference inside the parsed seed documents."""
import pytest

from seismo.resolve.actors import actors_for, entity_patterns
from seismo.resolve.kb import get_kb


def _span(sdoc, words: str, after: int = 0):
    start = sdoc.text.index(words, after)
    return sdoc.char_span(start, start + len(words))


@pytest.fixture(scope="module")
def seeds(nlp, seeds_dir):
    """Parsed seeds by number, with the year of their events."""
    years = {"000": 2024, "001": 2020, "002": 2025, "003": 2025}
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        sdoc = nlp(path.read_text(encoding="utf-8"))
        out[path.name[:3]] = (sdoc, actors_for(sdoc, years.get(path.name[:3])))
    return out


def test_country_table_covers_every_iso_code_and_the_news_names():
    countries = get_kb().countries
    assert len(countries.entries) >= 249
    for name in ("DRC", "the DRC", "DR Congo", "Congo-Kinshasa", "Zaire", "Democratic Republic of the Congo"):
        assert countries.country(name) == "COD", name
    assert countries.country("U.S.") == countries.country("America") == "USA"
    assert countries.country("us") is None and countries.country("car") is None   # acronyms are case-sensitive
    assert countries.country("Congo") is None          # ambiguous: left to the document context
    assert countries.demonym("Burkinabes") == "BFA" and countries.capital("Kinshasa") == "COD"


def test_countries_are_searchable():
    hits = get_kb().search("zaire")
    assert hits and hits[0].kind == "country" and hits[0].country == "COD" and hits[0].name == "DR Congo"


def test_user_file_extends_a_country(tmp_path, monkeypatch):
    (tmp_path / "mine.yaml").write_text("countries:\n  COD: {aliases: [Kongo-Kinshasa]}\n", encoding="utf-8")
    monkeypatch.setenv("SEISMO_ACTORS_DIR", str(tmp_path))
    get_kb.cache_clear()
    try:
        assert get_kb().countries.country("Kongo-Kinshasa") == "COD"
        assert get_kb().countries.country("Zaire") == "COD"
    finally:
        monkeypatch.delenv("SEISMO_ACTORS_DIR")
        get_kb.cache_clear()


def test_country_names_work_without_the_gazetteer(nlp):
    actors = actors_for(nlp("Talks ended."), 2025)
    actors._geo = None
    assert actors.resolve_text("Burkinabe troops").name == "Military of Burkina Faso"
    assert actors.resolve_text("the DRC").country == "COD"


@pytest.mark.parametrize("year,phrase,name", [
    (2022, "Rwandan Foreign Minister", "Vincent Biruta"),
    (2024, "Rwandan Foreign Minister", "Olivier Nduhungirehe"),
    (2022, "Malian Prime Minister", "Choguel Kokalla Maïga"),
    (2024, "vice president of the United States", "Kamala Harris"),
    (2025, "vice president of the United States", "JD Vance"),
    (2025, "US Secretary of State", "Marco Rubio"),
    (2006, "Russian President", "Vladimir Putin"),
    (2010, "Russian President", "Dmitry Medvedev"),
])
def test_time_aware_offices(nlp, year, phrase, name):
    actors = actors_for(nlp("Talks ended."), year)
    assert actors.resolve_text(phrase).name == name


def test_vice_president_is_not_the_president(nlp):
    actors = actors_for(nlp("Talks ended in Washington."), 2018)
    assert actors.resolve_text("the vice president").name != "Donald Trump"


def test_only_definite_unnamed_phrases_point_back(nlp):
    sdoc = nlp("M23 rebels seized Rubaya on Monday. Later the rebels advanced.")
    actors = actors_for(sdoc, 2024)
    assert actors.resolve_text("the rebels").kb_id == "m23"
    assert actors.resolve_text("a Rwandan-backed militia").kb_id is None
    assert actors.resolve_text("al Shabab fighters").kb_id == "al-shabaab"
    assert actors.resolve_text("they").kb_id == "m23"


def test_transnational_group_gets_no_guessed_country(nlp):
    actors = actors_for(nlp("Fighting continued in Goma, DR Congo."), 2024)
    ref = actors.resolve_text("Islamic State")
    assert (ref.kb_id, ref.country, ref.sector) == ("islamic-state", None, "REB")


def test_stop_words_are_no_patterns():
    forms = {p["pattern"] for p in entity_patterns()}
    assert "ISIS" in forms and "IS" not in forms and "US" not in forms


def test_seed_coreference(seeds):
    sdoc, actors = seeds["003"]
    assert actors.resolve(_span(sdoc, "the rebels have")[:2]).kb_id == "m23"
    sdoc, actors = seeds["000"]
    assert actors.resolve(_span(sdoc, "Malanga threatened")[:1]).name == "Christian Malanga"
    he = next(t for t in sdoc if t.text == "He")          # right after General Sylvain Ekenge spoke
    assert actors.resolve(he).name == "Sylvain Ekenge"
    plotters = actors.resolve(_span(sdoc, "the coup plotters"))
    assert (plotters.country, plotters.sector) == ("COD", "REB")
    sdoc, actors = seeds["001"]
    junta = actors.resolve(_span(sdoc, "the junta"))
    assert (junta.name, junta.country, junta.sector) == ("Military of Mali", "MLI", "MIL")

