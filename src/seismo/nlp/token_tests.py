"""Fixed-length token patterns tested on a Doc's attribute columns at once (numpy).

The stock attribute rules a (tag, lower) table cannot answer (attribute_rules.py) are short
fixed sequences of one or two tokens testing TAG, LOWER, DEP or IS_SPACE with plain values, IN,
NOT_IN or (on LOWER) REGEX. spaCy's Matcher walks each of them token by token: ~0.3 CPU s per
150 news articles for 24 rules. Here each token test is a boolean column over the whole Doc
(the attribute's hashes compared with the test's, once per Doc; a regex is run once per distinct word and remembered) and a
sequence is the AND of its shifted columns. Matches are the Matcher's: every start where the
whole sequence holds. A pattern of any other form is refused (`add` returns False) and stays
with the Matcher.

Why hand-written rather than the library's: spaCy's Matcher has no vectorised path; the result
is the Matcher's exactly (tests/test_nlp_rules.py compares every token attribute with the stock
component).
"""
from __future__ import annotations

import re

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]


class TokenSequenceRules:
    def __init__(self, vocab):
        self.vocab = vocab
        # rule id -> alternatives, each a sequence of token tests, each a list of (column, test)
        self.rules: list[tuple[int, list[list[list[tuple[int, object]]]]]] = []
        self._regex_memo: dict[tuple[str, int], bool] = {}

    def __len__(self) -> int:
        return len(self.rules)

    def add(self, rule_id: int, patterns: list[list[dict]]) -> bool:
        """Take the rule when every pattern is a plain sequence of supported token tests."""
        compiled = [self._sequence(pattern) for pattern in patterns]
        if not compiled or any(seq is None for seq in compiled):
            return False
        self.rules.append((rule_id, compiled))
        return True

    def matches(self, doc) -> list[tuple[int, int, int]]:
        """(rule id, start, end) of every match, as spaCy's Matcher finds them."""
        if not self.rules or len(doc) == 0:
            return []
        columns = doc.to_array(_ARRAY_ATTRS)
        if columns.ndim == 1:
            columns = columns.reshape(1, -1)
        out, cache = [], {}
        for rule_id, alternatives in self.rules:
            for sequence in alternatives:
                for start in np.flatnonzero(self._sequence_mask(sequence, columns, cache)).tolist():
                    out.append((rule_id, start, start + len(sequence)))
        return out

    # -- compiling ---------------------------------------------------------------------------
    def _sequence(self, pattern: list[dict]):
        tests = [self._token_tests(token) for token in pattern]
        return None if not tests or any(t is None for t in tests) else tests

    def _token_tests(self, token: dict):
        if not token or not set(token) <= set(_COLUMNS):
            return None
        tests = []
        for attr, value in token.items():
            test = self._test(attr, value)
            if test is None:
                return None
            tests.append((_COLUMNS[attr], test))
        return tests

    def _test(self, attr: str, value):
        add = self.vocab.strings.add
        if attr == "IS_SPACE":
            return ("in", np.array([int(value)], dtype=np.uint64)) if isinstance(value, bool) else None
        if isinstance(value, str):
            return ("in", np.array([add(value)], dtype=np.uint64))
        if not isinstance(value, dict) or len(value) != 1:
            return None
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            return (op.lower(), np.array([add(v) for v in arg], dtype=np.uint64))
        if op == "REGEX" and attr == "LOWER" and isinstance(arg, str):
            return ("regex", re.compile(arg))
        return None

    # -- testing -----------------------------------------------------------------------------
    def _sequence_mask(self, sequence, columns: np.ndarray, cache: dict) -> np.ndarray:
        n, length = len(columns), len(sequence)
        if n < length:
            return np.zeros(0, dtype=bool)
        mask = np.ones(n - length + 1, dtype=bool)
        for offset, tests in enumerate(sequence):
            for column, test in tests:
                key = (column, test[0], _test_key(test[1]))
                if key not in cache:     # rules share tests: each is run once per Doc
                    cache[key] = self._column_mask(columns[:, column], test)
                mask &= cache[key][offset:n - length + 1 + offset]
        return mask

    def _column_mask(self, values: np.ndarray, test) -> np.ndarray:
        kind, arg = test
        if kind in ("in", "not_in"):
            # a few values each: equality per value beats np.isin's sort on a short column
            found = values == arg[0]
            for value in arg[1:]:
                found |= values == value
            return found if kind == "in" else ~found
        # REGEX: spaCy searches the attribute's string; each distinct word is asked once
        strings, memo, key = self.vocab.strings, self._regex_memo, arg.pattern
        unique, inverse = np.unique(values, return_inverse=True)
        found = np.array([memo[(key, h)] if (key, h) in memo else
                          memo.setdefault((key, h), bool(arg.search(strings[h])))
                          for h in unique.tolist()], dtype=bool)
        return found[inverse.reshape(-1)]


def _test_key(arg) -> object:
    """What a test compares with, as a key: equal tests of different rules share one mask."""
    return arg.pattern if isinstance(arg, re.Pattern) else arg.tobytes()
