"""Gazetteer and geoparser (placeholder)."""


def entity_patterns() -> list[dict]:
    return []
