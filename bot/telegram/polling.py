"""Polling that serves chats fairly and never loses an update it was handed.

python-telegram-bot's own updater confirms a batch (the next ``getUpdates`` offset) as soon as
it fetched it, so a crash loses updates already fetched but not yet processed. Here every
fetched batch is first written to the durable inbox (one transaction); only after that commit
does the next ``getUpdates`` confirm it. So fetching goes on at once, even behind a flood of
more than the 100 updates one ``getUpdates`` returns: a message of another member is fetched
and answered next to the flood. One worker per chat handles that chat's updates in update-id
order, and chats run concurrently.

An update is done when its transaction has recorded its id (``processed_updates``, together
with its effects) or its handling ended; done rows leave the inbox with the next batch, or
:data:`CLEAR_DELAY` after handling if no batch comes. At
start-up the inbox rows not done are queued first, so a crash between storing a batch and
handling it loses nothing, and the update-id record makes a second run of an update a no-op.
While :data:`MAX_WAITING` updates wait, fetching pauses: a flood cannot grow the database
without bound (Telegram keeps the rest).

An update the library cannot read is skipped (logged with its id and the kind of error, never
its content) and confirmed, so one broken update cannot stop the bot again and again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut

from storage.database import Database
from storage.errors import StorageError
from storage.repositories import InboxEntry

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]

#: Fetching pauses while this many updates wait in the inbox (queued or in progress).
MAX_WAITING = 5000
#: Seconds after which handled updates leave the inbox when no new batch removed them first
#: (the raw updates hold message texts and profile names: keep them no longer than needed;
#: once nothing waits, the WAL is checkpointed, so their bytes leave the files as well).
CLEAR_DELAY = 1.0


def seconds(value: object) -> float:
    """``retry_after`` as seconds (a timedelta or a number, depending on PTB settings)."""
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


def chat_key(update: Update) -> int:
    """The chat an update belongs to (its order matters within that chat only)."""
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    user = update.effective_user
    return user.id if user is not None else 0


class ReliablePoller:
    """Long-polls ``getUpdates``, stores each batch in the inbox, then confirms and handles it."""

    def __init__(
        self,
        bot: Bot,
        handle: Callable[[Update], Awaitable[None]],
        db: Database,
        *,
        timeout: int = 25,
        limit: int = 100,
        max_waiting: int = MAX_WAITING,
        on_poll: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.bot = bot
        self.handle = handle
        self.db = db
        #: Called after every successful ``getUpdates`` (records the bot's sign of life).
        self.on_poll = on_poll
        self.timeout = timeout
        self.limit = limit
        self.max_waiting = max_waiting
        self._stop = asyncio.Event()
        self._progress = asyncio.Event()
        #: Stored updates not handled yet (queued or in progress), by id.
        self._unhandled: set[int] = set()
        #: Handled updates whose inbox rows are still to be deleted.
        self._done: list[int] = []
        self._clearing: asyncio.Task[None] | None = None
        #: The highest update id stored so far; updates up to it are not taken again.
        self._highest: int | None = None
        self._queues: dict[int, deque[Update]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}

    @property
    def offset(self) -> int | None:
        """The next ``getUpdates`` offset: past every update stored in the inbox."""
        return None if self._highest is None else self._highest + 1

    def stop(self) -> None:
        self._stop.set()
        self._progress.set()

    async def run(self) -> None:
        """Queue what the inbox holds, then poll until :meth:`stop`; errors are retried with a
        growing pause.

        Only an invalid token ends polling (raised): retrying cannot help. A 409 Conflict (a
        second instance polled for a moment, or a webhook was set) must not end it for good.
        After :meth:`stop`, updates in progress are finished; queued ones stay in the inbox.
        """
        pause = 1.0
        stopped = asyncio.create_task(self._stop.wait())
        try:
            await self._restore()
            while not self._stop.is_set():
                if len(self._unhandled) >= self.max_waiting:
                    await self._wait_for_room()
                    continue
                poll = asyncio.create_task(self._fetch(self.timeout))
                await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not poll.done():
                    poll.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await poll
                    break
                try:
                    batch = poll.result()
                except RetryAfter as error:
                    await self._sleep(seconds(error.retry_after))
                    continue
                except InvalidToken:
                    raise
                except TelegramError as error:  # network, timeout, 5xx, 409 Conflict, ...
                    log.warning("getUpdates failed (%r); retrying in %.0f s", error, pause)
                    await self._sleep(pause)
                    pause = min(pause * 2, 30.0)
                    continue
                try:
                    await self._accept(batch)
                except (StorageError, sqlite3.Error) as error:
                    # Not stored, so not confirmed: Telegram hands the batch out again.
                    log.warning("storing updates failed (%r); retrying in %.0f s", error, pause)
                    await self._sleep(pause)
                    pause = min(pause * 2, 30.0)
                    continue
                pause = 1.0
                if self.on_poll is not None:
                    await self.on_poll()
        finally:
            stopped.cancel()
            self._stop.set()
            await asyncio.gather(*self._workers.values(), return_exceptions=True)
            if self._clearing is not None:
                await asyncio.gather(self._clearing, return_exceptions=True)
            try:
                await self._clear()
            except Exception:
                log.exception("could not clear handled updates from the inbox")

    async def confirm(self) -> None:
        """Tell Telegram what is stored (used on a clean shutdown)."""
        if self.offset is not None:
            try:
                await self._fetch(0, limit=1)
            except (TimedOut, NetworkError) as error:
                log.warning("could not confirm offset %s: %s", self.offset, error)

    async def _fetch(self, wait: int, limit: int | None = None) -> list[Any]:
        """One ``getUpdates`` call, unparsed.

        ``Bot.get_updates`` parses the whole batch at once – one unreadable update fails all of
        them – and then logs the raw batch, content included. Hence the raw call.
        """
        return await self.bot._post(
            "getUpdates",
            {
                "offset": self.offset,
                "timeout": wait,
                "limit": limit or self.limit,
                "allowed_updates": ALLOWED_UPDATES,
            },
            read_timeout=wait + 10,
        )

    async def _restore(self) -> None:
        """Queue the updates a previous run stored but did not handle (oldest first)."""
        async with self.db.transaction() as tx:
            # Telegram's updates have integer ids; other messengers' rows are theirs.
            entries = [e for e in await tx.inbox.waiting() if isinstance(e.update_id, int)]
        if entries:
            log.info("handling %d updates stored before the restart", len(entries))
            self._highest = entries[-1].update_id
        for entry in entries:
            update = self._parse(entry.update_id, entry.payload)
            if update is None:
                self._done.append(entry.update_id)
            else:
                self._queue(entry.chat_key, update)

    async def _accept(self, batch: list[Any]) -> None:
        """Store the updates not seen before in one transaction, then queue them per chat.

        Done inbox rows are deleted in the same transaction.
        """
        highest = self._highest
        parsed: list[tuple[InboxEntry, Update]] = []
        for data in batch:
            update_id = data.get("update_id") if isinstance(data, dict) else None
            if not isinstance(update_id, int):
                log.warning("getUpdates returned an entry without an update id; skipped")
                continue
            if highest is not None and update_id <= highest:
                continue  # already stored (Telegram hands it out until confirmed)
            highest = update_id
            update = self._parse(update_id, data)
            if update is not None:
                entry = InboxEntry(update_id=update_id, chat_key=chat_key(update), payload=data)
                parsed.append((entry, update))
        done, self._done = self._done, []
        if parsed or done:
            try:
                async with self.db.transaction() as tx:
                    await tx.inbox.add([entry for entry, _ in parsed])
                    await tx.inbox.remove(done)
            except BaseException:
                self._done.extend(done)
                raise
        self._highest = highest
        for entry, update in parsed:
            self._queue(entry.chat_key, update)

    def _parse(self, update_id: int, data: dict[str, Any]) -> Update | None:
        """The library's view of an update, or None (logged without content) if unreadable."""
        try:
            return Update.de_json(data, self.bot)
        except Exception as error:
            log.warning("update %s cannot be read (%s); skipped", update_id, type(error).__name__)
            return None

    def _queue(self, chat: int, update: Update) -> None:
        """Append to the chat's queue and start its worker if it has none."""
        self._unhandled.add(update.update_id)
        self._queues.setdefault(chat, deque()).append(update)
        if chat not in self._workers:
            self._workers[chat] = asyncio.create_task(self._work(chat))

    async def _work(self, chat: int) -> None:
        """Handle one chat's queued updates in order; ends (and is dropped) when it is empty."""
        queue = self._queues[chat]
        try:
            while queue and not self._stop.is_set():
                update = queue.popleft()
                try:
                    await self.handle(update)
                except Exception:
                    log.exception("update %s failed", update.update_id)
                self._finished(update.update_id)
        finally:
            del self._queues[chat]
            del self._workers[chat]

    def _finished(self, update_id: int) -> None:
        """Mark an update handled; its inbox row is deleted soon (see :data:`CLEAR_DELAY`)."""
        self._unhandled.discard(update_id)
        self._done.append(update_id)
        self._progress.set()
        if self._clearing is None:
            self._clearing = asyncio.create_task(self._clear_later())

    async def _clear_later(self) -> None:
        try:
            await self._sleep(CLEAR_DELAY)
            await self._clear()
            if not self._unhandled and not self.db.closed:
                # Quiet now: no page with a deleted raw update stays in the WAL or the file.
                await self.db.checkpoint()
        except Exception:
            log.exception("could not clear handled updates from the inbox; trying again later")
        finally:
            self._clearing = None

    async def _clear(self) -> None:
        """Delete the inbox rows of handled updates (kept for a later try if that fails)."""
        done, self._done = self._done, []
        if not done or self.db.closed:
            return
        try:
            async with self.db.transaction() as tx:
                await tx.inbox.remove(done)
        except BaseException:
            self._done.extend(done)
            raise

    async def _wait_for_room(self) -> None:
        """Until fewer than :attr:`max_waiting` updates wait (or polling stops)."""
        while len(self._unhandled) >= self.max_waiting and not self._stop.is_set():
            self._progress.clear()
            await self._progress.wait()

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)
