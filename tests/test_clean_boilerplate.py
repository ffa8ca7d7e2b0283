"""Boilerplate rules on a page that is not one of the seeds, and exact offsets for every kept line."""
from __future__ import annotations

from pathlib import Path

import pytest

from seismo.clean import clean_document
from seismo.clean.boilerplate import clean_plain_text
from seismo.ingest import read_paths

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_made_up_page_keeps_article_and_drops_furniture():
    # A page written for this test (a different site layout than the seeds): menus, share row,
    # a tag line and a "You may also like" teaser block after the article.
    clean, _ = clean_plain_text((FIXTURES / "page_with_teasers.txt").read_text())
    for kept in ("Floods Displace Thousands in Northern Nigeria", "By Amina Yusuf",
                 "Heavy rains caused the Benue River", "We lost everything",
                 "roads to several villages remained cut off", "In the end, more help is needed."):
        assert kept in clean
    for gone in ("Skip to content", "Subscribe", "WhatsApp", "Share this article", "FLOODS, NIGERIA",
                 "You may also like", "Election Tribunal", "Fuel Prices", "John Okafor", "March 2, 2024"):
        assert gone not in clean
    assert not clean.startswith(("Home", "World"))


def test_short_article_without_furniture_is_kept_whole():
    raw = "Soldiers arrested twelve protesters in Bamako on Friday.\nThe army said they had blocked a road."
    clean, offsets = clean_plain_text(raw)
    assert clean == raw and offsets.to_raw(len(clean)) == len(raw)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_every_kept_line_maps_back_exactly(seeds_dir, prefix):
    item = next(read_paths([str(next(seeds_dir.glob(f"{prefix}_*.txt")))]))
    doc = clean_document(item)
    start = 0
    for line in doc.clean_text.split("\n"):
        end = start + len(line)
        if line:
            assert doc.raw[doc.offsets.to_raw(start):doc.offsets.to_raw(end)] == line
        start = end + 1


def test_every_kept_line_of_the_made_up_page_maps_back_exactly():
    raw = (FIXTURES / "page_with_teasers.txt").read_text()
    clean, offsets = clean_plain_text(raw)
    start = 0
    for line in clean.split("\n"):
        end = start + len(line)
        assert raw[offsets.to_raw(start):offsets.to_raw(end)] == line
        start = end + 1
