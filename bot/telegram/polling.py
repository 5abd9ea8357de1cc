"""Polling that serves chats fairly and confirms an update only after it was stored.

python-telegram-bot's own updater confirms a batch (the next ``getUpdates`` offset) as soon as
it fetched it, so a crash loses updates already fetched but not yet processed. Here every
fetched update goes into its chat's queue; one worker per chat handles that chat's updates in
order, and chats run concurrently, so a member who sends 300 messages does not hold up
everybody else. Fetching goes on while updates are being processed.

The offset asked for is always the lowest update id not yet handled: Telegram never gets a
confirmation past an update whose transaction has not committed. After a crash Telegram
delivers the unconfirmed updates again; the update-id record makes a second run a no-op.

An update the library cannot read is skipped (logged with its id and the kind of error, never
its content) and counts as handled, so one broken update cannot stop the bot again and again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]

#: Seconds between two fetches while updates are being processed (the long poll would return
#: at once: the unconfirmed updates are still there).
BUSY_FETCH_INTERVAL = 0.1
#: Longest wait for progress before fetching anyway (new updates of idle chats).
BUSY_FETCH_MAX_WAIT = 0.5


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
    """Long-polls ``getUpdates`` and hands each update to ``handle`` before confirming it."""

    def __init__(
        self,
        bot: Bot,
        handle: Callable[[Update], Awaitable[None]],
        *,
        timeout: int = 25,
        limit: int = 100,
        on_poll: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.bot = bot
        self.handle = handle
        #: Called after every successful ``getUpdates`` (records the bot's sign of life).
        self.on_poll = on_poll
        self.timeout = timeout
        self.limit = limit
        self._stop = asyncio.Event()
        self._progress = asyncio.Event()
        #: Fetched updates not handled yet (queued or in progress), by id.
        self._unhandled: set[int] = set()
        #: The highest update id fetched so far; updates up to it are not taken again.
        self._highest: int | None = None
        self._queues: dict[int, deque[Update]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}

    @property
    def offset(self) -> int | None:
        """The next ``getUpdates`` offset: the lowest update id not handled yet."""
        if self._unhandled:
            return min(self._unhandled)
        return None if self._highest is None else self._highest + 1

    def stop(self) -> None:
        self._stop.set()
        self._progress.set()

    async def run(self) -> None:
        """Poll until :meth:`stop`; errors are retried with a growing pause.

        Only an invalid token ends polling (raised): retrying cannot help. A 409 Conflict (a
        second instance polled for a moment, or a webhook was set) must not end it for good.
        After :meth:`stop`, updates in progress are finished; queued ones stay unconfirmed.
        """
        pause = 1.0
        stopped = asyncio.create_task(self._stop.wait())
        try:
            while not self._stop.is_set():
                self._progress.clear()
                busy = bool(self._unhandled)
                poll = asyncio.create_task(self._fetch(0 if busy else self.timeout))
                await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not poll.done():
                    poll.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await poll
                    break
                try:
                    self._accept(poll.result())
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
                pause = 1.0
                if self.on_poll is not None:
                    await self.on_poll()
                if self._unhandled:
                    await self._wait_for_progress()
        finally:
            stopped.cancel()
            self._stop.set()
            await asyncio.gather(*self._workers.values(), return_exceptions=True)

    async def confirm(self) -> None:
        """Tell Telegram what is handled (used on a clean shutdown)."""
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

    def _accept(self, batch: list[Any]) -> None:
        """Queue the updates not seen before, each in its chat's queue."""
        for data in batch:
            update_id = data.get("update_id") if isinstance(data, dict) else None
            if not isinstance(update_id, int):
                log.warning("getUpdates returned an entry without an update id; skipped")
                continue
            if self._highest is not None and update_id <= self._highest:
                continue  # already queued or handled (Telegram hands it out until confirmed)
            self._highest = update_id
            try:
                update = Update.de_json(data, self.bot)
            except Exception as error:
                log.warning(
                    "update %s cannot be read (%s); skipped", update_id, type(error).__name__
                )
                continue
            self._unhandled.add(update_id)
            chat = chat_key(update)
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
                self._unhandled.discard(update.update_id)
                self._progress.set()
        finally:
            del self._queues[chat]
            del self._workers[chat]

    async def _wait_for_progress(self) -> None:
        """While updates are being handled: fetch again after the next one is done (at most
        every :data:`BUSY_FETCH_INTERVAL`, at least every :data:`BUSY_FETCH_MAX_WAIT`), and at
        once when all are done."""
        loop = asyncio.get_running_loop()
        earliest = loop.time() + BUSY_FETCH_INTERVAL
        deadline = loop.time() + BUSY_FETCH_MAX_WAIT
        progressed = self._progress.is_set()
        while self._unhandled and not self._stop.is_set():
            now = loop.time()
            if now >= deadline or (progressed and now >= earliest):
                return
            self._progress.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._progress.wait(), (earliest if progressed else deadline) - now
                )
            progressed = progressed or self._progress.is_set()

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)
