"""Extraction: events (PLOVER), dates, quantities, minerals from the parsed text."""
