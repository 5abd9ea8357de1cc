"""Reads of a database file run on their own connection: they neither wait for a running write
transaction nor see its uncommitted rows."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with await Database.open(tmp_path / "werkstatt.db") as db:
        yield db


async def municipalities(db: Database) -> list[str]:
    async with db.read() as tx:
        rows = await tx._session.fetchall("SELECT municipality FROM teams ORDER BY id")
    return [row["municipality"] for row in rows]


async def test_a_read_does_not_wait_for_a_running_write_transaction(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.teams.create("Altstadt", "Kleinstadt")
    inserted, finish = asyncio.Event(), asyncio.Event()

    async def slow_writer() -> None:
        async with db.transaction() as tx:
            await tx.teams.create("Neustadt", "Kleinstadt")
            inserted.set()
            await finish.wait()

    writer = asyncio.create_task(slow_writer())
    await inserted.wait()
    try:
        async with asyncio.timeout(5):  # before: waited for the writer's lock
            assert await municipalities(db) == ["Altstadt"]  # nothing uncommitted
    finally:
        finish.set()
        await writer
    assert await municipalities(db) == ["Altstadt", "Neustadt"]


async def test_a_write_does_not_wait_for_a_running_read(db: Database) -> None:
    opened, finish = asyncio.Event(), asyncio.Event()

    async def slow_reader() -> list[str]:
        async with db.read() as tx:
            rows = await tx._session.fetchall("SELECT municipality FROM teams")
            opened.set()
            await finish.wait()
            rows += await tx._session.fetchall("SELECT municipality FROM teams")
        return [row["municipality"] for row in rows]

    reader = asyncio.create_task(slow_reader())
    await opened.wait()
    try:
        async with asyncio.timeout(5), db.transaction() as tx:
            await tx.teams.create("Neustadt", "Kleinstadt")
    finally:
        finish.set()
    assert await reader == []  # one snapshot for the whole read
    assert await municipalities(db) == ["Neustadt"]


async def test_an_erasure_checkpoint_waits_for_running_reads(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.teams.create("Altstadt", "Kleinstadt")
    opened, finish = asyncio.Event(), asyncio.Event()

    async def slow_reader() -> None:
        async with db.read() as tx:
            await tx._session.fetchall("SELECT municipality FROM teams")
            opened.set()
            await finish.wait()

    reader = asyncio.create_task(slow_reader())
    await opened.wait()
    checkpoint = asyncio.create_task(db.checkpoint())
    await asyncio.sleep(0.05)
    assert not checkpoint.done()
    finish.set()
    await reader
    await checkpoint
    assert (db.path.parent / f"{db.path.name}-wal").stat().st_size == 0
