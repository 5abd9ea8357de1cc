"""What every repository stands on: the session of one open transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from storage.answer_cache import AnswerCache, Staged
from storage.codec import Clock, to_text
from storage.errors import TransactionError

Params = Sequence[Any]


class Session:
    """The connection as seen from inside one transaction.

    Created by ``Database.transaction()`` / ``Database.read()`` and closed when the
    transaction ends; any use afterwards raises TransactionError instead of silently running
    in autocommit mode. A read session refuses writes.
    """

    def __init__(
        self,
        conn: aiosqlite.Connection,
        clock: Clock,
        *,
        writable: bool,
        answer_cache: AnswerCache,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._writable = writable
        self._open = True
        self.answer_cache = Staged(answer_cache)
        """This transaction's view of the decoded answers; published after COMMIT."""
        self.outbox_added: list[Any] = []
        """Outbox items (``OutboxItem``) added in this transaction; handed to the courier
        after COMMIT (typed loosely: the repositories import this module)."""

    @property
    def writable(self) -> bool:
        return self._writable

    def close(self) -> None:
        self._open = False

    def now(self) -> datetime:
        """The current time from the database's clock."""
        return self._clock()

    def now_text(self) -> str:
        return to_text(self._clock())

    def _check(self, *, write: bool) -> None:
        if not self._open:
            raise TransactionError("the transaction has ended; open a new one")
        if write and not self._writable:
            raise TransactionError("write inside Database.read(); use Database.transaction()")

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Rows of a read-only statement."""
        self._check(write=False)
        return list(await self._conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """The first row of a read-only statement, or None."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def write(self, sql: str, params: Params = ()) -> int:
        """Run a writing statement; returns the number of rows it changed."""
        self._check(write=True)
        async with self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def write_many(self, sql: str, rows: Sequence[Params]) -> None:
        """Run one writing statement for many parameter rows in a single call."""
        self._check(write=True)
        async with self._conn.executemany(sql, rows):
            pass

    async def write_returning(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Run a writing statement with a ``RETURNING`` clause; returns its rows."""
        self._check(write=True)
        return list(await self._conn.execute_fetchall(sql, params))


class Repository:
    """Base of the repositories: a small class over the session of one transaction."""

    def __init__(self, session: Session) -> None:
        self._s = session


def placeholders(count: int) -> str:
    """``?, ?, ?`` for an ``IN (...)`` list of ``count`` values."""
    return ", ".join("?" * count)
