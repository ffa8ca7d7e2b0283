"""The orchestrating loop: clean documents in, events out.

Stages (each declares what it needs and what it sets):
  nlp      needs Document.clean_text           sets spaCy Doc (sentences, parse, entities)
  coder    needs Document + spaCy Doc           sets list[Event] (actors, places, dates, numbers)
The loop is short on purpose; all the work is in the stages.
"""
from __future__ import annotations

import logging
from typing import Iterable, Iterator

from seismo.config import MAX_CLEAN_CHARS
from seismo.records import STATUS_OK, Document, Event, Rejection

log = logging.getLogger(__name__)


class Pipeline:
    def __init__(self, nlp=None, coder=None):
        from seismo.extract.events import EventCoder
        from seismo.nlp import get_nlp
        self.nlp = nlp or get_nlp()
        self.coder = coder or EventCoder()

    def extract(self, docs: Iterable[Document], batch_size: int = 32
                ) -> Iterator[tuple[Document, list[Event] | Rejection]]:
        """Yield (document, events) per processable document, or (document, Rejection) on failure."""
        ready = (d for d in docs if d.status == STATUS_OK)
        pairs = ((d.clean_text[:MAX_CLEAN_CHARS], d) for d in ready)
        for sdoc, doc in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            try:
                yield doc, self.coder.code(doc, sdoc)
            except Exception as exc:  # one broken document never stops a batch
                log.exception("extraction failed for %s", doc.id)
                yield doc, Rejection(doc.id, "extract", "E300", f"{type(exc).__name__}: {exc}", doc.source)
