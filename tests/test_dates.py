import datetime as dt

import pytest

from seismo.extract.dates import document_dates, resolve_expression
from seismo.ingest.pubdate import publication_date_from_text as find_publication_date

ANCHOR = dt.date(2024, 5, 19)   # a Sunday


@pytest.mark.parametrize("phrase,expected", [
    ("Early Sunday morning", ("2024-05-19", "day")),
    ("on Tuesday", ("2024-05-14", "day")),
    ("last month", ("2024-04", "month")),
    ("in 2012", ("2012", "year")),
    ("March 2012", ("2012-03", "month")),
    ("Aug. 18", ("2023-08-18", "day")),        # after the anchor's day: last year's
    ("May 2", ("2024-05-02", "day")),
    ("since January of this year", ("2024-01", "month")),
    ("September 6, 2020", ("2020-09-06", "day")),
    ("6 September 2020", ("2020-09-06", "day")),
    ("yesterday", ("2024-05-18", "day")),
    ("two and a half years ago", ("2022", "year")),
    ("three days ago", ("2024-05-16", "day")),
    ("last year", ("2023", "year")),
])
def test_resolve_against_anchor(phrase, expected):
    assert resolve_expression(phrase, ANCHOR) == expected


@pytest.mark.parametrize("phrase", ["two years later", "the 1990s", "for months", "soon"])
def test_unresolvable_stays_none(phrase):
    assert resolve_expression(phrase, ANCHOR) is None


def test_relative_needs_an_anchor():
    assert resolve_expression("on Tuesday", None) is None
    assert resolve_expression("in 2012", None) == ("2012", "year")


def test_publication_date_from_byline_not_body():
    text = "Some Headline\n\nJane Doe\n\nSeptember 6, 2020\nFacebook Twitter Share\n\nThe body says May 1, 2019."
    assert find_publication_date(text) == "2020-09-06"
    assert find_publication_date("No date here.\n\nOn May 1, 2019 it rained.") is None


def test_caption_date_anchors_weekday(nlp):
    text = ("Early Sunday morning, armed men attacked the palace.\n\n"
            "Soldiers patrol the streets in Kinshasa on Sunday May 19, 2024. [AP Photo]\n\n"
            "Three men were arrested after the attack.")
    sdoc = nlp(text)
    dates = document_dates(sdoc, None)
    assert dates.anchor == "2024-05-19"
    attacked = next(t for t in sdoc if t.text == "attacked")
    assert dates.date_for(attacked).value == "2024-05-19"
    arrested = next(t for t in sdoc if t.text == "arrested")
    ref = dates.date_for(arrested)
    assert ref.value == "2024-05-19" and ref.source in ("story-time", "document-anchor")


def test_date_carries_forward_within_paragraph(nlp):
    text = ("The president resigned on Aug. 18 after soldiers detained him. "
            "The prime minister was arrested, as were two ministers.")
    sdoc = nlp(text)
    dates = document_dates(sdoc, "2020-09-06")
    arrested = next(t for t in sdoc if t.text == "arrested")
    ref = dates.date_for(arrested)
    assert ref.value == "2020-08-18" and ref.source == "previous-sentence"


def test_no_anchor_no_date(nlp):
    sdoc = nlp("Rebels seized the town after heavy fighting.")
    dates = document_dates(sdoc, None)
    assert dates.anchor is None
    assert dates.date_for(next(t for t in sdoc if t.text == "seized")) is None


@pytest.mark.parametrize("text", ["May 0 2024", "2024-00-10", "2024-13-01", "Feb 30, 2023"])
def test_impossible_calendar_dates_are_not_dates(text):
    """Regression (found by the fuzzer): day 0 was read as a month-precision date."""
    from seismo.extract.dates import find_full_dates
    assert find_full_dates(text) == []
    assert resolve_expression(text, None) in (None, ("2024", "year"), ("2023", "year"))


@pytest.mark.parametrize("text", ["99999 month ago", "5000 days ago", "99999 years ago"])
def test_absurd_offsets_give_no_date(text):
    """Regression (found by the fuzzer): huge 'N months ago' produced negative years."""
    assert resolve_expression(text, dt.date(2000, 1, 1)) is None


@pytest.mark.parametrize("phrase,expected", [
    ("in mid-April", ("2024-04", "month")),
    ("in April", ("2024-04", "month")),
    ("in June", ("2023-06", "month")),             # after the anchor's month: last year's
    ("May, 2024", ("2024-05", "month")),
    ("16/05/2024", ("2024-05-16", "day")),         # only one reading is a date
    ("05/16/2024", ("2024-05-16", "day")),
    ("04/05/2024", ("2024", "year")),              # day-first or month-first: only the year is known
    ("last Friday", ("2024-05-17", "day")),
    ("Thursday 16 May", ("2024-05-16", "day")),
    ("in the early hours of Saturday", ("2024-05-18", "day")),
])
def test_more_expressions(phrase, expected):
    assert resolve_expression(phrase, ANCHOR) == expected


@pytest.mark.parametrize("phrase", ["the next day", "a week later", "in the 1990s", "weeks later"])
def test_narrative_relative_needs_a_narrative_date(phrase):
    assert resolve_expression(phrase, ANCHOR) is None


@pytest.mark.parametrize("phrase,ref,expected", [
    ("two years later", "2012", ("2014", "year")),
    ("the next day", "2024-05-14", ("2024-05-15", "day")),
    ("a week earlier", "2024-05-14", ("2024-05-07", "day")),
    ("three months later", "2023-11", ("2024-02", "month")),
    ("the next day", "2012", None),                 # a day after a year: unknown
    ("several years later", "2012", None),          # vague count
])
def test_narrative_shift(phrase, ref, expected):
    from seismo.extract.dates import narrative_shift
    from seismo.records import DateRef
    assert narrative_shift(phrase, DateRef(ref, ref)) == expected


def test_later_counts_from_the_paragraph_date(nlp):
    sdoc = nlp("In 2012, Tuareg rebels seized Kidal. Two years later, the army retook the city.")
    dates = document_dates(sdoc, "2024-05-19")
    ref = dates.date_for(next(t for t in sdoc if t.text == "retook"))
    assert (ref.value, ref.precision, ref.text) == ("2014", "year", "Two years later")


def test_unresolvable_own_date_blocks_the_fallbacks(nlp):
    """'Two years later' with nothing to count from: unknown, not the publication date."""
    sdoc = nlp("Two years later, the army retook the city. It arrested the mayor.")
    dates = document_dates(sdoc, "2024-05-19")
    for word in ("retook", "arrested"):
        ref = dates.date_for(next(t for t in sdoc if t.text == word))
        assert ref is not None and ref.value is None
    assert dates.mentions() == []


def test_bare_month_needs_a_temporal_word(nlp):
    sdoc = nlp("Lenin praised the October Manifesto.\nIn October, rebels attacked Beni.")
    dates = document_dates(sdoc, "2020-09-06")
    assert [(ref.text, ref.value) for _, _, ref in dates.mentions()] == [("In October", "2019-10")]


def test_mention_offsets_are_trimmed(nlp):
    text = "Posted\nMay 17, 2024\n\nRebels attacked Goma on Tuesday."
    sdoc = nlp(text)
    for start, end, ref in document_dates(sdoc, None).mentions():
        assert text[start:end] == ref.text == ref.text.strip()


def test_later_in_the_same_sentence_beats_the_clause_less_date(nlp):
    sdoc = nlp("Rebels attacked Beni on Tuesday. The army retook the town the next day.")
    dates = document_dates(sdoc, "2024-05-22")
    ref = dates.date_for(next(t for t in sdoc if t.text == "retook"))
    assert ref.value == "2024-05-22" and ref.source == "clause"
