"""The learned event reader: the corpus is valid, the shipped model loads offline and labels
events with registry labels, and `seismo train` rebuilds a model end to end (on a small slice)."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from seismo import taxonomy
from seismo.extract import learned
from seismo.extract.reading import LearnedReading, Thresholds, reader_setting
from seismo.train.corpus import read_corpus, split_of


def test_corpus_is_valid_and_large_enough():
    docs, problems = read_corpus()
    assert not problems, problems[:5]
    mentions = [m for d in docs for m in d.mentions]
    events = [m for m in mentions if m.plover is not None]
    assert len(events) >= 5000 and len(mentions) - len(events) >= 3000
    plover = Counter(m.plover for m in events)
    acled = Counter(m.acled[1] for m in events if m.acled)
    assert all(plover[t] >= 150 for t in taxonomy.plover_types()), plover
    assert all(acled[s] >= 80 for s in taxonomy.acled_sub_event_types()), acled


def test_split_is_by_document_and_fixed():
    assert split_of("battles-0001") == split_of("battles-0001")
    docs, _ = read_corpus()
    shares = {s: sum(d.split == s for d in docs) / len(docs) for s in ("train", "dev", "test")}
    assert 0.7 < shares["train"] < 0.9 and shares["dev"] > 0.05 and shares["test"] > 0.05


def test_shipped_model_loads_and_reads(nlp):
    model = learned.load_model()
    assert model is not None
    sent = next(nlp("Gunmen killed 27 civilians in an attack on a village on Sunday.").sents)
    readings = model.read(sent)
    kill = next(r for i, r in readings.items() if sent.doc[i].lemma_ == "kill")
    assert kill.p_event > 0.5 and kill.plover in taxonomy.plover_types()
    labels = json.loads((learned.MODEL_DIR / "model.json").read_text())["labels"]
    assert set(labels["acled"]) - {learned.NONE} <= set(taxonomy.acled_sub_event_types())
    assert 0.0 <= model.calibrated(0.5) <= 1.0


def test_reader_setting_is_checked(monkeypatch):
    from seismo.errors import ConfigError
    monkeypatch.setenv("SEISMO_EVENT_READER", "oracle")
    with pytest.raises(ConfigError):
        reader_setting()
    monkeypatch.setenv("SEISMO_EVENT_READER", "rules")
    assert LearnedReading().model is None


@pytest.mark.slow
def test_train_rebuilds_a_model_on_a_small_slice(tmp_path):
    from seismo.train.model import train
    card = train(tmp_path, limit=60)
    assert (tmp_path / "weights.npz").exists() and card["documents"]["train"] > 0
    model = learned.EventModel(tmp_path)
    assert model.labels["plover"][0] in taxonomy.plover_types() + (learned.NONE,)


def test_label_reader_reads_only_acled_trigger_words_by_default():
    """The default reader may add ACLED events only: it reads the lexicon's triggers and the words
    the corpus gave an ACLED sub-type (not "meet" or "say"), so its cost stays small."""
    reading = LearnedReading("label")
    words = reading.vocabulary()
    assert reading.model is not None and words == reading.model.acled_vocabulary
    assert {"shell", "airstrike", "abduct"} <= words and not {"meet", "say", "urge"} & words
    assert not LearnedReading("label", thresholds=Thresholds(label_add=1.01)).vocabulary()


def test_label_reader_reading_fewer_tokens_changes_none(nlp):
    """A token's reading depends on its sentence only: reading a subset gives the same numbers."""
    model = LearnedReading("label").model
    sent = next(nlp("Militiamen torched houses and shelled the camp, and officials met in Goma.").sents)
    every = model.read(sent)
    some = model.read(sent, [t for t in sent if t.i in list(every)[:1]])
    assert some and all(some[i].plover == every[i].plover and some[i].acled == every[i].acled
                        and abs(some[i].p_event - every[i].p_event) < 1e-5 for i in some)   # BLAS rounding


def test_feature_map_knows_the_acled_distinctions(nlp):
    """The word classes ACLED's sub-types turn on reach the features of the trigger."""
    sent = next(nlp("A drone strike killed 12 civilians at a market on Sunday.").sents)
    kill = next(t for t in sent if t.lemma_ == "kill")
    words = learned.token_features_plus(kill, sent) + learned.sentence_features(sent)
    assert "pat=civ" in words and "sc=air" in words
