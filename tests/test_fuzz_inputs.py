"""Property-based tests for hostile input: the cleaner and the JSONL / feed / file readers.

No crash, offsets always valid, every item either a Document or a Rejection. Raise the number
of examples for a long fuzzing run with SEISMO_FUZZ_EXAMPLES.
"""
import json
import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seismo.clean.boilerplate import clean_plain_text
from seismo.ingest.readers import read_feed, read_jsonl, read_stream
from seismo.records import Document, Rejection

EXAMPLES = int(os.environ.get("SEISMO_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
LINES = st.lists(st.sampled_from(["Share", "Facebook Twitter Share", "Related Posts", "Read more", "",
                                  "AFRICA, DRC, M23, GOMA, WAR, US", "Jane Doe", "May 17, 2024",
                                  "Victory for the Union at the Plant", "    indented text line here.",
                                  "A long paragraph about rebels seizing a town after heavy fighting, "
                                  "with officials saying dozens of people fled the area overnight.",
                                  "\t", "\r", "x" * 300]), max_size=40).map("\n".join)
TEXT = st.one_of(st.text(max_size=2000), LINES)


@FUZZ
@given(TEXT)
def test_cleaner_offsets_always_point_at_the_same_text(raw):
    start = time.monotonic()
    clean, offsets = clean_plain_text(raw)
    assert time.monotonic() - start < 1.0
    for c, r, n in offsets.segments:
        assert clean[c:c + n] == raw[r:r + n]
    assert len(clean) <= len(raw) + 2 * len(offsets.segments)


@FUZZ
@given(st.binary(max_size=3000))
def test_stream_reader_total_on_bytes(data):
    import io
    for item in read_stream(io.BytesIO(data), "stdin"):
        assert isinstance(item, (Document, Rejection))


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=200),
                          st.dictionaries(st.sampled_from(["id", "text", "html", "title", "published", "url"]),
                                          st.one_of(st.text(max_size=80), st.integers(), st.none()),
                                          max_size=5).map(json.dumps)), max_size=20))
def test_jsonl_reader_never_raises(lines):
    items = list(read_jsonl("\n".join(lines).encode("utf-8", "surrogatepass"), "fuzz.jsonl"))
    assert all(isinstance(i, (Document, Rejection)) for i in items)


@settings(max_examples=max(EXAMPLES // 5, 30), deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1500))
def test_feed_reader_never_raises(body):
    data = f"<?xml version='1.0'?><rss><channel><title>t</title><item><title>x</title>" \
           f"<description>{body}</description></item></channel></rss>".encode("utf-8", "surrogatepass")
    for raw in (data, body.encode("utf-8", "surrogatepass")):
        assert all(isinstance(i, (Document, Rejection)) for i in read_feed(raw, "fuzz.xml"))
