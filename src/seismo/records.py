"""Typed records passed between the stages of the pipeline.

ingest -> clean -> extract -> resolve -> store -> analyze -> serve.

Every stage takes and returns these records (never loose dicts); `to_dict()` gives the
JSON shape used by the CLI, the API and the exports. Offsets are character offsets:
`*_start/*_end` on evidence point into `Document.raw` (the original text), after
mapping from the clean text through `OffsetMap`.
"""
from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field
from typing import Any

# Document status values (stored in documents.status).
STATUS_OK = "ok"                      # cleaned, language supported, ready for extraction
STATUS_NOT_PROCESSED = "not_processed"  # stored but skipped (e.g. non-English); reason in status_reason
STATUS_DUPLICATE = "duplicate"        # near-identical copy of `duplicate_of`
STATUS_REJECTED = "rejected"          # unusable (empty, binary...); rejection row holds the reason


@dataclass(slots=True)
class OffsetMap:
    """Maps offsets in a clean text back to offsets in the original text.

    Stored as aligned segments: clean[c:c+n] == raw[r:r+n] for each (c, r, n).
    Characters inserted by cleaning (e.g. a joining newline) map to the start of the next segment.
    """
    segments: list[tuple[int, int, int]] = field(default_factory=list)

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls([(0, 0, length)])

    def to_raw(self, clean_offset: int) -> int:
        if not self.segments:
            return clean_offset
        starts = [s[0] for s in self.segments]
        i = max(0, bisect.bisect_right(starts, clean_offset) - 1)
        c, r, n = self.segments[i]
        if clean_offset <= c + n:
            return r + max(0, clean_offset - c)
        nxt = self.segments[i + 1] if i + 1 < len(self.segments) else None
        return nxt[1] if nxt else r + n

    def to_list(self) -> list[list[int]]:
        return [list(s) for s in self.segments]

    @classmethod
    def from_list(cls, items: list[list[int]] | None) -> "OffsetMap":
        return cls([tuple(x) for x in (items or [])])


@dataclass(slots=True)
class Document:
    id: str                       # JSONL `id`, or the file name without extension
    source: str                   # where it came from: file path, feed path/URL, "stdin"
    raw: str                      # original content as text (HTML source for HTML pages)
    format: str = "txt"           # txt | html | jsonl | feed | stdin
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" (or None, never invented)
    published_from: str | None = None  # "metadata" | "text" | None: where `published` came from
    language: str | None = None
    clean_text: str = ""
    offsets: OffsetMap = field(default_factory=OffsetMap)
    content_hash: str = ""        # sha256 of the normalised clean text
    status: str = STATUS_OK
    status_reason: str | None = None
    duplicate_of: str | None = None
    outlet: str | None = None     # outlet/domain name when known (feeds, JSONL `source`, URL host)

    def to_dict(self, with_raw: bool = False) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["offsets"] = self.offsets.to_list()
        if not with_raw:
            d.pop("raw")
        return d


@dataclass(slots=True)
class Rejection:
    """A document (or input item) that a stage could not handle; nothing is silently dropped."""
    doc_id: str
    stage: str                    # ingest | clean | language | extract | store ...
    code: str                     # stable reason code, see seismo.errors
    message: str
    source: str | None = None
    raw: str | None = None        # what could be kept of the input (may be truncated for huge inputs)


def storable(text: str) -> str:
    """Text a database can hold, for rejection records: NUL and lone surrogates escaped as
    \\x00 and \\udXXX (the record then shows them rather than losing the whole input)."""
    if "\x00" in text:
        text = text.replace("\x00", "\\x00")
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(slots=True)
class ActorRef:
    text: str                     # the words in the document
    name: str | None = None       # canonical KB name, e.g. "M23", "Government of DR Congo"
    country: str | None = None    # ISO3
    sector: str | None = None     # PLOVER/CAMEO-style sector code: GOV, MIL, COP, REB, IGO, ...
    kb_id: str | None = None      # actor knowledge-base id when linked
    start: int | None = None      # offsets in the clean text of the mention
    end: int | None = None
    source: str | None = None     # how it was found: "subject", "by-agent", "object", "coref", ...
    acled: str | None = None      # the actor as ACLED names it ("Protesters (Niger)")
    inter: int | None = None      # ACLED actor type 1-8 (seismo.resolve.conventions.INTER_NAMES)
    assoc: str | None = None      # ACLED associated actor: the named identity behind a generic name
    attribution: str | None = None    # stated | claimed | accused | suspected | unattributed
    attributed_by: str | None = None  # who claims, accuses or suspects (None: the reporter)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country,
                "sector": self.sector, "kb_id": self.kb_id, "source": self.source,
                "acled": self.acled, "inter": self.inter, "assoc": self.assoc, "attribution": self.attribution,
                "attributed_by": self.attributed_by}


@dataclass(slots=True)
class Place:
    """A resolved place (gazetteer record)."""
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None    # ISO3
    admin1: str | None = None
    geonameid: int | None = None
    feature: str | None = None    # GeoNames feature class/code: "P", "A.ADM1", "A.PCLI", ...
    population: int | None = None


@dataclass(slots=True)
class Toponym:
    """A place name found in a text, with its resolution."""
    text: str
    start: int                    # offsets in the text given to the geoparser
    end: int
    kind: str = "literal"         # literal | demonym | metonym | ...
    place: Place | None = None
    score: float | None = None
    basis: str | None = None      # name | alternate-name | nearest-known-place: why this place

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {"text": self.text, "start": self.start, "end": self.end,
                "name": p.name if p else None, "geonameid": p.geonameid if p else None,
                "lat": p.lat if p else None, "lon": p.lon if p else None,
                "feature": p.feature if p else None, "country": p.country if p else None,
                "admin1": p.admin1 if p else None, "kind": self.kind}


@dataclass(slots=True)
class Location:
    """Where an event happened."""
    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # site | town | admin2 | admin1 | country
    geonameid: int | None = None
    source: str | None = None     # "prep-object" | "sentence" | "document" ...
    # why the precision is what it is: name | alternate-name (the place's own name matched),
    # nearest-known-place (an unknown name placed at the document's town), capital, country-only
    basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "admin1": self.admin1,
                "lat": self.lat, "lon": self.lon, "precision": self.precision,
                "geonameid": self.geonameid, "source": self.source, "basis": self.basis}


@dataclass(slots=True)
class DateRef:
    text: str                     # the words used ("Early Sunday morning")
    value: str | None             # "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | None when unresolvable
    precision: str | None = None  # day | month | year
    source: str | None = None     # "sentence" | "document-date" | "paragraph" ...

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "precision": self.precision, "source": self.source}


@dataclass(slots=True)
class Quantity:
    kind: str                     # killed | injured | arrested | displaced | money | percent | people | troops ...
    value: float | None           # None for vague amounts ("dozens")
    text: str                     # the phrase, e.g. "two of ... 15 guards", "$3 billion", "dozens"
    unit: str | None = None       # counted noun or currency ("guards", "USD", "%")
    start: int | None = None      # clean-text offsets
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "text": self.text, "unit": self.unit}


@dataclass(slots=True)
class Mineral:
    name: str                     # canonical: cobalt, copper, tantalum, tin, tungsten, gold, lithium ...
    text: str                     # as written: "coltan", "cassiterite"
    scope: str = "sentence"       # sentence | paragraph

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "scope": self.scope}


@dataclass(slots=True)
class Evidence:
    sentence: str
    start: int                    # sentence offsets in Document.raw
    end: int
    trigger_text: str
    trigger_start: int            # trigger offsets in Document.raw
    trigger_end: int
    fields: dict[str, str] = field(default_factory=dict)  # field name -> where it came from

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end,
                "trigger": {"text": self.trigger_text, "start": self.trigger_start, "end": self.trigger_end},
                "fields": dict(self.fields)}


# Factuality values (Event.factuality).
FACTUALITY = ("asserted", "reported", "claimed", "alleged", "attempted", "foiled", "proposed",
              "denied", "negated", "hypothetical", "planned")


@dataclass(slots=True)
class Event:
    doc_id: str
    event_id: str                 # stable: derived from doc_id, trigger offsets and type
    type: str                     # PLOVER type, e.g. ASSAULT
    evidence: Evidence
    mode: str | None = None       # PLOVER mode, e.g. "coup", "seize", "kill"
    contexts: list[str] = field(default_factory=list)
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    location: Location | None = None
    date: DateRef | None = None
    fatalities: int | None = None
    injured: int | None = None
    quantities: list[Quantity] = field(default_factory=list)
    minerals: list[Mineral] = field(default_factory=list)
    factuality: str = "asserted"
    claimed_by: str | None = None  # who reports/claims it, for reported/claimed/alleged
    historical: bool = False
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `seismo extract --format jsonl` (read by ../shared/bench/score.py)."""
        acled = ({"event_type": self.acled_event_type, "sub_event_type": self.acled_sub_event_type}
                 if self.acled_event_type else None)
        return {
            "doc_id": self.doc_id, "event_id": self.event_id, "type": self.type, "mode": self.mode,
            "contexts": list(self.contexts), "acled": acled,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "fatalities": self.fatalities, "injured": self.injured,
            "quantities": [q.to_dict() for q in self.quantities],
            "minerals": [m.to_dict() for m in self.minerals],
            "factuality": self.factuality, "claimed_by": self.claimed_by,
            "historical": self.historical, "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_dict(),
        }
