"""The lookup key shared by the actor knowledge base and the country index.

It lives on its own so that kb.py can import kb_countries.py (and not the other way round):
the two used to import each other, kb_countries reaching back into kb for this one function.
"""
from __future__ import annotations

import functools
import re
import unicodedata


@functools.lru_cache(maxsize=65_536)   # the same phrases are folded for every KB lookup
def fold(text: str) -> str:
    """Lowercase, accents removed, curly quotes straightened: the key for alias lookups."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.lower()).strip(" .,")
