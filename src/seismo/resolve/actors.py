"""Actor knowledge base and linking (placeholder)."""


def entity_patterns() -> list[dict]:
    return []
