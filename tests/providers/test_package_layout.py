"""Every service that spans several modules is a package under app/providers, and no two
modules of one package import each other (directly or round a longer loop). Imports are read
from the source, including ones inside functions and under TYPE_CHECKING: a cycle hidden in
a function still ties the modules together."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROVIDERS = Path(__file__).resolve().parents[2] / "app" / "providers"
SERVICE_PACKAGES = ("platform", "tellers", "openai", "viddyscribe")


def sibling_imports(package: Path, dotted: str) -> dict[str, set[str]]:
    """module name → the modules of the same package it imports."""
    modules = {p.stem for p in package.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: resolved against this package
                    base = f"{dotted}.{base}".rstrip(".") if node.level == 1 else ""
                # `from pkg import mod` names a module; `from pkg import name` the __init__
                targets = [f"{base}.{a.name}" if base == dotted and a.name in modules
                           else base for a in node.names]
            else:
                continue
            for target in targets:
                if target.startswith(dotted + "."):
                    head = target[len(dotted) + 1:].split(".")[0]
                    if head in modules and head != path.stem:
                        found.add(head)
                elif target == dotted and path.stem != "__init__":
                    found.add("__init__")
        graph[path.stem] = found
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop as a path that returns to its start, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (loop := visit(nxt)):
                return loop
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (loop := visit(start)):
            return loop
    return None


def provider_packages() -> list[Path]:
    return sorted(p.parent for p in PROVIDERS.glob("*/__init__.py"))


def test_each_multi_module_service_is_a_package() -> None:
    names = {p.name for p in provider_packages()}
    assert set(SERVICE_PACKAGES) <= names
    flat = sorted(p.name for p in PROVIDERS.glob("*.py")
                  if p.stem.split("_")[0] in SERVICE_PACKAGES)
    assert flat == [], f"service modules left outside their package: {flat}"


@pytest.mark.parametrize("package", provider_packages(), ids=lambda p: p.name)
def test_no_import_cycle_inside_a_provider_package(package: Path) -> None:
    graph = sibling_imports(package, f"app.providers.{package.name}")
    assert len(graph) > 1
    loop = find_cycle(graph)
    assert loop is None, "import cycle: " + " → ".join(loop or [])


def test_the_cycle_finder_sees_loops_in_function_bodies_and_type_checking(tmp_path) -> None:
    pkg = tmp_path / "svc"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from app.providers.svc.b import X\n")
    (pkg / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                              "    from app.providers.svc import c\n")
    (pkg / "c.py").write_text("def f():\n    from . import a\n")
    (pkg / "d.py").write_text("from app.providers.svc.a import X\n")
    graph = sibling_imports(pkg, "app.providers.svc")
    assert graph["a"] == {"b"} and graph["b"] == {"c"} and graph["c"] == {"a"}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    (pkg / "c.py").write_text("import json\n")
    assert find_cycle(sibling_imports(pkg, "app.providers.svc")) is None
