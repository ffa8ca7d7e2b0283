"""Parsing YAML data files: the one loader every module uses.

libyaml's C loader (`yaml.CSafeLoader`) parses the shipped data files in ~0.05 s against ~0.4 s
for the pure-Python `SafeLoader`, and that cost was paid on every start. Both are safe loaders
and build identical data from every shipped file (tests/test_data_files.py checks); PyYAML
built without libyaml has no CSafeLoader, and then the pure-Python loader is used.
"""
from __future__ import annotations

from pathlib import Path
from typing import IO, Any


def load_yaml(source: str | Path | IO[str]) -> Any:
    """The data in `source`: YAML text, a path (read as UTF-8) or an open text file."""
    import yaml   # here, not at the top: `seismo --help` and store reads parse no YAML
    if isinstance(source, Path):
        source = source.read_text(encoding="utf-8")
    return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
