"""Event dates: find date expressions, resolve them against a reference date, pick one per event.

Reference date ("anchor"): the publication date; else the first complete day-month-year date the
text states (bylines, photo captions: "on Sunday May 19, 2024"); else none, and then only
expressions that carry their own year resolve. Nothing is ever invented: an expression that
cannot be resolved gives no date.

Per event (`DocumentDates.date_for`): a date expression in the trigger's own clause, else in its
sentence, else the most recent one earlier in the same paragraph (news narrates forward from the
date it last stated), else the anchor when the document states one (source "document-anchor").
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from seismo.records import DateRef

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "several": None, "few": None, "a few": None}

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
FULL_MDY = re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", re.I)
FULL_DMY = re.compile(rf"\b{_DAY}\s+{_MON},?\s+{_YEAR}\b", re.I)
ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b")
MONTH_DAY = re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*,?\s*\d{{4}})", re.I)
DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!\s*,?\s*\d{{4}})", re.I)
MONTH_YEAR = re.compile(rf"\b{_MON}\s+(?:of\s+)?{_YEAR}\b", re.I)
MONTH_THIS = re.compile(rf"\b{_MON}\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b", re.I)
YEAR = re.compile(r"(?<![\d$.,])\b(?P<year>(?:1[89]|20)\d\d)\b(?![\d,.]\d|s\b)")
WEEKDAY = re.compile(r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
RELATIVE = re.compile(r"\b(?P<rel>yesterday|today|tonight|last night|this morning|"
                      r"(?:last|this|earlier this|late last|early last) (?:week|month|year))\b", re.I)
AGO = re.compile(r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                 r"(?: and a half)? (?P<unit>day|week|month|year)s? ago\b", re.I)
MONTH_ALONE = re.compile(rf"\b(?:in|since|until|by|during|early|late|mid-?)\s+{_MON}\b(?!\s*\d)", re.I)


@dataclass(slots=True)
class DateMention:
    start: int            # offsets in the spaCy Doc's text
    end: int
    ref: DateRef
    current: bool = False  # a point in the story's own time (within weeks of the anchor, not "since X")


def _ymd(year: int, month: int | None = None, day: int | None = None) -> tuple[str, str] | None:
    if not 1000 <= year <= 2999:
        return None   # outside any plausible news date
    try:
        if day is not None:
            return dt.date(year, month, day).isoformat(), "day"
        if month is not None:
            return (f"{year:04d}-{month:02d}", "month") if 1 <= month <= 12 else None
        return f"{year:04d}", "year"
    except (ValueError, TypeError):
        return None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def find_full_dates(text: str) -> list[tuple[int, int, str]]:
    """Complete day-month-year dates in a text: (start, end, ISO date)."""
    out = []
    for rx in (FULL_MDY, FULL_DMY, ISO):
        for m in rx.finditer(text):
            mon = m["mon"]
            month = int(mon) if mon.isdigit() else _month(mon)
            ymd = _ymd(int(m["year"]), month, int(m["day"]))
            if ymd:
                out.append((m.start(), m.end(), ymd[0]))
    return sorted(out)


def find_publication_date(text: str, head_lines: int = 15) -> str | None:
    """A byline date near the top: a short line that is essentially a complete date."""
    for line in text.strip().splitlines()[:head_lines]:
        line = line.strip()
        if not line or len(line) > 40:
            continue
        found = find_full_dates(line)
        if found and (found[0][1] - found[0][0]) >= len(line) - 12:
            return found[0][2]
    return None


def resolve_expression(text: str, anchor: dt.date | None) -> tuple[str, str] | None:
    """Resolve one date expression to (value, precision), or None."""
    for rx in (FULL_MDY, FULL_DMY, ISO):
        m = rx.search(text)
        if m:
            month = int(m["mon"]) if m["mon"].isdigit() else _month(m["mon"])
            return _ymd(int(m["year"]), month, int(m["day"]))
    m = MONTH_YEAR.search(text)
    if m:
        return _ymd(int(m["year"]), _month(m["mon"]))
    if anchor is not None:
        resolved = _resolve_relative(text, anchor)
        if resolved:
            return resolved
    m = YEAR.search(text)
    if m:
        return _ymd(int(m["year"]))
    return None


def _resolve_relative(text: str, anchor: dt.date) -> tuple[str, str] | None:
    m = MONTH_DAY.search(text) or DAY_MONTH.search(text)
    if m:
        month, day = _month(m["mon"]), int(m["day"])
        year = anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1
        return _ymd(year, month, day)
    m = MONTH_THIS.search(text)
    if m:
        shift = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
        return _ymd(anchor.year + shift, _month(m["mon"]))
    m = MONTH_ALONE.search(text)
    if m:
        month = _month(m["mon"])
        return _ymd(anchor.year if month <= anchor.month else anchor.year - 1, month)
    m = WEEKDAY.search(text)
    if m:
        back = (anchor.weekday() - WEEKDAYS[m["wd"].lower()]) % 7
        return (anchor - dt.timedelta(days=back)).isoformat(), "day"
    m = RELATIVE.search(text)
    if m:
        return _relative_word(m["rel"].lower(), anchor)
    m = AGO.search(text)
    if m:
        n = m["n"].lower()
        count = int(n) if n.isdigit() else NUMBER_WORDS.get(n) or 1
        return _ago(count, m["unit"].lower(), anchor)
    return None


def _relative_word(rel: str, anchor: dt.date) -> tuple[str, str] | None:
    if rel in ("today", "tonight", "this morning"):
        return anchor.isoformat(), "day"
    if rel in ("yesterday", "last night"):
        return (anchor - dt.timedelta(days=1)).isoformat(), "day"
    unit = rel.split()[-1]
    last = rel.split()[0] in ("last", "late", "early") and "this" not in rel
    if unit == "week":
        return _ymd(*(anchor - dt.timedelta(days=7 if last else 0)).timetuple()[:2])
    if unit == "month":
        y, mth = (anchor.year, anchor.month - 1) if last else (anchor.year, anchor.month)
        return _ymd(y - 1, 12) if mth == 0 else _ymd(y, mth)
    return _ymd(anchor.year - 1 if last else anchor.year)


def _ago(count: int, unit: str, anchor: dt.date) -> tuple[str, str] | None:
    if unit == "day":
        return (anchor - dt.timedelta(days=count)).isoformat(), "day"
    if unit == "week":
        return _ymd(*(anchor - dt.timedelta(weeks=count)).timetuple()[:2])
    if unit == "month":
        total = anchor.year * 12 + anchor.month - 1 - count
        return _ymd(total // 12, total % 12 + 1)
    return _ymd(anchor.year - count)


def _to_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


@dataclass
class DocumentDates:
    """Date expressions of one document, resolved once; `date_for` picks an event's date."""
    anchor: str | None
    anchor_source: str | None = None
    _mentions: list[DateMention] = field(default_factory=list)
    _text: str = ""        # the Doc's text, kept once: Doc.text rebuilds the string on every access

    def mentions(self) -> list[tuple[int, int, DateRef]]:
        return [(m.start, m.end, m.ref) for m in self._mentions]

    def date_for(self, trigger, sent=None) -> DateRef | None:
        sent = sent if sent is not None else trigger.sent
        in_sent = [m for m in self._mentions if sent.start_char <= m.start < sent.end_char]
        if in_sent:
            return _closest(in_sent, trigger)
        para_start = _paragraph_start(self._text, sent)
        earlier = [m for m in self._mentions if para_start <= m.start < sent.start_char]
        if earlier:
            return _copy(earlier[-1].ref, "previous-sentence")
        story = [m for m in self._mentions if m.start < sent.start_char and m.current]
        if story:
            return _copy(story[-1].ref, "story-time")
        if self.anchor:
            return DateRef(text=self.anchor_source or self.anchor, value=self.anchor,
                           precision="day", source="document-anchor")
        return None


def _closest(mentions: list[DateMention], trigger) -> DateRef:
    """Prefer a date inside the trigger's clause (its head's subtree), then the nearest one."""
    head = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    clause = range(head.left_edge.idx, head.right_edge.idx + len(head.right_edge))
    inside = [m for m in mentions if m.start in clause]
    pool = inside or mentions
    best = min(pool, key=lambda m: abs(m.start - trigger.idx))
    return _copy(best.ref, "clause" if inside else "sentence")


def _copy(ref: DateRef, source: str) -> DateRef:
    return DateRef(text=ref.text, value=ref.value, precision=ref.precision, source=source)


def _paragraph_start(text: str, sent) -> int:
    """Start offset of the paragraph (text after the last blank line) holding `sent`."""
    cut = text.rfind("\n\n", 0, sent.start_char)
    line = text.rfind("\n", 0, sent.start_char)
    # Plain-text articles often put one paragraph per line: a single newline ends a paragraph too.
    return max(cut, line) + 1 if max(cut, line) >= 0 else 0


def document_dates(sdoc, published: str | None) -> DocumentDates:
    text = sdoc.text
    anchor, anchor_source = published, "publication date" if published else None
    if not anchor:
        full = find_full_dates(text)
        if full:
            anchor, anchor_source = full[0][2], text[full[0][0]:full[0][1]]
    anchor_date = _to_date(anchor)
    mentions = []
    for start, end, phrase in _candidate_spans(sdoc, text):
        resolved = resolve_expression(phrase, anchor_date)
        if resolved:
            value, precision = resolved
            mentions.append(DateMention(start, end, DateRef(phrase, value, precision, "sentence")))
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        m.current = _is_story_time(m, text, anchor_date)
    return DocumentDates(anchor=anchor, anchor_source=anchor_source, _mentions=mentions, _text=text)


STORY_WINDOW_DAYS = 60


def _is_story_time(m: DateMention, text: str, anchor: dt.date | None) -> bool:
    """Dates that set the narrative's 'now': recent points in time, not durations' starts.

    Later sentences without a date of their own inherit the last such date ("resigned on Aug. 18
    ... the coup was condemned" -> August 2020), rather than the publication day.
    """
    if anchor is None or m.ref.precision == "year":
        return False
    before = text[max(0, m.start - 12):m.start].lower()
    if re.search(r"\b(since|until|till|from|by)\s+$", before):
        return False
    value = m.ref.value or ""
    start = dt.date.fromisoformat(value + "-01" if len(value) == 7 else value) if len(value) >= 7 else None
    return start is not None and 0 <= (anchor - start).days <= STORY_WINDOW_DAYS


def _candidate_spans(sdoc, text: str) -> list[tuple[int, int, str]]:
    """DATE entities from the model plus weekday/relative words the model leaves untagged."""
    spans = [(e.start_char, e.end_char, e.text) for e in sdoc.ents if e.label_ == "DATE"]
    covered = [(s, e) for s, e, _ in spans]
    for rx in (WEEKDAY, RELATIVE, AGO, FULL_MDY, MONTH_YEAR):
        for m in rx.finditer(text):
            if not any(s <= m.start() < e for s, e in covered):
                spans.append((m.start(), m.end(), m.group(0)))
                covered.append((m.start(), m.end()))
    return [s for s in spans if not _is_duration(s[2])]


def _is_duration(phrase: str) -> bool:
    """'three hours', 'for months', 'decades', 'the past two weeks': spans, not points in time."""
    p = phrase.lower()
    return bool(re.fullmatch(r"(?:about |some |nearly |over |for |the past |the last )?"
                             r"(?:\w+ )?(?:and a half )?(?:hours?|minutes?|days|weeks|months|years|decades?|centuries)",
                             p)) or p in ("years", "months", "decades")
