"""The one SQLite connection of the process and the transactions on it.

Durability rule of the bot (DESIGN.md, "Durable state"): a member's dialog position, the
answer and the processed ``update_id`` are committed in one transaction *before* the reply is
sent. This module provides exactly that transaction and nothing cleverer:

* One aiosqlite connection in autocommit mode (``isolation_level=None``): the sqlite3 module
  starts no implicit transactions, every transaction is an explicit ``BEGIN``.
* WAL journal (readers never block the writer, a backup can read while the bot writes),
  ``synchronous=FULL`` (a commit is on disk when ``COMMIT`` returns, even after a power
  loss), ``foreign_keys=ON``, ``busy_timeout=5000`` (another process, e.g. a backup or the
  CLI, holding the lock briefly means waiting, not failing).
* ``transaction()`` runs ``BEGIN IMMEDIATE``: the write lock is taken at the start, so a
  transaction that reads and then writes cannot fail halfway with SQLITE_BUSY.

Why the ``asyncio.Lock``: aiosqlite runs every statement of a connection on one worker thread,
and a SQLite transaction belongs to the *connection*, not to the task that began it. Without
the lock, task A's ``BEGIN`` and task B's ``INSERT`` interleave on that thread: B's row lands in
A's transaction, and when A rolls back B's row silently disappears (or B's ``BEGIN`` fails with
"cannot start a transaction within a transaction"). The lock makes each transaction exclusive
for its whole ``async with`` block, awaits inside included. Keep transactions short: never wait
for Telegram inside one.

Read-only transactions (``read()``) of a database file run on a second connection with its own
lock (``query_only``): in WAL mode they see the last committed state and neither wait for the
writer's lock nor hold it up. A read whose result decides a write must therefore stay inside
the write transaction. An in-memory database has one connection, shared under the one lock.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self

import aiosqlite

from storage.answer_cache import AnswerCache
from storage.backup import (
    BUSY_TIMEOUT_MS,
    backup_file,
    finish_copy,
    integrity_problem,
    private_file,
)
from storage.codec import Clock, utc_now
from storage.errors import StorageError, TransactionError
from storage.migrate import Migration, apply_migrations
from storage.outbox_handoff import OutboxHandoff
from storage.repositories import Session, Tx

log = logging.getLogger(__name__)

MEMORY = ":memory:"
MIN_SQLITE = (3, 37, 0)  # STRICT tables (3.37), RETURNING (3.35)

PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous = FULL",
    # Deleted content is overwritten with zeros, so erased personal data is not left readable.
    "PRAGMA secure_delete = ON",
)


class Database:
    """The bot's SQLite database: open once at start-up, close at shutdown.

    ::

        db = await Database.open("data/werkstatt.db")
        async with db.transaction() as tx:
            ...
        await db.close()

    or ``async with await Database.open(path) as db: ...``.
    """

    def __init__(
        self,
        conn: aiosqlite.Connection,
        path: Path,
        clock: Clock,
        applied: list[Migration],
        reader: aiosqlite.Connection | None = None,
    ) -> None:
        """Use :meth:`open`."""
        self._conn: aiosqlite.Connection | None = conn
        self._path = path
        self._clock = clock
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[object] | None = None
        #: The read-only connection (None for an in-memory database: reads use ``_conn``).
        self._reader = reader
        self._reader_lock = asyncio.Lock()
        self._reader_owner: asyncio.Task[object] | None = None
        self._answer_cache = AnswerCache()
        self.outbox_handoff = OutboxHandoff()
        """Outbox items committed here, for the courier (no read-back)."""
        self.migrations_applied: tuple[Migration, ...] = tuple(applied)
        """The migrations this ``open`` applied (empty when the schema was current)."""

    @classmethod
    async def open(cls, path: str | Path, *, clock: Clock = utc_now) -> Database:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        A new file and missing parent folders are created readable by the owner only (0600,
        0700; SQLite gives the WAL the file's mode). ``":memory:"`` gives a private in-memory
        database for tests. ``clock`` supplies "now" for every timestamp (UTC-aware).
        """
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise StorageError(
                f"SQLite {sqlite3.sqlite_version} is too old; need "
                f"{'.'.join(map(str, MIN_SQLITE))} or newer"
            )
        in_memory = str(path) == MEMORY
        if not in_memory:
            path = Path(path)
            private_file(path)
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            rows = await conn.execute_fetchall("PRAGMA journal_mode = WAL")
            mode = next(iter(rows))[0]
            if mode != ("memory" if in_memory else "wal"):
                raise StorageError(f"could not switch {path} to WAL (journal_mode={mode})")
            for pragma in PRAGMAS:
                async with conn.execute(pragma):
                    pass
            applied = await apply_migrations(conn, clock=clock)
            reader = None if in_memory else await _open_reader(Path(path))
        except BaseException:
            await conn.close()
            raise
        return cls(conn, Path(path), clock, applied, reader)

    def now(self) -> datetime:
        """The current time by the database's clock (UTC-aware): the one clock of the bot."""
        return self._clock()

    @property
    def path(self) -> Path:
        """Where the database lives (``Path(":memory:")`` for an in-memory one)."""
        return self._path

    @property
    def in_memory(self) -> bool:
        return str(self._path) == MEMORY

    @property
    def closed(self) -> bool:
        return self._conn is None

    async def close(self) -> None:
        """Wait for the running transaction, then close. Closing twice is harmless."""
        if self._conn is None:
            return
        self._check_not_nested()
        async with self._lock, self._reader_lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                await conn.close()
            reader, self._reader = self._reader, None
            if reader is not None:
                await reader.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """A write transaction: ``BEGIN IMMEDIATE`` under the lock, COMMIT when the block
        ends, ROLLBACK (and re-raise) when it raises, cancellation included.

        When the block is left without an exception the data is committed and on disk.
        Nesting in the same task raises TransactionError: pass the ``Tx`` along instead.
        """
        async with self._session(writable=True) as tx:
            yield tx

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """A read-only transaction (deferred ``BEGIN``): a consistent snapshot for several
        queries. Writes inside raise TransactionError. Always ended when the block ends."""
        async with self._session(writable=False) as tx:
            yield tx

    @asynccontextmanager
    async def _session(self, *, writable: bool) -> AsyncIterator[Tx]:
        self._check_not_nested()
        on_reader = not writable and self._reader is not None
        async with self._reader_lock if on_reader else self._lock:
            conn = self._open_conn()
            if on_reader:
                assert self._reader is not None  # closed together with _conn
                conn = self._reader
                self._reader_owner = asyncio.current_task()
            else:
                self._owner = asyncio.current_task()
            session = Session(
                conn, self._clock, writable=writable, answer_cache=self._answer_cache
            )
            try:
                await _run(conn, "BEGIN IMMEDIATE" if writable else "BEGIN")
                try:
                    yield Tx(session)
                    session.close()
                    await _run(conn, "COMMIT")
                    session.answer_cache.publish()
                    self.outbox_handoff.publish(session.outbox_added)
                except BaseException:
                    session.close()
                    if conn.in_transaction:
                        await _run(conn, "ROLLBACK")
                    raise
            finally:
                if on_reader:
                    self._reader_owner = None
                else:
                    self._owner = None

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and empty it (``wal_checkpoint(TRUNCATE)``):
        after an erasure no old page with the erased data stays readable in the WAL."""
        self._check_not_nested()
        # The reader's lock too: an open read transaction would keep the WAL from emptying.
        async with self._lock, self._reader_lock:
            await self._open_conn().execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")

    async def scrub(self) -> None:
        """After an erasure: rebuild the file (``VACUUM``), then :meth:`checkpoint`. Erased
        text can survive in the unused space of a page that SQLite rebuilt before the erasure
        (``secure_delete`` only zeroes what it frees); a rebuilt file has none of it."""
        self._check_not_nested()
        async with self._lock:
            conn = self._open_conn()
            try:
                await conn.execute_fetchall("VACUUM")
            except sqlite3.OperationalError as error:  # busy: the checkpoint still runs
                log.warning("VACUUM after an erasure failed: %s", error)
            await conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")

    async def backup(self, target: str | Path) -> Path:
        """Copy the database into the new file ``target`` while the bot keeps running.

        Uses SQLite's online backup API on a separate read connection, so only committed
        data is copied and writers are not blocked (WAL). The copy is written next to the
        target, checked (``PRAGMA integrity_check``) and renamed into place when complete, in
        rollback-journal mode so it is one self-contained file readable by the owner only.
        Raises FileExistsError if ``target`` exists.
        """
        target = Path(target)
        if target.exists():
            raise FileExistsError(f"backup target {target} exists")
        if not self.in_memory:
            self._open_conn()
            return await asyncio.to_thread(backup_file, self._path, target)
        # A second connection cannot see a private in-memory database: copy through the
        # shared connection, under the lock so no uncommitted rows are copied.
        partial = target.with_name(f"{target.name}.partial")
        partial.unlink(missing_ok=True)
        private_file(partial)
        self._check_not_nested()
        async with self._lock:
            conn = self._open_conn()
            copy = await asyncio.to_thread(sqlite3.connect, partial, check_same_thread=False)
            try:
                await conn.backup(copy)
                await asyncio.to_thread(finish_copy, copy)
            finally:
                copy.close()
        problem = await asyncio.to_thread(integrity_problem, partial)
        if problem is not None:
            partial.unlink()
            raise StorageError(f"the backup copy is damaged: {problem}")
        os.replace(partial, target)
        return target

    def _open_conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise TransactionError("the database is closed")
        return self._conn

    def _check_not_nested(self) -> None:
        task = asyncio.current_task()
        if task is not None and task in (self._owner, self._reader_owner):
            raise TransactionError(
                "this task already has a transaction open on the database; pass its Tx along "
                "instead of opening another one (that would wait for itself forever)"
            )


async def _open_reader(path: Path) -> aiosqlite.Connection:
    """The second connection, for read-only transactions (see the module docstring)."""
    reader = await aiosqlite.connect(path, isolation_level=None)
    try:
        reader.row_factory = sqlite3.Row
        for pragma in (*PRAGMAS, "PRAGMA query_only = ON"):
            async with reader.execute(pragma):
                pass
    except BaseException:
        await reader.close()
        raise
    return reader


async def _run(conn: aiosqlite.Connection, sql: str) -> None:
    async with conn.execute(sql):
        pass
