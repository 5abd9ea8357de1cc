"""Numbered, named schema migrations, applied at start-up.

Each migration is a file ``storage/migrations/NNNN_name.sql`` shipped as package data and
found through :mod:`importlib.resources`. A migration and the row recording it in
``schema_migrations`` are written in one ``BEGIN IMMEDIATE`` transaction: either both are
there or neither (after a crash, the migration simply runs again at the next start). Another
process starting at the same moment waits for the write lock and then sees the record, so a
migration never runs twice. Modelled on simonw/llm ``llm/migrations.py`` and sqlite-utils'
migrations, with SQL files instead of Python functions so each table lives in one readable file.
Where stored values must be rewritten in a way SQL cannot say readably, a migration adds a
Python *data step* (:mod:`storage.data_steps`), run after its statements in its transaction.

Migration files contain plain statements separated by semicolons and no transaction control
(``BEGIN``/``COMMIT``/``SAVEPOINT``): the runner owns the transaction. A migration that
rebuilds a table other tables refer to starts with the line :data:`FOREIGN_KEYS_OFF`: the
runner then switches foreign keys off around its transaction (``PRAGMA foreign_keys`` cannot
change inside one; dropping the old table with them on would run its ``ON DELETE`` actions)
and checks them with ``PRAGMA foreign_key_check`` before the commit.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import aiosqlite

from storage.codec import Clock, to_text, utc_now
from storage.data_steps import DATA_STEPS
from storage.errors import MigrationError

FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")
_TRANSACTION_CONTROL = re.compile(
    r"^(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE
)

#: First line of a migration that must run with foreign keys off (it rebuilds tables).
FOREIGN_KEYS_OFF = "-- foreign keys off"

SCHEMA_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT
"""


@dataclass(frozen=True)
class Migration:
    """One migration file: ``0001_initial.sql`` → version 1, name ``initial``."""

    version: int
    name: str
    sql: str

    @property
    def foreign_keys_off(self) -> bool:
        return self.sql.startswith(FOREIGN_KEYS_OFF)

    @property
    def label(self) -> str:
        return f"{self.version:04d}_{self.name}"

    def statements(self) -> list[str]:
        """The file split into single statements (``sqlite3.complete_statement`` decides
        where one ends, so semicolons in strings, comments and trigger bodies are safe)."""
        statements: list[str] = []
        buffer = ""
        for line in self.sql.splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                statements.append(buffer.strip())
                buffer = ""
        if _strip_comments(buffer):
            raise MigrationError(f"{self.label}: incomplete statement at the end: {buffer!r}")
        for statement in statements:
            if _TRANSACTION_CONTROL.match(_strip_comments(statement)):
                raise MigrationError(
                    f"{self.label}: transaction control belongs to the runner, not to a "
                    f"migration: {statement!r}"
                )
        return statements


def _strip_comments(text: str) -> str:
    """The text without leading blank lines and ``--`` comment lines."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("--")]
    return "\n".join(lines).strip()


def discover(folder: Traversable | None = None) -> list[Migration]:
    """All migrations in ``folder`` (default: the package's ``migrations``), by version.

    Raises MigrationError for a ``.sql`` file with a malformed name or a duplicate version.
    """
    if folder is None:
        folder = resources.files("storage").joinpath("migrations")
    found: dict[int, Migration] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = FILE_NAME.match(entry.name)
        if match is None:
            raise MigrationError(f"migration file {entry.name!r}: expected NNNN_name.sql")
        version = int(match["version"])
        if version in found:
            raise MigrationError(
                f"migration {version:04d} twice: {found[version].label}, {entry.name}"
            )
        found[version] = Migration(version, match["name"], entry.read_text(encoding="utf-8"))
    if not found:
        raise MigrationError(f"no migrations in {folder}")
    return [found[version] for version in sorted(found)]


async def applied_versions(conn: aiosqlite.Connection) -> dict[int, str]:
    """Version → name of every migration recorded in the database."""
    rows = await conn.execute_fetchall("SELECT version, name FROM schema_migrations")
    return {row[0]: row[1] for row in rows}


async def apply_migrations(
    conn: aiosqlite.Connection,
    migrations: Sequence[Migration] | None = None,
    *,
    clock: Clock = utc_now,
) -> list[Migration]:
    """Apply every pending migration, each with its record in one transaction.

    ``conn`` must be in autocommit mode (``isolation_level=None``) and not in a transaction.
    Returns the migrations applied now (empty when the schema was up to date). Raises
    MigrationError when the database knows a migration this code does not (it was written by
    a newer version) or a recorded name differs from the file's.
    """
    if migrations is None:
        migrations = discover()
    await _execute(conn, SCHEMA_MIGRATIONS)
    _check_record(await applied_versions(conn), migrations)
    applied: list[Migration] = []
    for migration in migrations:
        statements = migration.statements()
        checked = next(iter(await conn.execute_fetchall("PRAGMA foreign_keys")))[0]
        if migration.foreign_keys_off:
            await _execute(conn, "PRAGMA foreign_keys = OFF")
        await _execute(conn, "BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have applied it meanwhile.
            if migration.version in await applied_versions(conn):
                await _execute(conn, "ROLLBACK")
                continue
            for statement in statements:
                await _execute(conn, statement)
            data_step = DATA_STEPS.get(migration.label)
            if data_step is not None:
                await data_step(conn)
            if migration.foreign_keys_off and await conn.execute_fetchall(
                "PRAGMA foreign_key_check"
            ):
                raise MigrationError(f"migration {migration.label} breaks foreign keys")
            await _execute(
                conn,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, to_text(clock())),
            )
            await _execute(conn, "COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                await _execute(conn, "ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise MigrationError(f"migration {migration.label} failed: {error}") from error
            raise
        finally:
            await _execute(conn, f"PRAGMA foreign_keys = {int(checked)}")
        applied.append(migration)
    return applied


def _check_record(recorded: dict[int, str], migrations: Iterable[Migration]) -> None:
    known = {migration.version: migration.name for migration in migrations}
    unknown = sorted(set(recorded) - set(known))
    if unknown:
        raise MigrationError(
            f"the database records migrations {unknown} this code does not have "
            "(written by a newer version?)"
        )
    for version, name in recorded.items():
        if known[version] != name:
            raise MigrationError(
                f"migration {version:04d} is called {name!r} in the database "
                f"but {known[version]!r} in the code"
            )


async def _execute(conn: aiosqlite.Connection, sql: str, parameters: Sequence[Any] = ()) -> None:
    async with conn.execute(sql, parameters):
        pass
