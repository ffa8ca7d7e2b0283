"""The event-type registry: one data file (data/taxonomy.yaml) says what every type is.

PLOVER types with their quad class, modes, contexts and the properties code asks about
(material, needs_actor1, casualties, ...: the file documents each), the PLOVER -> ACLED mapping,
ACLED's event types and sub-event types. Loaded once per process; other modules, the API
(GET /api/taxonomy) and through it the dashboard ask here instead of keeping their own tables.
"""
from __future__ import annotations

import functools
from importlib import resources

from seismo.yamlio import load_yaml

PROPERTIES = ("material", "needs_actor1", "performative", "casualties", "negated_is_reject",
              "promised_is_threat", "symmetric", "actor_led")


class TaxonomyError(ValueError):
    """The registry file is inconsistent (raised at load, so a bad edit fails every test)."""


@functools.lru_cache(maxsize=1)
def registry() -> dict:
    return load(resources.files("seismo.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8"))


def load(text: str) -> dict:
    """A registry from its YAML text, validated (TaxonomyError on an inconsistent edit)."""
    data = load_yaml(text)
    _validate(data)
    return data


def _validate(data: dict) -> None:
    subs = {s for spec in data["acled_types"].values() for s in spec["sub_event_types"]}
    for name, spec in data["types"].items():
        unknown = set(spec.get("properties") or ()) - set(PROPERTIES)
        if unknown:
            raise TaxonomyError(f"{name}: unknown properties {sorted(unknown)}")
    for ptype, table in data["acled"].items():
        modes = set(data["types"].get(ptype, {}).get("modes") or ())
        unknown_modes = set(table) - modes - {"*"}
        if unknown_modes:
            raise TaxonomyError(f"ACLED mapping of {ptype} names modes it does not have: {sorted(unknown_modes)}")
        if ptype not in data["types"]:
            raise TaxonomyError(f"ACLED mapping for unknown PLOVER type {ptype}")
        for key, (etype, sub) in table.items():
            if sub not in subs or sub not in data["acled_types"][etype]["sub_event_types"]:
                raise TaxonomyError(f"{ptype}/{key}: ({etype}, {sub}) is not an ACLED pair")


def plover_types() -> tuple[str, ...]:
    return tuple(registry()["types"])


def type_spec(plover_type: str) -> dict:
    return registry()["types"][plover_type]


def plover_modes(plover_type: str) -> tuple[str, ...]:
    return tuple(type_spec(plover_type).get("modes") or ())


@functools.lru_cache(maxsize=1)
def all_plover_modes() -> frozenset[str]:
    return frozenset(m for t in plover_types() for m in plover_modes(t))


@functools.lru_cache(maxsize=None)
def types_with(prop: str) -> frozenset[str]:
    """The PLOVER types that have a property (see PROPERTIES and the registry file)."""
    if prop not in PROPERTIES:
        raise TaxonomyError(f"unknown type property {prop!r}")
    return frozenset(t for t, spec in registry()["types"].items() if prop in (spec.get("properties") or ()))


@functools.lru_cache(maxsize=1)
def quads() -> dict[str, str]:
    return {t: spec["quad"] for t, spec in registry()["types"].items()}


def quad_of(plover_type: str) -> str | None:
    return quads().get(plover_type)


@functools.lru_cache(maxsize=1)
def families() -> dict[str, str]:
    """Incident-matching family by type; a type without one is its own family."""
    return {t: spec["family"] for t, spec in registry()["types"].items() if spec.get("family")}


def family_of(plover_type: str) -> str:
    return families().get(plover_type, plover_type)


def compatible(a: str, b: str) -> bool:
    """Two codings that may describe one act (same type, or the same family)."""
    return a == b or family_of(a) == family_of(b)


def risk_weight(plover_type: str) -> float:
    spec = registry()["types"].get(plover_type) or {}
    if "risk_weight" in spec:
        return float(spec["risk_weight"])
    return float(registry()["quad_weights"].get(spec.get("quad"), 0.0))


def acled_event_types() -> tuple[str, ...]:
    return tuple(registry()["acled_types"])


def acled_sub_event_types() -> tuple[str, ...]:
    return tuple(s for spec in registry()["acled_types"].values() for s in spec["sub_event_types"])


@functools.lru_cache(maxsize=None)
def acled_event_type_of(sub_event_type: str | None) -> str | None:
    for etype, spec in registry()["acled_types"].items():
        if sub_event_type in spec["sub_event_types"]:
            return etype
    return None


def as_json() -> dict:
    """What the API serves at /api/taxonomy (the dashboard's colours and labels)."""
    reg = registry()
    return {"types": {t: {"quad": s["quad"], "modes": list(s.get("modes") or ()),
                          "properties": list(s.get("properties") or ())} for t, s in reg["types"].items()},
            "acled": {e: list(s["sub_event_types"]) for e, s in reg["acled_types"].items()}}
