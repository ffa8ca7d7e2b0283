"""Property-based tests: the date and number parsers never crash or hang on hostile text.

The long fuzzing run (more examples) is `SEISMO_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz_*.py`.
"""
import datetime as dt
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seismo.extract.dates import find_full_dates, resolve_expression
from seismo.ingest.pubdate import publication_date_from_text as find_publication_date
from seismo.extract.quantities import parse_number

EXAMPLES = int(os.environ.get("SEISMO_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=500, suppress_health_check=[HealthCheck.too_slow])
WORDS = st.sampled_from(["May", "Sunday", "18", "2024", "Aug.", "last", "month", "ago", "two", "and", "a",
                         "half", "years", "of", "this", "year", "since", "1,200", "3.5", "million",
                         "dozen", "$", ",", "-", "th", "0", "99999", "\n", "31", "Feb", "February"])
PHRASES = st.lists(WORDS, max_size=12).map(" ".join)
TEXT = st.one_of(st.text(max_size=400), PHRASES)
VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@FUZZ
@given(TEXT, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)) | st.none())
def test_resolve_expression_total(text, anchor):
    out = resolve_expression(text, anchor)
    if out is not None:
        value, precision = out
        assert VALUE.match(value) and precision in ("day", "month", "year")
        if precision == "day":
            dt.date.fromisoformat(value)   # a real calendar day, never "2023-02-31"


@FUZZ
@given(TEXT)
def test_full_dates_and_bylines_total(text):
    for start, end, value in find_full_dates(text):
        assert 0 <= start < end <= len(text)
        dt.date.fromisoformat(value)
    pub = find_publication_date(text)
    assert pub is None or VALUE.match(pub)


@FUZZ
@given(TEXT)
def test_parse_number_total(text):
    value = parse_number(text)
    assert value is None or (isinstance(value, float) and value >= 0)


@settings(max_examples=max(EXAMPLES // 10, 20), deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000))
def test_date_and_number_extraction_on_parsed_noise(nlp, text):
    """The per-document date resolver and quantity reader accept any parse."""
    from seismo.extract.dates import document_dates
    from seismo.extract.quantities import quantities_for
    sdoc = nlp(text)
    dates = document_dates(sdoc, "2024-05-19")
    for tok in sdoc[:50]:
        dates.date_for(tok)
        quantities_for(tok)
