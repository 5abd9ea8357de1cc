"""Neutral addresses (migration 0010): every id a messenger gave becomes ``<messenger>:<id>``,
nothing is lost on the way, and each messenger's courier sends only to its own chats."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import aiosqlite

from bot.app.delivery import Courier
from dialogs.replies import Message, Reply
from storage.database import Database
from storage.migrate import apply_migrations, discover

NOW = "2025-03-01T09:00:00.000000+00:00"


async def _database_before_0010(path: Path) -> None:
    """A database as the Telegram-only bot left it, with one of everything."""
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await conn.execute("PRAGMA foreign_keys = ON")
        await apply_migrations(conn, [m for m in discover() if m.version < 10])
        for statement in (
            "INSERT INTO teams (id, municipality, town_type, created_at)"
            f" VALUES (1, 'Lindenau', 'Kleinstadt', '{NOW}')",
            "INSERT INTO users (id, telegram_id, display_name, active_team_id, created_at)"
            f" VALUES (7, 4711, '', 1, '{NOW}')",
            "INSERT INTO members (id, team_id, user_id, display_name, role, stakeholder_group,"
            f" joined_at) VALUES (3, 1, 7, 'Anna', 'moderation', 'Verwaltung', '{NOW}')",
            f"INSERT INTO outbox (chat_id, payload, created_at) VALUES (4711, '{{}}', '{NOW}')",
            "INSERT INTO group_chats (chat_id, team_id, linked_by, linked_at)"
            f" VALUES (-100200, 1, 3, '{NOW}')",
            "INSERT INTO live_sessions (chat_id, team_id, kind, target, started_by, started_at)"
            f" VALUES (-100200, 1, 'vote', 'ideas', 3, '{NOW}')",
            "INSERT INTO message_refs (ref, chat_id, message_id, updated_at)"
            f" VALUES ('live:1', -100200, 55, '{NOW}')",
            f"INSERT INTO processed_updates (update_id, processed_at) VALUES (900, '{NOW}')",
            "INSERT INTO inbox (update_id, chat_key, payload, fetched_at)"
            f" VALUES (902, 4711, '{{}}', '{NOW}'), (901, 4711, '{{}}', '{NOW}')",
        ):
            await conn.execute(statement)


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


async def test_migration_0010_turns_telegram_ids_into_addresses_and_keeps_everything(
    tmp_path: Path,
) -> None:
    path = tmp_path / "alt.db"
    await _database_before_0010(path)
    async with await Database.open(path) as db:
        assert [m.label for m in db.migrations_applied] == ["0010_addresses"]
        async with db.transaction() as tx:
            anna = await tx.users.by_account("telegram:4711")
            assert anna is not None and anna.active_team_id == 1
            assert (await tx.members.get(3)).user_id == anna.id  # type: ignore[union-attr]
            assert await tx.members.accounts(1) == ["telegram:4711"]
            assert [i.chat_id for i in await tx.outbox.pending()] == ["telegram:4711"]
            assert await tx.groups.team_of("telegram:-100200") == 1
            session = await tx.live.open_in_chat("telegram:-100200")
            assert session is not None and session.started_by == 3
            assert await tx.message_refs.lookup("live:1") == ("telegram:-100200", "55")
            assert await tx.updates.seen(900)
            assert [e.update_id for e in await tx.inbox.waiting()] == [901, 902]
    assert _rows(path, "PRAGMA foreign_key_check") == []
    assert _rows(path, "PRAGMA integrity_check") == [("ok",)]


async def test_the_inbox_keeps_matrix_event_ids_in_arrival_order(tmp_path: Path) -> None:
    from storage.repositories import InboxEntry

    async with await Database.open(tmp_path / "w.db") as db:
        async with db.transaction() as tx:
            await tx.inbox.add(
                [
                    InboxEntry(update_id="$zzz", chat_key="!room:x", payload={"n": 1}),
                    InboxEntry(update_id="$aaa", chat_key="!room:x", payload={"n": 2}),
                ]
            )
            await tx.updates.record("$zzz")
        async with db.transaction() as tx:
            assert [e.update_id for e in await tx.inbox.waiting()] == ["$aaa"]
            assert await tx.updates.seen("$zzz") and not await tx.updates.seen("$aaa")


class Recorder:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def deliver(self, chat_id: str, reply: Reply, edit_message_id: str | None) -> str:
        self.sent.append(chat_id)
        return "1"


async def test_each_courier_sends_only_to_its_own_messengers_chats(tmp_path: Path) -> None:
    async with await Database.open(tmp_path / "w.db") as db:
        async with db.transaction() as tx:
            payload = {"reply": Message(text="Hallo").model_dump(mode="json")}
            ids = [
                await tx.outbox.add(chat, payload)
                for chat in ("telegram:1", "matrix:@anna:example.org", "telegram:2")
            ]
        telegram, matrix = Recorder(), Recorder()
        telegram_courier = Courier(db, telegram, messenger="telegram")
        matrix_courier = Courier(db, matrix, messenger="matrix")
        await telegram_courier.submit(ids)
        await telegram_courier.drain()
        assert sorted(telegram.sent) == ["telegram:1", "telegram:2"]
        assert await matrix_courier.deliver_pending() == 1
        await matrix_courier.drain()
        assert matrix.sent == ["matrix:@anna:example.org"]
        async with db.read() as tx:
            assert await tx.outbox.pending() == []


async def test_the_telegram_poller_leaves_matrix_rows_in_the_shared_inbox(tmp_path: Path) -> None:
    from telegram import Update

    from bot.telegram.polling import ReliablePoller
    from storage.repositories import InboxEntry

    handled: list[int] = []

    async def handle(update: Update) -> None:
        handled.append(update.update_id)

    async with await Database.open(tmp_path / "w.db") as db:
        async with db.transaction() as tx:
            await tx.inbox.add(
                [
                    InboxEntry(update_id=5, chat_key=1, payload={"update_id": 5}),
                    InboxEntry(update_id="$ev", chat_key="matrix:!r:x", payload={"kind": "text"}),
                ]
            )
        poller = ReliablePoller(None, handle, db)  # type: ignore[arg-type]
        await poller._restore()
        await asyncio.gather(*poller._workers.values())
        assert handled == [5] and poller.offset == 6
        async with db.transaction() as tx:
            assert [e.update_id for e in await tx.inbox.waiting()] == [5, "$ev"]


def test_the_privacy_notice_names_the_messenger_it_is_shown_in() -> None:
    from bot.present.privacy_notice import PrivacyNotice

    for messenger, elsewhere in (("Telegram", "Matrix"), ("Matrix", "Telegram")):
        notice = PrivacyNotice(messenger=messenger)
        short, full = notice.short(), notice.full()
        assert f"Ihre {messenger}-Kennung" in short and f"Ihre {messenger}-Kennung" in full
        assert elsewhere not in short + full
        assert short.splitlines()[-1].startswith("Alles Weitere: /datenschutz")
    assert "außerhalb der EU" in PrivacyNotice(messenger="Telegram").short()
    assert "außerhalb der EU" not in PrivacyNotice(messenger="Matrix").full()
