"""The import graph of src/seismo has no cycles.

Every import counts, at module level or inside a function: a deferred import only hides a
circle until someone moves it to the top. `if TYPE_CHECKING:` blocks are left out (they never
run). An import of `a.b.c` is an edge to the module `a.b.c` only, not to its parent packages.
"""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "seismo"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node except those under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The seismo modules a file imports (`from pkg import submodule` names the submodule)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names}
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    paths = sorted((SRC / PACKAGE).rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_deferred_imports():
    graph = import_graph()
    assert "seismo.serve.api_events" in graph["seismo.serve.api"]   # imported inside create_app


# Cycles another branch is removing (issue 10): listed so this test guards everything else now.
# When the circle is gone, test_known_cycles_are_still_there fails: delete its entry.
KNOWN_CYCLES: list[list[str]] = []   # none left: keep it that way


def test_no_import_cycles():
    found = [c for c in cycles(import_graph()) if c not in KNOWN_CYCLES]
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_known_cycles_are_still_there():
    found = cycles(import_graph())
    gone = [c for c in KNOWN_CYCLES if c not in found]
    assert not gone, f"no longer a cycle, delete from KNOWN_CYCLES: {gone}"


# The front ends (CLI, API, dashboard) sit on top: the library never imports them, so it runs
# and is tested without FastAPI or click. The entry point and the API latency bench may.
FRONT_END_USERS = {"seismo.__main__", "seismo.bench.latency"}


def test_nothing_below_the_front_ends_imports_them():
    graph = import_graph()
    up = sorted(f"{a} -> {b}" for a, targets in graph.items() for b in targets
                if b.startswith("seismo.serve") and not a.startswith("seismo.serve") and a not in FRONT_END_USERS)
    assert not up, f"imports of seismo.serve from below it: {up}"
