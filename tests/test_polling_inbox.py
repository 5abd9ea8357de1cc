"""The durable inbox of the poller: stored before confirmed, bounded, per-chat order kept."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
from telegram import Bot, Update

from bot.telegram.polling import ReliablePoller
from storage.database import Database
from storage.repositories import InboxEntry, InboxRepository
from tests.botprocess import eventually, read_only
from tests.conftest import TOKEN
from tests.fakeapi import FakeBotApi, FakeUser


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=api.base_url) as bot:
        yield bot


@pytest.fixture
async def db(db_path: Path) -> AsyncIterator[Database]:
    async with await Database.open(db_path) as db:
        yield db


async def test_a_flood_fills_the_inbox_only_up_to_the_bound_and_keeps_each_chats_order(
    api: FakeBotApi, bot: Bot, db: Database
) -> None:
    release = asyncio.Event()
    handled: list[tuple[int, str]] = []

    async def handle(update: Update) -> None:
        await release.wait()
        assert update.effective_chat is not None and update.effective_message is not None
        handled.append((update.effective_chat.id, update.effective_message.text or ""))

    anna, ben = FakeUser(7001, "Anna"), FakeUser(7002, "Ben")
    sent = [(anna, f"A{i}") for i in range(30)] + [(ben, f"B{i}") for i in range(5)]
    ids = [api.push_text(user, text) for user, text in sent]

    poller = ReliablePoller(bot, handle, db, timeout=1, limit=4, max_waiting=10)
    task = asyncio.create_task(poller.run())
    try:
        await eventually(lambda: inbox_rows(db) >= 10)
        polls = len(api.calls_to("getUpdates"))
        await asyncio.sleep(0.5)  # time to fetch more, if the bound did not hold
        assert len(api.calls_to("getUpdates")) == polls, "fetching pauses at the bound"
        async with db.transaction() as tx:
            stored = await tx.inbox.waiting()
        assert 10 <= len(stored) < 14
        assert [e.update_id for e in stored] == ids[: len(stored)]
        # Telegram keeps the rest until there is room again.
        assert {u["update_id"] for u in api.pending_updates} >= set(ids[len(stored) :])

        release.set()
        await api.wait_for(lambda: not api.pending_updates, timeout=10)
        await eventually(lambda: len(handled) == len(sent))
    finally:
        poller.stop()
        await asyncio.wait_for(task, 10)
    for user in (anna, ben):
        own = [text for chat, text in handled if chat == user.id]
        assert own == [text for u, text in sent if u is user]
    async with db.transaction() as tx:
        assert await tx.inbox.waiting() == [], "handled updates leave the inbox"


async def test_a_restart_handles_what_the_inbox_kept_before_anything_new(
    api: FakeBotApi, bot: Bot, db: Database
) -> None:
    anna = FakeUser(7101, "Anna")
    first = [api.push_text(anna, f"alt {i}") for i in range(3)]
    stall = asyncio.Event()

    async def never(update: Update) -> None:
        await stall.wait()

    poller = ReliablePoller(bot, never, db, timeout=1)
    task = asyncio.create_task(poller.run())
    await api.wait_for(lambda: api.confirmed_offset > max(first), timeout=10)
    poller.stop()  # the first update is in progress: it ends, the others stay in the inbox
    stall.set()
    await asyncio.wait_for(task, 10)
    async with db.transaction() as tx:
        assert [e.update_id for e in await tx.inbox.waiting()] == first[1:]

    api.push_text(anna, "neu")
    handled: list[str] = []

    async def record(update: Update) -> None:
        assert update.effective_message is not None
        handled.append(update.effective_message.text or "")

    poller = ReliablePoller(bot, record, db, timeout=1)
    task = asyncio.create_task(poller.run())
    try:
        await eventually(lambda: len(handled) == 3)
    finally:
        poller.stop()
        await asyncio.wait_for(task, 10)
    assert handled == ["alt 1", "alt 2", "neu"]


def inbox_rows(db: Database) -> int:
    with read_only(db.path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM inbox").fetchone()[0])


async def test_a_handled_update_leaves_the_inbox_soon_without_further_traffic(
    api: FakeBotApi, bot: Bot, db: Database
) -> None:
    """The raw update holds the message text and profile name: it is not kept until the
    next message arrives (which may be days later)."""
    handled: list[int] = []

    async def record(update: Update) -> None:
        handled.append(update.update_id)

    poller = ReliablePoller(bot, record, db, timeout=30)
    task = asyncio.create_task(poller.run())
    try:
        update_id = api.push_text(FakeUser(7201, "Anna"), "Vertraulich")
        await eventually(lambda: handled == [update_id])
        await eventually(lambda: inbox_rows(db) == 0, timeout=5)
        await eventually(lambda: b"Vertraulich" not in db_bytes(db), timeout=5)
    finally:
        poller.stop()
        await asyncio.wait_for(task, 10)


def db_bytes(db: Database) -> bytes:
    """The database file and its WAL as bytes."""
    folder = db.path.parent
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith(db.path.name))


async def test_a_batch_the_inbox_could_not_store_is_fetched_again_and_handled_once(
    api: FakeBotApi, bot: Bot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = InboxRepository.add
    failures = [sqlite3.OperationalError("database is locked")]

    async def flaky(self: InboxRepository, entries: Sequence[InboxEntry]) -> None:
        if failures:
            raise failures.pop()
        await original(self, entries)

    monkeypatch.setattr(InboxRepository, "add", flaky)
    handled: list[int] = []

    async def record(update: Update) -> None:
        handled.append(update.update_id)

    update_id = api.push_text(FakeUser(7301, "Anna"), "Hallo")
    poller = ReliablePoller(bot, record, db, timeout=1)
    task = asyncio.create_task(poller.run())
    try:
        await eventually(lambda: handled == [update_id], timeout=8)
        await api.wait_for(lambda: api.confirmed_offset > update_id, timeout=8)
    finally:
        poller.stop()
        await asyncio.wait_for(task, 10)
    assert handled == [update_id] and not failures
