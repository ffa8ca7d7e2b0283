"""Factuality cues on sentences written for these tests."""
from __future__ import annotations

import pytest

from seismo.extract.factuality import assess, is_historical
from seismo.extract.triggers import load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def _tok(sdoc, word):
    return next(t for t in sdoc if t.text == word)


@pytest.mark.parametrize("text, word, expected", [
    ("Police arrested the editor.", "arrested", "asserted"),
    ("Police never arrested the editor.", "arrested", "negated"),
    ("Police would arrest the editor.", "arrest", "hypothetical"),
    ("Police will arrest the editor.", "arrest", "planned"),
    ("Police plan to arrest the editor.", "arrest", "planned"),
    ("Police reportedly arrested the editor.", "arrested", "alleged"),
    ("Police denied that they arrested the editor.", "arrested", "denied"),
    ("The minister said police arrested the editor.", "arrested", "reported"),
    ("The minister claimed police arrested the editor.", "arrested", "claimed"),
])
def test_factuality_values(nlp, lex, text, word, expected):
    sdoc = nlp(text)
    assert assess(_tok(sdoc, word), lex).value == expected


def test_attempted_coup_noun(nlp, lex):
    sdoc = nlp("An attempted coup shook the capital.")
    assert assess(_tok(sdoc, "coup"), lex, noun=True).value == "attempted"


@pytest.mark.parametrize("text, expected", [
    ("A coup attempt by a group of officers failed on Monday, the government said.", "attempted"),
    ("The army said it foiled a coup attempt in the capital.", "foiled"),
    ("An assassination attempt on the governor collapsed, his office said.", "attempted"),
    ("An ambush on the convoy by unknown gunmen failed, the police said.", "attempted"),
    ("The militia failed to ambush the convoy.", "negated"),
])
def test_failed_and_attempted_events(nlp, lex, text, expected):
    """An event noun the subject of "fail", or compounded with "attempt", was attempted (not
    negated: "failed to ambush" is); the coder finds "coup attempt" as a coup event."""
    from seismo.extract.triggers import find_triggers
    sdoc = nlp(text)
    [sent] = list(sdoc.sents)
    [trig] = [t for t in find_triggers(sent, lex) if t.type in ("COERCE", "ASSAULT")]
    assert assess(trig.token, lex, noun=trig.is_noun).value == expected


def test_claimed_by_speaker(nlp, lex):
    sdoc = nlp("The spokesman said soldiers arrested the editor.")
    f = assess(_tok(sdoc, "arrested"), lex)
    assert f.value == "reported" and f.claimed_by.text == "spokesman"


def test_according_to(nlp, lex):
    sdoc = nlp("Soldiers arrested the editor, according to the union.")
    f = assess(_tok(sdoc, "arrested"), lex)
    assert f.value == "reported" and f.claimed_by.text == "union"


def test_historical_year_and_cue(nlp):
    sdoc = nlp("The army seized power in the capital in 1994.")
    sent = next(iter(sdoc.sents))
    assert is_historical(_tok(sdoc, "seized"), sent, 2024, None, False)[0]
    assert not is_historical(_tok(sdoc, "seized"), sent, 1995, None, False)[0]
    sdoc = nlp("At that time, the army arrested hundreds of students.")
    assert is_historical(_tok(sdoc, "arrested"), next(iter(sdoc.sents)), 2024, None, False) == (True, "cue")
