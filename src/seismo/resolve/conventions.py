"""Actor names and types in the field's conventions: ACLED's actor names and `inter` codes, PLOVER's
country + sector codes with the words of the text.

    name, inter, assoc = acled_actor(ref, event_country, kind="protest")

ACLED writes a generic actor as its kind and country ("Protesters (Niger)", "Military Forces of
Mali", "Unidentified Armed Group (Burkina Faso)") and keeps the named identity behind it in the
associated-actor field; a named armed group or organisation keeps its own name. The inter codes
(ACLED codebook 2023, "Actor types"): 1 state forces, 2 rebel groups, 3 political militias,
4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
An unidentified armed group is coded 3, as ACLED does.
"""
from __future__ import annotations

import re

INTER_NAMES = {1: "State Forces", 2: "Rebel Groups", 3: "Political Militias", 4: "Identity Militias",
               5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other Forces"}
UNIDENTIFIED = "Unidentified Armed Group"
# ACLED's country names where they differ from ISO's short names.
ACLED_COUNTRY = {"COD": "Democratic Republic of Congo", "COG": "Republic of Congo", "CIV": "Ivory Coast",
                 "GBR": "United Kingdom", "USA": "United States", "RUS": "Russia", "IRN": "Iran",
                 "SYR": "Syria", "TZA": "Tanzania", "PSE": "Palestine", "KOR": "South Korea",
                 "PRK": "North Korea", "VEN": "Venezuela", "BOL": "Bolivia", "LAO": "Laos",
                 "MDA": "Moldova", "VNM": "Vietnam", "CZE": "Czech Republic", "TUR": "Turkey",
                 "CPV": "Cape Verde", "SWZ": "eSwatini", "TWN": "Taiwan", "BRN": "Brunei"}
# Templates by PLOVER/CAMEO sector: (ACLED name, inter). {c} is the country's ACLED name.
SECTOR_TEMPLATES = {"MIL": ("Military Forces of {c}", 1), "COP": ("Police Forces of {c}", 1),
                    "GOV": ("Government of {c}", 1), "JUD": ("Government of {c}", 1),
                    "LEG": ("Government of {c}", 1), "SPY": ("Government of {c}", 1),
                    "REB": (UNIDENTIFIED + " ({c})", 3), "CVL": ("Civilians ({c})", 7),
                    "OPP": ("Civilians ({c})", 7), "PTY": ("Civilians ({c})", 7),
                    "REF": ("Civilians ({c})", 7), "MED": ("Civilians ({c})", 7),
                    "BUS": ("Civilians ({c})", 7), "NGO": ("Civilians ({c})", 7)}
STATE_SECTORS = frozenset({"MIL", "COP", "GOV", "JUD", "LEG", "SPY"})
# Sectors of named organisations that keep their own name, with their inter code.
NAMED_INTER = {"REB": 2, "IGO": 8, "MIL": 1, "COP": 1, "GOV": 1}
_PROTEST_WORDS = re.compile(r"\b(protest\w*|demonstrat\w*|marcher\w*|activist\w*|strik(er|ers)\b)", re.I)
_RIOT_WORDS = re.compile(r"\b(riot\w*|mobs?|looters?)\b", re.I)
# What a valid ACLED actor looks like when it is not a knowledge-base name.
_TEMPLATE_RE = re.compile(r"^(Military Forces of|Police Forces of|Government of) .+$"
                          r"|^(Protesters|Rioters|Civilians|Unidentified Armed Group|Unidentified Military Forces)"
                          r" \(.+\)$")


def acled_country(iso3: str | None) -> str:
    """The country as ACLED names it; "International" when there is none."""
    if not iso3:
        return "International"
    if iso3 in ACLED_COUNTRY:
        return ACLED_COUNTRY[iso3]
    from seismo.resolve.kb import country_name
    return country_name(iso3) or iso3


def crowd_kind(text: str, kind: str | None) -> str | None:
    """"protest" or "riot" from the actor's own words, else from the event ("protest"/"riot"/None)."""
    if _RIOT_WORDS.search(text or ""):
        return "riot"
    if _PROTEST_WORDS.search(text or ""):
        return "protest"
    return kind if kind in ("protest", "riot") else None


def acled_actor(ref, event_country: str | None = None, kind: str | None = None,
                entry=None) -> tuple[str, int, str | None]:
    """(ACLED name, inter 1-8, associated actor or None) of an ActorRef.

    `kind`: "protest" or "riot" when the event is one (its civilians are protesters/rioters);
    `entry`: the actor's knowledge-base entry, whose own `inter` wins."""
    country = ref.country or event_country
    words = ref.text or ""
    if entry is not None and entry.kind == "org" and entry.sector in STATE_SECTORS and entry.country \
            and not entry.inter:   # FARDC, SNA: ACLED names state forces by their state
        template, inter = SECTOR_TEMPLATES[entry.sector]
        return template.format(c=acled_country(entry.country)), inter, entry.name
    if entry is not None and entry.kind == "org" and (entry.inter or entry.sector in NAMED_INTER):
        return entry.name, entry.inter or NAMED_INTER[entry.sector], None
    if entry is not None and entry.kind == "person" and entry.parent:
        from seismo.resolve.kb import get_kb
        parent = get_kb().lookup(entry.parent)
        if parent is not None:
            name, inter, _ = acled_actor(ref, event_country, kind, parent)
            return name, inter, entry.name
    sector = ref.sector if ref.sector in SECTOR_TEMPLATES or ref.sector == "IGO" else None
    if sector == "IGO":
        if ref.kb_id and ref.name:
            return ref.name, 8, None
        if re.search(r"peacekeep|blue helmet|\bUN\b|united nations|mission", words, re.I):
            return "United Nations", 8, None
        return f"Civilians ({acled_country(country)})", 7, words or None   # an unnamed international body
    crowd = crowd_kind(f"{words} {ref.name or ''}", kind) if sector in (None, "CVL", "OPP", "PTY") else None
    if crowd == "riot":
        return f"Rioters ({acled_country(country)})", 5, _assoc(ref, sector)
    if crowd == "protest":
        return f"Protesters ({acled_country(country)})", 6, _assoc(ref, sector)
    if crowd is None and sector in ("CVL", "OPP", "PTY") and kind == "violence":
        return f"Rioters ({acled_country(country)})", 5, _assoc(ref, sector)   # unarmed people attacking
    if sector is None:   # nothing says what it is: armed if it fights, else a civilian
        sector = "REB" if kind == "violence" else "CVL"
    if sector in STATE_SECTORS and not country:   # a state's force or office, but which state?
        if sector in ("MIL", "COP"):
            return "Unidentified Military Forces (International)", 1, words or None
        return "Civilians (International)", 7, words or None
    template, inter = SECTOR_TEMPLATES[sector]
    return template.format(c=acled_country(country)), inter, _assoc(ref, sector)


def _assoc(ref, sector: str | None) -> str | None:
    """The named identity a generic ACLED name hides: a person, a party, an outlet."""
    if ref.kb_id or (ref.text and ref.text[:1].isupper() and not ref.text.lower().startswith("the ")
                     and any(w[:1].isupper() for w in ref.text.split()[1:] or ref.text.split())
                     and sector not in ("MIL", "COP", "GOV", "REB", "JUD", "LEG")):
        return ref.name or ref.text
    return None


def is_valid_acled_actor(name: str, inter, kb=None) -> bool:
    """A name in ACLED's conventions (a template with its country, or a knowledge-base actor)
    with an inter code 1-8: never a raw phrase of the text."""
    if not name or not isinstance(inter, int) or not 1 <= inter <= 8:
        return False
    if _TEMPLATE_RE.match(name):
        return True
    if kb is None:
        from seismo.resolve.kb import get_kb
        kb = get_kb()
    entry = kb.lookup(name)
    return entry is not None and entry.name == name
