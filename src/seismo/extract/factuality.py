"""Factuality and historicity of an event mention, from the parse around its trigger.

Factuality (Event.factuality): negated (not/never/no), denied (under "deny that"), foiled
(foiled/thwarted/crushed coup), attempted (attempted/failed coup, "a coup attempt", "the attack
failed", "tried to"), hypothetical
(would/could/may, "if"), planned (will, "plans to"), alleged (alleged, reportedly), reported /
claimed (complement of a reporting verb, or "according to"; the speaker goes to claimed_by),
else asserted.
Historical background: the event's date, or a year in the event's own clause, lies more than a
year before the document's anchor year; or a background cue ("at that time", "under former
President...", narrative past perfect).
"""
from __future__ import annotations

import calendar
import datetime as dt

import re
from dataclasses import dataclass

from seismo.doctext import span_ents

_NEG = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
_HYPO_AUX = frozenset({"would", "could", "may", "might", "should", "can", "must"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll"})
_COND_MARK = frozenset({"if", "unless", "whether"})
_ATTEMPT_ADJ = {"attempted": "attempted", "failed": "attempted", "abortive": "attempted",
                "botched": "attempted", "aborted": "attempted", "foiled": "foiled",
                "thwarted": "foiled", "planned": "planned", "possible": "hypothetical",
                "potential": "hypothetical", "proposed": "proposed", "alleged": "alleged",
                "suspected": "alleged", "purported": "alleged"}
_ATTEMPT_NOUNS = {"effort": "attempted", "attempt": "attempted", "bid": "attempted",
                  "drive": "attempted", "push": "attempted", "campaign": "attempted",
                  "plan": "planned", "plot": "planned", "scheme": "planned", "threat": "planned"}
_ALLEGE_ADV = frozenset({"allegedly", "reportedly", "purportedly", "apparently", "supposedly"})
_CLAUSE_LINKS = ("ccomp", "xcomp", "parataxis", "conj", "advcl", "dobj", "pobj", "prep", "acl",
                 "relcl", "pcomp", "attr", "nsubj", "nsubjpass")
_HIST_CUES = re.compile(r"\b(at that time|at the time|back then|in the past|decades? ago|"
                        r"years ago|under (the )?former|in the (19|20)\d0s)\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# Adjectives whose to-clause states a disposition or likelihood, not an event: "not afraid to
# fight one", "likely to attack", "eager to talk" ("ready/willing to" are triggers of their own).
_DISPOSITION_ADJ = frozenset({"afraid", "eager", "keen", "able", "unable", "likely", "unlikely",
                              "free", "anxious", "determined", "happy", "glad", "quick", "slow",
                              "due", "set", "poised", "bound", "sure", "certain", "loath", "wary"})


@dataclass(slots=True)
class Factuality:
    value: str = "asserted"
    claimed_by: object = None     # spaCy token of the speaker, when reported/claimed/alleged
    cue: str | None = None        # the word that decided it


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _negated(tok) -> str | None:
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
            return c.lower_
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ == "without":
        return "without"   # "without Israel halting settlement activity": not halted
    return None


def _aux_value(tok) -> tuple[str, str] | None:
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass"):
            low = c.lower_
            if low in _HYPO_AUX:
                return "hypothetical", low
            if low in _FUTURE_AUX:
                return "planned", low
        if c.dep_ == "mark" and c.lower_ in _COND_MARK:
            return "hypothetical", c.lower_
    return None


def _clause_chain(tok, limit: int = 6):
    """The trigger and the verbs/nouns above it, stopping at the sentence root, and at a finite
    relative clause: "Russia would retaliate against countries that expelled its diplomats"
    asserts the expulsions in their own past tense; the main clause's "would" is not theirs."""
    cur, n = tok, 0
    while n < limit:
        yield cur
        if cur.head.i == cur.i or cur.dep_ not in _CLAUSE_LINKS:
            return
        if cur.dep_ == "relcl" and cur.tag_ in _FINITE_TAGS:
            return
        cur, n = cur.head, n + 1


def _speaker(verb):
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    return None


def assess(trigger, lex, noun: bool = False) -> Factuality:
    """Factuality of the event whose head word is `trigger` (lex: the trigger Lexicon)."""
    forced = _own_marker(trigger, lex, noun)
    claimed = None
    value: tuple[str, str] | None = None
    below = None
    for i, node in enumerate(_clause_chain(trigger)):
        below, child = node, below
        if i > 0 and node.pos_ in ("VERB", "AUX"):
            lem = _lemma(node)
            if child is not None and child.dep_ == "nsubj" and value is None:
                # the event is the subject: "the coup attempt failed" was attempted; "the attack
                # continued" says nothing ("failed to attack", a complement, is negated below)
                if lem in lex.failed_subject_verbs:
                    value = ("attempted", node.lower_)
                continue
            if lem in lex.reporting:
                claimed = claimed or Factuality("claimed" if lem == "claim" else "reported",
                                                _speaker(node), node.lower_)
                if lem == "allege":
                    claimed.value = "alleged"
                continue
            if lem == "deny":
                return Factuality("denied", _speaker(node), node.lower_)
            if lem in lex.modal_verbs and value is None:
                mv = lex.modal_verbs[lem]
                if mv != "asserted":
                    value = (mv, node.lower_)
            if value is None and _negated(node):
                return Factuality("negated", cue=_negated(node))
        if value is None and (i == 0 or node.pos_ in ("VERB", "AUX")):
            value = _aux_value(node)
        for c in node.children:
            if c.dep_ == "advmod" and c.lower_ in _ALLEGE_ADV and value is None:
                value = ("alleged", c.lower_)
            if c.dep_ in ("parataxis", "advcl", "ccomp") and _lemma(c) in lex.reporting and not claimed:
                claimed = Factuality("reported", _speaker(c), c.lower_)
            if c.dep_ == "prep" and c.lower_ == "according" and not claimed:
                pobj = next((g for cc in c.children for g in ([cc] if cc.dep_ == "pobj" else cc.children)
                             if g.dep_ == "pobj"), None)
                claimed = Factuality("reported", pobj, "according to")
    if value == ("hypothetical", "would") and claimed is not None:
        value = ("planned", "would")   # reported future: "said they would boycott" (will -> would)
    value = forced or value
    if value is not None:
        return Factuality(value[0], claimed.claimed_by if claimed else None, value[1])
    return claimed or Factuality()


def _own_marker(trigger, lex, noun: bool) -> tuple[str, str] | None:
    """Factuality marked on the trigger itself: negation, "attempted coup", "foiled a coup"."""
    neg = _negated(trigger)
    if neg:
        return "negated", neg
    head = trigger.head
    if trigger.dep_ == "xcomp" and head.pos_ == "ADJ" and _lemma(head) in _DISPOSITION_ADJ:
        return "hypothetical", trigger.head.lower_
    if trigger.dep_ in ("acl", "xcomp") and trigger.head.pos_ == "NOUN" \
            and _lemma(trigger.head) in _ATTEMPT_NOUNS:   # "their effort to overthrow the government"
        return _ATTEMPT_NOUNS[_lemma(trigger.head)], trigger.head.lower_
    if noun:
        for c in trigger.children:
            if c.dep_ in ("amod", "compound", "acl") and c.lower_ in _ATTEMPT_ADJ:
                return _ATTEMPT_ADJ[c.lower_], c.lower_
            if c.dep_ == "det" and c.lower_ in ("whatever", "whichever"):
                return "hypothetical", c.lower_   # "whatever assistance they received"
        head = trigger.head
        if trigger.dep_ in ("dobj", "nsubjpass") and _lemma(head) in lex.foil_verbs:
            return "foiled", head.lower_
        if _lemma(trigger) in lex.attempt_heads:     # "a coup attempt" (see triggers.find_triggers)
            return "attempted", trigger.lower_
    return None


def is_historical(trigger, sent, anchor_year: int | None, date_value: str | None,
                  reported: bool, frame: str | None = None,
                  date_source: str | None = None, date_text: str | None = None,
                  published: str | None = None) -> tuple[bool, str | None]:
    """(historical?, why). Background events lie more than a year before the anchor year.

    frame: the narrated time of the sentence ("past"/"current"/None, see extract.discourse).
    date_source/date_text: where the event's date came from (seismo.extract.dates): a date in
    the trigger's own clause decides either way; a date in a nested clause ("its operation in
    Mali, which originated in 2013"), carried from an earlier sentence, or the document date
    decide nothing here (the paragraph time frame covers narration)."""
    if anchor_year and date_value and _YEAR.match(date_value[:4]) and date_source == "clause" \
            and _date_in_clause(trigger, sent, date_text):
        if int(date_value[:4]) < anchor_year - 1 or _before_news_window(date_value, published):
            return True, "date"
        return False, None
    if anchor_year:
        for ent in span_ents(sent):
            if ent.label_ != "DATE" or not _in_clause(trigger, ent.root):
                continue
            years = [int(y) for y in _YEAR.findall(ent.text)]
            if years and max(years) < anchor_year - 1:
                return True, "year-in-clause"
    if _HIST_CUES.search(sent.text):
        return True, "cue"
    if not reported and trigger.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lower_ == "had" for c in trigger.children):
        return True, "past-perfect"
    if frame == "past":
        return True, "time-frame"
    return False, None


NEWS_WINDOW_DAYS = 31   # how long before its publication a dated event is still the news


def _before_news_window(date_value: str, published: str | None) -> bool:
    """Did the dated period ("2024-02", "2024-02-11") end more than NEWS_WINDOW_DAYS before the
    text was published? ("In February, the coalition had seized Lascahobas", in a May report.)
    A year alone says nothing here (the year rule above covers it)."""
    if not published or len(date_value) < 7:
        return False
    try:
        year, month = int(date_value[:4]), int(date_value[5:7])
        last_day = int(date_value[8:10]) if len(date_value) >= 10 else calendar.monthrange(year, month)[1]
        end = dt.date(year, month, last_day)
        return (dt.date.fromisoformat(published[:10]) - end).days > NEWS_WINDOW_DAYS
    except ValueError:
        return False


def _date_in_clause(trigger, sent, date_text: str | None) -> bool:
    """Is the date expression (found by its words in the sentence) in the trigger's own clause?"""
    if not date_text:
        return True
    at = sent.text.find(date_text)
    if at < 0:
        return True
    span = sent.doc.char_span(sent.start_char + at, sent.start_char + at + len(date_text),
                              alignment_mode="expand")
    return span is None or _in_clause(trigger, span.root)


def _in_clause(trigger, tok) -> bool:
    """True when `tok` belongs to the trigger's own clause (its subtree, not a nested clause)."""
    cur = tok
    for _ in range(8):
        if cur.i == trigger.i:
            return True
        if cur.head.i == cur.i or cur.dep_ in ("relcl", "ccomp", "advcl") and cur.i != tok.i:
            return False
        cur = cur.head
    return False
