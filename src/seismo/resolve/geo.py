"""Gazetteer, geoparser and event location: the public entry points of the geo layer.

    from seismo.resolve.geo import Geoparser, event_location, resolve_name, mining_sites
"""
from __future__ import annotations


from seismo.resolve.gazetteer import MiningSite, get_gazetteer, mining_sites, resolve_name
from seismo.resolve.geoparse import COMMON_WORDS, Geoparser

__all__ = ["Geoparser", "MiningSite", "entity_patterns", "event_location", "get_gazetteer",
           "mining_sites", "resolve_name"]

# Countries whose towns (>= PATTERN_MIN_POP) get entity-ruler patterns: the project's domain,
# where the stock NER most often mislabels place names as people or organisations.
FOCUS_COUNTRIES = {"COD", "COG", "RWA", "BDI", "UGA", "TZA", "ZMB", "AGO", "CAF", "SSD", "SDN",
                   "TCD", "NER", "MLI", "BFA", "NGA", "CMR", "MRT", "SEN", "GIN", "CIV", "GHA",
                   "TGO", "BEN", "LBY", "ETH", "SOM", "KEN", "MOZ"}
PATTERN_MIN_POP = 30_000


def event_location(sdoc, trigger, toponyms, focus=None):
    """Where the event whose trigger token is `trigger` happened (see seismo.resolve.evloc);
    `focus`: the document's focus country (ISO3), if known."""
    from seismo.resolve.evloc import event_location as _event_location
    return _event_location(sdoc, trigger, toponyms, focus)


def entity_patterns() -> list[dict]:
    """EntityRuler patterns (GPE/LOC) for the project's places and the domain's towns.

    The supplementary gazetteer, its aliases and misspellings, and towns of the focus countries;
    names that are common English words are left to the statistical NER.
    """
    from seismo.resolve.gazetteer import CC, FEATURE, NAME, POP
    from seismo.resolve.gazetteer_build import GAZ_DIR, normalize, read_tsv
    names: dict[str, str] = {}
    for r in read_tsv(GAZ_DIR / "places.tsv") + read_tsv(GAZ_DIR / "admin1.tsv"):
        label = "GPE" if r["feature"].startswith(("P", "A")) else "LOC"
        for n in [r["name"]] + [a for a in (r.get("alternates") or "").split("|") if a]:
            names.setdefault(n, label)
    for r in read_tsv(GAZ_DIR / "aliases.tsv"):
        names.setdefault(r["alias"], "GPE")
    for row in get_gazetteer().feature_rows("P", FOCUS_COUNTRIES, PATTERN_MIN_POP):
        if row[CC] in FOCUS_COUNTRIES and (row[POP] or 0) >= PATTERN_MIN_POP \
                and row[FEATURE].startswith("P"):
            names.setdefault(row[NAME], "GPE")
    patterns = []
    for name, label in names.items():
        if normalize(name) in COMMON_WORDS or len(name) < 3 or not name[0].isupper():
            continue
        patterns.append({"label": label, "pattern": name, "id": "geo"})
    return patterns


