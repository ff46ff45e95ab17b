"""The package's layers: each imports only those below it, and nothing imports in a cycle.

The contracts live in pyproject.toml (``[tool.importlinter]``): the layers,
lowest last (core, io, analysis, evaluate, report, studies, then cli and
dashboard side by side), a core that imports no file, network or UI code, and
no cycle between the packages of netsim. ``lint-imports`` checks them; these
tests run it, and also check that no two modules import each other at run time.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp

import netsim

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = (
    "Each layer imports only the layers below it",
    "The model core imports no file, network or UI code",
    "No import cycle between the packages and modules of netsim",
)


def test_import_contracts_are_kept() -> None:
    assert Path(netsim.__file__).resolve().parent == ROOT / "netsim"  # this tree, not another
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    for name in CONTRACTS:
        assert re.search(rf"^{re.escape(name)} KEPT$", report, re.MULTILINE), report
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in report


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
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

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others() -> None:
    # imports under `if TYPE_CHECKING:` are for annotations only: the core's
    # modules name the model class that imports them
    graph = grimp.build_graph("netsim", exclude_type_checking_imports=True, cache_dir=None)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert len(edges) > 50
    assert _cycles(edges) == []


def test_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]


def private_uses(source: str) -> list[str]:
    """Private names (one leading underscore) of netsim modules that ``source`` uses.

    ``from netsim.x import _y`` and ``x._y`` where ``x`` was imported from netsim; a
    module's own private names and dunder names are its own business.
    """
    tree = ast.parse(source)
    modules: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("netsim"):
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"from {node.module} import {alias.name}")
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name.startswith("netsim")}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_uses_another_modules_private_names() -> None:
    used = {
        str(path.relative_to(ROOT)): uses
        for path in sorted((ROOT / "netsim").rglob("*.py"))
        if (uses := private_uses(path.read_text(encoding="utf-8")))
    }
    assert used == {}, "make these names public (no leading underscore) or keep them at home"


def test_private_use_finder_finds_both_forms() -> None:
    source = "from netsim.report.charts import _layout, label\nfrom netsim import x\nx._y()\n"
    assert private_uses(source) == ["from netsim.report.charts import _layout", "x._y"]
    assert private_uses("def _own():\n    pass\n_own()\nself._z = 1\n") == []
