"""The event-type registry (data/taxonomy.yaml) is the one definition of every type: nothing in
the code, the lexicons or the dashboard may use a type or an ACLED label it does not define."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from seismo import taxonomy

SRC = Path(__file__).resolve().parents[1] / "src" / "seismo"
_TYPE_NAMES = {"type", "typ", "etype", "event_type", "ptype", "plover_type", "inner"}


def _type_literals_in_python() -> set[tuple[str, str]]:
    """String constants compared with a variable or attribute that holds an event type."""
    found = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            left = node.left
            name = left.attr if isinstance(left, ast.Attribute) else getattr(left, "id", None)
            if name not in _TYPE_NAMES:
                continue
            for comp in node.comparators:
                for const in ast.walk(comp):
                    if isinstance(const, ast.Constant) and isinstance(const.value, str) and const.value.isupper():
                        found.add((str(path.relative_to(SRC)), const.value))
    return found


def test_registry_loads_and_defines_16_plover_and_25_acled_types():
    assert len(taxonomy.plover_types()) == 16
    assert len(taxonomy.acled_event_types()) == 6 and len(taxonomy.acled_sub_event_types()) == 25
    assert set(taxonomy.quads().values()) == {"verbal_cooperation", "material_cooperation",
                                              "verbal_conflict", "material_conflict"}


def test_python_code_uses_only_registry_types():
    unknown = {(f, t) for f, t in _type_literals_in_python() if t not in taxonomy.plover_types()}
    assert not unknown, f"types not in data/taxonomy.yaml: {sorted(unknown)}"


def test_lexicon_types_are_registry_types():
    text = (SRC / "data" / "lexicons" / "triggers.yaml").read_text(encoding="utf-8")
    text = "\n".join(line.split("#")[0] for line in text.splitlines())
    used = set(re.findall(r"\btype:\s*([A-Z]+)\b", text))
    assert used and used <= set(taxonomy.plover_types()), used - set(taxonomy.plover_types())


def test_acled_mapping_uses_valid_pairs_and_modes():
    reg = taxonomy.registry()
    for ptype, table in reg["acled"].items():
        for key, (etype, sub) in table.items():
            assert taxonomy.acled_event_type_of(sub) == etype
    for mode in reg["mode_contexts"]:
        assert mode in taxonomy.all_plover_modes()


def test_no_module_keeps_its_own_quad_table():
    """The quad map was once copied into four modules; the dashboard reads /api/taxonomy."""
    quad_entry = re.compile(r'"?(ASSAULT|AGREE|CONSULT)"?\s*:\s*"(material|verbal)_')
    js = (SRC / "serve" / "static" / "app.js").read_text(encoding="utf-8")
    assert not quad_entry.search(js) and 'api("taxonomy")' in js
    for path in SRC.rglob("*.py"):
        assert not quad_entry.search(path.read_text(encoding="utf-8")), path


def test_plover_lexicon_no_longer_defines_types():
    data = yaml.safe_load((SRC / "data" / "lexicons" / "plover.yaml").read_text(encoding="utf-8"))
    assert "types" not in data and "acled" not in data
