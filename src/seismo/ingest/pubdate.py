"""Publication dates: from metadata when given, else from what the text states, else None.

From the text: a byline date near the top (a short line that is a complete date), else a
complete date inside a photo caption (a line with a photo credit such as "[AP Photo/...]",
"Photo:", "(Reuters)"), since captions of news photos are dated the day they were taken and
published. A date is never guessed from partial information.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re

from seismo.extract.dates import find_full_dates, find_publication_date

_CAPTION = re.compile(r"\[(?:AP|AFP|Reuters|Getty)[^\]]*\]|\bPhoto(?:graph)?:|\((?:AP|AFP|Reuters) Photo|"
                      r"\bcredit:", re.I)


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
        parsed = email.utils.parsedate_to_datetime(text)
        return parsed.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = find_full_dates(text)
    return found[0][2] if found else None


def publication_date_from_text(text: str) -> str | None:
    byline = find_publication_date(text)
    if byline:
        return byline
    for line in text.splitlines():
        if _CAPTION.search(line):
            found = find_full_dates(line)
            if found:
                return found[0][2]
    return None
