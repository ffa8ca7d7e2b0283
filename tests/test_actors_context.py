"""Actor linking from the words and the parse around a mention (places, titles, ethnic groups,
counted groups, acronyms) and the `seismo actors` command."""
import json

from click.testing import CliRunner

from seismo.resolve.actors import actors_for


def _span(sdoc, words: str):
    start = sdoc.text.index(words)
    return sdoc.char_span(start, start + len(words))


def test_capital_alone_is_its_government(nlp):
    actors = actors_for(nlp("Baghdad rejected the demand on Monday."), 2004)
    ref = actors.resolve_text("Baghdad")
    assert (ref.country, ref.sector, ref.name) == ("IRQ", "GOV", "Government of Iraq")


def test_named_person_is_not_the_title_holder(nlp):
    actors = actors_for(nlp("Moscow and Washington traded accusations."), 2024)
    assert actors.resolve_text("President Bush").country == "USA"
    assert actors.resolve_text("Former President").name != "Vladimir Putin"


def test_titled_person_takes_the_paragraph_country(nlp):
    sdoc = nlp("Algeria's parliament met on Monday. President Abdelaziz Bouteflika said he would lift the ban.")
    actors = actors_for(sdoc, 2000)
    ref = actors.resolve_text("President Abdelaziz Bouteflika", sdoc.text.index("President"))
    assert ref.country == "DZA"
    he = next(t for t in sdoc if t.text == "he")
    assert actors.resolve(he).country == "DZA"


def test_longest_country_name_in_the_phrase(nlp):
    """"Democratic Republic of Congo" holds "Republic of Congo": the longer name is the country."""
    sdoc = nlp("The foreign ministers of the Democratic Republic of Congo and Rwanda signed a deal.")
    ref = actors_for(sdoc, 2025).resolve(_span(sdoc, "foreign ministers"))
    assert (ref.country, ref.sector) == ("COD", "GOV")


def test_place_named_in_the_phrase(nlp):
    actors = actors_for(nlp("Officials met on Sunday."), 2005)
    assert actors.resolve_text("Cairo's security chief").country == "EGY"
    assert actors.resolve_text("government of Sindh province").country == "PAK"
    assert actors.resolve_text("President Omar Hassan al-Bashir").country != "IND"   # a name, not places


def test_misspelt_country(nlp):
    actors = actors_for(nlp("Talks ended."), 2000)
    assert actors.resolve_text("Ethopia").country == "ETH"


def test_ethnic_group_is_not_a_state(nlp):
    sdoc = nlp("Ethnic Albanians in south Serbia demanded more rights on Tuesday.")
    ref = actors_for(sdoc, 2001).resolve(_span(sdoc, "Albanians"))
    assert ref.country == "SRB"


def test_place_complement_and_counted_group(nlp):
    sdoc = nlp("Opposition groups in Zimbabwe called a strike. Hundreds of thousands of people marched in Harare.")
    actors = actors_for(sdoc, 2007)
    ref = actors.resolve(_span(sdoc, "Opposition groups"))
    assert (ref.country, ref.sector) == ("ZWE", "OPP")
    ref = actors.resolve(_span(sdoc, "Hundreds of thousands of people"))
    assert (ref.country, ref.sector) == ("ZWE", "CVL")


def test_bracketed_acronym_is_the_named_organisation(nlp):
    sdoc = nlp("The Nigerian Union of Teachers (NUT) called a strike in Lagos. The NUT said it would continue.")
    actors = actors_for(sdoc, 2003)
    assert actors.resolve_text("NUT", len(sdoc.text)).country == "NGA"


def test_kb_name_missed_by_the_ner(nlp):
    sdoc = nlp("The pro-Iranian Hizbollah group withdrew from the border.")
    ref = actors_for(sdoc, 1999).resolve(_span(sdoc, "pro-Iranian Hizbollah group"))
    assert ref.country == "LBN"


def test_actors_command_lists_and_filters():
    from seismo.serve.cli import cli, register_all
    register_all()
    result = CliRunner().invoke(cli, ["actors", "M23", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.output.splitlines()[0])
    assert first["name"] == "M23" and first["country"] == "COD" and first["sector"] == "REB"
    result = CliRunner().invoke(cli, ["actors", "--country", "MLI", "--sector", "GOV"])
    assert result.exit_code == 0 and "Keïta" in result.output


def test_whole_country_name_beats_a_partial_entity(nlp):
    sdoc = nlp("North Korea fired a missile on Monday.")
    assert actors_for(sdoc, 2003).resolve(_span(sdoc, "North Korea")).country == "PRK"


def test_people_of_a_place_take_its_country(nlp):
    sdoc = nlp("Albanians of southern Serbia demanded autonomy.")
    assert actors_for(sdoc, 2001).resolve(_span(sdoc, "Albanians")).country == "SRB"
