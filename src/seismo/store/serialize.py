"""Lossless conversion between records and their stored JSON form (shared by every backend)."""
from __future__ import annotations

import json
from typing import Any

from seismo.records import (ActorRef, DateRef, Document, Event, Evidence, Location, Mineral,
                            OffsetMap, Quantity, Rejection)

DOCUMENT_COLUMNS = ("id", "source", "format", "url", "title", "published", "published_from",
                    "language", "clean_text", "content_hash", "status", "status_reason",
                    "duplicate_of", "outlet")


def document_to_row(doc: Document) -> dict[str, Any]:
    row = {c: getattr(doc, c) for c in DOCUMENT_COLUMNS}
    row["raw"] = doc.raw
    row["offsets"] = json.dumps(doc.offsets.to_list())
    return row


def document_from_row(row: dict[str, Any]) -> Document:
    kwargs = {c: row.get(c) for c in DOCUMENT_COLUMNS}
    kwargs["clean_text"] = kwargs["clean_text"] or ""
    kwargs["content_hash"] = kwargs["content_hash"] or ""
    offsets = row.get("offsets")
    return Document(raw=row.get("raw") or "", offsets=OffsetMap.from_list(
        json.loads(offsets) if isinstance(offsets, str) else offsets), **kwargs)


def rejection_from_row(row: dict[str, Any]) -> Rejection:
    return Rejection(doc_id=row["doc_id"], stage=row["stage"], code=row["code"],
                     message=row["message"], source=row.get("source"), raw=row.get("raw"))


def event_to_json(event: Event) -> str:
    d = event.to_dict()
    # to_dict() is the public shape; keep the few fields it flattens so the round trip is exact.
    d["actor1"] = _actor_full(event.actor1)
    d["actor2"] = _actor_full(event.actor2)
    d["quantities"] = [_quantity_full(q) for q in event.quantities]
    return json.dumps(d, ensure_ascii=False)


def _actor_full(a: ActorRef | None) -> dict | None:
    if a is None:
        return None
    d = a.to_dict()
    d.update(start=a.start, end=a.end)
    return d


def _quantity_full(q: Quantity) -> dict:
    d = q.to_dict()
    d.update(start=q.start, end=q.end)
    return d


def event_from_dict(d: dict[str, Any]) -> Event:
    """Rebuild an Event from `Event.to_dict()` output (or the stored JSON)."""
    ev = d["evidence"]
    trig = ev.get("trigger") or {}
    acled = d.get("acled") or {}
    return Event(
        doc_id=d["doc_id"], event_id=d["event_id"], type=d["type"], mode=d.get("mode"),
        contexts=list(d.get("contexts") or []),
        acled_event_type=acled.get("event_type"), acled_sub_event_type=acled.get("sub_event_type"),
        actor1=_actor(d.get("actor1")), actor2=_actor(d.get("actor2")),
        location=Location(**d["location"]) if d.get("location") else None,
        date=DateRef(**d["date"]) if d.get("date") else None,
        fatalities=d.get("fatalities"), injured=d.get("injured"),
        quantities=[Quantity(**q) for q in d.get("quantities") or []],
        minerals=[Mineral(**m) for m in d.get("minerals") or []],
        factuality=d.get("factuality") or "asserted", claimed_by=d.get("claimed_by"),
        historical=bool(d.get("historical")), confidence=float(d.get("confidence") or 0.0),
        evidence=Evidence(sentence=ev["sentence"], start=ev["start"], end=ev["end"],
                          trigger_text=trig.get("text", ""), trigger_start=trig.get("start", 0),
                          trigger_end=trig.get("end", 0), fields=dict(ev.get("fields") or {})),
    )


def _actor(d: dict | None) -> ActorRef | None:
    return ActorRef(**d) if d else None


def event_from_json(text: str) -> Event:
    return event_from_dict(json.loads(text))
