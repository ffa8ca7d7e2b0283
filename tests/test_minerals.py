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
