import pytest

from seismo.extract.quantities import casualties, parse_number, quantities_for


@pytest.mark.parametrize("text,value", [
    ("two", 2), ("1,200", 1200), ("3.5 million", 3.5e6), ("a dozen", 12), ("some 50", 50),
    ("twenty-five", 25), ("15", 15), ("dozens", None), ("several", None), ("many", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def _q(nlp, sentence, trigger):
    sdoc = nlp(sentence)
    return quantities_for(next(t for t in sdoc if t.text == trigger))


def test_partitive_counts_the_part_not_the_group(nlp):
    q = _q(nlp, "Men in fatigues opened fire, killing two of Economy Minister Vital Kamerhe’s 15 guards.",
           "killing")
    assert casualties(q) == (2, None)
    assert q[0].unit == "guard" and "15 guards" in q[0].text
    assert casualties(_q(nlp, "Gunmen killed two of the 15 guards at the gate.", "killed")) == (2, None)


def test_named_person_and_n_others(nlp):
    q = _q(nlp, "Malanga and three other men were killed after resisting arrest, and some 50 people, "
                "including three US citizens, were arrested.", "killed")
    assert casualties(q) == (4, None)
    assert any(x.kind == "arrested" and x.value == 50 for x in q)


@pytest.mark.parametrize("sentence,trigger,expected", [
    ("At least 12 civilians died and 30 were wounded in the attack.", "attack", (12, 30)),
    ("The death toll rose to 40 on Monday.", "rose", (40, None)),
    ("Soldiers shot dead five protesters in the capital.", "shot", (5, None)),
    ("Police arrested 23 protesters in Bamako.", "arrested", (None, None)),
])
def test_casualties(nlp, sentence, trigger, expected):
    assert casualties(_q(nlp, sentence, trigger)) == expected


def test_vague_amounts_keep_words_without_value(nlp):
    q = _q(nlp, "Dozens of people were killed in the clashes.", "killed")
    assert q and q[0].value is None and q[0].kind == "killed" and "Dozens" in q[0].text
    assert casualties(q) == (None, None)


def test_money_and_percent(nlp):
    q = _q(nlp, "Beijing agreed to invest $3 billion in mine infrastructure.", "invest")
    assert [(x.kind, x.value, x.unit) for x in q] == [("money", 3e9, "USD")]
    q = _q(nlp, "Tshisekedi was reelected with 73 percent of the vote.", "reelected")
    assert [(x.kind, x.value, x.unit) for x in q] == [("percent", 73, "%")]
