"""Sources: who published a document, and whether it reports or argues.

Public API (stable):

    source_profile(doc) -> SourceProfile        # domain, outlet name, outlet type, original source
    document_genre(doc) -> "reporting" | "opinion"
    classify(doc) -> (domain, outlet type, genre)  # what the store keeps per document (doc_sources)
    genre_cues(doc) -> GenreCues                # the cue counts and score behind document_genre
    OUTLET_TYPES                                # ("wire", "news", "opinion", "aggregator", "official", "unknown")

Outlet profiles come from data/analyze/sources.yaml (domain -> name and type; "opinion" stands for
opinion/advocacy). The domain is Document.outlet when it looks like a domain, else the URL host.
A page that says "Original Source: www.example.com" is an aggregator copy whatever its domain is
unknown, and `original_domain` names the outlet it copied.

The genre uses general stylistic cues from data/analyze/genre.yaml, counted outside quotation
marks (a reporter quoting a politician's "we must" is still reporting): first-person plural,
obligation modals, ideological analysis vocabulary, slogans, a republication note, an author bio
(for the score: rates per 1,000 words, capped); attribution verbs and a wire dateline count
toward reporting. Opinion/advocacy outlets make every document "opinion".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from seismo.yamlio import load_yaml

if TYPE_CHECKING:   # annotations only: `seismo --help` imports this module for GENRES
    from seismo.records import Document

OUTLET_TYPES = ("wire", "news", "opinion", "aggregator", "official", "unknown")
GENRES = ("reporting", "opinion")
_QUOTED = re.compile(r"“[^”]{0,600}”|\"[^\"\n]{0,600}\"")
_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")
RATE_CAP = 10.0   # per-1000-word rate cap: one very repetitive cue cannot decide alone


@dataclass(slots=True)
class SourceProfile:
    domain: str | None              # e.g. "reuters.com"
    outlet: str | None              # outlet name, e.g. "Reuters"
    type: str = "unknown"           # one of OUTLET_TYPES
    original_domain: str | None = None  # aggregator copies: the outlet they credit
    basis: str = "none"             # how the type was found: domain | suffix | text-cue | none

    def to_dict(self) -> dict:
        return {"domain": self.domain, "outlet": self.outlet, "type": self.type,
                "original_domain": self.original_domain, "basis": self.basis}


@dataclass(slots=True)
class GenreCues:
    words: int
    counts: dict[str, int] = field(default_factory=dict)
    score: float = 0.0
    genre: str = "reporting"


@functools.lru_cache(maxsize=1)
def _sources() -> dict:
    text = resources.files("seismo").joinpath("data/analyze/sources.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    by_domain = {d.lower(): (o["name"], o["type"]) for o in data["outlets"] for d in o["domains"]}
    cues = [re.compile(c, re.IGNORECASE | re.MULTILINE) for c in data.get("aggregator_cues", [])]
    return {"domains": by_domain, "suffixes": tuple(data.get("official_suffixes", [])), "cues": cues}


@functools.lru_cache(maxsize=1)
def _genre() -> dict:
    text = resources.files("seismo").joinpath("data/analyze/genre.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    flags = {"exhortation": re.IGNORECASE | re.MULTILINE, "author_bio": re.MULTILINE,
             "dateline": re.MULTILINE, "republished": re.IGNORECASE}
    patterns = {
        # "us" only in lower case: "US" is the United States
        "first_plural": re.compile(r"\b(?:[Ww]e|[Oo]urs?|[Oo]urselves|us)\b"),
        "obligation": re.compile(r"\b(?:must|should|need to|needs to|have to|has to)\b", re.IGNORECASE),
        "ideology": re.compile(r"\b(?:" + "|".join(data["ideology"]) + r")\b", re.IGNORECASE),
    }
    for key in ("exhortation", "republished", "author_bio", "attribution", "dateline"):
        patterns[key] = re.compile("|".join(f"(?:{p})" for p in data[key]), flags.get(key, re.IGNORECASE))
    return {"weights": data["weights"], "threshold": float(data["threshold"]),
            "long": int(data["long_text_words"]), "patterns": patterns}


def _domain_of(doc: Document) -> str | None:
    outlet = (doc.outlet or "").strip().lower().removeprefix("www.")
    if _DOMAIN.match(outlet):
        return outlet
    if doc.url:
        host = urlsplit(doc.url).netloc.lower().split(":")[0].removeprefix("www.")
        return host or None
    return None


def _lookup(domain: str | None) -> tuple[str, str] | None:
    """(name, type) of a domain or of its closest listed parent domain."""
    if not domain:
        return None
    table = _sources()["domains"]
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        hit = table.get(".".join(parts[i:]))
        if hit:
            return hit
    return None


def _text(doc: Document) -> str:
    return doc.clean_text or doc.raw or ""


def source_profile(doc: Document) -> SourceProfile:
    """The outlet profile of a document (see module docstring)."""
    domain = _domain_of(doc)
    hit = _lookup(domain)
    outlet = hit[0] if hit else (doc.outlet or domain)
    profile = SourceProfile(domain, outlet, hit[1] if hit else "unknown", basis="domain" if hit else "none")
    for cue in _sources()["cues"]:
        m = cue.search(_text(doc))
        if m:
            original = (m.group(1) if m.groups() else None) or None
            original = original.lower().removeprefix("www.").rstrip(".,;/") if original else None
            if original != domain:
                profile.original_domain = original
                if profile.type in ("unknown", "news"):
                    profile.type, profile.basis = "aggregator", "text-cue"
            break
    if profile.type == "unknown" and domain and domain.endswith(_sources()["suffixes"]):
        profile.type, profile.basis = "official", "suffix"
    return profile


def genre_cues(doc: Document) -> GenreCues:
    """Count the genre cues of a document and score them (positive: opinion)."""
    g = _genre()
    text = _text(doc)
    own_voice = _QUOTED.sub(" ", text)
    words = max(1, len(re.findall(r"\w+", own_voice)))
    counts = {k: len(p.findall(own_voice)) for k, p in g["patterns"].items()}
    counts["dateline"] = 1 if g["patterns"]["dateline"].search(text[:300]) else 0
    score = 0.0
    for key, weight in g["weights"].items():
        n = counts.get(key, 0)
        if key in ("republished", "author_bio", "dateline"):
            score += weight * min(1, n)
        else:
            score += weight * min(RATE_CAP, 1000 * n / words)
    if words < g["long"]:
        score *= words / g["long"]   # short items need proportionally stronger evidence
    return GenreCues(words, counts, round(score, 2), "opinion" if score >= g["threshold"] else "reporting")


def document_genre(doc: Document) -> str:
    """"opinion" for commentary, analysis and advocacy; "reporting" for news reports."""
    return classify(doc)[2]


def classify(doc: Document) -> tuple[str | None, str, str]:
    """(domain, outlet type, genre) of a document: the row `doc_sources` keeps for filtering."""
    profile = source_profile(doc)
    genre = "opinion" if profile.type == "opinion" else genre_cues(doc).genre
    return profile.domain, profile.type, genre
