"""Bookkeeping for talking to messengers: processed updates, the outbox, button payloads and
linked group chats. Chats are addresses such as ``telegram:123`` (see migration 0010)."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from storage.codec import dump_json, from_text, from_text_or_none, load_json, to_text
from storage.errors import NotFoundError
from storage.repositories._base import Repository

BUTTON_ID_LENGTH = 10
"""Characters of a button id: 60 random bits, far below Telegram's 64-byte callback_data."""

#: What an update is known by: Telegram's update id, a Matrix event id.
UpdateKey = int | str


class OutboxItem(BaseModel):
    """A message waiting to be (or already) sent. ``payload`` is the transport-neutral reply."""

    model_config = ConfigDict(frozen=True)

    id: int
    chat_id: str
    payload: dict[str, Any]
    bulk: bool
    attempts: int
    last_error: str | None = None
    created_at: datetime | None = None
    sent_at: datetime | None = None


class StoredButton(BaseModel):
    """What a button stands for; the messenger only carries its ``id``."""

    model_config = ConfigDict(frozen=True)

    id: str
    payload: dict[str, Any]
    user_id: int | None
    team_id: int | None
    created_at: datetime
    used_at: datetime | None = None


def _cutoff(older_than: timedelta | datetime, now: datetime) -> str:
    return to_text(now - older_than if isinstance(older_than, timedelta) else older_than)


class UpdateRepository(Repository):
    """Update keys already processed (``tx.updates``): Telegram update ids, Matrix event ids.

    Record the id in the same transaction as the update's effects: a redelivered update is
    then recognised and changes nothing.
    """

    async def seen(self, update_id: UpdateKey) -> bool:
        row = await self._s.fetchone(
            "SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)
        )
        return row is not None

    async def record(self, update_id: UpdateKey) -> None:
        """Mark the update processed (recording it twice is harmless)."""
        await self._s.write(
            "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
            (update_id, self._s.now_text()),
        )

    async def prune(self, keep_days: int) -> int:
        """Forget ids processed more than ``keep_days`` ago (Telegram keeps undelivered
        updates for 24 hours); returns how many were removed."""
        return await self._s.write(
            "DELETE FROM processed_updates WHERE processed_at < ?",
            (_cutoff(timedelta(days=keep_days), self._s.now()),),
        )


_OUTBOX = "id, chat_id, payload, bulk, attempts, last_error, created_at, sent_at"


def _outbox_item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        chat_id=row["chat_id"],
        payload=load_json(row["payload"]),
        bulk=bool(row["bulk"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        created_at=from_text(row["created_at"]),
        sent_at=from_text_or_none(row["sent_at"]),
    )


class OutboxRepository(Repository):
    """Messages decided in a transaction and sent after it committed (``tx.outbox``)."""

    async def add(self, chat_id: str, payload: dict[str, Any], bulk: bool = False) -> int:
        """Queue a message; ``bulk`` marks sends to many users (reminders, summaries), which
        the sender throttles differently from replies. Returns the item's id."""
        text, now = dump_json(payload), self._s.now_text()
        rows = await self._s.write_returning(
            "INSERT INTO outbox (chat_id, payload, bulk, created_at) VALUES (?, ?, ?, ?)"
            " RETURNING id",
            (chat_id, text, int(bulk), now),
        )
        item_id: int = rows[0]["id"]
        self._s.outbox_added.append(
            OutboxItem(
                id=item_id,
                chat_id=str(chat_id),  # as a read returns it (TEXT column)
                payload=load_json(text),
                bulk=bulk,
                attempts=0,
                created_at=from_text(now),
            )
        )
        return item_id

    async def pending(
        self, limit: int = 100, max_attempts: int | None = None, messenger: str | None = None
    ) -> list[OutboxItem]:
        """Unsent items in the order they were queued; with ``max_attempts``, items that
        failed that often are left out (for the sender to report instead of retrying); with
        ``messenger`` (``"telegram"``), only items to chats of that messenger."""
        sql = f"SELECT {_OUTBOX} FROM outbox WHERE sent_at IS NULL"
        params: list[Any] = []
        if messenger is not None:
            sql += " AND substr(chat_id, 1, ?) = ?"
            params += [len(messenger) + 1, f"{messenger}:"]
        if max_attempts is not None:
            sql += " AND attempts < ?"
            params.append(max_attempts)
        rows = await self._s.fetchall(sql + " ORDER BY id LIMIT ?", [*params, limit])
        return [_outbox_item(row) for row in rows]

    async def mark_sent(self, item_id: int) -> None:
        await self._update(item_id, "sent_at = ?", self._s.now_text())

    async def mark_all_sent(self, items: Sequence[OutboxItem]) -> None:
        """Mark several items sent in one statement. An item erased meanwhile is passed over,
        also when a new item got its id since (ids of deleted last rows are used again): the
        row must still have the item's chat and creation time."""
        now = self._s.now_text()
        await self._s.write_many(
            "UPDATE outbox SET sent_at = ?"
            " WHERE id = ? AND chat_id = ? AND created_at = ? AND sent_at IS NULL",
            [
                (now, item.id, item.chat_id, to_text(item.created_at))
                for item in items
                if item.created_at is not None
            ],
        )

    async def is_pending(self, item_id: int) -> bool:
        """Whether the item still waits to be sent (not sent, not erased)."""
        row = await self._s.fetchone(
            "SELECT 1 FROM outbox WHERE id = ? AND sent_at IS NULL", (item_id,)
        )
        return row is not None

    async def mark_failed(self, item_id: int, error: str) -> None:
        """Count a failed attempt and keep the error; the item stays pending."""
        await self._update(item_id, "attempts = attempts + 1, last_error = ?", error)

    async def get(self, item_id: int) -> OutboxItem | None:
        row = await self._s.fetchone(f"SELECT {_OUTBOX} FROM outbox WHERE id = ?", (item_id,))
        return None if row is None else _outbox_item(row)

    async def prune(self, older_than: timedelta | datetime) -> int:
        """Delete items sent before the cutoff; returns how many."""
        return await self._s.write(
            "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?",
            (_cutoff(older_than, self._s.now()),),
        )

    async def forget_chat(self, chat_id: str) -> int:
        """Delete every item to ``chat_id`` (the person deleted their data); returns how many."""
        return await self._s.write("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))

    async def _update(self, item_id: int, assignment: str, value: Any) -> None:
        changed = await self._s.write(
            f"UPDATE outbox SET {assignment} WHERE id = ?", (value, item_id)
        )
        if changed == 0:
            raise NotFoundError(f"outbox item {item_id} does not exist")


_BUTTON = "id, payload, user_id, team_id, created_at, used_at"


class ButtonRepository(Repository):
    """Server-side payloads of inline buttons (``tx.buttons``).

    The id is all the messenger carries (callback data, a numbered option); what a press
    means is looked up here, so clients cannot forge payloads and the 64-byte limit never matters.
    """

    async def create(
        self, payload: dict[str, Any], user_id: int | None = None, team_id: int | None = None
    ) -> str:
        """Store the payload; returns the id to use as callback_data."""
        text = dump_json(payload)
        while True:
            button_id = secrets.token_urlsafe(BUTTON_ID_LENGTH)[:BUTTON_ID_LENGTH]
            try:
                await self._s.write(
                    "INSERT INTO buttons (id, user_id, team_id, payload, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (button_id, user_id, team_id, text, self._s.now_text()),
                )
            except sqlite3.IntegrityError:
                # A collision of 60 random bits, or a bad user/team id: tell them apart.
                if await self.resolve(button_id) is None:
                    raise
                continue
            return button_id

    async def create_many(
        self,
        payloads: Sequence[dict[str, Any]],
        user_id: int | None = None,
        team_id: int | None = None,
    ) -> list[str]:
        """Store several payloads in one statement (the buttons of one message); returns their
        ids in order. On any conflict it falls back to :meth:`create` one by one."""
        ids = [secrets.token_urlsafe(BUTTON_ID_LENGTH)[:BUTTON_ID_LENGTH] for _ in payloads]
        now = self._s.now_text()
        rows = [
            (i, user_id, team_id, dump_json(p), now) for i, p in zip(ids, payloads, strict=True)
        ]
        try:
            await self._s.write_many(
                "INSERT INTO buttons (id, user_id, team_id, payload, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )
        except sqlite3.IntegrityError:
            return [await self.create(p, user_id, team_id) for p in payloads]
        return ids

    async def resolve(self, button_id: str) -> StoredButton | None:
        row = await self._s.fetchone(f"SELECT {_BUTTON} FROM buttons WHERE id = ?", (button_id,))
        if row is None:
            return None
        return StoredButton(
            id=row["id"],
            payload=load_json(row["payload"]),
            user_id=row["user_id"],
            team_id=row["team_id"],
            created_at=from_text(row["created_at"]),
            used_at=from_text_or_none(row["used_at"]),
        )

    async def use_up(self, button_id: str) -> bool:
        """Mark a one-shot button used; False if it was used before (a double tap)."""
        changed = await self._s.write(
            "UPDATE buttons SET used_at = ? WHERE id = ? AND used_at IS NULL",
            (self._s.now_text(), button_id),
        )
        return changed == 1

    async def is_repeat_tap(self, user_id: int, value: str, within: timedelta) -> bool:
        """Remember ``user_id``'s tap meaning ``value``; True if the same tap came less than
        ``within`` ago (then it counts once, and the time of the first tap stays)."""
        now = self._s.now()
        row = await self._s.fetchone(
            "SELECT value, tapped_at FROM recent_taps WHERE user_id = ?", (user_id,)
        )
        if (
            row is not None
            and row["value"] == value
            and now - from_text(row["tapped_at"]) < within
        ):
            return True
        await self._s.write(
            "INSERT INTO recent_taps (user_id, value, tapped_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET value = excluded.value,"
            " tapped_at = excluded.tapped_at",
            (user_id, value, to_text(now)),
        )
        return False

    async def prune(self, older_than: timedelta | datetime) -> int:
        """Delete buttons created before the cutoff (an age or a moment); returns how many."""
        return await self._s.write(
            "DELETE FROM buttons WHERE created_at < ?", (_cutoff(older_than, self._s.now()),)
        )


class GroupRepository(Repository):
    """Group chats linked to teams for live sessions (``tx.groups``)."""

    async def link(self, chat_id: str, team_id: int, member_id: int | None) -> None:
        """Link the group to the team (a group belongs to one team; re-linking moves it)."""
        await self._s.write(
            "INSERT INTO group_chats (chat_id, team_id, linked_by, linked_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET team_id = excluded.team_id,"
            " linked_by = excluded.linked_by, linked_at = excluded.linked_at",
            (chat_id, team_id, member_id, self._s.now_text()),
        )

    async def team_of(self, chat_id: str) -> int | None:
        row = await self._s.fetchone(
            "SELECT team_id FROM group_chats WHERE chat_id = ?", (chat_id,)
        )
        return None if row is None else int(row["team_id"])

    async def unlink(self, chat_id: str) -> bool:
        return await self._s.write("DELETE FROM group_chats WHERE chat_id = ?", (chat_id,)) == 1

    async def migrate(self, old_chat_id: str, new_chat_id: str) -> bool:
        """Keep the link when the group gets a new address (a Telegram supergroup).

        Returns False if the old chat was not linked (e.g. the migration was handled already);
        then nothing changes."""
        if await self.team_of(old_chat_id) is None:
            return False
        await self._s.write("DELETE FROM group_chats WHERE chat_id = ?", (new_chat_id,))
        changed = await self._s.write(
            "UPDATE group_chats SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
        )
        return changed == 1
