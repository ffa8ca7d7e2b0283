"""Countries from nowhere: events whose actor country has no support in their document.

An actor's country is supported when the document names it (a name, alias, demonym or capital
of it, in the country table or the gazetteer's demonyms), names a place in it (the geoparser's
toponyms), or when the actor itself is a knowledge-base entry of that country linked by its own
words ("Hamas", "President Obama"). Anything else was invented: a country from another document,
a default, a same-name place abroad that the text never mentions. Used by the held-out news
test and by `seismo bench quality`.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_OWN_WORDS = frozenset({"alias"})   # evidence link of an actor the KB knows by these words
MAX_NGRAM = 4


def supported_countries(text: str, sdoc=None) -> set[str]:
    """ISO3 codes the text gives evidence for (see the module docstring)."""
    from seismo.resolve.gazetteer import get_gazetteer
    from seismo.resolve.kb import get_kb
    countries, gaz = get_kb().countries, get_gazetteer()
    words = _WORD.findall(text)
    found: set[str] = set()
    for n in range(1, MAX_NGRAM + 1):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i:i + n]).strip(".-'’")
            hit = countries.country(phrase) or countries.demonym(phrase) or countries.capital(phrase)
            if hit is None:
                rid = gaz.demonym_country(phrase)
                hit = gaz.place(rid).country if rid is not None else None
            if hit:
                found.add(hit)
    if sdoc is not None:
        from seismo.resolve.geoparse import Geoparser
        found |= {t.place.country for t in Geoparser().parse(sdoc) if t.place is not None}
    return found


def unsupported_actor_countries(items: list[dict], events_path: str | Path, nlp,
                                slots: tuple[str, ...] = ("actor1",)) -> list[dict]:
    """The predicted events (a `predict` JSONL file) whose actor country the document does not
    support, each as {doc_id, slot, actor, country}; `items` are the gold documents (id, text)."""
    texts: dict[str, str] = {}
    for g in items:   # a gold file may hold two documents under one id: either may be the source
        texts[str(g["id"])] = texts.get(str(g["id"]), "") + "\n\n" + g["text"]
    support: dict[str, set[str]] = {}
    unsupported = []
    for line in Path(events_path).read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        doc_id = event["doc_id"]
        for slot in slots:
            actor = event.get(slot) or {}
            country = actor.get("country")
            link = (event.get("evidence") or {}).get("fields", {}).get(f"{slot}_link")
            if not country or link in _OWN_WORDS or actor.get("kb_id"):
                continue
            if doc_id not in support:
                support[doc_id] = supported_countries(texts[doc_id], nlp(texts[doc_id]))
            if country not in support[doc_id]:
                unsupported.append({"doc_id": doc_id, "slot": slot, "actor": actor.get("text"),
                                    "country": country})
    return unsupported
