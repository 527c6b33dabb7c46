"""The layout docs/architecture.md describes holds: packages import each other without cycles, the text and
statistics libraries know nothing of Django, and every module can be the first one a process imports."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "core", "participants", "dialogues", "facilitation", "summaries", "singletext")
LIBRARIES = ("redaction", "digest", "commonground")
PACKAGES = APPS + LIBRARIES
# Imports inside a function that point up the layers, each a documented exception (docs/architecture.md).
# None are needed today; an entry is (importing package, imported package).
LAZY_ALLOWED: frozenset[tuple[str, str]] = frozenset()


def _modules(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str | None = None) -> list[tuple[str, bool]]:
    """(imported module, inside a function?) for every import statement in the file."""
    name = name or _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, inner) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module or ""
                found.append((target, inner))
            visit(child, inner)

    visit(ast.parse(path.read_text(), str(path)), False)
    return found


def _package_graph() -> dict[str, set[tuple[str, bool]]]:
    graph: dict[str, set[tuple[str, bool]]] = defaultdict(set)
    for package in PACKAGES:
        for path in _modules(package):
            for target, lazy in _imports(path):
                top = target.split(".")[0]
                if top in PACKAGES and top != package:
                    graph[package].add((top, lazy))
    return graph


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := dfs(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := dfs(node)):
            return found
    return None


def test_packages_import_each_other_without_cycles() -> None:
    graph = _package_graph()
    edges = {
        src: {dst for dst, lazy in targets if not (lazy and (src, dst) in LAZY_ALLOWED)}
        for src, targets in graph.items()
    }
    assert _cycle(edges) is None, f"import cycle between packages: {' -> '.join(_cycle(edges) or [])}"


# docs/architecture.md, "Packages": a package imports only packages on lower layers.
LAYERS = {
    "config": 4,
    "summaries": 3,
    "singletext": 3,
    "facilitation": 2,
    "participants": 2,
    "dialogues": 1,
    "core": 0,
    "redaction": 0,
    "digest": 0,
    "commonground": 0,
}
SAME_LAYER_ALLOWED = {("redaction", "digest")}  # redaction splits sentences with digest's splitter


def test_packages_import_only_lower_layers() -> None:
    wrong = sorted(
        (src, dst)
        for src, targets in _package_graph().items()
        for dst, _ in targets
        if LAYERS[dst] >= LAYERS[src] and (src, dst) not in SAME_LAYER_ALLOWED
    )
    assert wrong == [], f"imports that point sideways or up: {wrong}"


def test_nothing_imports_the_composition_root() -> None:
    importers = sorted(
        src for src, targets in _package_graph().items() if any(t == "config" for t, _ in targets)
    )
    assert importers == [], f"{importers} import config; only manage.py, ASGI and Celery start from it"


def test_libraries_import_no_app() -> None:
    graph = _package_graph()
    for library in LIBRARIES:
        apps = sorted(dst for dst, _ in graph.get(library, ()) if dst in APPS)
        assert apps == [], f"{library} imports {apps}"


def test_the_checks_see_what_they_must(tmp_path: Path) -> None:
    """The AST walk sees nested and relative imports, and a cycle is reported (what the checks rely on)."""
    path = tmp_path / "probe.py"
    path.write_text("from ..models import X\ndef f():\n    from dialogues.models import Y\n")
    found = _imports(path, "summaries.liaison.probe")
    assert ("summaries.models", False) in found
    assert ("dialogues.models", True) in found
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_libraries_load_without_django() -> None:
    """The text and statistics libraries run in a plain interpreter: no settings, no app, no ORM."""
    names = [_module_name(p) for lib in LIBRARIES for p in _modules(lib)]
    script = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {names!r}:
            importlib.import_module(name)
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in {APPS!r} or m.startswith("django.db"))
        print(leaked)
        sys.exit(1 if leaked else 0)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_every_module_imports_first_in_a_fresh_process() -> None:
    """Each module is the first of ours a process imports after Django starts (as manage.py, the ASGI
    server and the Celery worker do): an import cycle hidden by a lucky order fails here."""
    # Settings modules are read by Django itself (and prod refuses to load without its secrets).
    names = [
        name
        for package in PACKAGES
        for name in map(_module_name, _modules(package))
        if not name.startswith("config.settings")
    ]
    script = textwrap.dedent(
        f"""
        import importlib, os, sys, traceback
        # Heavy third-party packages once in the parent; every child still imports our modules fresh.
        for name in ("numpy", "sklearn.cluster", "spacy", "presidio_analyzer", "presidio_anonymizer",
                     "matplotlib", "ninja", "channels.generic.websocket", "celery"):
            importlib.import_module(name)
        import django
        django.setup()
        failed = []
        for name in {names!r}:
            if name in sys.modules:
                continue  # already loaded by django.setup(): it imported first there
            pid = os.fork()
            if pid == 0:
                try:
                    importlib.import_module(name)
                except BaseException:
                    traceback.print_exc()
                    os._exit(1)
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            if status:
                failed.append(name)
        print("FAILED", failed)
        sys.exit(1 if failed else 0)
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=280
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
