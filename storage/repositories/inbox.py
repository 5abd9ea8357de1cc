"""Updates fetched from a messenger and not handled yet (``tx.inbox``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from storage.codec import dump_json, load_json
from storage.repositories._base import Repository, placeholders
from storage.repositories.delivery import UpdateKey


class InboxEntry(BaseModel):
    """One fetched update as the messenger sent it; ``chat_key`` is the chat it is ordered in
    (both keys are the messenger's own: Telegram's numbers, Matrix ids)."""

    model_config = ConfigDict(frozen=True)

    update_id: UpdateKey
    chat_key: UpdateKey
    payload: dict[str, Any]


class InboxRepository(Repository):
    """The durable inbox: a batch is stored before the messenger is told it arrived."""

    async def add(self, entries: Sequence[InboxEntry]) -> None:
        """Store fetched updates (an update stored before is kept as it is)."""
        now = self._s.now_text()
        await self._s.write_many(
            "INSERT OR IGNORE INTO inbox (update_id, chat_key, payload, fetched_at)"
            " VALUES (?, ?, ?, ?)",
            [(e.update_id, e.chat_key, dump_json(e.payload), now) for e in entries],
        )

    async def remove(self, update_ids: Iterable[UpdateKey]) -> None:
        """Forget handled updates."""
        ids = list(update_ids)
        if ids:
            await self._s.write(
                f"DELETE FROM inbox WHERE update_id IN ({placeholders(len(ids))})", ids
            )

    async def waiting(self) -> list[InboxEntry]:
        """The updates not processed yet, in the order they were stored; processed ones are
        deleted."""
        await self._s.write(
            "DELETE FROM inbox WHERE update_id IN (SELECT update_id FROM processed_updates)"
        )
        rows = await self._s.fetchall(
            "SELECT update_id, chat_key, payload FROM inbox ORDER BY seq"
        )
        return [
            InboxEntry(
                update_id=row["update_id"],
                chat_key=row["chat_key"],
                payload=load_json(row["payload"]),
            )
            for row in rows
        ]
