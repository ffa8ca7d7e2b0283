"""Word lists of the geoparser and event location, from data/gazetteer/geo_lexicon.yaml."""
from __future__ import annotations

from seismo.config import PACKAGE_DATA
from seismo.yamlio import load_yaml

with open(PACKAGE_DATA / "gazetteer" / "geo_lexicon.yaml", encoding="utf-8") as _f:
    _LEX = {k: frozenset(v) for k, v in load_yaml(_f).items()}

METONYM_VERBS = _LEX["metonym_verbs"]
COMMON_WORDS = _LEX["common_words"]
PLACE_NOUNS = _LEX["place_nouns"]
DIVISION_NOUNS = _LEX["division_nouns"]
SEAT_NOUNS = _LEX["seat_nouns"]
PARTITIVE_NOUNS = _LEX["partitive_nouns"]
LOCATIVE_PREPS = _LEX["locative_preps"]
SEIZE_VERBS = _LEX["seize_verbs"]
ROUTE_VERBS = _LEX["route_verbs"]
ON_HEADS = _LEX["on_heads"]
FACILITY_WORDS = _LEX["facility_words"]
NON_LOCATIVE_PREPS = _LEX["non_locative_preps"]
ACTOR_NOUNS = _LEX["actor_nouns"]
DIRECTIONS = _LEX["directions"]
DISTANCE_UNITS = _LEX["distance_units"]
