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
