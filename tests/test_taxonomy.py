"""The event-type registry (data/taxonomy.yaml) is the one definition of every type: nothing in
the code, the lexicons or the dashboard may use a type or an ACLED label it does not define."""
from __future__ import annotations

import ast
import json
import re
from importlib import resources
from pathlib import Path

import pytest
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


def _lexicon_type_modes() -> set[tuple[str, str]]:
    """(type, mode) pairs the trigger lexicon assigns, in both of its entry forms."""
    text = (SRC / "data" / "lexicons" / "triggers.yaml").read_text(encoding="utf-8")
    text = "\n".join(line.split("#")[0] for line in text.splitlines())
    pairs = set(re.findall(r"\b([A-Z]{4,})/([a-z][a-z-]*)\b", text))
    for entry in re.findall(r"\{[^{}]*\btype:\s*[A-Z]+[^{}]*\bmode:\s*[a-z][^{}]*\}", text):
        typ = re.search(r"\btype:\s*([A-Z]+)", entry).group(1)
        mode = re.search(r"\bmode:\s*([a-z][a-z-]*)", entry).group(1)
        pairs.add((typ, mode))
    return pairs


def test_lexicon_modes_belong_to_their_registry_type():
    pairs = _lexicon_type_modes()
    assert len(pairs) > 20
    unknown = {(t, m) for t, m in pairs if m != "null" and m not in taxonomy.plover_modes(t)}
    assert not unknown, f"modes not declared for their type in data/taxonomy.yaml: {sorted(unknown)}"


def test_acled_labels_in_code_and_model_are_registry_labels():
    """ACLED sub-event types are named only by the registry (and the model trained from it)."""
    subs = set(taxonomy.acled_sub_event_types())
    card = json.loads((SRC / "data" / "models" / "events" / "model.json").read_text(encoding="utf-8"))
    model_subs = {lab for lab in card["labels"]["acled"] if lab in subs or " " in lab or "/" in lab}
    assert model_subs <= subs, model_subs - subs
    for path in SRC.rglob("*.py"):
        for const in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(const, ast.Constant) and const.value in subs and const.value not in {"Attack", "Other", "Arrests", "Agreement", "Grenade"}:
                raise AssertionError(f"{path.relative_to(SRC)} names the ACLED sub-type {const.value!r}")


def test_worked_example_edit_validates():
    """docs/taxonomy.md's worked example, applied to a copy of the registry, loads and maps."""
    text = resources.files("seismo.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    text = text.replace("modes: [troops, weapons, police, militia]",
                        "modes: [troops, weapons, police, militia, base]")
    text = text.replace('  MOBILIZE:\n    "*": [Strategic developments, Other]\n',
                        '  MOBILIZE:\n    "*": [Strategic developments, Other]\n'
                        '    base: [Strategic developments, Headquarters or base established]\n')
    edited = taxonomy.load(text)
    assert "base" in edited["types"]["MOBILIZE"]["modes"]
    assert edited["acled"]["MOBILIZE"]["base"] == ["Strategic developments", "Headquarters or base established"]
    with pytest.raises(taxonomy.TaxonomyError):
        taxonomy.load(text.replace("Headquarters or base established]", "Headquarter established]"))
    with pytest.raises(taxonomy.TaxonomyError):
        taxonomy.load(text.replace("militia, base]", "militia]"))
    doc = (SRC.parents[1] / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    assert "modes: [troops, weapons, police, militia, base]" in doc
    assert "base: [Strategic developments, Headquarters or base established]" in doc
