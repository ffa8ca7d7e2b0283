"""The actor knowledge base: people, organisations, sectors and capitals from data/actors/*.yaml.

Countries come from pycountry plus the overlay in countries.yaml (see kb_countries); a file
with a top-level `countries:` key extends that overlay. Users extend it with their own YAML files
(same shapes) in $SEISMO_ACTORS_DIR. Lookups are dict
hits on lowercased aliases; fuzzy matching (rapidfuzz) is only a fallback for capitalised names.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from seismo.config import PACKAGE_DATA
from seismo.resolve.kb_countries import CountryIndex
from seismo.resolve.textkey import fold
from seismo.yamlio import load_yaml

KB_DIR = PACKAGE_DATA / "actors"


@dataclass(slots=True)
class Role:
    title: str
    country: str | None
    start: int
    end: int | None


@dataclass(slots=True)
class KBEntry:
    kb_id: str
    name: str
    kind: str                      # person | org
    country: str | None
    sector: str | None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    inter: int | None = None       # ACLED actor type 1-8 when the sector alone does not say it
    parent: str | None = None      # the organisation it belongs to or became ("Wagner" -> "Africa Corps")
    active: tuple[int | None, int | None] = (None, None)   # first and last year active
    source: str | None = None      # where the entry comes from

    def to_dict(self) -> dict:
        return {"kb_id": self.kb_id, "name": self.name, "kind": self.kind, "country": self.country,
                "sector": self.sector, "aliases": list(self.aliases),
                "roles": [{"title": r.title, "country": r.country, "from": r.start, "to": r.end}
                          for r in self.roles],
                "inter": self.inter, "parent": self.parent, "active": list(self.active),
                "source": self.source}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


class ActorKB:
    def __init__(self, entries: list[KBEntry], sectors: dict, capitals: dict[str, str],
                 short_names: dict[str, str], countries=None):
        self.entries = {e.kb_id: e for e in entries}
        self.sectors = sectors
        self.countries = countries            # kb_countries.CountryIndex (None in bare test KBs)
        self.capitals = dict(countries.capitals) if countries is not None else {}
        self.capitals.update({fold(k): v for k, v in capitals.items()})
        overlay_short = {iso: c.name for iso, c in countries.entries.items()} if countries is not None else {}
        self.short_names = {**overlay_short, **short_names}
        self.country_entries = [
            KBEntry(f"country-{c.iso3.lower()}", c.name, "country", c.iso3, "GOV",
                    [n for n in c.names if n != c.name] + c.demonyms + c.capitals)
            for c in (countries.entries.values() if countries is not None else [])]
        self.alias_index: dict[str, str] = {}
        self.surname_index: dict[str, list[str]] = {}
        self.roles: dict[tuple[str, str], list[tuple[int, int | None, str]]] = {}
        for e in entries:
            for alias in [e.name] + e.aliases:
                self.alias_index.setdefault(fold(alias), e.kb_id)
            if e.kind == "person":
                self.surname_index.setdefault(fold(e.name.split()[-1]), []).append(e.kb_id)
            for r in e.roles:
                self.roles.setdefault((r.title, r.country), []).append((r.start, r.end, e.kb_id))
        self.sector_nouns = {fold(n): code for code, spec in sectors.items() for n in spec["nouns"]}

    def lookup(self, text: str) -> KBEntry | None:
        kb_id = self.alias_index.get(fold(text))
        return self.entries[kb_id] if kb_id else None

    def by_surname(self, surname: str) -> KBEntry | None:
        ids = self.surname_index.get(fold(surname), [])
        return self.entries[ids[0]] if len(ids) == 1 else None

    def holder(self, title: str, country: str | None, year: int | None) -> KBEntry | None:
        """Who held `title` in `country` in `year` (the latest holder when the year is unknown)."""
        spans = self.roles.get((title, country), [])
        if year is not None:
            spans = [s for s in spans if s[0] <= year and (s[1] is None or year <= s[1])]
        if not spans:
            return None
        return self.entries[max(spans, key=lambda s: s[0])[2]]

    def fuzzy(self, text: str, cutoff: float = 92) -> KBEntry | None:
        from rapidfuzz import fuzz, process
        hit = process.extractOne(fold(text), self.alias_index.keys(), scorer=fuzz.ratio, score_cutoff=cutoff)
        return self.entries[self.alias_index[hit[0]]] if hit else None

    def canonical(self, sector: str, country: str | None, country_name: str | None) -> str | None:
        template = self.sectors.get(sector, {}).get("canonical")
        if not template:
            return None
        if "{country}" in template:
            if not country:
                return None
            return template.format(country=self.short_names.get(country) or country_name or country)
        return template

    def search(self, query: str = "", limit: int = 20, country: str | None = None,
               sector: str | None = None) -> list[KBEntry]:
        q = fold(query)
        hits = [e for e in list(self.entries.values()) + self.country_entries
                if (not q or q in fold(e.name) or any(q in fold(a) for a in e.aliases))
                and (not country or e.country == country.upper()) and (not sector or e.sector == sector.upper())]
        hits.sort(key=lambda e: (fold(e.name) != q, all(fold(a) != q for a in e.aliases),
                                 not fold(e.name).startswith(q), e.name))
        return hits[:limit]


def _entries_from(data, kind_hint: str | None = None) -> list[KBEntry]:
    """Entries of one YAML file: a list, or lists under section keys; a section's `source:` comment
    is per file, an entry's own `source` per entry (docs/actors.md)."""
    items = data if isinstance(data, list) else [x for v in (data or {}).values() if isinstance(v, list) for x in v]
    out = []
    for item in items:
        roles = [Role(r["title"], r.get("country"), int(r["from"]), r.get("to")) for r in item.get("roles") or []]
        kind = item.get("kind") or kind_hint or "org"
        active = item.get("active") or [None, None]
        out.append(KBEntry(slug(item["name"]), item["name"], kind, item.get("country"), item.get("sector"),
                           [str(a) for a in item.get("aliases") or []], roles,
                           inter=item.get("inter"), parent=item.get("parent"),
                           active=(active[0], active[1] if len(active) > 1 else None),
                           source=item.get("source")))
    return out


def _yaml_files() -> list[Path]:
    files = sorted(KB_DIR.glob("*.yaml"))
    extra = os.environ.get("SEISMO_ACTORS_DIR")
    if extra and Path(extra).is_dir():
        files += sorted(Path(extra).glob("*.yaml"))
    return files


@functools.lru_cache(maxsize=1)
def get_kb() -> ActorKB:
    entries: list[KBEntry] = []
    sectors, capitals, short_names = {}, {}, {}
    overlay: dict[str, dict] = {}
    ambiguous: list[str] = []
    for path in _yaml_files():
        data = load_yaml(path)
        if isinstance(data, dict) and "countries" in data:
            _merge_countries(overlay, data["countries"] or {})
            ambiguous += data.get("ambiguous") or []
            continue
        if isinstance(data, dict) and "sectors" in data:
            sectors.update(data["sectors"])
            capitals.update(data.get("capitals") or {})
            short_names.update(data.get("short_names") or {})
            continue
        entries += _entries_from(data, "person" if path.stem.startswith("people") else None)
    return ActorKB(entries, sectors, capitals, short_names, CountryIndex(overlay, ambiguous))


def _merge_countries(overlay: dict[str, dict], extra: dict) -> None:
    """A user's file adds names to a country (lists are extended, `short` replaced)."""
    for iso3, spec in extra.items():
        spec = spec or {}
        target = overlay.setdefault(str(iso3).upper(), {})
        for key, value in spec.items():
            if isinstance(value, list):
                target[key] = list(target.get(key) or []) + value
            else:
                target[key] = value


def country_name(iso3: str | None, kb: ActorKB | None = None) -> str | None:
    """A country's display name: the KB's short name ("DR Congo"), else pycountry's."""
    if not iso3:
        return None
    short = (kb or get_kb()).short_names.get(iso3)
    if short:
        return short
    import pycountry
    c = pycountry.countries.get(alpha_3=iso3)
    return (getattr(c, "common_name", None) or c.name) if c else iso3
