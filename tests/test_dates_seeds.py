"""Dates and fatalities on the seed articles' gold events, read at the gold trigger word.

For each required gold event with a date (or a fatality count), the trigger is the first
occurrence of the gold trigger's first word in the sentence that best matches the event's
actors and place; `date_for` / `quantities_for` run on that token. This measures the date and
number resolvers alone, without the event coder.
"""
from __future__ import annotations

import json
import re

import pytest

from seismo.extract.dates import document_dates
from seismo.ingest.pubdate import publication_date_from_text as find_publication_date
from seismo.extract.quantities import casualties, quantities_for


def _words(text: str | None) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text or "")}


def _trigger_token(sdoc, event: dict):
    first = re.findall(r"\w+", event["trigger"])[0].lower()
    hints = _words(event.get("actor1")) | _words(event.get("actor2")) | _words(event.get("location"))
    best = None
    for sent in sdoc.sents:
        hits = [t for t in sent if t.lower_ == first]
        if hits:
            score = len(hints & {t.lower_ for t in sent})
            if best is None or score > best[0]:
                best = (score, hits[0])
    return best[1] if best else None


def seed_scores(nlp, gold_path) -> dict[str, tuple[int, int]]:
    counts = {"date": [0, 0], "fatalities": [0, 0]}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        sdoc = nlp(doc["text"])
        dates = document_dates(sdoc, doc.get("reference_date") or find_publication_date(doc["text"]))
        for event in doc["events"]:
            if event.get("optional") or event.get("background"):
                continue
            tok = _trigger_token(sdoc, event)
            if event.get("date"):
                ref = dates.date_for(tok) if tok is not None else None
                counts["date"][0] += bool(ref and ref.value and ref.value.startswith(event["date"]))
                counts["date"][1] += 1
            if event.get("fatalities") is not None:
                got = casualties(quantities_for(tok))[0] if tok is not None else None
                counts["fatalities"][0] += got == event["fatalities"]
                counts["fatalities"][1] += 1
    return {k: tuple(v) for k, v in counts.items()}


def test_seed_gold_dates(nlp, shared_dir):
    scores = seed_scores(nlp, shared_dir / "bench" / "seeds_gold.jsonl")
    ok, n = scores["date"]
    print("seed dates", scores)
    assert n >= 10 and ok / n >= 0.9
    # The 'attacked' event's dead are counted in the next sentence ('killing two of ... guards');
    # joining the two mentions is the event coder's work, so one of the two is enough here.
    assert scores["fatalities"][0] >= 1


def test_seed_001_byline_is_the_publication_date(seeds_dir):
    text = next(seeds_dir.glob("001_*.txt")).read_text(encoding="utf-8")
    assert find_publication_date(text) == "2020-09-06"
