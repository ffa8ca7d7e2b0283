"""The event-type registry: one data file (data/taxonomy.yaml) says what every type is.

PLOVER types and modes, ACLED event and sub-event types, and the properties code asks about.
Loaded once per process; every other module asks here instead of keeping its own table.
"""
from __future__ import annotations

import functools
from importlib import resources

from seismo.yamlio import load_yaml


@functools.lru_cache(maxsize=1)
def registry() -> dict:
    text = resources.files("seismo.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


@functools.lru_cache(maxsize=1)
def _plover() -> dict:
    text = resources.files("seismo.data").joinpath("lexicons/plover.yaml").read_text(encoding="utf-8")
    return load_yaml(text)["types"]


def plover_types() -> tuple[str, ...]:
    return tuple(_plover())


def plover_modes(plover_type: str) -> tuple[str, ...]:
    return tuple(_plover()[plover_type].get("modes") or ())


def acled_event_types() -> tuple[str, ...]:
    return tuple(registry()["acled"])


def acled_sub_event_types() -> tuple[str, ...]:
    return tuple(s for spec in registry()["acled"].values() for s in spec["sub_event_types"])


@functools.lru_cache(maxsize=None)
def acled_event_type_of(sub_event_type: str | None) -> str | None:
    for etype, spec in registry()["acled"].items():
        if sub_event_type in spec["sub_event_types"]:
            return etype
    return None


@functools.lru_cache(maxsize=1)
def all_plover_modes() -> frozenset[str]:
    return frozenset(m for t in plover_types() for m in plover_modes(t))
