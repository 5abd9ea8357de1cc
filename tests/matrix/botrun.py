"""The Matrix bot, run by the tests against the test homeserver."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from bot import health
from bot.app.rendering import Renderer
from bot.config import Settings
from bot.matrix.app import MatrixBot
from tests.botprocess import BotProcess
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


class MatrixBotProcess(BotProcess):
    """``werkstatt run --messenger matrix`` in a subprocess, for tests that kill it."""

    def __init__(self, settings: Settings, log_file: Path) -> None:
        super().__init__(None, settings.db, "", log_file)  # type: ignore[arg-type]
        self.settings = settings

    def command(self) -> list[str]:
        return [sys.executable, "-m", "bot.cli", "--db", str(self.db), "run"]

    def environment(self) -> dict[str, str]:
        token = self.settings.matrix_access_token
        assert token is not None
        return super().environment() | {
            "WERKSTATT_MESSENGER": "matrix",
            "MATRIX_HOMESERVER_URL": self.settings.matrix_homeserver_url or "",
            "MATRIX_USER_ID": self.settings.matrix_user_id or "",
            "MATRIX_ACCESS_TOKEN": token.get_secret_value(),
        }

    async def start(self, timeout: float = 60) -> None:  # noqa: ASYNC109
        """Start the bot and wait until it finished a sync (its heartbeat file is new)."""
        assert not self.running, "the bot process is already running"
        beat = health.heartbeat_path(self.db)
        beat.unlink(missing_ok=True)
        self.starts += 1
        with self.log_file.open("ab") as log:
            self.proc = subprocess.Popen(  # noqa: ASYNC220 - Popen does not block
                self.command(),
                cwd=self.db.parent,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + timeout
        while not beat.exists():
            if self.proc.poll() is not None:
                raise AssertionError(f"the bot exited with {self.proc.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                await self.kill9()
                raise AssertionError(f"the bot did not sync within {timeout}s:\n{self.log()}")
            await asyncio.sleep(0.1)
