"""The package's layers: each imports only those below it, and nothing imports in a cycle.

The contracts live in pyproject.toml (``[tool.importlinter]``): the layers,
lowest last (core, io, analysis, evaluate, report, studies, then cli and
dashboard side by side), a core that imports no file, network or UI code, and
no cycle between the packages of netsim. ``lint-imports`` checks them; these
tests run it, and also check that no two modules import each other at run time.
"""

from __future__ import annotations

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
