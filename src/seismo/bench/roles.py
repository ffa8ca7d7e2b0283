"""Who did it to whom, scored on the project's own corpus (corpus/events/, docs/annotation.md).

    python -m seismo.bench.roles [train|dev|test|all]

For every current, reportable annotated mention whose trigger the event coder also codes (the
predicted event whose trigger span overlaps the mention), the predicted actor1/actor2 is right when
its words (text or name) cover at least half of the annotated phrase's content words (the shared
scorer's rule). Mentions the coder does not code are counted apart: event detection is the
learned reader's and the lexicon's business, roles are the parse rules' (extract.arguments,
extract.roles, extract.attribution). The learned event reader has no role head; these figures are
what rules give on the same annotations (docs/actors.md).
"""
from __future__ import annotations

import re
import sys
import unicodedata

# The shared scorer's words (../shared/bench/score.py, restated so the corpus bench runs without it):
# accents folded, punctuation dropped, function words and generic heads ("forces", "group") ignored.
_STOP = frozenset({"the", "of", "a", "an", "and", "in", "de", "du", "la", "le", "forces", "force", "government",
                   "group", "members", "member", "s", "republic", "democratic"})


_ARTICLES = frozenset({"the", "a", "an", "of"})


def _words(text: str | None, stop: frozenset = _STOP) -> set[str]:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return {w for w in re.findall(r"[a-z0-9]+", folded) if w not in stop}


def covers(gold: str | None, ref) -> bool:
    """The predicted actor's words (text or name) hold at least half of the gold phrase's words."""
    want, stop = _words(gold), _STOP
    if not want:   # "The government", "the group": only generic words, which the shared scorer can
        want, stop = _words(gold, _ARTICLES), _ARTICLES   # never match; here they are the words
    if not want or ref is None:
        return False
    return any(len(want & got) / len(want) >= 0.5 for got in (_words(ref.text, stop), _words(ref.name, stop))
               if got)


def run_roles(split: str = "dev", coder=None, nlp=None, errors: list | None = None) -> dict:
    """Actor accuracy on one split; `errors`, when given, receives one dict per wrong actor
    (document, trigger, slot, gold phrase, predicted words, the path that found them)."""
    from seismo.extract.events import EventCoder
    from seismo.nlp import get_nlp
    from seismo.records import Document, OffsetMap
    from seismo.train.corpus import read_corpus
    nlp, coder = nlp or get_nlp(), coder or EventCoder()
    docs, _problems = read_corpus()
    right = {"actor1": 0, "actor2": 0}
    total = {"actor1": 0, "actor2": 0}
    mentions = coded = 0
    for doc in docs:
        if split != "all" and doc.split != split:
            continue
        record = Document(id=doc.doc_id, source="corpus", raw=doc.text, clean_text=doc.text,
                          published=doc.published, offsets=OffsetMap.identity(len(doc.text)))
        events = coder.code(record, nlp(doc.text))
        for m in doc.mentions:
            if m.plover is None or m.status != "current" or not m.reportable:
                continue
            mentions += 1
            ev = next((e for e in events if e.evidence.trigger_start < m.end and m.start < e.evidence.trigger_end), None)
            if ev is None:
                continue
            coded += 1
            for slot in ("actor1", "actor2"):
                if getattr(m, slot):
                    total[slot] += 1
                    ok = covers(getattr(m, slot), getattr(ev, slot))
                    right[slot] += ok
                    if not ok and errors is not None:
                        errors.append(_error(doc, m, ev, slot))
    return {"split": split, "mentions": mentions, "coded": coded,
            **{slot: {"accuracy": round(right[slot] / total[slot], 4) if total[slot] else None, "n": total[slot]}
               for slot in total}}


def _error(doc, m, ev, slot: str) -> dict:
    ref = getattr(ev, slot)
    return {"doc": doc.doc_id, "trigger": doc.text[m.start:m.end], "slot": slot, "gold": getattr(m, slot),
            "got": None if ref is None else (ref.text or ref.name), "path": ev.evidence.fields.get(slot),
            "type": ev.type, "sentence": ev.evidence.sentence}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    errors: list | None = [] if "--errors" in argv else None
    argv = [a for a in argv if a != "--errors"]
    res = run_roles(argv[0] if argv else "dev", errors=errors)
    for e in errors or []:
        print(f"{e['doc']} {e['slot']} [{e['trigger']}/{e['type']}] gold={e['gold']!r} got={e['got']!r} "
              f"via {e['path']}\n    {e['sentence']}")
    print(f"corpus {res['split']}: {res['coded']}/{res['mentions']} mentions coded; "
          f"actor1 {res['actor1']['accuracy']} (n={res['actor1']['n']}), "
          f"actor2 {res['actor2']['accuracy']} (n={res['actor2']['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
