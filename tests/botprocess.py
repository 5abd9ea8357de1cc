"""The real bot as a separate process, for tests that kill it the hard way; and a look into
its database from outside.

The fake Bot API server (:class:`tests.fakeapi.FakeBotApi`) runs in the test's event loop, so
everything here waits asynchronously: a blocking wait would stall the server the bot talks to
(a clean shutdown, for example, confirms the last offset with one more ``getUpdates``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.fakeapi import FakeBotApi

#: The project root: the subprocess runs with it as working directory and on ``sys.path``.
ROOT = Path(__file__).resolve().parent.parent


class BotProcess:
    """``werkstatt run`` in a subprocess against a fake server; stderr goes to a file."""

    def __init__(
        self, api: FakeBotApi, db: Path, token: str, log_file: Path, *, log_level: str = "INFO"
    ) -> None:
        self.api = api
        self.log_level = log_level
        self.db = db
        self.token = token
        self.log_file = log_file
        self.proc: subprocess.Popen[bytes] | None = None
        #: Helper processes seen (the renderer's pool) as (pid, start time), to reap them.
        self.children: set[tuple[int, str]] = set()
        self.starts = 0

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "bot.cli", "--db", str(self.db),
            "run", "--token", self.token, "--api-base-url", self.api.base_url,
        ]  # fmt: skip

    def environment(self) -> dict[str, str]:
        env = {
            name: value
            for name, value in os.environ.items()
            # Nothing of the caller's bot configuration may leak into the test.
            if not name.startswith(("TELEGRAM_", "WERKSTATT_"))
        }
        env |= {
            "PTB_TIMEDELTA": "true",
            "WERKSTATT_LOG_LEVEL": self.log_level,
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        }
        return env

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int:
        assert self.proc is not None, "the bot process was never started"
        return self.proc.pid

    def log(self) -> str:
        """Everything the process(es) wrote to stderr so far."""
        return (
            self.log_file.read_text(encoding="utf-8", errors="replace")
            if self.log_file.exists()
            else ""
        )

    async def start(self, timeout: float = 20) -> None:  # noqa: ASYNC109
        """Start the bot and wait until it polls (it has opened the db and sent what was left)."""
        assert not self.running, "the bot process is already running"
        polls_before = len(self.api.calls_to("getUpdates"))
        self.starts += 1
        with self.log_file.open("ab") as log:
            log.write(f"--- start {self.starts} ---\n".encode())
            log.flush()
            self.proc = subprocess.Popen(  # noqa: ASYNC220 - Popen does not block
                self.command(),
                cwd=self.db.parent,  # no .env of the project is picked up
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + timeout
        while len(self.api.calls_to("getUpdates")) <= polls_before:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"the bot exited with {self.proc.returncode} before polling:\n{self.log()}"
                )
            if time.monotonic() > deadline:
                await self.kill9()
                raise AssertionError(f"the bot did not poll within {timeout}s:\n{self.log()}")
            with contextlib.suppress(AssertionError):
                await self.api.wait_for(
                    lambda: len(self.api.calls_to("getUpdates")) > polls_before, timeout=0.2
                )

    async def kill9(self) -> None:
        """Kill the bot with SIGKILL, as a crash or power loss would, and reap it."""
        assert self.proc is not None and self.proc.poll() is None, "the bot is not running"
        self._remember_children()
        os.kill(self.proc.pid, signal.SIGKILL)
        code = await self._wait(10)
        assert code == -signal.SIGKILL, f"unexpected exit code {code}"

    async def stop(self, timeout: float = 20) -> int:  # noqa: ASYNC109
        """Shut down cleanly with SIGTERM; returns the exit code (asserted to be 0)."""
        assert self.proc is not None and self.proc.poll() is None, "the bot is not running"
        self._remember_children()
        self.proc.send_signal(signal.SIGTERM)
        code = await self._wait(timeout)
        assert code == 0, f"the bot exited with {code}:\n{self.log()}"
        return code

    async def wait_exit(self, timeout: float = 20) -> int:  # noqa: ASYNC109
        """Wait for the process to end by itself; returns its exit code."""
        assert self.proc is not None, "the bot process was never started"
        self._remember_children()
        return await self._wait(timeout)

    async def close(self) -> None:
        """Cleanup for a test that failed half-way: kill what is still running."""
        if self.running:
            with contextlib.suppress(Exception):
                await self.kill9()
        await self.reap_children()

    async def _wait(self, timeout: float) -> int:  # noqa: ASYNC109
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while (code := self.proc.poll()) is None:
            if time.monotonic() > deadline:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError(f"the bot did not exit within {timeout}s:\n{self.log()}")
            await asyncio.sleep(0.02)
        return code

    def _remember_children(self) -> None:
        """Record the process's children (pool workers) from /proc, where available."""
        task_dir = Path(f"/proc/{self.pid}/task")
        with contextlib.suppress(OSError):
            for task in task_dir.iterdir():
                for pid in (task / "children").read_text().split():
                    if (started := _start_time(int(pid))) is not None:
                        self.children.add((int(pid), started))

    async def reap_children(self, timeout: float = 5) -> list[int]:  # noqa: ASYNC109
        """Wait for recorded helper processes to end; kill (by pid) those that do not.

        Returns the pids that had to be killed – they outlived their parent.
        """
        deadline = time.monotonic() + timeout
        alive = self._alive_children()
        while alive and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            alive = self._alive_children()
        for pid in alive:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return alive

    def _alive_children(self) -> list[int]:
        """Recorded helpers still running (same pid *and* start time: no reused pid)."""
        return [pid for pid, started in self.children if _start_time(pid) == started]


def _start_time(pid: int) -> str | None:
    """A live (non-zombie) process's start time from /proc, or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] == "Z" else fields[19]


# --------------------------------------------------------------------------------------------
# The bot's database, seen from outside (works while the bot runs: WAL mode)
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def read_only(db: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the bot's database."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
        conn.row_factory = sqlite3.Row
        yield conn


async def eventually(predicate: Callable[[], object], timeout: float = 10) -> None:  # noqa: ASYNC109
    """Poll ``predicate`` until it holds – for database state, which
    :meth:`FakeBotApi.wait_for` cannot observe (it re-checks only on API activity)."""
    async with asyncio.timeout(timeout):
        while not predicate():  # noqa: ASYNC110 - nothing to wait on but the clock
            await asyncio.sleep(0.05)
