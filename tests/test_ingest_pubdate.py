"""Publication date from metadata or from what the text states; never invented."""
from __future__ import annotations

import pytest

from seismo.ingest.pubdate import byline_date, caption_date, iso_date, publication_date_from_text


@pytest.mark.parametrize("value,expected", [
    ("2020-09-06", "2020-09-06"), ("2020-09-06T23:10:00+02:00", "2020-09-06"),
    ("Sun, 06 Sep 2020 10:00:00 GMT", "2020-09-06"), ("6 September 2020", "2020-09-06"),
    ("2020-02-30", None), ("", None), (None, None), ("last week", None),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize("text,expected", [
    ("A Title\n\nJane Doe\n\nSeptember 6, 2020\nShare\n\nBody text.", "2020-09-06"),
    ("A Title\nPublished Sun 6 Sep 2020 10:14 GMT\nBody.", "2020-09-06"),
    ("A Title\nBy Jane Doe | Sept. 6th, 2020\nBody.", "2020-09-06"),
    ("A Title\nRebels took Goma on September 6, 2020.\n", None),      # a sentence, not a byline
    ("A Title\nMay 19\nBody.", None),                                  # partial: never completed
])
def test_byline_date(text, expected):
    assert byline_date(text) == expected


def test_caption_date_needs_a_credit_and_a_complete_date():
    caption = "Police secure the streets in Kinshasa on Sunday May 19, 2024. [AP Photo/A. Photographer]"
    assert caption_date("Intro.\n\n" + caption) == "2024-05-19"
    assert caption_date("Police secure the streets on Sunday May 19. [AP Photo/A. Photographer]") is None
    assert caption_date("The talks began on May 19, 2024 in Doha.") is None


def test_no_date_stated_gives_none():
    assert publication_date_from_text("Rebels seized the town on Tuesday, residents said.") is None
