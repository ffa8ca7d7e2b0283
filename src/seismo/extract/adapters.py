"""Adapters from the event coder to the other stages' resolvers (actors, places, dates,
numbers, minerals). Those stages are built in parallel: each resolver is looked up by name and
called defensively, so a missing or failing resolver costs one field, never the document.
"""
from __future__ import annotations

import importlib
import logging

log = logging.getLogger("seismo.extract.events")


def optional(module: str, name: str):
    """An attribute of another stage's module, or None while it is not built yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


class Adapter:
    """A resolver of another stage, called defensively: it may be missing (None: an installation
    without that stage) or fail on one input. A failure costs that field for that call only,
    logged with its traceback; the next call (the next document) tries again. (It used to
    disable the resolver for the rest of the process: one odd document then silently cost every
    later document of the batch its dates or places.)"""

    def __init__(self, name: str, fn):
        self.name, self.fn = name, fn

    def __bool__(self) -> bool:
        return self.fn is not None

    def __call__(self, *args, default=None):
        if self.fn is None:
            return default
        try:
            return self.fn(*args)
        except (ImportError, AttributeError, NotImplementedError, TypeError) as exc:
            log.warning("resolver %s failed (%s: %s); this field is left empty",
                        self.name, type(exc).__name__, exc, exc_info=True)
            return default


def guarded(obj, method: str, *args):
    """Call a per-document resolver object's method; (None, failed?) on an integration failure."""
    try:
        return getattr(obj, method)(*args), False
    except (AttributeError, TypeError, NotImplementedError) as exc:
        log.warning("%s failed (%s: %s); continuing without it", method, type(exc).__name__, exc)
        return None, True
