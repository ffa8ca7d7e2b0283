"""Seismo: evidence-backed political-conflict and critical-minerals events from news."""
__version__ = "0.1.0"
