"""The shape of the package: layers, size, and no import cycles.

These are the bars of the "one house" layout (ARCHITECTURE.md): a successor
finds where a change goes from the folder names, every concept has one home,
and no module imports, even lazily, a module that imports it back.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "stemeco"
SUBPACKAGES = {"cli", "ui", "studios", "storage", "documents", "project", "community", "plan"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _type_checking_only(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name | ast.Attribute)
        and "TYPE_CHECKING" in ast.unparse(node.test)
    )


@functools.cache
def syntax_tree(path: Path) -> ast.Module:
    """The parsed module, parsed once for all the tests here (none changes it)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def imports_of(path: Path, known: set[str]) -> set[str]:
    """stemeco modules that ``path`` imports anywhere (functions included), not for typing only."""
    tree = syntax_tree(path)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if _type_checking_only(node):
            skip.update(id(child) for child in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            if name in known:
                found.add(name)
    return found


@functools.cache
def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {
        name: {m for m in imports_of(path, known) if m != name and not name.startswith(m + ".")}
        for name, path in mods.items()
    }


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles_even_through_lazy_imports() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_layout_names_the_architecture() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__"))
    assert len(loose) <= 6, loose
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages >= SUBPACKAGES
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 700
    }
    assert not long, long


@pytest.mark.parametrize(
    "concept",
    ["def slugify", "def today", "def parse_number", "def parse_date", "class Problem"],
)
def test_one_definition_per_concept(concept: str) -> None:
    homes = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if concept + "(" in path.read_text(encoding="utf-8")
        or concept + ":" in path.read_text(encoding="utf-8")
    ]
    assert len(homes) == 1, homes


# Lower layers never import higher ones (lazily or not): the arrows of ARCHITECTURE.md.
LAYERS: list[set[str]] = [
    {
        "stemeco",
        "stemeco.errors",
        "stemeco.text",
        "stemeco.vocab",
        "stemeco.resources",
        "stemeco.i18n",
    },
    {"stemeco.storage"},
    {"stemeco.registry"},
    {
        "stemeco.studios.definition",
        "stemeco.studios.values",
        "stemeco.studios.loader",
        "stemeco.studios.overlay",
    },
    {"stemeco.project.folder", "stemeco.studios.sessions"},
]


def _layer(module: str) -> int | None:
    for index, layer in enumerate(LAYERS):
        if module in layer or any(
            module.startswith(prefix + ".") for prefix in layer - {"stemeco"}
        ):
            return index
    return None


def test_lower_layers_do_not_reach_up() -> None:
    wrong = []
    for module, targets in graph().items():
        mine = _layer(module)
        if mine is None:
            continue
        for target in targets:
            theirs = _layer(target)
            if theirs is None or theirs > mine:
                wrong.append(f"{module} -> {target}")
    assert not wrong, wrong


def test_only_the_ui_imports_rich_and_questionary() -> None:
    offenders = []
    for name, path in modules().items():
        if name.startswith("stemeco.ui"):
            continue
        for node in ast.walk(syntax_tree(path)):
            mods = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(m.split(".")[0] in ("rich", "questionary", "prompt_toolkit") for m in mods):
                offenders.append(name)
    assert not offenders, offenders
