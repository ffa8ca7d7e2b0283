"""The table version of the stock attribute rules, and the lemmatizer with its word lists as sets,
give the stock components' annotations exactly."""
import pytest

# Sentences that reach the rules a table cannot answer (two-token, DEP, IS_SPACE, REGEX rules)
# as well as the common tag rules.
SENTENCES = [
    "They ain't gonna stop, and we wanna know why.  It isn't over:\n\nthe rebels'll be back.",
    "Fighters of the M23 seized Rubaya's coltan mines on Tuesday, officials said.",
    "I'm sure he'd've come if the road hadn't been cut  \n by the army 's checkpoints.",
    "Gotta go!!! Y'all see 'em?   —   'Cause it's 5:30 p.m. in Goma.",
]


@pytest.fixture(scope="module")
def stock_and_table():
    import spacy
    from seismo.nlp import MODEL
    from seismo.nlp.attribute_rules import use_table_rules
    from seismo.nlp.lemmas import use_index_sets
    stock, table = spacy.load(MODEL), spacy.load(MODEL)
    use_table_rules(table)
    use_index_sets(table)
    return stock, table


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def test_table_rules_replace_the_stock_component_in_place(stock_and_table):
    stock, table = stock_and_table
    at = stock.pipe_names.index("attribute_ruler")
    assert table.pipe_names[at] == "seismo_attribute_rules" and "attribute_ruler" not in table.pipe_names


def test_table_rules_annotate_exactly_as_the_stock_component(stock_and_table, seeds_dir):
    stock, table = stock_and_table
    texts = SENTENCES + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    for a, b in zip(stock.pipe(texts), table.pipe(texts)):
        assert _annotations(a) == _annotations(b)


def test_lemmatizer_word_lists_are_sets(stock_and_table):
    _stock, table = stock_and_table
    index = table.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert index and all(isinstance(words, frozenset) for words in index.values())


def test_token_sequences_match_as_spacys_matcher(stock_and_table):
    from spacy.matcher import Matcher
    from seismo.nlp.token_tests import TokenSequenceRules
    stock, _table = stock_and_table
    patterns = {
        1: [[{"LOWER": "gon"}, {"LOWER": "na"}]],
        2: [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]],
        3: [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT", "WDT"]}}]],
        4: [[{"IS_SPACE": True}], [{"TAG": "VBD", "LOWER": "got"}]],
    }
    rules, matcher = TokenSequenceRules(stock.vocab), Matcher(stock.vocab)
    for rule_id, pats in patterns.items():
        assert rules.add(rule_id, pats)
        matcher.add(str(rule_id), pats)
    assert not rules.add(9, [[{"LOWER": "a", "OP": "+"}]])      # operators stay with the Matcher
    doc = stock("We're gonna win, nothin' less.  That is what they got, and those who came saw it.")
    expected = sorted((int(stock.vocab.strings[m]), s, e) for m, s, e in matcher(doc))
    assert sorted(rules.matches(doc)) == expected and {r for r, _s, _e in expected} == {1, 2, 3, 4}
