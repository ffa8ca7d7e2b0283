"""Readers: files, directories, JSONL, RSS/Atom feeds and stdin into Document records.

Every input item becomes either a Document or a Rejection (with an error code from
seismo.errors); an unreadable item never stops the others. Size is checked before reading, so a
huge file costs nothing but a stat() and the first 64 KB kept for the rejection record. JSONL
files (and JSONL on stdin) are streamed line by line, so a batch file may exceed the per-document
limit; the limit then applies to each line.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from seismo.clean.html import align_to_source, extract_html
from seismo.config import MAX_DOCUMENT_BYTES, max_doc_chars
from seismo.errors import (BinaryInput, EmptyInput, EncodingError, InputError, MalformedRecord,
                           TooLarge)
from seismo.ingest.pubdate import iso_date, publication_date_from_text
from seismo.records import Document, Rejection

KEEP_BYTES = 65536
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
SUPPORTED = HTML_SUFFIXES | FEED_SUFFIXES | TEXT_SUFFIXES | {".jsonl", ".ndjson"}

Item = Document | Rejection
log = logging.getLogger(__name__)


def read_paths(paths: list[str]) -> Iterator[Item]:
    for p in paths:
        if p == "-":
            yield from read_stream(sys.stdin.buffer, "stdin")
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.parts[len(path.parts):]) \
                        and child.suffix.lower() in SUPPORTED:
                    yield from read_file(child)
        elif path.exists():
            yield from read_file(path)
        else:
            yield Rejection(path.stem, "ingest", "E100", f"no such file or directory: {p}", p)


def read_file(path: Path) -> Iterator[Item]:
    doc_id, source = path.stem, str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            # A JSONL batch may be far bigger than one document: streamed, limits apply per line.
            with path.open("rb") as f:
                if b"\x00" in f.peek(8192)[:8192]:
                    raise BinaryInput("binary content (NUL bytes): not a JSONL file", kept=f.read(KEEP_BYTES))
                yield from read_jsonl_stream(f, source)
            return
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            with path.open("rb") as f:
                head = f.read(KEEP_BYTES)
            raise TooLarge(f"{size:,} bytes is over the {MAX_DOCUMENT_BYTES:,}-byte limit per document "
                           f"(seismo.config.MAX_DOCUMENT_BYTES); split the file", kept=head)
        data = path.read_bytes()
        if suffix in FEED_SUFFIXES:
            yield from read_feed(data, source)
            return
        text = decode(data)
        fmt = "html" if suffix in HTML_SUFFIXES or _looks_like_html(text) else "txt"
        yield make_document(doc_id, source, text, fmt)
    except InputError as exc:
        yield _rejection(doc_id, source, exc)
    except OSError as exc:      # unreadable file (permissions, vanished): that item only
        yield Rejection(doc_id, "ingest", "E100", f"cannot read the file: {exc.strerror or exc}", source)
    except Exception as exc:    # a bug on one file must not end the generator, and the batch
        log.exception("reading %s failed", source)
        yield Rejection(doc_id, "ingest", "E100", f"cannot read the file: {type(exc).__name__}", source)


def read_stream(stream: BinaryIO, name: str) -> Iterator[Item]:
    """Standard input: JSONL when the first non-blank byte opens an object, else one document."""
    head = stream.read(KEEP_BYTES)
    if head.lstrip()[:1] == b"{":
        yield from read_jsonl_stream(io.BufferedReader(_Chain(head, stream)), name)
        return
    data = head + stream.read(MAX_DOCUMENT_BYTES + 1 - len(head))
    doc_id = f"{name}-{hashlib.sha1(data).hexdigest()[:10]}"
    try:
        if len(data) > MAX_DOCUMENT_BYTES:
            raise TooLarge("standard input is over the per-document size limit", kept=data[:KEEP_BYTES])
        text = decode(data)
        yield make_document(doc_id, name, text, "html" if _looks_like_html(text) else "txt")
    except InputError as exc:
        yield _rejection(doc_id, name, exc)


class _Chain(io.RawIOBase):
    """Bytes already read, then the rest of a stream (to re-read stdin after peeking at it)."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n], self._head = self._head[:n], self._head[n:]
            return n
        chunk = self._rest.read(len(buf))
        buf[:len(chunk)] = chunk
        return len(chunk)


def decode(data: bytes) -> str:
    if not data.strip():
        raise EmptyInput("the input is empty", kept=b"")
    if b"\x00" in data[:8192]:
        raise BinaryInput("binary content (NUL bytes): not a text, HTML, JSONL or feed file",
                          kept=data[:KEEP_BYTES])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not valid UTF-8 (byte {exc.start}); convert the file to UTF-8",
                            kept=data[:KEEP_BYTES]) from exc
    if not text.strip():
        raise EmptyInput("the input holds only whitespace", kept=b"")
    return text


def make_document(doc_id: str, source: str, text: str, fmt: str, **meta) -> Document:
    """A Document from text or HTML; HTML is reduced to its main text here (NoArticle if none).

    Every InputError raised here keeps the input (its first KEEP_BYTES), so the rejection
    record holds what was refused."""
    try:
        return _make_document(doc_id, source, text, fmt, **meta)
    except InputError as exc:
        exc.context.setdefault("kept", text[:KEEP_BYTES])
        raise
    except RecursionError as exc:   # a pathologically nested HTML tree (100k nested divs)
        raise NoArticle("the HTML page is nested too deeply to read", kept=text[:KEEP_BYTES]) from exc


def check_id(doc_id) -> str:
    """The document id as stored: a non-empty string (or a JSON integer, as its digits) that the
    API can address. "/" cannot appear in a URL path segment, so such ids are refused."""
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise MalformedRecord(f"the id must be a non-empty string or an integer, not {type(doc_id).__name__}")
    if "/" in doc_id or any(ord(c) < 32 for c in doc_id):
        raise MalformedRecord(f"the id {doc_id[:80]!r} holds '/' or a control character; "
                              "ids must be usable in a URL path")
    return doc_id


def check_storable(text: str, what: str = "the text") -> None:
    """Refuse text no database can hold: NUL characters (PostgreSQL) and lone surrogates (not
    encodable as UTF-8), which a JSON escape such as \\u0000 or \\ud800 can produce."""
    if "\x00" in text:
        raise BinaryInput(f"{what} holds a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise EncodingError(f"{what} holds a lone surrogate (position {exc.start}): not Unicode text") from None


def _make_document(doc_id: str, source: str, text: str, fmt: str, **meta) -> Document:
    limit = max_doc_chars()
    if limit and len(text) > limit:
        raise TooLarge(f"{len(text):,} characters is over the {limit:,}-character limit per document "
                       "(SEISMO_MAX_DOC_CHARS)")
    check_storable(text)
    if fmt != "html" and not any(c.isalnum() for c in text):
        raise EmptyInput("the text holds no letter or digit (only spaces, punctuation or invisible marks)")
    for key, value in meta.items():
        if isinstance(value, str):
            check_storable(value, f"the {key!r} field")
    doc = Document(id=doc_id, source=source, raw=text, format=fmt, url=meta.get("url"),
                   title=meta.get("title"), outlet=meta.get("outlet"))
    published = iso_date(meta.get("published"))
    if fmt == "html":
        main, html_meta = extract_html(text, url=doc.url)
        doc.clean_text, doc.offsets = main, align_to_source(main, text)
        doc.title = doc.title or html_meta.get("title")
        doc.url = doc.url or html_meta.get("url")
        doc.outlet = doc.outlet or html_meta.get("sitename") or html_meta.get("hostname")
        published = published or iso_date(html_meta.get("date"))
    if published:
        doc.published, doc.published_from = published, "metadata"
    else:
        found = publication_date_from_text(doc.clean_text or text)
        if found:
            doc.published, doc.published_from = found, "text"
    return doc


def read_jsonl(data: bytes, source: str) -> Iterator[Item]:
    yield from read_jsonl_stream(io.BytesIO(data), source)


def read_jsonl_stream(f: BinaryIO, source: str) -> Iterator[Item]:
    """One item per non-blank line; a bad line is a Rejection and the next line goes on."""
    n = 0
    while True:
        line = f.readline(MAX_DOCUMENT_BYTES + 1)
        if not line:
            return
        n += 1
        if len(line) > MAX_DOCUMENT_BYTES and not line.endswith(b"\n"):
            _skip_rest_of_line(f)
            yield Rejection(f"{Path(source).stem}-{n}", "ingest", "E104", f"line {n} is over the "
                            f"{MAX_DOCUMENT_BYTES:,}-byte limit per document", f"{source}:{n}",
                            line[:KEEP_BYTES].decode("utf-8", "replace"))
            continue
        if n == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")    # UTF-8 byte-order mark
        if not line.strip():
            continue
        yield _jsonl_item(line, source, n)


def _jsonl_item(line: bytes, source: str, n: int) -> Item:
    """One line's Document or Rejection; never raises, so one line cannot end the batch."""
    try:
        text = line.decode("utf-8").strip()
        return _jsonl_record(text, source, n)
    except UnicodeDecodeError as exc:
        return _rejection(_line_id(source, n), f"{source}:{n}", EncodingError(
            f"line {n} is not valid UTF-8 (byte {exc.start})", kept=line[:KEEP_BYTES]))
    except InputError as exc:
        exc.context["kept"] = line.strip()[:KEEP_BYTES]    # the line as read: the input itself
        return _rejection(_line_id(source, n), f"{source}:{n}", exc)
    except Exception as exc:   # a bug on one line: logged, and the line is kept in its rejection
        log.exception("reading line %d of %s failed", n, source)
        return Rejection(_line_id(source, n), "ingest", "E105", f"line {n} could not be read: "
                         f"{type(exc).__name__}", f"{source}:{n}", line[:KEEP_BYTES].decode("utf-8", "replace"))


def _skip_rest_of_line(f: BinaryIO) -> None:
    while True:
        chunk = f.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def _jsonl_record(line: str, source: str, n: int) -> Document:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedRecord(f"line {n} is not valid JSON: {exc.msg}", kept=line.encode()) from exc
    except RecursionError as exc:   # json's decoder recurses once per nesting level
        raise MalformedRecord(f"line {n} is nested too deeply to read", kept=line.encode()) from exc
    if not isinstance(rec, dict):
        raise MalformedRecord(f"line {n} is not a JSON object", kept=line.encode())
    body, fmt = rec.get("text"), "txt"
    if not body and rec.get("html"):
        body, fmt = rec["html"], "html"
    if not isinstance(body, str) or not body.strip():
        raise MalformedRecord(f"line {n} has no 'text' or 'html' field", kept=line.encode())
    doc_id = _line_id(source, n) if rec.get("id") in (None, "") else check_id(rec["id"])
    return make_document(doc_id, f"{source}:{n}", body, fmt, url=_text(rec.get("url")),
                         title=_text(rec.get("title")), published=_text(rec.get("published")),
                         outlet=_text(rec.get("source")))


def _text(value) -> str | None:
    """Optional string fields: anything that is not a non-empty string counts as absent."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def _line_id(source: str, n: int) -> str:
    return f"{Path(source).stem}-{n}"


def read_feed(data: bytes, source: str) -> Iterator[Item]:
    import feedparser
    parsed = feedparser.parse(data)
    if not parsed.entries:
        yield Rejection(Path(source).stem, "ingest", "E105", "not an RSS/Atom feed, or a feed with no "
                        "entries" + (f" ({parsed.bozo_exception})" if parsed.bozo else ""), source,
                        data[:KEEP_BYTES].decode("utf-8", "replace"))
        return
    outlet = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        key = entry.get("id") or entry.get("link") or f"{source}#{i}"
        doc_id = "feed-" + hashlib.sha1(key.encode()).hexdigest()[:16]
        body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        try:
            if not body.strip():
                raise MalformedRecord(f"feed entry {i} has no content or summary")
            fmt = "html" if _looks_like_html(body) else "txt"
            published = entry.get("published_parsed") or entry.get("updated_parsed")
            yield make_document(doc_id, source, body, fmt, url=entry.get("link"), title=entry.get("title"),
                                published="%04d-%02d-%02d" % published[:3] if published else None,
                                outlet=outlet)
        except InputError as exc:
            yield _rejection(doc_id, source, exc)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<p>" in head or "<div" in head or "<!doctype html" in head


def _rejection(doc_id: str, source: str, exc: InputError) -> Rejection:
    kept = exc.context.get("kept")
    raw = kept.decode("utf-8", "replace") if isinstance(kept, bytes) else kept
    return Rejection(doc_id, "ingest", exc.code, exc.message, source, raw)
