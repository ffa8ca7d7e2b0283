"""The stock model's attribute rules, applied by table look-up: same annotations, a sixth of the time.

en_core_web_sm's `attribute_ruler` maps each token's fine tag (and, for some words, its
lowercase form) to its coarse POS, morphology and lemma exceptions with 179 Matcher rules. The
Matcher walks every rule's state machine over every token: measured at 2.0-2.5 CPU s per 200
news articles, 13 % of the whole parse. Here the 170 rules that test one token's TAG and/or
LOWER only are answered from a dict keyed by (tag, lower), merged once per key; the others
(two-token patterns, DEP, IS_SPACE, REGEX, NOT_IN) are tested on the Doc's attribute columns
with numpy (nlp/token_tests.py), and a rule of any other form would still go through spaCy's own
Matcher. The rules come from the loaded model's component, not from a copy, so a model update
brings its rules.

Why hand-written rather than the library's: spaCy has no faster equivalent, and the result is
the library's bit for bit — spaCy's AttributeRuler matches every rule on the unchanged Doc,
then writes the matched rules' attributes in rule order (a later rule's value wins); this does
the same (tests/test_nlp_rules.py compares every token attribute with the stock component).
"""
from __future__ import annotations

from spacy.attrs import LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens._retokenize import set_token_attrs

from seismo.nlp.token_tests import TokenSequenceRules

_TABLE_KEYS = frozenset({"TAG", "LOWER"})


@Language.factory("seismo_attribute_rules")
def make_attribute_rules(nlp: Language, name: str):
    return AttributeRules(nlp.vocab, name)


class AttributeRules:
    """Built empty by the factory; `take_rules(stock_ruler)` loads the stock component's rules."""

    def __init__(self, vocab, name: str = "seismo_attribute_rules"):
        self.vocab, self.name = vocab, name
        self.attrs: list[dict] = []           # rule id -> normalized attributes (spaCy's own)
        self.by_key: dict[tuple, list[int]] = {}   # (tag or None, lower or None) -> rule ids
        self.sequences = TokenSequenceRules(vocab)   # the rules a table cannot answer
        self.matcher = Matcher(vocab)          # any rule neither can
        self.index: list[int] = []            # rule id -> which token of the match gets the attrs
        self._merged: dict[tuple[int, int], dict | None] = {}

    def take_rules(self, stock) -> None:
        """The rules of a spaCy AttributeRuler, in its order (its `attrs`, `indices`, `patterns`)."""
        strings = self.vocab.strings
        for rule_id, rule in enumerate(stock.patterns):
            self.attrs.append(stock.attrs[rule_id])
            self.index.append(stock.indices[rule_id])
            keys = _table_keys(rule["patterns"], rule["index"], strings)
            if keys is None and not self.sequences.add(rule_id, rule["patterns"]):
                self.matcher.add(str(rule_id), rule["patterns"])
            for key in keys or ():
                self.by_key.setdefault(key, []).append(rule_id)

    def __call__(self, doc):
        # Everything is matched on the Doc as it is, before any rule writes (as spaCy does).
        extra: dict[int, list[int]] = {}
        matches = [(int(self.vocab.strings[match_id]), start, end)
                   for match_id, start, end in self.matcher(doc, allow_missing=True)] if len(self.matcher) else []
        for rule_id, start, end in matches + self.sequences.matches(doc):
            at = (start if self.index[rule_id] >= 0 else end) + self.index[rule_id]
            extra.setdefault(at, []).append(rule_id)
        for i, (tag, lower) in enumerate(doc.to_array([TAG, LOWER]).tolist()):
            attrs = self._merged_attrs(tag, lower) if i not in extra else \
                self._apply(self._rule_ids(tag, lower) + extra[i])
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    def _rule_ids(self, tag: int, lower: int) -> list[int]:
        get = self.by_key.get
        return get((tag, None), []) + get((None, lower), []) + get((tag, lower), [])

    def _merged_attrs(self, tag: int, lower: int) -> dict | None:
        key = (tag, lower)
        if key not in self._merged:
            self._merged[key] = self._apply(self._rule_ids(tag, lower))
        return self._merged[key]

    def _apply(self, rule_ids: list[int]) -> dict | None:
        """The attributes the rules write, in rule order: each write replaces the one before."""
        merged: dict = {}
        for rule_id in sorted(rule_ids):
            merged.update(self.attrs[rule_id])
        return merged or None


def _table_keys(patterns: list, index: int, strings) -> list[tuple] | None:
    """(tag, lower) keys (None = any) of a one-token rule testing only TAG and LOWER with plain
    values or IN lists; None for any other rule."""
    if len(patterns) != 1 or len(patterns[0]) != 1 or index not in (0, -1):
        return None
    token = patterns[0][0]
    if not token or not set(token) <= _TABLE_KEYS:
        return None
    values = {}
    for attr in ("TAG", "LOWER"):
        value = token.get(attr)
        if value is None:
            values[attr] = [None]
        elif isinstance(value, str):
            values[attr] = [strings.add(value)]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            values[attr] = [strings.add(v) for v in value["IN"]]
        else:
            return None
    return [(tag, lower) for tag in values["TAG"] for lower in values["LOWER"]]


def use_table_rules(nlp: Language) -> None:
    """Replace the stock `attribute_ruler` by the table version, in the same place."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    stock = nlp.get_pipe("attribute_ruler")
    rules = nlp.add_pipe("seismo_attribute_rules", after="attribute_ruler")
    rules.take_rules(stock)
    nlp.remove_pipe("attribute_ruler")
