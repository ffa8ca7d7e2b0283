import pytest

from seismo.extract.minerals import minerals_in


def _names(nlp, text, sent_index=0):
    sdoc = nlp(text)
    return [(m.name, m.scope) for m in minerals_in(sdoc, list(sdoc.sents)[sent_index])]


def test_ore_names_map_to_minerals(nlp):
    assert _names(nlp, "The rebels seized a coltan mining town where cassiterite and wolframite are dug.") == [
        ("tantalum", "sentence"), ("tin", "sentence"), ("tungsten", "sentence")]


@pytest.mark.parametrize("text", [
    "Your election has ushered in a golden age for America.",
    "She won a gold medal at the Gold Coast games.",
    "Palm oil exports fell.",
])
def test_no_false_minerals(nlp, text):
    assert _names(nlp, text) == []


def test_paragraph_scope_when_sentence_has_none(nlp):
    text = "Fighters took the mining hub of Rubaya. The site produces coltan for export.\nNext paragraph."
    assert _names(nlp, text, 0) == [("tantalum", "paragraph")]


def test_collective_names_expand_to_their_minerals(nlp):
    names = {n for n, _ in _names(nlp, "Smelters must audit their 3TG supply chains.")}
    assert names == {"tin", "tantalum", "tungsten", "gold"}
    names = {n for n, _ in _names(nlp, "Traders bought 3T minerals from Bisie.")}
    assert names == {"tin", "tantalum", "tungsten"}


@pytest.mark.parametrize("text,expected", [
    ("Artisanal miners dig for gold and tin ore near the river.", ["gold", "tin"]),
    ("Oil prices fell after the pipeline attack.", ["oil"]),
    ("The copper-cobalt belt of Katanga produces most of the world's cobalt.", ["copper", "cobalt"]),
    ("Silver and platinum prices rose.", ["silver", "platinum"]),
])
def test_minerals_as_commodities(nlp, text, expected):
    assert [n for n, _ in _names(nlp, text)] == expected


@pytest.mark.parametrize("text", [
    "He opened a tin can.", "He wore a diamond ring.", "A copper wire was stolen.",
    "Goldman Sachs raised its forecast.", "Every cloud has a silver lining.", "She won the silver medal.",
])
def test_more_non_minerals(nlp, text):
    assert _names(nlp, text) == []


def test_paragraph_of_stops_at_line_breaks(nlp):
    from seismo.extract.minerals import paragraph_of
    sdoc = nlp("First paragraph about coltan.\nSecond paragraph. It has two sentences.")
    para = paragraph_of(sdoc, sdoc[-2])
    assert para.text == "Second paragraph. It has two sentences."
    assert minerals_in(sdoc, list(sdoc.sents)[-1]) == []
