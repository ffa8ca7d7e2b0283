"""Discourse-level cues for the event coder: the time frame a paragraph narrates, and generic
(habitual, stative) statements that describe a situation rather than report an event.

Time frame. News articles mix the news with background: biographies ("He ran in the 2011
elections and was arrested...; two years later he founded..."), history ("The DRC was ravaged by
war from 1996 to 2008"). A sentence whose time expressions all lie well before the document's
anchor year opens a *past frame*; the following sentences of the same paragraph narrate inside it
until a deictic, current time expression ("on Sunday", "today", "last week", "this year", a recent
year) closes it. Anaphoric expressions ("two years later", "at that time", "for several weeks")
keep the frame: they are relative to the narrated time, not to the publication date.

Genericity. Present-simple clauses without a time expression ("NATO backs the regime", "the
economy supports a small proletariat", "soldiers often abandon their posts") state habits,
stances or properties; progressive and perfect forms ("is negotiating", "have seized") report
ongoing or recent events and are kept.

Quotations. Words inside a quotation opened earlier in the paragraph are the speaker's, not the
reporter's: their events are "reported", claimed by the subject of the reporting verb.
"""
from __future__ import annotations

import re

from seismo.doctext import span_ents

PAST, CURRENT = "past", "current"

# A year used as a date, not a quantity: after a temporal preposition ("in 1961", "in the 2011
# elections", "from 1996 to 2008") or a month ("March 2012").
_YEAR_PHRASE = re.compile(
    r"\b(?:in|since|from|until|till|to|by|of|between|during|before|after|around|circa|early|late|"
    r"mid-?|January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
    r"\s+(?:the\s+)?(?:(?:early|late|mid-?)\s*)?(1[89]\d\d|20\d\d)s?\b", re.I)
_AGO = re.compile(r"\b(\w+|\d+)(?: and a half)? (years|decades|centuries) ago\b", re.I)
_PAST_CUES = re.compile(r"\b(at that time|at the time|back then|in those days|in the past|"
                        r"decades? ago|in the (?:19|20)\d0s|under (?:the )?former)\b", re.I)
# Deictic expressions anchored to the publication date: they close a past frame.
_CURRENT_CUES = re.compile(
    r"\b(today|tonight|yesterday|now|currently|this (?:week|month|year|morning|weekend)|"
    r"last (?:week|month|night|weekend|year)|recently|(?:on )?(?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)s?|earlier this|so far|to date|to this day|still)\b", re.I)
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "several": 3, "many": 5, "a": 1, "one": 1}

HABITUAL_ADV = frozenset({"often", "usually", "always", "regularly", "frequently", "routinely",
                          "typically", "generally", "traditionally", "commonly", "normally",
                          "habitually", "repeatedly", "constantly", "long"})
_PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re"})
_FINITE_PRESENT = ("VBZ", "VBP")


def _years(text: str) -> list[int]:
    return [int(m.group(1)) for m in _YEAR_PHRASE.finditer(text)]


def sentence_frame(sent, anchor_year: int | None) -> tuple[str | None, str | None]:
    """(PAST | CURRENT | None, the words that decided) for one sentence.

    PAST when every time expression of the sentence lies more than a year before the anchor;
    CURRENT when it has a deictic or recent time expression; None when it names no time."""
    text = _outside_relative_clauses(sent)
    years = _years(text)
    current = _CURRENT_CUES.search(text)
    recent = [y for y in years if anchor_year and y >= anchor_year - 1]
    past = [y for y in years if anchor_year and y < anchor_year - 1]
    if recent:
        return CURRENT, str(recent[0])
    if past and not current:
        return PAST, str(past[0])
    ago = _AGO.search(text)
    if ago and _WORD_NUMBERS.get(ago.group(1).lower(), _int(ago.group(1))) >= 2 and not current:
        return PAST, ago.group(0)
    cue = _PAST_CUES.search(text)
    if cue and not current:
        return PAST, cue.group(0)
    if current:
        return CURRENT, current.group(0)
    return None, None


def _outside_relative_clauses(sent) -> str:
    """The sentence's text with relative clauses blanked out: "its operation in Mali, which
    originated in 2013" dates the operation, not the sentence's own events."""
    chars = list(sent.text)
    base = sent.start_char
    for tok in sent:
        if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN"):
            start, end = tok.left_edge.idx - base, tok.right_edge.idx + len(tok.right_edge) - base
            chars[max(0, start):max(0, end)] = " " * max(0, end - start)
    return "".join(chars)


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 0


class TimeFrame:
    """The narrated time of the current paragraph, updated sentence by sentence."""

    def __init__(self, anchor_year: int | None):
        self.anchor_year = anchor_year
        self.value: str | None = None
        self.cue: str | None = None

    def new_paragraph(self) -> None:
        self.value, self.cue = None, None

    def update(self, sent) -> tuple[str | None, str | None]:
        """Read one sentence; return the frame that applies to the sentence's own events."""
        value, cue = sentence_frame(sent, self.anchor_year)
        if value is not None:
            self.value, self.cue = value, cue
            return value, cue
        return self.value, self.cue


def _aux(tok) -> list:
    return [c for c in tok.children if c.dep_ in ("aux", "auxpass")]


def _finite(tok, limit: int = 4):
    """The finite verb that carries the tense of `tok`'s clause (participles and infinitives
    take it from the verb they depend on: "inviting" in "X is keen to..., inviting Y")."""
    cur = tok
    for _ in range(limit):
        if cur.tag_ in ("VBZ", "VBP", "VBD", "MD") or _aux(cur):
            return cur
        if cur.head.i == cur.i or cur.dep_ in ("ccomp", "relcl", "parataxis", "pcomp"):
            return cur
        cur = cur.head   # participle modifiers take the tense of the clause they sit in
    return cur


def generic_cue(tok, sent) -> str | None:
    """Why the verbal event of `tok` is a generic/habitual statement, or None.

    Present simple (or present passive) with no time expression in the sentence, or a habitual
    adverb ("often", "has long"). Progressive ("is negotiating") and perfect ("have seized")
    report events."""
    verb = _finite(tok)
    for node in (tok, verb):
        for c in node.children:
            if c.dep_ == "advmod" and c.lower_ in HABITUAL_ADV:
                return c.lower_
            if _iterated(c):
                return "times"   # "deployed numerous times": a career or a habit, not one event
    if any(e.label_ in ("DATE", "TIME") for e in span_ents(sent)) or _CURRENT_CUES.search(sent.text):
        return None
    aux = _aux(verb)
    if not aux:
        return "present-simple" if verb.tag_ in _FINITE_PRESENT else None
    lowers = {a.lower_ for a in aux}
    if any(a.dep_ == "auxpass" for a in aux) and lowers <= _PRESENT_BE:
        return "present-passive"           # "U.S. capital is invested there"
    if lowers <= {"do", "does"}:
        return "present-simple"
    return None


_MANY = frozenset({"numerous", "several", "many", "multiple", "countless", "repeated", "various"})


def _iterated(c) -> bool:
    """"numerous times", "several times", "many times" as an adverbial of the verb."""
    return c.dep_ in ("npadvmod", "advmod", "dobj") and c.lemma_.lower() == "time" and c.tag_ == "NNS" \
        and any(g.lower_ in _MANY for g in c.children)


_OPEN_QUOTES, _CLOSE_QUOTES = "“«", "”»"


def in_quote(tok, par_start: int, doc_text: str) -> bool:
    """Is the token inside a quotation opened earlier in its paragraph? (doc_text: the Doc's
    text, passed in because spaCy rebuilds Doc.text on every access)"""
    text = doc_text[par_start:tok.idx]
    opened = sum(text.count(q) for q in _OPEN_QUOTES) - sum(text.count(q) for q in _CLOSE_QUOTES)
    return opened > 0 or text.count('"') % 2 == 1


def quote_speaker(sent, par_start: int, doc_text: str, reporting: frozenset):
    """The subject of a reporting verb of the sentence outside the quotation, if any."""
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in reporting \
                and not in_quote(tok, par_start, doc_text):
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
    return None
