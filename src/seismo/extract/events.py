"""Event coder (placeholder until the coder lands)."""
from __future__ import annotations

from seismo.records import Document, Event


class EventCoder:
    def code(self, doc: Document, sdoc) -> list[Event]:
        return []
