"""No module of the project imports, directly or through others, a module that
imports it back (docs/decisions/0006-layers.md).

The layer contract keeps apps apart; this keeps each app's own modules a tree, so
that an import never works only because of the order modules happen to load in.
A package's `__init__` that re-exports its modules (models/ packages) is left out:
it is how a package is read, not a dependency of its parts.
"""

import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]


def _packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def _circles(graph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    modules = sorted(m for m in graph.modules if not m.endswith("__init__"))
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module, counter=[0]):  # noqa: B006 - a counter shared by the calls
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if _is_package_init(graph, imported):
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in modules:
        if module not in index and not _is_package_init(graph, module):
            visit(module)
    return found


def _is_package_init(graph, module: str) -> bool:
    # grimp names a package by its dotted name; a package with children is one
    # whose __init__ only gathers them.
    return bool(graph.find_children(module))


def test_no_import_circles():
    graph = grimp.build_graph(*_packages(), cache_dir=None)
    circles = _circles(graph)
    assert not circles, "modules that import each other:\n" + "\n".join(
        " <-> ".join(circle) for circle in circles
    )


def test_a_circle_would_be_found():
    """The check itself: an import added back from models to services is a circle."""
    graph = grimp.build_graph("accounts", cache_dir=None)
    assert graph.direct_import_exists(
        importer="accounts.services", imported="accounts.models"
    )
    graph.add_import(importer="accounts.models", imported="accounts.services")
    circles = _circles(graph)
    assert any({"accounts.models", "accounts.services"} <= set(c) for c in circles)
