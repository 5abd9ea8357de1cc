"""Delivery of the outbox: replies leave only after their transaction committed.

The courier keeps one ordered queue per chat, so a chat sees replies in the order they were
stored, while different chats are served concurrently. Sends to many people (summaries,
notifications) are marked ``bulk`` and share a limit of about 30 per second. An item is marked
sent only after the transport confirmed it; whatever is still pending after a crash is sent at
the next start (:meth:`Courier.deliver_pending`).

A temporary failure (flood control beyond the rate limiter's retries, a network error, a 5xx
answer) is retried in place after a growing pause – the chat's later items wait behind it, so
the order holds – and does not count as an attempt: a reply is delayed, never dropped. Only at
shutdown does the courier stop retrying; the item stays pending for the next start.

Edits of earlier messages: an item whose payload carries ``ref`` (a name such as ``live:12``)
has the message id it became stored under that name (``tx.message_refs``) when it was
sent; an item with ``edit_ref`` edits the message stored under that name in the same chat (or
is sent as a new message if there is none). Both sit in the same per-chat queue, so the message
is always sent before its edits. An item with ``clear_ref`` first removes the buttons of the
message stored under that name (the question it supersedes), then goes out itself; a failure
to remove them never holds up the item.

Cost per reply: the committed item comes from memory (no read-back); right before sending, one
read (on the read connection) checks that it is still pending – /loeschen deletes a chat's
pending items. Sent items are marked in batches: one write transaction marks everything sent
within a short delay (``MARK_DELAY``) or while it waited for the lock – items of different
chats; a chat's next item waits until its previous one is marked, so a crash re-sends at most
the one reply per chat that was in flight, as before the batching. Until the mark commits, the
courier remembers sent items (never sent twice) and their message refs (an edit finds its
message).

Chats are addresses (``telegram:123``): a courier serves only its messenger's chats
(``messenger``), so one process per messenger can work on the same database; items to other
messengers are left for their courier.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from aiolimiter import AsyncLimiter
from pydantic import TypeAdapter

from dialogs.replies import Reply
from storage.database import Database
from storage.repositories.delivery import OutboxItem

log = logging.getLogger(__name__)

#: Give up on an item after this many failed attempts (e.g. the person blocked the bot).
MAX_ATTEMPTS = 5
#: Pauses between retries after a temporary failure without ``retry_after`` (seconds).
RETRY_PAUSES = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
#: How long a sent item waits to be marked together with the items sent after it (seconds).
MARK_DELAY = 0.05
_REPLY: TypeAdapter[Reply] = TypeAdapter(Reply)


class PermanentFailure(Exception):
    """The chat cannot be reached (blocked, deleted); retrying will not help."""


class TemporaryFailure(Exception):
    """The messenger cannot take the message right now; try again (after ``retry_after``)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Transport(Protocol):
    """Turns one reply into messages in one chat (Telegram, console, a test recorder).

    ``chat_id`` is the chat's address. ``deliver`` may return the id of the (last) message it
    sent or edited; transports without message ids return None."""

    async def deliver(
        self, chat_id: str, reply: Reply, edit_message_id: str | None
    ) -> str | None: ...

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        """Remove the buttons under an earlier message (errors are the transport's to log)."""


class Courier:
    """Sends outbox items per chat, in order, and marks them sent."""

    def __init__(
        self,
        db: Database,
        transport: Transport,
        *,
        messenger: str = "telegram",
        bulk_per_second: float = 30,
    ) -> None:
        self.db = db
        self.transport = transport
        self.messenger = messenger
        self._bulk = AsyncLimiter(bulk_per_second, 1)
        self._queues: dict[str, asyncio.Queue[OutboxItem]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._stopping = asyncio.Event()
        #: Sent, but not yet marked so in the database: item id → (item, (ref, message id) if
        #: the item's message is to be remembered under a ref).
        self._unmarked: dict[int, tuple[OutboxItem, tuple[str, str] | None]] = {}
        #: Message refs of sent items not yet stored: ref → (chat id, message id).
        self._refs: dict[str, tuple[str, str]] = {}
        self._marker: asyncio.Task[None] | None = None
        self._mark_now = asyncio.Event()
        #: Set when the batch that marks the item (by id) has committed (or failed).
        self._marked: dict[int, asyncio.Event] = {}

    async def submit(self, item_ids: list[int]) -> None:
        """Queue freshly committed outbox ids, each in the queue of its chat.

        Items committed by this process come from memory (:attr:`Database.outbox_handoff`);
        others are read from the database."""
        if not item_ids:
            return
        items = {item_id: self.db.outbox_handoff.take(item_id) for item_id in item_ids}
        missing = [item_id for item_id, item in items.items() if item is None]
        if missing:
            async with self.db.read() as tx:
                for item_id in missing:
                    items[item_id] = await tx.outbox.get(item_id)
        for item in items.values():
            if item is not None and self.serves(item.chat_id):
                self._queue(item.chat_id).put_nowait(item)

    def serves(self, chat_id: str) -> bool:
        """Whether the chat belongs to this courier's messenger."""
        return chat_id.startswith(f"{self.messenger}:")

    async def deliver_pending(self) -> int:
        """Queue everything not yet sent (after a restart). Returns how many items."""
        async with self.db.read() as tx:
            items = await tx.outbox.pending(
                limit=10_000, max_attempts=MAX_ATTEMPTS, messenger=self.messenger
            )
        for item in items:
            self._queue(item.chat_id).put_nowait(item)
        return len(items)

    async def drain(self, *, final: bool = False) -> None:
        """Wait until every queued item has been handled and marked.

        ``final`` (at shutdown): items that fail temporarily are not retried any more but left
        pending for the next start, so an outage cannot hold up the shutdown.
        """
        if final:
            self._stopping.set()
        self._mark_now.set()  # waiting to batch more would only hold up the drain
        while self._workers or self._marker:
            if self._workers:
                await asyncio.gather(*list(self._workers.values()), return_exceptions=True)
            elif self._marker:
                self._mark_now.set()  # nothing more is coming: do not wait for MARK_DELAY
                await asyncio.gather(self._marker, return_exceptions=True)
        self._mark_now.clear()

    async def close(self) -> None:
        """Stop sending; what was sent already is still marked."""
        for task in self._workers.values():
            task.cancel()
        await asyncio.gather(*self._workers.values(), return_exceptions=True)
        self._workers.clear()
        if self._marker is not None:
            self._mark_now.set()
            await asyncio.gather(self._marker, return_exceptions=True)

    def _queue(self, chat_id: str) -> asyncio.Queue[OutboxItem]:
        queue = self._queues.setdefault(chat_id, asyncio.Queue())
        if chat_id not in self._workers:
            self._workers[chat_id] = asyncio.create_task(self._work(chat_id, queue))
        return queue

    async def _work(self, chat_id: str, queue: asyncio.Queue[OutboxItem]) -> None:
        try:
            while not queue.empty():
                await self._send(queue.get_nowait())
        finally:
            self._workers.pop(chat_id, None)
            if not queue.empty():  # items arrived while we were finishing
                self._workers[chat_id] = asyncio.create_task(self._work(chat_id, queue))
            else:
                self._queues.pop(chat_id, None)

    async def _send(self, item: OutboxItem) -> None:
        sent = self._unmarked.get(item.id)
        if sent is not None and sent[0] == item:  # queued twice; ids of erased items recur
            return
        # Read again right before sending: /loeschen deletes the chat's pending items.
        async with self.db.read() as tx:
            if not await tx.outbox.is_pending(item.id):
                return
        try:
            message_id = await self._transmit_until_done(item)
        except TemporaryFailure as error:
            log.warning(
                "outbox %s to chat %s stays pending until the next start: %s",
                item.id, item.chat_id, error,
            )  # fmt: skip
            return
        except PermanentFailure as error:
            log.warning("outbox %s to chat %s given up: %s", item.id, item.chat_id, error)
            async with self.db.transaction() as tx:
                for _ in range(MAX_ATTEMPTS):
                    await tx.outbox.mark_failed(item.id, str(error)[:500])
            return
        except Exception as error:
            log.exception("outbox %s to chat %s failed", item.id, item.chat_id)
            async with self.db.transaction() as tx:
                await tx.outbox.mark_failed(item.id, repr(error)[:500])
            return
        ref = item.payload.get("ref")
        named = (ref, message_id) if ref and message_id is not None else None
        if named is not None:
            self._refs[named[0]] = (item.chat_id, named[1])
        self._unmarked[item.id] = (item, named)
        marked = self._marked.setdefault(item.id, asyncio.Event())
        if self._marker is None:
            self._marker = asyncio.create_task(self._mark_sent())
        await marked.wait()  # the chat's next item only after this one is marked

    async def _mark_sent(self) -> None:
        """Mark sent items in the database, one write transaction for all that were sent
        within :data:`MARK_DELAY` or while it waited for the lock (again while any are left)."""
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._mark_now.wait(), timeout=MARK_DELAY)
            while self._unmarked:
                async with self.db.transaction() as tx:
                    batch = list(self._unmarked.values())
                    await tx.outbox.mark_all_sent([item for item, _ in batch])
                    for item, named in batch:
                        if named is not None:
                            await tx.message_refs.remember(named[0], item.chat_id, named[1])
                for item, named in batch:
                    if self._unmarked.get(item.id) == (item, named):
                        del self._unmarked[item.id]
                        self._release(item.id)
                    if named is not None and self._refs.get(named[0]) == (item.chat_id, named[1]):
                        del self._refs[named[0]]
        except Exception:
            log.exception(
                "%d sent outbox items could not be marked; they are sent again after a restart",
                len(self._unmarked),
            )
            for item_id in self._unmarked:
                self._release(item_id)
            self._unmarked.clear()
        finally:
            self._marker = None

    def _release(self, item_id: int) -> None:
        """Let the chat of the marked item ``item_id`` go on."""
        marked = self._marked.pop(item_id, None)
        if marked is not None:
            marked.set()

    async def _transmit_until_done(self, item: OutboxItem) -> str | None:
        """Transmit; after a temporary failure pause and try again (until shutdown)."""
        failures = 0
        while True:
            try:
                return await self._transmit(item)
            except TemporaryFailure as error:
                if self._stopping.is_set():
                    raise
                pause = error.retry_after
                if pause is None:
                    pause = RETRY_PAUSES[min(failures, len(RETRY_PAUSES) - 1)]
                failures += 1
                log.warning(
                    "outbox %s to chat %s failed for now (%s); retry %d in %.1f s",
                    item.id, item.chat_id, error, failures, pause,
                )  # fmt: skip
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=pause)

    async def _transmit(self, item: OutboxItem) -> str | None:
        reply = _REPLY.validate_python(item.payload["reply"])
        if item.bulk:
            async with self._bulk:
                pass
        clear_ref = item.payload.get("clear_ref")
        superseded = await self._message_id(clear_ref, item.chat_id) if clear_ref else None
        if superseded is not None:
            await self.transport.clear_buttons(item.chat_id, superseded)
        edit_message_id = item.payload.get("edit_message_id")
        if edit_ref := item.payload.get("edit_ref"):
            edit_message_id = await self._message_id(edit_ref, item.chat_id)
        return await self.transport.deliver(item.chat_id, reply, edit_message_id)

    async def _message_id(self, ref: str, chat_id: str) -> str | None:
        """The id of the message stored as ``ref``, if it is in ``chat_id`` (sent items whose
        ref is not stored yet included)."""
        found = self._refs.get(ref)
        if found is None:
            async with self.db.read() as tx:
                found = await tx.message_refs.lookup(ref)
        return found[1] if found and found[0] == chat_id else None
