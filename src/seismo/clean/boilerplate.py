"""Boilerplate removal for plain text, by the shape and position of lines.

Pages copied as text carry the site around the article: social-network button rows, "Share",
"Related Posts", "Read more", tag lists, section labels, and at the end teasers of unrelated
articles (headline, one-line blurb, author, date, repeated). The rules look at what a line is
(only interface words? a comma list of capitalised tags? a headline without a final stop?) and
where it sits (the teaser rule only applies to the tail after a widget or section marker), never
at any particular site's strings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from seismo.records import OffsetMap

# Words that make up navigation and sharing widgets; a line made only of these is not content.
WIDGET_WORDS = {
    "share", "shares", "facebook", "twitter", "x", "instagram", "youtube", "whatsapp", "linkedin",
    "telegram", "reddit", "pinterest", "tiktok", "email", "e-mail", "print", "copy", "link", "more",
    "menu", "home", "search", "subscribe", "login", "log", "in", "sign", "up", "back", "to", "top",
    "read", "related", "posts", "post", "articles", "article", "stories", "local", "news", "comment",
    "comments", "advertisement", "tags", "tag", "follow", "us", "skip", "content", "next", "previous",
    "prev", "newsletter", "you", "may", "also", "like", "recommended", "popular", "latest", "trending",
    "see", "all", "show", "hide", "close", "open", "on", "and", "the", "of", "this", "story", "leave",
    "a", "reply", "cancel", "continue", "reading", "click", "here", "view", "watch", "listen",
}
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
_DATE_LINE = re.compile(r"^(?:[A-Z][a-z]+day,?\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
                        r"|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|\d{4}-\d\d-\d\d)$")


@dataclass(slots=True)
class Line:
    start: int      # offset in the raw text of the stripped line
    text: str       # the line without surrounding whitespace

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)


def split_lines(raw: str) -> list[Line]:
    lines, pos = [], 0
    for piece in raw.splitlines(keepends=True):
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        lines.append(Line(pos + lead, stripped))
        pos += len(piece)
    return lines


def is_widget(line: Line) -> bool:
    words = [w.lower() for w in line.words]
    return bool(words) and len(words) <= 8 and all(w in WIDGET_WORDS for w in words)


def is_tag_list(line: Line) -> bool:
    """'AFRICA, AL JAZEERA, CIVIL WAR, DR CONGO, ...': many short capitalised comma items."""
    items = [i.strip() for i in line.text.split(",")]
    if len(items) < 5:
        return False
    short = [i for i in items if 0 < len(i.split()) <= 4]
    upper = [i for i in items if i.upper() == i or i.istitle()]
    return len(short) >= 0.8 * len(items) and len(upper) >= 0.8 * len(items) and not line.text.endswith(".")


def is_headline(line: Line) -> bool:
    """A title-like line: short, most words capitalised, no sentence-final stop."""
    words = line.words
    if not 2 <= len(words) <= 20 or line.text[-1:] in ".?!”\"":
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return caps >= 0.6 * len(words)


def is_byline(line: Line) -> bool:
    """An author name or a date on its own line."""
    words = line.words
    if _DATE_LINE.match(line.text):
        return True
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and line.text[-1:] not in ".:"


def is_paragraph(line: Line) -> bool:
    return len(line.words) >= 25 and line.text[-1:] in ".?!”\"’)"


def teaser_tail_start(lines: list[Line]) -> int | None:
    """Index where a trailing block of unrelated-article teasers begins, or None.

    The block must follow a widget/section marker in the second half of the text, hold at least
    two headline+byline shaped items, and hold no article-length paragraph that is not a blurb
    directly under a headline.
    """
    content = [i for i, ln in enumerate(lines) if ln.text]
    if len(content) < 6:
        return None
    half = content[len(content) // 2]
    for idx in content:
        if idx < half or not is_widget(lines[idx]):
            continue
        tail = [lines[i] for i in content if i > idx]
        if _looks_like_teasers(tail):
            return idx
    return None


def _looks_like_teasers(tail: list[Line]) -> bool:
    if len(tail) < 4:
        return False
    headlines = sum(1 for ln in tail if is_headline(ln))
    bylines = sum(1 for ln in tail if is_byline(ln))
    long_paras = sum(1 for ln in tail if len(ln.words) > 70)
    return headlines >= 2 and bylines >= 2 and long_paras <= len(tail) // 6


def is_section_label(line: Line) -> bool:
    """'Politics', 'Conflicts': a lone capitalised word, the site's section navigation.

    All-caps words are not labels here: a lone 'KINSHASA' line is a dateline and carries the place.
    """
    words = line.words
    return len(words) == 1 and line.text == words[0] and words[0].istitle() and words[0].isalpha()


def leading_labels_end(lines: list[Line]) -> int:
    """Index after the section labels that sit above the article's first longer line (or 0)."""
    for i, line in enumerate(lines):
        if line.text and not is_section_label(line):
            return i if len(line.words) >= 2 else 0
    return 0


def guess_title(clean: str) -> str | None:
    """The first headline-shaped line near the top (skipping bylines), else a short first line."""
    lines = [Line(0, t.strip()) for t in clean.split("\n") if t.strip()][:8]
    for line in lines:
        if len(line.words) >= 4 and is_headline(line) and not is_byline(line):
            return line.text
    first = lines[0].text if lines else ""
    return first if 0 < len(first.split()) <= 25 else None


def clean_plain_text(raw: str) -> tuple[str, OffsetMap]:
    """Kept lines joined back into paragraphs, with the exact map to the raw offsets."""
    lines = split_lines(raw)
    cut = teaser_tail_start(lines)
    if cut is not None:
        lines = lines[:cut]
    lines = lines[leading_labels_end(lines):]
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    pos, gap = 0, False
    for line in lines:
        if not line.text:
            gap = True
            continue
        if is_widget(line) or is_tag_list(line):
            continue
        if pieces:
            sep = "\n\n" if gap else "\n"
            pieces.append(sep)
            pos += len(sep)
        segments.append((pos, line.start, len(line.text)))
        pieces.append(line.text)
        pos += len(line.text)
        gap = False
    return "".join(pieces), OffsetMap(segments)
