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

from seismo.doctext import doc_ents, doc_text
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
MONTH_YEAR = re.compile(rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b", re.I)
NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)\b")
MONTH_THIS = re.compile(rf"\b{_MON}\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b", re.I)
YEAR = re.compile(r"(?<![\d$.,])\b(?P<year>(?:1[89]|20)\d\d)\b(?![\d,.]\d|s\b)")
WEEKDAY = re.compile(r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
RELATIVE = re.compile(r"\b(?P<rel>yesterday|today|tonight|last night|this morning|"
                      r"(?:last|this|earlier this|late last|early last) (?:week|month|year))\b", re.I)
AGO = re.compile(r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                 r"(?: and a half)? (?P<unit>day|week|month|year)s? ago\b", re.I)
MONTH_ALONE = re.compile(rf"\b(?:in|since|until|by|during|early|late|mid)[\s-]+{_MON}(?!\s*\d)", re.I)
# Time relative to the narrated time, not to the publication date ("two years later", "the next
# day"): resolved against the previous date of the paragraph, else unknown (and never the anchor).
_COUNT = r"\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few|some"
LATER = re.compile(rf"\b(?:(?P<n>{_COUNT})\s+)?(?P<unit>day|week|month|year)s?\s+"
                   r"(?P<dir>later|afterwards?|after|earlier|before|previously)\b", re.I)
NEXT = re.compile(r"\b(?:the\s+)?(?P<dir>next|following|previous|preceding)\s+(?P<unit>day|week|month|year)\b"
                  r"|\bthe\s+(?P<unit2>day|week|month|year)\s+(?P<dir2>before|after)\b", re.I)
DECADE = re.compile(r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:1[89]|20)\d0s\b", re.I)
# Words before a bare month name that make it a date ("in April"), not a name ("October Manifesto").
MONTH_PREFIX = frozenset({"in", "since", "until", "till", "by", "during", "early", "late", "mid", "mid-",
                          "last", "this", "next", "from", "through", "before", "after"})


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
    m = NUMERIC.search(text)
    if m:
        return _numeric(int(m["a"]), int(m["b"]), int(m["year"]))
    if LATER.search(text) or NEXT.search(text) or DECADE.search(text):
        return None    # relative to the narrated time (see narrative_shift) or a span of years
    if anchor is not None:
        resolved = _resolve_relative(text, anchor)
        if resolved:
            return resolved
    m = YEAR.search(text)
    if m:
        return _ymd(int(m["year"]))
    return None


def _numeric(a: int, b: int, year: int) -> tuple[str, str] | None:
    """'16/05/2024' (day first) or '05/16/2024' (month first); when both orders are valid
    and differ, the day and month are unknown and only the year is kept."""
    if a > 12 >= b:
        return _ymd(year, b, a)
    if b > 12 >= a:
        return _ymd(year, a, b)
    if a == b:
        return _ymd(year, a, b)
    return _ymd(year)


def narrative_shift(text: str, ref: DateRef | None) -> tuple[str, str] | None:
    """Resolve 'two years later', 'the next day', 'a week earlier' against the date the
    narrative last stated (`ref`); None when there is none or the count is vague."""
    m = LATER.search(text)
    if m:
        n, unit, sign = (m["n"] or "one").lower(), m["unit"].lower(), m["dir"].lower()
    else:
        m = NEXT.search(text)
        if not m:
            return None
        n, unit = "one", (m["unit"] or m["unit2"]).lower()
        sign = (m["dir"] or m["dir2"]).lower()
    count = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
    if ref is None or not ref.value or not count or count > 1000:
        return None
    back = sign in ("earlier", "before", "previously", "previous", "preceding")
    return _shift(ref.value, -count if back else count, unit)


def _shift(value: str, count: int, unit: str) -> tuple[str, str] | None:
    """Move a date by `count` units, keeping no more precision than the reference has."""
    if unit == "year":
        return _ymd(int(value[:4]) + count)
    if unit == "month" and len(value) >= 7:
        total = int(value[:4]) * 12 + int(value[5:7]) - 1 + count
        return _ymd(total // 12, total % 12 + 1)
    day = _to_date(value)
    if day is None:
        return None
    try:
        return (day + dt.timedelta(days=count * (7 if unit == "week" else 1))).isoformat(), "day"
    except OverflowError:
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
        """Resolved date expressions: (start, end, DateRef), offsets in the Doc's text."""
        return [(m.start, m.end, m.ref) for m in self._mentions if m.ref.value]

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
    """Prefer a date inside the trigger's clause (its head's subtree), then the nearest one.

    An unresolvable time expression ("two years later" with nothing to count from) still
    counts: the event is then of unknown date (value None) rather than the anchor's."""
    head = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    clause = range(head.left_edge.idx, head.right_edge.idx + len(head.right_edge))
    inside = [m for m in mentions if m.start in clause]
    pool = inside or mentions
    resolved = [m for m in pool if m.ref.value]
    best = min(resolved or pool, key=lambda m: abs(m.start - trigger.idx))
    return _copy(best.ref, "clause" if inside else "sentence")


def _copy(ref: DateRef, source: str) -> DateRef:
    return DateRef(text=ref.text, value=ref.value, precision=ref.precision, source=source)


def _paragraph_start(text: str, sent) -> int:
    """Start offset of the paragraph holding `sent`."""
    return _paragraph_start_at(text, sent.start_char)


def _paragraph_start_at(text: str, offset: int) -> int:
    # Plain-text articles often put one paragraph per line: a single newline ends a paragraph too.
    return text.rfind("\n", 0, offset) + 1


def document_dates(sdoc, published: str | None) -> DocumentDates:
    """Find and resolve every date expression of a parsed document, once.

    `published`: ISO publication date, or None; then the first complete date the text states
    is the anchor (byline, photo caption)."""
    text = doc_text(sdoc)
    anchor, anchor_source = published, "publication date" if published else None
    if not anchor:
        full = find_full_dates(text)
        if full:
            anchor, anchor_source = full[0][2], text[full[0][0]:full[0][1]]
    anchor_date = _to_date(anchor)
    mentions: list[DateMention] = []
    for start, end, phrase in sorted(_candidate_spans(sdoc, text)):
        resolved = resolve_expression(phrase, anchor_date)
        if resolved is None and _is_narrative_relative(phrase):
            resolved = narrative_shift(phrase, _last_in_paragraph(mentions, text, start))
            mentions.append(DateMention(start, end, DateRef(phrase, *(resolved or (None, None)),
                                                            "sentence")))
        elif resolved:
            mentions.append(DateMention(start, end, DateRef(phrase, *resolved, "sentence")))
    for m in mentions:
        m.current = _is_story_time(m, text, anchor_date)
    return DocumentDates(anchor=anchor, anchor_source=anchor_source, _mentions=mentions, _text=text)


def _is_narrative_relative(phrase: str) -> bool:
    return bool(LATER.search(phrase) or NEXT.search(phrase) or DECADE.search(phrase))


def _last_in_paragraph(mentions: list[DateMention], text: str, offset: int) -> DateRef | None:
    para = _paragraph_start_at(text, offset)
    earlier = [m for m in mentions if m.start >= para and m.ref.value]
    return earlier[-1].ref if earlier else None


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
    """DATE entities from the model plus weekday/relative words the model leaves untagged.

    Offsets are trimmed of surrounding whitespace; a bare month name counts only after a
    temporal word ("in April", "since January"), which joins the span."""
    spans = []
    for e in doc_ents(sdoc):
        if e.label_ != "DATE":
            continue
        start, end = e.start_char, e.end_char
        if re.fullmatch(rf"(?:early|late|mid-?)?\s*{_MON}", e.text.strip(), re.I):
            prev = sdoc[e.start - 1] if e.start > 0 else None
            if prev is None or prev.lower_ not in MONTH_PREFIX:
                continue   # "October Manifesto", "May" as a name
            start = prev.idx
        spans.append(_trim(text, start, end))
    covered = [(s, e) for s, e, _ in spans]
    for rx in (WEEKDAY, RELATIVE, AGO, FULL_MDY, MONTH_YEAR, LATER, NEXT, DECADE):
        for m in rx.finditer(text):
            if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in covered):
                spans.append(_trim(text, m.start(), m.end()))
                covered.append((m.start(), m.end()))
    return [s for s in spans if s[2] and not _is_duration(s[2])]


def _trim(text: str, start: int, end: int) -> tuple[int, int, str]:
    phrase = text[start:end]
    lead = len(phrase) - len(phrase.lstrip())
    phrase = phrase.strip()
    return start + lead, start + lead + len(phrase), phrase


def _is_duration(phrase: str) -> bool:
    """'three hours', 'for months', 'decades', 'the past two weeks': spans, not points in time."""
    p = phrase.lower()
    return bool(re.fullmatch(r"(?:about |some |nearly |over |for |the past |the last )?"
                             r"(?:\w+ )?(?:and a half )?(?:hours?|minutes?|days|weeks|months|years|decades?|centuries)",
                             p)) or p in ("years", "months", "decades")
