"""The courier: committed replies reach it from memory, leave in order, are marked sent in
batches, and a chat erased meanwhile gets nothing more."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app import delivery
from bot.app.delivery import Courier
from dialogs.replies import Message, Reply
from storage import Database
from storage.repositories.delivery import OutboxRepository


class Recorder:
    """Records deliveries and hands out message ids; ``hold`` keeps a chat's sends waiting."""

    def __init__(self) -> None:
        #: (chat, text, message id to edit or None)
        self.calls: list[tuple[str, str, str | None]] = []
        self.hold: dict[str, asyncio.Event] = {}
        #: Set when a delivery to a held chat has begun.
        self.held = asyncio.Event()
        #: Set by every delivery.
        self.delivered = asyncio.Event()
        self._ids = itertools.count(500)

    async def deliver(self, chat_id: str, reply: Reply, edit_message_id: str | None) -> str:
        assert isinstance(reply, Message)
        self.calls.append((chat_id, reply.text, edit_message_id))
        self.delivered.set()
        if chat_id in self.hold:
            self.held.set()
            await self.hold[chat_id].wait()
        return edit_message_id if edit_message_id is not None else str(next(self._ids))

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        """Not used by these tests."""

    def texts(self, chat_id: str) -> list[str]:
        return [text for chat, text, _ in self.calls if chat == chat_id]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with await Database.open(tmp_path / "werkstatt.db") as db:
        yield db


def payload(text: str, **extra: Any) -> dict[str, Any]:
    return {"reply": Message(text=text).model_dump(mode="json"), **extra}


def chat(number: int) -> str:
    """The address of Telegram chat ``number``."""
    return f"telegram:{number}"


async def queue(db: Database, *items: tuple[str, dict[str, Any]]) -> list[int]:
    """Commit outbox items (chat, payload), as an update's transaction does."""
    async with db.transaction() as tx:
        return [await tx.outbox.add(chat, data) for chat, data in items]


async def until(check: Callable[[], bool]) -> None:
    """Wait (at most 10 s) until ``check()`` holds."""
    for _ in range(1000):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("waited 10 s in vain")


async def unsent(db: Database) -> list[int]:
    async with db.read() as tx:
        return [item.id for item in await tx.outbox.pending()]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Outbox items read back from the database by id."""
    calls: list[int] = []
    original = OutboxRepository.get

    async def counting(self: OutboxRepository, item_id: int) -> Any:
        calls.append(item_id)
        return await original(self, item_id)

    monkeypatch.setattr(OutboxRepository, "get", counting)
    return calls


async def test_committed_replies_are_sent_without_reading_them_back(
    db: Database, reads: list[int]
) -> None:
    recorder = Recorder()
    courier = Courier(db, recorder)
    ids = await queue(
        db, (chat(1), payload("Eins")), (chat(2), payload("Zwei")), (chat(1), payload("Drei"))
    )
    await courier.submit(ids)
    await courier.drain()
    assert recorder.texts(chat(1)) == ["Eins", "Drei"]
    assert recorder.texts(chat(2)) == ["Zwei"]
    assert reads == []
    assert await unsent(db) == []
    # A second submit of the same ids (e.g. after a restart) sends nothing again.
    await courier.submit(ids)
    await courier.drain()
    assert len(recorder.calls) == 3
    await courier.close()


async def test_replies_to_many_chats_are_marked_sent_in_few_transactions(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    courier = Courier(db, recorder)
    ids = await queue(db, *[(chat(n), payload(f"Antwort {n}")) for n in range(1, 21)])
    marks: list[int] = []
    original = OutboxRepository.mark_all_sent

    async def counting(self: OutboxRepository, item_ids: list[int]) -> None:
        marks.append(len(item_ids))
        await original(self, item_ids)

    monkeypatch.setattr(OutboxRepository, "mark_all_sent", counting)
    await courier.submit(ids)
    # In operation nobody drains: the marker batches on its own.
    await until(lambda: len(recorder.calls) == 20 and not courier._unmarked)
    await courier.drain()
    assert len(recorder.calls) == 20
    assert sum(marks) == 20
    assert len(marks) <= 3, marks
    assert await unsent(db) == []
    await courier.close()


async def test_an_edit_finds_its_message_before_the_mark_is_stored(db: Database) -> None:
    recorder = Recorder()
    courier = Courier(db, recorder)
    ids = await queue(
        db,
        (chat(7), payload("Status: 1 Punkt", ref="live:1")),
        (chat(7), payload("Status: 2 Punkte", edit_ref="live:1")),
    )
    await courier.submit(ids)
    await courier.drain()
    first, second = recorder.calls
    assert first == (chat(7), "Status: 1 Punkt", None)
    assert second == (chat(7), "Status: 2 Punkte", "500")
    async with db.read() as tx:
        assert await tx.message_refs.lookup("live:1") == (chat(7), "500")
    await courier.close()


async def test_an_erased_chat_gets_none_of_its_queued_replies(db: Database) -> None:
    recorder = Recorder()
    recorder.hold[chat(3)] = asyncio.Event()
    courier = Courier(db, recorder)
    ids = await queue(
        db, (chat(3), payload("Erste")), (chat(3), payload("Zweite")), (chat(4), payload("Andere"))
    )
    await courier.submit(ids)
    async with asyncio.timeout(10):  # the first reply is on its way, the second waits
        await recorder.held.wait()
    assert recorder.texts(chat(3)) == ["Erste"]
    async with db.transaction() as tx:  # /loeschen commits meanwhile
        await tx.outbox.forget_chat(chat(3))
    recorder.hold[chat(3)].set()
    await courier.drain()
    assert recorder.texts(chat(3)) == ["Erste"]
    assert recorder.texts(chat(4)) == ["Andere"]
    await courier.close()


async def test_a_reply_that_gets_the_id_of_an_erased_one_is_still_sent(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "MARK_DELAY", 10)  # the first reply stays unmarked meanwhile
    recorder = Recorder()
    courier = Courier(db, recorder)
    [first] = await queue(db, (chat(3), payload("Ihre Frage")))
    await courier.submit([first])
    await recorder.delivered.wait()
    async with db.transaction() as tx:  # /loeschen: the chat's items go, the answer comes
        await tx.outbox.forget_chat(chat(3))
        second = await tx.outbox.add(chat(3), payload("Erledigt"))
    assert second == first  # SQLite hands the id of the deleted last row out again
    await courier.submit([second])
    await courier.drain()
    assert recorder.texts(chat(3)) == ["Ihre Frage", "Erledigt"]
    assert await unsent(db) == []
    await courier.close()


async def test_a_rolled_back_reply_is_never_handed_to_the_courier(db: Database) -> None:
    recorder = Recorder()
    courier = Courier(db, recorder)
    added: list[int] = []
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            added.append(await tx.outbox.add(chat(5), payload("Nie gesendet")))
            raise RuntimeError
    await courier.submit(added)
    await courier.drain()
    assert recorder.calls == []
    await courier.close()


async def test_a_chats_next_reply_waits_until_the_previous_one_is_marked(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # So that a crash re-sends at most the one reply per chat that was in flight.
    monkeypatch.setattr(delivery, "MARK_DELAY", 0.3)
    recorder = Recorder()
    courier = Courier(db, recorder)
    ids = await queue(db, (chat(8), payload("Erste")), (chat(8), payload("Zweite")))
    await courier.submit(ids)
    await recorder.delivered.wait()
    await asyncio.sleep(0.1)
    assert recorder.texts(chat(8)) == ["Erste"]  # the first is not marked yet
    assert await unsent(db) == ids
    await until(lambda: len(recorder.calls) == 2)
    assert await unsent(db) == ids[1:]  # the first was marked before the second went out
    await courier.drain()
    assert await unsent(db) == []
    await courier.close()
