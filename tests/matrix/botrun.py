"""The Matrix bot, run by the tests against the test homeserver."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from bot.app.rendering import Renderer
from bot.config import Settings
from bot.matrix.app import MatrixBot
from tests.synapse import Account, Synapse

_names = itertools.count(1)


def bot_settings(synapse: Synapse, account: Account, home: Path) -> Settings:
    return Settings(
        db=home / "werkstatt.db",
        messenger="matrix",
        matrix_homeserver_url=synapse.url,
        matrix_user_id=account.user_id,
        matrix_access_token=account.access_token,
    )


def unique(name: str) -> str:
    """A user name not registered before in this test session."""
    return f"{name}{next(_names)}"


@asynccontextmanager
async def running_matrix_bot(settings: Settings) -> AsyncIterator[MatrixBot]:
    """The Matrix bot in this process until the block ends (first sync done on entry)."""
    bot = MatrixBot(settings, renderer=Renderer(executor=ThreadPoolExecutor(1)))
    stop = asyncio.Event()
    task = asyncio.create_task(bot.run(stop))
    try:
        ready = asyncio.create_task(bot.ready.wait())
        await asyncio.wait({ready, task}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()  # raises what ended it
        assert bot.ready.is_set(), "the Matrix bot did not finish its first sync"
        yield bot
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=60)
