"""Per-document time budget and long-text parsing: hostile input never stops or hangs a batch."""
from __future__ import annotations

import re
import threading
import time

import pytest
from hypothesis import given, settings, strategies as st

from seismo.budget import check_budget, time_budget
from seismo.errors import ConfigError, TimeBudgetExceeded
from seismo.nlp import parse_texts, split_text
from seismo.records import Document, OffsetMap, Rejection


def _doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, source="test", raw=text, clean_text=text, published="2024-05-20",
                    offsets=OffsetMap.identity(len(text)))


def test_cooperative_check_raises_after_the_deadline_in_a_worker_thread():
    outcome = {}

    def work():
        try:
            with time_budget(0.2, "coding"):
                while True:
                    check_budget()
        except TimeBudgetExceeded as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=work)
    started = time.monotonic()
    worker.start()
    worker.join(5)
    assert not worker.is_alive()
    assert outcome["error"].code == "E301" and "coding" in outcome["error"].message
    assert time.monotonic() - started < 2


def test_main_thread_budget_interrupts_code_that_never_checks():
    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded):
        with time_budget(0.3, "cleaning"):
            while True:
                pass
    assert time.monotonic() - started < 2


def test_main_thread_budget_interrupts_catastrophic_regex_backtracking():
    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded):
        with time_budget(0.3, "cleaning"):
            re.match(r"(a+)+$", "a" * 40 + "b")   # exponential: hours without the budget
    assert time.monotonic() - started < 2


def test_budget_leaves_nothing_behind():
    with time_budget(0.5, "coding"):
        pass
    time.sleep(0.7)          # a late alarm would raise here
    check_budget()           # no budget running: a no-op
    with time_budget(0, "coding"):   # 0: unbounded
        time.sleep(0.05)


def test_inner_budget_keeps_the_outer_deadline():
    with pytest.raises(TimeBudgetExceeded) as info:
        with time_budget(0.2, "outer"):
            with time_budget(30, "inner"):
                while True:
                    check_budget()
    assert "outer" in info.value.message


def test_budget_setting_must_be_a_number(monkeypatch):
    from seismo.config import doc_budget_seconds
    monkeypatch.setenv("SEISMO_DOC_BUDGET_S", "soon")
    with pytest.raises(ConfigError):
        doc_budget_seconds()
    monkeypatch.setenv("SEISMO_DOC_BUDGET_S", "2.5")
    assert doc_budget_seconds() == 2.5


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(1, 60))
def test_split_text_pieces_rebuild_the_text_within_the_limit(text, max_chars):
    pieces = split_text(text, max_chars)
    assert "".join(pieces) == text
    assert all(len(p) <= max_chars for p in pieces)
    assert all(pieces[:-1])


def test_long_text_is_parsed_in_pieces_into_one_doc(nlp, seeds_dir):
    text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    whole = nlp(text)
    [joined] = parse_texts(nlp, [text], max_chars=2000)
    assert joined.text == text
    assert len(list(joined.sents)) == len(list(whole.sents))
    assert [e.text for e in joined.ents] == [e.text for e in whole.ents]


def test_text_over_spacy_max_length_does_not_stop_the_batch(pipeline, seeds_dir, monkeypatch):
    # Before pieces, a text over nlp.max_length raised E088 inside nlp.pipe and ended the batch.
    long_text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    short_text = next(seeds_dir.glob("003_*.txt")).read_text(encoding="utf-8")
    monkeypatch.setattr(pipeline.nlp, "max_length", 5000)
    monkeypatch.setattr("seismo.config.PARSE_CHUNK_CHARS", 4000)
    results = dict((d.id, r) for d, r in pipeline.extract([_doc("long", long_text),
                                                           _doc("short", short_text)]))
    assert len(long_text) > 5000 and isinstance(results["long"], list) and results["long"]
    for event in results["long"]:
        ev = event.evidence
        assert long_text[ev.trigger_start:ev.trigger_end] == ev.trigger_text
        assert long_text[ev.start:ev.end] == ev.sentence
    assert isinstance(results["short"], list) and results["short"]


class _SlowCoder:
    """A coder that never finishes on documents whose text says so (cooperative checks only)."""

    def code(self, doc, sdoc):
        while "forever" in doc.clean_text:
            check_budget()
        return []


def test_document_past_its_budget_is_rejected_and_the_batch_goes_on(nlp):
    from seismo.pipeline import Pipeline
    pipe = Pipeline(nlp=nlp, coder=_SlowCoder(), budget_seconds=0.3)
    results = list(pipe.extract([_doc("a", "Rebels attacked the town."),
                                 _doc("b", "This one takes forever."),
                                 _doc("c", "Police arrested two men.")]))
    by_id = {d.id: r for d, r in results}
    assert by_id["a"] == [] and by_id["c"] == []
    assert isinstance(by_id["b"], Rejection) and by_id["b"].code == "E301"
    assert by_id["b"].stage == "extract"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")   # see _on_alarm
def test_ingest_keeps_going_when_cleaning_runs_past_its_budget(tmp_path, monkeypatch):
    import seismo.clean as clean
    from seismo.ingest import ingest_paths
    from seismo.store import open_store
    real_clean = clean.clean_document

    def stuck_on_one(doc):
        while "stuck" in doc.raw:
            pass                       # never checks: only the alarm can stop it
        return real_clean(doc)

    monkeypatch.setattr(clean, "clean_document", stuck_on_one)
    monkeypatch.setenv("SEISMO_DOC_BUDGET_S", "0.3")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Rebels attacked the town of Walikale on Sunday.\n")
    (tmp_path / "in" / "b.txt").write_text("This page is stuck in a loop.\n")
    with open_store(str(tmp_path / "t.duckdb")) as store:
        summary = ingest_paths(store, [str(tmp_path / "in")])
        rejections = store.rejections()
    assert summary.stored == 1 and summary.rejected == 1
    assert [(r.doc_id, r.stage, r.code) for r in rejections] == [("b", "clean", "E301")]
    assert rejections[0].raw == "This page is stuck in a loop.\n"   # the whole raw document is kept
