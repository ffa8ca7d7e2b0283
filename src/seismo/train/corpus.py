"""The project's annotated event corpus (corpus/events/*.jsonl): loading, checking, splitting.

Format and labels: docs/annotation.md. Annotators give triggers as words (with an occurrence
number when a word repeats), not character offsets; `load_corpus` turns them into offsets and
`check` reports every problem with file, line and document, so a slice can be fixed by hand.

    python -m seismo.train.corpus check [FILE...]     # validate and count
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from seismo import taxonomy

CORPUS_DIR = Path(__file__).resolve().parents[3] / "corpus" / "events"
STATUSES = ("current", "background", "generic", "hypothetical", "negated")
FACTUALITIES = ("asserted", "reported", "claimed", "alleged", "attempted", "foiled", "denied")
NEGATIVE_REASONS = ("disaster", "accident", "crime", "sports", "business", "figurative", "statistic",
                    "habitual", "hypothetical", "quote-only", "not-event")
SPLITS = (("train", 80), ("dev", 10), ("test", 10))


@dataclass(slots=True)
class Mention:
    """One annotated event mention (or hard negative: plover None) with character offsets."""
    start: int
    end: int
    trigger: str
    plover: str | None
    mode: str | None = None
    acled: tuple[str, str] | None = None
    status: str | None = None
    reportable: bool = False
    factuality: str | None = None
    event: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    place: str | None = None
    fatalities: int | None = None
    reason: str | None = None   # hard negatives only


@dataclass(slots=True)
class CorpusDoc:
    doc_id: str
    text: str
    register: str
    region: str | None
    published: str | None
    mentions: list[Mention] = field(default_factory=list)
    source_file: str = ""

    @property
    def split(self) -> str:
        return split_of(self.doc_id)


def split_of(doc_id: str) -> str:
    """train/dev/test by a hash of the document id: fixed before training, stable as files grow."""
    bucket = int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) % 100
    edge = 0
    for name, share in SPLITS:
        edge += share
        if bucket < edge:
            return name
    return SPLITS[-1][0]


def find_word(text: str, word: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the n-th whole-word, case-sensitive occurrence of `word` in `text`."""
    pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")
    for i, m in enumerate(pattern.finditer(text), start=1):
        if i == occurrence:
            return m.start(), m.end()
    return None


def _count_word(text: str, word: str) -> int:
    return len(re.findall(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text))


class CorpusError(ValueError):
    pass


def _mention(text: str, item: dict, negative: bool) -> Mention:
    word = item.get("trigger")
    if not isinstance(word, str) or not word.strip():
        raise CorpusError("trigger missing")
    occ = item.get("occurrence")
    if occ is None and _count_word(text, word) > 1:
        raise CorpusError(f"trigger {word!r} occurs {_count_word(text, word)} times: give occurrence")
    span = find_word(text, word, int(occ or 1))
    if span is None:
        raise CorpusError(f"trigger {word!r} (occurrence {occ or 1}) not in text")
    if negative:
        reason = item.get("reason")
        if reason not in NEGATIVE_REASONS:
            raise CorpusError(f"negative reason {reason!r} unknown")
        return Mention(span[0], span[1], word, None, reason=reason)
    return _event_mention(text, item, word, span)


def _event_mention(text: str, item: dict, word: str, span: tuple[int, int]) -> Mention:
    plover = item.get("plover")
    if plover not in taxonomy.plover_types():
        raise CorpusError(f"plover type {plover!r} unknown")
    mode = item.get("mode") or None
    if mode is not None and mode not in taxonomy.all_plover_modes():
        raise CorpusError(f"mode {mode!r} is not a PLOVER mode")
    etype, sub = item.get("acled_event_type"), item.get("acled_sub_event_type")
    acled = None
    if etype or sub:
        if taxonomy.acled_event_type_of(sub) != etype:
            raise CorpusError(f"ACLED pair ({etype!r}, {sub!r}) invalid")
        acled = (etype, sub)
    status = item.get("status")
    if status not in STATUSES:
        raise CorpusError(f"status {status!r} unknown")
    factuality = item.get("factuality") or "asserted"
    if factuality not in FACTUALITIES:
        raise CorpusError(f"factuality {factuality!r} unknown")
    for role in ("actor1", "actor2", "place"):
        words = item.get(role)
        if words is not None and (not isinstance(words, str) or words not in text):
            raise CorpusError(f"{role} {words!r} not in text")
    deaths = item.get("fatalities")
    if deaths is not None and (not isinstance(deaths, int) or deaths < 0):
        raise CorpusError(f"fatalities {deaths!r} not a count")
    return Mention(span[0], span[1], word, plover, mode, acled, status, status == "current",
                   factuality, item.get("event"), item.get("actor1"), item.get("actor2"),
                   item.get("place"), deaths)


def parse_doc(obj: dict, source_file: str = "") -> CorpusDoc:
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError("text missing")
    doc = CorpusDoc(str(obj.get("doc_id") or ""), text, obj.get("register") or "",
                    obj.get("region"), obj.get("published"), source_file=source_file)
    if not doc.doc_id:
        raise CorpusError("doc_id missing")
    seen: dict[tuple[int, int], str] = {}
    for negative, key in ((False, "events"), (True, "negatives")):
        for item in obj.get(key) or []:
            m = _mention(text, item, negative)
            if (m.start, m.end) in seen:
                raise CorpusError(f"trigger {m.trigger!r} at {m.start} annotated twice")
            seen[(m.start, m.end)] = key
            doc.mentions.append(m)
    doc.mentions.sort(key=lambda m: m.start)
    return doc


def corpus_files(paths: list[str] | None = None) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    return sorted(CORPUS_DIR.glob("*.jsonl"))


def read_corpus(paths: list[str] | None = None) -> tuple[list[CorpusDoc], list[str]]:
    """All documents that parse, and one message per problem (file:line doc_id: what)."""
    docs, problems, ids = [], [], set()
    for path in corpus_files(paths):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where, obj = f"{path.name}:{lineno}", None
            try:
                obj = json.loads(line)
                doc = parse_doc(obj, path.name)
            except (json.JSONDecodeError, CorpusError, TypeError, ValueError) as exc:
                ident = obj.get("doc_id") if isinstance(obj, dict) else "?"
                problems.append(f"{where} {ident}: {exc}")
                continue
            if doc.doc_id in ids:
                problems.append(f"{where} {doc.doc_id}: duplicate doc_id")
                continue
            ids.add(doc.doc_id)
            docs.append(doc)
    return docs, problems


def counts(docs: list[CorpusDoc]) -> dict[str, collections.Counter]:
    out = {k: collections.Counter() for k in ("plover", "acled", "negative", "status", "split", "register")}
    for doc in docs:
        out["split"][doc.split] += 1
        out["register"][doc.register] += 1
        for m in doc.mentions:
            if m.plover is None:
                out["negative"][m.reason] += 1
                continue
            out["plover"][m.plover] += 1
            out["status"][m.status] += 1
            if m.acled:
                out["acled"][m.acled[1]] += 1
    return out


def _report(docs: list[CorpusDoc], problems: list[str]) -> str:
    c = counts(docs)
    events = sum(c["plover"].values())
    non_current = sum(v for k, v in c["status"].items() if k != "current")
    lines = [f"documents {len(docs)}; event mentions {events}; hard negatives "
             f"{sum(c['negative'].values())} (+ {non_current} non-reportable mentions)"]
    for key in ("split", "register", "status", "negative"):
        lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in c[key].most_common()))
    lines.append("PLOVER: " + ", ".join(f"{t} {c['plover'][t]}" for t in taxonomy.plover_types()))
    lines.append("ACLED: " + ", ".join(f"{s} {c['acled'][s]}" for s in taxonomy.acled_sub_event_types()))
    lines += [f"PROBLEM {p}" for p in problems]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m seismo.train.corpus")
    ap.add_argument("command", choices=["check"])
    ap.add_argument("files", nargs="*")
    args = ap.parse_args(argv)
    docs, problems = read_corpus(args.files)
    print(_report(docs, problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
