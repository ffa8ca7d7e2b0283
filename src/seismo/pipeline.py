"""The orchestrating loop: clean documents in, events out.

Stages (each declares what it needs and what it sets):
  nlp      needs Document.clean_text           sets spaCy Doc (sentences, parse, entities)
  coder    needs Document + spaCy Doc           sets list[Event] (actors, places, dates, numbers)
The loop is short on purpose; all the work is in the stages. One document that breaks a stage
gets a Rejection (E300, or E301 past its time budget) and the batch goes on.
"""
from __future__ import annotations

import gc
import logging
from itertools import islice
from typing import Iterable, Iterator

from seismo.budget import time_budget
from seismo.config import MAX_CLEAN_CHARS, PARSE_CHUNK_CHARS, doc_budget_seconds
from seismo.doctext import release
from seismo.errors import SeismoError
from seismo.records import STATUS_OK, Document, Event, Rejection

log = logging.getLogger(__name__)


class Pipeline:
    def __init__(self, nlp=None, coder=None, budget_seconds: float | None = None):
        from seismo.extract.events import EventCoder
        from seismo.nlp import get_nlp
        self.nlp = nlp or get_nlp()
        self.coder = coder or EventCoder()
        self.budget_seconds = doc_budget_seconds() if budget_seconds is None else budget_seconds
        _freeze_loaded()

    def extract(self, docs: Iterable[Document], batch_size: int = 32
                ) -> Iterator[tuple[Document, list[Event] | Rejection]]:
        """Yield (document, events) per processable document, or (document, Rejection) on failure."""
        ready = (d for d in docs if d.status == STATUS_OK)
        while batch := list(islice(ready, batch_size)):
            long = {id(d) for d in batch if len(_text(d)) > PARSE_CHUNK_CHARS}
            parsed = iter(self._parse([d for d in batch if id(d) not in long], batch_size))
            for doc in batch:
                if id(doc) in long:
                    yield doc, self._extract_alone(doc)
                    continue
                doc, sdoc = next(parsed)
                yield doc, sdoc if isinstance(sdoc, Rejection) else self._code(doc, sdoc)

    def _extract_alone(self, doc: Document) -> list[Event] | Rejection:
        """A long document, parsed on its own with one budget over parsing and coding: its
        whole wall time is bounded (parsing 2 M characters took 142 s, outside any budget)."""
        from seismo.nlp import parse_texts
        try:
            with time_budget(self.budget_seconds, "parsing and event coding"):
                sdoc = next(iter(parse_texts(self.nlp, [_text(doc)])))
                return self._code(doc, sdoc)
        except SeismoError as exc:
            log.warning("%s: %s", doc.id, exc)
            return _rejection(doc, "nlp", exc)
        except Exception as exc:  # one broken document never stops a batch
            log.exception("parsing failed for %s", doc.id)
            return _rejection(doc, "nlp", exc)

    def _parse(self, batch: list[Document], batch_size: int) -> list[tuple[Document, object]]:
        """(document, spaCy Doc) for each; when the batch fails, each document alone, so only
        the one the parser cannot take gets a Rejection."""
        from seismo.nlp import parse_texts
        try:
            return list(zip(batch, parse_texts(self.nlp, [_text(d) for d in batch], batch_size)))
        except Exception:
            log.exception("parsing a batch failed; parsing its %d documents one by one", len(batch))
        parsed = []
        for doc in batch:
            try:
                parsed.extend(zip([doc], parse_texts(self.nlp, [_text(doc)])))
            except Exception as exc:
                parsed.append((doc, _rejection(doc, "nlp", exc)))
        return parsed

    def _code(self, doc: Document, sdoc) -> list[Event] | Rejection:
        try:
            with time_budget(self.budget_seconds, "event coding"):
                return self.coder.code(doc, sdoc)
        except SeismoError as exc:  # past the budget: a per-document message, no traceback
            log.warning("%s: %s", doc.id, exc)
            return _rejection(doc, "extract", exc)
        except Exception as exc:  # one broken document never stops a batch
            log.exception("extraction failed for %s", doc.id)
            return _rejection(doc, "extract", exc)
        finally:
            release(sdoc)


_frozen = False


def _freeze_loaded() -> None:
    """Move what is alive now (the model, gazetteer, knowledge base and lexicons, kept for the
    life of the process) out of the garbage collector's sight, once per process: full
    collections stop re-scanning them while documents are processed, and the final collections
    at exit (~0.45 CPU s after a spaCy load, measured) skip them. No collection first: after
    loading it found 5 objects to free and cost 0.06 s."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def _text(doc: Document) -> str:
    return doc.clean_text[:MAX_CLEAN_CHARS]


def _rejection(doc: Document, stage: str, exc: Exception) -> Rejection:
    code = exc.code if isinstance(exc, SeismoError) else "E300"
    message = exc.message if isinstance(exc, SeismoError) else f"{type(exc).__name__}: {exc}"
    return Rejection(doc.id, stage, code, message, doc.source)
