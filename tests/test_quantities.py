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


@pytest.mark.parametrize("text,value", [
    ("hundreds of thousands", None), ("tens of thousands", None), ("$3 billion", 3e9), ("2.5bn", 2.5e9),
    ("one hundred", 100), ("at least 12", 12), ("a hundred", 100), ("1.2 billion", 1.2e9),
])
def test_parse_number_more(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("sentence,trigger,expected", [
    # result phrases: the group is dead/hurt, whatever the verb
    ("The attack left 17 dead and 40 wounded.", "attack", (17, 40)),
    ("The blast killed nine people and left 20 others injured.", "blast", (9, 20)),
    ("Clashes left 12 people dead in Beni.", "Clashes", (12, None)),
    ("Militiamen hacked 10 villagers to death.", "hacked", (10, None)),
    ("Soldiers shot dead five protesters in the capital.", "shot", (5, None)),
    # shot / attacked alone is not a death (ACLED)
    ("Police shot three protesters.", "shot", (None, None)),
    # intransitive or own lives: the subject is the dead
    ("At least 30 people lost their lives in the floods.", "lost", (30, None)),
    ("The army said 40 rebels were killed, while 3 soldiers lost their lives.", "killed", (43, None)),
    # "of" phrases of death nouns
    ("The attack claimed the lives of 30 people.", "claimed", (30, None)),
    ("The deaths of 12 miners were confirmed by the governor.", "confirmed", (12, None)),
    # zero
    ("No one was killed in the attack.", "attack", (0, None)),
    ("Nobody was hurt.", "hurt", (None, 0)),
    # an active subject kills, it is not killed
    ("Two gunmen killed a guard.", "killed", (None, None)),
])
def test_casualty_roles(nlp, sentence, trigger, expected):
    assert casualties(_q(nlp, sentence, trigger)) == expected


@pytest.mark.parametrize("sentence,trigger,kind,value", [
    ("The fighting has displaced 100,000 people since March.", "displaced", "displaced", 100000),
    ("Some 2,000 families fled to Goma.", "fled", "displaced", 2000),
    ("Rebels abducted 15 students from a school.", "abducted", "arrested", 15),
    ("Rebels took 40 hostages in the raid.", "took", "arrested", 40),
])
def test_other_event_counts(nlp, sentence, trigger, kind, value):
    assert any(q.kind == kind and q.value == value for q in _q(nlp, sentence, trigger))


def test_weak_verbs_count_only_people(nlp):
    assert not any(q.kind in ("arrested", "killed") for q in _q(nlp, "Rebels took 3 villages.", "took"))
    assert not any(q.kind == "killed" for q in _q(nlp, "The army lost three towns.", "lost"))
    assert any(q.kind == "killed" and q.value == 3 for q in _q(nlp, "The army lost three soldiers.", "lost"))


def test_vague_compound_amount_is_one_quantity(nlp):
    q = _q(nlp, "Hundreds of thousands of people have fled their homes.", "fled")
    assert [(x.kind, x.value, x.text) for x in q] == [("displaced", None, "Hundreds of thousands of people")]


def test_multiplier_counts_the_noun(nlp):
    q = _q(nlp, "Several dozen heavily armed men attacked the palace.", "attacked")
    assert [(x.value, x.unit) for x in q] == [(None, "man")]


def test_numbers_in_names_count_nothing(nlp):
    q = _q(nlp, "The March 23 Movement (M23) went on the offensive again.", "went")
    assert all(x.value != 23 for x in q)
