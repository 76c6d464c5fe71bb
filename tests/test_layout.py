"""The package's layout: one-way imports, no cycles, short functions (docs/architecture.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kg"
MAX_FUNCTION_LINES = 100


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_lines(tree: ast.Module) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:`` (never run)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in ast.walk(node):
                lines.add(getattr(inner, "lineno", 0))
    return lines


def import_edges(modules: dict[str, Path]) -> list[tuple[str, str, int]]:
    """(importer, imported, line) for every import of a kg module that runs, including the
    ones inside functions; ``from kg.x import y`` counts as importing ``kg.x.y`` when y is a
    module."""
    edges = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or node.lineno in skip:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                if node.level:
                    anchor = name.split(".")
                    anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]
            for target in targets:
                if target in modules and target != name:
                    edges.append((name, target, node.lineno))
    return edges


def test_no_import_cycles_counting_imports_inside_functions():
    graph = nx.DiGraph()
    for importer, imported, line in import_edges(_modules()):
        graph.add_edge(importer, imported, line=line)
    cycles = sorted(sorted(c) for c in nx.simple_cycles(graph))
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles[:5])


def test_the_cycle_check_can_fail(tmp_path):
    """The same walk finds a cycle hidden in a function."""
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "__init__.py").write_text("")
    (tmp_path / "kg" / "a.py").write_text("import kg.b\n")
    (tmp_path / "kg" / "b.py").write_text("def f():\n    from kg import a\n")
    modules = {"kg": tmp_path / "kg" / "__init__.py", "kg.a": tmp_path / "kg" / "a.py",
               "kg.b": tmp_path / "kg" / "b.py"}
    assert {(s, t) for s, t, _ in import_edges(modules)} == {("kg.a", "kg.b"), ("kg.b", "kg.a")}


def test_no_function_in_kg_is_longer_than_a_screen_or_two():
    long = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name} ({lines} lines)")
    assert long == []


def _tool(name: str) -> Path:
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return path


def test_layers_contract_holds():
    """import-linter's layers contract in pyproject.toml (kg.cli on top, kg.errors at the bottom)."""
    run = subprocess.run([str(_tool("lint-imports")), "--no-cache"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_ruff_finds_nothing():
    run = subprocess.run([str(_tool("ruff")), "check", "--no-cache", "kg", "tests", "benchmarks"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
