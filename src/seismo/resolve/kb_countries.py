"""Countries as actors: pycountry's full ISO 3166 list plus the overlay in data/actors/countries.yaml.

pycountry gives every code and its formal names; the overlay adds what news writes (DRC, Zaire,
U.S., Washington, Congolese). Lookups are dict hits: folded names, case-sensitive acronyms (so
that "US" is the country and "us" is not), demonyms with their plurals, capitals as metonyms.
Names listed under `ambiguous` ("Congo", "Korea") are left to the gazetteer and the document
context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from seismo.resolve.textkey import fold

ARTICLE = re.compile(r"^the\s+", re.I)


@dataclass(slots=True)
class CountryEntry:
    iso3: str
    name: str                                   # short name used in canonical actor names
    names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    return fold(ARTICLE.sub("", text.strip()))


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


def _pycountry_names(country) -> list[str]:
    """Formal names; "Congo, The Democratic Republic of the" is turned around, never cut."""
    out = []
    for attr in ("common_name", "name", "official_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        if ", " in value:
            head, tail = value.split(", ", 1)
            value = f"{tail} {head}".strip()
        out.append(value)
    return out


class CountryIndex:
    def __init__(self, overlay: dict, ambiguous: list[str] | None = None):
        self.entries: dict[str, CountryEntry] = {}
        self.names: dict[str, str] = {}       # folded name -> ISO3
        self.exact: dict[str, str] = {}       # acronyms, case-sensitive
        self.demonyms: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        skip = {_key(a) for a in ambiguous or []}
        for iso3, spec in overlay.items():    # the overlay first: its names win over pycountry's
            spec = spec or {}
            short = spec.get("short")
            self._add(iso3, short, ([short] if short else []) + list(spec.get("aliases") or []),
                      list(spec.get("demonyms") or []), list(spec.get("capitals") or []), skip)
        import pycountry   # a dependency (pyproject); imported here, only when the table is built
        for c in pycountry.countries:
            names = _pycountry_names(c)
            self._add(c.alpha_3, names[0], names, [], [], skip)

    def _add(self, iso3: str, short: str | None, names: list[str], demonyms: list[str],
             capitals: list[str], skip: set[str]) -> None:
        entry = self.entries.get(iso3)
        if entry is None:
            entry = self.entries[iso3] = CountryEntry(iso3, short or (names[0] if names else iso3))
        for n in names:
            if n not in entry.names:
                entry.names.append(n)
            if _is_acronym(n):
                self.exact.setdefault(n, iso3)
            elif _key(n) not in skip:
                self.names.setdefault(_key(n), iso3)
        for d in demonyms:
            entry.demonyms.append(d)
            if _is_acronym(d):
                continue   # "US troops": found as a name already
            self.demonyms.setdefault(_key(d), iso3)
        for cap in capitals:
            entry.capitals.append(cap)
            self.capitals.setdefault(_key(cap), iso3)

    def country(self, text: str) -> str | None:
        """ISO3 for a country name or abbreviation ("the DRC", "U.S.", "Zaire")."""
        text = ARTICLE.sub("", text.strip())
        return self.exact.get(text) or self.exact.get(text.upper() if "." in text else text) \
            or self.names.get(_key(text))

    def demonym(self, text: str) -> str | None:
        """ISO3 for a demonym or its plural ("Congolese", "Malians", "Burkinabes")."""
        key = _key(text)
        if key in self.demonyms:
            return self.demonyms[key]
        return self.demonyms.get(key[:-1]) if key.endswith("s") else None

    def capital(self, text: str) -> str | None:
        return self.capitals.get(_key(text))

    def short_name(self, iso3: str | None) -> str | None:
        entry = self.entries.get(iso3 or "")
        return entry.name if entry else None
