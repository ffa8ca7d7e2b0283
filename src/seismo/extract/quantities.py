"""Numbers attached to an event: dead, injured, arrested, displaced, money, percentages.

Each number is read through the parse: its counted noun (the noun it modifies, or the noun of
its "of" phrase: "two of ... 15 guards" counts guards, and the 15 inside that partitive is
not an event count), and that noun's role under a casualty/arrest verb of the event's clause
("were killed" -> killed, "killing two" -> killed, "50 people ... were arrested" -> arrested).
Vague amounts ("dozens", "hundreds of thousands") keep their words with value None.
Lexicon: data/lexicons/quantities.yaml.
"""
from __future__ import annotations

import functools
import re

from seismo.config import PACKAGE_DATA
from seismo.doctext import doc_text
from seismo.records import Quantity
from seismo.yamlio import load_yaml

LEXICON_PATH = PACKAGE_DATA / "lexicons" / "quantities.yaml"
UNITS = {"dozen": 12, "score": 20, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
         "trillion": 1e12, "mn": 1e6, "bn": 1e9, "m": 1e6, "k": 1e3}
SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
         "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
         "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
         "a": 1, "an": 1, "a dozen": 12, "half a dozen": 6}
CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD", "€": "EUR",
            "euros": "EUR", "euro": "EUR", "£": "GBP", "pounds": "GBP", "francs": "CDF"}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    data = load_yaml(LEXICON_PATH)
    return {k: frozenset(v) for k, v in data.items()}


def parse_number(text: str) -> float | None:
    """'two' -> 2, '1,200' -> 1200, '3.5 million' -> 3.5e6, 'a dozen' -> 12; vague -> None."""
    t = text.lower().strip().replace(",", "")
    t = re.sub(r"^(?:some|about|around|nearly|almost|over|more than|at least|up to|roughly|"
               r"approximately|an estimated|estimated)\s+", "", t)
    t = t.replace("$", "").replace("€", "").replace("£", "").strip()
    t = re.sub(r"(\d)(bn|mn|m|k)\b", r"\1 \2", t)      # '2.5bn' -> '2.5 bn'
    if t in SMALL:
        return float(SMALL[t])
    total, current = 0.0, None
    for word in re.split(r"[\s-]+", t):
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current = (current or 0) + float(word)
        elif word in SMALL and SMALL[word] != 1 or word in ("one",):
            current = (current or 0) + SMALL[word]
        elif word in UNITS and current is not None:
            total += current * UNITS[word]
            current = None
        elif word in ("a", "an") and current is None:
            current = 1.0       # 'a hundred', 'an estimated' is stripped above
        elif word == "and":
            continue
        else:
            return None
    if current is None and total == 0:
        return None
    return total + (current or 0)


def _is_number(tok) -> bool:
    return tok.like_num or tok.lower_ in lexicon()["vague"] or tok.lower_ in UNITS and tok.i > 0 \
        and tok.nbor(-1).like_num or tok.lower_ in lexicon()["zero"]


def _is_zero(num) -> bool:
    """'nobody', 'none of the hostages', 'no one'."""
    return num.lower_ in lexicon()["zero"] or (
        num.lower_ == "one" and num.i > 0 and num.nbor(-1).lower_ == "no")


def _joined_to_bigger(tok) -> bool:
    """'Hundreds' in 'hundreds of thousands', '3.5' in '3.5 million': part of a longer number."""
    head = tok.head
    if head.i == tok.i or not _is_number(head) or head.i < tok.i:
        return False
    between = tok.doc[tok.i + 1:head.i]
    return all(t.lower_ in ("of", "and", "-") or _is_number(t) for t in between)


# Numbers inside dates and names count nothing ("the March 23 Movement", "Resolution 2098").
_NOT_COUNTS = frozenset({"DATE", "TIME", "ORDINAL", "ORG", "PERSON", "GPE", "LAW", "PRODUCT", "FAC",
                         "EVENT", "WORK_OF_ART"})


def _number_tokens(sent) -> list:
    """Heads of number expressions in the sentence ('3.5 million' -> 'million' or '3.5', once)."""
    out = []
    for tok in sent:
        if not _is_number(tok) or tok.ent_type_ in _NOT_COUNTS:
            continue
        if tok.head.i != tok.i and _is_number(tok.head) and abs(tok.head.i - tok.i) == 1 \
                or _joined_to_bigger(tok):
            continue   # part of a longer number ('3.5' under 'million', 'several' under 'dozen')
        out.append(tok)
    return out


def _core(num) -> tuple[str, int, int]:
    """The contiguous number words around `num` ('3.5 million', 'several dozen', '$3 billion')."""
    lo = hi = num.i
    doc = num.doc
    vague = lexicon()["vague"]
    while lo > num.sent.start:
        prev = doc[lo - 1]
        if _is_number(prev) and (prev.lower_ not in vague or doc[lo].lower_ in UNITS) \
                or prev.lower_ in ("$", "€", "£", "-"):
            lo -= 1
        elif prev.lower_ == "of" and lo - 2 >= num.sent.start and _is_number(doc[lo - 2]) \
                and _is_number(doc[lo]):
            lo -= 2    # 'hundreds of thousands', 'tens of millions'
        elif prev.lower_ == "no" and _is_zero(doc[lo]):
            lo -= 1
        else:
            break
    while hi + 1 < num.sent.end and (_is_number(doc[hi + 1]) or doc[hi + 1].lower_ in UNITS):
        hi += 1
    span = doc[lo:hi + 1]
    return span.text, span.start_char, span.end_char


def _partitive_pobj(num):
    for child in num.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    return None


def _counted(num):
    """(counted noun, token whose syntactic role places the count in the clause)."""
    if num.dep_ in ("nummod", "quantmod", "amod", "compound") and num.head.pos_ in ("NOUN", "PROPN"):
        noun, role = num.head, num.head
    else:
        pobj = _partitive_pobj(num)
        noun, role = (pobj, num) if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") else (num, num)
    if noun.lower_ in UNITS and noun is not num:       # 'several dozen (heavily armed) men'
        up = noun.head.head if noun.head.dep_ == "amod" else noun.head
        if up.pos_ in ("NOUN", "PROPN") and up.i > noun.i:
            noun, role = up, up
    while role.dep_ == "conj" and role.head.i != role.i:   # 'Malanga and three other men': role of the first
        role = role.head
    return noun, role


def _is_group_size(num) -> bool:
    """The 15 in 'two of the minister's 15 guards' sizes the group; the event count is the two."""
    if num.dep_ == "pobj" and num.head.lower_ == "of" and _is_number(num.head.head):
        return True   # 'thousands' in 'hundreds of thousands'
    noun = num.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and _is_number(noun.head.head):
        return True
    return num.dep_ == "nummod" and any(
        c.i != num.i and c.dep_ == "nummod" and _partitive_pobj(c) is not None for c in noun.children)


def _kind(num, noun, role) -> str:
    lex = lexicon()
    window = num.doc[max(num.i - 3, num.sent.start):min(num.i + 2, num.sent.end)]
    if num.ent_type_ == "MONEY" or any(t.lower_ in CURRENCY for t in window):
        return "money"
    nxt = num.nbor(1).lower_ if num.i + 1 < len(num.doc) else ""
    if num.ent_type_ == "PERCENT" or nxt in ("%", "percent"):
        return "percent"
    if num.head.i != num.i and num.dep_ in ("nummod", "quantmod", "npadvmod"):
        if _word(num.head) in lex["dead_words"]:       # "17 dead"
            return "killed"
        if _word(num.head) in lex["injured_words"]:    # "40 wounded"
            return "injured"
    verb = role.head
    if role.dep_ == "pobj" and verb.dep_ == "prep":
        owner = verb.head
        if _word(owner) in lex["death_nouns"]:          # "the deaths of 12 miners"
            return "killed"
        if any(c.dep_ == "nsubj" and c.lemma_.lower() == "toll" for c in owner.children):
            return "killed"                              # "the death toll rose to 40"
        verb = owner
    kind = _verb_kind(verb, role, noun, num)
    if kind:
        return kind
    for tok in list(noun.children) + [noun]:
        if tok.i != num.i and _word(tok) in lex["dead_words"]:
            return "killed"
        if tok.i != num.i and _word(tok) in lex["injured_words"]:
            return "injured"
    return "people" if _word(noun) in lex["people"] else "count"


def _word(tok) -> str:
    return tok.lemma_.lower()


_ROLES = ("nsubjpass", "dobj", "nsubj", "conj", "attr", "npadvmod")


def _verb_kind(verb, role, noun, num) -> str | None:
    """What the governing verb does to the counted group: killed / injured / arrested / displaced."""
    lex = lexicon()
    if role.dep_ not in _ROLES:
        return None
    lemma = _word(verb)
    result = _result(verb)
    if result:
        return result                                    # "left 12 people dead", "shot dead five"
    is_people = noun is num or _word(noun) in lex["people"] or noun.ent_type_ in ("PERSON", "NORP")
    for kind in ("killed", "injured", "arrested", "displaced"):
        strong = lemma in lex[kind]
        weak = lemma in lex.get(f"{kind}_weak", ()) and (noun is not num and is_people)
        if not (strong or weak):
            continue
        if role.dep_ == "nsubj" and kind in ("killed", "injured", "arrested"):
            # An active subject does the killing ("40 rebels killed 3"), unless the verb is
            # intransitive ("30 people died") or the object is their own lives.
            own_lives = any(c.dep_ == "dobj" and _word(c) == "life" for c in verb.children)
            if not (lemma in lex["dying"] or own_lives or _elliptic_passive(verb)):
                return "count"
        return kind
    return None


def _elliptic_passive(verb) -> bool:
    """'12 killed and 40 wounded': a participle with a subject but no auxiliary and no object
    is a passive with 'were' left out, so its subject is the victim."""
    return verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children)


def _result(verb) -> str | None:
    """A result phrase on the verb: 'shot dead', 'left 9 dead', 'hacked to death', 'left 20 injured'."""
    lex = lexicon()
    for c in verb.children:
        if c.dep_ in ("acomp", "oprd", "advmod", "xcomp", "ccomp") and c.i > verb.i:
            if c.lower_ in lex["dead_words"] or _word(c) in lex["dead_words"]:
                return "killed"
            if c.lower_ in lex["injured_words"]:
                return "injured"
        if c.dep_ == "prep" and c.lower_ == "to" and any(_word(g) == "death" for g in c.children):
            return "killed"
    return None


def _conjoined_named(noun) -> int:
    """'Malanga and three other men': the named conjuncts also count (1 + 3)."""
    if not any(c.lower_ in ("other", "more") for c in noun.children) or noun.dep_ != "conj":
        return 0
    head = noun.head
    names = [head] + [c for c in head.children if c.dep_ == "conj" and c.i != noun.i]
    return sum(1 for n in names if n.pos_ == "PROPN")


def _phrase(num, noun, start: int, text: str) -> str:
    """The words as written, from the number to the noun it counts ('two of ... 15 guards')."""
    if noun is num:
        return text
    if noun.i > num.i:
        return doc_text(num.doc)[start:noun.idx + len(noun.text)]
    return f"{text} {noun.text}"


def quantities_for(trigger, sent=None) -> list[Quantity]:
    """Numbers in the trigger's sentence with what they count and their role for the event."""
    sent = sent if sent is not None else trigger.sent
    vague = lexicon()["vague"]
    out = []
    for num in _number_tokens(sent):
        if _is_group_size(num):
            continue
        noun, role = _counted(num)
        text, start, end = _core(num)
        value = 0.0 if _is_zero(num) else None if num.lower_ in vague else parse_number(text)
        kind = _kind(num, noun, role)
        if kind in ("killed", "injured", "arrested") and value is not None:
            value += _conjoined_named(noun)
        phrase = _phrase(num, noun, start, text)
        out.append(Quantity(kind, value, phrase, _unit(num, noun, kind), start, end))
    return out


def _unit(num, noun, kind: str) -> str | None:
    if kind == "money":
        window = num.doc[max(num.i - 3, 0):num.i + 3]
        return next((CURRENCY[t.lower_] for t in window if t.lower_ in CURRENCY), None)
    if kind == "percent":
        return "%"
    return noun.lemma_.lower() if noun is not num else None


def casualties(quantities: list[Quantity]) -> tuple[int | None, int | None]:
    """(fatalities, injured) for an event: sums over its killed / injured quantities (all sides)."""
    def total(kind: str) -> int | None:
        values = [q.value for q in quantities if q.kind == kind and q.value is not None]
        return int(sum(values)) if values else None
    return total("killed"), total("injured")
