"""The other stages' resolvers the event coder calls (actors, places, dates, numbers,
minerals), imported plainly and called through one guard.

A resolver that raises on one input costs the field it would have filled, never the document:
the exception is logged with its traceback under E302 (errors.ResolverFailed) and counted, per
document on the coder's result (CodedEvents.resolver_failures) and per run in the run record
(`resolver_failed:<name>`, runner.ExtractSummary.counts). A blank field always leaves a trace.
SeismoError (the per-document time budget, E301) is not a resolver bug and goes up unchanged.
"""
from __future__ import annotations

import logging
from collections import Counter

from seismo.errors import ResolverFailed, SeismoError
from seismo.extract.dates import document_dates
from seismo.extract.minerals import minerals_in
from seismo.extract.quantities import casualties, quantities_for
from seismo.resolve.actors import actors_for
from seismo.resolve.geo import Geoparser, event_location

log = logging.getLogger(__name__)
_UNBUILT = object()


class Resolvers:
    """What every document shares: the geoparser (it loads the gazetteer once)."""

    def __init__(self):
        self.geoparser = Geoparser()

    def for_document(self, sdoc, published: str | None) -> "DocumentResolvers":
        return DocumentResolvers(self.geoparser, sdoc, published)


class DocumentResolvers:
    """One document's resolver calls and their failures. The per-document resolvers (actors,
    dates) hold state across the document's events; one that fails is dropped for the rest of
    the document, as its state may be half-updated (each failure is still counted)."""

    def __init__(self, geoparser, sdoc, published: str | None):
        self.geoparser, self.sdoc = geoparser, sdoc
        self.failures: Counter[str] = Counter()
        self.dates = self.call("dates", document_dates, sdoc, published)
        self._actor_year: int | None = None
        self._actors = None   # built when first asked, once start_actors has the year

    def call(self, name: str, fn, *args, default=None):
        try:
            return fn(*args)
        except SeismoError:
            raise
        except Exception as exc:  # a resolver bug: counted and logged, never silent
            self.failures[name] += 1
            error = ResolverFailed(f"resolver {name} failed ({type(exc).__name__}: {exc}); "
                                   "this field is left empty", resolver=name)
            log.error("%s", error, exc_info=exc)
            return default

    # -- document level ------------------------------------------------------------------
    def start_actors(self, year: int | None) -> None:
        """The document's year is known: the actor resolver can be built. It is built when an
        event first asks (the same resolver whenever it is built: it reads the whole parse), so
        a document with no event pays nothing for it."""
        self._actor_year, self._actors = year, _UNBUILT

    @property
    def actors(self):
        if self._actors is _UNBUILT:
            self._actors = self.call("actors", actors_for, self.sdoc, self._actor_year)
        return self._actors

    @actors.setter
    def actors(self, value) -> None:
        self._actors = value

    def toponyms(self) -> list:
        return self.call("places", self.geoparser.parse, self.sdoc, default=[]) or []

    # -- per event -------------------------------------------------------------------------
    def actor(self, span):
        """The actor KB's reading of a span (ActorRef), None when it has none or has failed."""
        if self.actors is None:
            return None
        missing = object()
        ref = self.call("actors", self.actors.resolve, span, default=missing)
        if ref is missing:
            self.actors = None
            return None
        return ref

    def date(self, tok, sent):
        if self.dates is None:
            return None
        missing = object()
        ref = self.call("dates", self.dates.date_for, tok, sent, default=missing)
        if ref is missing:
            self.dates = None
            return None
        return ref

    def location(self, tok, toponyms: list, focus: str | None):
        return self.call("event_location", event_location, self.sdoc, tok, toponyms, focus)

    def place_name(self, name: str, country: str | None):
        """The gazetteer's reading of a name in a country (extract.focus.home_reading)."""
        return self.call("place_name", self.geoparser.resolve_name, name, country)

    def quantities(self, tok, sent) -> list:
        return list(self.call("quantities", quantities_for, tok, sent) or [])

    def casualties(self, quantities: list) -> tuple:
        return self.call("casualties", casualties, quantities, default=(None, None))

    def minerals(self, sent) -> list:
        return list(self.call("minerals", minerals_in, self.sdoc, sent) or [])
