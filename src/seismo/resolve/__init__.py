"""Resolution: actors to the knowledge base, place names to gazetteer records."""
