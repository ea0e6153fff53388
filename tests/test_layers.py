"""The package's floors, held to the code: imports point down, and no two packages need each other.

Floors, top to bottom (see the README's "package by layer" table): entry, app, faces,
services, core, ports, base. The demo Intervals.icu stands beside them: only entry and app
reach it, and it reaches nothing of icusync outside itself, so it can disagree with us.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "icusync"

FLOORS: dict[str, tuple[str, ...]] = {
    "entry": ("icusync.__main__", "icusync.cli"),
    "app": ("icusync.app", "icusync.asgi"),
    "faces": ("icusync.web", "icusync.oauth", "icusync.connector"),
    "services": ("icusync.services",),
    "core": ("icusync.coach",),
    "ports": ("icusync.store", "icusync.intervals"),
    "base": ("icusync.settings", "icusync.db", "icusync.errors", "icusync.crypto", "icusync.logs", "icusync.ratelimit"),
    "demo": ("icusync.demo",),
}
# What each floor may import besides itself. Core is pure (no I/O), so it does not reach the ports.
MAY_IMPORT: dict[str, set[str]] = {
    "entry": {"app", "faces", "services", "core", "ports", "base", "demo"},
    "app": {"faces", "services", "core", "ports", "base", "demo"},
    "faces": {"services", "core", "ports", "base"},
    "services": {"core", "ports", "base"},
    "core": {"base"},
    "ports": {"base"},
    "base": set(),
    "demo": set(),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in ROOT.rglob("*.py") if p != ROOT / "__init__.py"}
PACKAGES = {module_name(p) for p in ROOT.rglob("__init__.py")}


def package_of(module: str) -> str:
    """A module's package; a top-level module (app, settings, ...) stands for itself."""
    if module in PACKAGES:
        return module
    parent = module.rpartition(".")[0]
    return module if parent == "icusync" else parent


def floor_of(module: str) -> str:
    for floor, prefixes in FLOORS.items():
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return floor
    raise AssertionError(f"{module} sits on no floor: add it to FLOORS and to the README's table")


# Web and MCP frameworks belong to the faces and above: nothing below them knows they exist.
FRAMEWORKS = ("quart", "mcp", "starlette", "hypercorn", "werkzeug", "pydantic")
FRAMEWORK_FREE = ("services", "core", "ports", "base")


def third_party_of(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level}
    return {name.partition(".")[0] for name in names if not name.startswith("icusync")}


def imports_of(module: str) -> set[str]:
    """Every icusync module `module` imports, wherever the import sits (functions and TYPE_CHECKING too)."""
    tree = ast.parse(MODULES[module].read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("icusync"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("icusync"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {m for m in found if m != module}


GRAPH = {m: imports_of(m) for m in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_every_module_sits_on_a_floor() -> None:
    for module in MODULES:
        floor_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    floor = floor_of(module)
    upward = [t for t in GRAPH[module] if floor_of(t) != floor and floor_of(t) not in MAY_IMPORT[floor]]
    assert not upward, f"{module} ({floor}) imports {upward}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if floor_of(m) in FRAMEWORK_FREE))
def test_below_the_faces_no_framework(module: str) -> None:
    used = sorted(third_party_of(module) & set(FRAMEWORKS))
    assert not used, f"{module} ({floor_of(module)}) imports {used}"


def test_no_cycle_between_packages() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for module, targets in GRAPH.items():
        for target in targets:
            a, b = package_of(module), package_of(target)
            if a != b:
                edges[a].add(b)
    assert find_cycle(edges) is None, f"packages depend on each other: {' -> '.join(find_cycle(edges) or [])}"


def test_no_cycle_between_modules() -> None:
    cycle = find_cycle(GRAPH)
    assert cycle is None, f"modules import each other: {' -> '.join(cycle or [])}"


def test_the_checker_sees_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
