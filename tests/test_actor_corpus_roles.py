"""Actor attribution scored on the project's own annotated corpus (seismo.bench.roles).

The corpus (corpus/events/, docs/annotation.md) carries actor1/actor2 phrases per event mention;
the coder's events are matched to mentions by trigger offsets and scored with the shared scorer's
word rule. The dev split is the development measure; the floors below are what was measured.
"""
from types import SimpleNamespace

import pytest

from seismo.bench.roles import covers, run_roles


def _ref(text, name=None):
    return SimpleNamespace(text=text, name=name)


def test_covers_half_of_the_gold_words():
    assert covers("M23 rebels", _ref("the M23"))                        # 1 of 2 words
    assert covers("Police in Quetta", _ref("Police in Quetta"))
    assert not covers("Gang members from the Gran Grif coalition", _ref("Gang members"))
    assert covers("Russia's Rosatom", _ref("Rosatom"))                  # "s" is no word
    assert covers("Forces armées", _ref("FARDC", "Forces Armées"))      # accents folded, name counts


def test_covers_text_or_name_each_on_its_own():
    # half the words must come from one of them, not from the two pooled
    assert not covers("Congolese army soldiers", _ref("soldiers", "Congolese"))


def test_covers_generic_gold_words():
    # the shared scorer ignores "government" and "group": a gold of only those is read on them
    assert covers("The government", _ref("government"))
    assert not covers("The government", _ref("the army"))
    assert not covers("The group", None)


@pytest.mark.slow
def test_corpus_dev_actor_accuracy(nlp):
    res = run_roles("dev", nlp=nlp)
    assert res["coded"] >= 220
    # measured 0.934 (n=211); 0.886 before issue 15's rules. 2026-12-06 (stop 20): the dev split
    # grew from 76 to 167 documents (liveblogs, world press registers, attribution-heavy local
    # press): 0.927 (n=422), 0.925 (n=386) with the model's reader settings off: the floor follows
    # the split, not the reader.
    assert res["actor1"]["accuracy"] >= 0.92
    # 2026-12-06 (stop 20): 0.782 (n=312) with the reader adding the model's ACLED events, 0.819
    # (n=292) with them off: the mentions the model adds (mostly nouns) get fewer actor2 right.
    # 2026-12-07 (stop 22): 0.825 (n=411) with the actor2 rules of counted people, shared and
    # relative-clause objects and repelled attacks (0.801 before, same split): floor 0.76 -> 0.80.
    # 2026-12-07 (stop 23): 0.830 (n=411) with elliptical passives and acts joined to a reported
    # passive: floor 0.80 -> 0.82.
    assert res["actor2"]["accuracy"] >= 0.82
