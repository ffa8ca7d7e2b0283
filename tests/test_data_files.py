"""The data files the code relies on: every YAML file parses, with no key given twice.

PyYAML keeps the last of two equal keys without a word, so a later plain entry silently
replaced an earlier, carefully restricted one ("reinforce" lost its senses that way).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "seismo" / "data"


class _StrictLoader(yaml.SafeLoader):
    duplicates: list[str] = []


def _mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            loader.duplicates.append(f"{key!r} (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: p.name)
def test_yaml_data_has_no_duplicate_keys(path):
    _StrictLoader.duplicates = []
    yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    assert not _StrictLoader.duplicates, f"{path.name}: keys given twice: {_StrictLoader.duplicates}"


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: p.name)
def test_yaml_data_reads_the_same_with_the_fast_loader(path):
    # seismo.yamlio uses libyaml's CSafeLoader when present; it must build the same data
    from seismo.yamlio import load_yaml
    text = path.read_text(encoding="utf-8")
    assert load_yaml(path) == yaml.load(text, Loader=yaml.SafeLoader)


def test_load_yaml_falls_back_to_the_pure_python_loader(monkeypatch):
    from seismo.yamlio import load_yaml
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert load_yaml("a: [1, two]") == {"a": [1, "two"]}
