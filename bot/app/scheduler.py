"""Timers and throttled status edits of live sessions, for the messenger adapters.

Everything that must happen later is stored in SQLite (``live_sessions.ends_at``,
``warned_at``, ``version``/``shown_version``); this module only keeps asyncio tasks that act on
it, so after a restart :meth:`LiveScheduler.start` rebuilds them from the database.

* **Timers**: one task per open session with an end: it announces the end ``warn_before``
  seconds early ("Noch 1 Minute") and closes the session at ``ends_at`` (results posted once:
  the close is a conditional update). A timer re-checks the stored end before acting, so a
  moved end or a close by the facilitator wins.
* **Status edits**: a change only bumps the session's version and :meth:`LiveScheduler.poke`s
  it. Per session one worker edits the status message at most once every ``edit_interval``
  seconds, showing whatever the latest state is by then: a burst of 60 presses becomes a few
  edits, and the last state is always shown. Telegram allows about 20 messages and edits per
  minute in a group; one edit every 3 seconds stays within that.

The console needs none of this (it has no group chats).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.app import live
from bot.app.delivery import Courier
from bot.app.links import Links
from dialogs.records import LiveSession
from storage.database import Database

log = logging.getLogger(__name__)

#: Seconds between two edits of one status message.
EDIT_INTERVAL = 3.0
#: Seconds before the end that the end is announced.
WARN_BEFORE = 60.0


class LiveScheduler:
    """The live sessions' timers and status edits in this process."""

    def __init__(
        self,
        db: Database,
        courier: Courier,
        *,
        links: Links,
        edit_interval: float = EDIT_INTERVAL,
        warn_before: float = WARN_BEFORE,
    ) -> None:
        self.db = db
        self.courier = courier
        self.links = links
        self.edit_interval = edit_interval
        self.warn_before = warn_before
        self._timers: dict[int, tuple[datetime, asyncio.Task[None]]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._dirty: set[int] = set()
        self._last_edit: dict[int, float] = {}
        self._stopped = False

    async def start(self) -> int:
        """Re-schedule every open session (after a restart); returns how many are open."""
        async with self.db.read() as tx:
            sessions = await tx.live.open_sessions()
        for session in sessions:
            self._arm(session)
            if session.version > session.shown_version:
                self.poke([session.id])
        return len(sessions)

    def poke(self, session_ids: Iterable[int]) -> None:
        """These sessions changed (committed): refresh their status, (re)arm their timers."""
        if self._stopped:
            return
        for session_id in session_ids:
            self._dirty.add(session_id)
            if session_id not in self._workers:
                self._workers[session_id] = asyncio.create_task(self._work(session_id))

    @property
    def timers(self) -> dict[int, datetime]:
        """Session id → the end its timer waits for."""
        return {session_id: end for session_id, (end, _) in self._timers.items()}

    async def idle(self) -> None:
        """Wait until no status edit is pending (for tests and shutdown)."""
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)

    async def stop(self) -> None:
        """Cancel every task; the database keeps what they would have done."""
        self._stopped = True
        tasks = [task for _, task in self._timers.values()] + list(self._workers.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._timers.clear()
        self._workers.clear()

    # -- status edits -----------------------------------------------------------------------

    async def _work(self, session_id: int) -> None:
        try:
            while session_id in self._dirty and not self._stopped:
                self._dirty.discard(session_id)
                async with self.db.read() as tx:
                    session = await tx.live.get(session_id)
                if session is None:
                    continue
                self._arm(session)  # at once: a moved end must not wait for the throttle
                if session.version <= session.shown_version:
                    continue
                last = self._last_edit.get(session_id)
                if last is not None:
                    wait = last + self.edit_interval - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                self._dirty.discard(session_id)  # what came meanwhile is shown now, too
                try:
                    session, ids = await live.refresh_status(self.db, session_id, self.links)
                except Exception:
                    log.exception("live session %s: status refresh failed", session_id)
                    continue
                if ids:
                    self._last_edit[session_id] = time.monotonic()
                    await self.courier.submit(ids)
                if session is not None and not session.is_open:
                    self._last_edit.pop(session_id, None)
        finally:
            self._workers.pop(session_id, None)

    # -- timers -----------------------------------------------------------------------------

    def _arm(self, session: LiveSession) -> None:
        current = self._timers.get(session.id)
        if not session.is_open or session.ends_at is None:
            if current is not None:
                current[1].cancel()
                del self._timers[session.id]
            return
        if current is not None:
            if current[0] == session.ends_at and not current[1].done():
                return
            current[1].cancel()
        task = asyncio.create_task(
            self._timer(session.id, session.ends_at, warned=session.warned_at is not None)
        )
        self._timers[session.id] = (session.ends_at, task)

    async def _timer(self, session_id: int, ends_at: datetime, *, warned: bool) -> None:
        try:
            if not warned:
                await self._sleep_until(ends_at - timedelta(seconds=self.warn_before))
                # Late (e.g. restarted just before the end): an announcement would be wrong.
                if self._seconds_until(ends_at) >= self.warn_before / 2:
                    await self.courier.submit(await live.warn(self.db, session_id, ends_at))
            await self._sleep_until(ends_at)
            ids = await live.close_by_timer(self.db, session_id, ends_at, self.links)
            await self.courier.submit(ids)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("live session %s: timer failed", session_id)
        finally:
            current = self._timers.get(session_id)
            if current is not None and current[1] is asyncio.current_task():
                del self._timers[session_id]

    def _seconds_until(self, moment: datetime) -> float:
        return (moment - self.db.now()).total_seconds()

    async def _sleep_until(self, moment: datetime) -> None:
        """Sleep until ``moment`` by the database's clock."""
        delay = self._seconds_until(moment)
        if delay > 0:
            await asyncio.sleep(delay)
