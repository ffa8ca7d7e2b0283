"""Main text of an HTML page with trafilatura, mapped back to offsets in the HTML source.

Offsets guarantee: the HTML's text nodes are collected with their source positions (entities
decoded, whitespace runs collapsed), and each paragraph of the extracted text is located in that
stream in document order. Every character that appears verbatim in the source (the normal case,
including text split by inline tags such as links) maps exactly; a character written as an
entity (`&rsquo;`) or as a collapsed whitespace run is left out of the segments, so it maps to the
start of the next verbatim character. A paragraph trafilatura rewrote beyond that is located by
its first words and maps to its start. Evidence offsets on HTML documents are therefore exact
for verbatim text and at worst paragraph-approximate.
"""
from __future__ import annotations

import bisect
import html as htmllib
import re
from array import array
from html.parser import HTMLParser

from seismo.errors import NoArticle
from seismo.records import OffsetMap


def extract_html(raw: str, url: str | None = None) -> tuple[str, dict]:
    """(main text, metadata dict with title/date/url/sitename); NoArticle when nothing is left."""
    import trafilatura   # here, not at the top: 0.2 s that only HTML input needs
    result = trafilatura.bare_extraction(raw, url=url, include_comments=False, include_tables=False,
                                         favor_precision=True, with_metadata=True)
    if result is None:
        raise NoArticle("no article text found in the HTML page")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    if sum(any(c.isalpha() for c in w) for w in text.split()) < 5:   # "Home | News | Sport": 3
        raise NoArticle("the HTML page holds no article text (only navigation or a few words)")
    meta = {k: data.get(k) for k in ("title", "date", "url", "sitename", "hostname")}
    return text, meta


class _TextNodes(HTMLParser):
    """Visible text of an HTML source with the source offset of every character."""
    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self, raw: str):
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.chars: list[str] = []
        self.pos = array("i")     # 4 bytes a character: documents are < 2 GB
        self._skip = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        self._skip += tag in self.SKIP

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            at = self._offset()
            self.chars.append(data)
            self.pos.extend(range(at, at + len(data)))

    def handle_entityref(self, name):
        self._add_ref(f"&{name};")

    def handle_charref(self, name):
        self._add_ref(f"&#{name};")

    def _add_ref(self, ref: str):
        if not self._skip:
            text = htmllib.unescape(ref)
            self.chars.append(text)
            self.pos.extend([self._offset()] * len(text))


def _collapse(text: str, positions=None) -> tuple[str, array]:
    """Whitespace runs -> one space; returns the text and, per kept char, its position.

    The position is `positions[i]` for the i-th input char (source offsets), or i itself.
    """
    out, idx, prev_space = [], array("i"), False
    for i, ch in enumerate(text):
        space = ch.isspace()
        if space and prev_space:
            continue
        out.append(" " if space else ch)
        idx.append(positions[i] if positions is not None else i)
        prev_space = space
    return "".join(out), idx


def align_to_source(clean: str, raw: str) -> OffsetMap:
    """Map each paragraph (line) of the clean text to its characters in the HTML source."""
    parser = _TextNodes(raw)
    try:
        parser.feed(raw)
        parser.close()
    except Exception:   # html.parser is lenient; never let alignment lose a document
        pass
    stream, stream_pos = _collapse("".join(parser.chars), parser.pos)
    segments: list[tuple[int, int, int]] = []
    pos_clean, cursor, raw_cursor = 0, 0, 0
    for para in clean.split("\n"):
        norm, idx = _collapse(para)
        key = norm.strip()
        at = stream.find(key, cursor) if key else -1
        if at < 0 and key:
            at = stream.find(key)
        if at >= 0:
            lead = len(norm) - len(norm.lstrip())
            _add_runs(segments, clean, raw, [pos_clean + idx[lead + j] for j in range(len(key))],
                      stream_pos[at:at + len(key)])
            cursor, raw_cursor = at + len(key), stream_pos[at + len(key) - 1] + 1
        elif key:
            raw_cursor = _approximate(segments, pos_clean, key, raw, raw_cursor)
        pos_clean += len(para) + 1
    return OffsetMap(segments)


def _add_runs(segments, clean: str, raw: str, clean_idx: list[int], raw_idx) -> None:
    """Runs of characters equal in both texts at consecutive offsets become segments."""
    run = None
    for c, r in zip(clean_idx, raw_idx):
        if r < len(raw) and raw[r] == clean[c]:
            if run and c == run[0] + run[2] and r == run[1] + run[2]:
                run[2] += 1
                continue
            if run:
                segments.append(tuple(run))
            run = [c, r, 1]
        elif run:
            segments.append(tuple(run))
            run = None
    if run:
        segments.append(tuple(run))


def _approximate(segments, pos_clean: int, key: str, raw: str, raw_cursor: int) -> int:
    """A paragraph not found in the text nodes: anchor its start at its first words, if found."""
    head = " ".join(key.split()[:4])
    at = raw.find(head, raw_cursor)
    if at < 0:
        return raw_cursor
    segments.append((pos_clean, at, len(head)) if raw[at:at + len(head)] == key[:len(head)] else
                    (pos_clean, at, 0))
    return at + len(head)


def compose(inner: OffsetMap, outer: OffsetMap) -> OffsetMap:
    """inner: text2 -> text1, outer: text1 -> raw; the result maps text2 -> raw (verbatim runs)."""
    starts = [s[0] for s in outer.segments]
    out: list[tuple[int, int, int]] = []
    for c, r, n in inner.segments:
        i = max(0, bisect.bisect_right(starts, r) - 1)
        while i < len(outer.segments) and outer.segments[i][0] < r + n:
            oc, orr, on = outer.segments[i]
            a, b = max(r, oc), min(r + n, oc + on)
            if b > a:
                out.append((c + a - r, orr + a - oc, b - a))
            i += 1
    return OffsetMap(out)
