"""Polling that confirms an update only after it was stored.

python-telegram-bot's own updater confirms a batch (the next ``getUpdates`` offset) as soon as
it fetched it, so a crash loses updates already fetched but not yet processed. Here a batch is
processed first — updates of one chat in order, different chats concurrently — and the next
offset is asked for only when every update of the batch has committed. After a crash Telegram
delivers the unconfirmed updates again; the update-id record makes their second run a no-op.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


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


async def process_batch(
    updates: list[Update], handle: Callable[[Update], Awaitable[None]]
) -> None:
    """Handle ``updates``: per chat sequentially, chats concurrently; waits for all."""
    by_chat: dict[int, list[Update]] = {}
    for update in updates:
        by_chat.setdefault(chat_key(update), []).append(update)

    async def run_chat(chat_updates: list[Update]) -> None:
        for update in chat_updates:
            await handle(update)

    await asyncio.gather(*(run_chat(u) for u in by_chat.values()))


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
        self.offset: int | None = None

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Poll until :meth:`stop`; errors are retried with a growing pause.

        Only an invalid token ends polling (raised): retrying cannot help. A 409 Conflict (a
        second instance polled for a moment, or a webhook was set) must not end it for good.
        """
        pause = 1.0
        stopped = asyncio.create_task(self._stop.wait())
        try:
            while not self._stop.is_set():
                poll = asyncio.create_task(
                    self.bot.get_updates(
                        offset=self.offset,
                        timeout=self.timeout,
                        limit=self.limit,
                        allowed_updates=ALLOWED_UPDATES,
                    )
                )
                await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not poll.done():
                    poll.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await poll
                    break
                try:
                    updates = poll.result()
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
                if updates:
                    await process_batch(updates, self.handle)
                    self.offset = updates[-1].update_id + 1
        finally:
            stopped.cancel()

    async def confirm(self) -> None:
        """Tell Telegram the last batch is done (used on a clean shutdown)."""
        if self.offset is not None:
            try:
                await self.bot.get_updates(offset=self.offset, timeout=0, limit=1)
            except (TimedOut, NetworkError) as error:
                log.warning("could not confirm offset %s: %s", self.offset, error)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)
