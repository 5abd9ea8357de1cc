"""The layers of DESIGN.md hold: only the adapter talks Telegram, the domain does no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package: str) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[path] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("dialogs", {"telegram", "aiosqlite", "sqlite3", "storage", "bot", "matplotlib"}),
        ("storage", {"telegram", "bot"}),
        ("bot/charts", {"telegram", "aiosqlite", "storage"}),
        ("bot/documents", {"telegram", "aiosqlite", "storage"}),
    ],
)
def test_package_does_not_import(package: str, forbidden: set[str]) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(names & forbidden)
        for path, names in imported_modules(package).items()
        if names & forbidden
    }
    assert offenders == {}


def test_only_the_telegram_adapter_imports_telegram() -> None:
    importers = {
        str(path.relative_to(ROOT))
        for package in ("bot", "dialogs", "storage")
        for path, names in imported_modules(package).items()
        if "telegram" in names
    }
    assert importers
    assert all(name.startswith("bot/telegram/") for name in importers), importers


def test_only_the_matrix_adapter_imports_nio() -> None:
    importers = {
        str(path.relative_to(ROOT))
        for package in ("bot", "dialogs", "storage")
        for path, names in imported_modules(package).items()
        if "nio" in names
    }
    assert importers
    assert all(name.startswith("bot/matrix/") for name in importers), importers


def test_nothing_uses_pyplot() -> None:
    """pyplot keeps global state; charts use Figure + Agg only (a docstring may name it)."""
    users = set()
    for package in ("bot", "dialogs", "storage"):
        for path, names in imported_modules(package).items():
            code = path.read_text(encoding="utf-8").split('"""', 2)[-1]
            if "matplotlib" in names and "pyplot" in code:
                users.add(str(path.relative_to(ROOT)))
    assert users == set()


WALL_CLOCK = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}


def test_dialogs_never_read_the_wall_clock() -> None:
    """The caller passes "now" in (from the database's clock): one clock, and testable."""
    readers = set()
    for path in (ROOT / "dialogs").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in WALL_CLOCK
            ):
                readers.add(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == set()


# --------------------------------------------------------------------------- the import graph

PACKAGES = ("bot", "dialogs", "storage")

#: Import cycles still to break (issue 9); this list may only shrink.
KNOWN_CYCLES = {
    frozenset({"bot.documents.strategy", "bot.documents.strategy_projects"}),
}

#: Renderers importing the application layer, still to remove; this list may only shrink.
KNOWN_UPWARD: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports anywhere: top level, inside functions and under
    ``TYPE_CHECKING`` (a type named there is a dependency, too)."""
    paths = {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    child = f"{base}.{alias.name}"
                    targets.add(child if child in paths else base)
        if path.name == "__init__.py" and "pkgutil" in targets:  # discovers its modules
            targets.update(p for p in paths if p.rpartition(".")[0] == name)
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = {stack.pop()}
            while node not in component:
                component.add(stack.pop())
            if len(component) > 1:
                found.add(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_import_graph_sees_function_level_imports() -> None:
    graph = import_graph()
    assert "bot.documents.export_zip" in graph["bot.documents.builders"]  # inside a function
    assert "bot.documents.strategy" in graph["bot.documents.strategy_projects"]  # TYPE_CHECKING
    assert "dialogs.steps.as3" in graph["dialogs.steps"]  # found by pkgutil


def test_no_import_cycles_beyond_the_known_ones() -> None:
    assert cycles(import_graph()) <= KNOWN_CYCLES


def test_renderers_do_not_import_the_application() -> None:
    """bot/charts and bot/documents draw and write; they may use dialogs, never bot/*.py."""
    renderers = ("bot.charts", "bot.documents")
    upward = {
        (module, target)
        for module, targets in import_graph().items()
        if module.startswith(renderers)
        for target in targets
        if target.startswith("bot.") and not target.startswith(renderers)
    }
    assert upward <= KNOWN_UPWARD


#: The layers of bot/ (DESIGN.md), highest first; a module may import its own layer and those
#: below it, never one above. ``storage`` may be used by the application and the adapters only.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "adapters",
        (
            "bot.telegram", "bot.matrix", "bot.console", "bot.cli", "bot.cli_parser", "bot.config",
            "bot.operator_commands", "bot.health", "bot.logsetup",
        ),
    ),
    ("app", ("bot.app",)),
    ("present", ("bot.present",)),
    ("renderers", ("bot.charts", "bot.documents")),
    ("domain", ("dialogs",)),
)  # fmt: skip
STORAGE_USERS = ("adapters", "app")

#: Imports against the layers still to remove (issue 9); this list may only shrink.
KNOWN_LAYER_BREAKS = KNOWN_UPWARD


def layer_of(module: str) -> int | None:
    """Rank of ``module``'s layer (0 = highest), None for storage and the package roots."""
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(f"{p}.") for p in prefixes):
            return rank
    return None


def test_every_bot_module_belongs_to_a_layer() -> None:
    homeless = {m for m in import_graph() if m.startswith("bot.") and layer_of(m) is None}
    assert homeless == set()


def test_imports_point_down_the_layers() -> None:
    storage_users = {r for r, (name, _) in enumerate(LAYERS) if name in STORAGE_USERS}
    breaks = set()
    for module, targets in import_graph().items():
        rank = layer_of(module)
        if rank is None:
            continue
        for target in targets:
            target_rank = layer_of(target)
            if target.startswith("storage"):
                if rank not in storage_users:
                    breaks.add((module, target))
            elif target_rank is not None and target_rank < rank:
                breaks.add((module, target))
    assert breaks <= KNOWN_LAYER_BREAKS, sorted(breaks - KNOWN_LAYER_BREAKS)
