"""PLOVER bookkeeping for a coded event: type recoding, contexts, ACLED labels, confidence,
and which sentences are boilerplate (tag lists, headlines, bylines) rather than news prose.

Data: the event-type registry (seismo.taxonomy) and the context cues in data/lexicons/plover.yaml.
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from seismo import taxonomy
from seismo.config import PACKAGE_DATA
from seismo.yamlio import load_yaml

PLOVER_PATH = PACKAGE_DATA / "lexicons" / "plover.yaml"
_TERMINAL = ("." , "!", "?", '"', "”", "’", "'", ":", ";", ")")


@dataclass(slots=True)
class PloverTables:
    types: dict
    mode_contexts: dict
    acled: dict
    future_recode: dict
    context_cues: dict[str, frozenset]

    def type_contexts(self, typ: str) -> list[str]:
        return list((self.types.get(typ) or {}).get("contexts") or ())


@functools.lru_cache(maxsize=2)
def load_plover(path: str | None = None) -> PloverTables:
    with open(path or PLOVER_PATH, encoding="utf-8") as f:
        d = load_yaml(f)
    cues = {ctx: frozenset(words) for ctx, words in (d.get("context_cues") or {}).items()}
    reg = taxonomy.registry()
    return PloverTables(reg["types"], reg.get("mode_contexts") or {}, reg.get("acled") or {},
                        reg.get("future_recode") or {}, cues)


def recode_future(tables: PloverTables, typ: str, factuality: str) -> str:
    """Codebook: promised cooperation is AGREE, announced future retreat is CONCEDE."""
    if factuality in ("planned", "proposed"):
        return tables.future_recode.get(typ, typ)
    return typ


def acled_labels(tables: PloverTables, typ: str, mode: str | None, trigger_lemma: str
                 ) -> tuple[str | None, str | None]:
    table = tables.acled.get(typ)
    if not table:
        return None, None
    for key in (mode, trigger_lemma, "*"):
        if key and key in table:
            return tuple(table[key])  # type: ignore[return-value]
    return None, None


def contexts_for(tables: PloverTables, typ: str, mode: str | None, spec_contexts, sent_lemmas: set,
                 has_minerals: bool) -> list[str]:
    out = tables.type_contexts(typ) + list(tables.mode_contexts.get(mode, ()) if mode else ())
    out += list(spec_contexts)
    for ctx, words in tables.context_cues.items():
        if words & sent_lemmas:
            out.append(ctx)
    if has_minerals:
        out.append("natural_resource")
    return list(dict.fromkeys(out))


def confidence(*, has_actor1: bool, has_actor2: bool, verbal: bool, factuality: str,
               actor1_source: str | None, has_location: bool) -> float:
    """A simple, explainable score: start at 0.5, add for complete arguments and a verbal
    trigger, subtract for uncertain factuality or inherited arguments."""
    score = 0.5
    score += 0.15 if has_actor1 else -0.1
    score += 0.1 if has_actor2 else 0.0
    score += 0.1 if verbal else 0.0
    score += 0.05 if has_location else 0.0
    if factuality in ("hypothetical", "negated", "denied", "alleged", "planned", "proposed"):
        score -= 0.15
    if actor1_source and actor1_source not in ("nsubj", "by-agent", "poss"):
        score -= 0.05
    return max(0.05, min(0.95, score))


def event_id(doc_id: str, trigger_start: int, typ: str) -> str:
    return hashlib.sha1(f"{doc_id}\x1f{trigger_start}\x1f{typ}".encode()).hexdigest()[:16]


_TAGLIST = re.compile(r"^[A-Z0-9 ,/&.'\-]+$")


def is_boilerplate(text: str) -> bool:
    """Tag lists, shouting headlines, title-case headlines and short caption fragments."""
    t = text.strip()
    if len(t) < 12:
        return True
    letters = [c for c in t if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        return True
    if t.count(",") >= 4 and _TAGLIST.match(t.replace("\n", " ")):
        return True
    if not t.endswith(_TERMINAL):
        words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", t)]
        if not words:
            return True
        caps = sum(w[0].isupper() for w in words if len(w) > 3) / max(1, sum(len(w) > 3 for w in words))
        if caps >= 0.6 or len(words) < 8:
            return True   # a headline or caption line: its news is in the body
    return False
