"""Publication dates: from metadata when given, else from what the text states, else None.

From the text, three places where news pages state the day of publication:
- a wire dateline opening the story: place and/or date, maybe an agency, then a dash
  ("NAIROBI, June 25, 2024 - Police ...", "June 10, 2024 — The ...", "GOMA, 3 May 2024 (Reuters) -");
- a byline date near the top: one of the first lines is short and essentially a complete date
  ("September 6, 2020", "Published Sun 6 Sep 2020 10:14", "2020-09-06", "By Jane Doe | 6 Sep 2020");
- a photo caption: a line carrying a photo credit ("[AP Photo/...]", "Photo:", "Getty Images",
  "(Reuters)") and a complete date ("... in Kinshasa on Sunday May 19, 2024"), since news photos
  are captioned with the day they were taken, which for breaking news is the day of publication.
Only a complete day-month-year date counts; a partial one ("May 19", "May 2024") is never
completed by guessing. Complete dates are found by `seismo.extract.dates.find_full_dates`, a
pure-text helper (no model), so the whole project reads dates with one grammar.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re

from seismo.extract.dates import find_full_dates as full_dates   # the project's one date grammar

# Words a byline line may carry around its date without being a sentence.
_BYLINE_WORDS = re.compile(r"\b(?:published|updated|posted|last|modified|on|at|am|pm|gmt|utc|[ecmp][sd]t|"
                           r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?)\b|[\d:|,.·\-–—/()]",
                           re.I)
_CAPTION = re.compile(r"\[[^\]]*\b(?:AP|AFP|Reuters|Getty|EPA|Photo)\b[^\]]*\]|\bPhoto(?:graph)?\s*:|"
                      r"\((?:AP|AFP|Reuters|EPA)(?: Photo)?[^)]*\)|\bGetty Images\b|\b(?:image|photo) credit\b",
                      re.I)
# What may stand before a dateline's dash besides its date: capitalised place words, numbers,
# commas and periods, an agency in brackets.
_DATELINE = re.compile(r"^(?P<head>[^\n]{4,100}?)\s+(?:--?|–|—)\s+\S")
_DATELINE_WORD = re.compile(r"[A-Z][\w.'’-]*|\d{1,4}(?:st|nd|rd|th)?|\([^()\n]{1,40}\)|[,.]")
HEAD_LINES = 15        # a byline sits in the first lines of the page
DATELINE_LINES = 3     # a dateline opens the story: first line, or after a headline and a byline
BYLINE_MAX_CHARS = 60


def iso_date(value) -> str | None:
    """'2020-09-06', '2020-09-06T10:00:00Z', 'Sun, 06 Sep 2020 10:00:00 GMT', datetime -> 'YYYY-MM-DD'."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = full_dates(text)
    return found[0][2] if found else None


def byline_date(text: str) -> str | None:
    """A short line near the top that is a complete date plus at most byline words and a time."""
    for line in text.strip().splitlines()[:HEAD_LINES]:
        line = line.strip()
        if not line or len(line) > BYLINE_MAX_CHARS:
            continue
        found = full_dates(line)
        if found:
            start, end, value = found[0]
            rest = _BYLINE_WORDS.sub("", line[:start] + " " + line[end:])
            # "By Jane Doe | Sept. 6, 2020": an author byline may carry the date too.
            if not rest.strip() or re.match(r"By\s+[A-Z]", line):
                return value
    return None


def dateline_date(text: str) -> str | None:
    """The complete date of a dateline opening one of the first paragraphs (after a headline)."""
    lines = [line.strip() for line in text.strip().splitlines()[:HEAD_LINES] if line.strip()]
    for line in lines[:DATELINE_LINES]:
        found = _DATELINE.match(line)
        # a lower-case word before the dash: a sentence with a dash in it, not a dateline
        if found and not _DATELINE_WORD.sub("", found["head"]).strip():
            dates = full_dates(found["head"])
            if dates:
                return dates[0][2]
    return None


def caption_date(text: str) -> str | None:
    """A complete date in a photo caption line."""
    for line in text.splitlines():
        if _CAPTION.search(line):
            found = full_dates(line)
            if found:
                return found[0][2]
    return None


def publication_date_from_text(text: str) -> str | None:
    return byline_date(text) or dateline_date(text) or caption_date(text)
