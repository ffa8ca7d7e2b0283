"""A keyword baseline, the yardstick the event coder must clear by far (issue: "a keyword
baseline reaches strict F1 ~ 0.1 on held-out news").

GDELT-style dictionary coding without reading the parse: every word whose lemma is a trigger in
Seismo's own lexicon (src/seismo/data/lexicons/triggers.yaml, verbs and nouns, first type listed)
is an event of that type; actor1 is the sentence's first person/organisation/group entity, the
location its first place entity, the country the country that place names (pycountry), the date
the document's publication date. No senses, no factuality, no background detection, no numbers.
Run on the stock model (no domain entity rules), so the comparison is parse-aware coding plus
resolution against keywords on the same lexicon.
"""
from __future__ import annotations

import json
from pathlib import Path

from seismo.records import Document

ACTOR_LABELS = {"PERSON", "ORG", "NORP"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _country(name: str) -> str | None:
    import pycountry
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def keyword_events(doc: Document, sdoc, lexicon) -> list[dict]:
    """One event per trigger word, in the shared scorer's prediction shape."""
    events = []
    for sent in sdoc.sents:
        actors = [e for e in sent.ents if e.label_ in ACTOR_LABELS]
        places = [e for e in sent.ents if e.label_ in PLACE_LABELS]
        for tok in sent:
            lemma = tok.lemma_.lower()
            spec = (lexicon.verbs.get(lemma) if tok.pos_ == "VERB" else
                    lexicon.nouns.get(lemma) if tok.pos_ == "NOUN" else None)
            if spec is None:
                continue
            place = places[0].text if places else None
            events.append({
                "doc_id": doc.id, "event_id": f"{doc.id}-kw{len(events)}", "type": spec.type,
                "actor1": {"text": actors[0].text, "name": actors[0].text, "country": None} if actors else None,
                "actor2": None,
                "location": {"text": place, "name": place, "country": _country(place)} if place else None,
                "date": {"value": doc.published} if doc.published else None,
                "fatalities": None, "historical": False,
                "evidence": {"sentence": sent.text, "trigger": {"text": tok.text}},
            })
    return events


def predict_keywords(docs: list[Document], out_path: str | Path) -> int:
    """Write the baseline's events for `docs` to a JSONL file; returns how many."""
    from seismo.extract.triggers import load_lexicon
    from seismo.nlp import bare_nlp
    nlp, lexicon, n = bare_nlp(), load_lexicon(), 0
    with open(out_path, "w", encoding="utf-8") as out:
        for doc, sdoc in zip(docs, nlp.pipe(d.clean_text for d in docs)):
            for event in keyword_events(doc, sdoc, lexicon):
                out.write(json.dumps(event, ensure_ascii=False) + "\n")
                n += 1
    return n
