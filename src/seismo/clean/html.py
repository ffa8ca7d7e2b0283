"""Main text of an HTML page with trafilatura, mapped back to offsets in the HTML source.

Offsets guarantee: a paragraph that appears verbatim in the HTML source (no inline tags or
character entities inside it) maps exactly; otherwise it maps to where its first words occur,
and failing that to the end of the previous paragraph. Evidence offsets on HTML documents are
therefore exact for plain paragraphs and approximate (paragraph start) for the rest.
"""
from __future__ import annotations

import html as htmllib

import trafilatura

from seismo.errors import NoArticle
from seismo.records import OffsetMap


def extract_html(raw: str, url: str | None = None) -> tuple[str, dict]:
    """(main text, metadata dict with title/date/url/sitename); NoArticle when nothing is left."""
    result = trafilatura.bare_extraction(raw, url=url, include_comments=False, include_tables=False,
                                         favor_precision=True, with_metadata=True)
    if result is None:
        raise NoArticle("no article text found in the HTML page")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    if len(text.split()) < 5:
        raise NoArticle("the HTML page holds no article text (only navigation or a few words)")
    meta = {k: data.get(k) for k in ("title", "date", "url", "sitename", "hostname")}
    return text, meta


def align_to_source(clean: str, raw: str) -> OffsetMap:
    """Map each paragraph (line) of the clean text to its position in the HTML source."""
    segments: list[tuple[int, int, int]] = []
    unescaped_hint = htmllib.unescape
    pos_clean, pos_raw = 0, 0
    for para in clean.split("\n"):
        if para.strip():
            at = raw.find(para, pos_raw)
            length = len(para) if at >= 0 else 0
            if at < 0:
                head = " ".join(unescaped_hint(para).split()[:4])
                at = raw.find(head, pos_raw) if head else -1
            if at < 0:
                at = pos_raw
            segments.append((pos_clean, at, length or 0))
            pos_raw = at + (length or 0)
        pos_clean += len(para) + 1
    return OffsetMap(segments)
